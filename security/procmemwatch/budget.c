// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: how many records each user's accesses may have
 *
 * An unprivileged user can make accesses in a loop: to its own memory,
 * which needs no ptrace check, or to its own child's, which passes it.
 * Were each one a record, it would push everyone else's out of the
 * stream before a reader got them, and out of audit. So each user (real
 * uid) has a budget: event_rate records a second; its accesses past that
 * are counted, exactly, and the count is written once a second as one
 * summary record naming the user, its last access and how they ended;
 * and audit_rate audit records a second. One user's flood spends its own
 * budget only, so another user's accesses always have their records.
 *
 * A process that may change procmemwatch's settings (CAP_MAC_ADMIN) could
 * switch it off: limiting it protects nothing, and its records are never
 * counted instead or left out, until the settings are locked, which it
 * can no longer undo: then it is budgeted like any other.
 *
 * The budgets are kept per user in a small table; when more users than it
 * holds are counted at once, the rest share one slot, reported as uid -1.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bits.h>
#include <linux/capability.h>
#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/security.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "budget.h"
#include "lock.h"

#define PMW_BUDGET_SLOTS_BITS	6
#define PMW_BUDGET_SLOTS	BIT(PMW_BUDGET_SLOTS_BITS)
/* How far a user's slot is looked for past its hash before sharing. */
#define PMW_BUDGET_PROBES	8
/* The shared slot, after the table. */
#define PMW_BUDGET_OVERFLOW	PMW_BUDGET_SLOTS

static unsigned int pmw_event_rate = CONFIG_SECURITY_PROCMEMWATCH_EVENT_RATE;
module_param_named(event_rate, pmw_event_rate, uint, 0400);
MODULE_PARM_DESC(event_rate, "access records per user and second, 0 for all, at most 1000000");

static unsigned int pmw_audit_rate = CONFIG_SECURITY_PROCMEMWATCH_AUDIT_RATE;
module_param_named(audit_rate, pmw_audit_rate, uint, 0400);
MODULE_PARM_DESC(audit_rate, "audit records per user and second, 0 for all, at most 1000000");

/**
 * struct pmw_window - a second's allowance
 * @start: get_jiffies_64() when the second began: 64 bits, so that a
 *	window unused for weeks, or one on a 32-bit kernel that booted a
 *	minute ago, never looks current
 * @used: how much of it was taken
 */
struct pmw_window {
	u64 start;
	unsigned int used;
};

/**
 * struct pmw_budget - one user's budgets in the current second
 * @uid: the user; (u32)-1 in the shared slot and in unused slots
 * @records: access records let through
 * @audit: audit records let through
 * @summary: the accesses counted and not yet written; @summary.count is 0
 *	when there are none
 */
struct pmw_budget {
	u32 uid;
	struct pmw_window records;
	struct pmw_window audit;
	struct pmw_summary_record summary;
};

static DEFINE_SPINLOCK(pmw_budget_lock);
static struct pmw_budget pmw_budgets[PMW_BUDGET_SLOTS + 1];

struct pmw_budget_stats pmw_budget_stats;

static unsigned int pmw_rate_within(unsigned int rate, const char *name)
{
	if (rate <= PMW_RATE_MAX)
		return rate;
	pr_warn("%s=%u is out of range, using %u\n", name, rate, PMW_RATE_MAX);
	return PMW_RATE_MAX;
}

/**
 * pmw_budget_init - mark every slot unused, bring the boot parameters
 *	within range
 */
void __init pmw_budget_init(void)
{
	int i;

	for (i = 0; i <= PMW_BUDGET_SLOTS; i++)
		pmw_budgets[i].uid = (u32)-1;
	pmw_event_rate = pmw_rate_within(pmw_event_rate, "event_rate");
	pmw_audit_rate = pmw_rate_within(pmw_audit_rate, "audit_rate");
}

