/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: reading the events file, a capture or an audit log */

#ifndef PMW_SOURCE_H
#define PMW_SOURCE_H

#include <stdio.h>

#include "filter.h"
#include "output.h"

#define PMW_EVENTS_FILE	"/sys/kernel/security/procmemwatch/events"

struct pmw_run {
	const struct pmw_filter *filter;
	const struct pmw_output *out;
	int raw;	/* write the records unchanged */
	int verbose;	/* say what was skipped, and why */
	/* Given each event that passes the filters instead of printing it; NULL: print. */
	void (*collect)(void *ctx, const struct pmw_event *ev);
	void *ctx;
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

#endif /* PMW_SOURCE_H */
