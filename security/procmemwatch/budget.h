/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: how many records each user's accesses may have
 */

#ifndef _SECURITY_PROCMEMWATCH_BUDGET_H
#define _SECURITY_PROCMEMWATCH_BUDGET_H

#include <linux/atomic.h>
#include <linux/cred.h>
#include <linux/types.h>
#include <uapi/linux/procmemwatch.h>

/* The highest event_rate and audit_rate accepted. */
#define PMW_RATE_MAX	1000000

/**
 * struct pmw_budget_stats - accesses counted instead of recorded
 * @summarized: accesses counted in a summary record
 * @summary_records: summary records written
 * @audit_suppressed: audit records left out by a user's audit budget
 */
struct pmw_budget_stats {
	atomic64_t summarized;
	atomic64_t summary_records;
	atomic64_t audit_suppressed;
};

extern struct pmw_budget_stats pmw_budget_stats;

void pmw_budget_init(void);
unsigned int pmw_event_rate_get(void);
void pmw_event_rate_set(unsigned int rate);
unsigned int pmw_audit_rate_get(void);
void pmw_audit_rate_set(unsigned int rate);
bool pmw_budget_exempt(const struct cred *cred);
bool pmw_budget_admit(const struct pmw_access_record *rec);
bool pmw_budget_admit_dropped(const struct pmw_dropped_record *rec);
bool pmw_budget_admit_begun(u32 uid);
bool pmw_budget_next_summary(u32 *slot, struct pmw_summary_record *rec);
bool pmw_budget_audit(u32 uid);

#endif /* _SECURITY_PROCMEMWATCH_BUDGET_H */
