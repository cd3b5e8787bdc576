// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: report every open of a process's memory file
 *
 * The hooks run on every open and every file release on the machine, so
 * each first asks procfs whether the file is a mem file, which is one
 * compare of the file's operations: no lock, no allocation, no path walk.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/lsm_hooks.h>
#include <linux/moduleparam.h>
#include <linux/proc_fs.h>
#include <uapi/linux/lsm.h>

#include "procmemwatch.h"

bool pmw_enabled __ro_after_init;

struct pmw_ring pmw_events;

static unsigned int pmw_buffer_kb __ro_after_init =
	CONFIG_SECURITY_PROCMEMWATCH_BUFFER_KB;
module_param_named(buffer_kb, pmw_buffer_kb, uint, 0444);
MODULE_PARM_DESC(buffer_kb, "memory for the event buffer in KiB, 1 KiB per event");

static int pmw_file_open(struct file *file)
{
	enum pmw_mode mode;

	if (likely(!proc_is_mem_file(file)))
		return 0;
	mode = pmw_mode_get();
	atomic64_inc(&pmw_event_stats.seen[mode]);
	if (mode != PMW_MODE_OFF)
		pmw_event_begin(file);
	return 0;
}

static int pmw_file_post_open(struct file *file, int mask)
{
	if (unlikely(proc_is_mem_file(file)))
		pmw_event_end(file, true);
	return 0;
}

/*
 * A file whose open was refused after file_open is freed before open(2)
 * returns, without reaching file_post_open: its waiting event is the
 * refused attempt.
 */
static void pmw_file_free_security(struct file *file)
{
	if (unlikely(proc_is_mem_file(file)))
		pmw_event_end(file, file->f_mode & FMODE_OPENED);
}

static const struct lsm_id pmw_lsmid = {
	.name = "procmemwatch",
	.id = LSM_ID_PROCMEMWATCH,
};

static struct security_hook_list pmw_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(file_open, pmw_file_open),
	LSM_HOOK_INIT(file_post_open, pmw_file_post_open),
	LSM_HOOK_INIT(file_free_security, pmw_file_free_security),
};

static int __init pmw_init(void)
{
	u32 nslots = max(pmw_buffer_kb, 1U) * 1024 / PMW_RECORD_MAX;
	int err;

	err = pmw_ring_init(&pmw_events, nslots);
	if (err)
		return err;
	security_add_hooks(pmw_hooks, ARRAY_SIZE(pmw_hooks), &pmw_lsmid);
	pmw_enabled = true;
	pr_info("mode %s, buffer of %u events\n",
		pmw_mode_name(pmw_mode_get()), nslots);
	return 0;
}

DEFINE_LSM(procmemwatch) = {
	.name = "procmemwatch",
	.init = pmw_init,
};
