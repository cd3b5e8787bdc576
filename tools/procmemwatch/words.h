/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: the words every format uses for an event's values */

#ifndef PMW_WORDS_H
#define PMW_WORDS_H

#include <stddef.h>
#include <stdint.h>

/* PMW_ACCESS_* bits: read, write, read-write or none. */
const char *pmw_access_name(uint32_t access);
/* PMW_OUTCOME_*: opened, refused, failed, denied or unknown. */
const char *pmw_outcome_name(uint32_t outcome);
/* The outcome named s[0..len) (--outcome). Returns 0, or -1. */
int pmw_outcome_parse(const char *s, size_t len, uint32_t *outcome);
/* An errno by its name (EINVAL), or its number written into buf. */
const char *pmw_errno_word(uint32_t error, char *buf, size_t size);
/* Why an access was dropped (PMW_DROPPED_*), or "reason N" written into buf. */
const char *pmw_dropped_reason(uint32_t reason, char *buf, size_t size);

#endif /* PMW_WORDS_H */
