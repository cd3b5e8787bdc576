/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: the mode
 */

#ifndef _SECURITY_PROCMEMWATCH_MODE_H
#define _SECURITY_PROCMEMWATCH_MODE_H

#include <linux/types.h>

/* Modes, in the order of increasing action. */
enum pmw_mode {
	PMW_MODE_OFF,
	PMW_MODE_DETECT,
	PMW_MODE_ENFORCE,
	PMW_MODE_COUNT
};

enum pmw_mode pmw_mode_get(void);
void pmw_mode_set(enum pmw_mode mode);
const char *pmw_mode_name(enum pmw_mode mode);
int pmw_mode_parse(const char *buf, size_t len, enum pmw_mode *mode);

#endif /* _SECURITY_PROCMEMWATCH_MODE_H */
