/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: core dumps that one process makes another write
 */

#ifndef _SECURITY_PROCMEMWATCH_COREDUMP_H
#define _SECURITY_PROCMEMWATCH_COREDUMP_H

#ifdef CONFIG_COREDUMP
void pmw_add_coredump_hooks(void);
#else
static inline void pmw_add_coredump_hooks(void)
{
}
#endif

#endif /* _SECURITY_PROCMEMWATCH_COREDUMP_H */
