// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: report every access to another process's memory, through
 * its mem file, process_vm_readv(2), process_vm_writev(2) or a ptrace
 * attach, and every open of /proc/kcore; in enforce mode, refuse those
 * that the policy does not allow
 *
 * The hooks run on every open, every file release and every ptrace check
 * on the machine. The open hook compares the file's superblock with
 * procfs's, and only for a procfs file whose name has the length of "mem"
 * or "kcore" asks procfs whether it is a mem file or /proc/kcore; the
 * release hooks pass over a no-op while no open of those was in progress
 * on the machine in the last second, nearly always, and otherwise load
 * how many are in progress, and only if some are, look whether the
 * current task's is one of them; the ptrace check hook looks at its mode.
 * No lock, no allocation, no path walk.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/lsm_hooks.h>
#include <linux/magic.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/proc_fs.h>
#include <linux/ptrace.h>
#include <uapi/linux/lsm.h>

#include "procmemwatch.h"

bool pmw_enabled __ro_after_init;

struct pmw_ring pmw_events;

/* The buffer's bounds in KiB, whatever the boot parameter asks for. */
#define PMW_BUFFER_KB_MIN	4
#define PMW_BUFFER_KB_MAX	65536

static unsigned int pmw_buffer_kb __ro_after_init =
	CONFIG_SECURITY_PROCMEMWATCH_BUFFER_KB;
module_param_named(buffer_kb, pmw_buffer_kb, uint, 0444);
MODULE_PARM_DESC(buffer_kb, "memory for the event buffer in KiB, 4 to 65536");

static u16 pmw_file_access(const struct file *file)
{
	return (file->f_mode & FMODE_READ ? PMW_ACCESS_READ : 0) |
	       (file->f_mode & FMODE_WRITE ? PMW_ACCESS_WRITE : 0);
}

/*
 * A task may always open its own memory, through any of its threads. An
 * open of a task that is gone is not refused here: it fails with ESRCH
 * in mem_open anyway.
 */
static bool pmw_file_allowed(const struct file *file, struct pid *pid)
{
	u16 access = pmw_file_access(file);
	struct task_struct *task;
	bool allowed = true;

	if (!pid)
		return pmw_policy_allows(PMW_ROUTE_KCORE, access, NULL);
	rcu_read_lock();
	task = pid_task(pid, PIDTYPE_PID);
	if (task && !same_thread_group(task, current))
		allowed = pmw_policy_allows(PMW_ROUTE_MEM, access, task);
	rcu_read_unlock();
	return allowed;
}

