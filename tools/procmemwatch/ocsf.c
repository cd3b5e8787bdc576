// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: events as OCSF 1.1 JSON Lines (--format=ocsf)
 *
 * Accesses, begun calls, dropped accesses and summaries are Process Activity
 * (class 1007); config changes and notices of lost events are Base
 * Events (class 0), a lost notice so that a pipeline still sees the gap.
 * What OCSF has no attribute for is under unmapped, with the names ECS's
 * procmem.* has (json_fields.c). Times are milliseconds since the epoch.
 * The names are listed in procmemwatch.1 and are an interface.
 */

#include <inttypes.h>
#include <stdio.h>
#include <linux/procmemwatch.h>

#include "finding.h"
#include "format.h"
#include "json.h"
#include "json_fields.h"
#include "route.h"
#include "verdict.h"
#include "words.h"

/* The ATT&CK version whose names and ids these are. */
#define ATTACK_VERSION	"v18"

/* Process Activity (1007), or Base Event (0) for what is no access. */
static unsigned int class_of(const struct pmw_event *ev)
{
	return ev->kind == PMW_EV_CONFIG || ev->kind == PMW_EV_LOST ? 0 : 1007;
}

/* The class and its category, the activity and type_uid: class_uid * 100 + activity_id. */
static void put_classification(struct pmw_json *j, const struct pmw_event *ev,
			       unsigned int activity_id, const char *activity_name)
{
	unsigned int class_uid = class_of(ev);

	pmw_json_uint(j, "class_uid", class_uid);
	if (class_uid) {
		pmw_json_string(j, "class_name", "Process Activity");
		pmw_json_uint(j, "category_uid", 1);
		pmw_json_string(j, "category_name", "System Activity");
	} else {
		pmw_json_string(j, "class_name", "Base Event");
		pmw_json_uint(j, "category_uid", 0);
	}
	pmw_json_uint(j, "activity_id", activity_id);
	if (activity_name)
		pmw_json_string(j, "activity_name", activity_name);
	pmw_json_uint(j, "type_uid", class_uid * 100 + activity_id);
}

static void put_time(struct pmw_json *j, const char *name, uint64_t real_ns)
{
	pmw_json_uint(j, name, real_ns / 1000000);
}

/* status_id and status, of pmw_result_of(), then status_detail where given. */
static void put_status(struct pmw_json *j, const struct pmw_event *ev, const char *detail)
{
	static const char *const statuses[] = {
		[PMW_RESULT_UNKNOWN] = "Unknown",
		[PMW_RESULT_SUCCESS] = "Success",
		[PMW_RESULT_FAILURE] = "Failure",
	};
	enum pmw_result r = pmw_result_of(ev);

	pmw_json_uint(j, "status_id", r);
	pmw_json_string(j, "status", statuses[r]);
	if (detail)
		pmw_json_string(j, "status_detail", detail);
}

/* Does either side run in a container: does the event use the container profile? */
static int in_container(const struct pmw_event *ev)
{
	return ev->container.id[0] || (pmw_has_target(ev) && ev->target_container.id[0]);
}

/*
 * The schema version, the product, the profiles whose attributes the
 * event uses (an access's: security_control, and container when a side
 * runs in one), and the event's number unless it has none (0, a config
 * change read from an audit log).
 */
static void put_metadata(struct pmw_json *j, const struct pmw_event *ev)
{
	pmw_json_object(j, "metadata");
	pmw_json_string(j, "version", "1.1.0");
	pmw_json_object(j, "product");
	pmw_json_string(j, "name", "procmemwatch");
	pmw_json_string(j, "vendor_name", "procmemwatch");
	pmw_json_close(j);
	if (ev->kind == PMW_EV_ACCESS) {
		pmw_json_array(j, "profiles");
		pmw_json_string(j, NULL, "security_control");
		if (in_container(ev))
			pmw_json_string(j, NULL, "container");
		pmw_json_close(j);
	}
	if (ev->seq)
		pmw_json_uint(j, "sequence", ev->seq);
	pmw_json_close(j);
}

