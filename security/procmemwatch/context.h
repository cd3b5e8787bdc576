/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: where the two sides of an access run
 */

#ifndef _SECURITY_PROCMEMWATCH_CONTEXT_H
#define _SECURITY_PROCMEMWATCH_CONTEXT_H

#include <linux/sched.h>
#include <linux/types.h>
#include <uapi/linux/procmemwatch.h>

struct cgroup;

struct cgroup *pmw_context_note(struct task_struct *task, u64 *cgroup_id,
				struct pmw_namespaces *ns);
u32 pmw_context_crossing(struct task_struct *opener, struct task_struct *target);

#ifdef CONFIG_CGROUPS
bool pmw_cgroup_path(struct cgroup *cgrp, char *buf, size_t size, char **start);
void pmw_cgroup_put(struct cgroup *cgrp);
#else
static inline bool pmw_cgroup_path(struct cgroup *cgrp, char *buf, size_t size,
				   char **start)
{
	*start = buf + size;
	return false;
}

static inline void pmw_cgroup_put(struct cgroup *cgrp)
{
}
#endif

#endif /* _SECURITY_PROCMEMWATCH_CONTEXT_H */
