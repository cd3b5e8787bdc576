// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: events from audit logs
 *
 * An audit log also holds what user space writes into it: auditctl -m and
 * audit_log_user_message() make type=USER* records, and logger or a write
 * to /dev/kmsg makes lines that read like the kernel's. Any of them can
 * carry the text of a procmemwatch record, so a line is an event only when
 * its header says the kernel wrote it, as a record of a type that user
 * space cannot log (the kernel takes only the USER types from it), and
 * the first field after the header says procmemwatch:
 *
 *   [node=NAME ]type=TYPE msg=audit(SEC.MS:SERIAL): FIRST ...
 *   [<PRI>][[TIME] ]audit: type=NUMBER audit(SEC.MS:SERIAL): FIRST ...
 *
 * the first as auditd writes it (RAW, or ENRICHED with a trailer after a
 * 0x1d byte; the number where auditd does not name types; node=, the
 * machine that logged it, where auditd's name_format is set), the second as
 * the kernel console and dmesg print it (dmesg -r adds <PRI>, whose
 * facility must be the kernel's: a line written to /dev/kmsg from user
 * space has another). The records are those of ABI version 1
 * (security/procmemwatch/audit.c). In a KERNEL_OTHER (1316) record, FIRST
 * is "lsm=procmemwatch op=OP": for an access, OP is its route's
 * (proc_mem_open, process_vm_readv, process_vm_writev, ptrace_attach,
 * proc_kcore_open, proc_environ_open, perf_sample, core_dump); for a
 * process_vm call that began, process_vm_readv_begun or
 * process_vm_writev_begun; summary for the accesses a summary counts;
 * dropped for an access not reported in full. A write to a setting is a
 * MAC_CONFIG_CHANGE (1405) record, "lsm=procmemwatch op=set", but for the
 * mode's, a MAC_STATUS (1404) record; a policy write a MAC_POLICY_LOAD
 * (1403) record, "lsm=procmemwatch op=policy_load", with the rule counts
 * of an accepted one or the errno= and line= of a refused one, and a
 * refresh of the exe= rules one with op=refresh: all are config changes,
 * as in the stream. Every other line is skipped, with a reason for
 * --verbose.
 *
 * An access has the fields of a mem open, but for those its route has
 * not: a /proc/kcore record names no target (opid= otid= ouid= ocomm=
 * oexe= oexe_dev= oexe_ino= ocgroup= nscross=), the records of the routes
 * without a file no path= and oflag=; a process_vm call that began adds
 * bytes= (what it moved) and begun_seq=. The executables' files are
 * exe_dev=MAJ:MIN (hex, as audit writes devices) and exe_ino=, and the
 * target's oexe_dev= and oexe_ino=; passed=, traced_exec=, would_deny=
 * and errno_guessed=1 are info bits. cgroup=(null) is a kernel without
 * cgroups. An nscross= or outcome= word this reader does not know leaves
 * the crossing unsaid, the outcome unknown.
 *
 * The event's host is node=, its audit serial the header's SERIAL, and
 * its user names those of the ENRICHED trailer (read_enriched()). Each
 * line is read alone: nothing waits for, or needs, a SYSCALL record of
 * the same serial. Only a completed open's record is logged in its
 * system call's audit event; those of process_vm, ptrace_attach and a
 * failed open are logged from a task work after that event has ended,
 * with a serial of their own.
 *
 * Fields are read from the record's text only, as the kernel writes them:
 * quoted strings, hex-encoded strings (audit_log_untrustedstring()),
 * (null), or numbers. Fields this reader does not know are a newer
 * kernel's, and ignored; a field of version 1 missing is damage.
 *
 * A summary is logged when its count is written, after the accesses: its
 * time is last_ns=, the last one's, not the header's. It names only its
 * last access's route (route=, "none" for a route it has no name for).
 *
 * A config change has no seq= in audit, the kernel logging it from the
 * write itself: its event has none (0). Its setting, old and new values
 * are the kernel's own words, written bare; a new policy says its rule
 * counts, which become the values the stream's config record gives, "0
 * rules", "1 rule", "3 rules", under the setting "policy"; a refresh its
 * counts, "2 stale" and "1 moved", under the setting "refresh".
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/procmemwatch.h>

#include "audit.h"
#include "container.h"
#include "route.h"

/* Where a field's decoded string is kept: one buffer per line. */
struct line_store {
	char buf[8192];
	size_t used;
};

enum field_kind {
	F_U32, F_U64, F_HEX32, F_STR, F_ACCESS, F_INFO, F_RES, F_OUTCOME,
	F_WORD,		/* a bare word: printable ASCII, no quote */
	F_RULES,	/* a rule count, stored as the stream's "N rules" */
	F_STALE,	/* a refresh's count, stored as the stream's "N stale" */
	F_MOVED,	/* and "N moved" */
	F_DEV,		/* a device, MAJ:MIN in hex */
	F_ROUTE,	/* a route's name, or none */
	F_REASON,	/* a dropped access's reason: nomem */
	F_CGROUP,	/* a cgroup path, a string: the record says where sides run */
	F_NSCROSS,	/* how the access crosses pid namespaces: PMW_INFO_NS_* */
};

struct field_def {
	const char *name;
	enum field_kind kind;
	size_t off;		/* in struct pmw_event */
	uint32_t bit;		/* F_INFO: the PMW_INFO_* bit */
	int required;
};

#define EV(member)	offsetof(struct pmw_event, member)

/*
 * An access's fields, by what they describe: the opener; the target,
 * which a /proc/kcore record has not; the file, which the records of
 * process_vm_readv, process_vm_writev and ptrace_attach have not; what
 * came of it. A process_vm record adds the bytes its call moved.
 */
#define OPENER_FIELDS \
	{ "pid", F_U32, EV(pid), 0, 1 }, \
	{ "tid", F_U32, EV(tid), 0, 1 }, \
	{ "ppid", F_U32, EV(ppid), 0, 1 }, \
	{ "uid", F_U32, EV(uid), 0, 1 }, \
	{ "euid", F_U32, EV(euid), 0, 1 }, \
	{ "auid", F_U32, EV(loginuid), 0, 1 }, \
	{ "ses", F_U32, EV(sessionid), 0, 1 }, \
	{ "comm", F_STR, EV(comm), 0, 1 }, \
	{ "exe", F_STR, EV(exe), 0, 1 }, \
	{ "exe_dev", F_DEV, EV(exe_id), 0, 1 }, \
	{ "exe_ino", F_U64, EV(exe_id.ino), 0, 1 }, \
	{ "cgroup", F_CGROUP, EV(ctx.cgroup), 0, 1 }
#define TARGET_FIELDS \
	{ "opid", F_U32, EV(target_pid), 0, 1 }, \
	{ "otid", F_U32, EV(target_tid), 0, 1 }, \
	{ "ouid", F_U32, EV(target_uid), 0, 1 }, \
	{ "ocomm", F_STR, EV(target_comm), 0, 1 }, \
	{ "oexe", F_STR, EV(target_exe), 0, 1 }, \
	{ "oexe_dev", F_DEV, EV(target_exe_id), 0, 1 }, \
	{ "oexe_ino", F_U64, EV(target_exe_id.ino), 0, 1 }, \
	{ "ocgroup", F_CGROUP, EV(target_ctx.cgroup), 0, 1 }, \
	{ "nscross", F_NSCROSS, EV(info), 0, 1 }
#define FILE_FIELDS \
	{ "path", F_STR, EV(path), 0, 1 }, \
	{ "oflag", F_HEX32, EV(flags), 0, 1 }
#define RESULT_FIELDS \
	{ "access", F_ACCESS, EV(access), 0, 1 }, \
	{ "self", F_INFO, EV(info), PMW_INFO_SELF, 1 }, \
	{ "tracer", F_INFO, EV(info), PMW_INFO_TRACER, 1 }, \
	{ "thread", F_INFO, EV(info), PMW_INFO_THREAD_DIR, 1 }, \
	{ "passed", F_INFO, EV(info), PMW_INFO_PASSED, 1 }, \
	{ "traced_exec", F_INFO, EV(info), PMW_INFO_TRACED_EXEC, 1 }, \
	{ "would_deny", F_INFO, EV(info), PMW_INFO_WOULD_DENY, 1 }, \
	{ "seq", F_U64, EV(seq), 0, 1 }, \
	{ "outcome", F_OUTCOME, 0, 0, 1 }, \
	{ "errno", F_U32, EV(error), 0, 1 }, \
	{ "errno_guessed", F_INFO, EV(info), PMW_INFO_GUESSED_ERROR, 0 }, \
	{ "res", F_RES, 0, 0, 1 }

static const struct field_def open_fields[] = {
	OPENER_FIELDS, TARGET_FIELDS, FILE_FIELDS, RESULT_FIELDS,
};

static const struct field_def kcore_fields[] = {
	OPENER_FIELDS, FILE_FIELDS, RESULT_FIELDS,
};

static const struct field_def target_fields[] = {
	OPENER_FIELDS, TARGET_FIELDS, RESULT_FIELDS,
};

/* A call procmemwatch denied began nothing: no bytes=, no begun_seq=. */
static const struct field_def process_vm_fields[] = {
	OPENER_FIELDS, TARGET_FIELDS, RESULT_FIELDS,
	{ "bytes", F_U64, EV(bytes), 0, 0 },
	{ "begun_seq", F_U64, EV(begun_seq), 0, 0 },
};

static const struct field_def begun_fields[] = {
	{ "pid", F_U32, EV(pid), 0, 1 },
	{ "tid", F_U32, EV(tid), 0, 1 },
	{ "uid", F_U32, EV(uid), 0, 1 },
	{ "comm", F_STR, EV(comm), 0, 1 },
	{ "opid", F_U32, EV(target_pid), 0, 1 },
	{ "otid", F_U32, EV(target_tid), 0, 1 },
	{ "ocomm", F_STR, EV(target_comm), 0, 1 },
	{ "access", F_ACCESS, EV(access), 0, 1 },
	{ "seq", F_U64, EV(seq), 0, 1 },
	{ "res", F_RES, 0, 0, 1 },
};

static const struct field_def summary_fields[] = {
	{ "uid", F_U32, EV(uid), 0, 1 },
	{ "count", F_U64, EV(count), 0, 1 },
	{ "self", F_U64, EV(self), 0, 1 },
	{ "refused", F_U64, EV(refused), 0, 1 },
	{ "failed", F_U64, EV(failed), 0, 1 },
	{ "denied", F_U64, EV(denied), 0, 1 },
	{ "would_deny", F_U64, EV(would_deny), 0, 1 },
	{ "pid", F_U32, EV(pid), 0, 1 },
	{ "comm", F_STR, EV(comm), 0, 1 },
	{ "opid", F_U32, EV(target_pid), 0, 1 },
	{ "ocomm", F_STR, EV(target_comm), 0, 1 },
	{ "route", F_ROUTE, EV(route), 0, 1 },
	{ "first_ns", F_U64, EV(first_real_ns), 0, 1 },
	{ "last_ns", F_U64, EV(real_ns), 0, 1 },
	{ "seq", F_U64, EV(seq), 0, 1 },
	{ "res", F_RES, 0, 0, 1 },
};

static const struct field_def dropped_fields[] = {
	{ "reason", F_REASON, EV(reason), 0, 1 },
	{ "route", F_ROUTE, EV(route), 0, 1 },
	{ "pid", F_U32, EV(pid), 0, 1 },
	{ "tid", F_U32, EV(tid), 0, 1 },
	{ "uid", F_U32, EV(uid), 0, 1 },
	{ "opid", F_U32, EV(target_pid), 0, 1 },
	{ "seq", F_U64, EV(seq), 0, 1 },
	{ "res", F_RES, 0, 0, 1 },
};

/* A write to a setting: which, its old and new value, and who wrote it. */
static const struct field_def set_fields[] = {
	{ "setting", F_WORD, EV(setting), 0, 1 },
	{ "old", F_WORD, EV(old_value), 0, 1 },
	{ "new", F_WORD, EV(new_value), 0, 1 },
	{ "pid", F_U32, EV(pid), 0, 1 },
	{ "uid", F_U32, EV(uid), 0, 1 },
	{ "auid", F_U32, EV(loginuid), 0, 1 },
	{ "ses", F_U32, EV(sessionid), 0, 1 },
	{ "res", F_RES, 0, 0, 1 },
};

/*
 * A policy write: accepted, with the rule counts of the new policy and the
 * one it replaced; or refused, with the errno and the line at fault (0:
 * the whole text). Which, check_policy_load() says.
 */
static const struct field_def policy_load_fields[] = {
	{ "rules", F_RULES, EV(new_value), 0, 0 },
	{ "old_rules", F_RULES, EV(old_value), 0, 0 },
	{ "errno", F_U32, EV(error), 0, 0 },
	{ "line", F_U32, EV(config_line), 0, 0 },
	{ "pid", F_U32, EV(pid), 0, 1 },
	{ "uid", F_U32, EV(uid), 0, 1 },
	{ "auid", F_U32, EV(loginuid), 0, 1 },
	{ "ses", F_U32, EV(sessionid), 0, 1 },
	{ "res", F_RES, 0, 0, 1 },
};

/* A refresh of the exe= rules: how many were stale, how many now name another file. */
static const struct field_def refresh_fields[] = {
	{ "stale", F_STALE, EV(old_value), 0, 1 },
	{ "moved", F_MOVED, EV(new_value), 0, 1 },
	{ "pid", F_U32, EV(pid), 0, 1 },
	{ "uid", F_U32, EV(uid), 0, 1 },
	{ "auid", F_U32, EV(loginuid), 0, 1 },
	{ "ses", F_U32, EV(sessionid), 0, 1 },
	{ "res", F_RES, 0, 0, 1 },
};

/* What res= and outcome= said, which must agree. */
struct outcome_fields {
	uint32_t outcome;	/* PMW_OUTCOME_*, 0: a word not known here */
	int res;
};

#define NFIELDS(t)	(sizeof(t) / sizeof((t)[0]))

/* The fields of each kind of record: which were seen is a bit mask. */
struct field_table {
	const struct field_def *defs;
	size_t n;
};

_Static_assert(NFIELDS(open_fields) <= 64 && NFIELDS(kcore_fields) <= 64 &&
	       NFIELDS(target_fields) <= 64 && NFIELDS(process_vm_fields) <= 64,
	       "seen fields fit a 64-bit mask");

/* The types of the records procmemwatch logs, by number and by auditd's name. */
enum audit_type { AT_KERNEL_OTHER, AT_POLICY_LOAD, AT_STATUS, AT_CONFIG_CHANGE };

static const struct {
	const char *number, *name;
} audit_types[] = {
	[AT_KERNEL_OTHER] = { "1316", "KERNEL_OTHER" },
	[AT_POLICY_LOAD] = { "1403", "MAC_POLICY_LOAD" },
	[AT_STATUS] = { "1404", "MAC_STATUS" },
	[AT_CONFIG_CHANGE] = { "1405", "MAC_CONFIG_CHANGE" },
};

/* Each record procmemwatch logs: its type, its op= and the event it is. */
struct record_def {
	enum audit_type type;
	const char *op;
	enum pmw_event_kind kind;
	uint32_t route;		/* PMW_ROUTE_* of an access or a begun call; 0: none */
	const char *setting;	/* of a config change whose fields do not name it */
	struct field_table fields;
};

#define TABLE(t)	{ t, NFIELDS(t) }
#define ACCESS(op, route, t)	{ AT_KERNEL_OTHER, op, PMW_EV_ACCESS, route, NULL, TABLE(t) }

static const struct record_def records[] = {
	ACCESS("op=proc_mem_open", PMW_ROUTE_MEM, open_fields),
	ACCESS("op=process_vm_readv", PMW_ROUTE_PROCESS_VM_READV, process_vm_fields),
	ACCESS("op=process_vm_writev", PMW_ROUTE_PROCESS_VM_WRITEV, process_vm_fields),
	ACCESS("op=ptrace_attach", PMW_ROUTE_PTRACE_ATTACH, target_fields),
	ACCESS("op=proc_kcore_open", PMW_ROUTE_KCORE, kcore_fields),
	ACCESS("op=proc_environ_open", PMW_ROUTE_ENVIRON, open_fields),
	ACCESS("op=perf_sample", PMW_ROUTE_PERF_SAMPLE, target_fields),
	ACCESS("op=core_dump", PMW_ROUTE_CORE_DUMP, target_fields),
	{ AT_KERNEL_OTHER, "op=process_vm_readv_begun", PMW_EV_BEGUN,
	  PMW_ROUTE_PROCESS_VM_READV, NULL, TABLE(begun_fields) },
	{ AT_KERNEL_OTHER, "op=process_vm_writev_begun", PMW_EV_BEGUN,
	  PMW_ROUTE_PROCESS_VM_WRITEV, NULL, TABLE(begun_fields) },
	{ AT_KERNEL_OTHER, "op=summary", PMW_EV_SUMMARY, 0, NULL, TABLE(summary_fields) },
	{ AT_KERNEL_OTHER, "op=dropped", PMW_EV_DROPPED, 0, NULL, TABLE(dropped_fields) },
	{ AT_CONFIG_CHANGE, "op=set", PMW_EV_CONFIG, 0, NULL, TABLE(set_fields) },
	{ AT_STATUS, "op=set", PMW_EV_CONFIG, 0, NULL, TABLE(set_fields) },
	{ AT_POLICY_LOAD, "op=policy_load", PMW_EV_CONFIG, 0, "policy",
	  TABLE(policy_load_fields) },
	{ AT_POLICY_LOAD, "op=refresh", PMW_EV_CONFIG, 0, "refresh", TABLE(refresh_fields) },
};

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

/* Hex digits v[0..len), 1 to 8 of them, as a number. -1 if not. */
static int decode_hex_digits(const char *v, size_t len, uint64_t *out)
{
	uint64_t n = 0;
	size_t i;

	if (!len || len > 8)
		return -1;
	for (i = 0; i < len; i++) {
		int d = hexval(v[i]);

		if (d < 0)
			return -1;
		n = n * 16 + d;
	}
	*out = n;
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

		if (d < 0 || (uint64_t)d > max || n > (max - d) / (hex ? 16 : 10))
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

/* What an audit record's header says: its time and serial. */
struct stamp {
	uint64_t real_ns, serial;
};

/* After "audit(": "SEC.FRAC:SERIAL): ". Returns what follows, or NULL. */
static const char *stamp(const char *p, struct stamp *st)
{
	uint64_t sec = 0, ns = 0, scale = 100000000, serial = 0;

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
	for (; isdigit((unsigned char)*p); p++) {
		if (serial > UINT32_MAX)	/* the kernel's serial is 32 bits */
			return NULL;
		serial = serial * 10 + (*p - '0');
	}
	if (strncmp(p, "): ", 3))
		return NULL;
	st->real_ns = sec * 1000000000ULL + ns;
	st->serial = serial;
	return p + 3;
}

static const char *skip_prefix(const char *p, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(p, prefix, n) ? NULL : p + n;
}

static int word_is(const char *p, size_t len, const char *word)
{
	return strlen(word) == len && !memcmp(p, word, len);
}

/*
 * "type=T" where T must be a type procmemwatch logs, by number, or by name
 * where named; returns what follows T and sets *type.
 */
static const char *kernel_type(const char *p, int named, enum audit_type *type,
			       char *why, size_t wsize)
{
	const char *end = word_end(p);
	size_t i, len = end - p;
	char t[64];

	for (i = 0; i < NFIELDS(audit_types); i++)
		if (word_is(p, len, audit_types[i].number) ||
		    (named && word_is(p, len, audit_types[i].name))) {
			*type = i;
			return end;
		}
	quote_for_message(t, sizeof(t), p, len);
	snprintf(why, wsize, "type=%s is not a kernel record of procmemwatch's types "
		 "(KERNEL_OTHER, MAC_POLICY_LOAD, MAC_STATUS, MAC_CONFIG_CHANGE)", t);
	return NULL;
}

/* auditd: "type=T msg=audit(...): ", after node= */
static const char *auditd_header(const char *p, enum audit_type *type, struct stamp *st,
				 char *why, size_t wsize)
{
	p = kernel_type(p + 5, 1, type, why, wsize);
	if (!p)
		return NULL;
	p = skip_prefix(p, " msg=audit(");
	if (!p || !(p = stamp(p, st)))
		snprintf(why, wsize, "no msg=audit(time:serial): header after the type");
	return p;
}

/*
 * Kernel console, dmesg: "[<PRI>][[TIME] ]audit: type=". Returns what
 * follows, or NULL; *pri is the <PRI> given, -1 for none.
 */
static const char *console_prefix(const char *p, int *pri)
{
	const char *q;

	*pri = -1;
	if (*p == '<') {
		unsigned int n = 0;

		for (q = p + 1; isdigit((unsigned char)*q) && n < 1024; q++)
			n = n * 10 + (*q - '0');
		if (q == p + 1 || *q != '>')
			return NULL;
		*pri = n;
		p = q + 1;
	}
	if (*p == '[' && (q = strchr(p, ']'))) {
		p = q + 1;
		while (*p == ' ')
			p++;
	}
	return skip_prefix(p, "audit: type=");
}

/* Kernel console, dmesg: "[<PRI>][[TIME] ]audit: type=N audit(...): " */
static const char *console_header(const char *p, enum audit_type *type, struct stamp *st,
				  char *why, size_t wsize)
{
	int pri;

	p = console_prefix(p, &pri);
	if (!p) {
		snprintf(why, wsize, "not an audit record of auditd or the kernel console");
		return NULL;
	}
	/* Facility 0 is the kernel's; /dev/kmsg turns it into user for writers. */
	if (pri >= 8) {
		snprintf(why, wsize, "syslog facility %d: written by user space, not the kernel",
			 pri >> 3);
		return NULL;
	}
	p = kernel_type(p, 0, type, why, wsize);
	if (!p)
		return NULL;
	p = skip_prefix(p, " audit(");
	if (!p || !(p = stamp(p, st)))
		snprintf(why, wsize, "no audit(time:serial): header after the type");
	return p;
}

/*
 * auditd's "node=NAME " before the type: the machine that logged the
 * record, set by its name_format. Returns what follows it.
 */
static const char *node_prefix(const char *line, struct pmw_bytes *host)
{
	const char *sp;

	*host = (struct pmw_bytes){ "", 0 };
	if (strncmp(line, "node=", 5) || !(sp = strchr(line, ' ')))
		return line;
	*host = (struct pmw_bytes){ line + 5, sp - line - 5 };
	return sp + 1;
}

int pmw_audit_is_record(const char *line)
{
	struct pmw_bytes host;
	const char *p = node_prefix(line, &host);
	struct stamp st;
	int pri;

	if (!strncmp(p, "type=", 5))
		p = skip_prefix(word_end(p), " msg=audit(");
	else if ((p = console_prefix(p, &pri)))
		p = skip_prefix(word_end(p), " audit(");
	return p && stamp(p, &st);
}

/* "op=WORD" at p, ending there; returns what follows, or NULL. */
static const char *op_is(const char *p, const char *op)
{
	p = skip_prefix(p, op);
	return p && (*p == ' ' || at_end(*p)) ? p : NULL;
}

/*
 * The record's first field must say procmemwatch, and its op= be one that
 * procmemwatch logs in a record of this type. Returns that record, and
 * moves *pp to the fields after op=.
 */
static const struct record_def *procmemwatch_body(const char **pp, enum audit_type type,
						  char *why, size_t wsize)
{
	const char *p = *pp, *q;
	int lsm = 0;
	size_t i;
	char w[64];

	q = skip_prefix(p, "lsm=procmemwatch ");
	if (q) {
		p = q;
		lsm = 1;
	}
	if (lsm && op_is(p, "op=proc_mem_self_opens")) {
		snprintf(why, wsize, "op=proc_mem_self_opens: a record of a kernel before ABI "
			 "version 1, which this reader does not read");
		return NULL;
	}
	for (i = 0; lsm && i < NFIELDS(records); i++) {
		if (records[i].type != type)
			continue;
		q = op_is(p, records[i].op);
		if (q) {
			*pp = q;
			return &records[i];
		}
	}
	quote_for_message(w, sizeof(w), p, word_end(p) - p);
	if (lsm)
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

/* A lowercase word of the kernel's: outcome=, nscross=. */
static int is_word(const char *v, size_t len)
{
	return len && strspn(v, "abcdefghijklmnopqrstuvwxyz_-") >= len;
}

/* outcome=WORD: a word of a newer kernel is not known here, and not bad. */
static int store_outcome(const char *v, size_t len, struct outcome_fields *oc)
{
	static const struct { const char *word; uint32_t outcome; } words[] = {
		{ "opened", PMW_OUTCOME_OPENED },
		{ "refused", PMW_OUTCOME_REFUSED },
		{ "failed", PMW_OUTCOME_FAILED },
		{ "denied", PMW_OUTCOME_DENIED },
	};
	size_t i;

	if (!is_word(v, len))
		return -1;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].word) == len && !memcmp(v, words[i].word, len))
			oc->outcome = words[i].outcome;
	return 0;
}

