// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: events as JSON Lines with ECS field names (--json)
 *
 * Field names follow ECS where ECS has a field (process.*, user.*,
 * file.path, event.*, container.*, orchestrator.*, error.code, threat.*,
 * rule.*) and use procmem.* for the rest; the target process is
 * procmem.target.*, ECS having no field set for a second process. The
 * names are listed in procmemwatch.1 and are an interface: do not rename
 * them. Times are UTC, as ECS wants them.
 */

#include <stdio.h>
#include <string.h>
#include <linux/procmemwatch.h>

#include "finding.h"
#include "format.h"
#include "json.h"
#include "json_fields.h"
#include "route.h"
#include "timestamp.h"
#include "verdict.h"
#include "words.h"

static void put_time(struct pmw_json *j, const char *name, uint64_t real_ns)
{
	char t[PMW_TIME_SIZE];

	pmw_json_string(j, name, pmw_format_time(t, sizeof(t), real_ns, PMW_TIME_JSON, 1));
}

/* A member of one or two strings in an array, as ECS's categorization fields are. */
static void put_strings(struct pmw_json *j, const char *name, const char *first,
			const char *second)
{
	pmw_json_array(j, name);
	pmw_json_string(j, NULL, first);
	if (second)
		pmw_json_string(j, NULL, second);
	pmw_json_close(j);
}

/*
 * event.kind, category and type. An access that the policy refused, or
 * would have refused, is an alert of an intrusion prevention function,
 * whose disposition ECS puts in event.type: denied or allowed, which ECS
 * expects with the category intrusion_detection, not process. A notice
 * of lost events is a metric, of no category.
 */
static void put_categorization(struct pmw_json *j, const struct pmw_event *ev)
{
	enum pmw_verdict v = ev->kind == PMW_EV_ACCESS ? pmw_verdict_of(ev) : PMW_VERDICT_NONE;

	if (ev->kind == PMW_EV_LOST) {
		pmw_json_string(j, "kind", "metric");
	} else if (ev->kind == PMW_EV_CONFIG) {
		pmw_json_string(j, "kind", "event");
		put_strings(j, "category", "configuration", NULL);
		put_strings(j, "type", "change", NULL);
	} else if (v == PMW_VERDICT_NONE) {
		pmw_json_string(j, "kind", "event");
		put_strings(j, "category", "process", NULL);
		put_strings(j, "type", "access", NULL);
	} else {
		pmw_json_string(j, "kind", "alert");
		put_strings(j, "category", "process", "intrusion_detection");
		put_strings(j, "type", "access", v == PMW_VERDICT_DENIED ? "denied" : "allowed");
	}
}

/*
 * event.action: of an access, its audit record's op= (procmem_access for
 * a route this reader does not know); of a begun call, that and _begun,
 * as its audit record's op=.
 */
static const char *action_of(const struct pmw_event *ev, char *buf, size_t size)
{
	const struct pmw_route_info *r = pmw_route(ev->route);

	switch (ev->kind) {
	case PMW_EV_ACCESS:
		return r ? r->action : "procmem_access";
	case PMW_EV_BEGUN:
		snprintf(buf, size, "%s_begun", r ? r->action : "procmem_access");
		return buf;
	case PMW_EV_DROPPED:
		return "procmem_dropped";
	case PMW_EV_CONFIG:
		return "procmemwatch_config_change";
	case PMW_EV_SUMMARY:
		return "procmem_summary";
	default:
		return "events_lost";
	}
}

/* The event object, open for what only some events have. */
static void open_event(struct pmw_json *j, const struct pmw_event *ev)
{
	static const char *const outcomes[] = {
		[PMW_RESULT_UNKNOWN] = "unknown",
		[PMW_RESULT_SUCCESS] = "success",
		[PMW_RESULT_FAILURE] = "failure",
	};
	char action[48];

	pmw_json_object(j, "event");
	put_categorization(j, ev);
	pmw_json_string(j, "action", action_of(ev, action, sizeof(action)));
	if (ev->kind != PMW_EV_LOST)
		pmw_json_string(j, "outcome", outcomes[pmw_result_of(ev)]);
}

/* A config change read from an audit log has no number: no event.sequence. */
static void close_event(struct pmw_json *j, const struct pmw_event *ev)
{
	pmw_json_int(j, "severity", pmw_severity_of(ev));
	if (ev->seq || ev->kind != PMW_EV_CONFIG)
		pmw_json_uint(j, "sequence", ev->seq);
	pmw_json_close(j);
}

/*
 * host.name and host.boot.id: the machine and the boot the event is of,
 * where the source says (ECS's host.boot.id is the kernel's boot_id).
 */
