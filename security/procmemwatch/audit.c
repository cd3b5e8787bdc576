// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: audit records
 *
 * Each event becomes a PMW_AUDIT_EVENT record. The record of an open is
 * logged from the open(2) that made the event, so it joins that syscall's
 * audit event and shares its serial with the SYSCALL record. The record
 * of a process_vm or ptrace call is logged as the caller leaves the
 * kernel, once the call's result is known: after the syscall's audit
 * event, so it has a serial of its own. op= names the route.
 *
 * Field names are those the audit userspace already interprets: the
 * opener is the subject (pid, uid, auid, ses, comm, exe), the target the
 * object (opid, ouid, ocomm), path and oflag as in other records. The
 * subject is named even in the record of an open, which the SYSCALL
 * record of the same event names too when there is one: a task forked
 * before audit was first enabled, or under a never,task rule, has no
 * audit context, and its open(2) no SYSCALL record.
 *
 * A flood of opens must not flood the audit backlog (with audit's failure
 * mode set to panic, a lost record stops the machine): beyond self_rate
 * per user, self-opens become one self-opens record a second, logged from
 * a work item and so outside any system call; and past audit_rate records
 * in a second, the records of processes that could not switch
 * procmemwatch off anyway (without CAP_MAC_ADMIN) are not logged, and
 * counted. The records of those that could are always logged.
 *
 * Not common_lsm_audit(): it logs AUDIT_AVC, the type whose text the
 * SELinux and AppArmor tools parse as their own, and the helper that
 * prints its LSM_AUDIT_DATA_* fields into a record of another type is
 * static in this kernel. The fields it would print for a file (path=)
 * and a task (opid=, ocomm=) are printed here under the same names.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "procmemwatch.h"

/*
 * The type of an event's record: AUDIT_KERNEL_OTHER, "for use by 3rd party
 * modules", until audit gives procmemwatch a number of its own; mainline
 * hands out the 14xx numbers to in-tree LSMs, and a private one would
 * collide with the next it gives.
 */
#define PMW_AUDIT_EVENT		AUDIT_KERNEL_OTHER

static unsigned int pmw_audit_rate = CONFIG_SECURITY_PROCMEMWATCH_AUDIT_RATE;
module_param_named(audit_rate, pmw_audit_rate, uint, 0400);
MODULE_PARM_DESC(audit_rate, "audit records per second at most (but of CAP_MAC_ADMIN processes), 0 for no limit, at most 1000000");

struct pmw_audit_stats pmw_audit_stats;

static DEFINE_SPINLOCK(pmw_audit_window_lock);
static unsigned long pmw_audit_window_start;
static unsigned int pmw_audit_window_used;

/**
 * pmw_audit_rate_get - records per second the audit limit lets through
 *
 * Return: the limit, 0 when there is none.
 */
unsigned int pmw_audit_rate_get(void)
{
	return READ_ONCE(pmw_audit_rate);
}

/**
 * pmw_audit_init - bring the boot parameter's audit limit within range
 */
void __init pmw_audit_init(void)
{
	if (pmw_audit_rate > PMW_AUDIT_RATE_MAX) {
		pr_warn("audit_rate=%u is out of range, using %u\n",
			pmw_audit_rate, PMW_AUDIT_RATE_MAX);
		pmw_audit_rate = PMW_AUDIT_RATE_MAX;
	}
}

/**
 * pmw_audit_rate_set - change the audit limit
 * @rate: records per second, 0 for no limit
 */
void pmw_audit_rate_set(unsigned int rate)
{
	WRITE_ONCE(pmw_audit_rate, rate);
}

/* A window of one second with room for audit_rate records. */
static bool pmw_audit_allowed(void)
{
	unsigned int rate = pmw_audit_rate_get();
	unsigned long flags;
	bool allowed;

	if (!rate)
		return true;
	spin_lock_irqsave(&pmw_audit_window_lock, flags);
	if (time_after_eq(jiffies, pmw_audit_window_start + HZ)) {
		pmw_audit_window_start = jiffies;
		pmw_audit_window_used = 0;
	}
	allowed = pmw_audit_window_used < rate;
	if (allowed)
		pmw_audit_window_used++;
	spin_unlock_irqrestore(&pmw_audit_window_lock, flags);
	return allowed;
}

static void pmw_audit_string(struct audit_buffer *ab, const char *name,
			     const struct pmw_open_record *rec,
			     const struct pmw_string *s)
{
	audit_log_format(ab, " %s=", name);
	if (s->len)
		audit_log_n_untrustedstring(ab, (const char *)rec + s->offset,
					    s->len);
	else
		audit_log_format(ab, "(null)");
}

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