/**
 * pmw_event_rate_get - access records per user and second
 *
 * Return: the rate, 0 when every access is recorded.
 */
unsigned int pmw_event_rate_get(void)
{
	return READ_ONCE(pmw_event_rate);
}

/**
 * pmw_event_rate_set - change how many accesses are recorded one by one
 * @rate: records per user and second, 0 for all
 */
void pmw_event_rate_set(unsigned int rate)
{
	WRITE_ONCE(pmw_event_rate, rate);
}

/**
 * pmw_audit_rate_get - audit records per user and second
 *
 * Return: the rate, 0 when every record is logged.
 */
unsigned int pmw_audit_rate_get(void)
{
	return READ_ONCE(pmw_audit_rate);
}

/**
 * pmw_audit_rate_set - change how many audit records are logged
 * @rate: records per user and second, 0 for all
 */
void pmw_audit_rate_set(unsigned int rate)
{
	WRITE_ONCE(pmw_audit_rate, rate);
}

/**
 * pmw_budget_exempt - whether a process may change procmemwatch's settings
 * @cred: its credentials
 *
 * CAP_MAC_ADMIN in the initial user namespace, by its subjective
 * credentials, as the settings files check, until they are locked. Not
 * audited: nothing is being allowed. A record started before the lock is
 * checked again as it is published.
 *
 * Return: true if limiting its records would protect nothing.
 */
bool pmw_budget_exempt(const struct cred *cred)
{
	return !pmw_locked() &&
	       !security_capable(cred, &init_user_ns, CAP_MAC_ADMIN,
				 CAP_OPT_NOAUDIT);
}

/*
 * Takes one from a second's allowance of @rate; once the second is over,
 * a new one starts at @now.
 */
static bool pmw_window_take(struct pmw_window *w, u64 now, unsigned int rate)
{
	if (time_after_eq64(now, w->start + HZ)) {
		w->start = now;
		w->used = 0;
	}
	if (w->used >= rate)
		return false;
	w->used++;
	return true;
}

static bool pmw_budget_idle(const struct pmw_budget *b, u64 now)
{
	return !b->summary.count && time_after_eq64(now, b->records.start + HZ) &&
	       time_after_eq64(now, b->audit.start + HZ);
}

/* The slot of @uid, claimed if need be. */
static struct pmw_budget *pmw_budget_of(u32 uid, u64 now)
{
	u32 first = hash_32(uid, PMW_BUDGET_SLOTS_BITS);
	struct pmw_budget *free = NULL, *b;
	int i;

	lockdep_assert_held(&pmw_budget_lock);
	for (i = 0; i < PMW_BUDGET_PROBES; i++) {
		b = &pmw_budgets[(first + i) % PMW_BUDGET_SLOTS];
		if (b->uid == uid)
			return b;
		if (!free && (b->uid == (u32)-1 || pmw_budget_idle(b, now)))
			free = b;
	}
	if (!free)
		return &pmw_budgets[PMW_BUDGET_OVERFLOW];
	memset(free, 0, sizeof(*free));
	free->uid = uid;
	return free;
}

/* Adds an access to the slot's summary: when, and by which route. */
static struct pmw_summary_record *pmw_budget_add(struct pmw_budget *b,
						 u64 real_ns, u32 route,
						 u32 pid, u32 target_pid)
{
	struct pmw_summary_record *s = &b->summary;

	lockdep_assert_held(&pmw_budget_lock);
	if (!s->count)
		s->first_real_ns = real_ns;
	s->last_real_ns = real_ns;
	s->count++;
	s->routes |= 1U << route;
	s->pid = pid;
	s->target_pid = target_pid;
	s->route = route;
	return s;
}