/*
 * device, which every System Activity class requires: the host's name
 * where the source says it, of a type that is not known (0, Unknown).
 */
static void put_device(struct pmw_json *j, const struct pmw_event *ev)
{
	pmw_json_object(j, "device");
	if (ev->host.len)
		pmw_json_bytes(j, "hostname", ev->host);
	pmw_json_uint(j, "type_id", 0);
	pmw_json_string(j, "type", "Unknown");
	pmw_json_close(j);
}

/*
 * What ties the event to its source, in unmapped: the boot it is of
 * (OCSF 1.1's device has no boot id) and its audit serial.
 */
static void put_source_ids(struct pmw_json *j, const struct pmw_event *ev)
{
	if (ev->boot_id.len)
		pmw_json_bytes(j, "boot_id", ev->boot_id);
	pmw_put_audit_serial(j, ev);
}

/* A user object: its uid, OCSF's ids being strings, and its name where known. */
static void put_user(struct pmw_json *j, const char *member, uint32_t uid, struct pmw_bytes name)
{
	pmw_json_object(j, member);
	pmw_json_id(j, "uid", uid);
	if (name.len)
		pmw_json_bytes(j, "name", name);
	pmw_json_close(j);
}

/* actor.process of a record that names only the caller: pid, tid, name (if any), user. */
static void put_caller(struct pmw_json *j, const struct pmw_event *ev)
{
	pmw_json_object(j, "actor");
	pmw_json_object(j, "process");
	pmw_json_uint(j, "pid", ev->pid);
	pmw_json_uint(j, "tid", ev->tid);
	if (ev->comm.len)
		pmw_json_bytes(j, "name", ev->comm);
	put_user(j, "user", ev->uid, ev->uid_name);
	pmw_json_close(j);
	pmw_json_close(j);
}

/* A process object of a side: pid, tid, name, executable, user, container; left open. */
static void open_process(struct pmw_json *j, const char *name, uint32_t pid, uint32_t tid,
			 struct pmw_bytes comm, struct pmw_bytes exe, uint32_t uid,
			 struct pmw_bytes user, const struct pmw_container *c)
{
	pmw_json_object(j, name);
	pmw_json_uint(j, "pid", pid);
	pmw_json_uint(j, "tid", tid);
	pmw_json_bytes(j, "name", comm);
	pmw_json_object(j, "file");
	pmw_json_bytes(j, "path", exe);
	pmw_json_close(j);
	put_user(j, "user", uid, user);
	pmw_put_container(j, c, "uid", 1);
}

/*
 * procmemwatch's own verdict on an access, in the attributes of OCSF's
 * security_control profile: action Denied, disposition Blocked for an
 * access its policy refused; else action Allowed (it took no action),
 * with disposition Detected when enforce mode would have refused it, and
 * Allowed otherwise, though the kernel may have refused it or it failed.
 */
static void put_verdict(struct pmw_json *j, const struct pmw_event *ev)
{
	static const struct {
		unsigned int action_id;
		const char *action;
		unsigned int disposition_id;
		const char *disposition;
	} verdicts[] = {
		[PMW_VERDICT_NONE] = { 1, "Allowed", 1, "Allowed" },
		[PMW_VERDICT_DENIED] = { 2, "Denied", 2, "Blocked" },
		[PMW_VERDICT_WOULD_DENY] = { 1, "Allowed", 15, "Detected" },
	};
	enum pmw_verdict v = pmw_verdict_of(ev);

	pmw_json_uint(j, "action_id", verdicts[v].action_id);
	pmw_json_string(j, "action", verdicts[v].action);
	pmw_json_uint(j, "disposition_id", verdicts[v].disposition_id);
	pmw_json_string(j, "disposition", verdicts[v].disposition);
}

