// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: which events to print
 *
 * Notices of lost events always pass, whatever the filters: a gap that a
 * filter hid would look like a quiet machine.
 *
 * A dropped record (an open not reported in full) has an opener pid and a
 * target pid, but no command name and no time; a config record (a write
 * to a setting) has the writer's pid and a time, but no target and no
 * command name. A filter on what a record does not have excludes it:
 * --comm keeps opens and self-opens records only, --target no config
 * record, --since or --until no dropped record, whose time nobody knows
 * (--seq selects them), and --seq no config change read from an audit
 * log, which has no number (seq 0).
 *
 * A self-opens record counts many opens but names only the last opener:
 * --pid and --comm match that one, and so does --target, each open being
 * of its opener's own memory; --since and --until match the time of the
 * last open, as the record stands for opens up to it.
 *
 * An access by /proc/kcore has no target: --target excludes it. --route
 * matches the route of an access, of a dropped one, and of a self-opens
 * record (mem, its opens being of mem files); a config record has none.
 *
 * Only an access says where its sides run, and only from a kernel that
 * reports it (open records of version 4, audit records with cgroup= and
 * nscross=): --container keeps the accesses whose opener or target runs
 * in that container or pod, --cross those that cross pid namespaces.
 *
 * --node keeps the events of the hosts named, as ausearch's --node does:
 * an event whose source names no host (a capture, an audit line without
 * node=) is of none of them.
 *
 * Guard mode's review: --uid matches the real uid of an access's opener,
 * of a dropped access's, of a self-opens count's user (not a count of
 * several users') and of a config change's writer. Only an access names
 * its executable (--exe), has an outcome (--outcome) and a verdict
 * (--would-deny). --no-self leaves out the opens of the opener's own
 * memory and the counts of them.
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

static uint32_t target_of(const struct pmw_event *ev)
{
	return ev->kind == PMW_EV_SELF_OPENS ? ev->pid : ev->target_pid;
}

static int has_comm(const struct pmw_event *ev)
{
	return ev->kind == PMW_EV_OPEN || ev->kind == PMW_EV_SELF_OPENS;
}

static int has_target(const struct pmw_event *ev)
{
	return ev->kind != PMW_EV_CONFIG && (ev->kind != PMW_EV_OPEN || pmw_has_target(ev));
}

static int route_matches(uint64_t routes, const struct pmw_event *ev)
{
	if (!routes)
		return 1;
	return ev->kind != PMW_EV_CONFIG && ev->route < 64 &&
	       (routes & (uint64_t)1 << ev->route);
}

/* Either side: the target's only for a route that has one. */
static int container_matches(const char *want, const struct pmw_event *ev)
{
	return ev->kind == PMW_EV_OPEN &&
	       (pmw_container_matches(&ev->container, want) ||
		(pmw_has_target(ev) && pmw_container_matches(&ev->target_container, want)));
}

static int crosses(const struct pmw_event *ev)
{
	return ev->kind == PMW_EV_OPEN && ev->has_crossing && pmw_has_target(ev) &&
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

/* The filters of guard mode's review. */
static int review_matches(const struct pmw_filter *f, const struct pmw_event *ev)
{
	int access = ev->kind == PMW_EV_OPEN;

	if (f->uid >= 0 && ev->uid != f->uid)
		return 0;
	if (f->exe && (!access || !pmw_bytes_is(ev->exe, f->exe)))
		return 0;
	if (f->outcomes &&
	    (!access || ev->outcome > 63 || !(f->outcomes & (uint64_t)1 << ev->outcome)))
		return 0;
	if (f->would_deny && (!access || !(ev->info & PMW_INFO_WOULD_DENY)))
		return 0;
	return !f->no_self ||
	       !(ev->kind == PMW_EV_SELF_OPENS || (access && (ev->info & PMW_INFO_SELF)));
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
	if (f->target >= 0 && (!has_target(ev) || target_of(ev) != f->target))
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
