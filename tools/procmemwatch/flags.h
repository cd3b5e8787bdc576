/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: open flags by name */

#ifndef PMW_FLAGS_H
#define PMW_FLAGS_H

#include <stddef.h>

#include "event.h"

/* The access mode and a name for each of 32 bits, at the most. */
#define PMW_FLAGS_MAX	33

struct pmw_flag_names {
	const char *name[PMW_FLAGS_MAX];	/* the access mode first, then each flag */
	size_t count;
	char unknown[32][12];			/* "0x4000": bit N, of a newer kernel */
};

/* The names of ev's open flags into *f, which they point into. */
void pmw_flag_names(const struct pmw_event *ev, struct pmw_flag_names *f);

#endif /* PMW_FLAGS_H */
