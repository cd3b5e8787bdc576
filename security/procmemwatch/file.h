/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: the files that reach a process's memory, or the kernel's
 */

#ifndef _SECURITY_PROCMEMWATCH_FILE_H
#define _SECURITY_PROCMEMWATCH_FILE_H

#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "setup.h"

struct pmw_event;

/**
 * struct pmw_file - a file's security blob
 * @route: PMW_ROUTE_MEM, PMW_ROUTE_ENVIRON or PMW_ROUTE_KCORE for the
 *	files that reach memory; 0 for every other file, which the hooks
 *	that run on every read, write and release test, and pass over
 * @event: the record of the file's open, until the open's outcome is
 *	known (then NULL)
 * @owner: the process that opened the file, referenced; set as it opens
 * @owner_exec: its exec count then: a new program in that process is a
 *	new holder
 * @lock: guards the fields below, which the hooks of different processes
 *	read and write at once
 * @holder: the last other process whose use of the file was judged,
 *	referenced, or NULL
 * @holder_exec: its exec count then
 * @holder_denied: whether it was refused
 */
struct pmw_file {
	u32 route;
	struct pmw_event *event;
	struct pid *owner;
	u64 owner_exec;
	spinlock_t lock;	/* guards the fields below */
	struct pid *holder;
	u64 holder_exec;
	bool holder_denied;
};

static inline struct pmw_file *pmw_file(const struct file *file)
{
	return file->f_security + pmw_blob_sizes.lbs_file;
}

void pmw_add_file_hooks(void);

#endif /* _SECURITY_PROCMEMWATCH_FILE_H */
