// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the audit log line parser and every output format, and
 * the --since/--until time parser on the same lines.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit.h"
#include "../output.h"
#include "../timestamp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	char *text = malloc(size + 1), *line, *next;
	struct pmw_output o;
	struct pmw_event ev;
	unsigned long n = 0;
	long long ns;
	char why[160];
	int fmt, utc;

	if (!null)
		null = fopen("/dev/null", "w");
	memset(&o, 0, sizeof(o));
	o.out = null;
	o.err = null;
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		for (utc = 0; utc <= 1; utc++)
			pmw_parse_time(line, utc, 1795436140972000000LL, &ns);
		if (pmw_audit_parse_line(line, "fuzz", ++n, &ev, why, sizeof(why)) <= 0)
			continue;
		for (fmt = PMW_FMT_HUMAN; fmt <= PMW_FMT_TRACEE; fmt++) {
			o.format = fmt;
			o.time_style = n & 2 ? PMW_TIME_ISO : PMW_TIME_DEFAULT;
			o.utc = (int)(n & 1);
			pmw_print(&o, &ev);
		}
	}
	free(text);
	return 0;
}
