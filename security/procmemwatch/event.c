// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: an event for each open of a mem file
 *
 * The event is built when the open starts (file_open), while the file's
 * path and the target are at hand, and is committed once the outcome is
 * known: file_post_open for an open that succeeded, file_free_security for
 * one that was refused after procmemwatch saw it (the ptrace check in
 * mem_open, or a later LSM). Until then it waits in a short list keyed by
 * the file: one entry per mem file open in progress on the machine.
 */

#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/proc_fs.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uidgid.h>

#include "procmemwatch.h"

/* The longest string kept in a record; longer ones keep their tail. */
#define PMW_STRING_MAX	256

/**
 * struct pmw_pending - an event whose open has not finished yet
 * @node: in pmw_pending_list
 * @file: the file being opened; only compared, never dereferenced
 * @used: bytes of @rec in use, strings included
 * @rec: the record
 * @space: room for the strings
 */
struct pmw_pending {
	struct list_head node;
	const struct file *file;
	u32 used;
	struct pmw_open_record rec;
	char space[PMW_RECORD_MAX - sizeof(struct pmw_open_record)];
};

static LIST_HEAD(pmw_pending_list);
static DEFINE_SPINLOCK(pmw_pending_lock);

struct pmw_event_stats pmw_event_stats;

static void pmw_put_string(struct pmw_pending *ev, struct pmw_string *str,
			   const char *s, size_t len)
{
	if (len > PMW_STRING_MAX) {
		s += len - PMW_STRING_MAX;
		len = PMW_STRING_MAX;
		ev->rec.info |= PMW_INFO_TRUNCATED;
	}
	str->offset = ev->used;
	str->len = len;
	memcpy((char *)&ev->rec + ev->used, s, len);
	ev->used += len;
}

static void pmw_put_path(struct pmw_pending *ev, struct pmw_string *str,
			 const struct path *path, char *scratch)
{
	char *p = d_path(path, scratch, PATH_MAX);

	if (IS_ERR(p)) {
		ev->rec.info |= PMW_INFO_TRUNCATED;
		return;
	}
	pmw_put_string(ev, str, p, strlen(p));
}

static void pmw_put_exe(struct pmw_pending *ev, struct pmw_string *str,
			struct task_struct *task, char *scratch)
{
	struct file *exe = get_task_exe_file(task);

	if (!exe)
		return;
	pmw_put_path(ev, str, &exe->f_path, scratch);
	fput(exe);
}

static void pmw_fill_opener(struct pmw_pending *ev, char *scratch)
{
	struct pmw_open_record *rec = &ev->rec;
	const struct cred *cred = current_cred();

	rec->pid = task_tgid_nr(current);
	rec->tid = task_pid_nr(current);
	rec->ns_pid = task_tgid_vnr(current);
	rcu_read_lock();
	rec->ppid = task_tgid_nr(rcu_dereference(current->real_parent));
	rcu_read_unlock();
	rec->uid = from_kuid(&init_user_ns, cred->uid);
	rec->euid = from_kuid(&init_user_ns, cred->euid);
	rec->loginuid = from_kuid(&init_user_ns, audit_get_loginuid(current));
	rec->sessionid = audit_get_sessionid(current);
	get_task_comm(rec->comm, current);
	pmw_put_exe(ev, &rec->exe, current, scratch);
}

static void pmw_fill_target(struct pmw_pending *ev, struct task_struct *task,
			    char *scratch)
{
	struct pmw_open_record *rec = &ev->rec;
	struct task_struct *tracer;

	rec->target_pid = task_tgid_nr(task);
	rec->target_tid = task_pid_nr(task);
	rcu_read_lock();
	rec->target_uid = from_kuid(&init_user_ns, task_uid(task));
	tracer = ptrace_parent(task);
	if (tracer && same_thread_group(tracer, current))
		rec->info |= PMW_INFO_TRACER;
	rcu_read_unlock();
	if (same_thread_group(task, current))
		rec->info |= PMW_INFO_SELF;
	get_task_comm(rec->target_comm, task);
	pmw_put_exe(ev, &rec->target_exe, task, scratch);
}