/* nscross=WORD: a word of a newer kernel is not known here, and not bad. */
static int store_crossing(const char *v, size_t len, struct pmw_event *ev)
{
	uint32_t info;

	if (!is_word(v, len))
		return -1;
	if (!pmw_ns_crossing_parse(v, len, &info)) {
		ev->info |= info;
		ev->has_crossing = 1;
	}
	return 0;
}

/* A bare word of the kernel's own (a setting's name or value), copied into the store. */
static int store_word(const char *v, size_t len, struct line_store *st, struct pmw_bytes *out)
{
	size_t i;

	if (!len || len >= sizeof(st->buf) - st->used)
		return -1;
	for (i = 0; i < len; i++)
		if ((unsigned char)v[i] <= ' ' || (unsigned char)v[i] >= 0x7f || v[i] == '"')
			return -1;
	out->p = memcpy(st->buf + st->used, v, len);
	out->len = len;
	st->used += len;
	return 0;
}

/*
 * A count, stored as the stream's config record says it: "1 rule", "3
 * rules"; "2 stale", "1 moved".
 */
static int store_count(const char *v, size_t len, enum field_kind kind, struct line_store *st,
		       struct pmw_bytes *out)
{
	size_t room = sizeof(st->buf) - st->used;
	uint64_t n;
	int w;

