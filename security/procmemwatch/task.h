/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: what it keeps of each task
 */

#ifndef _SECURITY_PROCMEMWATCH_TASK_H
#define _SECURITY_PROCMEMWATCH_TASK_H

#include <linux/pid.h>
#include <linux/sched.h>

#include "exe.h"
#include "note.h"
#include "setup.h"

struct file;
struct pmw_event;

/**
 * struct pmw_task - the task's security blob
 * @exe: the program it runs, as exe= rules know it
 * @note: an access without a file, noted by the hook that judged it,
 *	reported as the task leaves the kernel
 * @attached_by: the thread group of the tracer whose attach procmemwatch
 *	saw, referenced, or NULL: the only tracer a tracer rule may hold for
 *	(a parent that the task asked to trace it, with PTRACE_TRACEME, is
 *	not one); written under the task's task_lock(), read there or,
 *	only to compare the pointer, without it
 * @traced_exec: the PMW_INFO_* bits of a traced exec let through, until
 *	it commits and is reported; 0 for none
 * @spare: the memory of the last event this task finished, kept for its
 *	next one: a task that reaches another's memory once usually does
 *	again
 * @opening: the record of an open of a file that reaches memory, kept
 *	from file_open until procfs has opened the file, or until the task
 *	leaves the kernel if it never does: the open failed
 * @opening_file: that file, only to be compared
 * @opening_work: the task work that finishes the record of an open that
 *	failed
 * @opening_queued: whether @opening_work is queued
 */
struct pmw_task {
	struct pmw_exe exe;
	struct pmw_note note;
	struct pid *attached_by;
	u32 traced_exec;
	struct pmw_event *spare;
	struct pmw_event *opening;
	const struct file *opening_file;
	struct callback_head opening_work;
	bool opening_queued;
};

static inline struct pmw_task *pmw_task(const struct task_struct *task)
{
	return task->security + pmw_blob_sizes.lbs_task;
}

void pmw_task_set_tracer(struct task_struct *task, struct pid *tracer);
void pmw_add_task_hooks(void);

#endif /* _SECURITY_PROCMEMWATCH_TASK_H */
