// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: the kernel's audit records as journald keeps them
 *
 * Without auditd, systemd-journald takes the kernel's audit records from
 * the audit netlink socket, from the kernel only, and keeps each as an
 * entry with _TRANSPORT=audit, _AUDIT_TYPE (the number), _AUDIT_ID (the
 * serial), _SOURCE_REALTIME_TIMESTAMP (the record's time, in
 * microseconds), _HOSTNAME, _BOOT_ID and MESSAGE, the type's name and the
 * record's text ("KERNEL_OTHER lsm=procmemwatch op=..."). journalctl -o
 * json prints an entry as a JSON object a line, every value a string, or
 * an array of byte values for one that is not text (null for one longer
 * than journalctl prints without --all); -o export as KEY=VALUE lines,
 * a binary value as KEY, a newline, its length (64 bits, little endian)
 * and its bytes, and an empty line after each entry.
 *
 * _TRANSPORT and the other fields that start with '_' are journald's own:
 * no writer sets them. So an entry is a record of the kernel only when
 * its _TRANSPORT is audit; any other that carries the same text (logger,
 * a service's output, the kernel's console copy) is refused, as a forged
 * audit line is. The record is then read by audit.c, from the line auditd
 * would have written: "type=TYPE msg=audit(TIME:SERIAL): TEXT".
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "host.h"
#include "journal.h"

static const char *const field_names[PMW_J_NFIELDS] = {
	[PMW_J_TRANSPORT] = "_TRANSPORT", [PMW_J_HOSTNAME] = "_HOSTNAME",
	[PMW_J_BOOT_ID] = "_BOOT_ID", [PMW_J_AUDIT_ID] = "_AUDIT_ID",
	[PMW_J_AUDIT_TYPE] = "_AUDIT_TYPE", [PMW_J_SOURCE_TIME] = "_SOURCE_REALTIME_TIMESTAMP",
	[PMW_J_TIME] = "__REALTIME_TIMESTAMP", [PMW_J_MESSAGE] = "MESSAGE",
};

void pmw_journal_begin(struct pmw_journal_entry *e)
{
	memset(e->field, 0, sizeof(e->field));
	memset(e->bad, 0, sizeof(e->bad));
	e->used = 0;
}

static int field_of(const char *key, size_t klen)
{
	int i;

	for (i = 0; i < PMW_J_NFIELDS; i++)
		if (strlen(field_names[i]) == klen && !memcmp(field_names[i], key, klen))
			return i;
	return -1;
}

/* Room for n more bytes of values; NULL when the entry is too large. */
static char *room(struct pmw_journal_entry *e, size_t n)
{
	return n < sizeof(e->store) - e->used ? e->store + e->used : NULL;
}

static void keep(struct pmw_journal_entry *e, int f, char *p, size_t len)
{
	if (e->field[f].p)
		e->bad[f] = 1;	/* a field twice: which is meant? */
	e->field[f] = (struct pmw_bytes){ p, len };
	e->used += len;
}

int pmw_journal_field(struct pmw_journal_entry *e, const char *key, size_t klen,
		      const char *val, size_t vlen)
{
	int f = field_of(key, klen);
	char *p;

	if (f < 0)
		return 0;
	p = room(e, vlen);
	if (!p)
		return -1;
	memcpy(p, val, vlen);
	keep(e, f, p, vlen);
	return 0;
}

/* --- journalctl -o json ------------------------------------------------------- */

struct json_in {
	const char *p, *end;
};

static void skip_space(struct json_in *in)
{
	while (in->p < in->end && strchr(" \t\r", *in->p))
		in->p++;
}

static int hex4(const char *p, unsigned int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		const char *d = strchr("0123456789abcdef0123456789ABCDEF", p[i]);

		if (!p[i] || !d)
			return -1;
		*v = *v << 4 | (unsigned int)((d - "0123456789abcdef0123456789ABCDEF") % 16);
	}
	return 0;
}

