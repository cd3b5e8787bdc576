/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: open flags by name */

#ifndef PMW_FLAGS_H
#define PMW_FLAGS_H

#include <stdio.h>

#include "event.h"

/* The access mode, then each flag, with sep between them, each in quotes when quote is set. */
void pmw_put_flag_names(FILE *out, const struct pmw_event *ev, const char *sep, int quote);

#endif /* PMW_FLAGS_H */
