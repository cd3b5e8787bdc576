/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: --summary, the accesses read, counted like aureport's reports */

#ifndef PMW_SUMMARY_H
#define PMW_SUMMARY_H

#include "event.h"
#include "output.h"

struct pmw_summary;

struct pmw_summary *pmw_summary_new(void);
/* Counts an event that passed the filters (a struct pmw_run's collect). */
void pmw_summary_add(void *summary, const struct pmw_event *ev);
/*
 * Prints the table in o's format (human, or JSON Lines), what it leaves
 * out on stderr, and frees it. Returns 0, or 1 on a write error.
 */
int pmw_summary_print(struct pmw_summary *s, const struct pmw_output *o);

#endif /* PMW_SUMMARY_H */
