/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: the routes into another process's memory, and what each
 * one means
 */

#ifndef _SECURITY_PROCMEMWATCH_ROUTE_H
#define _SECURITY_PROCMEMWATCH_ROUTE_H

#include <linux/types.h>
#include <uapi/linux/procmemwatch.h>

/* The highest PMW_ROUTE_* plus one. */
#define PMW_ROUTE_COUNT		(PMW_ROUTE_CORE_DUMP + 1)

/* pmw_route.flags */
#define PMW_ROUTE_FILE		0x1	/* a file: its records have a path and flags */
#define PMW_ROUTE_TARGET	0x2	/* it reaches one process, the target */
#define PMW_ROUTE_DEFAULT	0x4	/* a rule without route= covers it */

/**
 * struct pmw_route - everything a route means to the kernel side
 * @name: its name in a rule's route=, and in audit's route= fields
 * @audit_op: the op= of its audit records
 * @access: the PMW_ACCESS_* bits it asks for; 0 when a file's mode says
 * @flags: PMW_ROUTE_* bits above
 */
struct pmw_route {
	const char *name;
	const char *audit_op;
	u16 access;
	u16 flags;
};

const struct pmw_route *pmw_route(u32 route);
u32 pmw_route_by_name(const char *name);

/* The bit of a route in a set of routes. */
#define PMW_ROUTE_BIT(route)	(1U << (route))

u32 pmw_routes_with(u16 flags);

#endif /* _SECURITY_PROCMEMWATCH_ROUTE_H */
