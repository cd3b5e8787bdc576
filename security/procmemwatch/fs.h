/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: its files in securityfs
 */

#ifndef _SECURITY_PROCMEMWATCH_FS_H
#define _SECURITY_PROCMEMWATCH_FS_H

int pmw_fs_init(void);

#endif /* _SECURITY_PROCMEMWATCH_FS_H */
