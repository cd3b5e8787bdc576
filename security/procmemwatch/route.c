// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the routes into another process's memory that open no
 * file: process_vm_readv(2), process_vm_writev(2) and a ptrace attach
 *
 * The kernel checks each of them with ptrace_may_access() in
 * PTRACE_MODE_ATTACH_REALCREDS mode, which calls the ptrace_access_check
 * hook with the target's task_lock() held. That mode reaches the hook
 * from a few other system calls too (pidfd_getfd(2), perf_event_open(2)),
 * and a mem file open reaches it in PTRACE_MODE_ATTACH_FSCREDS mode, so
 * the system call being made tells the routes apart: its number, in the
 * calling task's own ABI.
 *
 * Under task_lock() nothing may sleep, and neither the target's
 * executable nor its command name may be taken through the helpers that
 * take that lock again. So the hook judges the access with the policy,
 * notes what only that moment knows (the time, the target's ids, name and
 * executable, read from its mm, which the lock keeps) in the caller's
 * security blob, and queues a task work. The work runs before the
 * caller returns to user space: before a syscall-exit ptrace stop
 * (ptrace_notify() runs it), at the start of signal delivery, before a
 * signal frame is written and before a killed caller exits, or on the
 * way out. Neither route restarts after the check, so the return value
 * in the registers is the call's result. The work builds the event
 * there, where it may sleep.
 */

#include <linux/compat.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/pid_namespace.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/task_stack.h>
#include <linux/task_work.h>
#include <linux/timekeeping.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "procmemwatch.h"

static u32 pmw_route_of(long nr, long readv, long writev, long ptrace)
{
	if (nr == readv)
		return PMW_ROUTE_PROCESS_VM_READV;
	if (nr == writev)
		return PMW_ROUTE_PROCESS_VM_WRITEV;
	if (nr == ptrace)
		return PMW_ROUTE_PTRACE_ATTACH;
	return 0;
}

static u32 pmw_native_route(long nr)
{
	return pmw_route_of(nr, __NR_process_vm_readv, __NR_process_vm_writev,
			    __NR_ptrace);
}

/*
 * The 32-bit ABIs of x86-64 and arm64 have numbers of their own; most
 * other architectures number their compat calls as their native ones.
 * MIPS's o32 and n32 are the exception, not told apart (documented).
 */
static u32 pmw_compat_route(long nr)
{
#if defined(CONFIG_X86_64) && defined(CONFIG_COMPAT)
	if (in_ia32_syscall())
		return pmw_route_of(nr, __NR_ia32_process_vm_readv,
				    __NR_ia32_process_vm_writev,
				    __NR_ia32_ptrace);
	return pmw_route_of(nr, __X32_SYSCALL_BIT | __NR_x32_process_vm_readv,
			    __X32_SYSCALL_BIT | __NR_x32_process_vm_writev,
			    __X32_SYSCALL_BIT | __NR_x32_ptrace);
#elif defined(CONFIG_ARM64) && defined(CONFIG_COMPAT)
	return pmw_route_of(nr, __NR_compat32_process_vm_readv,
			    __NR_compat32_process_vm_writev,
			    __NR_compat32_ptrace);
#else
	return pmw_native_route(nr);
#endif
}

/* The route of the system call the current task is in, or 0. */
static u32 pmw_syscall_route(void)
{
	long nr;

	if (current->flags & (PF_KTHREAD | PF_USER_WORKER))
		return 0;
	nr = syscall_get_nr(current, current_pt_regs());
	if (in_compat_syscall())
		return pmw_compat_route(nr);
	return pmw_native_route(nr);
}

static u16 pmw_route_access(u32 route)
{
	switch (route) {
	case PMW_ROUTE_PROCESS_VM_READV:
		return PMW_ACCESS_READ;
	case PMW_ROUTE_PROCESS_VM_WRITEV:
		return PMW_ACCESS_WRITE;
	default:
		/* A tracer peeks and pokes. */
		return PMW_ACCESS_READ | PMW_ACCESS_WRITE;
	}
}

/* The call's result, read as the task leaves the kernel. */
static void pmw_access_result(const struct pmw_access *acc, u16 *outcome,
			      u32 *error, u64 *bytes)
{
	struct pt_regs *regs = current_pt_regs();
	long err = syscall_get_error(current, regs);

	*bytes = 0;
	*error = -err;
	if (acc->denied) {
		*outcome = PMW_OUTCOME_DENIED;
		*error = EPERM;
	} else if (!err) {
		*outcome = PMW_OUTCOME_OPENED;
		if (acc->route != PMW_ROUTE_PTRACE_ATTACH)
			*bytes = syscall_get_return_value(current, regs);
	} else if (err == -EPERM || err == -EACCES) {
		/* A later LSM's refusal, or a tracee already traced. */
		*outcome = PMW_OUTCOME_REFUSED;
	} else {
		*outcome = PMW_OUTCOME_FAILED;
	}
}

