// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the routes into another process's memory that a ptrace
 * check guards: process_vm_readv(2), process_vm_writev(2) and a ptrace
 * attach; and the exec of a traced task, which hands its tracer a program
 * that never asked to be traced
 *
 * The kernel checks the first three with ptrace_may_access() in
 * PTRACE_MODE_ATTACH_REALCREDS mode, which calls the ptrace_access_check
 * hook with the target's task_lock() held; they are reported as the call
 * returns (note.c). That mode reaches the hook from a few other system
 * calls too (pidfd_getfd(2), which the file receive hook judges;
 * perf_event_open(2) with sigtrap), and a mem file open reaches it in
 * PTRACE_MODE_ATTACH_FSCREDS mode, so the system call being made tells
 * the routes apart: its number, in the calling task's own ABI.
 *
 * A task traced by a parent it asked to (PTRACE_TRACEME), or by a tracer
 * that attached to its previous program, that execs hands the tracer a
 * program that never consented: the exec is judged as an attach by the
 * tracer, and in enforce mode refused unless the tracer may attach; one
 * let through is reported once it commits, an exec that fails before
 * then having reached nothing. Only a tracer whose attach (or traced
 * exec) was seen is one that a tracer rule may hold for.
 */

#include <linux/binfmts.h>
#include <linux/compat.h>
#include <linux/cred.h>
#include <linux/lsm_hooks.h>
#include <linux/pid.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "budget.h"
#include "decide.h"
#include "event.h"
#include "note.h"
#include "ptrace.h"
#include "record.h"
#include "route.h"
#include "setup.h"
#include "task.h"

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
 * MIPS's o32 and n32 are the exception, not told apart.
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

/*
 * process_vm_readv(2), process_vm_writev(2) and a ptrace attach check in
 * PTRACE_MODE_ATTACH_REALCREDS mode; a read-mode check (every ps, every
 * /proc/<pid>/stat) returns after one compare. Called with the target's
 * task_lock() held: never sleeps, allocates nothing, takes no lock but
 * the stream's and the budgets'.
 */
static int pmw_ptrace_access_check(struct task_struct *child, unsigned int mode)
{
	u32 route;

	if (likely((mode & PTRACE_MODE_ATTACH_REALCREDS) !=
		   PTRACE_MODE_ATTACH_REALCREDS))
		return 0;
	route = pmw_syscall_route();
	if (!route)
		return 0;
	return pmw_note_access(child, route);
}

/*
 * The current task asks its parent to trace it: a tracer that was not
 * judged, and not one that procmemwatch saw, until the task's next exec
 * is. Called under tasklist_lock, which task_lock() nests in.
 */
static int pmw_ptrace_traceme(struct task_struct *parent)
{
	task_lock(current);
	pmw_task_set_tracer(current, NULL);
	task_unlock(current);
	return 0;
}

/* The record of a traced exec: the tracer reaches the new program. */
static void pmw_report_traced_exec(struct task_struct *tracer,
				   const struct linux_binprm *bprm, u32 info,
				   u16 outcome)
{
	struct pmw_event *ev = pmw_event_alloc();
	const struct cred *cred;
	struct pmw_target t;

	if (!ev) {
		pmw_event_dropped(tracer, PMW_ROUTE_PTRACE_ATTACH,
				  task_pid_nr(current));
		return;
	}
	pmw_record_start(ev, PMW_ROUTE_PTRACE_ATTACH,
			 pmw_route(PMW_ROUTE_PTRACE_ATTACH)->access, info);
	task_lock(tracer);
	pmw_record_opener(ev, tracer);
	task_unlock(tracer);
	cred = get_task_cred(tracer);
	ev->exempt = pmw_budget_exempt(cred);
	put_cred(cred);
	ev->own_syscall = true;
	pmw_target_note(&t, current, tracer, bprm->file);
	pmw_record_target(ev, &t);
	pmw_event_publish(ev, outcome,
			  outcome == PMW_OUTCOME_DENIED ? EPERM : 0);
}

/* The current task's tracer, referenced, or NULL. */
static struct task_struct *pmw_tracer_get(void)
{
	struct task_struct *tracer;

	rcu_read_lock();
	tracer = ptrace_parent(current);
	if (tracer)
		get_task_struct(tracer);
	rcu_read_unlock();
	return tracer;
}

/*
 * A traced task execs: its tracer gets the new program. Judged as the
 * tracer's attach to it, before the exec's point of no return; one let
 * through waits in the task's blob for the exec to commit.
 */
static int pmw_bprm_creds_for_exec(struct linux_binprm *bprm)
{
	struct pmw_task *pt = pmw_task(current);
	struct task_struct *tracer;
	enum pmw_verdict verdict;
	u32 info = PMW_INFO_TRACED_EXEC;

	/* An exec that failed after it was let through reached nothing. */
	pt->traced_exec = 0;
	if (likely(!(bprm->unsafe & LSM_UNSAFE_PTRACE)))
		return 0;
	tracer = pmw_tracer_get();
	if (!tracer)
		return 0;
	task_lock(tracer);
	verdict = pmw_decide(PMW_ROUTE_PTRACE_ATTACH,
			     pmw_route(PMW_ROUTE_PTRACE_ATTACH)->access,
			     tracer, current, &info);
	task_unlock(tracer);
	if (verdict == PMW_DENY)
		pmw_report_traced_exec(tracer, bprm, info, PMW_OUTCOME_DENIED);
	else if (verdict == PMW_ALLOW)
		pt->traced_exec = info;
	put_task_struct(tracer);
	return verdict == PMW_DENY ? -EPERM : 0;
}

/*
 * The exec let through commits: reported, and its tracer, if it still
 * traces the task (PTRACE_ATTACH waits for the exec, a detach does not),
 * is one a tracer rule may hold for.
 */
static void pmw_bprm_committing_creds(const struct linux_binprm *bprm)
{
	struct pmw_task *pt = pmw_task(current);
	struct task_struct *tracer;
	u32 info = pt->traced_exec;

	if (likely(!info))
		return;
	pt->traced_exec = 0;
	tracer = pmw_tracer_get();
	if (!tracer)
		return;
	pmw_report_traced_exec(tracer, bprm, info, PMW_OUTCOME_OPENED);
	task_lock(current);
	pmw_task_set_tracer(current, task_tgid(tracer));
	task_unlock(current);
	put_task_struct(tracer);
}

static struct security_hook_list pmw_ptrace_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(ptrace_access_check, pmw_ptrace_access_check),
	LSM_HOOK_INIT(ptrace_traceme, pmw_ptrace_traceme),
	LSM_HOOK_INIT(bprm_creds_for_exec, pmw_bprm_creds_for_exec),
	LSM_HOOK_INIT(bprm_committing_creds, pmw_bprm_committing_creds),
};

/**
 * pmw_add_ptrace_hooks - watch the routes a ptrace check guards, and
 *	traced execs
 */
void __init pmw_add_ptrace_hooks(void)
{
	security_add_hooks(pmw_ptrace_hooks, ARRAY_SIZE(pmw_ptrace_hooks),
			   &pmw_lsmid);
}