	if (decode_number(v, len, 0, UINT32_MAX, &n))
		return -1;
	if (kind == F_RULES)
		w = snprintf(st->buf + st->used, room, "%u rule%s", (unsigned int)n,
			     n == 1 ? "" : "s");
	else
		w = snprintf(st->buf + st->used, room, "%u %s", (unsigned int)n,
			     kind == F_STALE ? "stale" : "moved");
	if (w < 0 || (size_t)w >= room)
		return -1;
	out->p = st->buf + st->used;
	out->len = w;
	st->used += w;
	return 0;
}

/* MAJ:MIN in hex, as audit writes a device (%02x:%02x). */
static int store_dev(const char *v, size_t len, struct pmw_file_ref *f)
{
	const char *colon = memchr(v, ':', len);
	uint64_t major, minor;

	if (!colon || decode_hex_digits(v, colon - v, &major) ||
	    decode_hex_digits(colon + 1, len - (colon + 1 - v), &minor))
		return -1;
	f->dev_major = major;
	f->dev_minor = minor;
	return 0;
}

/* A route's name, or "none"; a word of a newer kernel's is no route known here (0). */
static int store_route(const char *v, size_t len, uint32_t *route)
{
	const struct pmw_route_info *r = pmw_route_named(v, len);

	if (!is_word(v, len))
		return -1;
	*route = r ? r->route : 0;
	return 0;
}