/* Adds a finished access to the slot's summary. */
static void pmw_budget_count(struct pmw_budget *b,
			     const struct pmw_access_record *rec)
{
	struct pmw_summary_record *s;

	s = pmw_budget_add(b, rec->real_ns, rec->route, rec->pid,
			   rec->target_pid);
	s->self += !!(rec->info & PMW_INFO_SELF);
	s->refused += rec->outcome == PMW_OUTCOME_REFUSED;
	s->failed += rec->outcome == PMW_OUTCOME_FAILED;
	s->denied += rec->outcome == PMW_OUTCOME_DENIED;
	s->would_deny += !!(rec->info & PMW_INFO_WOULD_DENY);
	s->outcome = rec->outcome;
	memcpy(s->comm, rec->comm, sizeof(s->comm));
	memcpy(s->target_comm, rec->target_comm, sizeof(s->target_comm));
}

/* Adds a dropped access, whose outcome and names are not known. */
static void pmw_budget_count_dropped(struct pmw_budget *b,
				     const struct pmw_dropped_record *rec)
{
	struct pmw_summary_record *s;

	s = pmw_budget_add(b, ktime_get_real_ns(), rec->route, rec->pid,
			   rec->target_pid);
	s->outcome = 0;
	memset(s->comm, 0, sizeof(s->comm));
	memset(s->target_comm, 0, sizeof(s->target_comm));
}

/*
 * Takes one of @uid's records of this second; past them, counts the access
 * in the user's summary: @rec if it was finished, @dropped if it was
 * dropped. A begun record passes neither: its access is counted when it
 * finishes.
 */
static bool pmw_budget_take_record(u32 uid, const struct pmw_access_record *rec,
				   const struct pmw_dropped_record *dropped)
{
	unsigned int rate = pmw_event_rate_get();
	u64 now = get_jiffies_64();
	struct pmw_budget *b;
	bool admit;

	if (!rate)
		return true;
	spin_lock(&pmw_budget_lock);
	b = pmw_budget_of(uid, now);
	admit = pmw_window_take(&b->records, now, rate);
	if (!admit && rec)
		pmw_budget_count(b, rec);
	else if (!admit && dropped)
		pmw_budget_count_dropped(b, dropped);
	spin_unlock(&pmw_budget_lock);
	if (!admit && (rec || dropped))
		atomic64_inc(&pmw_budget_stats.summarized);
	return admit;
}

/**
 * pmw_budget_admit - whether an access is recorded by itself
 * @rec: the access, finished; its opener is not exempt
 *
 * Never sleeps.
 *
 * Return: true if @rec goes to the stream and audit as it is; false if it
 * was counted, to be written in its user's next summary record: the
 * caller has pmw_budget_next_summary() called within a second.
 */
bool pmw_budget_admit(const struct pmw_access_record *rec)
{
	return pmw_budget_take_record(rec->uid, rec, NULL);
}

/**
 * pmw_budget_admit_dropped - whether a dropped record is written
 * @rec: the record; its opener is not exempt
 *
 * A process can have its accesses dropped in numbers (one signal to many
 * processes has one note for the first of them): past the budget, they
 * are counted in the user's summary like any other. Never sleeps.
 *
 * Return: true if @rec goes to the stream and audit as it is.
 */
bool pmw_budget_admit_dropped(const struct pmw_dropped_record *rec)
{
	return pmw_budget_take_record(rec->uid, NULL, rec);
}

/**
 * pmw_budget_admit_begun - whether a begun record is written
 * @uid: its caller's, who is not exempt
 *
 * A begun record takes one of its user's records too; past the budget,
 * only the access's record is left, counted in the summary. Never sleeps.
 *
 * Return: true if there is room for it.
 */
bool pmw_budget_admit_begun(u32 uid)
{
	return pmw_budget_take_record(uid, NULL, NULL);
}

/**
 * pmw_budget_audit - whether a user's audit record is logged
 * @uid: the user whose access it is
 *
 * Never sleeps.
 *
 * Return: true if it is within the user's audit budget.
 */