static void put_attack_ref(struct pmw_json *j, const char *name, const struct pmw_attack_ref *r)
{
	pmw_json_object(j, name);
	pmw_json_string(j, "uid", r->id);
	pmw_json_string(j, "name", r->name);
	pmw_json_close(j);
}

/* attacks: an ATT&CK finding (finding.c). */
static void put_attacks(struct pmw_json *j, const struct pmw_finding *f)
{
	pmw_json_array(j, "attacks");
	pmw_json_object(j, NULL);
	put_attack_ref(j, "tactic", &f->tactic);
	put_attack_ref(j, "technique", &f->technique);
	if (f->subtechnique.id)
		put_attack_ref(j, "sub_technique", &f->subtechnique);
	pmw_json_string(j, "version", ATTACK_VERSION);
	pmw_json_close(j);
	pmw_json_close(j);
}

/* actor.process is the opener, process the target: an empty object for /proc/kcore. */
static void put_sides(struct pmw_json *j, const struct pmw_event *ev)
{
	pmw_json_object(j, "actor");
	open_process(j, "process", ev->pid, ev->tid, ev->comm, ev->exe, ev->uid, ev->uid_name,
		     &ev->container);
	pmw_json_object(j, "parent_process");
	pmw_json_uint(j, "pid", ev->ppid);
	pmw_json_close(j);
	pmw_json_close(j);
	pmw_json_close(j);
	if (pmw_has_target(ev))
		open_process(j, "process", ev->target_pid, ev->target_tid, ev->target_comm,
			     ev->target_exe, ev->target_uid, ev->target_uid_name,
			     &ev->target_container);
	else
		pmw_json_object(j, "process");
	pmw_json_close(j);
}

/*
 * What OCSF has no attribute for: the path and open flags of a route with
 * a file, the access and its outcome, the route and the bytes it moved,
 * the begun record of a process_vm call, both sides' executables' files
 * (exe and target_exe: device and inode), cgroups and namespaces (the
 * target's as target_cgroup and target_ns), the crossing.
 */
static void put_open_unmapped(struct pmw_json *j, const struct pmw_event *ev)
{
	pmw_json_object(j, "unmapped");
	if (pmw_has_file(ev))
		pmw_json_bytes(j, "path", ev->path);
	pmw_put_access(j, ev);
	pmw_put_route_fields(j, ev);
	pmw_put_exe_id(j, "exe", ev, &ev->exe_id);
	pmw_put_context(j, "cgroup", "ns", &ev->ctx);
	if (pmw_has_target(ev)) {
		pmw_put_exe_id(j, "target_exe", ev, &ev->target_exe_id);
		pmw_put_context(j, "target_cgroup", "target_ns", &ev->target_ctx);
	}
	pmw_put_crossing(j, ev);
	put_source_ids(j, ev);
	pmw_json_close(j);
}

/*
 * An access: activity 3 Open for a read, 4 Inject when the memory is
 * opened or attached for writing, or written; status Failure but for an
 * access that completed, with the outcome in status_detail and the errno
 * in status_code. A side that runs in a container has a container
 * object, of the container profile.
 */
static void print_open(struct pmw_json *j, const struct pmw_event *ev)
{
	const struct pmw_finding *f = pmw_finding_of(ev);
	int inject = ev->access & PMW_ACCESS_WRITE;

	put_classification(j, ev, inject ? 4 : 3, inject ? "Inject" : "Open");
	put_time(j, "time", ev->real_ns);
	pmw_json_int(j, "severity_id", pmw_severity_of(ev));
	put_status(j, ev, pmw_outcome_name(ev->outcome));
	if (ev->error) {
		char num[12];

		pmw_json_string(j, "status_code", pmw_errno_word(ev->error, num, sizeof(num)));
	}
	put_verdict(j, ev);
	put_sides(j, ev);
	put_device(j, ev);
	put_metadata(j, ev);
	if (f)
		put_attacks(j, f);
	put_open_unmapped(j, ev);
}

