// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: events from audit logs
 *
 * Reads the op=proc_mem_open records of an audit log as auditd writes it
 * (raw, or ENRICHED with its trailer after a 0x1d byte) and as a kernel
 * console prints it ("audit: type=1316 audit(...): ..."). Values are
 * quoted strings, hex-encoded strings, (null) or numbers, as the kernel's
 * audit_log_untrustedstring() writes them.
 */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <linux/procmemwatch.h>

#include "event.h"

/* Where a field's decoded string is kept: one buffer per line. */
struct line_store {
	char buf[8192];
	size_t used;
};

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * Decodes the value at v (up to its end) into the store. Returns 0, or -1
 * for a value that is neither quoted nor valid hex.
 */
static int decode_value(const char *v, size_t len, struct line_store *st,
			struct pmw_bytes *out)
{
	char *dst = st->buf + st->used;
	size_t i, n = 0;

	if (len >= sizeof(st->buf) - st->used)
		return -1;
	if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
		n = len - 2;
		memcpy(dst, v + 1, n);
	} else if (len == 6 && !memcmp(v, "(null)", 6)) {
		n = 0;
	} else {
		if (len % 2)
			return -1;
		for (i = 0; i < len; i += 2) {
			int hi = hexval(v[i]), lo = hexval(v[i + 1]);

			if (hi < 0 || lo < 0)
				return -1;
			dst[n++] = hi << 4 | lo;
		}
	}
	out->p = dst;
	out->len = n;
	st->used += n;
	return 0;
}

/* The value of field name in the record text rec (before any 0x1d). */
static const char *find_field(const char *rec, const char *name, size_t *len)
{
	size_t nlen = strlen(name);
	const char *p = rec, *end;

	while ((p = strstr(p, name))) {
		if ((p == rec || p[-1] == ' ') && p[nlen] == '=') {
			p += nlen + 1;
			if (*p == '"') {
				end = strchr(p + 1, '"');
				end = end ? end + 1 : p + strlen(p);
			} else {
				end = p + strcspn(p, " \x1d\n");
			}
			*len = end - p;
			return p;
		}
		p += nlen;
	}
	return NULL;
}

static int number(const char *rec, const char *name, uint64_t *out, int base)
{
	size_t len;
	const char *v = find_field(rec, name, &len);
	char *end;

	if (!v || !len)
		return -1;
	*out = strtoull(v, &end, base);
	return end == v + len ? 0 : -1;
}

static void report(const char *name, unsigned long lineno, const char *why)
{
	fprintf(stderr, "procmemwatch: %s: line %lu: %s\n", name, lineno, why);
}

/*
 * Parses one log line into ev. Returns 1 for an event, 0 for a line that is
 * not a procmemwatch record, -1 for a damaged one (reported).
 */
int pmw_audit_parse_line(const char *line, const char *name,
			 unsigned long lineno, struct pmw_event *ev)
{
	static struct line_store st;
	static const struct { const char *name; size_t off; } strs[] = {
		{ "comm", offsetof(struct pmw_event, comm) },
		{ "exe", offsetof(struct pmw_event, exe) },
		{ "ocomm", offsetof(struct pmw_event, target_comm) },
		{ "oexe", offsetof(struct pmw_event, target_exe) },
		{ "path", offsetof(struct pmw_event, path) },
	};
	static const struct { const char *name; size_t off; } nums[] = {
		{ "pid", offsetof(struct pmw_event, pid) },
		{ "tid", offsetof(struct pmw_event, tid) },
		{ "ppid", offsetof(struct pmw_event, ppid) },
		{ "uid", offsetof(struct pmw_event, uid) },
		{ "euid", offsetof(struct pmw_event, euid) },
		{ "auid", offsetof(struct pmw_event, loginuid) },
		{ "ses", offsetof(struct pmw_event, sessionid) },
		{ "opid", offsetof(struct pmw_event, target_pid) },
		{ "otid", offsetof(struct pmw_event, target_tid) },
		{ "ouid", offsetof(struct pmw_event, target_uid) },
	};
	const char *rec = strstr(line, " op=proc_mem_open ");
	const char *stamp = strstr(line, "audit(");
	uint64_t v, sec, ms;
	size_t i, len;
	const char *s;

	if (!rec)
		return 0;
	memset(ev, 0, sizeof(*ev));
	st.used = 0;
	if (!stamp || sscanf(stamp, "audit(%llu.%llu:", (unsigned long long *)&sec,
			     (unsigned long long *)&ms) != 2) {
		report(name, lineno, "no audit(time:serial) stamp");
		return -1;
	}
	ev->kind = PMW_EV_OPEN;
	ev->real_ns = sec * 1000000000ULL + ms * 1000000ULL;
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		if (number(rec, nums[i].name, &v, 10)) {
			fprintf(stderr, "procmemwatch: %s: line %lu: field %s missing or not a number (line cut?)\n",
				name, lineno, nums[i].name);
			return -1;
		}
		*(uint32_t *)((char *)ev + nums[i].off) = v;
	}
	if (number(rec, "seq", &ev->seq, 10) || number(rec, "oflag", &v, 16) ||
	    number(rec, "res", &ms, 10)) {
		report(name, lineno, "field seq, oflag or res missing (line cut?)");
		return -1;
	}
	ev->flags = v;
	ev->outcome = ms ? PMW_OUTCOME_OPENED : PMW_OUTCOME_REFUSED;
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		s = find_field(rec, strs[i].name, &len);
		if (!s || decode_value(s, len, &st, (struct pmw_bytes *)((char *)ev + strs[i].off))) {
			fprintf(stderr, "procmemwatch: %s: line %lu: field %s missing or invalid hex\n",
				name, lineno, strs[i].name);
			return -1;
		}
	}
	s = find_field(rec, "access", &len);
	if (s && len >= 4 && !memcmp(s, "read", 4))
		ev->access |= PMW_ACCESS_READ;
	if (s && strstr(s, "write") && strstr(s, "write") < s + len)
		ev->access |= PMW_ACCESS_WRITE;
	if (!number(rec, "self", &v, 10) && v)
		ev->info |= PMW_INFO_SELF;
	if (!number(rec, "tracer", &v, 10) && v)
		ev->info |= PMW_INFO_TRACER;
	return 1;
}