static void put_host(struct pmw_json *j, const struct pmw_event *ev)
{
	if (!ev->host.len)
		return;
	pmw_json_object(j, "host");
	pmw_json_bytes(j, "name", ev->host);
	if (ev->boot_id.len) {
		pmw_json_object(j, "boot");
		pmw_json_bytes(j, "id", ev->boot_id);
		pmw_json_close(j);
	}
	pmw_json_close(j);
}

/* An object of one number, as process.thread.id. */
static void put_number_object(struct pmw_json *j, const char *name, const char *member,
			      uint64_t value)
{
	pmw_json_object(j, name);
	pmw_json_uint(j, member, value);
	pmw_json_close(j);
}

/* id, and name where the event has one (user.c), into the object open. */
static void put_id_name(struct pmw_json *j, uint32_t uid, struct pmw_bytes name)
{
	pmw_json_id(j, "id", uid);
	if (name.len)
		pmw_json_bytes(j, "name", name);
}

/* user.id and user.name, the object left open for what else the event says of the user. */
static void open_user(struct pmw_json *j, uint32_t uid, struct pmw_bytes name)
{
	pmw_json_object(j, "user");
	put_id_name(j, uid, name);
}

/* user.audit.id and .name: the login uid, when it is set. */
static void put_audit_id(struct pmw_json *j, const struct pmw_event *ev)
{
	if (ev->loginuid == UINT32_MAX)
		return;
	pmw_json_object(j, "audit");
	put_id_name(j, ev->loginuid, ev->auid_name);
	pmw_json_close(j);
}

/* orchestrator.*: the Kubernetes pod a side runs in. */
static void put_pod(struct pmw_json *j, const struct pmw_container *c)
{
	if (!c->pod[0])
		return;
	pmw_json_object(j, "orchestrator");
	pmw_json_string(j, "type", "kubernetes");
	pmw_json_object(j, "resource");
	pmw_json_string(j, "type", "pod");
	pmw_json_string(j, "id", c->pod);
	pmw_json_close(j);
	pmw_json_close(j);
}

/* attack.mitre.org's page of a tactic (TA0006) or technique (T1003.007). */
static const char *reference(const char *id, char *buf, size_t size)
{
	const char *dot = strchr(id, '.');

	if (id[1] == 'A')
		snprintf(buf, size, "https://attack.mitre.org/tactics/%s/", id);
	else if (dot)
		snprintf(buf, size, "https://attack.mitre.org/techniques/%.*s/%s/",
			 (int)(dot - id), id, dot + 1);
	else
		snprintf(buf, size, "https://attack.mitre.org/techniques/%s/", id);
	return buf;
}

/* ECS wants arrays in threat.tactic.* and threat.technique.*: one value each here. */
static void open_attack_ref(struct pmw_json *j, const char *name,
			    const struct pmw_attack_ref *r)
{
	char url[64];

	pmw_json_object(j, name);
	put_strings(j, "id", r->id, NULL);
	put_strings(j, "name", r->name, NULL);
	put_strings(j, "reference", reference(r->id, url, sizeof(url)), NULL);
}

/* threat.* and rule.* of an ATT&CK finding (finding.c). */
static void put_threat(struct pmw_json *j, const struct pmw_finding *f)
{
	pmw_json_object(j, "threat");
	pmw_json_string(j, "framework", "MITRE ATT&CK");
	open_attack_ref(j, "tactic", &f->tactic);
	pmw_json_close(j);
	open_attack_ref(j, "technique", &f->technique);
	if (f->subtechnique.id) {
		open_attack_ref(j, "subtechnique", &f->subtechnique);
		pmw_json_close(j);
	}
	pmw_json_close(j);
	pmw_json_close(j);
	pmw_json_object(j, "rule");
	pmw_json_string(j, "id", f->rule_id);
	pmw_json_string(j, "name", f->rule_name);
	pmw_json_close(j);
}

/* The opener: process.* and user.*. */
static void put_opener(struct pmw_json *j, const struct pmw_event *ev)
{
	pmw_json_object(j, "process");
	pmw_json_uint(j, "pid", ev->pid);
	pmw_json_uint(j, "vpid", ev->ns_pid);
	put_number_object(j, "thread", "id", ev->tid);
	put_number_object(j, "parent", "pid", ev->ppid);
	pmw_json_bytes(j, "name", ev->comm);
	pmw_json_bytes(j, "executable", ev->exe);
	pmw_json_close(j);
	open_user(j, ev->uid, ev->uid_name);
	pmw_json_object(j, "effective");
	put_id_name(j, ev->euid, ev->euid_name);
	pmw_json_close(j);
	put_audit_id(j, ev);
	pmw_json_close(j);
}

