// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: core dumps that one process makes another write
 *
 * A core file holds a process's memory, written where its owner, or the
 * core_pattern's handler, keeps it: a process of the same user that sends
 * another a signal that dumps core (SIGSEGV, SIGABRT, ...) reads its
 * memory from the file, without any of the other routes; and one that
 * raises another's RLIMIT_CORE prepares such a dump. Both go through hooks
 * where an LSM may refuse them. Only what would write a core is judged: a
 * signal whose default action the target keeps, to a target that is
 * dumpable (not a set-uid program, not PR_SET_DUMPABLE 0) and whose
 * RLIMIT_CORE lets a dump be written (core_pattern decides how); a raise
 * of RLIMIT_CORE to such a limit. So the JVM's SIGQUIT, which it handles,
 * or a SIGABRT to a process whose limit writes nothing, is nothing here.
 */

#include <linux/coredump.h>
#include <linux/lsm_hooks.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>

#include "coredump.h"
#include "note.h"
#include "setup.h"

/*
 * Called with the target's task_lock(), which keeps its mm: whether a
 * dump of it under @limit would write a core.
 */
static bool pmw_dumps(struct task_struct *task, unsigned long limit)
{
	return task->mm &&
	       task_exec_state_get_dumpable(task) != TASK_DUMPABLE_OFF &&
	       coredump_would_write(task->mm, limit);
}

/*
 * Whether @sig, acted on by default, makes @task write a core; under its
 * task_lock().
 */
static bool pmw_signal_dumps(struct task_struct *task, int sig)
{
	struct sighand_struct *sighand;
	bool by_default;

	rcu_read_lock();
	sighand = rcu_dereference(task->sighand);
	by_default = sighand &&
		     READ_ONCE(sighand->action[sig - 1].sa.sa_handler) == SIG_DFL;
	rcu_read_unlock();
	return by_default &&
	       pmw_dumps(task, READ_ONCE(task->signal->rlim[RLIMIT_CORE].rlim_cur));
}

/*
 * A signal sent with credentials of its own comes from usbfs, in interrupt
 * context, on behalf of whoever submitted the URB: the current task has
 * nothing to do with it, and nothing may be noted there.
 */
static int pmw_task_kill(struct task_struct *p, struct kernel_siginfo *info,
			 int sig, const struct cred *cred)
{
	int err = 0;

	if (likely(!sig_kernel_coredump(sig)) || cred || !in_task() ||
	    same_thread_group(p, current))
		return 0;
	task_lock(p);
	if (pmw_signal_dumps(p, sig))
		err = pmw_note_access(p, PMW_ROUTE_CORE_DUMP);
	task_unlock(p);
	return err;
}

/*
 * Called with the group leader's task_lock() held, as do_prlimit() does:
 * a raise of the soft limit to one under which a dump writes a core.
 */
static int pmw_task_setrlimit(struct task_struct *p, unsigned int resource,
			      struct rlimit *new_rlim)
{
	struct task_struct *leader = p->group_leader;
	unsigned long soft;

	if (likely(resource != RLIMIT_CORE) || same_thread_group(p, current))
		return 0;
	soft = READ_ONCE(leader->signal->rlim[RLIMIT_CORE].rlim_cur);
	if (new_rlim->rlim_cur <= soft || !pmw_dumps(leader, new_rlim->rlim_cur))
		return 0;
	return pmw_note_access(leader, PMW_ROUTE_CORE_DUMP);
}

static struct security_hook_list pmw_coredump_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(task_kill, pmw_task_kill),
	LSM_HOOK_INIT(task_setrlimit, pmw_task_setrlimit),
};

/**
 * pmw_add_coredump_hooks - watch the core dumps one process makes another
 *	write
 */
void __init pmw_add_coredump_hooks(void)
{
	security_add_hooks(pmw_coredump_hooks, ARRAY_SIZE(pmw_coredump_hooks),
			   &pmw_lsmid);
}