static size_t put_utf8(char *dst, unsigned int cp)
{
	if (cp < 0x80) {
		dst[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		dst[0] = 0xc0 | cp >> 6;
		dst[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp < 0x10000) {
		dst[0] = 0xe0 | cp >> 12;
		dst[1] = 0x80 | (cp >> 6 & 0x3f);
		dst[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	dst[0] = 0xf0 | cp >> 18;
	dst[1] = 0x80 | (cp >> 12 & 0x3f);
	dst[2] = 0x80 | (cp >> 6 & 0x3f);
	dst[3] = 0x80 | (cp & 0x3f);
	return 4;
}

/* \uXXXX, or a surrogate pair of them: the code point. */
static int unicode_escape(struct json_in *in, unsigned int *cp)
{
	unsigned int lo;

	if (in->end - in->p < 5 || hex4(in->p + 1, cp))
		return -1;
	in->p += 5;
	if (*cp < 0xd800 || *cp > 0xdfff)
		return 0;
	if (*cp > 0xdbff || in->end - in->p < 6 || strncmp(in->p, "\\u", 2) ||
	    hex4(in->p + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
		return -1;
	in->p += 6;
	*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
	return 0;
}

/* A JSON string at in->p, decoded into dst (room for its length). Returns its length, or -1. */
static long json_string(struct json_in *in, char *dst)
{
	static const char escapes[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
	size_t n = 0;

	if (in->p >= in->end || *in->p != '"')
		return -1;
	for (in->p++; in->p < in->end && *in->p != '"';) {
		const char *e;
		unsigned int cp;

		if (*in->p != '\\') {
			if ((unsigned char)*in->p < 0x20)
				return -1;
			dst[n++] = *in->p++;
			continue;
		}
		if (++in->p >= in->end)
			return -1;
		if (*in->p == 'u') {
			if (unicode_escape(in, &cp))
				return -1;
			n += put_utf8(dst + n, cp);
			continue;
		}
		for (e = escapes; *e && *e != *in->p; e += 2)
			;
		if (!*e)
			return -1;
		dst[n++] = e[1];
		in->p++;
	}
	if (in->p >= in->end)
		return -1;
	in->p++;
	return n;
}

/* An array of byte values, a field that is not text: its bytes into dst. -1 if not one. */
static long json_bytes(struct json_in *in, char *dst)
{
	size_t n = 0;

	for (in->p++;; in->p++) {
		char *end;
		long v;

		skip_space(in);
		if (n == 0 && in->p < in->end && *in->p == ']')
			break;
		v = strtol(in->p, &end, 10);
		if (end == in->p || end > in->end || v < 0 || v > 255)
			return -1;
		dst[n++] = v;
		in->p = end;
		skip_space(in);
		if (in->p < in->end && *in->p == ']')
			break;
		if (in->p >= in->end || *in->p != ',')
			return -1;
	}
	in->p++;
	return n;
}

/* Passes over the JSON string at in->p. Returns 0, or -1 for bad JSON. */
static int skip_string(struct json_in *in)
{
	if (in->p >= in->end || *in->p != '"')
		return -1;
	for (in->p++; in->p < in->end && *in->p != '"'; in->p++)
		if (*in->p == '\\' && ++in->p >= in->end)
			return -1;
	if (in->p >= in->end)
		return -1;
	in->p++;
	return 0;
}

/* Passes over a value: a string, a number, true, false, null, an array of them. */
static int skip_value(struct json_in *in)
{
	int depth = 0;

	do {
		skip_space(in);
		if (in->p >= in->end)
			return -1;
		if (*in->p == '"') {
			if (skip_string(in))
				return -1;
		} else if (*in->p == '[') {
			depth++;
			in->p++;
		} else if (*in->p == ']' && depth) {
			depth--;
			in->p++;
		} else if (*in->p == ',' && depth) {
			in->p++;
		} else {
			size_t n = strspn(in->p, "0123456789.-+eEtruefalsn");

			if (!n || in->p + n > in->end)
				return -1;
			in->p += n;
		}
	} while (depth);
	return 0;
}

/* The field a member's key names, -1 for one not read here. */
static int member_field(struct json_in *in)
{
	struct json_in k = *in;
	char key[64];
	long klen;

	if (skip_string(in))
		return -2;
	if (in->p - k.p > (long)sizeof(key))
		return -1;	/* no field of ours is that long: not decoded */
	klen = json_string(&k, key);
	return klen < 0 ? -2 : field_of(key, klen);
}

/*
 * One "KEY": VALUE of the object: kept when it is a field read here and
 * has one value, a string or an array of byte values; marked bad when it
 * is one with several values (an array of them) or none (null). Returns
 * 0, or -1 for bad JSON.
 */
static int json_member(struct pmw_journal_entry *e, struct json_in *in)
{
	int f = member_field(in);
	struct json_in v;
	char *dst;
	long vlen;

	if (f < -1)
		return -1;
	skip_space(in);
	if (in->p >= in->end || *in->p++ != ':')
		return -1;
	skip_space(in);
	v = *in;
	if (skip_value(in))
		return -1;
	if (f < 0)
		return 0;
	dst = room(e, in->p - v.p);
	if (!dst)
		return -1;
	if (*v.p == '"')
		vlen = json_string(&v, dst);
	else if (*v.p == '[' && v.p + 1 < v.end && strchr("0123456789] ", v.p[1]))
		vlen = json_bytes(&v, dst);
	else
		return e->bad[f] = 1, 0;
	if (vlen < 0)
		return -1;
	keep(e, f, dst, vlen);
	return 0;
}

int pmw_journal_json(struct pmw_journal_entry *e, const char *line, size_t len,
		     char *why, size_t wsize)
{
	struct json_in in = { line, line + len };

	pmw_journal_begin(e);
	skip_space(&in);
	if (in.p >= in.end || *in.p++ != '{')
		goto bad;
	skip_space(&in);
	if (in.p < in.end && *in.p == '}')
		return 0;
	for (;;) {
		skip_space(&in);
		if (json_member(e, &in))
			goto bad;
		skip_space(&in);
		if (in.p < in.end && *in.p == '}')
			break;
		if (in.p >= in.end || *in.p++ != ',')
			goto bad;
	}
	in.p++;
	skip_space(&in);
	if (in.p == in.end)
		return 0;
bad:
	snprintf(why, wsize, "not a JSON object of journal fields (at byte %ld)",
		 (long)(in.p - line));
	return -1;
}

/* --- the entry as an audit record ---------------------------------------------- */

/* A field's value as a C string in buf, if it is digits only. */
static int digits(struct pmw_bytes b, char *buf, size_t size)
{
	if (!b.p || !b.len || b.len >= size || strspn(b.p, "0123456789") < b.len)
		return -1;
	memcpy(buf, b.p, b.len);
	buf[b.len] = '\0';
	return 0;
}

static int damaged(const char *name, unsigned long lineno, const char *field, const char *what)
{
	fprintf(stderr, "procmemwatch: %s: line %lu: field %s %s\n", name, lineno, field, what);
	return -1;
}

/* journald's _BOOT_ID is 32 hex digits: as the kernel writes it, with dashes. */
static struct pmw_bytes boot_id(struct pmw_bytes b, char *buf)
{
	if (!b.p || b.len != 32 || strspn(b.p, "0123456789abcdef") < 32)
		return (struct pmw_bytes){ "", 0 };
	snprintf(buf, PMW_BOOT_ID_LEN + 1, "%.8s-%.4s-%.4s-%.4s-%.12s", b.p, b.p + 8, b.p + 12,
		 b.p + 16, b.p + 20);
	return (struct pmw_bytes){ buf, PMW_BOOT_ID_LEN };
}

int pmw_journal_event(const struct pmw_journal_entry *e, const char *name, unsigned long lineno,
		      struct pmw_event *ev, char *why, size_t wsize, int *other_transport)
{
	static char line[sizeof(e->store) + 128], boot[PMW_BOOT_ID_LEN + 1];
	const struct pmw_bytes *f = e->field, msg = f[PMW_J_MESSAGE];
	char type[16], serial[24], usec[24];
	const char *text;
	unsigned long long us;
	int i, rc;

	*other_transport = 0;
	if (!msg.p || e->bad[PMW_J_MESSAGE] || !f[PMW_J_TRANSPORT].p || e->bad[PMW_J_TRANSPORT] ||
	    !pmw_bytes_is(f[PMW_J_TRANSPORT], "audit")) {
		*other_transport = msg.p && f[PMW_J_TRANSPORT].p && !e->bad[PMW_J_TRANSPORT] &&
				   !pmw_bytes_is(f[PMW_J_TRANSPORT], "audit");
		snprintf(why, wsize, "a journal entry not of the kernel's audit (_TRANSPORT=%.*s)",
			 f[PMW_J_TRANSPORT].p ? (int)f[PMW_J_TRANSPORT].len : 4,
			 f[PMW_J_TRANSPORT].p ? f[PMW_J_TRANSPORT].p : "none");
		return 0;
	}
	for (i = 0; i < PMW_J_NFIELDS; i++)
		if (e->bad[i])
			return damaged(name, lineno, field_names[i], "given twice, or as no single value");
	if (digits(f[PMW_J_AUDIT_TYPE], type, sizeof(type)))
		return damaged(name, lineno, "_AUDIT_TYPE", "missing or not a number");
	if (digits(f[PMW_J_AUDIT_ID], serial, sizeof(serial)))
		return damaged(name, lineno, "_AUDIT_ID", "missing or not a number");
	if (digits(f[PMW_J_SOURCE_TIME], usec, sizeof(usec)) &&
	    digits(f[PMW_J_TIME], usec, sizeof(usec)))
		return damaged(name, lineno, "_SOURCE_REALTIME_TIMESTAMP", "missing or not a number");
	/* MESSAGE: the type's name, then the record's text. */
	text = memchr(msg.p, ' ', msg.len);
	if (!text || memchr(msg.p, '\0', msg.len))
		return damaged(name, lineno, "MESSAGE", "not a type's name and a record's text");
	text++;
	us = strtoull(usec, NULL, 10);
	snprintf(line, sizeof(line), "type=%s msg=audit(%llu.%06llu:%s): %.*s", type,
		 us / 1000000, us % 1000000, serial, (int)(msg.len - (text - msg.p)), text);
	rc = pmw_audit_parse_line(line, name, lineno, ev, why, wsize);
	if (rc <= 0)
		return rc;
	ev->host = f[PMW_J_HOSTNAME].p ? f[PMW_J_HOSTNAME] : (struct pmw_bytes){ "", 0 };
	ev->boot_id = boot_id(f[PMW_J_BOOT_ID], boot);
	return 1;
}
