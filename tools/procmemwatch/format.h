/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procmemwatch reader: the formats, one file each, each with one entry
 * point that output.c's table names. None uses another.
 */

#ifndef PMW_FORMAT_H
#define PMW_FORMAT_H

#include "event.h"
#include "output.h"

void pmw_print_human(const struct pmw_output *o, const struct pmw_event *ev);	/* human.c */
void pmw_print_ecs(const struct pmw_output *o, const struct pmw_event *ev);	/* ecs.c */
void pmw_print_ocsf(const struct pmw_output *o, const struct pmw_event *ev);	/* ocsf.c */
void pmw_print_tracee(const struct pmw_output *o, const struct pmw_event *ev);	/* tracee.c */

#endif /* PMW_FORMAT_H */
