/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: what main() drives, sources and filters */

#ifndef PMW_READER_H
#define PMW_READER_H

#include <stdint.h>
#include <stdio.h>

#include "event.h"

#define PMW_EVENTS_FILE	"/sys/kernel/security/procmemwatch/events"
#define PMW_STATS_FILE	"/sys/kernel/security/procmemwatch/stats"

/* All must match; lost-event notices always pass (filter.c). */
struct pmw_filter {
	long long pid, target;		/* -1: any */
	const char *comm;		/* NULL: any */
	uint64_t seq_first, seq_last;	/* inclusive */
	long long since_ns, until_ns;	/* CLOCK_REALTIME, inclusive */
	uint64_t routes;		/* bit N: route N passes; 0: any */
	const char *container;		/* either side's container or pod; NULL: any */
	int cross;			/* only accesses across pid namespaces */
};

void pmw_filter_init(struct pmw_filter *f);
int pmw_filter_match(const struct pmw_filter *f, const struct pmw_event *ev);

struct pmw_run {
	const struct pmw_filter *filter;
	const struct pmw_output *out;
	int raw;	/* write the records unchanged */
	int verbose;	/* say what was skipped, and why */
};

/*
 * Decodes, filters and prints the binary records read from fd. live: fd
 * is the events file, whose every read() returns whole records. Returns
 * 0, or 1 after bad input or a read or write error.
 */
int pmw_read_records(int fd, const char *name, int live, const struct pmw_run *r);

/* The same for an audit log. */
int pmw_read_audit(FILE *in, const char *name, const struct pmw_run *r);

/* Makes SIGINT and SIGTERM end a --follow after what was read is printed. */
void pmw_stop_on_signals(void);

/* Prints the stats file read from in, each counter explained (stats.c). */
int pmw_print_stats(FILE *in, const char *name, FILE *out);

#endif /* PMW_READER_H */
