// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: accesses without a file, reported as their system call
 * returns
 *
 * process_vm_readv(2), process_vm_writev(2), a ptrace attach, a
 * perf_event_open(2) that samples another task and a signal that makes
 * another process dump its core are judged by hooks that run under the
 * target's task_lock(), where nothing may sleep or allocate, and that
 * cannot know the call's result. So the hook notes what only that moment
 * knows in the caller's security blob (a process_vm call's begun record
 * is written there and then, before it copies anything), and queues a
 * task work, which runs as the caller returns to user space (after the
 * syscall-exit ptrace stop), or as it exits. None of these calls restarts
 * after the check, so the return value in the registers is the call's
 * result, unless the caller's own tracer changed it at that stop. The
 * work builds the record there, where it may sleep.
 */

#include <linux/cred.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/task_work.h>
#include <linux/timekeeping.h>
#include <asm/syscall.h>

#include "audit.h"
#include "budget.h"
#include "decide.h"
#include "event.h"
#include "note.h"
#include "record.h"
#include "route.h"
#include "task.h"

/* The process_vm calls copy memory, and return how much. */
static bool pmw_note_copies(u32 route)
{
	return route == PMW_ROUTE_PROCESS_VM_READV ||
	       route == PMW_ROUTE_PROCESS_VM_WRITEV;
}

/* The call's result, read as the task leaves the kernel. */
static void pmw_note_result(const struct pmw_note *note, u16 *outcome,
			    u32 *error, u64 *bytes)
{
	struct pt_regs *regs = current_pt_regs();
	long err = syscall_get_error(current, regs);

	*bytes = 0;
	*error = -err;
	if (note->denied) {
		*outcome = PMW_OUTCOME_DENIED;
		*error = EPERM;
	} else if (!err) {
		*outcome = PMW_OUTCOME_OPENED;
		if (pmw_note_copies(note->route))
			*bytes = syscall_get_return_value(current, regs);
	} else if (err == -EPERM || err == -EACCES) {
		/* A later LSM's refusal, or a tracee already traced. */
		*outcome = PMW_OUTCOME_REFUSED;
	} else {
		*outcome = PMW_OUTCOME_FAILED;
	}
}

static void pmw_note_release(struct pmw_note *note)
{
	pmw_target_put(&note->target);
	put_pid(note->tracee);
	note->tracee = NULL;
	note->pending = false;
}

/*
 * The current task's attach went ahead: it is a tracer that was seen.
 * Noted as the attach returns success, not at its check: an attach
 * refused after the check (the thread is traced already, an LSM after
 * procmemwatch refuses) must not make its caller one.
 */
static void pmw_note_attached(struct pid *tracee)
{
	struct task_struct *task = get_pid_task(tracee, PIDTYPE_PID);

	if (!task)
		return;
	task_lock(task);
	pmw_task_set_tracer(task, task_tgid(current));
	task_unlock(task);
	put_task_struct(task);
}

static void pmw_note_report(struct callback_head *work)
{
	struct pmw_note *note = container_of(work, struct pmw_note, work);
	struct pmw_event *ev;
	u16 outcome;
	u32 error;
	u64 bytes;

	pmw_note_result(note, &outcome, &error, &bytes);
	if (note->tracee && outcome == PMW_OUTCOME_OPENED)
		pmw_note_attached(note->tracee);
	ev = pmw_event_alloc();
	if (!ev) {
		pmw_event_dropped(current, note->route, note->target.tid);
		pmw_note_release(note);
		return;
	}
	pmw_record_start(ev, note->route, note->access, note->info);
	ev->rec.mono_ns = note->mono_ns;
	ev->rec.real_ns = note->real_ns;
	ev->rec.begun_seq = note->begun_seq;
	ev->rec.bytes = bytes;
	ev->exempt = note->exempt;
	pmw_record_opener(ev, current);
	pmw_record_target(ev, &note->target);
	pmw_note_release(note);
	pmw_event_publish(ev, outcome, error);
}

/*
 * A process_vm call that is let through copies once this returns: its
 * begun record is written now, under the target's lock, within its
 * user's budget.
 */
static u64 pmw_note_begun(const struct pmw_note *note)
{
	const struct pmw_target *t = &note->target;
	struct pmw_begun_record rec = {
		.hdr.size = sizeof(rec),
		.hdr.type = PMW_RECORD_BEGUN,
		.hdr.version = 1,
		.mono_ns = note->mono_ns,
		.real_ns = note->real_ns,
		.route = note->route,
		.access = note->access,
		.pid = task_tgid_nr(current),
		.tid = task_pid_nr(current),
		.uid = from_kuid(&init_user_ns, current_uid()),
		.target_pid = t->pid,
		.target_tid = t->tid,
	};

	if (!note->exempt && !pmw_budget_admit_begun(rec.uid))
		return 0;
	pmw_copy_comm(rec.comm, current);
	memcpy(rec.target_comm, t->comm, sizeof(rec.target_comm));
	pmw_event_commit(&rec.hdr);
	atomic64_inc(&pmw_event_stats.begun);
	pmw_audit_begun(&rec, note->exempt);
	return rec.hdr.seq;
}

/*
 * Notes, under the target's task_lock(), what only this moment knows, and
 * queues the report.
 */
static void pmw_note_take(struct pmw_note *note, struct task_struct *target,
			  u32 route, u32 info, enum pmw_verdict verdict)
{
	note->route = route;
	note->access = pmw_route(route)->access;
	note->info = info;
	note->denied = verdict == PMW_DENY;
	note->exempt = pmw_budget_exempt(current_cred());
	note->mono_ns = ktime_get_ns();
	note->real_ns = ktime_mono_to_real(ns_to_ktime(note->mono_ns));
	pmw_target_note(&note->target, target, current, NULL);
	note->tracee = route == PMW_ROUTE_PTRACE_ATTACH && !note->denied ?
		       get_pid(task_pid(target)) : NULL;
	note->begun_seq = 0;
	if (pmw_note_copies(route) && !note->denied)
		note->begun_seq = pmw_note_begun(note);
	init_task_work(&note->work, pmw_note_report);
	note->pending = !task_work_add(current, &note->work, TWA_RESUME);
	if (!note->pending) {
		/* Only an exiting task refuses task works. */
		pmw_event_dropped(current, route, note->target.tid);
		pmw_note_release(note);
	}
}

/**
 * pmw_note_access - judge an access without a file, and note it to be
 *	reported as its system call returns
 * @target: the target
 * @route: PMW_ROUTE_*
 *
 * The caller holds @target's task_lock(), which keeps its mm and nsproxy
 * for the note. Never sleeps, allocates nothing, takes no lock but the
 * stream's and the budgets'.
 *
 * Return: 0, or -EPERM when enforce mode denies the access.
 */
int pmw_note_access(struct task_struct *target, u32 route)
{
	struct pmw_note *note = &pmw_task(current)->note;
	enum pmw_verdict verdict;
	u32 info = 0;

	verdict = pmw_decide(route, pmw_route(route)->access, current, target,
			     &info);
	if (verdict == PMW_IGNORE)
		return 0;
	/*
	 * Each of these calls checks once, and its work runs before the
	 * task makes another: a second note has no room, and is counted.
	 */
	if (note->pending)
		pmw_event_dropped(current, route, task_pid_nr(target));
	else
		pmw_note_take(note, target, route, info, verdict);
	return verdict == PMW_DENY ? -EPERM : 0;
}
