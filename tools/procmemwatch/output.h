/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: printing events in the chosen format */

#ifndef PMW_OUTPUT_H
#define PMW_OUTPUT_H

#include <stdio.h>

#include "event.h"
#include "timestamp.h"

enum pmw_format { PMW_FMT_HUMAN, PMW_FMT_JSON, PMW_FMT_OCSF, PMW_FMT_TRACEE };

struct pmw_output {
	FILE *out;
	FILE *err;			/* tracee format: notices of gaps; NULL: none */
	enum pmw_format format;
	int color;
	enum pmw_time_style time_style;	/* human format */
	int utc;			/* human format: UTC, not local time */
};

/* The format named name (--format). Returns 0, or -1 for a name not known. */
int pmw_format_parse(const char *name, enum pmw_format *format);
/* Prints ev in o's format; a record of a type not known is not printed. */
void pmw_print(const struct pmw_output *o, const struct pmw_event *ev);

#endif /* PMW_OUTPUT_H */
