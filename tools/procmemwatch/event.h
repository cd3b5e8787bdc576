/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: an event decoded from any source */

#ifndef PMW_EVENT_H
#define PMW_EVENT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * PMW_EV_ACCESS: an access to another process's memory, or to the kernel's,
 * by one of the routes of route.c (an open or a read of a mem, environ or
 * kcore file, a process_vm_readv(2) or process_vm_writev(2) call, a ptrace
 * attach or traced exec, a perf sampling, a core dump).
 * PMW_EV_BEGUN: a process_vm call began (its PMW_EV_ACCESS follows, with
 * begun_seq this seq): real_ns, mono_ns, the caller (pid, tid, uid,
 * comm), route, access, the target (target_pid, target_tid, target_comm).
 * PMW_EV_UNKNOWN: a record of a type this reader does not know, skipped.
 * PMW_EV_DROPPED: an access not reported in full: opener (pid, tid, uid),
 * route, target_pid (0: unknown) and reason, no time. PMW_EV_CONFIG: a
 * write to a setting, a new policy (setting "policy", values "N rules"),
 * a refresh (values "N stale", "N moved"), or from an audit log a policy
 * write the kernel refused (error, config_line): real_ns, the writer (pid,
 * uid, loginuid, sessionid), setting, old_value and new_value.
 * PMW_EV_SUMMARY: accesses of one user beyond event_rate, counted instead
 * of recorded: uid (UINT32_MAX: several users), first_real_ns to real_ns
 * (the last), count and of those self, refused, failed, denied and
 * would_deny; routes, the routes they took; the last one's opener (pid,
 * comm), target (target_pid, 0: none; target_comm), route and outcome.
 */
enum pmw_event_kind {
	PMW_EV_ACCESS = 1, PMW_EV_LOST = 2, PMW_EV_UNKNOWN = 3, PMW_EV_DROPPED = 4,
	PMW_EV_CONFIG = 5, PMW_EV_SUMMARY = 6, PMW_EV_BEGUN = 7,
};

/* A file by the numbers stat(2) gives it: its device's major and minor, its inode. */
struct pmw_file_ref {
	uint32_t dev_major, dev_minor;
	uint64_t ino;
};

static inline int pmw_file_ref_known(const struct pmw_file_ref *f)
{
	return f->dev_major || f->dev_minor || f->ino;
}

/* A string of an event: bytes, not NUL-terminated, maybe not UTF-8. */
struct pmw_bytes {
	const char *p;
	size_t len;
};

/* Is b the string s? */
static inline int pmw_bytes_is(struct pmw_bytes b, const char *s)
{
	return b.len == strlen(s) && !memcmp(b.p, s, b.len);
}

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
	uint32_t error;		/* errno of an access that did not complete; 0: none */
	uint32_t open_flags;	/* PMW_OPEN_* bits, when has_open_flags */
	int has_open_flags;	/* a binary record: flags from open_flags; audit: raw flags */
	uint32_t route;		/* PMW_ROUTE_*: of an access, a begun call, a dropped access */
	uint64_t bytes;		/* PMW_EV_ACCESS: what a process_vm call moved */
	uint64_t begun_seq;	/* PMW_EV_ACCESS: its process_vm call's begun record; 0: none */
	struct pmw_bytes comm, exe, target_comm, target_exe, path;
	/* PMW_EV_ACCESS: the executables' files, when has_exe_id; all 0: no file */
	struct pmw_file_ref exe_id, target_exe_id;
	int has_exe_id;
	uint32_t reason;	/* PMW_EV_DROPPED: PMW_DROPPED_* */
	struct pmw_bytes setting, old_value, new_value;	/* PMW_EV_CONFIG */
	uint32_t config_line;	/* PMW_EV_CONFIG refused (error set): the line, 0: none */
	uint64_t first_real_ns;	/* PMW_EV_SUMMARY */
	uint64_t count, self, refused, failed, denied, would_deny;	/* PMW_EV_SUMMARY */
	uint32_t routes;	/* PMW_EV_SUMMARY: bit N, route N; when has_routes */
	int has_routes;		/* a binary record: an audit record names the last route only */
	/* PMW_EV_ACCESS: where each side runs, and the containers that names */
	struct pmw_ctx ctx, target_ctx;
	struct pmw_container container, target_container;
	int has_cgroup;		/* the source gives the cgroup paths (maybe empty) */
	int has_ns;		/* it gives cgroup ids and namespaces: a binary record */
	int has_crossing;	/* its PMW_INFO_NS_* bits of info say the crossing */
	/*
	 * The machine the event is of, and its boot: an audit line's node=,
	 * a journal entry's _HOSTNAME and _BOOT_ID, this machine's for the
	 * events file. Empty where the source does not say: a capture, an
	 * audit line without node=.
	 */
	struct pmw_bytes host, boot_id;
	uint64_t audit_serial;	/* msg=audit(TIME:SERIAL); a completed open's SYSCALL
				 * record shares it, the others need not (audit.c) */
	int has_audit_serial;	/* read from an audit log or a journal */
	/*
	 * User names of uid, euid, loginuid and target_uid, as the source
	 * gives them (auditd's ENRICHED fields) or as --names looks them up
	 * (user.c); empty: none, the number stands.
	 */
	struct pmw_bytes uid_name, euid_name, auid_name, target_uid_name;
};

#endif /* PMW_EVENT_H */
