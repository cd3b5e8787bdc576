/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: an event decoded from any source */

#ifndef PMW_EVENT_H
#define PMW_EVENT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * PMW_EV_OPEN: an access to another process's memory, or to the kernel's,
 * by one of the routes of route.c: an open of a mem file or of /proc/kcore,
 * a process_vm_readv(2) or process_vm_writev(2) call, a ptrace attach.
 * PMW_EV_UNKNOWN: a record of a type this reader does not know, skipped.
 * PMW_EV_DROPPED: an access not reported in full: opener (pid, tid, uid),
 * route, target_pid (0: unknown) and reason, no time. PMW_EV_CONFIG: a
 * write to a setting, or a new policy (setting "policy", values "N
 * rules"): real_ns, the writer (pid, uid, loginuid, sessionid), setting,
 * old_value and new_value. PMW_EV_SELF_OPENS: opens of their own mem files
 * counted instead of recorded: uid (UINT32_MAX: several users), the last
 * opener (pid, comm), first_real_ns to real_ns (the last), count, refused
 * and failed; no target_pid, each open being of its opener's own memory,
 * and the route mem.
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

/*
 * Where one side of an access runs (version 4 open records; audit records
 * give only the cgroup's path). A 0 or an empty path is not known: a
 * process that had exited, the missing target of a /proc/kcore access, a
 * kernel without cgroups. The path may be cut to its tail (it then does
 * not start with '/').
 */
struct pmw_ctx {
	uint64_t cgroup_id;
	uint32_t pid_ns, mnt_ns, user_ns, net_ns;	/* inode numbers */
	struct pmw_bytes cgroup;			/* cgroup v2 path */
};

/*
 * The container and Kubernetes pod that a cgroup path names (container.c).
 * Both are strings of a few safe characters ([0-9a-f-] for ids and uids,
 * a machine name's [A-Za-z0-9.-]), NUL-terminated.
 */
#define PMW_CONTAINER_ID_MAX	64	/* a 64-hex id, a machine name */
#define PMW_POD_UID_MAX		36	/* 8-4-4-4-12 hex */

struct pmw_container {
	const char *runtime;			/* NULL: not known, or no container */
	char id[PMW_CONTAINER_ID_MAX + 1];	/* "": in no container */
	char pod[PMW_POD_UID_MAX + 1];		/* "": in no pod */
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
	uint32_t route;		/* PMW_ROUTE_*: of an open, a dropped open, self-opens (mem) */
	uint64_t bytes;		/* PMW_EV_OPEN: what a process_vm call moved */
	struct pmw_bytes comm, exe, target_comm, target_exe, path;
	uint32_t reason;	/* PMW_EV_DROPPED: PMW_DROPPED_* */
	struct pmw_bytes setting, old_value, new_value;	/* PMW_EV_CONFIG */
	uint64_t first_real_ns;			/* PMW_EV_SELF_OPENS */
	uint64_t count, refused, failed;	/* PMW_EV_SELF_OPENS */
	/* PMW_EV_OPEN: where each side runs, and the containers that names */
	struct pmw_ctx ctx, target_ctx;
	struct pmw_container container, target_container;
	int has_cgroup;		/* the source gives the cgroup paths (maybe empty) */
	int has_ns;		/* it gives cgroup ids and namespaces: version 4 */
	int has_crossing;	/* its PMW_INFO_NS_* bits of info say the crossing */
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

/*
 * Containers (container.c). pmw_place_containers() fills an open's
 * container and target_container from its cgroup paths: each decoder calls
 * it. pmw_ns_crossing() is the word for how it crosses pid namespaces: no,
 * host, inward or outward; NULL when the event does not say.
 */
void pmw_container_of(struct pmw_bytes cgroup, struct pmw_container *c);
void pmw_place_containers(struct pmw_event *ev);
const char *pmw_ns_crossing(const struct pmw_event *ev);
/* nscross=WORD into its PMW_INFO_NS_* bits. Returns 0, or -1 for a word not known. */
int pmw_ns_crossing_parse(const char *s, size_t len, uint32_t *info);
/* The id as the human format shows it: 12 digits of a 64-hex id, a machine name whole. */
struct pmw_bytes pmw_container_short(const struct pmw_container *c);
/* --container: could s name a container or a pod (characters, length)? 1 or 0. */
int pmw_container_arg_valid(const char *s);
/*
 * Does s name c's container (its id, or 4 or more of its first digits; a
 * machine's name, whole) or its pod (its uid, or 4 or more of its first
 * characters)? 1 or 0.
 */
int pmw_container_matches(const struct pmw_container *c, const char *s);

/* The user name of uid in /etc/passwd (user.c); len 0 when it has none. */
struct pmw_bytes pmw_user_name(uint32_t uid);

/*
 * Routes into memory (route.c). A route this reader does not know has no
 * info: it is named by its number, and its events keep what they carry.
 */
struct pmw_route_info {
	uint32_t route;		/* PMW_ROUTE_* */
	const char *name;	/* procmem.route, --route, the human format's word */
	const char *action;	/* ECS event.action: the audit record's op= */
	unsigned int file:1;	/* a path and open flags */
	unsigned int target:1;	/* a target process */
	unsigned int bytes:1;	/* bytes moved */
};

const struct pmw_route_info *pmw_route(uint32_t route);
/* The route's name, or its number written into buf. */
const char *pmw_route_name(uint32_t route, char *buf, size_t size);
/* A name or a number from 1 to 63 (--route). Returns 0, or -1. */
int pmw_route_parse(const char *s, size_t len, uint32_t *route);
int pmw_has_file(const struct pmw_event *ev);
int pmw_has_target(const struct pmw_event *ev);
int pmw_has_bytes(const struct pmw_event *ev);

/*
 * An open's ATT&CK classification (finding.c), the same in every format,
 * and the Tracee signature that reports the same finding.
 */
struct pmw_attack_ref {
	const char *id, *name;	/* id NULL: none */
};

struct pmw_finding {
	const char *rule_id, *rule_name;	/* ECS rule.* */
	struct pmw_attack_ref tactic, technique, subtechnique;
	const char *tracee_event;	/* Tracee's eventName */
	const char *tracee_id;		/* signatureID: Tracee's, or rule_id */
	const char *tracee_name;	/* signatureName */
	const char *tracee_category;	/* Properties.Category */
	int tracee_severity;		/* Properties.Severity */
	const char *stix_id;		/* Properties.id: ATT&CK's STIX id */
	const char *description;	/* metadata.Description */
	const char *trigger;		/* the Tracee event it is detected from */
};

/* NULL for an event that is no finding: see finding.c. */
const struct pmw_finding *pmw_finding_of(const struct pmw_event *ev);
/* ECS: ,"threat":{...},"rule":{...} */
void pmw_put_ecs_threat(FILE *out, const struct pmw_finding *f);
/* OCSF: ,"attacks":[{...}] */
void pmw_put_ocsf_attacks(FILE *out, const struct pmw_finding *f);

/*
 * Open flags by name (flags.c): the access mode, then each flag, with
 * sep between them, each in quotes when quote is set.
 */
void pmw_put_flag_names(FILE *out, const struct pmw_event *ev, const char *sep, int quote);

/* Output. */
enum pmw_format { PMW_FMT_HUMAN, PMW_FMT_JSON, PMW_FMT_OCSF, PMW_FMT_TRACEE };

struct pmw_output {
	FILE *out;
	FILE *err;			/* tracee format: notices of gaps; NULL: none */
	enum pmw_format format;
	int color;
	enum pmw_time_style time_style;	/* human format */
	int utc;			/* human format: UTC, not local time */
	int numeric_uid;		/* human format: no user names */
};

void pmw_print(const struct pmw_output *o, const struct pmw_event *ev);

/* Words every format uses (format.c): an outcome, why an access was dropped. */
const char *pmw_outcome_name(uint32_t outcome);
const char *pmw_dropped_reason(uint32_t reason, char *buf, size_t size);

/* The tracee format (tracee.c). */
void pmw_print_tracee(const struct pmw_output *o, const struct pmw_event *ev);

#endif /* PMW_EVENT_H */
