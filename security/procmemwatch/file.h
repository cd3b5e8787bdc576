/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: the files that reach a process's memory, or the kernel's
 */

#ifndef _SECURITY_PROCMEMWATCH_FILE_H
#define _SECURITY_PROCMEMWATCH_FILE_H

void pmw_add_file_hooks(void);

#endif /* _SECURITY_PROCMEMWATCH_FILE_H */
