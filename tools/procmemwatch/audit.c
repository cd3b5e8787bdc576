// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: events from audit logs
 *
 * An audit log also holds what user space writes into it: auditctl -m and
 * audit_log_user_message() make type=USER* records, and logger or a write
 * to /dev/kmsg makes lines that read like the kernel's. Any of them can
 * carry the text of a procmemwatch record, so a line is an event only when
 * its header says the kernel wrote it, as a KERNEL_OTHER (1316) record,
 * and the first field after the header says procmemwatch:
 *
 *   [node=NAME ]type=KERNEL_OTHER msg=audit(SEC.MS:SERIAL): FIRST ...
 *   [<PRI>][[TIME] ]audit: type=1316 audit(SEC.MS:SERIAL): FIRST ...
 *
 * the first as auditd writes it (RAW, or ENRICHED with a trailer after a
 * 0x1d byte; type=1316 where auditd does not name types), the second as
 * the kernel console and dmesg print it (dmesg -r adds <PRI>, whose
 * facility must be the kernel's: a line written to /dev/kmsg from user
 * space has another). FIRST is "lsm=procmemwatch op=proc_mem_open", or
 * "op=proc_mem_open" from kernels before the lsm= field, for an open;
 * "lsm=procmemwatch op=proc_mem_self_opens" for the opens of their own mem
 * files that a self-opens record counts (kernels with it all write lsm=).
 * Every other line is skipped, with a reason for --verbose.
 *
 * Fields are read from the record's text only, as the kernel writes them:
 * quoted strings, hex-encoded strings (audit_log_untrustedstring()),
 * (null), or numbers. Fields this reader does not know are a newer
 * kernel's, and ignored. The outcome is outcome= (opened, refused, failed)
 * with errno=, where the kernel writes them; records of older kernels have
 * only res=, 1 for an open that completed, and 0 is read as refused. An
 * outcome= word this reader does not know leaves the outcome to res=.
 *
 * A self-opens record is logged when its count is written, after the
 * opens: its time is last_ns=, the last open's, not the header's.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/procmemwatch.h>

#include "event.h"

/* Where a field's decoded string is kept: one buffer per line. */
struct line_store {
	char buf[8192];
	size_t used;
};

enum field_kind { F_U32, F_U64, F_HEX32, F_STR, F_ACCESS, F_INFO, F_RES, F_OUTCOME };

struct field_def {
	const char *name;
	enum field_kind kind;
	size_t off;		/* in struct pmw_event */
	uint32_t bit;		/* F_INFO: the PMW_INFO_* bit */
	int required;
};

#define EV(member)	offsetof(struct pmw_event, member)

static const struct field_def open_fields[] = {
	{ "pid", F_U32, EV(pid), 0, 1 },
	{ "tid", F_U32, EV(tid), 0, 1 },
	{ "ppid", F_U32, EV(ppid), 0, 1 },
	{ "uid", F_U32, EV(uid), 0, 1 },
	{ "euid", F_U32, EV(euid), 0, 1 },
	{ "auid", F_U32, EV(loginuid), 0, 1 },
	{ "ses", F_U32, EV(sessionid), 0, 1 },
	{ "comm", F_STR, EV(comm), 0, 1 },
	{ "exe", F_STR, EV(exe), 0, 1 },
	{ "opid", F_U32, EV(target_pid), 0, 1 },
	{ "otid", F_U32, EV(target_tid), 0, 1 },
	{ "ouid", F_U32, EV(target_uid), 0, 1 },
	{ "ocomm", F_STR, EV(target_comm), 0, 1 },
	{ "oexe", F_STR, EV(target_exe), 0, 1 },
	{ "path", F_STR, EV(path), 0, 1 },
	{ "oflag", F_HEX32, EV(flags), 0, 1 },
	{ "access", F_ACCESS, EV(access), 0, 0 },
	{ "self", F_INFO, EV(info), PMW_INFO_SELF, 0 },
	{ "tracer", F_INFO, EV(info), PMW_INFO_TRACER, 0 },
	{ "thread", F_INFO, EV(info), PMW_INFO_THREAD_DIR, 0 },
	{ "seq", F_U64, EV(seq), 0, 1 },
	{ "outcome", F_OUTCOME, 0, 0, 0 },
	{ "errno", F_U32, EV(error), 0, 0 },
	{ "res", F_RES, 0, 0, 1 },
};

