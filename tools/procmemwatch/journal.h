/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: the kernel's audit records as journald keeps them */

#ifndef PMW_JOURNAL_H
#define PMW_JOURNAL_H

#include <stddef.h>

#include "event.h"

/* The fields of an entry the reader reads; the others are passed over. */
enum pmw_journal_field {
	PMW_J_TRANSPORT, PMW_J_HOSTNAME, PMW_J_BOOT_ID, PMW_J_AUDIT_ID, PMW_J_AUDIT_TYPE,
	PMW_J_SOURCE_TIME, PMW_J_TIME, PMW_J_MESSAGE, PMW_J_NFIELDS,
};

struct pmw_journal_entry {
	struct pmw_bytes field[PMW_J_NFIELDS];	/* p NULL: not in the entry */
	int bad[PMW_J_NFIELDS];	/* given twice, or as several values or none (null) */
	char store[65536];	/* the values, decoded */
	size_t used;
};

/* An empty entry, to fill field by field (journalctl -o export). */
void pmw_journal_begin(struct pmw_journal_entry *e);

/* The field key=val of the entry. Returns 0, or -1 when it does not fit. */
int pmw_journal_field(struct pmw_journal_entry *e, const char *key, size_t klen,
		      const char *val, size_t vlen);

/*
 * The entry a line of journalctl -o json is. Returns 0, or -1 when it is
 * not a JSON object of fields (why says where).
 */
int pmw_journal_json(struct pmw_journal_entry *e, const char *line, size_t len,
		     char *why, size_t wsize);

/*
 * The event an entry is, as audit.c reads the record it holds. Returns 1,
 * 0 for an entry that is no procmemwatch record of the kernel's (why says
 * why; *other_transport is set for one that journald did not take from the
 * kernel's audit), or -1 for a damaged one (said, with lineno: the line
 * of the input that ends it).
 */
int pmw_journal_event(const struct pmw_journal_entry *e, const char *name, unsigned long lineno,
		      struct pmw_event *ev, char *why, size_t wsize, int *other_transport);

#endif /* PMW_JOURNAL_H */
