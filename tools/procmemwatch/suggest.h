/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: --suggest-policy, the rules that would have allowed what was denied */

#ifndef PMW_SUGGEST_H
#define PMW_SUGGEST_H

#include "event.h"
#include "output.h"

struct pmw_suggest;

struct pmw_suggest *pmw_suggest_new(void);
/* Takes an event that passed the filters (a struct pmw_run's collect). */
void pmw_suggest_add(void *suggest, const struct pmw_event *ev);
/*
 * Prints the rules on o->out, each in the policy file's canonical form,
 * what each comes from and what gave none on stderr, and frees it. exe=
 * paths are looked up under root (NULL: this machine's /). Returns 0, or
 * 1 when the rules would not fit in one write (then none is printed).
 */
int pmw_suggest_print(struct pmw_suggest *s, const struct pmw_output *o, const char *root);

#endif /* PMW_SUGGEST_H */
