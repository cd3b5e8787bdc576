/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procmemwatch reader: the routes into another process's memory. A route
 * this reader does not know has no info: it is named by its number, and
 * its events keep what they carry.
 */

#ifndef PMW_ROUTE_H
#define PMW_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

/*
 * A route, in the events and in the policy's route= (policy_rule.c), which
 * follows the kernel's route flags (FILE, TARGET, DEFAULT): what a rule
 * without route= covers, and which rules can never match it.
 */
struct pmw_route_info {
	uint32_t route;		/* PMW_ROUTE_* */
	const char *name;	/* procmem.route, --route, the human format's word */
	const char *action;	/* ECS event.action: the audit record's op= */
	unsigned int file:1;	/* a path and open flags */
	unsigned int target:1;	/* a target process: without one, tracer never holds */
	unsigned int bytes:1;	/* bytes moved */
	unsigned int policy_default:1;	/* covered by a rule without route= */
	unsigned int needs_rw:1;	/* it writes: a rule naming it needs access=rw */
};

const struct pmw_route_info *pmw_route(uint32_t route);
/* The i-th known route, in the order of their numbers; NULL past the last. */
const struct pmw_route_info *pmw_route_at(size_t i);
/* The known route named s[0..len), or NULL. */
const struct pmw_route_info *pmw_route_named(const char *s, size_t len);
/* The route's name, or its number written into buf. */
const char *pmw_route_name(uint32_t route, char *buf, size_t size);
/* A name or a number from 1 to 63 (--route). Returns 0, or -1. */
int pmw_route_parse(const char *s, size_t len, uint32_t *route);
int pmw_has_file(const struct pmw_event *ev);
int pmw_has_target(const struct pmw_event *ev);
int pmw_has_bytes(const struct pmw_event *ev);

#endif /* PMW_ROUTE_H */
