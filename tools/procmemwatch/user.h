/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: user names for uids */

#ifndef PMW_USER_H
#define PMW_USER_H

#include <stdint.h>

#include "event.h"

/* The user name of uid in /etc/passwd; len 0 when it has none. */
struct pmw_bytes pmw_user_name(uint32_t uid);
/* The uid of the user name in /etc/passwd. Returns 0, or -1 when it has none. */
int pmw_user_uid(const char *name, uint32_t *uid);

#endif /* PMW_USER_H */
