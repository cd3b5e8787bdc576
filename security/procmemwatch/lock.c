// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the lock that freezes every setting until reboot
 *
 * Once locked, the mode, the policy and the rates cannot be written, by
 * root with every capability either: malware that gains root must not be
 * able to switch procmemwatch off, as with Yama's ptrace_scope=3. Only a
 * reboot unlocks, so a hardened kernel can be locked from its command line
 * before the first process runs. A refresh, which only makes the rules
 * follow the paths they were written with, stays allowed.
 */

#include <linux/moduleparam.h>

#include "lock.h"

static bool pmw_lock_state;
module_param_named(lock, pmw_lock_state, bool, 0400);
MODULE_PARM_DESC(lock, "1: freeze mode, policy and rates from boot on");

/**
 * pmw_locked - whether the settings are frozen
 *
 * Return: true once pmw_lock() has been called or the kernel was booted
 * with procmemwatch.lock=1.
 */
bool pmw_locked(void)
{
	return READ_ONCE(pmw_lock_state);
}

/**
 * pmw_lock - freeze the settings until reboot
 *
 * There is no way back. Callers serialise it with the writes it stops.
 */
void pmw_lock(void)
{
	WRITE_ONCE(pmw_lock_state, true);
}