/*
 * A dropped access is still a Process Activity, of activity 0 Unknown
 * (read or write, Open or Inject, nobody knows) and status Unknown, with
 * status_detail "dropped" and the reason in unmapped.reason. It has no
 * time, which OCSF asks for: the record carries none, and a made-up one
 * would lie.
 */
static void print_dropped(struct pmw_json *j, const struct pmw_event *ev)
{
	char buf[24];

	put_classification(j, ev, 0, "Unknown");
	pmw_json_int(j, "severity_id", pmw_severity_of(ev));
	put_status(j, ev, "dropped");
	put_caller(j, ev);
	pmw_json_object(j, "process");
	if (ev->target_pid && pmw_has_target(ev))
		pmw_json_uint(j, "pid", ev->target_pid);
	pmw_json_close(j);
	put_device(j, ev);
	put_metadata(j, ev);
	pmw_json_object(j, "unmapped");
	pmw_json_string(j, "reason", pmw_dropped_reason(ev->reason, buf, sizeof(buf)));
	pmw_put_route(j, ev->route);
	put_source_ids(j, ev);
	pmw_json_close(j);
}

/*
 * A write to a setting is a Base Event, activity 99 Other named "Config
 * Change", as OCSF 1.1 has no class for a change of an application's
 * setting (Device Config State Change, 5019, is a later version's, for a
 * device's security state).
 */
static void print_config(struct pmw_json *j, const struct pmw_event *ev)
{
	put_classification(j, ev, 99, "Config Change");
	put_time(j, "time", ev->real_ns);
	pmw_json_int(j, "severity_id", pmw_severity_of(ev));
	put_status(j, ev, ev->error ? "refused" : NULL);
	if (ev->error) {
		char num[12];

		pmw_json_string(j, "status_code", pmw_errno_word(ev->error, num, sizeof(num)));
	}
	pmw_json_string(j, "message", ev->error ? "procmemwatch policy write refused" :
			"procmemwatch setting changed");
	pmw_json_object(j, "actor");
	pmw_json_object(j, "process");
	pmw_json_uint(j, "pid", ev->pid);
	pmw_json_close(j);
	put_user(j, "user", ev->uid, ev->uid_name);
	pmw_json_close(j);
	put_device(j, ev);
	put_metadata(j, ev);
	pmw_json_object(j, "unmapped");
	pmw_json_bytes(j, "setting", ev->setting);
	if (!ev->error) {
		pmw_json_bytes(j, "old_value", ev->old_value);
		pmw_json_bytes(j, "new_value", ev->new_value);
	} else if (ev->config_line) {
		pmw_json_uint(j, "line", ev->config_line);
	}
	if (ev->loginuid != UINT32_MAX)
		put_user(j, "audit_user", ev->loginuid, ev->auid_name);
	if (ev->sessionid != UINT32_MAX)
		pmw_json_uint(j, "session_id", ev->sessionid);
	put_source_ids(j, ev);
	pmw_json_close(j);
}

/* The last opener of a summary: pid, name and, of one user, its uid. */
static void put_last_opener(struct pmw_json *j, const struct pmw_event *ev)
{
	pmw_json_object(j, "process");
	pmw_json_uint(j, "pid", ev->pid);
	pmw_json_bytes(j, "name", ev->comm);
	if (ev->uid != UINT32_MAX)
		put_user(j, "user", ev->uid, ev->uid_name);
	pmw_json_close(j);
}

/*
 * Accesses counted instead of recorded are a Process Activity of activity
 * 0 Unknown (each may have read or written), with the attributes OCSF has
 * for events counted together: count, start_time and end_time, time being
 * the last access's. actor.process is the last opener, process the last
 * target (empty for /proc/kcore); status_detail "summary". The counts by
 * outcome, the routes and the last access's route and outcome are in
 * unmapped.
 */
