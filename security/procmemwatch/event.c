// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: an event for each open of a mem file or of /proc/kcore,
 * and for each access that opens no file (route.c)
 *
 * The event of an open is started when it starts (file_open), while the file's
 * path is at hand, and finished once the outcome is known: in
 * file_post_open for an open that completed, or in file_free_security for
 * one that failed after procmemwatch saw it (the ptrace check in mem_open,
 * a later LSM, O_DIRECT). Both run in the opening task, so the event in
 * progress waits in that task's security blob: no list, no lock, no key
 * but the task itself. The target is named when the event is finished,
 * from the memory the descriptor actually reaches.
 */

#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/lsm_hooks.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/proc_fs.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uidgid.h>
#include <asm/syscall.h>

#include "procmemwatch.h"

/* The longest string kept in a record; longer ones keep their tail. */
#define PMW_STRING_MAX	256

/**
 * struct pmw_event - an event whose open has not finished yet
 * @file: the file being opened; only compared, never dereferenced
 * @pid: the target's pid, referenced
 * @used: bytes of @rec in use, strings included
 * @rec: the record
 * @space: room for the strings
 */
struct pmw_event {
	const struct file *file;
	struct pid *pid;
	u32 used;
	struct pmw_open_record rec;
	char space[PMW_RECORD_MAX - sizeof(struct pmw_open_record)];
};

struct lsm_blob_sizes pmw_blob_sizes __ro_after_init = {
	.lbs_task = sizeof(struct pmw_task),
};

static struct kmem_cache *pmw_event_cache __ro_after_init;

struct pmw_event_stats pmw_event_stats;

/*
 * On while any task has an event in progress, and for a second after the
 * last one, so that the hooks that run on every open and release of any
 * file skip over a no-op, rather than load a count, while there are none.
 * The second spares a burst of opens a patch of the kernel's text for
 * each; the first event after a quiet second waits for one.
 */
DEFINE_STATIC_KEY_DEFERRED_FALSE(pmw_events_live, HZ);

/*
 * Tasks with an event in progress: while the branch above is on, the
 * hooks look at this count before they look into the current task.
 */
atomic_t pmw_events_in_progress ____cacheline_aligned_in_smp;

static void pmw_put_string(struct pmw_event *ev, struct pmw_string *str,
			   const char *s, size_t len)
{
	if (len > PMW_STRING_MAX) {
		s += len - PMW_STRING_MAX;
		len = PMW_STRING_MAX;
		ev->rec.info |= PMW_INFO_TRUNCATED;
	}
	str->offset = ev->used;
	str->len = len;
	memmove((char *)&ev->rec + ev->used, s, len);
	ev->used += len;
}

/* A path longer than PMW_STRING_MAX: resolved in a scratch buffer, tail kept. */
static void pmw_put_long_path(struct pmw_event *ev, struct pmw_string *str,
			      const struct path *path)
{
	char *scratch = kmalloc(PATH_MAX, GFP_KERNEL);
	char *p;

	ev->rec.info |= PMW_INFO_TRUNCATED;
	if (!scratch)
		return;
	p = d_path(path, scratch, PATH_MAX);
	if (!IS_ERR(p))
		pmw_put_string(ev, str, p, strlen(p));
	kfree(scratch);
}

/* Resolves the path straight into the record's free space. */
static void pmw_put_path(struct pmw_event *ev, struct pmw_string *str,
			 const struct path *path)
{
	char *room = (char *)&ev->rec + ev->used;
	char *p = d_path(path, room, PMW_STRING_MAX + 1);

	if (PTR_ERR_OR_ZERO(p) == -ENAMETOOLONG)
		pmw_put_long_path(ev, str, path);
	else if (IS_ERR(p))
		ev->rec.info |= PMW_INFO_TRUNCATED;
	else
		pmw_put_string(ev, str, p, room + PMW_STRING_MAX - p);
}

static void pmw_put_file_path(struct pmw_event *ev, struct pmw_string *str,
			      struct file *file)
{
	if (file) {
		pmw_put_path(ev, str, &file->f_path);
		fput(file);
	}
}