static void put_target(struct pmw_json *j, const struct pmw_event *ev)
{
	pmw_json_object(j, "target");
	pmw_json_uint(j, "pid", ev->target_pid);
	pmw_json_uint(j, "tid", ev->target_tid);
	pmw_json_uint(j, "ns_pid", ev->target_ns_pid);
	open_user(j, ev->target_uid, ev->target_uid_name);
	pmw_json_close(j);
	pmw_json_bytes(j, "name", ev->target_comm);
	pmw_json_bytes(j, "executable", ev->target_exe);
	pmw_put_exe_id(j, "exe", ev, &ev->target_exe_id);
	pmw_put_container(j, &ev->target_container, "id", 0);
	put_pod(j, &ev->target_container);
	pmw_put_context(j, "cgroup", "ns", &ev->target_ctx);
	pmw_json_close(j);
}

static void put_procmem(struct pmw_json *j, const struct pmw_event *ev)
{
	pmw_json_object(j, "procmem");
	pmw_put_access(j, ev);
	pmw_json_bool(j, "truncated", ev->info & PMW_INFO_TRUNCATED);
	pmw_put_route_fields(j, ev);
	if (ev->sessionid != UINT32_MAX)
		pmw_json_uint(j, "session_id", ev->sessionid);
	pmw_json_uint(j, "mono_ns", ev->mono_ns);
	pmw_put_audit_serial(j, ev);
	pmw_put_exe_id(j, "exe", ev, &ev->exe_id);
	pmw_put_context(j, "cgroup", "ns", &ev->ctx);
	pmw_put_crossing(j, ev);
	if (pmw_has_target(ev))
		put_target(j, ev);
	pmw_json_close(j);
}

/*
 * An access: file.path and procmem.flags for a route with a file,
 * procmem.bytes for one that moves bytes, procmem.target for one with a
 * target; threat.* and rule.* for an ATT&CK finding (finding.c). Where
 * the opener runs is ECS's container.* and orchestrator.*, the target's
 * the same names under procmem.target; their cgroups and namespaces, as
 * the record gives them, are procmem.cgroup, procmem.ns and the same
 * under procmem.target.
 */
static void print_open(struct pmw_json *j, const struct pmw_event *ev)
{
	const struct pmw_finding *f = pmw_finding_of(ev);

	put_time(j, "@timestamp", ev->real_ns);
	open_event(j, ev);
	close_event(j, ev);
	put_host(j, ev);
	put_opener(j, ev);
	if (pmw_has_file(ev)) {
		pmw_json_object(j, "file");
		pmw_json_bytes(j, "path", ev->path);
		pmw_json_close(j);
	}
	if (ev->error) {
		char num[12];

		pmw_json_object(j, "error");
		pmw_json_string(j, "code", pmw_errno_word(ev->error, num, sizeof(num)));
		pmw_json_close(j);
	}
	pmw_put_container(j, &ev->container, "id", 0);
	put_pod(j, &ev->container);
	put_procmem(j, ev);
	if (f)
		put_threat(j, f);
}

/*
 * An access not reported in full: no time (no @timestamp), an outcome
 * nobody knows, and what the record keeps of the opener, the route and
 * the target.
 */
static void print_dropped(struct pmw_json *j, const struct pmw_event *ev)
{
	char buf[24];

	open_event(j, ev);
	pmw_json_string(j, "reason", pmw_dropped_reason(ev->reason, buf, sizeof(buf)));
	close_event(j, ev);
	put_host(j, ev);
	pmw_json_object(j, "process");
	pmw_json_uint(j, "pid", ev->pid);
	put_number_object(j, "thread", "id", ev->tid);
	pmw_json_close(j);
	open_user(j, ev->uid, ev->uid_name);
	pmw_json_close(j);
	pmw_json_object(j, "procmem");
	if (ev->target_pid && pmw_has_target(ev))
		put_number_object(j, "target", "pid", ev->target_pid);
	pmw_put_route(j, ev->route);
	pmw_json_close(j);
}

static void print_config(struct pmw_json *j, const struct pmw_event *ev)
{
	put_time(j, "@timestamp", ev->real_ns);
	open_event(j, ev);
	close_event(j, ev);
	put_host(j, ev);
	put_number_object(j, "process", "pid", ev->pid);
	open_user(j, ev->uid, ev->uid_name);
	put_audit_id(j, ev);
	pmw_json_close(j);
	if (ev->error) {
		char num[12];

		pmw_json_object(j, "error");
		pmw_json_string(j, "code", pmw_errno_word(ev->error, num, sizeof(num)));
		pmw_json_close(j);
	}
	pmw_json_object(j, "procmem");
	pmw_json_object(j, "config");
	pmw_json_bytes(j, "setting", ev->setting);
	if (ev->error) {
		/* A policy write the kernel refused: the line at fault, if one. */
		if (ev->config_line)
			pmw_json_uint(j, "line", ev->config_line);
	} else {
		pmw_json_bytes(j, "old_value", ev->old_value);
		pmw_json_bytes(j, "new_value", ev->new_value);
	}
	pmw_json_close(j);
	if (ev->sessionid != UINT32_MAX)
		pmw_json_uint(j, "session_id", ev->sessionid);
	pmw_put_audit_serial(j, ev);
	pmw_json_close(j);
}

