// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the one place where an access is judged
 *
 * Every route asks here, with the opener and the target it found, and
 * acts on the verdict: in mode off an access is only counted; a process
 * may always reach its own memory; otherwise the policy decides, and what
 * it refuses, enforce mode refuses and detect mode reports as what enforce
 * would refuse (PMW_INFO_WOULD_DENY). Nothing here sleeps or takes a lock
 * of its own: it runs under a task_lock() on the routes without a file.
 */

#include <linux/cred.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <uapi/linux/procmemwatch.h>

#include "decide.h"
#include "exe.h"
#include "policy.h"
#include "task.h"

/* Accesses seen, indexed by the mode they were seen in. */
atomic64_t pmw_seen[PMW_MODE_COUNT];

/*
 * pmw_is_tracer - whether a task is another's tracer, by an attach
 * @opener: the would-be tracer
 * @target: the task it reaches
 *
 * A parent that its child asked, with PTRACE_TRACEME, to trace it is the
 * child's tracer, but not one that procmemwatch saw attach and judged:
 * until the child's next exec is, that tracer is not one a rule allows.
 * Only compares pointers: no lock is needed, though a concurrent attach
 * or detach may or may not be seen.
 *
 * Return: true if @opener's thread group traces @target by an attach.
 */
static bool pmw_is_tracer(struct task_struct *opener,
			  struct task_struct *target)
{
	struct task_struct *tracer;
	bool is;

	rcu_read_lock();
	tracer = ptrace_parent(target);
	is = tracer && same_thread_group(tracer, opener) &&
	     READ_ONCE(pmw_task(target)->attached_by) == task_tgid(opener);
	rcu_read_unlock();
	return is;
}

/**
 * pmw_decide - judge an access to a process's memory, or the kernel's
 * @route: PMW_ROUTE_*, the way in
 * @access: PMW_ACCESS_* bits asked for
 * @opener: the task that makes the access: current, or a task whose
 *	task_lock() the caller holds
 * @target: the task whose memory it is, kept by the caller; NULL for
 *	/proc/kcore
 * @info: PMW_INFO_* bits the verdict comes with are added to it: SELF,
 *	TRACER, UNTRUSTED_EXE, WOULD_DENY
 *
 * Counts the access in the current mode.
 *
 * Return: what to do with it.
 */
enum pmw_verdict pmw_decide(u32 route, u16 access, struct task_struct *opener,
			    struct task_struct *target, u32 *info)
{
	const struct pmw_exe *exe = &pmw_task(opener)->exe;
	enum pmw_mode mode = pmw_mode_get();
	struct pmw_subject s = {
		.exe = pmw_exe_identity(exe),
		.access = access,
		.route = route,
	};

	atomic64_inc(&pmw_seen[mode]);
	if (mode == PMW_MODE_OFF)
		return PMW_IGNORE;
	if (target && same_thread_group(target, opener)) {
		*info |= PMW_INFO_SELF;
		return PMW_ALLOW;
	}
	rcu_read_lock();
	s.uid = task_uid(opener);
	rcu_read_unlock();
	s.tracer = target && pmw_is_tracer(opener, target);
	if (s.tracer)
		*info |= PMW_INFO_TRACER;
	/* A program a rule names, from an exec that could have been tampered with. */
	if (exe->file && !s.exe && pmw_policy_names(file_inode(exe->file)))
		*info |= PMW_INFO_UNTRUSTED_EXE;
	if (pmw_policy_allows(&s))
		return PMW_ALLOW;
	if (mode == PMW_MODE_ENFORCE)
		return PMW_DENY;
	*info |= PMW_INFO_WOULD_DENY;
	return PMW_ALLOW;
}
