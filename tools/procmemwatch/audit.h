/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: events from audit logs */

#ifndef PMW_AUDIT_H
#define PMW_AUDIT_H

#include <stddef.h>

#include "event.h"

/*
 * Parses one audit log line. Returns 1 and fills ev for a procmemwatch
 * record the kernel wrote, 0 for any other line (why[0..wsize) says why
 * it was skipped), -1 for a damaged record (reported on stderr with its
 * line number). Strings point into line and into a buffer that the next
 * call reuses.
 */
int pmw_audit_parse_line(const char *line, const char *name, unsigned long lineno,
			 struct pmw_event *ev, char *why, size_t wsize);

/*
 * Is line an audit record at all, of any type and writer, as auditd or
 * the kernel console writes one? Tells an audit log from other text.
 */
int pmw_audit_is_record(const char *line);

#endif /* PMW_AUDIT_H */
