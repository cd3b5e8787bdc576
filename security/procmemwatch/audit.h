/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: audit records
 */

#ifndef _SECURITY_PROCMEMWATCH_AUDIT_H
#define _SECURITY_PROCMEMWATCH_AUDIT_H

#include <linux/atomic.h>
#include <linux/types.h>
#include <uapi/linux/procmemwatch.h>

#include "mode.h"

/**
 * struct pmw_audit_stats - what became of the audit records
 * @emitted: records logged
 * @unavailable: records the audit subsystem could not take (backlog full,
 *	no memory); it counts them as lost too
 */
struct pmw_audit_stats {
	atomic64_t emitted;
	atomic64_t unavailable;
};

extern struct pmw_audit_stats pmw_audit_stats;

void pmw_audit_access(const struct pmw_access_record *rec, bool exempt,
		      bool own_syscall);
void pmw_audit_begun(const struct pmw_begun_record *rec, bool exempt);
void pmw_audit_summary(const struct pmw_summary_record *rec);
void pmw_audit_dropped(const struct pmw_dropped_record *rec);
void pmw_audit_setting(const char *name, const char *old, const char *new);
void pmw_audit_mode(enum pmw_mode old, enum pmw_mode new);
void pmw_audit_policy_load(unsigned int old_rules, unsigned int new_rules,
			   int error, unsigned int line);
void pmw_audit_refresh(unsigned int stale, unsigned int moved);

#endif /* _SECURITY_PROCMEMWATCH_AUDIT_H */
