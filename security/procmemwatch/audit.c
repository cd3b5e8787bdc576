// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: audit records
 *
 * Each access record is also an audit record of type PMW_AUDIT_EVENT. One
 * finished in the system call that made the access (an open that
 * completed, a traced exec) joins that call's audit event and shares the
 * serial of its SYSCALL record; one finished later (a process_vm or ptrace
 * call, a failed open, all finished as the caller leaves the kernel, after
 * audit has ended the call's event) or elsewhere has a serial of its own.
 * op= names the route.
 *
 * Field names are those the audit userspace already interprets: the
 * opener is the subject (pid, uid, auid, ses, comm, exe), the target the
 * object (opid, ouid, ocomm), path and oflag as in other records. The
 * subject is named even when a SYSCALL record names it too: a task forked
 * before audit was first enabled, or under a never,task rule, has no
 * audit context, and its system calls no SYSCALL record.
 *
 * A flood of accesses must not flood the audit backlog (with audit's
 * failure mode set to panic, a lost record stops the machine): each user
 * has audit_rate records a second (budget.c), past which its records are
 * left out and counted; summary records, which count what no record was
 * logged for, are always logged, as are the records of processes that
 * may change the settings, until they are locked.
 *
 * Not audit_log_lsm_data(): it resolves a path from the current task's
 * root, which a chroot renames and which a record finished after its
 * opener exited has no more; and its fields are those of the object
 * alone.
 */

#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "audit.h"
#include "budget.h"
#include "route.h"

/*
 * The type of an access record: AUDIT_KERNEL_OTHER, "for use by 3rd party
 * modules", until audit gives procmemwatch a number of its own; mainline
 * hands out the 14xx numbers to in-tree LSMs, and a private one would
 * collide with the next it gives.
 */
#define PMW_AUDIT_EVENT		AUDIT_KERNEL_OTHER

/* Records are logged from hooks, some under a task's lock: they never sleep. */
#define PMW_AUDIT_GFP		(GFP_ATOMIC | __GFP_NOWARN)

struct pmw_audit_stats pmw_audit_stats;

static const char *const pmw_outcome_names[] = {
	[PMW_OUTCOME_OPENED] = "opened",
	[PMW_OUTCOME_REFUSED] = "refused",
	[PMW_OUTCOME_FAILED] = "failed",
	[PMW_OUTCOME_DENIED] = "denied",
};

static const char *const pmw_access_names[] = {
	[0] = "none",
	[PMW_ACCESS_READ] = "read",
	[PMW_ACCESS_WRITE] = "write",
	[PMW_ACCESS_READ | PMW_ACCESS_WRITE] = "read-write",
};

/*
 * A record's start, or NULL (audit off, backlog full), which every
 * audit_log_*() takes.
 */
static struct audit_buffer *pmw_audit_start(bool own_syscall)
{
	struct audit_buffer *ab;

	if (!audit_enabled)
		return NULL;
	ab = audit_log_start(own_syscall ? audit_context() : NULL,
			     PMW_AUDIT_GFP, PMW_AUDIT_EVENT);
	if (!ab)
		atomic64_inc(&pmw_audit_stats.unavailable);
	return ab;
}

static void pmw_audit_end(struct audit_buffer *ab)
{
	if (!ab)
		return;
	audit_log_end(ab);
	atomic64_inc(&pmw_audit_stats.emitted);
}

static void pmw_audit_comm(struct audit_buffer *ab, const char *name,
			   const char *comm, size_t size)
{
	audit_log_format(ab, " %s=", name);
	audit_log_n_untrustedstring(ab, comm, strnlen(comm, size));
}

static void pmw_audit_string(struct audit_buffer *ab, const char *name,
			     const struct pmw_access_record *rec,
			     const struct pmw_string *s)
{
	audit_log_format(ab, " %s=", name);
	if (s->len)
		audit_log_n_untrustedstring(ab, (const char *)rec + s->offset,
					    s->len);
	else
		audit_log_format(ab, "(null)");
}

static void pmw_audit_file_id(struct audit_buffer *ab, const char *name,
			      const struct pmw_file_id *id)
{
	audit_log_format(ab, " %s_dev=%02x:%02x %s_ino=%llu", name,
			 id->dev_major, id->dev_minor, name, id->ino);
}

/*
 * How the access crosses pid namespaces: "no"; "host", from the initial
 * namespace into another; "inward", into one below the opener's from
 * elsewhere; "outward", to one the opener cannot name pids in.
 */
static const char *pmw_ns_crossing(u32 info)
{
	if (!(info & PMW_INFO_NS_CROSS))
		return "no";
	if (info & PMW_INFO_NS_OUTWARD)
		return "outward";
	if (info & PMW_INFO_NS_FROM_HOST)
		return "host";
	return "inward";
}

static void pmw_audit_opener(struct audit_buffer *ab,
			     const struct pmw_access_record *rec)
{
	audit_log_format(ab, " pid=%u tid=%u ppid=%u uid=%u euid=%u auid=%u ses=%u",
			 rec->pid, rec->tid, rec->ppid, rec->uid, rec->euid,
			 rec->loginuid, rec->sessionid);
	pmw_audit_comm(ab, "comm", rec->comm, sizeof(rec->comm));
	pmw_audit_string(ab, "exe", rec, &rec->exe);
	pmw_audit_file_id(ab, "exe", &rec->exe_id);
	pmw_audit_string(ab, "cgroup", rec, &rec->cgroup);
}

/*
 * Fields a route does not have are left out rather than logged as 0,
 * which the audit tools would read as uid 0 or pid 0: /proc/kcore has no
 * target, the system calls no path.
 */
static void pmw_audit_target(struct audit_buffer *ab,
			     const struct pmw_access_record *rec)
{
	audit_log_format(ab, " opid=%u otid=%u ouid=%u", rec->target_pid,
			 rec->target_tid, rec->target_uid);
	pmw_audit_comm(ab, "ocomm", rec->target_comm, sizeof(rec->target_comm));
	pmw_audit_string(ab, "oexe", rec, &rec->target_exe);
	pmw_audit_file_id(ab, "oexe", &rec->target_exe_id);
	pmw_audit_string(ab, "ocgroup", rec, &rec->target_cgroup);
	audit_log_format(ab, " nscross=%s", pmw_ns_crossing(rec->info));
}

static void pmw_audit_log_access(struct audit_buffer *ab,
				 const struct pmw_access_record *rec)
{
	const struct pmw_route *route = pmw_route(rec->route);
	u32 info = rec->info;

	audit_log_format(ab, "lsm=procmemwatch op=%s", route->audit_op);
	pmw_audit_opener(ab, rec);
	if (route->flags & PMW_ROUTE_TARGET)
		pmw_audit_target(ab, rec);
	if (route->flags & PMW_ROUTE_FILE) {
		pmw_audit_string(ab, "path", rec, &rec->path);
		audit_log_format(ab, " oflag=0x%x", rec->flags);
	}
	audit_log_format(ab, " access=%s self=%u tracer=%u thread=%u",
			 pmw_access_names[rec->access & 3],
			 !!(info & PMW_INFO_SELF), !!(info & PMW_INFO_TRACER),
			 !!(info & PMW_INFO_THREAD_DIR));
	audit_log_format(ab, " passed=%u traced_exec=%u would_deny=%u",
			 !!(info & PMW_INFO_PASSED), !!(info & PMW_INFO_TRACED_EXEC),
			 !!(info & PMW_INFO_WOULD_DENY));
	if (rec->route == PMW_ROUTE_PROCESS_VM_READV ||
	    rec->route == PMW_ROUTE_PROCESS_VM_WRITEV)
		audit_log_format(ab, " bytes=%llu", rec->bytes);
	if (rec->begun_seq)
		audit_log_format(ab, " begun_seq=%llu", rec->begun_seq);
	audit_log_format(ab, " seq=%llu outcome=%s errno=%u",
			 rec->hdr.seq, pmw_outcome_names[rec->outcome], rec->error);
	if (info & PMW_INFO_GUESSED_ERROR)
		audit_log_format(ab, " errno_guessed=1");
	audit_log_format(ab, " res=%u", rec->outcome == PMW_OUTCOME_OPENED);
}

/**
 * pmw_audit_access - log the audit record of an access
 * @rec: the access, numbered
 * @exempt: whether its opener is exempt from the audit budget
 * @own_syscall: whether the current task is in the system call that made
 *	the access
 *
 * Does nothing while audit is disabled. Never sleeps.
 */
void pmw_audit_access(const struct pmw_access_record *rec, bool exempt,
		      bool own_syscall)
{
	struct audit_buffer *ab;

	if (!audit_enabled || (!exempt && !pmw_budget_audit(rec->uid)))
		return;
	ab = pmw_audit_start(own_syscall);
	pmw_audit_log_access(ab, rec);
	pmw_audit_end(ab);
}

/**
 * pmw_audit_begun - log the audit record of a process_vm call that began
 * @rec: the begun record, numbered
 * @exempt: whether its caller is exempt from the audit budget
 *
 * Called in the call itself. Never sleeps.
 */
void pmw_audit_begun(const struct pmw_begun_record *rec, bool exempt)
{
	struct audit_buffer *ab;

	if (!audit_enabled || (!exempt && !pmw_budget_audit(rec->uid)))
		return;
	ab = pmw_audit_start(true);
	audit_log_format(ab, "lsm=procmemwatch op=%s_begun pid=%u tid=%u uid=%u",
			 pmw_route(rec->route)->audit_op, rec->pid, rec->tid,
			 rec->uid);
	pmw_audit_comm(ab, "comm", rec->comm, sizeof(rec->comm));
	audit_log_format(ab, " opid=%u otid=%u", rec->target_pid, rec->target_tid);
	pmw_audit_comm(ab, "ocomm", rec->target_comm, sizeof(rec->target_comm));
	audit_log_format(ab, " access=%s seq=%llu res=1",
			 pmw_access_names[rec->access & 3], rec->hdr.seq);
	pmw_audit_end(ab);
}

/**
 * pmw_audit_summary - log the audit record of a summary record
 * @rec: the summary, numbered
 *
 * Always logged while audit is enabled: it stands for records that were
 * not. Called from a work item, so it belongs to no system call.
 */
void pmw_audit_summary(const struct pmw_summary_record *rec)
{
	struct audit_buffer *ab = pmw_audit_start(false);

	audit_log_format(ab, "lsm=procmemwatch op=summary uid=%u count=%llu self=%llu",
			 rec->uid, rec->count, rec->self);
	audit_log_format(ab, " refused=%llu failed=%llu denied=%llu would_deny=%llu",
			 rec->refused, rec->failed, rec->denied, rec->would_deny);
	audit_log_format(ab, " pid=%u", rec->pid);
	pmw_audit_comm(ab, "comm", rec->comm, sizeof(rec->comm));
	audit_log_format(ab, " opid=%u", rec->target_pid);
	pmw_audit_comm(ab, "ocomm", rec->target_comm, sizeof(rec->target_comm));
	audit_log_format(ab, " route=%s first_ns=%llu last_ns=%llu seq=%llu res=1",
			 pmw_route(rec->route) ? pmw_route(rec->route)->name : "none",
			 rec->first_real_ns, rec->last_real_ns, rec->hdr.seq);
	pmw_audit_end(ab);
}

/**
 * pmw_audit_dropped - log the audit record of an access reported only as a
 *	dropped record
 * @rec: the dropped record, numbered
 *
 * Always logged while audit is enabled: audit must know of every access
 * the stream numbered. Never sleeps.
 */
void pmw_audit_dropped(const struct pmw_dropped_record *rec)
{
	struct audit_buffer *ab;

	ab = pmw_audit_start(rec->tid == task_pid_nr(current));
	audit_log_format(ab, "lsm=procmemwatch op=dropped reason=nomem route=%s",
			 pmw_route(rec->route)->name);
	audit_log_format(ab, " pid=%u tid=%u uid=%u opid=%u seq=%llu res=0",
			 rec->pid, rec->tid, rec->uid, rec->target_pid, rec->hdr.seq);
	pmw_audit_end(ab);
}

/* The writer of a setting or of the policy, as the subject. */
static void pmw_audit_writer(struct audit_buffer *ab, int result)
{
	audit_log_format(ab, " pid=%d uid=%u auid=%u ses=%u",
			 task_tgid_nr(current),
			 from_kuid(&init_user_ns, current_uid()),
			 from_kuid(&init_user_ns, audit_get_loginuid(current)),
			 audit_get_sessionid(current));
	pmw_audit_comm(ab, "comm", current->comm, sizeof(current->comm));
	audit_log_format(ab, " res=%d", result);
}

/*
 * A record of the settings, logged after the settings mutex is dropped, so
 * that it may wait for room in the backlog without holding up the writers.
 */
static struct audit_buffer *pmw_audit_settings_start(int type)
{
	struct audit_buffer *ab;

	if (!audit_enabled)
		return NULL;
	ab = audit_log_start(audit_context(), GFP_KERNEL, type);
	if (!ab)
		atomic64_inc(&pmw_audit_stats.unavailable);
	return ab;
}

/**
 * pmw_audit_setting - log a change of a setting
 * @name: the setting
 * @old: its value before
 * @new: its value now
 *
 * Logged whether or not the value changed, as the write was made. May
 * sleep.
 */
void pmw_audit_setting(const char *name, const char *old, const char *new)
{
	struct audit_buffer *ab = pmw_audit_settings_start(AUDIT_MAC_CONFIG_CHANGE);

	audit_log_format(ab, "lsm=procmemwatch op=set setting=%s old=%s new=%s",
			 name, old, new);
	pmw_audit_writer(ab, 1);
	pmw_audit_end(ab);
}

/**
 * pmw_audit_mode - log a change of mode
 * @old: the mode before
 * @new: the mode now
 *
 * A MAC_STATUS record, as SELinux's and IPE's switches to enforcing are,
 * with their enforcing= and enabled= fields for the tools that watch
 * those, beside the setting= fields of the other settings. May sleep.
 */
void pmw_audit_mode(enum pmw_mode old, enum pmw_mode new)
{
	struct audit_buffer *ab = pmw_audit_settings_start(AUDIT_MAC_STATUS);

	audit_log_format(ab, "lsm=procmemwatch op=set setting=mode old=%s new=%s",
			 pmw_mode_name(old), pmw_mode_name(new));
	audit_log_format(ab, " enforcing=%d old_enforcing=%d enabled=%d old-enabled=%d",
			 new == PMW_MODE_ENFORCE, old == PMW_MODE_ENFORCE,
			 new != PMW_MODE_OFF, old != PMW_MODE_OFF);
	pmw_audit_writer(ab, 1);
	pmw_audit_end(ab);
}

/**
 * pmw_audit_policy_load - log a write of the policy, accepted or refused
 * @old_rules: rules in the policy in force before
 * @new_rules: rules in the policy in force now
 * @error: 0, or the errno that refused the write (the rules are unchanged)
 * @line: for a refused write, the line at fault, 0 for the whole text
 *
 * May sleep.
 */
void pmw_audit_policy_load(unsigned int old_rules, unsigned int new_rules,
			   int error, unsigned int line)
{
	struct audit_buffer *ab = pmw_audit_settings_start(AUDIT_MAC_POLICY_LOAD);

	audit_log_format(ab, "lsm=procmemwatch op=policy_load");
	if (error)
		audit_log_format(ab, " errno=%d line=%u", -error, line);
	else
		audit_log_format(ab, " rules=%u old_rules=%u", new_rules, old_rules);
	pmw_audit_writer(ab, !error);
	pmw_audit_end(ab);
}

/**
 * pmw_audit_refresh - log a refresh of the exe= rules
 * @stale: rules that held another file than their path names
 * @moved: rules that hold the file their path names now
 *
 * May sleep.
 */
void pmw_audit_refresh(unsigned int stale, unsigned int moved)
{
	struct audit_buffer *ab = pmw_audit_settings_start(AUDIT_MAC_POLICY_LOAD);

	audit_log_format(ab, "lsm=procmemwatch op=refresh stale=%u moved=%u",
			 stale, moved);
	pmw_audit_writer(ab, 1);
	pmw_audit_end(ab);
}
