// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the audit log line parser and every output format, the
 * journal entry parser (journalctl -o json) on the same lines, and the
 * --since/--until time parser.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit.h"
#include "../journal.h"
#include "../output.h"
#include "../timestamp.h"

static void print_all(struct pmw_output *o, const struct pmw_event *ev, unsigned long n)
{
	int fmt;

	for (fmt = PMW_FMT_HUMAN; fmt <= PMW_FMT_TRACEE; fmt++) {
		o->format = fmt;
		o->time_style = n & 2 ? PMW_TIME_ISO : PMW_TIME_DEFAULT;
		o->utc = (int)(n & 1);
		pmw_print(o, ev);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pmw_journal_entry entry;
	static FILE *null;
	char *text = malloc(size + 1), *line, *next;
	struct pmw_output o;
	struct pmw_event ev;
	unsigned long n = 0;
	long long ns;
	char why[160];
	int utc, other;

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
		if (pmw_audit_parse_line(line, "fuzz", ++n, &ev, why, sizeof(why)) > 0)
			print_all(&o, &ev, n);
		if (!pmw_journal_json(&entry, line, strlen(line), why, sizeof(why)) &&
		    pmw_journal_event(&entry, "fuzz", n, &ev, why, sizeof(why), &other) > 0)
			print_all(&o, &ev, n);
	}
	free(text);
	return 0;
}
