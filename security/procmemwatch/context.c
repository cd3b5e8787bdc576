// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: where the two sides of an access run, their cgroup and
 * namespaces, and whether the access crosses a pid namespace
 *
 * Gathered only once an access to another process's memory has been
 * recognised, never on the way of other files. Everything here may run
 * under the target's task_lock(), as the routes without a file do: it
 * takes no lock and does not sleep; a cgroup's path is resolved later,
 * from a reference taken here.
 */

#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/kernfs.h>
#include <linux/mnt_namespace.h>
#include <linux/ns_common.h>
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/user_namespace.h>
#include <net/net_namespace.h>

#include "context.h"

/*
 * The inode numbers that /proc/<pid>/ns/ shows: pid from the task's pid,
 * user from its credentials, mnt and net from its nsproxy, which only the
 * task itself or a holder of its task_lock() may read. An exiting task
 * has no nsproxy left: those two stay 0.
 */
static void pmw_context_namespaces(struct pmw_namespaces *ns, struct task_struct *task)
{
	struct pid_namespace *pid_ns;
	struct nsproxy *nsproxy = task->nsproxy;

	rcu_read_lock();
	pid_ns = task_active_pid_ns(task);
	ns->pid = pid_ns ? pid_ns->ns.inum : 0;
	ns->user = __task_cred(task)->user_ns->ns.inum;
	rcu_read_unlock();
	ns->mnt = nsproxy ? from_mnt_ns(nsproxy->mnt_ns)->inum : 0;
	ns->net = nsproxy ? nsproxy->net_ns->ns.inum : 0;
}

#ifdef CONFIG_CGROUPS
/* The task's cgroup v2, referenced. */
static struct cgroup *pmw_context_cgroup(u64 *id, struct task_struct *task)
{
	struct cgroup *cgrp;

	rcu_read_lock();
	cgrp = task_dfl_cgroup(task);
	cgroup_get(cgrp);
	rcu_read_unlock();
	*id = cgroup_id(cgrp);
	return cgrp;
}

/**
 * pmw_cgroup_put - drop a reference pmw_context_note() took
 * @cgrp: the cgroup, or NULL
 */
void pmw_cgroup_put(struct cgroup *cgrp)
{
	if (cgrp)
		cgroup_put(cgrp);
}

/**
 * pmw_cgroup_path - write the tail of a cgroup's path that fits
 * @cgrp: a referenced cgroup v2
 * @buf: where to write
 * @size: room in @buf, at least 1
 * @start: set to where the path starts in @buf; it ends at @buf + @size
 *
 * The path is built from the leaf up, as d_path() builds a file's, so a
 * path too long for @buf keeps its tail, where a container's name is.
 * The nodes of the default hierarchy are never renamed (cgroup v2 has no
 * rename) and each holds its parent: the walk needs only RCU's read
 * lock, under which kernfs keeps a node's parent and name.
 *
 * Return: whether the path was cut.
 */
bool pmw_cgroup_path(struct cgroup *cgrp, char *buf, size_t size, char **start)
{
	struct kernfs_node *kn = cgrp->kn, *parent;
	char *p = buf + size;
	bool cut = false;

	rcu_read_lock();
	for (; (parent = rcu_dereference(kn->__parent)); kn = parent) {
		const char *name = rcu_dereference(kn->name);
		size_t len = strlen(name);

		if (len + 1 > p - buf) {
			memcpy(buf, name + len - (p - buf), p - buf);
			p = buf;
			cut = true;
			break;
		}
		p -= len;
		memcpy(p, name, len);
		*--p = '/';
	}
	rcu_read_unlock();
	/* The root, which has no name. */
	if (p == buf + size)
		*--p = '/';
	*start = p;
	return cut;
}
#else
static struct cgroup *pmw_context_cgroup(u64 *id, struct task_struct *task)
{
	*id = 0;
	return NULL;
}
#endif

/**
 * pmw_context_note - note where a task runs
 * @task: current, or a task whose task_lock() the caller holds
 * @cgroup_id: set to the id of the task's cgroup v2
 * @ns: set to the task's namespaces
 *
 * Never sleeps.
 *
 * Return: the task's cgroup v2, referenced, for pmw_cgroup_path() and
 * pmw_cgroup_put(); NULL in a kernel without cgroups.
 */
struct cgroup *pmw_context_note(struct task_struct *task, u64 *cgroup_id,
				struct pmw_namespaces *ns)
{
	pmw_context_namespaces(ns, task);
	return pmw_context_cgroup(cgroup_id, task);
}

/**
 * pmw_context_crossing - how an access crosses pid namespaces
 * @opener: the task that makes the access
 * @target: the task whose memory it reaches
 *
 * A process names others by pid in its own pid namespace and in those
 * below it, so the routes without a file never reach outward; a mem file
 * can, through a procfs mounted for an outer pid namespace.
 *
 * Return: PMW_INFO_NS_* bits.
 */
u32 pmw_context_crossing(struct task_struct *opener, struct task_struct *target)
{
	struct pid_namespace *from, *to;
	u32 info = 0;

	rcu_read_lock();
	from = task_active_pid_ns(opener);
	to = task_active_pid_ns(target);
	if (from && to && from != to) {
		info |= PMW_INFO_NS_CROSS;
		if (from == &init_pid_ns)
			info |= PMW_INFO_NS_FROM_HOST;
		while (to->level > from->level)
			to = to->parent;
		if (to != from)
			info |= PMW_INFO_NS_OUTWARD;
	}
	rcu_read_unlock();
	return info;
}