static void pmw_fill_file(struct pmw_pending *ev, struct file *file,
			  char *scratch)
{
	struct pmw_open_record *rec = &ev->rec;
	struct pid *pid = proc_mem_file_pid(file);

	rec->flags = file->f_flags;
	if (file->f_mode & FMODE_READ)
		rec->access |= PMW_ACCESS_READ;
	if (file->f_mode & FMODE_WRITE)
		rec->access |= PMW_ACCESS_WRITE;
	rec->target_ns_pid = pid_nr_ns(pid, proc_pid_ns(file_inode(file)->i_sb));
	pmw_put_path(ev, &rec->path, &file->f_path, scratch);
}

static struct task_struct *pmw_file_task(struct file *file)
{
	struct task_struct *task;

	rcu_read_lock();
	task = pid_task(proc_mem_file_pid(file), PIDTYPE_PID);
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	return task;
}

static struct pmw_pending *pmw_event_build(struct file *file)
{
	struct task_struct *task;
	struct pmw_pending *ev;
	char *scratch;

	ev = kzalloc(sizeof(*ev), GFP_KERNEL);
	scratch = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!ev || !scratch) {
		kfree(ev);
		kfree(scratch);
		return NULL;
	}
	ev->file = file;
	ev->used = sizeof(ev->rec);
	ev->rec.hdr.type = PMW_RECORD_OPEN;
	ev->rec.hdr.version = 1;
	ev->rec.mono_ns = ktime_get_ns();
	ev->rec.real_ns = ktime_get_real_ns();
	pmw_fill_opener(ev, scratch);
	pmw_fill_file(ev, file, scratch);
	task = pmw_file_task(file);
	if (task) {
		pmw_fill_target(ev, task, scratch);
		put_task_struct(task);
	}
	kfree(scratch);
	ev->rec.hdr.size = ALIGN(ev->used, 8);
	return ev;
}

/**
 * pmw_event_begin - start the event for an open of a mem file
 * @file: a mem file being opened
 *
 * Called from the file_open hook, where sleeping is allowed. The event waits
 * for pmw_event_end() to learn the outcome.
 */
void pmw_event_begin(struct file *file)
{
	struct pmw_pending *ev = pmw_event_build(file);

	if (!ev) {
		atomic64_inc(&pmw_event_stats.dropped_nomem);
		return;
	}
	spin_lock(&pmw_pending_lock);
	list_add(&ev->node, &pmw_pending_list);
	spin_unlock(&pmw_pending_lock);
}

static struct pmw_pending *pmw_pending_take(const struct file *file)
{
	struct pmw_pending *ev;

	spin_lock(&pmw_pending_lock);
	list_for_each_entry(ev, &pmw_pending_list, node) {
		if (ev->file == file) {
			list_del(&ev->node);
			spin_unlock(&pmw_pending_lock);
			return ev;
		}
	}
	spin_unlock(&pmw_pending_lock);
	return NULL;
}

/**
 * pmw_event_end - commit the event of an open whose outcome is known
 * @file: a mem file
 * @opened: whether the open succeeded
 *
 * Does nothing if no event is waiting for @file: an open that started
 * while the mode was off, or a mem file that is being closed. Never sleeps.
 */
void pmw_event_end(struct file *file, bool opened)
{
	struct pmw_pending *ev = pmw_pending_take(file);

	if (!ev)
		return;
	ev->rec.outcome = opened ? PMW_OUTCOME_OPENED : PMW_OUTCOME_REFUSED;
	atomic64_inc(opened ? &pmw_event_stats.opened : &pmw_event_stats.refused);
	pmw_ring_commit(&pmw_events, &ev->rec.hdr);
	pmw_audit_open(&ev->rec);
	kfree(ev);
}
