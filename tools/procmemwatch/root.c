// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: files as the kernel would find them
 *
 * The kernel looks an exe= path up when the policy is written, from the
 * writer's root, following symbolic links. Checking a policy for another
 * machine (an image, a container's tree) looks its paths up under that
 * machine's root instead: openat2(2) with RESOLVE_IN_ROOT treats the
 * directory as "/" for every step, ".." and absolute links included,
 * which prefixing the directory to the path would not.
 */

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "root.h"

int pmw_root_open(struct pmw_root *root, const char *dir)
{
	root->dir = dir;
	root->fd = -1;
	if (!dir)
		return 0;
	root->fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return root->fd < 0 ? -errno : 0;
}

void pmw_root_close(struct pmw_root *root)
{
	if (root->fd >= 0)
		close(root->fd);
	root->fd = -1;
}

const char *pmw_root_name(const struct pmw_root *root)
{
	return root->dir ? root->dir : "/";
}

int pmw_root_stat(const struct pmw_root *root, const char *path, struct stat *st)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT };
	int fd, err = 0;

	if (root->fd < 0)
		return stat(path, st) ? -errno : 0;
	fd = syscall(SYS_openat2, root->fd, path, &how, sizeof(how));
	if (fd < 0)
		return -errno;
	if (fstat(fd, st))
		err = -errno;
	close(fd);
	return err;
}