/*
 * Accesses counted instead of recorded: @timestamp and event.end are the
 * last one's, event.start the first's; process, procmem.route,
 * procmem.outcome and procmem.target the last one's. The uid of several
 * users is no user's: user.id is left out.
 */
static void print_summary(struct pmw_json *j, const struct pmw_event *ev)
{
	put_time(j, "@timestamp", ev->real_ns);
	open_event(j, ev);
	put_time(j, "start", ev->first_real_ns);
	put_time(j, "end", ev->real_ns);
	close_event(j, ev);
	put_host(j, ev);
	pmw_json_object(j, "process");
	pmw_json_uint(j, "pid", ev->pid);
	pmw_json_bytes(j, "name", ev->comm);
	pmw_json_close(j);
	if (ev->uid != UINT32_MAX) {
		open_user(j, ev->uid, ev->uid_name);
		pmw_json_close(j);
	}
	pmw_json_object(j, "procmem");
	pmw_json_object(j, "summary");
	pmw_json_uint(j, "count", ev->count);
	pmw_json_uint(j, "self", ev->self);
	pmw_json_uint(j, "refused", ev->refused);
	pmw_json_uint(j, "failed", ev->failed);
	pmw_json_uint(j, "denied", ev->denied);
	pmw_json_uint(j, "would_deny", ev->would_deny);
	pmw_json_bool(j, "several_users", ev->uid == UINT32_MAX);
	if (ev->has_routes)
		pmw_put_routes(j, "routes", ev->routes);
	pmw_json_close(j);
	pmw_put_route(j, ev->route);
	if (ev->outcome)
		pmw_json_string(j, "outcome", pmw_outcome_name(ev->outcome));
	if (ev->target_pid) {
		pmw_json_object(j, "target");
		pmw_json_uint(j, "pid", ev->target_pid);
		pmw_json_bytes(j, "name", ev->target_comm);
		pmw_json_close(j);
	}
	pmw_put_audit_serial(j, ev);
	pmw_json_close(j);
}

/*
 * A process_vm call that began: its access event follows, with
 * procmem.begun_seq this event.sequence. What it came to, nobody knows
 * yet: event.outcome unknown.
 */
static void print_begun(struct pmw_json *j, const struct pmw_event *ev)
{
	put_time(j, "@timestamp", ev->real_ns);
	open_event(j, ev);
	close_event(j, ev);
	put_host(j, ev);
	pmw_json_object(j, "process");
	pmw_json_uint(j, "pid", ev->pid);
	put_number_object(j, "thread", "id", ev->tid);
	pmw_json_bytes(j, "name", ev->comm);
	pmw_json_close(j);
	open_user(j, ev->uid, ev->uid_name);
	pmw_json_close(j);
	pmw_json_object(j, "procmem");
	pmw_json_string(j, "access", pmw_access_name(ev->access));
	pmw_put_route(j, ev->route);
	if (ev->mono_ns)
		pmw_json_uint(j, "mono_ns", ev->mono_ns);
	pmw_put_audit_serial(j, ev);
	pmw_json_object(j, "target");
	pmw_json_uint(j, "pid", ev->target_pid);
	pmw_json_uint(j, "tid", ev->target_tid);
	pmw_json_bytes(j, "name", ev->target_comm);
	pmw_json_close(j);
	pmw_json_close(j);
}

static void print_lost(struct pmw_json *j, const struct pmw_event *ev)
{
	open_event(j, ev);
	close_event(j, ev);
	put_host(j, ev);
	pmw_json_object(j, "procmem");
	pmw_json_object(j, "lost");
	pmw_json_uint(j, "first", ev->seq);
	pmw_json_uint(j, "count", ev->lost);
	pmw_json_close(j);
	pmw_json_close(j);
}

void pmw_print_ecs(const struct pmw_output *o, const struct pmw_event *ev)
{
	static const struct pmw_json_format ecs = {
		.open = print_open, .lost = print_lost, .dropped = print_dropped,
		.config = print_config, .summary = print_summary, .begun = print_begun,
	};

	pmw_put_json_event(o->out, &ecs, ev);
}
