// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the file each task's program was exec'd from
 *
 * A policy rule names an opener by the file of its program. The mm's
 * exe_file cannot be trusted for that: prctl(PR_SET_MM_MAP) lets a
 * process that holds CAP_CHECKPOINT_RESTORE in its own user namespace,
 * which any user can create, point it at another file, say the allowed
 * debugger's. So each task keeps the file of its last exec, referenced,
 * which only an exec changes; a new task inherits its parent's.
 */

#include <linux/binfmts.h>
#include <linux/file.h>
#include <linux/sched.h>

#include "procmemwatch.h"

/**
 * pmw_exec_file_alloc - give a new task the exec'd file of its parent
 * @task: the new task, created by current
 *
 * Return: 0.
 */
int pmw_exec_file_alloc(struct task_struct *task)
{
	struct file *file = pmw_task(current)->exec_file;

	pmw_task(task)->exec_file = file ? get_file(file) : NULL;
	return 0;
}

/**
 * pmw_exec_file_set - note the file the current task has just exec'd
 * @bprm: the exec, whose new credentials are committed
 */
void pmw_exec_file_set(const struct linux_binprm *bprm)
{
	struct pmw_task *pt = pmw_task(current);
	struct file *old = pt->exec_file;

	pt->exec_file = get_file(bprm->file);
	if (old)
		fput(old);
}

/**
 * pmw_exec_file_free - drop a freed task's exec'd file
 * @task: the task being freed, possibly from an RCU callback; fput()
 *	defers the final release from there
 */
void pmw_exec_file_free(struct task_struct *task)
{
	struct pmw_task *pt = pmw_task(task);

	if (pt->exec_file)
		fput(pt->exec_file);
}
