/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: user names for uids */

#ifndef PMW_USER_H
#define PMW_USER_H

#include <stdint.h>

#include "event.h"

/* Where an event's user names come from (--names). */
enum pmw_names {
	PMW_NAMES_LOG,		/* as the source gives them: auditd's ENRICHED fields */
	PMW_NAMES_LOCAL,	/* this machine's /etc/passwd */
	PMW_NAMES_NONE,		/* none: numbers */
};

/* The --names word s. Returns 0, or -1 for a word not known. */
int pmw_names_parse(const char *s, enum pmw_names *names);

/* Sets, or clears, ev's user names as how says. */
void pmw_name_users(struct pmw_event *ev, enum pmw_names how);

/*
 * The uid of the user name in this machine's /etc/passwd (as --names=local
 * reads it). Returns 0, or -1 when it has none.
 */
int pmw_user_uid(const char *name, uint32_t *uid);

#endif /* PMW_USER_H */
