// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: times, printed and parsed
 *
 * People read local time, as dmesg -T and journalctl show it, but a time
 * without its offset is ambiguous (a log read in another zone, an hour
 * that occurs twice when summer time ends), so the human formats always
 * carry the offset. JSON stays UTC, as ECS wants it.
 *
 * --since and --until take what journalctl and dmesg take, a subset that
 * covers them: "YYYY-MM-DD[ hh:mm[:ss[.frac]]]", "hh:mm[:ss]" (today),
 * "@SECONDS[.frac]", "now", "today", "yesterday", "tomorrow", and
 * "-N[unit]"/"+N[unit]" relative to now. A time without an offset ("Z",
 * "UTC", "+hh:mm", "+hhmm", "+hh") is local, or UTC under --utc.
 */

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timestamp.h"

#define NSEC	1000000000LL

const char *pmw_format_time(char *buf, size_t size, uint64_t real_ns,
			    enum pmw_time_style style, int utc)
{
	time_t sec = real_ns / NSEC;
	unsigned int usec = real_ns % NSEC / 1000;
	long off;
	struct tm tm;
	size_t len;

	if (style == PMW_TIME_JSON)
		utc = 1;
	if (!(utc ? gmtime_r(&sec, &tm) : localtime_r(&sec, &tm))) {
		snprintf(buf, size, "@%" PRIu64 ".%06u", real_ns / 1000000000, usec);
		return buf;
	}
	off = utc ? 0 : tm.tm_gmtoff;
	len = strftime(buf, size, style == PMW_TIME_DEFAULT ? "%Y-%m-%d %H:%M:%S" :
		       "%Y-%m-%dT%H:%M:%S", &tm);
	if (style == PMW_TIME_JSON)
		snprintf(buf + len, size - len, ".%06uZ", usec);
	else
		snprintf(buf + len, size - len, style == PMW_TIME_DEFAULT ?
			 ".%06u %c%02ld%02ld" : ".%06u%c%02ld:%02ld", usec,
			 off < 0 ? '-' : '+', labs(off) / 3600, labs(off) % 3600 / 60);
	return buf;
}

/* Exactly n digits at *s, advancing it; -1 if they are not there. */
static int digits(const char **s, int n)
{
	int v = 0;

	while (n--) {
		if (!isdigit((unsigned char)**s))
			return -1;
		v = v * 10 + (*(*s)++ - '0');
	}
	return v;
}

/* ".frac" at *s, if any, as nanoseconds. */
static long long fraction(const char **s)
{
	long long ns = 0, scale = NSEC / 10;

	if (**s != '.')
		return 0;
	(*s)++;
	if (!isdigit((unsigned char)**s))
		return -1;
	for (; isdigit((unsigned char)**s); (*s)++, scale /= 10)
		ns += (**s - '0') * scale;
	return ns;
}

/*
 * An offset at s: "Z", " UTC", "UTC", "+hh:mm", "+hhmm", "+hh" (or '-'),
 * through to the end of the string. Returns 1 with *off set, 0 when s is
 * empty, -1 for anything else.
 */
static int zone(const char *s, long *off)
{
	int sign, h, m = 0;

	if (!*s)
		return 0;
	if (!strcmp(s, "Z") || !strcmp(s, "UTC") || !strcmp(s, " UTC")) {
		*off = 0;
		return 1;
	}
	if (*s == ' ')
		s++;
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	h = digits(&s, 2);
	if (*s == ':')
		s++;
	if (*s)
		m = digits(&s, 2);
	if (h < 0 || h > 23 || m < 0 || m > 59 || *s)
		return -1;
	*off = sign * (h * 3600L + m * 60L);
	return 1;
}

static int days_in_month(int year, int mon)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100) || year % 400 == 0;

	return days[mon - 1] + (mon == 2 && leap);
}

/* Seconds since the epoch of tm: in UTC, at an offset, or local. */
static int to_epoch(struct tm *tm, int have_off, long off, int utc, long long *sec)
{
	time_t t;

	if (have_off || utc) {
		t = timegm(tm);
		*sec = (long long)t - (have_off ? off : 0);
	} else {
		tm->tm_isdst = -1;
		t = mktime(tm);
		*sec = t;
	}
	return t == (time_t)-1 ? -1 : 0;
}