/* The open flags the caller asked for, in the record's portable bits. */
static u32 pmw_open_flags(const struct file *file)
{
	static const struct {
		u32 o_flag;
		u32 pmw_flag;
	} map[] = {
		{ O_CREAT, PMW_OPEN_CREAT },
		{ O_EXCL, PMW_OPEN_EXCL },
		{ O_NOCTTY, PMW_OPEN_NOCTTY },
		{ O_TRUNC, PMW_OPEN_TRUNC },
		{ O_APPEND, PMW_OPEN_APPEND },
		{ O_NONBLOCK, PMW_OPEN_NONBLOCK },
		{ O_DSYNC, PMW_OPEN_DSYNC },
		{ __O_SYNC, PMW_OPEN_SYNC },
		{ O_DIRECT, PMW_OPEN_DIRECT },
		{ O_LARGEFILE, PMW_OPEN_LARGEFILE },
		{ O_NOFOLLOW, PMW_OPEN_NOFOLLOW },
		{ O_NOATIME, PMW_OPEN_NOATIME },
	};
	/*
	 * Most opens ask for none of these (the access mode is not among
	 * them, and the kernel adds O_LARGEFILE itself on 64-bit): the
	 * loop ends once every flag asked for has been looked at.
	 */
	u32 asked = file->f_flags & ~O_ACCMODE;
	u32 flags = 0;
	int i;

	if (force_o_largefile())
		asked &= ~O_LARGEFILE;
	for (i = 0; asked && i < ARRAY_SIZE(map); i++) {
		if (asked & map[i].o_flag)
			flags |= map[i].pmw_flag;
		asked &= ~map[i].o_flag;
	}
	return flags;
}

/*
 * io_uring opens from its workers, or first inline from io_uring_enter(2)
 * with O_NONBLOCK added when the caller did not ask for it.
 */
static bool pmw_io_uring_worker(void)
{
	return current->flags & PF_IO_WORKER;
}

static bool pmw_io_uring_inline(void)
{
	return !(current->flags & (PF_KTHREAD | PF_IO_WORKER)) &&
	       syscall_get_nr(current, current_pt_regs()) ==
	       __NR_io_uring_enter;
}

static void pmw_start_file(struct pmw_event *ev, struct file *file,
			   struct pid *pid, bool thread)
{
	struct pmw_open_record *rec = &ev->rec;
	struct task_struct *task;

	rec->flags = file->f_flags;
	rec->open_flags = pmw_open_flags(file);
	if (pmw_io_uring_worker()) {
		rec->info |= PMW_INFO_IO_URING;
	} else if (pmw_io_uring_inline()) {
		rec->info |= PMW_INFO_IO_URING;
		rec->open_flags &= ~PMW_OPEN_NONBLOCK;
	}
	if (file->f_mode & FMODE_READ)
		rec->access |= PMW_ACCESS_READ;
	if (file->f_mode & FMODE_WRITE)
		rec->access |= PMW_ACCESS_WRITE;
	if (thread)
		rec->info |= PMW_INFO_THREAD_DIR;
	pmw_put_path(ev, &rec->path, &file->f_path);
	if (!pid)
		return;
	rec->target_ns_pid = pid_nr_ns(pid, proc_pid_ns(file_inode(file)->i_sb));
	rec->target_tid = pid_nr(pid);
	rcu_read_lock();
	task = pid_task(pid, PIDTYPE_PID);
	rec->target_pid = task ? task_tgid_nr(task) : thread ? 0 : pid_nr(pid);
	rcu_read_unlock();
}

/* The task's spare event, or a new one; its record empty, of @route. */
static struct pmw_event *pmw_event_alloc(u32 route)
{
	struct pmw_task *pt = pmw_task(current);
	struct pmw_event *ev = pt->spare;

	pt->spare = NULL;
	if (!ev)
		ev = kmem_cache_alloc(pmw_event_cache, GFP_KERNEL);
	if (!ev)
		return NULL;
	memset(&ev->rec, 0, sizeof(ev->rec));
	ev->file = NULL;
	ev->pid = NULL;
	ev->used = sizeof(ev->rec);
	ev->rec.hdr.type = PMW_RECORD_OPEN;
	ev->rec.hdr.version = PMW_OPEN_RECORD_VERSION;
	ev->rec.route = route;
	return ev;
}

/* A mem file has the pid of its directory; /proc/kcore has none. */
static u32 pmw_file_route(struct pid *pid)
{
	return pid ? PMW_ROUTE_MEM : PMW_ROUTE_KCORE;
}

static struct pmw_event *pmw_event_start(struct file *file, struct pid *pid,
					 bool thread)
{
	struct pmw_event *ev = pmw_event_alloc(pmw_file_route(pid));

	if (!ev)
		return NULL;
	ev->file = file;
	ev->pid = get_pid(pid);
	ev->rec.mono_ns = ktime_get_ns();
	/* The same instant on the real clock, without reading the clock again. */
	ev->rec.real_ns = ktime_mono_to_real(ns_to_ktime(ev->rec.mono_ns));
	pmw_start_file(ev, file, pid, thread);
	return ev;
}