static const struct field_def self_opens_fields[] = {
	{ "uid", F_U32, EV(uid), 0, 1 },
	{ "pid", F_U32, EV(pid), 0, 1 },
	{ "comm", F_STR, EV(comm), 0, 1 },
	{ "count", F_U64, EV(count), 0, 1 },
	{ "refused", F_U64, EV(refused), 0, 1 },
	{ "failed", F_U64, EV(failed), 0, 1 },
	{ "first_ns", F_U64, EV(first_real_ns), 0, 1 },
	{ "last_ns", F_U64, EV(real_ns), 0, 1 },
	{ "seq", F_U64, EV(seq), 0, 1 },
	{ "res", F_RES, 0, 0, 1 },
};

/*
 * What res= and outcome= said: the event's outcome is outcome= when the
 * record has it (kernels since thread=, outcome= and errno=), else res=.
 */
struct outcome_fields {
	uint32_t outcome;	/* PMW_OUTCOME_*, 0: none or a word not known here */
	int res;
};

#define NFIELDS(t)	(sizeof(t) / sizeof((t)[0]))

/* The fields of each kind of record: which were seen is a bit mask. */
struct field_table {
	const struct field_def *defs;
	size_t n;
};

_Static_assert(NFIELDS(open_fields) <= 32 && NFIELDS(self_opens_fields) <= 32,
	       "seen fields fit a 32-bit mask");

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * Decodes the value v[0..len) into the store. Returns 0, or -1 for a value
 * that is neither quoted, (null) nor valid hex.
 */
