// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: the output formats, by name
 *
 * Each format is a file of its own with one entry point (format.h); this
 * table is the only place that knows them all.
 */

#include <string.h>

#include "format.h"

static const struct {
	const char *name;	/* --format's */
	void (*print)(const struct pmw_output *o, const struct pmw_event *ev);
} formats[] = {
	[PMW_FMT_HUMAN] = { "human", pmw_print_human },
	[PMW_FMT_JSON] = { "json", pmw_print_ecs },
	[PMW_FMT_OCSF] = { "ocsf", pmw_print_ocsf },
	[PMW_FMT_TRACEE] = { "tracee", pmw_print_tracee },
};

int pmw_format_parse(const char *name, enum pmw_format *format)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(formats[i].name, name)) {
			*format = i;
			return 0;
		}
	return -1;
}

void pmw_print(const struct pmw_output *o, const struct pmw_event *ev)
{
	if (ev->kind != PMW_EV_UNKNOWN)
		formats[o->format].print(o, ev);
}
