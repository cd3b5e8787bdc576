// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the files that reach a process's memory, or the kernel's:
 * /proc/<pid>/mem, /proc/<pid>/environ (and those of /proc/<pid>/task/),
 * and /proc/kcore
 *
 * Only file_open runs on every open on the machine: it compares the
 * file's superblock with procfs's, and only for a procfs file whose name
 * has the length of one of those asks procfs which file it is. No lock,
 * no allocation, no path walk. Everything else is called by procfs, for
 * these files only (proc_mem_open, proc_mem_access, proc_mem_release):
 * the opens, reads, writes and releases of every other file pay nothing
 * more, and no file carries a blob of procmemwatch's.
 *
 * An open's record is started in file_open, while the path is at hand,
 * and kept with the opening task until the open's outcome is known: when
 * procfs has opened the file, for an open that got that far; as the task
 * leaves the kernel, for one that failed before (the ptrace check in
 * mem_open, a later LSM). An open that failed in the opener's own open(2)
 * is finished with the errno the call returned; elsewhere (io_uring) the
 * errno is told from what is left, and the record says so.
 *
 * A descriptor that changes hands (SCM_RIGHTS, pidfd_getfd(2), fork, exec,
 * io_uring's fixed files) gives whoever ends up using it the memory its
 * opener reached: the first use by another process, or by the opener's
 * process after an exec, is an access of its own, judged and reported
 * (PMW_INFO_PASSED) when the descriptor is received, or when it is first
 * read or written where no hook saw it arrive: procfs asks before each
 * read or write of these files. Who opened each such file, and who last
 * used it, is kept from procfs's open of it to its release, in a table
 * of the few that are open.
 */

#include <linux/compat.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/hashtable.h>
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
#include <linux/slab.h>
#include <linux/spinlock.h>
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

/**
 * struct pmw_file - what is kept of an open file that reaches memory
 * @node: its place in pmw_open_files
 * @rcu: frees it once no lookup can see it
 * @file: the file, only to be compared
 * @route: PMW_ROUTE_MEM, PMW_ROUTE_ENVIRON or PMW_ROUTE_KCORE
 * @owner: the process that opened the file, referenced
 * @owner_exec: its exec count then: a new program in that process is a
 *	new holder
 * @lock: guards the fields below, which the hooks of different processes
 *	read and write at once
 * @holder: the last other process whose use of the file was judged,
 *	referenced, or NULL
 * @holder_exec: its exec count then
 * @holder_denied: whether it was refused
 */
struct pmw_file {
	struct hlist_node node;
	struct rcu_head rcu;
	const struct file *file;
	u32 route;
	struct pid *owner;
	u64 owner_exec;
	spinlock_t lock;	/* guards the fields below */
	struct pid *holder;
	u64 holder_exec;
	bool holder_denied;
};

/*
 * The open files that reach memory, by address: a few on most machines.
 * Looked up under RCU by a task that holds a reference to the file, which
 * keeps its entry until procfs releases it.
 */
#define PMW_OPEN_FILES_BITS	6
static DEFINE_HASHTABLE(pmw_open_files, PMW_OPEN_FILES_BITS);
static DEFINE_SPINLOCK(pmw_open_files_lock);

static struct pmw_file *pmw_file_find(const struct file *file)
{
	struct pmw_file *pf;

	rcu_read_lock();
	hash_for_each_possible_rcu(pmw_open_files, pf, node, (unsigned long)file)
		if (pf->file == file)
			break;
	rcu_read_unlock();
	return pf;
}

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

/*
 * Why an open failed before procfs opened the file, told from what is
 * left: mem_open fails with ESRCH when the target is gone or has no
 * memory (a zombie, a kernel thread), EINTR when a fatal signal
 * interrupted it, and EACCES when the ptrace check refused it; an LSM
 * listed after procmemwatch refuses with EACCES too. /proc/kcore refuses
 * an open with EPERM (no CAP_SYS_RAWIO, or the lockdown LSM's refusal).
 */
static void pmw_open_guess(const struct pmw_event *ev, u16 *outcome, u32 *error)
{
	struct task_struct *task;
	bool has_mm;

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
 * The current task's open whose record it keeps never reached procfs's
 * open: it failed. As its open(2) returns, the call's result says how;
 * anywhere else, the outcome is told from what is left.
 */
static void pmw_open_failed(struct pmw_task *pt, bool returning)
{
	struct pmw_event *ev = pt->opening;
	u16 outcome;
	u32 error;

	pt->opening = NULL;
	if (returning && pmw_in_open_syscall()) {
		pmw_open_outcome(syscall_get_error(current, current_pt_regs()),
				 &outcome, &error);
	} else {
		pmw_open_guess(ev, &outcome, &error);
		ev->rec.info |= PMW_INFO_GUESSED_ERROR;
	}
	/* As the call returns, its audit event has ended. */
	ev->own_syscall = !returning;
	pmw_open_finish(ev, NULL, outcome, error);
}

/* Runs as the task leaves the kernel, after the open it was queued for. */
static void pmw_open_returned(struct callback_head *work)
{
	struct pmw_task *pt = container_of(work, struct pmw_task, opening_work);

	pt->opening_queued = false;
	if (pt->opening)
		pmw_open_failed(pt, true);
}

/*
 * Keeps the record of an open with the task until procfs opens the file;
 * if it never does, the task work finishes it.
 */
static void pmw_open_keep(struct file *file, struct pmw_event *ev)
{
	struct pmw_task *pt = pmw_task(current);

	pt->opening = ev;
	pt->opening_file = file;
	if (pt->opening_queued)
		return;
	init_task_work(&pt->opening_work, pmw_open_returned);
	if (!task_work_add(current, &pt->opening_work, TWA_RESUME))
		pt->opening_queued = true;
	else	/* A task past its last task work opens nothing: never so. */
		pmw_open_failed(pt, false);
}

/*
 * The open of a file that reaches memory begins: judged, and its record
 * started and kept with the task; a refused one is finished at once.
 */
static int pmw_open_begin(struct file *file, u32 route,
			  const struct proc_mem_file_pids *pids)
{
	struct pmw_task *pt = pmw_task(current);
	struct task_struct *target = NULL;
	u16 access = pmw_file_access(file);
	enum pmw_verdict verdict;
	struct pmw_event *ev;
	u32 info = 0;

	/*
	 * An open this task kept and procfs never opened, and the task has
	 * not left the kernel since (an io_uring submission of several, a
	 * kernel thread): it failed. Settled first, so that procfs's open of
	 * this file, wherever it lies, is never taken for that one's.
	 */
	if (pt->opening)
		pmw_open_failed(pt, false);
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
	pmw_open_keep(file, ev);
out:
	if (target)
		put_task_struct(target);
	return verdict == PMW_DENY ? -EPERM : 0;
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

/*
 * procfs has opened the file: its open worked, but for O_DIRECT, which
 * procfs does not support and the VFS refuses next with EINVAL.
 */
static void pmw_open_opened(struct file *file, struct pmw_event *ev)
{
	/* A mem or environ file's private data is the mm it reaches. */
	struct mm_struct *mm = ev->rec.route == PMW_ROUTE_KCORE ? NULL :
			       file->private_data;

	if ((file->f_flags & O_DIRECT) && !(file->f_mode & FMODE_CAN_ODIRECT))
		pmw_open_finish(ev, mm, PMW_OUTCOME_FAILED, EINVAL);
	else
		pmw_open_finish(ev, mm, PMW_OUTCOME_OPENED, 0);
}

/*
 * Notes who opened the file, whatever the mode, so that a descriptor
 * passed on after the mode changes is known for one.
 */
static int pmw_file_keep(struct file *file)
{
	struct proc_mem_file_pids pids;
	struct pmw_file *pf;

	pf = kzalloc_obj(*pf);
	if (!pf)
		return -ENOMEM;
	pf->file = file;
	pf->route = pmw_file_route(file, &pids);
	pf->owner = get_pid(task_tgid(current));
	pf->owner_exec = current->self_exec_id;
	spin_lock_init(&pf->lock);
	spin_lock(&pmw_open_files_lock);
	hash_add_rcu(pmw_open_files, &pf->node, (unsigned long)file);
	spin_unlock(&pmw_open_files_lock);
	return 0;
}

static int pmw_proc_mem_open(struct file *file)
{
	struct pmw_task *pt = pmw_task(current);
	int err = pmw_file_keep(file);

	/* A failed one stays with the task, finished with the call's errno. */
	if (err)
		return err;
	if (pt->opening && pt->opening_file == file) {
		struct pmw_event *ev = pt->opening;

		pt->opening = NULL;
		pmw_open_opened(file, ev);
	}
	return 0;
}

static void pmw_proc_mem_release(struct file *file)
{
	struct pmw_file *pf;

	spin_lock(&pmw_open_files_lock);
	pf = pmw_file_find(file);
	if (pf)
		hash_del_rcu(&pf->node);
	spin_unlock(&pmw_open_files_lock);
	if (!pf)
		return;
	put_pid(pf->owner);
	put_pid(pf->holder);
	kfree_rcu(pf, rcu);
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
static enum pmw_verdict pmw_passed_judge(struct file *file,
					 const struct pmw_file *pf, u16 access)
{
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
static int pmw_file_used(struct file *file, struct pmw_file *pf, u16 access)
{
	enum pmw_verdict verdict;
	int known;

	if (pmw_file_owner(pf))
		return 0;
	known = pmw_holder_verdict(pf);
	if (known >= 0)
		return known == PMW_DENY ? -EPERM : 0;
	verdict = pmw_passed_judge(file, pf, access);
	if (verdict != PMW_IGNORE)
		pmw_holder_remember(pf, verdict == PMW_DENY);
	return verdict == PMW_DENY ? -EPERM : 0;
}

/* procfs is about to read or write memory through the file. */
static int pmw_proc_mem_access(struct file *file, int mask)
{
	struct pmw_file *pf = pmw_file_find(file);

	if (!pf)
		return 0;
	return pmw_file_used(file, pf, (mask & MAY_READ ? PMW_ACCESS_READ : 0) |
				       (mask & MAY_WRITE ? PMW_ACCESS_WRITE : 0));
}

/* SCM_RIGHTS and pidfd_getfd(2) hand a descriptor over: judged on arrival. */
static int pmw_file_receive(struct file *file)
{
	struct pmw_file *pf;

	if (likely(file_inode(file)->i_sb->s_magic != PROC_SUPER_MAGIC))
		return 0;
	pf = pmw_file_find(file);
	if (!pf)
		return 0;
	return pmw_file_used(file, pf, pmw_file_access(file));
}

static struct security_hook_list pmw_file_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(file_open, pmw_file_open),
	LSM_HOOK_INIT(file_receive, pmw_file_receive),
	LSM_HOOK_INIT(proc_mem_open, pmw_proc_mem_open),
	LSM_HOOK_INIT(proc_mem_access, pmw_proc_mem_access),
	LSM_HOOK_INIT(proc_mem_release, pmw_proc_mem_release),
};

/**
 * pmw_add_file_hooks - watch the files that reach memory
 */
void __init pmw_add_file_hooks(void)
{
	security_add_hooks(pmw_file_hooks, ARRAY_SIZE(pmw_file_hooks),
			   &pmw_lsmid);
}
