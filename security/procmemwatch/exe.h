/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: the program each task runs, as exe= rules know it
 */

#ifndef _SECURITY_PROCMEMWATCH_EXE_H
#define _SECURITY_PROCMEMWATCH_EXE_H

#include <linux/fs.h>
#include <linux/types.h>

struct linux_binprm;

/**
 * struct pmw_exe - the file a task's program was exec'd from
 * @file: that file, referenced, or NULL before the first exec
 * @trusted: whether exe= rules may name the task by @file: its exec was
 *	secure (the loader ignored LD_PRELOAD and its kind), not traced and
 *	not sharing its files with another process
 *
 * Only the task itself changes it, at exec, under its task_lock(); others
 * read it under that lock.
 */
struct pmw_exe {
	struct file *file;
	bool trusted;
};

void pmw_exe_copy(struct pmw_exe *to, const struct pmw_exe *from);
void pmw_exe_release(struct pmw_exe *exe);
const struct inode *pmw_exe_identity(const struct pmw_exe *exe);
struct file *pmw_exe_exec(struct pmw_exe *exe, const struct linux_binprm *bprm);
void pmw_add_exe_hooks(void);

#endif /* _SECURITY_PROCMEMWATCH_EXE_H */
