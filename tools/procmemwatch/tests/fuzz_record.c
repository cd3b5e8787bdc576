// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the binary record decoder and every output format. */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../output.h"
#include "../record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct pmw_decoder d = { .name = "fuzz" };
	struct pmw_output o;
	struct pmw_event ev;
	size_t off = 0;
	int ok, fmt;

	if (!null)
		null = fopen("/dev/null", "w");
	memset(&o, 0, sizeof(o));
	o.out = null;
	o.err = null;
	o.color = 1;
	while (off < size) {
		size_t used = pmw_decode(&d, data + off, size - off, 1, &ev, &ok);
		if (!used)
			break;
		for (fmt = PMW_FMT_HUMAN; ok && fmt <= PMW_FMT_TRACEE; fmt++) {
			o.format = fmt;
			pmw_print(&o, &ev);
		}
		off += used;
	}
	return 0;
}
