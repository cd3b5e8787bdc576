/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: the routes a ptrace check guards, and traced execs
 */

#ifndef _SECURITY_PROCMEMWATCH_PTRACE_H
#define _SECURITY_PROCMEMWATCH_PTRACE_H

void pmw_add_ptrace_hooks(void);

#endif /* _SECURITY_PROCMEMWATCH_PTRACE_H */