/*
 * Command names are copied without task_lock(), as mainline's
 * get_task_comm() does since 6.13: a name being renamed at that instant
 * may come out torn, never unterminated. __set_task_comm() pads the name
 * with zeros, so a plain copy of all of it is padded too.
 */
static void pmw_copy_comm(char *comm, const struct task_struct *task)
{
	memcpy(comm, task->comm, TASK_COMM_LEN);
	comm[TASK_COMM_LEN - 1] = '\0';
}

/*
 * A kuid is the id in the initial user namespace, which maps every id to
 * itself: what from_kuid(&init_user_ns, ...) returns, without walking its
 * map on each event.
 */
static u32 pmw_uid(kuid_t uid)
{
	return __kuid_val(uid);
}

/*
 * Returns the opener's executable, referenced, for pmw_fill_target(): the
 * file it exec'd, which the policy judges it by, rather than the mm's
 * exe_file, which it may have pointed elsewhere with prctl(PR_SET_MM).
 */
static struct file *pmw_fill_opener(struct pmw_event *ev)
{
	struct pmw_open_record *rec = &ev->rec;
	const struct cred *cred = current_cred();
	struct file *exe;

	rec->pid = task_tgid_nr(current);
	rec->tid = task_pid_nr(current);
	rec->ns_pid = task_tgid_vnr(current);
	rcu_read_lock();
	rec->ppid = task_tgid_nr(rcu_dereference(current->real_parent));
	rcu_read_unlock();
	rec->uid = pmw_uid(cred->uid);
	rec->euid = pmw_uid(cred->euid);
	rec->loginuid = pmw_uid(audit_get_loginuid(current));
	rec->sessionid = audit_get_sessionid(current);
	pmw_copy_comm(rec->comm, current);
	exe = pmw_task(current)->exec_file;
	exe = exe ? get_file(exe) : get_task_exe_file(current);
	if (exe)
		pmw_put_path(ev, &rec->exe, &exe->f_path);
	return exe;
}

/*
 * @mm is the memory the descriptor reaches, when the open completed: its
 * executable names the target even if the task has exec'd since. When
 * that is the opener's executable (always, for a self-open), the record
 * names it once for both.
 */
static void pmw_fill_target(struct pmw_event *ev, struct task_struct *task,
			    struct mm_struct *mm, const struct file *opener_exe)
{
	struct pmw_open_record *rec = &ev->rec;
	struct task_struct *tracer;
	struct file *exe;

	rcu_read_lock();
	rec->target_uid = pmw_uid(task_uid(task));
	tracer = ptrace_parent(task);
	if (tracer && same_thread_group(tracer, current))
		rec->info |= PMW_INFO_TRACER;
	rcu_read_unlock();
	if (same_thread_group(task, current))
		rec->info |= PMW_INFO_SELF;
	rec->info |= pmw_context_crossing(current, task);
	pmw_copy_comm(rec->target_comm, task);
	exe = mm ? get_mm_exe_file(mm) : get_task_exe_file(task);
	if (exe && exe == opener_exe) {
		rec->target_exe = rec->exe;
		fput(exe);
	} else {
		pmw_put_file_path(ev, &rec->target_exe, exe);
	}
}

/* A cgroup's path, at most @cap bytes of its tail, in the record. */
static void pmw_put_cgroup(struct pmw_event *ev, struct pmw_string *str,
			   struct cgroup *cgrp, u32 cap)
{
	char *room = (char *)&ev->rec + ev->used;
	char *start;

	if (!cgrp)
		return;
	if (!cap) {
		ev->rec.info |= PMW_INFO_TRUNCATED;
		return;
	}
	if (pmw_cgroup_path(cgrp, room, cap, &start))
		ev->rec.info |= PMW_INFO_TRUNCATED;
	pmw_put_string(ev, str, start, room + cap - start);
}

/*
 * The two cgroup paths come last and share what room the other strings
 * left: each gets at most half of it, or PMW_STRING_MAX, and the target's
 * what the opener's did not use. One cgroup is named once for both.
 */