static int decode_string(const char *v, size_t len, struct line_store *st,
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
		if (!len || len % 2)
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

/* A number in v[0..len): decimal, or hexadecimal with 0x. -1 if not one. */
static int decode_number(const char *v, size_t len, int hex, uint64_t max, uint64_t *out)
{
	uint64_t n = 0;
	size_t i = 0;

	if (hex) {
		if (len < 3 || v[0] != '0' || v[1] != 'x')
			return -1;
		i = 2;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		int d = hex ? hexval(v[i]) : isdigit((unsigned char)v[i]) ? v[i] - '0' : -1;

		if (d < 0 || n > (max - d) / (hex ? 16 : 10))
			return -1;
		n = n * (hex ? 16 : 10) + d;
	}
	*out = n;
	return 0;
}

/* Ends the record's own text: the ENRICHED trailer or the line's end. */
static int at_end(char c)
{
	return !c || c == '\x1d' || c == '\n' || c == '\r';
}

/*
 * The next "key=value" at *pp; *val is NULL for a word without '='.
 * Returns 0 at the end of the record. A quoted value ends at its closing
 * quote: the kernel quotes only strings without spaces or quotes, so no
 * field can hide inside another.
 */
static int next_field(const char **pp, const char **key, size_t *klen,
		      const char **val, size_t *vlen)
{
	const char *p = *pp, *v;

	while (*p == ' ')
		p++;
	if (at_end(*p))
		return 0;
	*key = p;
	*klen = strcspn(p, "= \x1d\r\n");
	v = p + *klen;
	*val = NULL;
	*vlen = 0;
	if (*v == '=') {
		*val = ++v;
		if (*v == '"') {
			*vlen = 1 + strcspn(v + 1, "\"\x1d\r\n");
			if (v[*vlen] == '"')
				(*vlen)++;
		} else {
			*vlen = strcspn(v, " \x1d\r\n");
		}
	}
	*pp = v + *vlen;
	return 1;
}

/* Copies s[0..n) for a message: printable ASCII, the rest as \xHH, cut. */
static void quote_for_message(char *dst, size_t size, const char *s, size_t n)
{
	size_t used = 0, i;

	for (i = 0; i < n && used + 8 < size; i++) {
		unsigned char c = s[i];

		if (i == 40) {
			used += snprintf(dst + used, size - used, "...");
			break;
		}
		if (c > 0x20 && c < 0x7f && c != '\\')
			dst[used++] = c;
		else
			used += snprintf(dst + used, size - used, "\\x%02x", c);
	}
	dst[used] = '\0';
}

static const char *word_end(const char *p)
{
	return p + strcspn(p, " \x1d\r\n");
}

/* After "audit(": "SEC.FRAC:SERIAL): ". Returns what follows, or NULL. */
static const char *stamp(const char *p, uint64_t *real_ns)
{
	uint64_t sec = 0, ns = 0, scale = 100000000;

	if (!isdigit((unsigned char)*p))
		return NULL;
	for (; isdigit((unsigned char)*p); p++) {
		if (sec > 1800000000ULL)	/* sec * 10^9 must fit */
			return NULL;
		sec = sec * 10 + (*p - '0');
	}
	if (*p++ != '.' || !isdigit((unsigned char)*p))
		return NULL;
	for (; isdigit((unsigned char)*p); p++, scale /= 10)
		ns += (*p - '0') * scale;
	if (*p++ != ':' || !isdigit((unsigned char)*p))
		return NULL;
	while (isdigit((unsigned char)*p))
		p++;
	if (strncmp(p, "): ", 3))
		return NULL;
	*real_ns = sec * 1000000000ULL + ns;
	return p + 3;
}

static const char *skip_prefix(const char *p, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(p, prefix, n) ? NULL : p + n;
}

/* "type=T" where T must name KERNEL_OTHER; returns what follows T. */
static const char *kernel_other(const char *p, int named, char *why, size_t wsize)
{
	const char *end = word_end(p);
	char t[64];

	if ((size_t)(end - p) == 4 && !memcmp(p, "1316", 4))
		return end;
	if (named && end - p == 12 && !memcmp(p, "KERNEL_OTHER", 12))
		return end;
	quote_for_message(t, sizeof(t), p, end - p);
	snprintf(why, wsize, "type=%s is not a kernel record of type KERNEL_OTHER (1316)", t);
	return NULL;
}

/* auditd: "[node=NAME ]type=T msg=audit(...): " */
static const char *auditd_header(const char *p, uint64_t *real_ns, char *why, size_t wsize)
{
	p = kernel_other(p + 5, 1, why, wsize);
	if (!p)
		return NULL;
	p = skip_prefix(p, " msg=audit(");
	if (!p || !(p = stamp(p, real_ns)))
		snprintf(why, wsize, "no msg=audit(time:serial): header after the type");
	return p;
}

/* Kernel console, dmesg: "[<PRI>][[TIME] ]audit: type=1316 audit(...): " */
static const char *console_header(const char *p, uint64_t *real_ns, char *why, size_t wsize)
{
	const char *q;

	if (*p == '<') {
		unsigned int pri = 0;

		for (q = p + 1; isdigit((unsigned char)*q) && pri < 1024; q++)
			pri = pri * 10 + (*q - '0');
		if (q == p + 1 || *q != '>') {
			snprintf(why, wsize, "not an audit record of auditd or the kernel console");
			return NULL;
		}
		/* Facility 0 is the kernel's; /dev/kmsg turns it into user for writers. */
		if (pri >> 3) {
			snprintf(why, wsize, "syslog facility %u: written by user space, not the kernel",
				 pri >> 3);
			return NULL;
		}
		p = q + 1;
	}
	if (*p == '[' && (q = strchr(p, ']'))) {
		p = q + 1;
		while (*p == ' ')
			p++;
	}
	q = skip_prefix(p, "audit: type=");
	if (!q) {
		snprintf(why, wsize, "not an audit record of auditd or the kernel console");
		return NULL;
	}
	p = kernel_other(q, 0, why, wsize);
	if (!p)
		return NULL;
	p = skip_prefix(p, " audit(");
	if (!p || !(p = stamp(p, real_ns)))
		snprintf(why, wsize, "no audit(time:serial): header after the type");
	return p;
}

/* "op=WORD" at p, ending there; returns what follows, or NULL. */
static const char *op_is(const char *p, const char *op)
{
	p = skip_prefix(p, op);
	return p && (*p == ' ' || at_end(*p)) ? p : NULL;
}

/*
 * The record's first field must say procmemwatch; returns the fields
 * after it, and sets *kind to the event they describe.
 */
static const char *procmemwatch_body(const char *p, enum pmw_event_kind *kind,
				     char *why, size_t wsize)
{
	const char *first = p, *q;
	char w[64];

	q = skip_prefix(p, "lsm=procmemwatch ");
	if (q)
		p = q;
	q = op_is(p, "op=proc_mem_open");
	if (q) {
		*kind = PMW_EV_OPEN;
		return q;
	}
	/* Every kernel that writes self-opens records writes lsm= first. */
	q = p != first ? op_is(p, "op=proc_mem_self_opens") : NULL;
	if (q) {
		*kind = PMW_EV_SELF_OPENS;
		return q;
	}
	quote_for_message(w, sizeof(w), p, word_end(p) - p);
	if (p != first)
		snprintf(why, wsize, "a procmemwatch record of another kind (%s)", w);
	else
		snprintf(why, wsize, "first field %s: not a procmemwatch record", w);
	return NULL;
}

static void report(const char *name, unsigned long lineno, const char *what,
		   const char *field)
{
	fprintf(stderr, "procmemwatch: %s: line %lu: field %s %s\n", name, lineno, field, what);
}

/* outcome=WORD: a word of a newer kernel is not known here, and not bad. */
static int store_outcome(const char *v, size_t len, struct outcome_fields *oc)
{
	static const struct { const char *word; uint32_t outcome; } words[] = {
		{ "opened", PMW_OUTCOME_OPENED },
		{ "refused", PMW_OUTCOME_REFUSED },
		{ "failed", PMW_OUTCOME_FAILED },
	};
	size_t i;

	if (!len || strspn(v, "abcdefghijklmnopqrstuvwxyz_-") < len)
		return -1;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].word) == len && !memcmp(v, words[i].word, len))
			oc->outcome = words[i].outcome;
	return 0;
}

