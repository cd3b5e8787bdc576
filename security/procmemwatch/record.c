// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the one place where what a route gathered becomes a record
 *
 * Every route builds its record the same way: it starts it when the
 * access starts (the time, the route, the access asked for), notes the
 * file if there is one and the opener at once, while both are at hand,
 * notes the target when it knows which memory was reached, and finishes
 * it once the outcome is known: only then are the executables' and
 * cgroups' paths written, from the references taken when they were
 * noted. Nothing here needs the current task to be the opener after the
 * start, nor its root or working directory: paths are absolute in their
 * mount namespace, so a record can be finished wherever its file is freed,
 * and a chroot cannot rename an executable.
 */

#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uidgid.h>

#include "context.h"
#include "record.h"
#include "route.h"
#include "task.h"

/* The longest string kept in a record; longer ones keep their tail. */
#define PMW_STRING_MAX	256

/**
 * pmw_copy_comm - copy a task's command name into a record
 * @comm: TASK_COMM_LEN bytes
 * @task: any task
 *
 * Without task_lock(), as get_task_comm() does: a name being renamed at
 * that instant may come out torn, never unterminated. __set_task_comm()
 * pads the name with zeros, so a plain copy of all of it is padded too.
 */
void pmw_copy_comm(char *comm, const struct task_struct *task)
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

/* The room for a string: PMW_STRING_MAX, or what is left of the record. */
static u32 pmw_string_room(const struct pmw_event *ev)
{
	return min(PMW_STRING_MAX, PMW_RECORD_MAX - ev->used);
}

static void pmw_put_string(struct pmw_event *ev, struct pmw_string *str,
			   const char *s, size_t len)
{
	u32 room = pmw_string_room(ev);

	if (len > room) {
		s += len - room;
		len = room;
		ev->rec.info |= PMW_INFO_TRUNCATED;
	}
	str->offset = ev->used;
	str->len = len;
	memmove((char *)&ev->rec + ev->used, s, len);
	ev->used += len;
}

/*
 * A path absolute in its mount namespace, whatever the current task's
 * root, or whether it has one left (an exiting task has not). A file of
 * no mount (a memfd, exec'd) is named as d_path() names it, without a
 * root; one whose mount was detached, by its path within its filesystem.
 */
static char *pmw_path_in(const struct path *path, char *buf, int len)
{
	char *p;

	if (path->dentry->d_op && path->dentry->d_op->d_dname)
		return d_path(path, buf, len);
	p = d_absolute_path(path, buf, len);
	if (PTR_ERR_OR_ZERO(p) == -EINVAL)
		p = dentry_path_raw(path->dentry, buf, len);
	return p;
}

/* A path longer than the room left: resolved in a scratch buffer, tail kept. */
static void pmw_put_long_path(struct pmw_event *ev, struct pmw_string *str,
			      const struct path *path, gfp_t gfp)
{
	char *scratch = kmalloc(PATH_MAX, gfp | __GFP_NOWARN);
	char *p;

	ev->rec.info |= PMW_INFO_TRUNCATED;
	if (!scratch)
		return;
	p = pmw_path_in(path, scratch, PATH_MAX);
	if (!IS_ERR(p))
		pmw_put_string(ev, str, p, strlen(p));
	kfree(scratch);
}

/*
 * Resolves the path straight into the record's free space, which has room
 * for its terminating NUL too: the string's room and one byte more, or
 * what is left of the record (one byte less).
 */
static void pmw_put_path(struct pmw_event *ev, struct pmw_string *str,
			 const struct path *path, gfp_t gfp)
{
	u32 size = min(PMW_STRING_MAX + 1, PMW_RECORD_MAX - ev->used);
	char *room = (char *)&ev->rec + ev->used;
	char *p;

	if (!size) {
		ev->rec.info |= PMW_INFO_TRUNCATED;
		return;
	}
	p = pmw_path_in(path, room, size);
	if (PTR_ERR_OR_ZERO(p) == -ENAMETOOLONG)
		pmw_put_long_path(ev, str, path, gfp);
	else if (IS_ERR(p))
		ev->rec.info |= PMW_INFO_TRUNCATED;
	else
		pmw_put_string(ev, str, p, room + size - 1 - p);
}

