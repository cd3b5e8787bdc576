/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: an event decoded from any source */

#ifndef PMW_EVENT_H
#define PMW_EVENT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * PMW_EV_UNKNOWN: a record of a type this reader does not know, skipped.
 * PMW_EV_DROPPED: an open not reported in full: opener (pid, tid, uid),
 * target_pid (0: unknown) and reason, no time. PMW_EV_CONFIG: a write to
 * a setting, or a new policy (setting "policy", values "N rules"): real_ns,
 * the writer (pid, uid, loginuid, sessionid), setting, old_value and
 * new_value. PMW_EV_SELF_OPENS: opens of their own mem files counted
 * instead of recorded: uid (UINT32_MAX: several users), the last opener
 * (pid, comm), first_real_ns to real_ns (the last), count, refused and
 * failed; no target_pid, each open being of its opener's own memory.
 */
enum pmw_event_kind {
	PMW_EV_OPEN = 1, PMW_EV_LOST = 2, PMW_EV_UNKNOWN = 3, PMW_EV_DROPPED = 4,
	PMW_EV_CONFIG = 5, PMW_EV_SELF_OPENS = 6,
};

/* A string of an event: bytes, not NUL-terminated, maybe not UTF-8. */
struct pmw_bytes {
	const char *p;
	size_t len;
};

struct pmw_event {
	enum pmw_event_kind kind;
	uint64_t seq;		/* 0: none, as for a config change read from an audit log */
	uint64_t lost;		/* PMW_EV_LOST: events missed from seq on */
	uint64_t mono_ns, real_ns;
	uint32_t pid, tid, ppid, ns_pid, uid, euid, loginuid, sessionid;
	uint32_t target_pid, target_tid, target_uid, target_ns_pid;
	uint32_t flags, access, outcome, info;
	uint32_t error;		/* errno of an open that did not complete; 0: none or not said */
	uint32_t open_flags;	/* PMW_OPEN_* bits, when has_open_flags */
	int has_open_flags;	/* a version 2 record: flags from open_flags, not flags */
	struct pmw_bytes comm, exe, target_comm, target_exe, path;
	uint32_t reason;	/* PMW_EV_DROPPED: PMW_DROPPED_* */
	struct pmw_bytes setting, old_value, new_value;	/* PMW_EV_CONFIG */
	uint64_t first_real_ns;			/* PMW_EV_SELF_OPENS */
	uint64_t count, refused, failed;	/* PMW_EV_SELF_OPENS */
};

/* Decoding a stream of binary records. */
struct pmw_decoder {
	const char *name;	/* of the input, for messages */
	uint64_t offset;	/* of the next byte to decode, in the input */
	unsigned long errors;	/* bad input reported */
	unsigned long unknown;	/* records of unknown type skipped */
	int skipping;		/* inside bad input, reported at its start */
	int verbose;		/* report each record of unknown type */
};

/*
 * Decodes the record at buf[0..len). Returns the bytes it takes (skip them
 * whatever the outcome), 0 if more input is needed, and sets *ok when ev
 * holds an event (of kind PMW_EV_UNKNOWN for a record of a type this
 * reader does not know). Bad input is reported on stderr with its offset;
 * at_eof says that no more input follows buf[len].
 */
size_t pmw_decode(struct pmw_decoder *d, const unsigned char *buf, size_t len,
		  int at_eof, struct pmw_event *ev, int *ok);

/*
 * Parses one audit log line. Returns 1 and fills ev for a procmemwatch
 * record the kernel wrote, 0 for any other line (why[0..wsize) says why
 * it was skipped), -1 for a damaged record (reported on stderr with its
 * line number). Strings point into a buffer that the next call reuses.
 */
int pmw_audit_parse_line(const char *line, const char *name, unsigned long lineno,
			 struct pmw_event *ev, char *why, size_t wsize);

/* Strings (text.c): see there for the encodings. */
size_t pmw_utf8_next(const unsigned char *s, size_t n, uint32_t *cp);
int pmw_unsafe_cp(uint32_t cp);
void pmw_put_json_string(FILE *out, struct pmw_bytes b);
int pmw_put_text(FILE *out, struct pmw_bytes b);	/* returns the width */

/* Times (timestamp.c). */
enum pmw_time_style {
	PMW_TIME_DEFAULT,	/* 2026-11-23 13:15:40.972000 +0100 */
	PMW_TIME_ISO,		/* 2026-11-23T13:15:40.972000+01:00 */
	PMW_TIME_JSON,		/* 2026-11-23T12:15:40.972000Z, always UTC */
};

void pmw_put_time(FILE *out, uint64_t real_ns, enum pmw_time_style style, int utc);

/*
 * Parses a --since/--until TIME into nanoseconds since the epoch, local
 * time unless utc or the time says its offset. Returns 0, or -1.
 */
int pmw_parse_time(const char *s, int utc, long long now_ns, long long *out);

/* The user name of uid in /etc/passwd (user.c); len 0 when it has none. */
struct pmw_bytes pmw_user_name(uint32_t uid);

/* Output. */
enum pmw_format { PMW_FMT_HUMAN, PMW_FMT_JSON, PMW_FMT_OCSF };

struct pmw_output {
	FILE *out;
	enum pmw_format format;
	int color;
	enum pmw_time_style time_style;	/* human format */
	int utc;			/* human format: UTC, not local time */
	int numeric_uid;		/* human format: no user names */
};

void pmw_print(const struct pmw_output *o, const struct pmw_event *ev);

#endif /* PMW_EVENT_H */
