// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the program each task runs, as exe= rules know it
 *
 * A rule names an opener by the file of its program. The mm's exe_file
 * cannot be trusted for that: prctl(PR_SET_MM_MAP) lets a process that
 * holds CAP_CHECKPOINT_RESTORE in its own user namespace, which any user
 * can create, point it at another file, say the allowed debugger's. So
 * each task keeps the file of its last exec, referenced, which only an
 * exec changes; a new task inherits its parent's.
 *
 * Nor does every exec of that file run only that program. The dynamic
 * loader runs code that the environment names (LD_PRELOAD, LD_AUDIT,
 * LD_LIBRARY_PATH); a tracer writes code and registers at will; a process
 * sharing the files of the exec'ing one (CLONE_FS) can change what its
 * paths resolve to. So the exec of a file that an exe= rule names is made
 * secure, as AppArmor and SELinux do for a domain transition: the loader
 * then ignores those variables (AT_SECURE). A task gets the identity only
 * from an exec that was secure, not traced and not sharing its files; its
 * accesses are otherwise judged as if it ran no program any rule names.
 * What a rule still trusts: the libraries its program loads from the
 * paths its ELF file and the loader's own configuration name.
 */

#include <linux/binfmts.h>
#include <linux/file.h>
#include <linux/lsm_hooks.h>
#include <linux/security.h>

#include "exe.h"
#include "policy.h"
#include "setup.h"

/**
 * pmw_exe_copy - give a new task the program of the task it was made from
 * @to: the new task's, empty
 * @from: its creator's
 */
void pmw_exe_copy(struct pmw_exe *to, const struct pmw_exe *from)
{
	to->file = from->file ? get_file(from->file) : NULL;
	to->trusted = from->trusted;
}

/**
 * pmw_exe_release - drop a task's program
 * @exe: its exe, which nothing reads any more; possibly from an RCU
 *	callback, where fput() defers the final release
 */
void pmw_exe_release(struct pmw_exe *exe)
{
	if (exe->file)
		fput(exe->file);
	exe->file = NULL;
}

/**
 * pmw_exe_identity - the file that exe= rules know a task by
 * @exe: the task's, read by the task itself or under its task_lock()
 *
 * Return: the inode of the file, or NULL when no exe= rule can name the
 * task (no exec yet, or not a trusted one).
 */
const struct inode *pmw_exe_identity(const struct pmw_exe *exe)
{
	return exe->trusted && exe->file ? file_inode(exe->file) : NULL;
}

/* The file an exec takes its credentials from, as bprm_creds_from_file(). */
static struct file *pmw_exec_file(const struct linux_binprm *bprm)
{
	return bprm->execfd_creds ? bprm->executable : bprm->file;
}

/**
 * pmw_exe_exec - note the program a task has exec'd
 * @exe: the task's, whose task_lock() the caller holds
 * @bprm: the exec, its credentials committed
 *
 * Return: the file of the program the task ran before, or NULL, for the
 * caller to fput() once it has dropped the lock.
 */
struct file *pmw_exe_exec(struct pmw_exe *exe, const struct linux_binprm *bprm)
{
	struct file *old = exe->file;

	exe->file = get_file(pmw_exec_file(bprm));
	exe->trusted = bprm->secureexec &&
		       !(bprm->unsafe & (LSM_UNSAFE_PTRACE | LSM_UNSAFE_SHARE));
	return old;
}

static int pmw_bprm_creds_from_file(struct linux_binprm *bprm,
				    const struct file *file)
{
	if (pmw_policy_names(file_inode(file)))
		bprm->secureexec = 1;
	return 0;
}

static struct security_hook_list pmw_exe_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(bprm_creds_from_file, pmw_bprm_creds_from_file),
};

/**
 * pmw_add_exe_hooks - make secure the execs of files exe= rules name
 */
void __init pmw_add_exe_hooks(void)
{
	security_add_hooks(pmw_exe_hooks, ARRAY_SIZE(pmw_exe_hooks),
			   &pmw_lsmid);
}