/* "hh:mm[:ss[.frac]]" into tm and *ns. */
static int clock_time(const char **s, struct tm *tm, long long *ns)
{
	tm->tm_hour = digits(s, 2);
	if (**s != ':')
		return -1;
	(*s)++;
	tm->tm_min = digits(s, 2);
	tm->tm_sec = 0;
	if (**s == ':') {
		(*s)++;
		tm->tm_sec = digits(s, 2);
	}
	*ns = fraction(s);
	return tm->tm_hour < 0 || tm->tm_hour > 23 || tm->tm_min < 0 || tm->tm_min > 59 ||
	       tm->tm_sec < 0 || tm->tm_sec > 60 || *ns < 0 ? -1 : 0;
}

/* Today's date, at the start of the day, in the zone times are read in. */
static void today(struct tm *tm, long long now_sec, int utc)
{
	time_t t = now_sec;

	if (utc)
		gmtime_r(&t, tm);
	else
		localtime_r(&t, tm);
	tm->tm_hour = tm->tm_min = tm->tm_sec = 0;
}

/* "-N[unit]" or "+N[unit]", relative to now. */
static int relative(const char *s, long long now_ns, long long *out)
{
	static const struct { const char *name; long long sec; } units[] = {
		{ "", 1 }, { "s", 1 }, { "sec", 1 }, { "m", 60 }, { "min", 60 },
		{ "h", 3600 }, { "hour", 3600 }, { "hours", 3600 },
		{ "d", 86400 }, { "day", 86400 }, { "days", 86400 },
	};
	int sign = *s++ == '-' ? -1 : 1;
	unsigned long long n;
	char *end;
	size_t i;

	if (!isdigit((unsigned char)*s))
		return -1;
	n = strtoull(s, &end, 10);
	if (n > 100000000ULL)	/* about 3 years in seconds; days checked below */
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].name)) {
			if (n * units[i].sec > 100ULL * 365 * 86400)
				return -1;
			*out = now_ns + sign * (long long)(n * units[i].sec) * NSEC;
			return 0;
		}
	return -1;
}

/* "@SECONDS[.frac]" */
static int unix_time(const char *s, long long *out)
{
	unsigned long long sec;
	long long ns;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	sec = strtoull(s, &end, 10);
	s = end;
	ns = fraction(&s);
	if (*s || ns < 0 || sec > 9000000000ULL)
		return -1;
	*out = (long long)sec * NSEC + ns;
	return 0;
}

int pmw_parse_time(const char *s, int utc, long long now_ns, long long *out)
{
	long long now_sec = now_ns / NSEC, sec, ns = 0;
	const char *p = s;
	struct tm tm;
	long off = 0;
	int z;

	if (!strcmp(s, "now")) {
		*out = now_ns;
		return 0;
	}
	if (*s == '@')
		return unix_time(s + 1, out);
	if (*s == '-' || *s == '+')
		return relative(s, now_ns, out);
	today(&tm, now_sec, utc);
	if (!strcmp(s, "today") || !strcmp(s, "yesterday") || !strcmp(s, "tomorrow")) {
		if (!strcmp(s, "yesterday"))
			tm.tm_mday--;
		else if (!strcmp(s, "tomorrow"))
			tm.tm_mday++;
		if (to_epoch(&tm, 0, 0, utc, &sec))
			return -1;
		*out = sec * NSEC;
		return 0;
	}
	if (strlen(s) >= 10 && s[4] == '-' && s[7] == '-') {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = digits(&p, 4) - 1900;
		p++;
		tm.tm_mon = digits(&p, 2) - 1;
		p++;
		tm.tm_mday = digits(&p, 2);
		/* Nanoseconds since 1970 fit in 64 bits until 2262. */
		if (tm.tm_year < 70 || tm.tm_year > 300 || tm.tm_mon < 0 || tm.tm_mon > 11 ||
		    tm.tm_mday < 1 || tm.tm_mday > days_in_month(tm.tm_year + 1900, tm.tm_mon + 1))
			return -1;
		if ((*p == ' ' || *p == 'T') && isdigit((unsigned char)p[1])) {
			p++;
			if (clock_time(&p, &tm, &ns))
				return -1;
		}
	} else if (clock_time(&p, &tm, &ns)) {
		return -1;
	}
	z = zone(p, &off);
	if (z < 0 || to_epoch(&tm, z, off, utc, &sec))
		return -1;
	*out = sec * NSEC + ns;
	return 0;
}
