// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: which events to print
 *
 * Notices of lost events always pass, whatever the filters: a gap that a
 * filter hid would look like a quiet machine.
 *
 * A dropped record (an access not reported in full) has an opener pid
 * and a target pid, but no command name and no time; a config record (a
 * write to a setting) has the writer's pid and a time, but no target and
 * no command name. A filter on what a record does not have excludes it:
 * --comm keeps accesses, begun calls and summaries only, --target no
 * config record, --since or --until no dropped record, whose time nobody
 * knows (--seq selects them), and --seq no config change read from an
 * audit log, which has no number (seq 0).
 *
 * A summary counts many accesses but names only the last opener and its
 * target: --pid, --comm and --target match those; --since and --until
 * match the time of the last access, as the summary stands for accesses
 * up to it; --route any route its accesses took (an audit record names
 * only the last one's).
 *
 * An access by /proc/kcore has no target: --target excludes it. --route
 * matches the route of an access, of a begun call and of a dropped
 * access; a config record has none.
 *
 * Only an access says where its sides run: --container keeps the accesses
 * whose opener or target runs in that container or pod, --cross those
 * that cross pid namespaces.
 *
 * --node keeps the events of the hosts named, as ausearch's --node does:
 * an event whose source names no host (a capture, an audit line without
 * node=) is of none of them.
 *
 * Guard mode's review: --uid matches the real uid of an access's opener,
 * of a begun call's, of a dropped access's, of a summary's user (not a
 * summary of several users') and of a config change's writer. Only an
 * access names its executable (--exe). --outcome and --would-deny keep
 * the accesses with that outcome or verdict, and the summaries that count
 * one. --no-self leaves out the accesses of the opener's own memory, and
 * the summaries that count nothing else.
 */

#include <limits.h>
#include <string.h>
#include <linux/procmemwatch.h>

#include "container.h"
#include "filter.h"
#include "route.h"

void pmw_filter_init(struct pmw_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->pid = f->target = f->uid = -1;
	f->seq_last = UINT64_MAX;
	f->since_ns = LLONG_MIN;
	f->until_ns = LLONG_MAX;
}

static int has_comm(const struct pmw_event *ev)
{
	return ev->kind == PMW_EV_ACCESS || ev->kind == PMW_EV_SUMMARY || ev->kind == PMW_EV_BEGUN;
}

/* A summary's last access to /proc/kcore has none (0). */
static int has_target(const struct pmw_event *ev)
{
	if (ev->kind == PMW_EV_SUMMARY)
		return ev->target_pid != 0;
	return ev->kind != PMW_EV_CONFIG && (ev->kind != PMW_EV_ACCESS || pmw_has_target(ev));
}

static int route_matches(uint64_t routes, const struct pmw_event *ev)
{
	if (!routes)
		return 1;
	if (ev->kind == PMW_EV_SUMMARY && ev->has_routes)
		return (routes & ev->routes) != 0;
	return ev->kind != PMW_EV_CONFIG && ev->route < 64 &&
	       (routes & (uint64_t)1 << ev->route);
}

/* Either side: the target's only for a route that has one. */
static int container_matches(const char *want, const struct pmw_event *ev)
{
	return ev->kind == PMW_EV_ACCESS &&
	       (pmw_container_matches(&ev->container, want) ||
		(pmw_has_target(ev) && pmw_container_matches(&ev->target_container, want)));
}

static int crosses(const struct pmw_event *ev)
{
	return ev->kind == PMW_EV_ACCESS && ev->has_crossing && pmw_has_target(ev) &&
	       (ev->info & PMW_INFO_NS_CROSS);
}

static int node_matches(const struct pmw_filter *f, const struct pmw_event *ev)
{
	unsigned int i;

	for (i = 0; i < f->n_nodes; i++)
		if (pmw_bytes_is(ev->host, f->nodes[i]))
			return 1;
	return 0;
}

/* The outcomes a summary counts, a bit each, as --outcome has them. */
static uint64_t summary_outcomes(const struct pmw_event *ev)
{
	uint64_t failures = ev->refused + ev->failed + ev->denied;

	return (ev->count > failures ? (uint64_t)1 << PMW_OUTCOME_OPENED : 0) |
	       (ev->refused ? (uint64_t)1 << PMW_OUTCOME_REFUSED : 0) |
	       (ev->failed ? (uint64_t)1 << PMW_OUTCOME_FAILED : 0) |
	       (ev->denied ? (uint64_t)1 << PMW_OUTCOME_DENIED : 0);
}

static int outcome_matches(uint64_t outcomes, const struct pmw_event *ev)
{
	if (ev->kind == PMW_EV_SUMMARY)
		return (outcomes & summary_outcomes(ev)) != 0;
	return ev->kind == PMW_EV_ACCESS && ev->outcome < 64 &&
	       (outcomes & (uint64_t)1 << ev->outcome);
}

static int would_deny(const struct pmw_event *ev)
{
	if (ev->kind == PMW_EV_SUMMARY)
		return ev->would_deny != 0;
	return ev->kind == PMW_EV_ACCESS && (ev->info & PMW_INFO_WOULD_DENY);
}

static int only_self(const struct pmw_event *ev)
{
	if (ev->kind == PMW_EV_SUMMARY)
		return ev->count && ev->self == ev->count;
	return ev->kind == PMW_EV_ACCESS && (ev->info & PMW_INFO_SELF);
}

/* The filters of guard mode's review. */
static int review_matches(const struct pmw_filter *f, const struct pmw_event *ev)
{
	if (f->uid >= 0 && ev->uid != f->uid)
		return 0;
	if (f->exe && (ev->kind != PMW_EV_ACCESS || !pmw_bytes_is(ev->exe, f->exe)))
		return 0;
	if (f->outcomes && !outcome_matches(f->outcomes, ev))
		return 0;
	if (f->would_deny && !would_deny(ev))
		return 0;
	return !f->no_self || !only_self(ev);
}

int pmw_filter_match(const struct pmw_filter *f, const struct pmw_event *ev)
{
	if (ev->kind == PMW_EV_LOST)
		return 1;
	if (f->n_nodes && !node_matches(f, ev))
		return 0;
	if (!review_matches(f, ev))
		return 0;
	if (f->container && !container_matches(f->container, ev))
		return 0;
	if (f->cross && !crosses(ev))
		return 0;
	if (f->pid >= 0 && ev->pid != f->pid)
		return 0;
	if (f->target >= 0 && (!has_target(ev) || ev->target_pid != f->target))
		return 0;
	if (!route_matches(f->routes, ev))
		return 0;
	if (f->comm && (!has_comm(ev) || ev->comm.len != strlen(f->comm) ||
			memcmp(ev->comm.p, f->comm, ev->comm.len)))
		return 0;
	if (!ev->seq && (f->seq_first || f->seq_last != UINT64_MAX))
		return 0;
	if (ev->seq < f->seq_first || ev->seq > f->seq_last)
		return 0;
	if (ev->kind == PMW_EV_DROPPED)
		return f->since_ns == LLONG_MIN && f->until_ns == LLONG_MAX;
	/* A bound before 1970 (negative) excludes nothing, or everything. */
	if (f->since_ns > 0 && ev->real_ns < (uint64_t)f->since_ns)
		return 0;
	return f->until_ns >= 0 && ev->real_ns <= (uint64_t)f->until_ns;
}
