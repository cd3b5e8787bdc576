/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: reading an audit log, or a journal's audit entries */

#ifndef PMW_AUDITLOG_H
#define PMW_AUDITLOG_H

#include "source.h"

/*
 * Decodes, filters and prints the procmemwatch records of the audit log or
 * journal export at path ("-": standard input); from_end: only what is
 * written after it started. Returns 0, or 1 after bad input, input that is
 * no audit log, or a read or write error.
 */
int pmw_read_audit(const char *path, int from_end, const struct pmw_run *r);

#endif /* PMW_AUDITLOG_H */
