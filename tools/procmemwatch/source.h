/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: reading the events file or a capture */

#ifndef PMW_SOURCE_H
#define PMW_SOURCE_H

#include <stdio.h>

#include "cursor.h"
#include "filter.h"
#include "host.h"
#include "output.h"
#include "user.h"

#define PMW_EVENTS_FILE	"/sys/kernel/security/procmemwatch/events"

struct pmw_run {
	const struct pmw_filter *filter;
	const struct pmw_output *out;
	const struct pmw_host *host;	/* of events whose source names none; NULL: none */
	enum pmw_names names;		/* where the events' user names come from */
	struct pmw_cursor *cursor;	/* the events file's, kept current; NULL: none */
	const char *output_file;	/* reopened on SIGHUP; NULL: standard output */
	int follow;	/* wait for more input at its end (signals.c is set up) */
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

/* An event that passed the filters: printed, or collected for a table or rules. */
static inline void pmw_deliver(const struct pmw_run *r, const struct pmw_event *ev)
{
	if (r->collect)
		r->collect(r->ctx, ev);
	else
		pmw_print(r->out, ev);
}

#endif /* PMW_SOURCE_H */
