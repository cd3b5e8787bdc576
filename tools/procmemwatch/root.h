/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: files as the kernel would find them, here or under another root */

#ifndef PMW_ROOT_H
#define PMW_ROOT_H

#include <sys/stat.h>

struct pmw_root {
	const char *dir;	/* NULL: this machine's / */
	int fd;			/* dir, opened; -1 for / */
};

/* Opens dir (NULL: /) as the root paths are looked up in. Returns 0, or -errno. */
int pmw_root_open(struct pmw_root *root, const char *dir);
void pmw_root_close(struct pmw_root *root);
/* The root's name for messages: the directory given, or "/". */
const char *pmw_root_name(const struct pmw_root *root);
/*
 * stat(2) of the absolute path, symbolic links followed, as resolved from
 * the root: under --root, an absolute link's target is in the root too.
 * Returns 0, or -errno.
 */
int pmw_root_stat(const struct pmw_root *root, const char *path, struct stat *st);

#endif /* PMW_ROOT_H */