static void pmw_put_cgroups(struct pmw_event *ev, struct cgroup *cgrp,
			    struct cgroup *target_cgrp)
{
	pmw_put_cgroup(ev, &ev->rec.cgroup, cgrp,
		       min((PMW_RECORD_MAX - ev->used) / 2, PMW_STRING_MAX));
	if (target_cgrp && target_cgrp == cgrp)
		ev->rec.target_cgroup = ev->rec.cgroup;
	else
		pmw_put_cgroup(ev, &ev->rec.target_cgroup, target_cgrp,
			       min(PMW_RECORD_MAX - ev->used, PMW_STRING_MAX));
}

/*
 * Sets or takes the event in progress in a task, keeping pmw_events_live
 * on and pmw_events_in_progress counting while it is. Setting it may wait
 * for the kernel's text to be patched, which only the file_open hook,
 * where sleeping is allowed, does; taking it never waits.
 */
static void pmw_task_hold_event(struct pmw_task *pt, struct pmw_event *ev)
{
	static_branch_deferred_inc(&pmw_events_live);
	pt->event = ev;
	atomic_inc(&pmw_events_in_progress);
}

static struct pmw_event *pmw_task_take_event(struct pmw_task *pt)
{
	struct pmw_event *ev = pt->event;

	pt->event = NULL;
	atomic_dec(&pmw_events_in_progress);
	static_branch_slow_dec_deferred(&pmw_events_live);
	return ev;
}

/*
 * Keeps the memory of a finished event for the task's next one. Only the
 * task itself uses its blob, until pmw_event_task_free().
 */
static void pmw_event_release(struct pmw_event *ev)
{
	struct pmw_task *pt = pmw_task(current);

	if (pt->spare)
		kmem_cache_free(pmw_event_cache, ev);
	else
		pt->spare = ev;
}

/* Numbers a finished event, hands it to readers and audit, and frees it. */
static void pmw_event_publish(struct pmw_event *ev, u16 outcome, u32 error)
{
	ev->rec.outcome = outcome;
	ev->rec.error = error;
	/* The bytes up to the next multiple of 8 go to readers too. */
	memset((char *)&ev->rec + ev->used, 0, ALIGN(ev->used, 8) - ev->used);
	ev->rec.hdr.size = ALIGN(ev->used, 8);
	switch (outcome) {
	case PMW_OUTCOME_OPENED:
		atomic64_inc(&pmw_event_stats.opened);
		break;
	case PMW_OUTCOME_REFUSED:
		atomic64_inc(&pmw_event_stats.refused);
		break;
	case PMW_OUTCOME_DENIED:
		atomic64_inc(&pmw_event_stats.denied);
		break;
	default:
		atomic64_inc(&pmw_event_stats.failed);
		break;
	}
	if (ev->rec.info & PMW_INFO_WOULD_DENY)
		atomic64_inc(&pmw_event_stats.would_deny);
	if (!(ev->rec.info & PMW_INFO_SELF) || pmw_self_open_admit(&ev->rec)) {
		pmw_ring_commit(&pmw_events, &ev->rec.hdr);
		pmw_audit_open(&ev->rec);
	}
	put_pid(ev->pid);
	pmw_event_release(ev);
}

/*
 * Notes where the target runs, after the opener's context is noted: a
 * task that opened its own memory runs where it does.
 */
static struct cgroup *pmw_note_target(struct pmw_event *ev,
				      struct task_struct *task,
				      struct cgroup *cgrp)
{
	struct cgroup *target_cgrp;

	if (task == current) {
		ev->rec.target_cgroup_id = ev->rec.cgroup_id;
		ev->rec.target_ns = ev->rec.ns;
		return pmw_cgroup_get(cgrp);
	}
	task_lock(task);
	target_cgrp = pmw_context_note(task, &ev->rec.target_cgroup_id,
				       &ev->rec.target_ns);
	task_unlock(task);
	return target_cgrp;
}

static void pmw_event_commit(struct pmw_event *ev, u16 outcome, u32 error,
			     struct mm_struct *mm)
{
	struct file *opener_exe = pmw_fill_opener(ev);
	struct cgroup *cgrp, *target_cgrp = NULL;
	struct task_struct *task = NULL;

	cgrp = pmw_context_note(current, &ev->rec.cgroup_id, &ev->rec.ns);
	if (ev->pid)
		task = get_pid_task(ev->pid, PIDTYPE_PID);
	if (task) {
		pmw_fill_target(ev, task, mm, opener_exe);
		target_cgrp = pmw_note_target(ev, task, cgrp);
		put_task_struct(task);
	}
	if (opener_exe)
		fput(opener_exe);
	pmw_put_cgroups(ev, cgrp, target_cgrp);
	pmw_cgroup_put(cgrp);
	pmw_cgroup_put(target_cgrp);
	pmw_event_publish(ev, outcome, error);
}

