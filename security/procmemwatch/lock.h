/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: the lock that freezes every setting until reboot
 */

#ifndef _SECURITY_PROCMEMWATCH_LOCK_H
#define _SECURITY_PROCMEMWATCH_LOCK_H

#include <linux/types.h>

bool pmw_locked(void);
void pmw_lock(void);

#endif /* _SECURITY_PROCMEMWATCH_LOCK_H */
