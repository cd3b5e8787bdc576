// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the routes into another process's memory
 *
 * One table, indexed by the route's number in the records, says all that
 * the rest of procmemwatch needs to know of a route: its name in the
 * policy, its audit op, what access it asks for and which fields its
 * records have. A new route is a new line here and the hook that sees it.
 */

#include <linux/kernel.h>
#include <linux/string.h>

#include "route.h"

static const struct pmw_route pmw_routes[PMW_ROUTE_COUNT] = {
	[PMW_ROUTE_MEM] = {
		.name = "mem",
		.audit_op = "proc_mem_open",
		.flags = PMW_ROUTE_FILE | PMW_ROUTE_TARGET | PMW_ROUTE_DEFAULT,
	},
	[PMW_ROUTE_PROCESS_VM_READV] = {
		.name = "process_vm_readv",
		.audit_op = "process_vm_readv",
		.access = PMW_ACCESS_READ,
		.flags = PMW_ROUTE_TARGET | PMW_ROUTE_DEFAULT,
	},
	[PMW_ROUTE_PROCESS_VM_WRITEV] = {
		.name = "process_vm_writev",
		.audit_op = "process_vm_writev",
		.access = PMW_ACCESS_WRITE,
		.flags = PMW_ROUTE_TARGET | PMW_ROUTE_DEFAULT,
	},
	/*
	 * A tracer peeks and pokes. The attach is what makes it one; a
	 * tracer rule holds for the exec of its tracee.
	 */
	[PMW_ROUTE_PTRACE_ATTACH] = {
		.name = "ptrace_attach",
		.audit_op = "ptrace_attach",
		.access = PMW_ACCESS_READ | PMW_ACCESS_WRITE,
		.flags = PMW_ROUTE_TARGET | PMW_ROUTE_DEFAULT,
	},
	/*
	 * The memory of every process and of the kernel: a rule written for
	 * a debugger must not grant it without naming it.
	 */
	[PMW_ROUTE_KCORE] = {
		.name = "kcore",
		.audit_op = "proc_kcore_open",
		.flags = PMW_ROUTE_FILE,
	},
	[PMW_ROUTE_ENVIRON] = {
		.name = "environ",
		.audit_op = "proc_environ_open",
		.flags = PMW_ROUTE_FILE | PMW_ROUTE_TARGET | PMW_ROUTE_DEFAULT,
	},
	[PMW_ROUTE_PERF_SAMPLE] = {
		.name = "perf_sample",
		.audit_op = "perf_sample",
		.access = PMW_ACCESS_READ,
		.flags = PMW_ROUTE_TARGET | PMW_ROUTE_DEFAULT,
	},
	[PMW_ROUTE_CORE_DUMP] = {
		.name = "core_dump",
		.audit_op = "core_dump",
		.access = PMW_ACCESS_READ,
		.flags = PMW_ROUTE_TARGET | PMW_ROUTE_DEFAULT,
	},
};

/**
 * pmw_route - what a route means
 * @route: PMW_ROUTE_*
 *
 * Return: its line of the table; NULL for a number that names no route.
 */
const struct pmw_route *pmw_route(u32 route)
{
	if (route >= PMW_ROUTE_COUNT || !pmw_routes[route].name)
		return NULL;
	return &pmw_routes[route];
}

/**
 * pmw_route_by_name - the route a rule names
 * @name: the name, as in route=
 *
 * Return: its PMW_ROUTE_*, or 0 when no route has that name.
 */
u32 pmw_route_by_name(const char *name)
{
	u32 route;

	for (route = 0; route < PMW_ROUTE_COUNT; route++)
		if (pmw_routes[route].name && !strcmp(pmw_routes[route].name, name))
			return route;
	return 0;
}

/**
 * pmw_routes_with - the set of the routes that have every flag asked for
 * @flags: PMW_ROUTE_* flags
 *
 * Return: a PMW_ROUTE_BIT() for each of them.
 */
u32 pmw_routes_with(u16 flags)
{
	u32 route, set = 0;

	for (route = 0; route < PMW_ROUTE_COUNT; route++)
		if (pmw_routes[route].name &&
		    (pmw_routes[route].flags & flags) == flags)
			set |= PMW_ROUTE_BIT(route);
	return set;
}