/* Stores one field's value into ev. Returns 0, or -1 for a bad value. */
static int store_field(const struct field_def *f, const char *v, size_t len,
		       struct line_store *st, struct pmw_event *ev,
		       struct outcome_fields *oc)
{
	char *dst = (char *)ev + f->off;
	uint64_t n;

	switch (f->kind) {
	case F_OUTCOME:
		return store_outcome(v, len, oc);
	case F_STR:
		return decode_string(v, len, st, (struct pmw_bytes *)dst);
	case F_U64:
		return decode_number(v, len, 0, UINT64_MAX, (uint64_t *)dst);
	case F_ACCESS:
		if (len == 4 && !memcmp(v, "read", 4))
			ev->access = PMW_ACCESS_READ;
		else if (len == 5 && !memcmp(v, "write", 5))
			ev->access = PMW_ACCESS_WRITE;
		else if (len == 10 && !memcmp(v, "read-write", 10))
			ev->access = PMW_ACCESS_READ | PMW_ACCESS_WRITE;
		else
			return -1;
		return 0;
	default:
		break;
	}
	if (decode_number(v, len, f->kind == F_HEX32, f->kind == F_U32 || f->kind == F_HEX32 ?
			  UINT32_MAX : 1, &n))
		return -1;
	if (f->kind == F_INFO)
		ev->info |= n ? f->bit : 0;
	else if (f->kind == F_RES)
		oc->res = n;
	else
		*(uint32_t *)dst = n;
	return 0;
}

