/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: the one place where an access is judged
 */

#ifndef _SECURITY_PROCMEMWATCH_DECIDE_H
#define _SECURITY_PROCMEMWATCH_DECIDE_H

#include <linux/atomic.h>
#include <linux/sched.h>
#include <linux/types.h>

#include "mode.h"

/* What procmemwatch makes of an access. */
enum pmw_verdict {
	PMW_IGNORE,	/* mode off: only counted, nothing reported */
	PMW_ALLOW,	/* reported, and let through */
	PMW_DENY,	/* reported, and refused with EPERM */
};

extern atomic64_t pmw_seen[PMW_MODE_COUNT];

enum pmw_verdict pmw_decide(u32 route, u16 access, struct task_struct *opener,
			    struct task_struct *target, u32 *info);

#endif /* _SECURITY_PROCMEMWATCH_DECIDE_H */