bool pmw_budget_audit(u32 uid)
{
	unsigned int rate = pmw_audit_rate_get();
	u64 now = get_jiffies_64();
	bool allowed;

	if (!rate)
		return true;
	spin_lock(&pmw_budget_lock);
	allowed = pmw_window_take(&pmw_budget_of(uid, now)->audit, now, rate);
	spin_unlock(&pmw_budget_lock);
	if (!allowed)
		atomic64_inc(&pmw_budget_stats.audit_suppressed);
	return allowed;
}

/* Takes the summary of a slot, if it has one, leaving the slot's empty. */
static bool pmw_budget_take(int i, struct pmw_summary_record *rec)
{
	struct pmw_budget *b = &pmw_budgets[i];
	bool taken;

	spin_lock(&pmw_budget_lock);
	taken = b->summary.count;
	if (taken) {
		*rec = b->summary;
		rec->uid = i == PMW_BUDGET_OVERFLOW ? (u32)-1 : b->uid;
		memset(&b->summary, 0, sizeof(b->summary));
	}
	spin_unlock(&pmw_budget_lock);
	return taken;
}

/**
 * pmw_budget_next_summary - take the next user's counts of the last second
 * @slot: the slot to look from, 0 at first; moved past the one taken
 * @rec: set to its summary record, unnumbered
 *
 * Never sleeps.
 *
 * Return: false when no slot from @slot on has counted anything.
 */
bool pmw_budget_next_summary(u32 *slot, struct pmw_summary_record *rec)
{
	for (; *slot <= PMW_BUDGET_SLOTS; (*slot)++) {
		if (!pmw_budget_take(*slot, rec))
			continue;
		(*slot)++;
		rec->hdr = (struct pmw_record_header) {
			.size = sizeof(*rec),
			.type = PMW_RECORD_SUMMARY,
			.version = 1,
		};
		atomic64_inc(&pmw_budget_stats.summary_records);
		return true;
	}
	return false;
}

#ifdef CONFIG_SECURITY_PROCMEMWATCH_KUNIT_TEST
#include <kunit/test.h>

/*
 * A window is a second from the first take that found the last one over,
 * on the 64-bit clock: the start of jiffies_64 (INITIAL_JIFFIES, five
 * minutes before the 32-bit jiffies wrap) is no different from any other
 * time, and neither is a first take at 0.
 */
static void pmw_budget_test_window(struct kunit *test)
{
	static const u64 starts[] = { 0, INITIAL_JIFFIES, (u64)U32_MAX - 1, U64_MAX / 2 };
	struct pmw_window w;
	int i, k;

	for (i = 0; i < ARRAY_SIZE(starts); i++) {
		u64 t = starts[i] + HZ;

		w = (struct pmw_window) {};
		for (k = 0; k < 3; k++)
			KUNIT_EXPECT_TRUE_MSG(test, pmw_window_take(&w, t, 3), "start %d", i);
		KUNIT_EXPECT_FALSE(test, pmw_window_take(&w, t + HZ - 1, 3));
		KUNIT_EXPECT_TRUE(test, pmw_window_take(&w, t + HZ, 3));
		KUNIT_EXPECT_EQ(test, w.used, 1);
		/* After a long quiet, a new window at once. */
		KUNIT_EXPECT_TRUE(test, pmw_window_take(&w, t + 1000ULL * HZ, 1));
		KUNIT_EXPECT_FALSE(test, pmw_window_take(&w, t + 1000ULL * HZ, 1));
	}
}

static struct kunit_case pmw_budget_test_cases[] = {
	KUNIT_CASE(pmw_budget_test_window),
	{}
};

static struct kunit_suite pmw_budget_test_suite = {
	.name = "procmemwatch_budget",
	.test_cases = pmw_budget_test_cases,
};

kunit_test_suite(pmw_budget_test_suite);
#endif /* CONFIG_SECURITY_PROCMEMWATCH_KUNIT_TEST */