static void pmw_file_id(struct pmw_file_id *id, const struct file *file)
{
	const struct inode *inode = file_inode(file);

	id->dev_major = MAJOR(inode->i_sb->s_dev);
	id->dev_minor = MINOR(inode->i_sb->s_dev);
	id->ino = inode->i_ino;
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

/**
 * pmw_record_start - start a record: what is asked, and when
 * @ev: an event from pmw_event_alloc()
 * @route: PMW_ROUTE_*
 * @access: PMW_ACCESS_* bits
 * @info: PMW_INFO_* bits known already
 */
void pmw_record_start(struct pmw_event *ev, u32 route, u16 access, u32 info)
{
	struct pmw_access_record *rec = &ev->rec;

	rec->hdr.type = PMW_RECORD_ACCESS;
	rec->hdr.version = 1;
	rec->route = route;
	rec->access = access;
	rec->info = info;
	rec->mono_ns = ktime_get_ns();
	/* The same instant on the real clock, without reading the clock again. */
	rec->real_ns = ktime_mono_to_real(ns_to_ktime(rec->mono_ns));
}

/**
 * pmw_record_file - note the file of a route that has one
 * @ev: the event, started
 * @file: the file, being opened or in use
 * @pids: the processes whose directories it lies in, or NULL when it
 *	reaches no process's memory (/proc/kcore)
 *
 * Writes the file's path first of the strings. The target is named by the
 * directory the file lies in, its process by that directory's process,
 * which stays known when the thread is gone.
 */
void pmw_record_file(struct pmw_event *ev, struct file *file,
		     const struct proc_mem_file_pids *pids)
{
	struct pmw_access_record *rec = &ev->rec;

	rec->flags = file->f_flags;
	rec->open_flags = pmw_open_flags(file);
	/* io_uring's workers and SQPOLL thread open for their ring. */
	if (current->flags & PF_IO_WORKER)
		rec->info |= PMW_INFO_IO_URING;
	pmw_put_path(ev, &rec->path, &file->f_path, GFP_KERNEL);
	if (!pids)
		return;
	if (pids->in_task_dir)
		rec->info |= PMW_INFO_THREAD_DIR;
	rec->target_pid = pid_nr(pids->process);
	rec->target_tid = pid_nr(pids->thread);
	rec->target_ns_pid = pid_nr_ns(pids->thread,
				       proc_pid_ns(file_inode(file)->i_sb));
}

/*
 * The opener's executable: the file it exec'd, else its mm's (kernel
 * threads have none).
 */
static struct file *pmw_opener_exe(struct task_struct *opener)
{
	struct file *exe = pmw_task(opener)->exe.file;

	if (exe)
		return get_file(exe);
	return opener->mm ? get_mm_exe_file(opener->mm) : NULL;
}

/**
 * pmw_record_opener - note the process that makes the access
 * @ev: the event, started
 * @opener: current, or a task whose task_lock() the caller holds
 *
 * Never sleeps.
 */
void pmw_record_opener(struct pmw_event *ev, struct task_struct *opener)
{
	struct pmw_access_record *rec = &ev->rec;
	const struct cred *cred;

	rec->pid = task_tgid_nr(opener);
	rec->tid = task_pid_nr(opener);
	rcu_read_lock();
	rec->ns_pid = task_tgid_nr_ns(opener, task_active_pid_ns(opener));
	rec->ppid = task_tgid_nr(rcu_dereference(opener->real_parent));
	cred = __task_cred(opener);
	rec->uid = pmw_uid(cred->uid);
	rec->euid = pmw_uid(cred->euid);
	rcu_read_unlock();
	rec->loginuid = pmw_uid(audit_get_loginuid(opener));
	rec->sessionid = audit_get_sessionid(opener);
	pmw_copy_comm(rec->comm, opener);
	ev->exe = pmw_opener_exe(opener);
	ev->cgroup = pmw_context_note(opener, &rec->cgroup_id, &rec->ns);
}

/**
 * pmw_target_note - note what is known of a target as its memory is reached
 * @t: where, empty
 * @task: the target, current or a task whose task_lock() the caller holds
 * @opener: the task that reaches it, or NULL when it is not at hand (a
 *	record finished elsewhere): then how the two relate was noted when
 *	the access began
 * @exe: the executable to name it by (the mm a file reaches), or NULL for
 *	its mm's
 *
 * Never sleeps, takes no lock: it runs under the target's task_lock(),
 * which keeps its mm and nsproxy.
 */
void pmw_target_note(struct pmw_target *t, struct task_struct *task,
		     struct task_struct *opener, struct file *exe)
{
	t->pid = task_tgid_nr(task);
	t->tid = task_pid_nr(task);
	t->info = 0;
	t->ns_pid = 0;
	rcu_read_lock();
	if (opener)
		t->ns_pid = task_pid_nr_ns(task, task_active_pid_ns(opener));
	t->uid = pmw_uid(task_uid(task));
	rcu_read_unlock();
	if (opener)
		t->info = pmw_context_crossing(opener, task) |
			  (same_thread_group(task, opener) ? PMW_INFO_SELF : 0);
	pmw_copy_comm(t->comm, task);
	if (exe)
		t->exe = get_file(exe);
	else
		t->exe = task->mm ? get_mm_exe_file(task->mm) : NULL;
	t->cgroup = pmw_context_note(task, &t->cgroup_id, &t->ns);
}

/**
 * pmw_target_put - drop what a note holds, if it was not recorded
 * @t: the note
 */
void pmw_target_put(struct pmw_target *t)
{
	if (t->exe)
		fput(t->exe);
	t->exe = NULL;
	pmw_cgroup_put(t->cgroup);
	t->cgroup = NULL;
}

/**
 * pmw_record_target - move a target's note into the record
 * @ev: the event
 * @t: the note; the record holds its references from now on
 *
 * A route with a file names the target by the file's directories already.
 */
void pmw_record_target(struct pmw_event *ev, struct pmw_target *t)
{
	struct pmw_access_record *rec = &ev->rec;

	if (!(pmw_route(rec->route)->flags & PMW_ROUTE_FILE)) {
		rec->target_pid = t->pid;
		rec->target_tid = t->tid;
		rec->target_ns_pid = t->ns_pid;
	}
	rec->target_uid = t->uid;
	rec->info |= t->info;
	memcpy(rec->target_comm, t->comm, sizeof(rec->target_comm));
	rec->target_cgroup_id = t->cgroup_id;
	rec->target_ns = t->ns;
	ev->target_exe = t->exe;
	ev->target_cgroup = t->cgroup;
	t->exe = NULL;
	t->cgroup = NULL;
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
static void pmw_put_cgroups(struct pmw_event *ev)
{
	struct pmw_access_record *rec = &ev->rec;

	pmw_put_cgroup(ev, &rec->cgroup, ev->cgroup,
		       min((PMW_RECORD_MAX - ev->used) / 2, PMW_STRING_MAX));
	if (ev->target_cgroup && ev->target_cgroup == ev->cgroup)
		rec->target_cgroup = rec->cgroup;
	else
		pmw_put_cgroup(ev, &rec->target_cgroup, ev->target_cgroup,
			       min(PMW_RECORD_MAX - ev->used, PMW_STRING_MAX));
}

/*
 * The executables' paths and numbers; the target's shares the opener's
 * bytes if it is its.
 */
static void pmw_put_exes(struct pmw_event *ev, gfp_t gfp)
{
	struct pmw_access_record *rec = &ev->rec;

	if (ev->exe) {
		pmw_file_id(&rec->exe_id, ev->exe);
		pmw_put_path(ev, &rec->exe, &ev->exe->f_path, gfp);
	}
	if (!ev->target_exe)
		return;
	pmw_file_id(&rec->target_exe_id, ev->target_exe);
	if (ev->exe && file_inode(ev->exe) == file_inode(ev->target_exe))
		rec->target_exe = rec->exe;
	else
		pmw_put_path(ev, &rec->target_exe, &ev->target_exe->f_path, gfp);
}

/**
 * pmw_record_finish - write the strings that wait for the end, and let go
 *	of what they were written from
 * @ev: the event, its opener and target noted
 *
 * Never sleeps.
 */
void pmw_record_finish(struct pmw_event *ev)
{
	pmw_put_exes(ev, GFP_NOWAIT);
	pmw_put_cgroups(ev);
	if (ev->exe)
		fput(ev->exe);
	if (ev->target_exe)
		fput(ev->target_exe);
	pmw_cgroup_put(ev->cgroup);
	pmw_cgroup_put(ev->target_cgroup);
	put_pid(ev->target);
	ev->exe = NULL;
	ev->target_exe = NULL;
	ev->cgroup = NULL;
	ev->target_cgroup = NULL;
	ev->target = NULL;
}
