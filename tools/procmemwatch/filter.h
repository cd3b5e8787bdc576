/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: which events to print */

#ifndef PMW_FILTER_H
#define PMW_FILTER_H

#include <stdint.h>

#include "event.h"

#define PMW_NODES_MAX	16	/* --node given that many times at most */

/* All must match; lost-event notices always pass (filter.c). */
struct pmw_filter {
	long long pid, target;		/* -1: any */
	const char *comm;		/* NULL: any */
	uint64_t seq_first, seq_last;	/* inclusive */
	long long since_ns, until_ns;	/* CLOCK_REALTIME, inclusive */
	uint64_t routes;		/* bit N: route N passes; 0: any */
	const char *container;		/* either side's container or pod; NULL: any */
	int cross;			/* only accesses across pid namespaces */
	const char *nodes[PMW_NODES_MAX];	/* the event's host is one of these */
	unsigned int n_nodes;			/* 0: any host, or none */
	long long uid;			/* opener's real uid, writer's of a config; -1: any */
	const char *exe;		/* opener's executable, of an access; NULL: any */
	uint64_t outcomes;		/* bit N: PMW_OUTCOME_N passes, of an access; 0: any */
	int would_deny;			/* only accesses detect mode marked would_deny */
	int no_self;			/* no self-opens, nor their counts */
};

void pmw_filter_init(struct pmw_filter *f);
int pmw_filter_match(const struct pmw_filter *f, const struct pmw_event *ev);

#endif /* PMW_FILTER_H */