/*
 * Reads the fields after op=, those of table t. Returns 0, or -1
 * (reported).
 */
static int read_fields(const char *p, const struct field_table *t, const char *name,
		       unsigned long lineno, struct pmw_event *ev, struct outcome_fields *oc)
{
	static struct line_store st;
	const struct field_def *f;
	const char *key, *val;
	size_t klen, vlen, i;
	uint32_t seen = 0;

	st.used = 0;
	while (next_field(&p, &key, &klen, &val, &vlen)) {
		for (i = 0; i < t->n; i++)
			if (strlen(t->defs[i].name) == klen && !memcmp(key, t->defs[i].name, klen))
				break;
		if (i == t->n)
			continue;	/* a newer kernel's field */
		f = &t->defs[i];
		if (seen & (uint32_t)1 << i) {
			report(name, lineno, "appears twice", f->name);
			return -1;
		}
		seen |= (uint32_t)1 << i;
		if (val && !store_field(f, val, vlen, &st, ev, oc))
			continue;
		report(name, lineno, f->kind == F_STR ? "missing or invalid hex" :
		       f->kind == F_OUTCOME ? "missing or not a word" :
		       "missing or not a number (line cut?)", f->name);
		return -1;
	}
	for (i = 0; i < t->n; i++)
		if (t->defs[i].required && !(seen & (uint32_t)1 << i)) {
			report(name, lineno, t->defs[i].kind == F_STR ? "missing or invalid hex" :
			       "missing or not a number (line cut?)", t->defs[i].name);
			return -1;
		}
	return 0;
}

/* An open's fields, and its outcome from them. Returns 0, or -1 (reported). */
static int read_open(const char *p, const char *name, unsigned long lineno,
		     struct pmw_event *ev)
{
	static const struct field_table t = { open_fields, NFIELDS(open_fields) };
	struct outcome_fields oc = { 0, 0 };

	if (read_fields(p, &t, name, lineno, ev, &oc))
		return -1;
	if (!oc.outcome) {
		ev->outcome = oc.res ? PMW_OUTCOME_OPENED : PMW_OUTCOME_REFUSED;
	} else if ((oc.outcome == PMW_OUTCOME_OPENED) != oc.res) {
		/* The kernel writes res=1 exactly for opened. */
		report(name, lineno, "disagrees with res", "outcome");
		return -1;
	} else {
		ev->outcome = oc.outcome;
	}
	return 0;
}

/*
 * A self-opens record's fields. Its res= is always 1, the record having
 * been written: the outcomes are in its counts.
 */
static int read_self_opens(const char *p, const char *name, unsigned long lineno,
			   struct pmw_event *ev)
{
	static const struct field_table t = { self_opens_fields, NFIELDS(self_opens_fields) };
	struct outcome_fields oc = { 0, 0 };

	return read_fields(p, &t, name, lineno, ev, &oc);
}

int pmw_audit_parse_line(const char *line, const char *name, unsigned long lineno,
			 struct pmw_event *ev, char *why, size_t wsize)
{
	const char *p = line, *body;
	enum pmw_event_kind kind;
	uint64_t real_ns = 0;

	if (!strncmp(p, "node=", 5) && strchr(p, ' '))
		p = strchr(p, ' ') + 1;
	if (!strncmp(p, "type=", 5))
		body = auditd_header(p, &real_ns, why, wsize);
	else
		body = console_header(line, &real_ns, why, wsize);
	if (!body || !(body = procmemwatch_body(body, &kind, why, wsize)))
		return 0;
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	if (kind == PMW_EV_SELF_OPENS)
		return read_self_opens(body, name, lineno, ev) ? -1 : 1;
	ev->real_ns = real_ns;
	return read_open(body, name, lineno, ev) ? -1 : 1;
}