/**
 * pmw_event_dropped - number and report an access that could not be
 *	reported in full
 * @task: the task that made the access
 * @reason: PMW_DROPPED_*
 * @target_pid: the thread whose memory it was, 0 if unknown
 * @route: PMW_ROUTE_*
 *
 * Never sleeps.
 */
void pmw_event_dropped(struct task_struct *task, u32 reason, u32 target_pid,
		       u32 route)
{
	struct pmw_dropped_record rec = {
		.hdr.size = sizeof(rec),
		.hdr.type = PMW_RECORD_DROPPED,
		.hdr.version = PMW_DROPPED_RECORD_VERSION,
		.reason = reason,
		.pid = task_tgid_nr(task),
		.tid = task_pid_nr(task),
		.uid = pmw_uid(task_uid(task)),
		.target_pid = target_pid,
		.route = route,
	};

	pmw_ring_commit(&pmw_events, &rec.hdr);
	if (reason == PMW_DROPPED_NOMEM)
		atomic64_inc(&pmw_event_stats.dropped_nomem);
	else
		atomic64_inc(&pmw_event_stats.dropped_exit);
}

/*
 * Starts a new event in the current task. A kernel-internal open
 * (dentry_open()) completes without file_post_open: its event is
 * finished when the task's next one starts.
 */
static struct pmw_event *pmw_event_new(struct file *file, struct pid *pid,
				       bool thread)
{
	struct pmw_task *pt = pmw_task(current);
	struct pmw_event *ev;

	if (pt->event)
		pmw_event_commit(pmw_task_take_event(pt), PMW_OUTCOME_OPENED,
				 0, NULL);
	ev = pmw_event_start(file, pid, thread);
	if (!ev)
		pmw_event_dropped(current, PMW_DROPPED_NOMEM, pid_nr(pid),
				  pmw_file_route(pid));
	return ev;
}

/**
 * pmw_event_begin - start the event of an open of a mem file or of
 *	/proc/kcore
 * @file: the file being opened
 * @pid: the pid of the directory a mem file lies in; NULL for /proc/kcore
 * @thread: whether that is a task/<tid> directory
 * @info: PMW_INFO_* bits known before the open, PMW_INFO_WOULD_DENY
 *
 * Called from the file_open hook, where sleeping is allowed. The event
 * waits in the opening task for pmw_event_opened() or pmw_event_freed().
 */
void pmw_event_begin(struct file *file, struct pid *pid, bool thread,
		     u32 info)
{
	struct pmw_event *ev = pmw_event_new(file, pid, thread);

	if (!ev)
		return;
	ev->rec.info |= info;
	pmw_task_hold_event(pmw_task(current), ev);
}

/**
 * pmw_event_denied - report an open that procmemwatch refuses
 * @file: the file whose open the file_open hook is refusing
 * @pid: the pid of the directory a mem file lies in; NULL for /proc/kcore
 * @thread: whether that is a task/<tid> directory
 *
 * The event is finished at once: the open fails with EPERM on return
 * from the hook, before anything else can happen to it.
 */
void pmw_event_denied(struct file *file, struct pid *pid, bool thread)
{
	struct pmw_event *ev = pmw_event_new(file, pid, thread);

	if (ev)
		pmw_event_commit(ev, PMW_OUTCOME_DENIED, EPERM, NULL);
}

/* The event of @file if it is the one in progress in this task. */
static struct pmw_event *pmw_event_take(const struct file *file)
{
	struct pmw_task *pt = pmw_task(current);
	struct pmw_event *ev = pt->event;

	if (likely(!ev) || ev->file != file)
		return NULL;
	return pmw_task_take_event(pt);
}

/**
 * pmw_event_opened - finish the event of a completed open
 * @file: any file whose open just completed
 *
 * Called from the file_post_open hook; does nothing unless @file is the
 * mem file whose event is in progress in this task.
 */
void pmw_event_opened(struct file *file)
{
	struct pmw_event *ev = pmw_event_take(file);

	/* A mem file's private data is the mm it reaches. */
	if (ev)
		pmw_event_commit(ev, PMW_OUTCOME_OPENED, 0,
				 ev->pid ? file->private_data : NULL);
}

