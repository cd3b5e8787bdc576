// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: the members ECS and OCSF write alike
 *
 * Each event is a line's object, whose members each format writes by the
 * kind of the event. Where ECS has no field, a member is procmem.NAME in
 * ECS and unmapped.NAME in OCSF, with the same value; these write them,
 * each into the object the caller has open. Their names are listed in
 * procmemwatch.1.
 */

#include <stddef.h>
#include <linux/procmemwatch.h>

#include "container.h"
#include "flags.h"
#include "json_fields.h"
#include "route.h"
#include "words.h"

void pmw_put_json_event(FILE *out, const struct pmw_json_format *f, const struct pmw_event *ev)
{
	struct pmw_json j;

	pmw_json_begin(&j, out);
	switch (ev->kind) {
	case PMW_EV_LOST:
		f->lost(&j, ev);
		break;
	case PMW_EV_DROPPED:
		f->dropped(&j, ev);
		break;
	case PMW_EV_CONFIG:
		f->config(&j, ev);
		break;
	case PMW_EV_SUMMARY:
		f->summary(&j, ev);
		break;
	case PMW_EV_BEGUN:
		f->begun(&j, ev);
		break;
	default:
		f->open(&j, ev);
	}
	pmw_json_end(&j);
}

void pmw_put_audit_serial(struct pmw_json *j, const struct pmw_event *ev)
{
	if (ev->has_audit_serial)
		pmw_json_uint(j, "audit_serial", ev->audit_serial);
}

/*
 * The outcome's word and its errno (errno_guessed when the kernel inferred
 * it), then self, tracer, thread, io_uring, would_deny, passed, traced_exec
 * and untrusted_exe, each true or false.
 */
void pmw_put_access(struct pmw_json *j, const struct pmw_event *ev)
{
	pmw_json_string(j, "access", pmw_access_name(ev->access));
	pmw_json_string(j, "outcome", pmw_outcome_name(ev->outcome));
	if (ev->error)
		pmw_json_uint(j, "errno", ev->error);
	if (ev->info & PMW_INFO_GUESSED_ERROR)
		pmw_json_bool(j, "errno_guessed", 1);
	pmw_json_bool(j, "self", ev->info & PMW_INFO_SELF);
	pmw_json_bool(j, "tracer", ev->info & PMW_INFO_TRACER);
	pmw_json_bool(j, "thread", ev->info & PMW_INFO_THREAD_DIR);
	pmw_json_bool(j, "io_uring", ev->info & PMW_INFO_IO_URING);
	pmw_json_bool(j, "would_deny", ev->info & PMW_INFO_WOULD_DENY);
	pmw_json_bool(j, "passed", ev->info & PMW_INFO_PASSED);
	pmw_json_bool(j, "traced_exec", ev->info & PMW_INFO_TRACED_EXEC);
	pmw_json_bool(j, "untrusted_exe", ev->info & PMW_INFO_UNTRUSTED_EXE);
}

/*
 * An executable's file, as ECS's file.device and file.inode give a file's:
 * {"device":"MAJ:MIN","inode":"INO"}, strings as ECS has them; nothing
 * when the event has no file (all 0) or does not say.
 */
void pmw_put_exe_id(struct pmw_json *j, const char *name, const struct pmw_event *ev,
		    const struct pmw_file_ref *f)
{
	char num[24];

	if (!ev->has_exe_id || !pmw_file_ref_known(f))
		return;
	pmw_json_object(j, name);
	snprintf(num, sizeof(num), "%u:%u", f->dev_major, f->dev_minor);
	pmw_json_string(j, "device", num);
	snprintf(num, sizeof(num), "%llu", (unsigned long long)f->ino);
	pmw_json_string(j, "inode", num);
	pmw_json_close(j);
}

/* The routes a summary's accesses took, by name (a number for one not known here). */
void pmw_put_routes(struct pmw_json *j, const char *name, uint32_t routes)
{
	char buf[12];
	uint32_t route;

	pmw_json_array(j, name);
	for (route = 0; route < 32; route++)
		if (routes & (uint32_t)1 << route)
			pmw_json_string(j, NULL, pmw_route_name(route, buf, sizeof(buf)));
	pmw_json_close(j);
}

void pmw_put_route(struct pmw_json *j, uint32_t route)
{
	char buf[12];

	pmw_json_string(j, "route", pmw_route_name(route, buf, sizeof(buf)));
}

static void put_flags(struct pmw_json *j, const struct pmw_event *ev)
{
	struct pmw_flag_names f;
	size_t i;

	pmw_flag_names(ev, &f);
	pmw_json_array(j, "flags");
	for (i = 0; i < f.count; i++)
		pmw_json_string(j, NULL, f.name[i]);
	pmw_json_close(j);
}

void pmw_put_route_fields(struct pmw_json *j, const struct pmw_event *ev)
{
	pmw_put_route(j, ev->route);
	if (pmw_has_bytes(ev))
		pmw_json_uint(j, "bytes", ev->bytes);
	if (ev->begun_seq)
		pmw_json_uint(j, "begun_seq", ev->begun_seq);
	if (pmw_has_file(ev))
		put_flags(j, ev);
}

/*
 * The context as the record gives it: "cgroup":{"path","id"} and
 * "ns":{"pid","mnt","user","net"}; a member only when known (not empty,
 * not 0), an object only with a member.
 */
void pmw_put_context(struct pmw_json *j, const char *cgroup_name, const char *ns_name,
		     const struct pmw_ctx *c)
{
	static const char *const ns_names[] = { "pid", "mnt", "user", "net" };
	const uint32_t ns[] = { c->pid_ns, c->mnt_ns, c->user_ns, c->net_ns };
	size_t i, n = 0;

	if (c->cgroup.len || c->cgroup_id) {
		pmw_json_object(j, cgroup_name);
		if (c->cgroup.len)
			pmw_json_bytes(j, "path", c->cgroup);
		if (c->cgroup_id)
			pmw_json_uint(j, "id", c->cgroup_id);
		pmw_json_close(j);
	}
	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		if (!ns[i])
			continue;
		if (!n++)
			pmw_json_object(j, ns_name);
		pmw_json_uint(j, ns_names[i], ns[i]);
	}
	if (n)
		pmw_json_close(j);
}

void pmw_put_crossing(struct pmw_json *j, const struct pmw_event *ev)
{
	const char *crossing = pmw_ns_crossing(ev);

	if (crossing)
		pmw_json_string(j, "ns_crossing", crossing);
}

/*
 * ECS's container.id and .runtime ("id", its pod is orchestrator.*),
 * OCSF's container (of its container profile: "uid", pod_uuid and
 * orchestrator).
 */
void pmw_put_container(struct pmw_json *j, const struct pmw_container *c, const char *id_name,
		       int pod)
{
	if (!c->id[0])
		return;
	pmw_json_object(j, "container");
	pmw_json_string(j, id_name, c->id);
	if (c->runtime)
		pmw_json_string(j, "runtime", c->runtime);
	if (pod && c->pod[0]) {
		pmw_json_string(j, "pod_uuid", c->pod);
		pmw_json_string(j, "orchestrator", "Kubernetes");
	}
	pmw_json_close(j);
}