static void print_summary(struct pmw_json *j, const struct pmw_event *ev)
{
	put_classification(j, ev, 0, "Unknown");
	put_time(j, "time", ev->real_ns);
	put_time(j, "start_time", ev->first_real_ns);
	put_time(j, "end_time", ev->real_ns);
	pmw_json_uint(j, "count", ev->count);
	pmw_json_int(j, "severity_id", pmw_severity_of(ev));
	put_status(j, ev, "summary");
	pmw_json_object(j, "actor");
	put_last_opener(j, ev);
	pmw_json_close(j);
	pmw_json_object(j, "process");
	if (ev->target_pid) {
		pmw_json_uint(j, "pid", ev->target_pid);
		pmw_json_bytes(j, "name", ev->target_comm);
	}
	pmw_json_close(j);
	put_device(j, ev);
	put_metadata(j, ev);
	pmw_json_object(j, "unmapped");
	pmw_json_uint(j, "self", ev->self);
	pmw_json_uint(j, "refused", ev->refused);
	pmw_json_uint(j, "failed", ev->failed);
	pmw_json_uint(j, "denied", ev->denied);
	pmw_json_uint(j, "would_deny", ev->would_deny);
	pmw_json_bool(j, "several_users", ev->uid == UINT32_MAX);
	if (ev->has_routes)
		pmw_put_routes(j, "routes", ev->routes);
	pmw_put_route(j, ev->route);
	if (ev->outcome)
		pmw_json_string(j, "outcome", pmw_outcome_name(ev->outcome));
	put_source_ids(j, ev);
	pmw_json_close(j);
}

/*
 * A process_vm call that began: the Process Activity its access will be
 * (3 Open for a read, 4 Inject for a write), status Unknown with
 * status_detail "begun": what it came to, its access event says.
 */
static void print_begun(struct pmw_json *j, const struct pmw_event *ev)
{
	int inject = ev->access & PMW_ACCESS_WRITE;

	put_classification(j, ev, inject ? 4 : 3, inject ? "Inject" : "Open");
	put_time(j, "time", ev->real_ns);
	pmw_json_int(j, "severity_id", pmw_severity_of(ev));
	put_status(j, ev, "begun");
	put_caller(j, ev);
	pmw_json_object(j, "process");
	pmw_json_uint(j, "pid", ev->target_pid);
	pmw_json_uint(j, "tid", ev->target_tid);
	pmw_json_bytes(j, "name", ev->target_comm);
	pmw_json_close(j);
	put_device(j, ev);
	put_metadata(j, ev);
	pmw_json_object(j, "unmapped");
	pmw_json_string(j, "access", pmw_access_name(ev->access));
	pmw_put_route(j, ev->route);
	put_source_ids(j, ev);
	pmw_json_close(j);
}

static void print_lost(struct pmw_json *j, const struct pmw_event *ev)
{
	char message[64];

	put_classification(j, ev, 0, NULL);
	pmw_json_int(j, "severity_id", pmw_severity_of(ev));
	snprintf(message, sizeof(message), "%" PRIu64 " procmemwatch events lost", ev->lost);
	pmw_json_string(j, "message", message);
	put_device(j, ev);
	put_metadata(j, ev);
	pmw_json_object(j, "unmapped");
	pmw_json_uint(j, "lost_first", ev->seq);
	pmw_json_uint(j, "lost_count", ev->lost);
	put_source_ids(j, ev);
	pmw_json_close(j);
}

void pmw_print_ocsf(const struct pmw_output *o, const struct pmw_event *ev)
{
	static const struct pmw_json_format ocsf = {
		.open = print_open, .lost = print_lost, .dropped = print_dropped,
		.config = print_config, .summary = print_summary, .begun = print_begun,
	};

	pmw_put_json_event(o->out, &ocsf, ev);
}
