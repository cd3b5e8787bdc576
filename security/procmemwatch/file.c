// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the files that reach a process's memory, or the kernel's:
 * /proc/<pid>/mem, /proc/<pid>/environ (and those of /proc/<pid>/task/),
 * and /proc/kcore
 *
 * The hooks run on every open and release on the machine. The open hook
 * compares the file's superblock with procfs's, and only for a procfs
 * file whose name has the length of one of those asks procfs which file
 * it is; the other hooks test one field of the file's blob, set only for
 * those files. No lock, no allocation, no path walk.
 *
 * An open's record is started in the open hook, while the path is at
 * hand, and kept with the file until the open's outcome is known: in
 * file_post_open for an open that completed; when the file is freed for
 * one that failed after procmemwatch saw it (the ptrace check in mem_open,
 * a later LSM, O_DIRECT) or that has no file_post_open (dentry_open(), as
 * fanotify opens its event descriptors) — in whatever task frees it, which
 * may be exiting: finishing a record needs nothing of the current task.
 * An open that failed in the opener's own open(2) is finished as the call
 * returns, with the errno it returned; elsewhere the errno is told from
 * what is left, and the record says so.
 *
 * A descriptor that changes hands (SCM_RIGHTS, pidfd_getfd(2), fork, exec,
 * io_uring's fixed files) gives whoever ends up using it the memory its
 * opener reached: the first use by another process, or by the opener's
 * process after an exec, is an access of its own, judged and reported
 * (PMW_INFO_PASSED) when the descriptor is received, or when it is first
 * read or written where no hook saw it arrive: procfs asks before each
 * read or write of these files (proc_mem_access), and the reads and writes
 * of every other file call nothing of procmemwatch's.
 */

#include <linux/compat.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/lsm_hooks.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/task_work.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "budget.h"
#include "context.h"
#include "decide.h"
#include "event.h"
#include "file.h"
#include "record.h"
#include "task.h"

static u16 pmw_file_access(const struct file *file)
{
	return (file->f_mode & FMODE_READ ? PMW_ACCESS_READ : 0) |
	       (file->f_mode & FMODE_WRITE ? PMW_ACCESS_WRITE : 0);
}

/*
 * /proc/kcore lies in procfs's root directory, as no file of a pid does:
 * procfs is asked only about the few files there.
 */
static bool pmw_kcore_file(const struct file *file)
{
	const struct dentry *dentry = file->f_path.dentry;

	return dentry->d_parent == dentry->d_sb->s_root && proc_kcore_file(file);
}

/* The route a procfs file is, 0 for none; @pids set for a process's. */
static u32 pmw_file_route(const struct file *file,
			  struct proc_mem_file_pids *pids)
{
	switch (proc_mem_file(file, pids)) {
	case PROC_MEM_FILE_MEM:
		return PMW_ROUTE_MEM;
	case PROC_MEM_FILE_ENVIRON:
		return PMW_ROUTE_ENVIRON;
	default:
		return pmw_kcore_file(file) ? PMW_ROUTE_KCORE : 0;
	}
}

/* Notes the target in the record, under its task_lock(). */
static void pmw_record_target_task(struct pmw_event *ev, struct task_struct *task,
				   struct task_struct *opener, struct file *exe)
{
	struct pmw_target t;

	task_lock(task);
	pmw_target_note(&t, task, opener, exe);
	task_unlock(task);
	pmw_record_target(ev, &t);
}

/* The record of an access through @file by the current task, started. */
static struct pmw_event *pmw_file_event(struct file *file, u32 route, u16 access,
					u32 info, const struct proc_mem_file_pids *pids)
{
	struct pmw_event *ev = pmw_event_alloc();

	if (!ev) {
		pmw_event_dropped(current, route, pids ? pid_nr(pids->thread) : 0);
		return NULL;
	}
	pmw_record_start(ev, route, access, info);
	pmw_record_file(ev, file, pids);
	pmw_record_opener(ev, current);
	ev->exempt = pmw_budget_exempt(current_cred());
	ev->own_syscall = true;
	return ev;
}

/*
 * The open of a file that reaches memory begins: judged, and its record
 * started and kept with the file; a refused one is finished at once. The
 * file's opener is noted whatever the mode, so that a descriptor passed
 * on after the mode changes is known for one.
 */
static int pmw_open_begin(struct file *file, u32 route,
			  const struct proc_mem_file_pids *pids)
{
	struct pmw_file *pf = pmw_file(file);
	struct task_struct *target = NULL;
	u16 access = pmw_file_access(file);
	enum pmw_verdict verdict;
	struct pmw_event *ev;
	u32 info = 0;

	spin_lock_init(&pf->lock);
	pf->owner = get_pid(task_tgid(current));
	pf->owner_exec = current->self_exec_id;
	pf->route = route;
	if (pids)
		target = get_pid_task(pids->thread, PIDTYPE_PID);
	verdict = pmw_decide(route, access, current, target, &info);
	if (verdict == PMW_IGNORE)
		goto out;
	if (target)
		info |= pmw_context_crossing(current, target);
	ev = pmw_file_event(file, route, access, info, pids);
	if (!ev)
		goto out;
	if (verdict == PMW_DENY) {
		if (target)
			pmw_record_target_task(ev, target, current, NULL);
		pmw_event_publish(ev, PMW_OUTCOME_DENIED, EPERM);
		goto out;
	}
	ev->target = pids ? get_pid(pids->thread) : NULL;
	pf->event = ev;
out:
	if (target)
		put_task_struct(target);
	return verdict == PMW_DENY ? -EPERM : 0;
}

/*
 * Finishes the record of an open: the target is the memory the file
 * reaches, named by the mm a mem or environ file holds once open.
 */
static void pmw_open_finish(struct pmw_event *ev, struct mm_struct *mm,
			    u16 outcome, u32 error)
{
	struct task_struct *task = NULL;
	struct file *exe = NULL;

	if (ev->target)
		task = get_pid_task(ev->target, PIDTYPE_PID);
	if (task) {
		if (mm)
			exe = get_mm_exe_file(mm);
		pmw_record_target_task(ev, task, NULL, exe);
		if (exe)
			fput(exe);
		put_task_struct(task);
	}
	pmw_event_publish(ev, outcome, error);
}

/* Kept apart, so that the hook's path for any other file stays short. */
static noinline int pmw_proc_file_open(struct file *file)
{
	struct proc_mem_file_pids pids;
	u32 route = pmw_file_route(file, &pids);

	if (!route)
		return 0;
	return pmw_open_begin(file, route,
			      route == PMW_ROUTE_KCORE ? NULL : &pids);
}

/*
 * procfs names these files "mem", "environ" and "kcore", and never renames
 * them; a bind mount or another procfs mount reaches the same dentry. So
 * the length of the name passes over nearly every procfs file without a
 * call. It only sorts: procfs's own identities decide.
 */
static bool pmw_watched_name(const struct dentry *dentry)
{
	u32 len = dentry->d_name.len;

	return len == sizeof("mem") - 1 || len == sizeof("kcore") - 1 ||
	       len == sizeof("environ") - 1;
}

static int pmw_file_open(struct file *file)
{
	if (likely(file_inode(file)->i_sb->s_magic != PROC_SUPER_MAGIC))
		return 0;
	if (likely(!pmw_watched_name(file->f_path.dentry)))
		return 0;
	return pmw_proc_file_open(file);
}

static noinline void pmw_open_opened(struct file *file)
{
	struct pmw_file *pf = pmw_file(file);
	struct pmw_event *ev = pf->event;

	pf->event = NULL;
	/* A mem or environ file's private data is the mm it reaches. */
	pmw_open_finish(ev, pf->route == PMW_ROUTE_KCORE ? NULL : file->private_data,
			PMW_OUTCOME_OPENED, 0);
}

static int pmw_file_post_open(struct file *file, int mask)
{
	if (unlikely(pmw_file(file)->event))
		pmw_open_opened(file);
	return 0;
}

/* Whether the current task is in open(2), openat(2), openat2(2) or creat(2). */
static bool pmw_in_open_syscall(void)
{
	long nr;

	if (current->flags & (PF_KTHREAD | PF_USER_WORKER | PF_EXITING) ||
	    in_compat_syscall())
		return false;
	nr = syscall_get_nr(current, current_pt_regs());
#ifdef __NR_open
	if (nr == __NR_open || nr == __NR_creat)
		return true;
#endif
	return nr == __NR_openat || nr == __NR_openat2;
}

/* The outcome of an open that returned @err. */
static void pmw_open_outcome(long err, u16 *outcome, u32 *error)
{
	*error = err < 0 ? -err : 0;
	if (!err)
		*outcome = PMW_OUTCOME_OPENED;
	else if (err == -EACCES || err == -EPERM)
		*outcome = PMW_OUTCOME_REFUSED;
	else
		*outcome = PMW_OUTCOME_FAILED;
}

/* Runs as the open(2) returns: its result is in the registers. */
static void pmw_open_returned(struct callback_head *work)
{
	struct pmw_task *pt = container_of(work, struct pmw_task, failed_work);
	struct pmw_event *ev = pt->failed;
	u16 outcome;
	u32 error;

	pt->failed = NULL;
	pmw_open_outcome(syscall_get_error(current, current_pt_regs()),
			 &outcome, &error);
	/* The call's audit event has ended. */
	ev->own_syscall = false;
	pmw_open_finish(ev, NULL, outcome, error);
}

/*
 * Why an open failed after file_open, told from what is left: mem_open
 * fails with ESRCH when the target is gone or has no memory (a zombie, a
 * kernel thread), EINTR when a fatal signal interrupted it, and EACCES
 * when the ptrace check refused it; an LSM listed after procmemwatch
 * refuses with EACCES too. A file that did open was opened with O_DIRECT,
 * which procfs does not support, or by the kernel itself (dentry_open()),
 * which has no file_post_open and is being closed. /proc/kcore refuses an
 * open with EPERM (no CAP_SYS_RAWIO, or the lockdown LSM's refusal).
 */
static void pmw_open_guess(const struct pmw_event *ev, const struct file *file,
			   u16 *outcome, u32 *error)
{
	struct task_struct *task;
	bool has_mm;

	if (file->f_mode & FMODE_OPENED) {
		bool direct = (file->f_flags & O_DIRECT) &&
			      !(file->f_mode & FMODE_CAN_ODIRECT);

		*outcome = direct ? PMW_OUTCOME_FAILED : PMW_OUTCOME_OPENED;
		*error = direct ? EINVAL : 0;
		return;
	}
	if (ev->rec.route == PMW_ROUTE_KCORE) {
		*outcome = PMW_OUTCOME_REFUSED;
		*error = EPERM;
		return;
	}
	rcu_read_lock();
	task = pid_task(ev->target, PIDTYPE_PID);
	has_mm = task && !(task->flags & PF_KTHREAD) && READ_ONCE(task->mm);
	rcu_read_unlock();
	if (!has_mm) {
		*outcome = PMW_OUTCOME_FAILED;
		*error = ESRCH;
	} else if (fatal_signal_pending(current)) {
		*outcome = PMW_OUTCOME_FAILED;
		*error = EINTR;
	} else {
		*outcome = PMW_OUTCOME_REFUSED;
		*error = EACCES;
	}
}

/*
 * An open whose record is still with its file is being freed. In the
 * opener's own open(2), the record waits for the call's result; anywhere
 * else it is finished now, its outcome told from what is left.
 */
static void pmw_open_unfinished(struct file *file, struct pmw_event *ev)
{
	struct pmw_task *pt = pmw_task(current);
	u16 outcome;
	u32 error;

	if (ev->rec.tid == task_pid_nr(current) && !pt->failed &&
	    pmw_in_open_syscall()) {
		pt->failed = ev;
		init_task_work(&pt->failed_work, pmw_open_returned);
		if (!task_work_add(current, &pt->failed_work, TWA_RESUME))
			return;
		pt->failed = NULL;
	}
	pmw_open_guess(ev, file, &outcome, &error);
	if (outcome != PMW_OUTCOME_OPENED)
		ev->rec.info |= PMW_INFO_GUESSED_ERROR;
	ev->own_syscall = ev->rec.tid == task_pid_nr(current);
	pmw_open_finish(ev, NULL, outcome, error);
}

static noinline void pmw_file_release(struct file *file)
{
	struct pmw_file *pf = pmw_file(file);

	if (pf->event)
		pmw_open_unfinished(file, pf->event);
	pf->event = NULL;
	put_pid(pf->owner);
	put_pid(pf->holder);
}

static void pmw_file_free_security(struct file *file)
{
	if (unlikely(pmw_file(file)->route))
		pmw_file_release(file);
}

/* Whether the current task is the file's opener, as it opened it. */
static bool pmw_file_owner(const struct pmw_file *pf)
{
	return pf->owner == task_tgid(current) &&
	       pf->owner_exec == current->self_exec_id;
}

/*
 * Judges and reports the use of a file by a process that did not open it.
 * Returns the verdict, or PMW_IGNORE when there is nothing to judge.
 */
static enum pmw_verdict pmw_passed_judge(struct file *file, u16 access)
{
	struct pmw_file *pf = pmw_file(file);
	struct proc_mem_file_pids pids, *who = NULL;
	struct task_struct *target = NULL;
	enum pmw_verdict verdict;
	u32 info = PMW_INFO_PASSED;
	struct pmw_event *ev;

	if (pf->route != PMW_ROUTE_KCORE && proc_mem_file(file, &pids)) {
		who = &pids;
		target = get_pid_task(pids.thread, PIDTYPE_PID);
	}
	verdict = pmw_decide(pf->route, access, current, target, &info);
	/* A process given a descriptor of its own memory reaches nothing new. */
	if (verdict == PMW_IGNORE || (info & PMW_INFO_SELF))
		goto out;
	if (target)
		info |= pmw_context_crossing(current, target);
	ev = pmw_file_event(file, pf->route, access, info, who);
	if (!ev)
		goto out;
	if (target) {
		/* The memory the descriptor reaches: its mm, held since it opened. */
		struct mm_struct *mm = file->private_data;
		struct file *exe = mm ? get_mm_exe_file(mm) : NULL;

		pmw_record_target_task(ev, target, current, exe);
		if (exe)
			fput(exe);
	}
	if (verdict == PMW_DENY)
		pmw_event_publish(ev, PMW_OUTCOME_DENIED, EPERM);
	else
		pmw_event_publish(ev, PMW_OUTCOME_OPENED, 0);
out:
	if (target)
		put_task_struct(target);
	return verdict;
}

/* The verdict on a holder judged before, or -1 for a new one. */
static int pmw_holder_verdict(struct pmw_file *pf)
{
	int verdict = -1;

	spin_lock(&pf->lock);
	if (pf->holder == task_tgid(current) &&
	    pf->holder_exec == current->self_exec_id)
		verdict = pf->holder_denied ? PMW_DENY : PMW_ALLOW;
	spin_unlock(&pf->lock);
	return verdict;
}

static void pmw_holder_remember(struct pmw_file *pf, bool denied)
{
	struct pid *old;

	spin_lock(&pf->lock);
	old = pf->holder;
	pf->holder = get_pid(task_tgid(current));
	pf->holder_exec = current->self_exec_id;
	pf->holder_denied = denied;
	spin_unlock(&pf->lock);
	put_pid(old);
}

/*
 * A file that reaches memory is received, read or written by the current
 * task: by its opener, nothing to do; by a holder judged before, the same
 * verdict; by a new one, judged now, once.
 */
static int pmw_file_used(struct file *file, u16 access)
{
	struct pmw_file *pf = pmw_file(file);
	enum pmw_verdict verdict;
	int known;

	if (pmw_file_owner(pf))
		return 0;
	known = pmw_holder_verdict(pf);
	if (known >= 0)
		return known == PMW_DENY ? -EPERM : 0;
	verdict = pmw_passed_judge(file, access);
	if (verdict != PMW_IGNORE)
		pmw_holder_remember(pf, verdict == PMW_DENY);
	return verdict == PMW_DENY ? -EPERM : 0;
}

/* procfs is about to read or write memory through the file. */
static int pmw_proc_mem_access(struct file *file, int mask)
{
	return pmw_file_used(file, (mask & MAY_READ ? PMW_ACCESS_READ : 0) |
				   (mask & MAY_WRITE ? PMW_ACCESS_WRITE : 0));
}

/* SCM_RIGHTS and pidfd_getfd(2) hand a descriptor over: judged on arrival. */
static int pmw_file_receive(struct file *file)
{
	if (likely(!pmw_file(file)->route))
		return 0;
	return pmw_file_used(file, pmw_file_access(file));
}

static struct security_hook_list pmw_file_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(file_open, pmw_file_open),
	LSM_HOOK_INIT(file_post_open, pmw_file_post_open),
	LSM_HOOK_INIT(file_free_security, pmw_file_free_security),
	LSM_HOOK_INIT(file_receive, pmw_file_receive),
	LSM_HOOK_INIT(proc_mem_access, pmw_proc_mem_access),
};

/**
 * pmw_add_file_hooks - watch the files that reach memory
 */
void __init pmw_add_file_hooks(void)
{
	security_add_hooks(pmw_file_hooks, ARRAY_SIZE(pmw_file_hooks),
			   &pmw_lsmid);
}
