/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: an event decoded from any source */

#ifndef PMW_EVENT_H
#define PMW_EVENT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
	/*
	 * The machine the event is of, and its boot: an audit line's node=,
	 * a journal entry's _HOSTNAME and _BOOT_ID, this machine's for the
	 * events file. Empty where the source does not say: a capture, an
	 * audit line without node=.
	 */
	struct pmw_bytes host, boot_id;
	uint64_t audit_serial;	/* msg=audit(TIME:SERIAL), shared with its SYSCALL record */
	int has_audit_serial;	/* read from an audit log or a journal */
	/*
	 * User names of uid, euid, loginuid and target_uid, as the source
	 * gives them (auditd's ENRICHED fields) or as --names looks them up
	 * (user.c); empty: none, the number stands.
	 */
	struct pmw_bytes uid_name, euid_name, auid_name, target_uid_name;
};

#endif /* PMW_EVENT_H */
