// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: perf_event_open(2) sampling another task's user stack or
 * registers
 *
 * A sample of PERF_SAMPLE_STACK_USER copies up to 64 KiB of the task's
 * stack, and PERF_SAMPLE_REGS_USER its registers, each time the event
 * fires: the memory of another process, read without any of the routes
 * above. The kernel asks only for a read-mode ptrace check, which CAP_PERFMON
 * skips; the perf_event_alloc hook sees the event's attributes and its
 * task before either, and is where it is judged.
 */

#include <linux/compat.h>
#include <linux/lsm_hooks.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "note.h"
#include "perf.h"
#include "setup.h"

/* What copies a task's user memory into the samples. */
#define PMW_PERF_SAMPLES	(PERF_SAMPLE_STACK_USER | PERF_SAMPLE_REGS_USER)

/*
 * The kernel makes events of its own (the lockup watchdog, breakpoints
 * for ptrace), which sample nothing of a task: only a task's
 * perf_event_open(2) is judged. Its number differs in each compat ABI,
 * where nothing else makes an event that samples.
 */
static bool pmw_in_perf_event_open(void)
{
	if (current->flags & (PF_KTHREAD | PF_USER_WORKER))
		return false;
	return in_compat_syscall() ||
	       syscall_get_nr(current, current_pt_regs()) == __NR_perf_event_open;
}

static int pmw_perf_event_alloc(struct perf_event *event)
{
	struct task_struct *target = event->hw.target;
	int err;

	/* Children of an event, made as its task forks, were judged with it. */
	if (likely(!target || event->parent ||
		   !(event->attr.sample_type & PMW_PERF_SAMPLES)))
		return 0;
	if (same_thread_group(target, current) || !pmw_in_perf_event_open())
		return 0;
	task_lock(target);
	err = pmw_note_access(target, PMW_ROUTE_PERF_SAMPLE);
	task_unlock(target);
	return err;
}

static struct security_hook_list pmw_perf_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(perf_event_alloc, pmw_perf_event_alloc),
};

/**
 * pmw_add_perf_hooks - watch perf events that sample other tasks
 */
void __init pmw_add_perf_hooks(void)
{
	security_add_hooks(pmw_perf_hooks, ARRAY_SIZE(pmw_perf_hooks),
			   &pmw_lsmid);
}
