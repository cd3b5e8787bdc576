// SPDX-License-Identifier: GPL-2.0
/*
 * The struct offsets the eBPF detector of make bench reads, taken from the
 * bench kernel's own build tree (it has no BTF): compiled to assembly as a
 * single kbuild target, like the kernel's asm-offsets.c, and turned into
 * detector-offsets.h by scripts/bench/build-detector.
 */
#include <linux/kbuild.h>
#include <linux/fs.h>
#include <linux/dcache.h>
#include <linux/mount.h>
#include <linux/ptrace.h>
#include "mount.h"	/* fs/mount.h, struct mount: the Kbuild file adds -I$(srctree)/fs */

void offsets(void);
void offsets(void)
{
	OFFSET(PT_REGS_DI, pt_regs, di);
	OFFSET(FILE_PATH_MNT, file, f_path.mnt);
	OFFSET(FILE_PATH_DENTRY, file, f_path.dentry);
	OFFSET(DENTRY_PARENT, dentry, d_parent);
	OFFSET(DENTRY_NAME_LEN, dentry, d_name.len);
	OFFSET(DENTRY_NAME_NAME, dentry, d_name.name);
	OFFSET(DENTRY_SB, dentry, d_sb);
	OFFSET(SB_MAGIC, super_block, s_magic);
	OFFSET(VFSMOUNT_ROOT, vfsmount, mnt_root);
	OFFSET(MOUNT_MNT, mount, mnt);
	OFFSET(MOUNT_PARENT, mount, mnt_parent);
	OFFSET(MOUNT_MOUNTPOINT, mount, mnt_mountpoint);
	DEFINE(SIZEOF_S_MAGIC, sizeof(((struct super_block *)0)->s_magic));
	DEFINE(SIZEOF_NAME_LEN, sizeof(((struct dentry *)0)->d_name.len));
}
