// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the mode, its names and its boot parameter
 */

#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "mode.h"

static const char *const pmw_mode_names[PMW_MODE_COUNT] = {
	[PMW_MODE_OFF] = "off",
	[PMW_MODE_DETECT] = "detect",
	[PMW_MODE_ENFORCE] = "enforce",
};

static int pmw_mode =
	IS_ENABLED(CONFIG_SECURITY_PROCMEMWATCH_DEFAULT_OFF) ? PMW_MODE_OFF :
	IS_ENABLED(CONFIG_SECURITY_PROCMEMWATCH_DEFAULT_ENFORCE) ?
	PMW_MODE_ENFORCE : PMW_MODE_DETECT;

/**
 * pmw_mode_get - the current mode
 *
 * Read without a lock by the hooks: a change of mode takes effect for the
 * accesses that start after it.
 *
 * Return: the mode.
 */
enum pmw_mode pmw_mode_get(void)
{
	return READ_ONCE(pmw_mode);
}

/**
 * pmw_mode_set - change the mode
 * @mode: the new mode, a valid one
 */
void pmw_mode_set(enum pmw_mode mode)
{
	WRITE_ONCE(pmw_mode, mode);
}

/**
 * pmw_mode_name - the name of a mode, as read and written in securityfs
 * @mode: a valid mode
 *
 * Return: the name.
 */
const char *pmw_mode_name(enum pmw_mode mode)
{
	return pmw_mode_names[mode];
}

/**
 * pmw_mode_parse - the mode a written name stands for
 * @buf: the bytes written, not NUL-terminated
 * @len: how many
 * @mode: set to the mode on success
 *
 * Accepts exactly one name, optionally followed by one newline, so that
 * both "echo detect" and a write of "detect" work; anything else (other
 * words, spaces, embedded NULs) is refused.
 *
 * Return: 0, or -EINVAL with @mode untouched.
 */
int pmw_mode_parse(const char *buf, size_t len, enum pmw_mode *mode)
{
	int i;

	if (len && buf[len - 1] == '\n')
		len--;
	for (i = 0; i < PMW_MODE_COUNT; i++) {
		if (len == strlen(pmw_mode_names[i]) &&
		    !memcmp(buf, pmw_mode_names[i], len)) {
			*mode = i;
			return 0;
		}
	}
	return -EINVAL;
}

static int pmw_mode_param_set(const char *val, const struct kernel_param *kp)
{
	enum pmw_mode mode;

	if (!val || pmw_mode_parse(val, strlen(val), &mode))
		return -EINVAL;
	pmw_mode_set(mode);
	return 0;
}

static int pmw_mode_param_get(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%s\n", pmw_mode_name(pmw_mode_get()));
}

static const struct kernel_param_ops pmw_mode_param_ops = {
	.set = pmw_mode_param_set,
	.get = pmw_mode_param_get,
};

/*
 * Read-only in sysfs, and to root only: run-time changes go through
 * securityfs, and are checked there; and whether anyone is watching is
 * none of an unprivileged user's business.
 */
module_param_cb(mode, &pmw_mode_param_ops, NULL, 0400);
MODULE_PARM_DESC(mode, "off, detect or enforce");
