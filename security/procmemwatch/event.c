// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: access records, and the stream they go to
 *
 * A route builds its record (record.c) in an event taken here and hands
 * it back finished: it is counted by its outcome, admitted by the
 * opener's budget (budget.c) or counted into a summary, numbered in the
 * stream, read by the readers of the events file, and logged to audit. The
 * memory of an event is kept for the task's next one.
 */

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "audit.h"
#include "budget.h"
#include "event.h"
#include "lock.h"
#include "record.h"
#include "task.h"

/* The records of the events file. */
struct pmw_ring pmw_stream;

/* What became of the accesses, for the stats file. */
struct pmw_event_stats pmw_event_stats;

static struct kmem_cache *pmw_event_cache __ro_after_init;

static void pmw_event_summarize(struct work_struct *work);
static DECLARE_DELAYED_WORK(pmw_summary_work, pmw_event_summarize);

/**
 * pmw_event_init - create the stream and the cache events are built in
 * @ring_bytes: the stream's buffer
 *
 * Return: 0, or -ENOMEM.
 */
int __init pmw_event_init(u32 ring_bytes)
{
	pmw_event_cache = KMEM_CACHE(pmw_event, 0);
	if (!pmw_event_cache)
		return -ENOMEM;
	return pmw_ring_init(&pmw_stream, ring_bytes);
}

/**
 * pmw_event_alloc - an empty event
 *
 * The current task's spare one, or a new one. May sleep, also when the
 * spare is there: the rule is checked on every call, not only on the
 * calls that allocate.
 *
 * Return: the event, or NULL.
 */
struct pmw_event *pmw_event_alloc(void)
{
	struct pmw_task *pt = pmw_task(current);
	struct pmw_event *ev = pt->spare;

	might_sleep();
	pt->spare = NULL;
	if (!ev)
		ev = kmem_cache_alloc(pmw_event_cache, GFP_KERNEL | __GFP_NOWARN);
	if (!ev)
		return NULL;
	memset(ev, 0, offsetof(struct pmw_event, space));
	ev->used = sizeof(ev->rec);
	return ev;
}

/*
 * pmw_event_discard - let go of an event, published or not
 * @ev: the event, its references dropped (pmw_record_finish())
 *
 * Kept as the current task's spare, when it has none: only the task
 * itself uses its spare, until it is freed.
 */
static void pmw_event_discard(struct pmw_event *ev)
{
	struct pmw_task *pt = pmw_task(current);

	if (pt->spare)
		kmem_cache_free(pmw_event_cache, ev);
	else
		pt->spare = ev;
}

static void pmw_event_count(const struct pmw_access_record *rec)
{
	static atomic64_t *const by_outcome[] = {
		[PMW_OUTCOME_OPENED] = &pmw_event_stats.opened,
		[PMW_OUTCOME_REFUSED] = &pmw_event_stats.refused,
		[PMW_OUTCOME_FAILED] = &pmw_event_stats.failed,
		[PMW_OUTCOME_DENIED] = &pmw_event_stats.denied,
	};

	atomic64_inc(by_outcome[rec->outcome]);
	if (rec->info & PMW_INFO_WOULD_DENY)
		atomic64_inc(&pmw_event_stats.would_deny);
	if (rec->info & PMW_INFO_PASSED)
		atomic64_inc(&pmw_event_stats.passed);
}

/**
 * pmw_event_commit - number a record and give it to the stream's readers
 * @hdr: the record, its size a multiple of 8; its number is set here
 *
 * Never sleeps.
 */
void pmw_event_commit(struct pmw_record_header *hdr)
{
	pmw_ring_commit(&pmw_stream, hdr);
}

/**
 * pmw_event_publish - finish an event and report it
 * @ev: the event, its opener (and target, if it has one) noted
 * @outcome: PMW_OUTCOME_*
 * @error: the errno the access failed with, positive; 0 if it did not
 *
 * Counts it, and past the opener's budget counts it into a summary
 * instead; else numbers it in the stream and logs it to audit. Frees the
 * event. Never sleeps.
 */
void pmw_event_publish(struct pmw_event *ev, u16 outcome, u32 error)
{
	struct pmw_access_record *rec = &ev->rec;
	bool exempt = ev->exempt && !pmw_locked();

	pmw_record_finish(ev);
	rec->outcome = outcome;
	rec->error = error;
	/* The bytes up to the next multiple of 8 go to readers too. */
	memset((char *)rec + ev->used, 0, ALIGN(ev->used, 8) - ev->used);
	rec->hdr.size = ALIGN(ev->used, 8);
	pmw_event_count(rec);
	/* A record counted into a summary has it written within a second. */
	if (exempt || pmw_budget_admit(rec)) {
		pmw_event_commit(&rec->hdr);
		pmw_audit_access(rec, exempt, ev->own_syscall);
	} else {
		schedule_delayed_work(&pmw_summary_work, HZ);
	}
	pmw_event_discard(ev);
}

/* Writes what the budgets counted in the last second, a record per user. */
static void pmw_event_summarize(struct work_struct *work)
{
	struct pmw_summary_record rec;
	u32 slot = 0;

	while (pmw_budget_next_summary(&slot, &rec)) {
		pmw_event_commit(&rec.hdr);
		pmw_audit_summary(&rec);
	}
}

/**
 * pmw_event_dropped - number and report an access that could not be
 *	reported in full
 * @opener: the task that made the access, current or kept by the caller
 * @route: PMW_ROUTE_*
 * @target_pid: the thread whose memory it was, 0 if unknown
 *
 * Budgeted as an access record is. Never sleeps.
 */
void pmw_event_dropped(struct task_struct *opener, u32 route, u32 target_pid)
{
	const struct cred *cred;
	bool exempt;
	struct pmw_dropped_record rec = {
		.hdr.size = sizeof(rec),
		.hdr.type = PMW_RECORD_DROPPED,
		.hdr.version = 1,
		.reason = PMW_DROPPED_NOMEM,
		.route = route,
		.pid = task_tgid_nr(opener),
		.tid = task_pid_nr(opener),
		.target_pid = target_pid,
	};

	rcu_read_lock();
	cred = __task_cred(opener);
	rec.uid = from_kuid(&init_user_ns, cred->uid);
	exempt = pmw_budget_exempt(cred);
	rcu_read_unlock();
	atomic64_inc(&pmw_event_stats.dropped);
	if (exempt || pmw_budget_admit_dropped(&rec)) {
		pmw_event_commit(&rec.hdr);
		pmw_audit_dropped(&rec);
	} else {
		schedule_delayed_work(&pmw_summary_work, HZ);
	}
}
