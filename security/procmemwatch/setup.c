// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: report every access to another process's memory, and in
 * enforce mode refuse those that the policy does not allow
 *
 * The routes into another process's memory, and where each is watched: the
 * files /proc/<pid>/mem, /proc/<pid>/environ and /proc/kcore, opened or
 * passed on (file.c); process_vm_readv(2), process_vm_writev(2), a ptrace
 * attach and a traced exec (ptrace.c); a perf event sampling another task
 * (perf.c); a core dump another process causes (coredump.c). Each route
 * asks decide.c for a verdict and builds its record through record.c,
 * which event.c numbers, budgets (budget.c) and hands to the stream's
 * readers (fs.c) and to audit (audit.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/lsm_hooks.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <uapi/linux/lsm.h>

#include "budget.h"
#include "coredump.h"
#include "event.h"
#include "exe.h"
#include "file.h"
#include "fs.h"
#include "lock.h"
#include "mode.h"
#include "perf.h"
#include "policy.h"
#include "ptrace.h"
#include "setup.h"
#include "task.h"

/* pmw_init() succeeded: the stream exists for securityfs to show. */
bool pmw_initialized __ro_after_init;

struct lsm_blob_sizes pmw_blob_sizes __ro_after_init = {
	.lbs_task = sizeof(struct pmw_task),
};

const struct lsm_id pmw_lsmid = {
	.name = "procmemwatch",
	.id = LSM_ID_PROCMEMWATCH,
};

/* The buffer's bounds in KiB, whatever the boot parameter asks for. */
#define PMW_BUFFER_KB_MIN	4
#define PMW_BUFFER_KB_MAX	65536

static unsigned int pmw_buffer_kb __ro_after_init =
	CONFIG_SECURITY_PROCMEMWATCH_BUFFER_KB;
module_param_named(buffer_kb, pmw_buffer_kb, uint, 0444);
MODULE_PARM_DESC(buffer_kb, "memory for the event buffer in KiB, 4 to 65536");

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
	int err;

	err = pmw_event_init(pmw_buffer_bytes());
	if (!err)
		err = pmw_policy_init();
	if (err)
		return err;
	pmw_budget_init();
	pmw_add_task_hooks();
	pmw_add_exe_hooks();
	pmw_add_file_hooks();
	pmw_add_ptrace_hooks();
	pmw_add_perf_hooks();
	pmw_add_coredump_hooks();
	pmw_add_policy_hooks();
	pmw_initialized = true;
	pr_info("mode %s, buffer of %u KiB%s\n",
		pmw_mode_name(pmw_mode_get()), pmw_buffer_kb,
		pmw_locked() ? ", locked" : "");
	return 0;
}

DEFINE_LSM(procmemwatch) = {
	.id = &pmw_lsmid,
	.init = pmw_init,
	.blobs = &pmw_blob_sizes,
	.initcall_fs = pmw_fs_init,
};