/*
 * Why an open failed after file_open, told from what is left: mem_open
 * fails with ESRCH when the target is gone or has no memory (a zombie, a
 * kernel thread), EINTR when a fatal signal interrupted it, and EACCES
 * when the ptrace check refused it; an LSM listed after procmemwatch
 * refuses with EACCES too. A file that did open and then failed was
 * opened with O_DIRECT, which procfs does not support; one that did open
 * without O_DIRECT came from a kernel-internal open (dentry_open()),
 * which has no file_post_open, and is being closed. /proc/kcore refuses
 * an open with EPERM (no CAP_SYS_RAWIO, or the lockdown LSM's refusal),
 * the one failure of its open that is not a lack of memory.
 */
static void pmw_failure(struct pmw_event *ev, const struct file *file,
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
	task = pid_task(ev->pid, PIDTYPE_PID);
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

/**
 * pmw_event_freed - finish the event of an open that failed
 * @file: any file being freed
 *
 * Called from the file_free_security hook. A mem file freed while its
 * event is still in progress in this task never reached file_post_open:
 * its open failed after procmemwatch saw it, or it was a kernel-internal
 * open that is being closed.
 */
void pmw_event_freed(struct file *file)
{
	struct pmw_event *ev = pmw_event_take(file);
	u16 outcome;
	u32 error;

	if (!ev)
		return;
	pmw_failure(ev, file, &outcome, &error);
	pmw_event_commit(ev, outcome, error, NULL);
}

/**
 * pmw_event_access - report an access that opened no file
 * @acc: what the ptrace_access_check hook noted of it
 * @outcome: PMW_OUTCOME_*
 * @error: the errno the call failed with, positive; 0 if it did not
 * @bytes: the bytes a process_vm call moved
 *
 * Called in the task that made the access, where it may sleep, once the
 * call's result is known.
 */
void pmw_event_access(const struct pmw_access *acc, u16 outcome, u32 error,
		      u64 bytes)
{
	struct pmw_event *ev = pmw_event_alloc(acc->route);
	struct pmw_open_record *rec;
	struct file *opener_exe;
	struct cgroup *cgrp;

	if (!ev) {
		pmw_event_dropped(current, PMW_DROPPED_NOMEM, acc->target_tid,
				  acc->route);
		return;
	}
	rec = &ev->rec;
	rec->mono_ns = acc->mono_ns;
	rec->real_ns = acc->real_ns;
	rec->access = acc->access;
	rec->info = acc->info;
	rec->bytes = bytes;
	rec->target_pid = acc->target_pid;
	rec->target_tid = acc->target_tid;
	rec->target_ns_pid = acc->target_ns_pid;
	rec->target_uid = acc->target_uid;
	memcpy(rec->target_comm, acc->target_comm, sizeof(rec->target_comm));
	rec->target_cgroup_id = acc->target_cgroup_id;
	rec->target_ns = acc->target_ns;
	opener_exe = pmw_fill_opener(ev);
	if (acc->target_exe && acc->target_exe == opener_exe)
		rec->target_exe = rec->exe;
	else if (acc->target_exe)
		pmw_put_path(ev, &rec->target_exe, &acc->target_exe->f_path);
	if (opener_exe)
		fput(opener_exe);
	cgrp = pmw_context_note(current, &rec->cgroup_id, &rec->ns);
	pmw_put_cgroups(ev, cgrp, acc->target_cgroup);
	pmw_cgroup_put(cgrp);
	pmw_event_publish(ev, outcome, error);
}

/**
 * pmw_event_task_free - finish the event a dying task left in progress
 * @task: the task being freed
 *
 * Also frees the memory kept for the task's next event. Only a
 * kernel-internal open, which has no file_post_open, can leave an event
 * in progress; its opener is gone, so only a dropped record is left of it.
 */
void pmw_event_task_free(struct task_struct *task)
{
	struct pmw_task *pt = pmw_task(task);
	struct pmw_event *ev;

	if (pt->spare)
		kmem_cache_free(pmw_event_cache, pt->spare);
	if (unlikely(pt->event)) {
		ev = pmw_task_take_event(pt);
		pmw_event_dropped(task, PMW_DROPPED_EXIT, pid_nr(ev->pid),
				  ev->rec.route);
		put_pid(ev->pid);
		kmem_cache_free(pmw_event_cache, ev);
	}
}

/**
 * pmw_event_init - create the cache events are built in
 *
 * Return: 0, or -ENOMEM.
 */
int __init pmw_event_init(void)
{
	pmw_event_cache = KMEM_CACHE(pmw_event, 0);
	return pmw_event_cache ? 0 : -ENOMEM;
}