/* The op= of each route: a file's open, or the system call. */
static const char *const pmw_route_ops[] = {
	[PMW_ROUTE_MEM] = "proc_mem_open",
	[PMW_ROUTE_PROCESS_VM_READV] = "process_vm_readv",
	[PMW_ROUTE_PROCESS_VM_WRITEV] = "process_vm_writev",
	[PMW_ROUTE_PTRACE_ATTACH] = "ptrace_attach",
	[PMW_ROUTE_KCORE] = "proc_kcore_open",
};

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

static bool pmw_route_has_file(u32 route)
{
	return route == PMW_ROUTE_MEM || route == PMW_ROUTE_KCORE;
}

static bool pmw_route_is_process_vm(u32 route)
{
	return route == PMW_ROUTE_PROCESS_VM_READV ||
	       route == PMW_ROUTE_PROCESS_VM_WRITEV;
}

/*
 * Fields a route does not have are left out rather than logged as 0,
 * which the audit tools would read as uid 0 or pid 0: /proc/kcore has no
 * target, the system calls no path.
 */
static void pmw_audit_log_open(struct audit_buffer *ab,
			       const struct pmw_open_record *rec)
{
	audit_log_format(ab, "lsm=procmemwatch op=%s pid=%u tid=%u ppid=%u",
			 pmw_route_ops[rec->route], rec->pid, rec->tid,
			 rec->ppid);
	audit_log_format(ab, " uid=%u euid=%u auid=%u ses=%u comm=",
			 rec->uid, rec->euid, rec->loginuid, rec->sessionid);
	audit_log_n_untrustedstring(ab, rec->comm, strnlen(rec->comm, sizeof(rec->comm)));
	pmw_audit_string(ab, "exe", rec, &rec->exe);
	pmw_audit_string(ab, "cgroup", rec, &rec->cgroup);
	if (rec->route != PMW_ROUTE_KCORE) {
		audit_log_format(ab, " opid=%u otid=%u ouid=%u ocomm=",
				 rec->target_pid, rec->target_tid,
				 rec->target_uid);
		audit_log_n_untrustedstring(ab, rec->target_comm,
					    strnlen(rec->target_comm,
						    sizeof(rec->target_comm)));
		pmw_audit_string(ab, "oexe", rec, &rec->target_exe);
		pmw_audit_string(ab, "ocgroup", rec, &rec->target_cgroup);
		audit_log_format(ab, " nscross=%s", pmw_ns_crossing(rec->info));
	}
	if (pmw_route_has_file(rec->route)) {
		pmw_audit_string(ab, "path", rec, &rec->path);
		audit_log_format(ab, " oflag=0x%x", rec->flags);
	}
	audit_log_format(ab, " access=%s self=%u tracer=%u thread=%u would_deny=%u",
			 pmw_access_names[rec->access & 3],
			 !!(rec->info & PMW_INFO_SELF),
			 !!(rec->info & PMW_INFO_TRACER),
			 !!(rec->info & PMW_INFO_THREAD_DIR),
			 !!(rec->info & PMW_INFO_WOULD_DENY));
	audit_log_format(ab, " seq=%llu outcome=%s errno=%u res=%u",
			 rec->hdr.seq, pmw_outcome_names[rec->outcome],
			 rec->error, rec->outcome == PMW_OUTCOME_OPENED);
	if (pmw_route_is_process_vm(rec->route))
		audit_log_format(ab, " bytes=%llu", rec->bytes);
}

/**
 * pmw_audit_open - log the audit record of an event
 * @rec: the event, numbered
 *
 * Does nothing while audit is disabled. Never sleeps.
 */
void pmw_audit_open(const struct pmw_open_record *rec)
{
	struct audit_buffer *ab;

	if (!audit_enabled)
		return;
	if (!pmw_audit_allowed() && !pmw_opener_exempt()) {
		atomic64_inc(&pmw_audit_stats.suppressed);
		return;
	}
	ab = audit_log_start(audit_context(), GFP_ATOMIC | __GFP_NOWARN,
			     PMW_AUDIT_EVENT);
	if (!ab) {
		atomic64_inc(&pmw_audit_stats.unavailable);
		return;
	}
	pmw_audit_log_open(ab, rec);
	audit_log_end(ab);
	atomic64_inc(&pmw_audit_stats.emitted);
}

