/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: the one place where what a route gathered becomes a record
 */

#ifndef _SECURITY_PROCMEMWATCH_RECORD_H
#define _SECURITY_PROCMEMWATCH_RECORD_H

#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <uapi/linux/procmemwatch.h>

#include "event.h"

struct cgroup;

/**
 * struct pmw_target - what is known of a target when its memory is reached
 * @exe: its executable, referenced, or NULL
 * @cgroup: its cgroup v2, referenced, or NULL
 * @cgroup_id: the id of @cgroup
 * @ns: its namespaces
 * @pid: its thread group id, in the initial pid namespace
 * @tid: the thread's id
 * @ns_pid: the thread's id in the opener's pid namespace
 * @uid: its real uid
 * @info: PMW_INFO_* bits it decides: SELF, NS_*
 * @comm: its command name
 */
struct pmw_target {
	struct file *exe;
	struct cgroup *cgroup;
	u64 cgroup_id;
	struct pmw_namespaces ns;
	u32 pid;
	u32 tid;
	u32 ns_pid;
	u32 uid;
	u32 info;
	char comm[TASK_COMM_LEN];
};

void pmw_record_start(struct pmw_event *ev, u32 route, u16 access, u32 info);
void pmw_record_file(struct pmw_event *ev, struct file *file,
		     const struct proc_mem_file_pids *pids);
void pmw_record_opener(struct pmw_event *ev, struct task_struct *opener);
void pmw_target_note(struct pmw_target *t, struct task_struct *task,
		     struct task_struct *opener, struct file *exe);
void pmw_target_put(struct pmw_target *t);
void pmw_record_target(struct pmw_event *ev, struct pmw_target *t);
void pmw_record_finish(struct pmw_event *ev);
void pmw_copy_comm(char *comm, const struct task_struct *task);

#endif /* _SECURITY_PROCMEMWATCH_RECORD_H */
