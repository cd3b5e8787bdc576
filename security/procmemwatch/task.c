// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: what it keeps of each task, from its creation through its
 * execs to its end
 */

#include <linux/file.h>
#include <linux/lsm_hooks.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "exe.h"
#include "setup.h"
#include "task.h"

/*
 * A new task runs its creator's program, and keeps its creator's mark of
 * a tracer that was seen: that tracer traces it too if it follows forks,
 * which is what pmw_is_tracer() checks.
 */
static int pmw_task_alloc(struct task_struct *task, u64 clone_flags)
{
	struct pmw_task *pt = pmw_task(task);
	struct pmw_task *parent = pmw_task(current);

	task_lock(current);
	pmw_exe_copy(&pt->exe, &parent->exe);
	pt->attached_by = get_pid(parent->attached_by);
	task_unlock(current);
	return 0;
}

/* The task's program is the one it has just exec'd. */
static void pmw_bprm_committed_creds(const struct linux_binprm *bprm)
{
	struct pmw_task *pt = pmw_task(current);
	struct file *old;

	task_lock(current);
	old = pmw_exe_exec(&pt->exe, bprm);
	task_unlock(current);
	if (old)
		fput(old);
}

static void pmw_task_free(struct task_struct *task)
{
	struct pmw_task *pt = pmw_task(task);

	/* The spare event: kfree() frees from any cache, the events' too. */
	kfree(pt->spare);
	pmw_exe_release(&pt->exe);
	put_pid(pt->attached_by);
}

/**
 * pmw_task_set_tracer - note which tracer's attach to a task was seen
 * @task: the task, whose task_lock() the caller holds (task_alloc takes
 *	it to copy the mark)
 * @tracer: the tracer's thread group, or NULL for none
 */
void pmw_task_set_tracer(struct task_struct *task, struct pid *tracer)
{
	struct pmw_task *pt = pmw_task(task);
	struct pid *old = pt->attached_by;

	WRITE_ONCE(pt->attached_by, get_pid(tracer));
	put_pid(old);
}

static struct security_hook_list pmw_task_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(task_alloc, pmw_task_alloc),
	LSM_HOOK_INIT(bprm_committed_creds, pmw_bprm_committed_creds),
	LSM_HOOK_INIT(task_free, pmw_task_free),
};

/**
 * pmw_add_task_hooks - follow each task from its creation to its end
 */
void __init pmw_add_task_hooks(void)
{
	security_add_hooks(pmw_task_hooks, ARRAY_SIZE(pmw_task_hooks),
			   &pmw_lsmid);
}