/**
 * pmw_audit_self_opens - log the audit record of a self-opens record
 * @rec: the record, numbered
 *
 * Does nothing while audit is disabled. Called from a work item, so the
 * record belongs to no system call.
 */
void pmw_audit_self_opens(const struct pmw_self_opens_record *rec)
{
	struct audit_buffer *ab;

	if (!audit_enabled)
		return;
	/* Not to sleep on a full backlog: the work item is the system's. */
	ab = audit_log_start(NULL, GFP_ATOMIC | __GFP_NOWARN, PMW_AUDIT_EVENT);
	if (!ab) {
		atomic64_inc(&pmw_audit_stats.unavailable);
		return;
	}
	audit_log_format(ab, "lsm=procmemwatch op=proc_mem_self_opens uid=%u pid=%u comm=",
			 rec->uid, rec->pid);
	audit_log_n_untrustedstring(ab, rec->comm, strnlen(rec->comm, sizeof(rec->comm)));
	audit_log_format(ab, " count=%llu refused=%llu failed=%llu first_ns=%llu last_ns=%llu",
			 rec->count, rec->refused, rec->failed,
			 rec->first_real_ns, rec->last_real_ns);
	audit_log_format(ab, " seq=%llu res=1", rec->hdr.seq);
	audit_log_end(ab);
	atomic64_inc(&pmw_audit_stats.emitted);
}

/* The writer of a setting or of the policy, as the subject. */
static void pmw_audit_writer(struct audit_buffer *ab)
{
	audit_log_format(ab, " pid=%d uid=%u auid=%u ses=%u comm=",
			 task_tgid_nr(current),
			 from_kuid(&init_user_ns, current_uid()),
			 from_kuid(&init_user_ns, audit_get_loginuid(current)),
			 audit_get_sessionid(current));
	audit_log_untrustedstring(ab, current->comm);
	audit_log_format(ab, " res=1");
}

/*
 * The record of a write to a setting, its writer still to be logged; NULL
 * when audit is off, which every audit_log_*() takes.
 */
static struct audit_buffer *pmw_audit_set_start(int type, const char *name,
						const char *old, const char *new)
{
	struct audit_buffer *ab;

	if (!audit_enabled)
		return NULL;
	ab = audit_log_start(audit_context(), GFP_KERNEL, type);
	audit_log_format(ab, "lsm=procmemwatch op=set setting=%s old=%s new=%s",
			 name, old, new);
	return ab;
}

/**
 * pmw_audit_setting - log a change of a setting
 * @name: the setting
 * @old: its value before
 * @new: its value now
 *
 * Logged whether or not the value changed, as the write was made.
 */
void pmw_audit_setting(const char *name, const char *old, const char *new)
{
	struct audit_buffer *ab = pmw_audit_set_start(AUDIT_MAC_CONFIG_CHANGE,
						      name, old, new);

	pmw_audit_writer(ab);
	audit_log_end(ab);
}

/**
 * pmw_audit_mode - log a change of mode
 * @old: the mode before
 * @new: the mode now
 *
 * A MAC_STATUS record, as SELinux's and IPE's switches to enforcing are,
 * with their enforcing= and enabled= fields for the tools that watch
 * those, beside the setting= fields of the other settings.
 */
void pmw_audit_mode(enum pmw_mode old, enum pmw_mode new)
{
	struct audit_buffer *ab = pmw_audit_set_start(AUDIT_MAC_STATUS, "mode",
						      pmw_mode_name(old),
						      pmw_mode_name(new));

	audit_log_format(ab, " enforcing=%d old_enforcing=%d enabled=%d old-enabled=%d",
			 new == PMW_MODE_ENFORCE, old == PMW_MODE_ENFORCE,
			 new != PMW_MODE_OFF, old != PMW_MODE_OFF);
	pmw_audit_writer(ab);
	audit_log_end(ab);
}

/**
 * pmw_audit_policy_load - log a replacement of the policy
 * @old_rules: rules in the policy replaced
 * @new_rules: rules in the policy now in force
 */
void pmw_audit_policy_load(unsigned int old_rules, unsigned int new_rules)
{
	struct audit_buffer *ab;

	if (!audit_enabled)
		return;
	ab = audit_log_start(audit_context(), GFP_KERNEL, AUDIT_MAC_POLICY_LOAD);
	if (!ab)
		return;
	audit_log_format(ab, "lsm=procmemwatch op=policy_load rules=%u old_rules=%u",
			 new_rules, old_rules);
	pmw_audit_writer(ab);
	audit_log_end(ab);
}
