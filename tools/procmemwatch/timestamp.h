/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: times, printed and parsed */

#ifndef PMW_TIMESTAMP_H
#define PMW_TIMESTAMP_H

#include <stddef.h>
#include <stdint.h>

enum pmw_time_style {
	PMW_TIME_DEFAULT,	/* 2026-11-23 13:15:40.972000 +0100 */
	PMW_TIME_ISO,		/* 2026-11-23T13:15:40.972000+01:00 */
	PMW_TIME_JSON,		/* 2026-11-23T12:15:40.972000Z, always UTC */
};

/* The longest time written, its NUL included. */
#define PMW_TIME_SIZE	48

/* real_ns in style, written into buf[0..size); returns buf. */
const char *pmw_format_time(char *buf, size_t size, uint64_t real_ns,
			    enum pmw_time_style style, int utc);

/*
 * Parses a --since/--until TIME into nanoseconds since the epoch, local
 * time unless utc or the time says its offset. Returns 0, or -1.
 */
int pmw_parse_time(const char *s, int utc, long long now_ns, long long *out);

#endif /* PMW_TIMESTAMP_H */
