/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: the files of its settings
 */

#ifndef _SECURITY_PROCMEMWATCH_SETTINGS_H
#define _SECURITY_PROCMEMWATCH_SETTINGS_H

#include <linux/dcache.h>

int pmw_settings_create(struct dentry *dir);

#endif /* _SECURITY_PROCMEMWATCH_SETTINGS_H */
