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

struct pmw_route_info {
	uint32_t route;		/* PMW_ROUTE_* */
	const char *name;	/* procmem.route, --route, the human format's word */
	const char *action;	/* ECS event.action: the audit record's op= */
	unsigned int file:1;	/* a path and open flags */
	unsigned int target:1;	/* a target process */
	unsigned int bytes:1;	/* bytes moved */
};

const struct pmw_route_info *pmw_route(uint32_t route);
/* The route's name, or its number written into buf. */
const char *pmw_route_name(uint32_t route, char *buf, size_t size);
/* A name or a number from 1 to 63 (--route). Returns 0, or -1. */
int pmw_route_parse(const char *s, size_t len, uint32_t *route);
int pmw_has_file(const struct pmw_event *ev);
int pmw_has_target(const struct pmw_event *ev);
int pmw_has_bytes(const struct pmw_event *ev);

#endif /* PMW_ROUTE_H */
