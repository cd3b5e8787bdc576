// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the audit log line parser and every output format. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	char *text = malloc(size + 1), *line, *next;
	struct pmw_output o;
	struct pmw_event ev;
	unsigned long n = 0;
	char why[160];
	int fmt;

	if (!null)
		null = fopen("/dev/null", "w");
	memset(&o, 0, sizeof(o));
	o.out = null;
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (pmw_audit_parse_line(line, "fuzz", ++n, &ev, why, sizeof(why)) <= 0)
			continue;
		for (fmt = PMW_FMT_HUMAN; fmt <= PMW_FMT_OCSF; fmt++) {
			o.format = fmt;
			o.time_style = n & 2 ? PMW_TIME_ISO : PMW_TIME_DEFAULT;
			o.utc = (int)(n & 1);
			pmw_print(&o, &ev);
		}
	}
	free(text);
	return 0;
}
