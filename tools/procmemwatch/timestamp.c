// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: times, printed
 *
 * People read local time, as dmesg -T and journalctl show it, but a time
 * without its offset is ambiguous (a log read in another zone, an hour
 * that occurs twice when summer time ends), so the human formats always
 * carry the offset. JSON stays UTC, as ECS wants it.
 */

#include <inttypes.h>
#include <stdlib.h>
#include <time.h>

#include "event.h"

#define NSEC	1000000000LL

void pmw_put_time(FILE *out, uint64_t real_ns, enum pmw_time_style style, int utc)
{
	time_t sec = real_ns / NSEC;
	unsigned int usec = real_ns % NSEC / 1000;
	long off;
	struct tm tm;
	char buf[32];

	if (style == PMW_TIME_JSON)
		utc = 1;
	if (!(utc ? gmtime_r(&sec, &tm) : localtime_r(&sec, &tm))) {
		fprintf(out, "@%" PRIu64 ".%06u", real_ns / 1000000000, usec);
		return;
	}
	off = utc ? 0 : tm.tm_gmtoff;
	strftime(buf, sizeof(buf), style == PMW_TIME_DEFAULT ? "%Y-%m-%d %H:%M:%S" :
		 "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(out, "%s.%06u", buf, usec);
	if (style == PMW_TIME_JSON)
		fputc('Z', out);
	else
		fprintf(out, style == PMW_TIME_DEFAULT ? " %c%02ld%02ld" : "%c%02ld:%02ld",
			off < 0 ? '-' : '+', labs(off) / 3600, labs(off) % 3600 / 60);
}
