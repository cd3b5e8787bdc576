/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: perf events that sample another task's memory
 */

#ifndef _SECURITY_PROCMEMWATCH_PERF_H
#define _SECURITY_PROCMEMWATCH_PERF_H

#ifdef CONFIG_PERF_EVENTS
void pmw_add_perf_hooks(void);
#else
static inline void pmw_add_perf_hooks(void)
{
}
#endif

#endif /* _SECURITY_PROCMEMWATCH_PERF_H */
