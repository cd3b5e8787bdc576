/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: its registration, and the order of its locks
 *
 * Locks, outermost first; a lock is never taken while a later one in
 * this list is held:
 *
 *   pmw_settings_lock (mutex)      writes to the settings (settings.c)
 *   pmw_policy_lock (mutex)        changes to the policy (policy.c)
 *   a task's task_lock()           a target's, while it is noted
 *   a file's pmw_file.lock         its last holder (file.c)
 *   pmw_open_files_lock (spinlock) the open files that reach memory (file.c)
 *   pmw_budget_lock (spinlock)     the budgets (budget.c)
 *   pmw_stream.lock (spinlock)     the stream (ring.c)
 *
 * None is taken in interrupt context, and none disables interrupts.
 */

#ifndef _SECURITY_PROCMEMWATCH_SETUP_H
#define _SECURITY_PROCMEMWATCH_SETUP_H

#include <linux/lsm_hooks.h>

extern bool pmw_initialized;
extern struct lsm_blob_sizes pmw_blob_sizes;
extern const struct lsm_id pmw_lsmid;

#endif /* _SECURITY_PROCMEMWATCH_SETUP_H */