static void pmw_access_release(struct pmw_access *acc)
{
	if (acc->target_exe)
		fput(acc->target_exe);
	acc->target_exe = NULL;
	pmw_cgroup_put(acc->target_cgroup);
	acc->target_cgroup = NULL;
	acc->pending = false;
}

static void pmw_access_finish(struct callback_head *work)
{
	struct pmw_access *acc = container_of(work, struct pmw_access, work);
	u16 outcome;
	u32 error;
	u64 bytes;

	/*
	 * Only a task that dies in the call (an oops) runs the work from
	 * do_exit(), after exit_fs(): no root to name paths from.
	 */
	if (current->flags & PF_EXITING) {
		pmw_event_dropped(current, PMW_DROPPED_EXIT, acc->target_tid,
				  acc->route);
	} else {
		pmw_access_result(acc, &outcome, &error, &bytes);
		pmw_event_access(acc, outcome, error, bytes);
	}
	pmw_access_release(acc);
}

/* Notes, under the target's task_lock(), what only this moment knows. */
static void pmw_access_note(struct pmw_access *acc, struct task_struct *target)
{
	struct task_struct *tracer;

	acc->mono_ns = ktime_get_ns();
	acc->real_ns = ktime_get_real_ns();
	acc->target_pid = task_tgid_nr(target);
	acc->target_tid = task_pid_nr(target);
	acc->target_ns_pid = task_pid_vnr(target);
	rcu_read_lock();
	acc->target_uid = from_kuid(&init_user_ns, task_uid(target));
	tracer = ptrace_parent(target);
	if (tracer && same_thread_group(tracer, current))
		acc->info |= PMW_INFO_TRACER;
	rcu_read_unlock();
	/* Renames take task_lock() too: the name is whole. */
	strscpy_pad(acc->target_comm, target->comm, sizeof(acc->target_comm));
	/* task_lock() keeps ->mm; get_mm_exe_file() only takes RCU. */
	acc->target_exe = target->mm ? get_mm_exe_file(target->mm) : NULL;
	/* It keeps ->nsproxy too; the cgroup's path waits for the work. */
	acc->target_cgroup = pmw_context_note(target, &acc->target_cgroup_id,
					      &acc->target_ns);
	acc->info |= pmw_context_crossing(current, target);
}

/**
 * pmw_access_check - report, and in enforce mode judge, an attach-mode
 *	ptrace check
 * @target: the task whose memory is asked for, its task_lock() held
 *
 * Called from the ptrace_access_check hook for PTRACE_MODE_ATTACH_REALCREDS
 * checks only. Never sleeps, allocates nothing, takes no lock.
 *
 * Return: 0, or -EPERM when enforce mode denies the access.
 */
int pmw_access_check(struct task_struct *target)
{
	struct pmw_access *acc = &pmw_task(current)->access;
	enum pmw_mode mode = pmw_mode_get();
	u32 route = pmw_syscall_route();
	bool allowed, denied;
	u16 access;

	if (!route)
		return 0;
	access = pmw_route_access(route);
	atomic64_inc(&pmw_event_stats.seen[mode]);
	if (mode == PMW_MODE_OFF)
		return 0;
	allowed = pmw_policy_allows(route, access, target);
	denied = !allowed && mode == PMW_MODE_ENFORCE;
	/*
	 * Each of these calls checks once, and its work runs before the
	 * task makes another: a second note has no room, and is counted.
	 */
	if (acc->pending) {
		pmw_event_dropped(current, PMW_DROPPED_NOMEM,
				  task_pid_nr(target), route);
		return denied ? -EPERM : 0;
	}
	acc->route = route;
	acc->access = access;
	acc->denied = denied;
	acc->info = !allowed && mode == PMW_MODE_DETECT ? PMW_INFO_WOULD_DENY : 0;
	pmw_access_note(acc, target);
	init_task_work(&acc->work, pmw_access_finish);
	acc->pending = !task_work_add(current, &acc->work, TWA_RESUME);
	if (!acc->pending) {
		/* Only an exiting task refuses task works. */
		pmw_event_dropped(current, PMW_DROPPED_EXIT, acc->target_tid,
				  route);
		pmw_access_release(acc);
	}
	return denied ? -EPERM : 0;
}
