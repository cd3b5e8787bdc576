/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: accesses without a file, reported as their system call
 * returns
 */

#ifndef _SECURITY_PROCMEMWATCH_NOTE_H
#define _SECURITY_PROCMEMWATCH_NOTE_H

#include <linux/sched.h>
#include <linux/types.h>

#include "record.h"

/**
 * struct pmw_note - an access without a file, noted by the hook that
 *	judged it and reported as its task leaves the kernel
 * @work: the task work that reports it
 * @target: the target, as the hook saw it
 * @mono_ns: CLOCK_MONOTONIC time of the check
 * @real_ns: CLOCK_REALTIME time of the check
 * @begun_seq: the number of the begun record of a process_vm call, or 0
 * @tracee: for a ptrace attach, the thread attached to, referenced
 * @route: PMW_ROUTE_*
 * @info: PMW_INFO_* bits known at the check
 * @access: PMW_ACCESS_* bits
 * @exempt: whether the caller may change the settings
 * @denied: whether procmemwatch refused it
 * @pending: whether @work is queued
 */
struct pmw_note {
	struct callback_head work;
	struct pmw_target target;
	u64 mono_ns;
	u64 real_ns;
	u64 begun_seq;
	struct pid *tracee;
	u32 route;
	u32 info;
	u16 access;
	bool exempt;
	bool denied;
	bool pending;
};

int pmw_note_access(struct task_struct *target, u32 route);

#endif /* _SECURITY_PROCMEMWATCH_NOTE_H */
