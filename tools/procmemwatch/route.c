// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: the routes into another process's memory
 *
 * A route names the way an access went: an open or a read of a mem file,
 * a process_vm_readv or process_vm_writev call, a ptrace attach (or a
 * traced exec), an open or a read of /proc/kcore or of /proc/PID/environ
 * (a process's environment, often its secrets; read only), a perf event
 * sampling another process's user stack or registers, a signal or an
 * RLIMIT_CORE that makes another process dump its memory. Each is named
 * by one word, the same in every format and in --route and route=; its
 * ECS event.action is the op= of its audit record. The routes without a
 * file have no path and no open flags; /proc/kcore has no target process.
 * A route this reader does not know (a newer kernel's) is named by its
 * number, and its events show whatever they carry.
 */

#include <stdio.h>
#include <string.h>
#include <linux/procmemwatch.h>

#include "route.h"

/*
 * In the order of their numbers, which is the order of route= in the
 * policy as the kernel writes it. The last two columns are the policy's:
 * in a rule without route=; needs access=rw. A tracer rule may name any
 * route with a target: ptrace_attach too, where the opener is the
 * target's tracer when a traced task execs (traced_exec).
 */
static const struct pmw_route_info routes[] = {
	{ PMW_ROUTE_MEM, "mem", "proc_mem_open", 1, 1, 0, 1, 0 },
	{ PMW_ROUTE_PROCESS_VM_READV, "process_vm_readv", "process_vm_readv", 0, 1, 1, 1, 0 },
	{ PMW_ROUTE_PROCESS_VM_WRITEV, "process_vm_writev", "process_vm_writev", 0, 1, 1, 1, 1 },
	{ PMW_ROUTE_PTRACE_ATTACH, "ptrace_attach", "ptrace_attach", 0, 1, 0, 1, 1 },
	{ PMW_ROUTE_KCORE, "kcore", "proc_kcore_open", 1, 0, 0, 0, 0 },
	{ PMW_ROUTE_ENVIRON, "environ", "proc_environ_open", 1, 1, 0, 1, 0 },
	{ PMW_ROUTE_PERF_SAMPLE, "perf_sample", "perf_sample", 0, 1, 0, 1, 0 },
	{ PMW_ROUTE_CORE_DUMP, "core_dump", "core_dump", 0, 1, 0, 1, 0 },
};

#define NROUTES	(sizeof(routes) / sizeof(routes[0]))

const struct pmw_route_info *pmw_route(uint32_t route)
{
	size_t i;

	for (i = 0; i < NROUTES; i++)
		if (routes[i].route == route)
			return &routes[i];
	return NULL;
}

const struct pmw_route_info *pmw_route_at(size_t i)
{
	return i < NROUTES ? &routes[i] : NULL;
}

const struct pmw_route_info *pmw_route_named(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < NROUTES; i++)
		if (strlen(routes[i].name) == len && !memcmp(routes[i].name, s, len))
			return &routes[i];
	return NULL;
}

const char *pmw_route_name(uint32_t route, char *buf, size_t size)
{
	const struct pmw_route_info *r = pmw_route(route);

	if (r)
		return r->name;
	snprintf(buf, size, "%u", route);
	return buf;
}

int pmw_route_parse(const char *s, size_t len, uint32_t *route)
{
	const struct pmw_route_info *r = pmw_route_named(s, len);
	uint32_t n = 0;
	size_t i;

	if (r) {
		*route = r->route;
		return 0;
	}
	if (!len || len > 2)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	if (n < 1 || n > 63)
		return -1;
	*route = n;
	return 0;
}

/* An unknown route shows a path when its record has one, and its open flags with it. */
int pmw_has_file(const struct pmw_event *ev)
{
	const struct pmw_route_info *r = pmw_route(ev->route);

	return r ? r->file : ev->path.len != 0;
}

int pmw_has_target(const struct pmw_event *ev)
{
	const struct pmw_route_info *r = pmw_route(ev->route);

	return r ? r->target : 1;
}

int pmw_has_bytes(const struct pmw_event *ev)
{
	const struct pmw_route_info *r = pmw_route(ev->route);

	return r ? r->bytes : ev->bytes != 0;
}