/* Why an access was dropped: nomem, or a newer kernel's word (reason 0, not known). */
static int store_reason(const char *v, size_t len, uint32_t *reason)
{
	if (!is_word(v, len))
		return -1;
	*reason = word_is(v, len, "nomem") ? PMW_DROPPED_NOMEM : 0;
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
	case F_CGROUP:
		ev->has_cgroup = 1;
		/* fall through */
	case F_STR:
		return decode_string(v, len, st, (struct pmw_bytes *)dst);
	case F_NSCROSS:
		return store_crossing(v, len, ev);
	case F_WORD:
		return store_word(v, len, st, (struct pmw_bytes *)dst);
	case F_RULES:
	case F_STALE:
	case F_MOVED:
		return store_count(v, len, f->kind, st, (struct pmw_bytes *)dst);
	case F_DEV:
		return store_dev(v, len, (struct pmw_file_ref *)dst);
	case F_ROUTE:
		return store_route(v, len, (uint32_t *)dst);
	case F_REASON:
		return store_reason(v, len, (uint32_t *)dst);
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

/* What a missing or bad value of a field of this kind is called. */
static const char *bad_value(enum field_kind kind)
{
	switch (kind) {
	case F_STR:
	case F_CGROUP:
		return "missing or invalid hex";
	case F_OUTCOME:
	case F_WORD:
	case F_NSCROSS:
		return "missing or not a word";
	default:
		return "missing or not a number (line cut?)";
	}
}

/*
 * Reads the fields after op=, those of table t. Returns 0, or -1
 * (reported).
 */
static int read_fields(const char *p, const struct field_table *t, struct line_store *st,
		       const char *name, unsigned long lineno, struct pmw_event *ev,
		       struct outcome_fields *oc)
{
	const struct field_def *f;
	const char *key, *val;
	size_t klen, vlen, i;
	uint64_t seen = 0;

	while (next_field(&p, &key, &klen, &val, &vlen)) {
		for (i = 0; i < t->n; i++)
			if (word_is(key, klen, t->defs[i].name))
				break;
		if (i == t->n)
			continue;	/* a newer kernel's field */
		f = &t->defs[i];
		if (seen & (uint64_t)1 << i) {
			report(name, lineno, "appears twice", f->name);
			return -1;
		}
		seen |= (uint64_t)1 << i;
		if (val && !store_field(f, val, vlen, st, ev, oc))
			continue;
		report(name, lineno, bad_value(f->kind), f->name);
		return -1;
	}
	for (i = 0; i < t->n; i++)
		if (t->defs[i].required && !(seen & (uint64_t)1 << i)) {
			/* What every access record of version 1 has, and no older one. */
			report(name, lineno, strcmp(t->defs[i].name, "exe_dev") ? bad_value(t->defs[i].kind) :
			       "missing: a record of a kernel before ABI version 1, which this reader "
			       "does not read", t->defs[i].name);
			return -1;
		}
	return 0;
}

/* An open's outcome from its fields. Returns 0, or -1 (reported). */
static int open_outcome(const struct outcome_fields *oc, const char *name,
			unsigned long lineno, struct pmw_event *ev)
{
	/* The kernel writes res=1 exactly for opened: res=0 for denied too. */
	if (oc->outcome && (oc->outcome == PMW_OUTCOME_OPENED) != oc->res) {
		report(name, lineno, "disagrees with res", "outcome");
		return -1;
	}
	ev->outcome = oc->outcome;	/* 0: a word not known here, unknown */
	return 0;
}

/* A policy write is accepted, with its rule counts, or refused, with its errno. */
static int check_policy_load(const struct outcome_fields *oc, const char *name,
			     unsigned long lineno, const struct pmw_event *ev)
{
	if (ev->error ? oc->res : !oc->res) {
		report(name, lineno, "disagrees with errno", "res");
		return -1;
	}
	if (!ev->error && (!ev->new_value.len || !ev->old_value.len)) {
		report(name, lineno, bad_value(F_RULES), ev->new_value.len ? "old_rules" : "rules");
		return -1;
	}
	return 0;
}

/*
 * auditd's ENRICHED trailer, after the 0x1d byte that ends the record:
 * the names the machine that logged it gave its uids (UID="alice"
 * AUID="unset" OUID="bob"), the only ones right for that machine. auditd
 * writes it, not the kernel (a string the kernel logs with a 0x1d is
 * hex-encoded), so it is trusted as the log is. "unset" (no login uid)
 * and "unknown(N)" (no name there) are no name; so is anything unquoted.
 */
static void read_enriched(const char *line, struct line_store *st, struct pmw_event *ev)
{
	static const struct {
		const char *key;
		size_t off;
	} names[] = {
		{ "UID", EV(uid_name) }, { "EUID", EV(euid_name) },
		{ "AUID", EV(auid_name) }, { "OUID", EV(target_uid_name) },
	};
	const char *p = strchr(line, '\x1d'), *key, *val;
	size_t klen, vlen, i;

	if (!p)
		return;
	p++;
	while (next_field(&p, &key, &klen, &val, &vlen)) {
		if (!val || vlen < 3 || val[0] != '"' || val[vlen - 1] != '"' ||
		    word_is(val, vlen, "\"unset\"") || !strncmp(val, "\"unknown(", 9))
			continue;
		for (i = 0; i < NFIELDS(names); i++)
			if (word_is(key, klen, names[i].key))
				decode_string(val, vlen, st, (struct pmw_bytes *)((char *)ev +
							names[i].off));
	}
}

/*
 * The res= of a self-opens record and of a config change is always 1, each
 * being of something done: a self-opens record's outcomes are in its
 * counts. A config change names one uid, its writer's, which stands for
 * the effective one too, as in the stream's config record.
 */
int pmw_audit_parse_line(const char *line, const char *name, unsigned long lineno,
			 struct pmw_event *ev, char *why, size_t wsize)
{
	static struct line_store st;
	const struct record_def *rec;
	struct outcome_fields oc = { 0, 0 };
	const char *p, *body;
	enum audit_type type;
	struct stamp head = { 0, 0 };
	struct pmw_bytes host;

	p = node_prefix(line, &host);
	if (!strncmp(p, "type=", 5))
		body = auditd_header(p, &type, &head, why, wsize);
	else
		body = console_header(line, &type, &head, why, wsize);
	if (!body || !(rec = procmemwatch_body(&body, type, why, wsize)))
		return 0;
	memset(ev, 0, sizeof(*ev));
	ev->kind = rec->kind;
	ev->route = rec->route;
	ev->real_ns = head.real_ns;	/* a summary's is its last_ns= */
	ev->audit_serial = head.serial;
	ev->has_audit_serial = 1;
	ev->host = host;
	if (rec->setting)
		ev->setting = (struct pmw_bytes){ rec->setting, strlen(rec->setting) };
	st.used = 0;
	if (read_fields(body, &rec->fields, &st, name, lineno, ev, &oc))
		return -1;
	if (rec->kind != PMW_EV_ACCESS) {
		/* Records that name one uid, and no login of it. */
		ev->euid = ev->uid;
		if (rec->kind != PMW_EV_CONFIG)
			ev->loginuid = ev->sessionid = UINT32_MAX;
	}
	if (rec->kind == PMW_EV_ACCESS) {
		if (open_outcome(&oc, name, lineno, ev))
			return -1;
		ev->has_exe_id = 1;
		pmw_place_containers(ev);
	}
	if (rec->kind == PMW_EV_SUMMARY)
		ev->outcome = 0;	/* the last access's: not in the audit record */
	if (!strcmp(rec->op, "op=policy_load") && check_policy_load(&oc, name, lineno, ev))
		return -1;
	read_enriched(line, &st, ev);
	if (rec->kind == PMW_EV_CONFIG)
		ev->euid_name = ev->uid_name;
	return 1;
}