/* @pid: a mem file's, or NULL for /proc/kcore. */
static int pmw_watched_file_open(struct file *file, struct pid *pid,
				 bool thread)
{
	enum pmw_mode mode = pmw_mode_get();

	atomic64_inc(&pmw_event_stats.seen[mode]);
	if (mode == PMW_MODE_OFF)
		return 0;
	if (pmw_file_allowed(file, pid)) {
		pmw_event_begin(file, pid, thread, 0);
	} else if (mode == PMW_MODE_DETECT) {
		pmw_event_begin(file, pid, thread, PMW_INFO_WOULD_DENY);
	} else {
		pmw_event_denied(file, pid, thread);
		return -EPERM;
	}
	return 0;
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

/* Kept apart, so that the hook's path for any other file stays short. */
static noinline int pmw_proc_file_open(struct file *file)
{
	bool thread;
	struct pid *pid = proc_mem_file_pid(file, &thread);

	if (pid)
		return pmw_watched_file_open(file, pid, thread);
	if (pmw_kcore_file(file))
		return pmw_watched_file_open(file, NULL, false);
	return 0;
}

/*
 * procfs names every mem file "mem" and /proc/kcore "kcore", and never
 * renames them; a bind mount or another procfs mount reaches the same
 * dentry. So the length of the name passes over nearly every procfs
 * file without a call. It only sorts: procfs's own identities decide.
 */
static bool pmw_watched_name(const struct dentry *dentry)
{
	u32 len = dentry->d_name.len;

	return len == sizeof("mem") - 1 || len == sizeof("kcore") - 1;
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
 * process_vm_readv(2), process_vm_writev(2) and a ptrace attach check in
 * PTRACE_MODE_ATTACH_REALCREDS mode; a read-mode check (every ps, every
 * /proc/<pid>/stat) returns after one compare.
 */
static int pmw_ptrace_access_check(struct task_struct *child,
				   unsigned int mode)
{
	if (likely((mode & PTRACE_MODE_ATTACH_REALCREDS) !=
		   PTRACE_MODE_ATTACH_REALCREDS))
		return 0;
	return pmw_access_check(child);
}

/* Only a task with a mem file open in progress has anything to finish. */
static __always_inline bool pmw_current_has_event(void)
{
	return atomic_read(&pmw_events_in_progress) && pmw_task(current)->event;
}

/* Kept apart, so that the hook's path while there are none is a no-op. */
static noinline int pmw_file_post_open_live(struct file *file)
{
	if (pmw_current_has_event())
		pmw_event_opened(file);
	return 0;
}

static int pmw_file_post_open(struct file *file, int mask)
{
	if (!static_branch_unlikely(&pmw_events_live.key))
		return 0;
	return pmw_file_post_open_live(file);
}

/*
 * A file whose open failed after file_open is freed before open(2)
 * returns, without reaching file_post_open.
 */
static void pmw_file_free_security(struct file *file)
{
	if (static_branch_unlikely(&pmw_events_live.key) &&
	    pmw_current_has_event())
		pmw_event_freed(file);
}

static int pmw_task_alloc(struct task_struct *task, u64 clone_flags)
{
	return pmw_exec_file_alloc(task);
}

static void pmw_task_free(struct task_struct *task)
{
	pmw_event_task_free(task);
	pmw_exec_file_free(task);
}

static void pmw_bprm_committed_creds(const struct linux_binprm *bprm)
{
	pmw_exec_file_set(bprm);
}

static const struct lsm_id pmw_lsmid = {
	.name = "procmemwatch",
	.id = LSM_ID_PROCMEMWATCH,
};

static struct security_hook_list pmw_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(file_open, pmw_file_open),
	LSM_HOOK_INIT(file_post_open, pmw_file_post_open),
	LSM_HOOK_INIT(file_free_security, pmw_file_free_security),
	LSM_HOOK_INIT(ptrace_access_check, pmw_ptrace_access_check),
	LSM_HOOK_INIT(task_alloc, pmw_task_alloc),
	LSM_HOOK_INIT(task_free, pmw_task_free),
	LSM_HOOK_INIT(bprm_committed_creds, pmw_bprm_committed_creds),
};

static u32 __init pmw_buffer_bytes(void)
{
	unsigned int kb = clamp(pmw_buffer_kb, PMW_BUFFER_KB_MIN,
				PMW_BUFFER_KB_MAX);

	if (kb != pmw_buffer_kb)
		pr_warn("buffer_kb=%u is out of range, using %u\n",
			pmw_buffer_kb, kb);
	pmw_buffer_kb = kb;
	return kb * 1024;
}

static int __init pmw_init(void)
{
	u32 bytes = pmw_buffer_bytes();
	int err;

	err = pmw_event_init();
	if (err)
		return err;
	err = pmw_ring_init(&pmw_events, bytes);
	if (err)
		return err;
	err = pmw_policy_init();
	if (err)
		return err;
	pmw_audit_init();
	pmw_self_rate_init();
	security_add_hooks(pmw_hooks, ARRAY_SIZE(pmw_hooks), &pmw_lsmid);
	pmw_enabled = true;
	pr_info("mode %s, buffer of %u KiB%s\n",
		pmw_mode_name(pmw_mode_get()), pmw_buffer_kb,
		pmw_locked() ? ", locked" : "");
	return 0;
}

DEFINE_LSM(procmemwatch) = {
	.id = &pmw_lsmid,
	.init = pmw_init,
	.blobs = &pmw_blob_sizes,
	.initcall_fs = pmw_init_securityfs,
};
