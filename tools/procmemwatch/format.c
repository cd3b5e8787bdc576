// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: events as lines for people and as JSON Lines (ECS
 * or OCSF; the tracee format is tracee.c's)
 *
 * JSON field names follow ECS where ECS has a field (process.*, user.*,
 * file.path, event.*, threat.*, rule.*) and use procmem.* for the rest; the target process
 * is procmem.target.*, ECS having no field set for it. The names are
 * listed in procmemwatch.1 and are an interface: do not rename them.
 * Strings go through text.c, whose encodings are an interface too.
 */

#include <inttypes.h>
#include <string.h>
#include <linux/procmemwatch.h>

#include "container.h"
#include "finding.h"
#include "flags.h"
#include "format.h"
#include "route.h"
#include "text.h"
#include "timestamp.h"
#include "user.h"
#include "verdict.h"
#include "words.h"

static void put_time(FILE *out, uint64_t real_ns, enum pmw_time_style style, int utc)
{
	char t[PMW_TIME_SIZE];

	fputs(pmw_format_time(t, sizeof(t), real_ns, style, utc), out);
}

#define RED	"\033[31m"
#define YELLOW	"\033[33m"
#define BOLD	"\033[1m"
#define RESET	"\033[0m"

/* The user name of uid, or its number; returns the width. */
static int put_user(FILE *out, const struct pmw_output *o, uint32_t uid)
{
	struct pmw_bytes name = { NULL, 0 };

	if (!o->numeric_uid)
		name = pmw_user_name(uid);
	if (name.len)
		return pmw_put_text(out, name);
	return fprintf(out, "%u", uid);
}

/* The human format's word for a route: its name, or route=N. */
static void put_route_word(FILE *out, uint32_t route)
{
	const struct pmw_route_info *r = pmw_route(route);

	if (r)
		fputs(r->name, out);
	else
		fprintf(out, "route=%u", route);
}

/*
 * A dropped record has no time: the time column says so, as wide as a
 * time in either style (32 characters). What was dropped is an "open" of
 * a mem file, else the route's word; /proc/kcore has no target to name.
 */
static void print_human_dropped(const struct pmw_output *o, const struct pmw_event *ev)
{
	FILE *out = o->out;
	char buf[24];

	fprintf(out, "%-32s #%-5" PRIu64 " %sdropped (%s)%s ", "(time unknown)",
		ev->seq, o->color ? YELLOW : "", pmw_dropped_reason(ev->reason, buf, sizeof(buf)),
		o->color ? RESET : "");
	if (ev->route == PMW_ROUTE_MEM)
		fputs("open", out);
	else
		put_route_word(out, ev->route);
	fputs(" by ", out);
	put_user(out, o, ev->uid);
	fprintf(out, " (pid %u", ev->pid);
	if (ev->tid != ev->pid)
		fprintf(out, ", tid %u", ev->tid);
	if (!pmw_has_target(ev))
		fputs(")\n", out);
	else if (ev->target_pid)
		fprintf(out, ") of target %u\n", ev->target_pid);
	else
		fputs(") of an unknown target\n", out);
}

/* The policy's "N rules" or "1 rule": digits, a space and that word only. */
static int is_rule_count(struct pmw_bytes b)
{
	size_t digits = 0;

	while (digits < b.len && b.p[digits] >= '0' && b.p[digits] <= '9')
		digits++;
	b.p += digits;
	b.len -= digits;
	return digits && (pmw_bytes_is(b, " rule") || pmw_bytes_is(b, " rules"));
}

/*
 * A setting's value escaped as every string is, so that spaces cannot fake
 * " -> ", but for a rule count, whose one space is the kernel's own and
 * which cannot pass for anything else.
 */
static void put_setting_value(FILE *out, struct pmw_bytes b)
{
	if (is_rule_count(b))
		fwrite(b.p, 1, b.len, out);
	else
		pmw_put_text(out, b);
}

/*
 * A config change read from an audit log has no number: "#-" stands in
 * the number column.
 */
static void print_human_config(const struct pmw_output *o, const struct pmw_event *ev)
{
	FILE *out = o->out;

	put_time(out, ev->real_ns, o->time_style, o->utc);
	if (ev->seq)
		fprintf(out, " #%-5" PRIu64 " setting ", ev->seq);
	else
		fputs(" #-     setting ", out);
	pmw_put_text(out, ev->setting);
	fputs(": ", out);
	put_setting_value(out, ev->old_value);
	fputs(" -> ", out);
	put_setting_value(out, ev->new_value);
	fputs(" by ", out);
	put_user(out, o, ev->uid);
	fprintf(out, " (pid %u)\n", ev->pid);
}

/*
 * Opens counted instead of recorded: the time column is the last one's,
 * which the time filters match, and the first follows "since". The pid
 * ends the line, so a command name with brackets cannot hide it.
 */
static void print_human_self_opens(const struct pmw_output *o, const struct pmw_event *ev)
{
	FILE *out = o->out;

	put_time(out, ev->real_ns, o->time_style, o->utc);
	fprintf(out, " #%-5" PRIu64 " processes of ", ev->seq);
	if (ev->uid == UINT32_MAX) {
		fputs("several users", out);
	} else {
		fputs("user ", out);
		put_user(out, o, ev->uid);
	}
	fprintf(out, " opened their own memory %" PRIu64 " more time%s (%" PRIu64 " refused, %"
		PRIu64 " failed) since ", ev->count, ev->count == 1 ? "" : "s", ev->refused,
		ev->failed);
	put_time(out, ev->first_real_ns, o->time_style, o->utc);
	fputs(", last by ", out);
	pmw_put_text(out, ev->comm);
	fprintf(out, "[%u]\n", ev->pid);
}

/* The target's pid and command name; "-" and "-" for /proc/kcore, which has none. */
static void put_human_target(FILE *out, const struct pmw_event *ev)
{
	int width;

	if (!pmw_has_target(ev)) {
		fprintf(out, "%7s %-16s", "-", "-");
		return;
	}
	fprintf(out, "%7u ", ev->target_pid);
	width = pmw_put_text(out, ev->target_comm);
	fprintf(out, "%*s", width < 16 ? 16 - width : 0, "");
}

/*
 * Where the sides run, for a kernel that says: each side's container (a
 * short id, a machine's name), then how the access crosses pid
 * namespaces, unless it does not. A container reaching out of its own
 * (outward) is the one to look at: yellow, as a warning.
 */
static void put_human_places(const struct pmw_output *o, const struct pmw_event *ev)
{
	FILE *out = o->out;
	const char *crossing = pmw_ns_crossing(ev);
	int outward = crossing && !strcmp(crossing, "outward");

	if (ev->container.id[0]) {
		fputs(" container=", out);
		pmw_put_text(out, pmw_container_short(&ev->container));
	}
	if (pmw_has_target(ev) && ev->target_container.id[0]) {
		fputs(" target_container=", out);
		pmw_put_text(out, pmw_container_short(&ev->target_container));
	}
	if (crossing && strcmp(crossing, "no"))
		fprintf(out, " %spidns=%s%s", o->color && outward ? YELLOW : "", crossing,
			o->color && outward ? RESET : "");
}

/*
 * The end of an access's line: a mem open ends with its path, as it did
 * before there were other routes. Another route says its word, then the
 * bytes a process_vm call moved, then the path of a route with a file.
 */
static void put_human_route(FILE *out, const struct pmw_event *ev)
{
	if (ev->route != PMW_ROUTE_MEM) {
		fputc(' ', out);
		put_route_word(out, ev->route);
		if (pmw_has_bytes(ev))
			fprintf(out, " bytes=%" PRIu64, ev->bytes);
		if (!pmw_has_file(ev))
			return;
	}
	fputc(' ', out);
	pmw_put_text(out, ev->path);
}

void pmw_print_human(const struct pmw_output *o, const struct pmw_event *ev)
{
	FILE *out = o->out;
	int refused = ev->outcome != PMW_OUTCOME_OPENED;
	int width;

	if (ev->kind == PMW_EV_LOST) {
		fprintf(out, "%s-- %" PRIu64 " events lost (#%" PRIu64 "..#%" PRIu64 ") --%s\n",
			o->color ? YELLOW : "", ev->lost, ev->seq,
			ev->seq + ev->lost - 1, o->color ? RESET : "");
		return;
	}
	if (ev->kind == PMW_EV_DROPPED) {
		print_human_dropped(o, ev);
		return;
	}
	if (ev->kind == PMW_EV_CONFIG) {
		print_human_config(o, ev);
		return;
	}
	if (ev->kind == PMW_EV_SELF_OPENS) {
		print_human_self_opens(o, ev);
		return;
	}
	put_time(out, ev->real_ns, o->time_style, o->utc);
	fprintf(out, " #%-5" PRIu64 " ", ev->seq);
	width = put_user(out, o, ev->uid);
	fprintf(out, "%*s %7u ", width < 8 ? 8 - width : 0, "", ev->pid);
	width = pmw_put_text(out, ev->comm);
	fprintf(out, "%*s %s%-10s%s ", width < 16 ? 16 - width : 0, "",
		o->color && (ev->access & PMW_ACCESS_WRITE) ? BOLD : "",
		pmw_access_name(ev->access),
		o->color && (ev->access & PMW_ACCESS_WRITE) ? RESET : "");
	put_human_target(out, ev);
	fprintf(out, " %s%-7s", o->color && refused ? RED : "", pmw_outcome_name(ev->outcome));
	if (ev->error) {
		char num[12];

		fprintf(out, " %s", pmw_errno_word(ev->error, num, sizeof(num)));
	}
	if (o->color && refused)
		fputs(RESET, out);
	if (ev->info & PMW_INFO_SELF)
		fputs(" self", out);
	if (ev->info & PMW_INFO_TRACER)
		fputs(" tracer", out);
	if (ev->info & PMW_INFO_THREAD_DIR)
		fputs(" thread", out);
	if (ev->info & PMW_INFO_IO_URING)
		fputs(" io_uring", out);
	/* Detect mode's verdict: a warning (yellow), the open went ahead. */
	if (ev->info & PMW_INFO_WOULD_DENY)
		fprintf(out, " %swould_deny%s", o->color ? YELLOW : "", o->color ? RESET : "");
	if (ev->euid != ev->uid) {
		fputs(" euid=", out);
		put_user(out, o, ev->euid);
	}
	put_human_places(o, ev);
	put_human_route(out, ev);
	fputc('\n', out);
}

/* Open flags as a JSON array of names. */
static void put_flags(FILE *out, const struct pmw_event *ev)
{
	struct pmw_flag_names f;
	size_t i;

	pmw_flag_names(ev, &f);
	for (i = 0; i < f.count; i++)
		fprintf(out, "%c\"%s\"", i ? ',' : '[', f.name[i]);
	fputc(']', out);
}

static const char *json_bool(int b)
{
	return b ? "true" : "false";
}

/*
 * ECS event.kind, category and type of an open. An open that the policy
 * refused, or would have refused, is an alert of an intrusion prevention
 * function, whose disposition ECS puts in event.type: denied or allowed,
 * which ECS expects with the category intrusion_detection, not process.
 */
static void put_ecs_categorization(FILE *out, const struct pmw_event *ev)
{
	enum pmw_verdict v = pmw_verdict_of(ev);

	if (v == PMW_VERDICT_NONE) {
		fputs("\"kind\":\"event\",\"category\":[\"process\"],\"type\":[\"access\"]", out);
		return;
	}
	fprintf(out, "\"kind\":\"alert\",\"category\":[\"process\",\"intrusion_detection\"],"
		"\"type\":[\"access\",\"%s\"]", v == PMW_VERDICT_DENIED ? "denied" : "allowed");
}

/* ECS event.action of an access: its audit record's op=, or procmem_access. */
static const char *route_action(uint32_t route)
{
	const struct pmw_route_info *r = pmw_route(route);

	return r ? r->action : "procmem_access";
}

/* procmem.route: the route's name, or its number for one this reader does not know. */
static void put_json_route(FILE *out, uint32_t route)
{
	char buf[12];

	fprintf(out, "\"route\":\"%s\"", pmw_route_name(route, buf, sizeof(buf)));
}

/* The route, and what only some routes have: bytes moved, open flags. */
static void put_json_route_fields(FILE *out, const struct pmw_event *ev)
{
	put_json_route(out, ev->route);
	if (pmw_has_bytes(ev))
		fprintf(out, ",\"bytes\":%" PRIu64, ev->bytes);
	if (pmw_has_file(ev)) {
		fputs(",\"flags\":", out);
		put_flags(out, ev);
	}
}

/*
 * The container object of a side that runs in a container: its id under
 * id_key, its runtime where known and, where pod is set, its Kubernetes
 * pod. ECS's container.id and .runtime ("id", its pod is orchestrator.*),
 * OCSF's container (of its container profile: "uid", pod_uuid). A uid is
 * hex and '-', safe as it is.
 */
static void put_container_object(FILE *out, const struct pmw_container *c,
				 const char *id_key, int pod)
{
	if (!c->id[0])
		return;
	fprintf(out, ",\"container\":{\"%s\":", id_key);
	pmw_put_json_string(out, (struct pmw_bytes){ c->id, strlen(c->id) });
	if (c->runtime)
		fprintf(out, ",\"runtime\":\"%s\"", c->runtime);
	if (pod && c->pod[0])
		fprintf(out, ",\"pod_uuid\":\"%s\",\"orchestrator\":\"Kubernetes\"", c->pod);
	fputc('}', out);
}

/* ECS orchestrator.*: the Kubernetes pod a side runs in; a uid is hex and '-'. */
static void put_json_pod(FILE *out, const struct pmw_container *c)
{
	if (c->pod[0])
		fprintf(out, ",\"orchestrator\":{\"type\":\"kubernetes\",\"resource\":"
			"{\"type\":\"pod\",\"id\":\"%s\"}}", c->pod);
}

/*
 * What a side's context says as it is: "cgroup":{"path","id"} and
 * "ns":{"pid","mnt","user","net"}, named with prefix; a member only when
 * known (not empty, not 0), an object only with a member.
 */
static void put_json_ctx(FILE *out, const char *prefix, const struct pmw_ctx *c)
{
	static const char *const ns_names[] = { "pid", "mnt", "user", "net" };
	const uint32_t ns[] = { c->pid_ns, c->mnt_ns, c->user_ns, c->net_ns };
	size_t i, n = 0;

	if (c->cgroup.len || c->cgroup_id) {
		fprintf(out, ",\"%scgroup\":{", prefix);
		if (c->cgroup.len) {
			fputs("\"path\":", out);
			pmw_put_json_string(out, c->cgroup);
		}
		if (c->cgroup_id)
			fprintf(out, "%s\"id\":%" PRIu64, c->cgroup.len ? "," : "", c->cgroup_id);
		fputc('}', out);
	}
	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		if (!ns[i])
			continue;
		if (n++)
			fputc(',', out);
		else
			fprintf(out, ",\"%sns\":{", prefix);
		fprintf(out, "\"%s\":%u", ns_names[i], ns[i]);
	}
	if (n)
		fputc('}', out);
}

/* How the access crosses pid namespaces, when the event says. */
static void put_json_crossing(FILE *out, const struct pmw_event *ev)
{
	const char *crossing = pmw_ns_crossing(ev);

	if (crossing)
		fprintf(out, ",\"ns_crossing\":\"%s\"", crossing);
}

static void put_json_target(FILE *out, const struct pmw_event *ev)
{
	fprintf(out, ",\"target\":{\"pid\":%u,\"tid\":%u,\"ns_pid\":%u,\"user\":{\"id\":\"%u\"},"
		"\"name\":", ev->target_pid, ev->target_tid, ev->target_ns_pid, ev->target_uid);
	pmw_put_json_string(out, ev->target_comm);
	fputs(",\"executable\":", out);
	pmw_put_json_string(out, ev->target_exe);
	put_container_object(out, &ev->target_container, "id", 0);
	put_json_pod(out, &ev->target_container);
	put_json_ctx(out, "", &ev->target_ctx);
	fputc('}', out);
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
static void print_json_open(FILE *out, const struct pmw_event *ev)
{
	const struct pmw_finding *f = pmw_finding_of(ev);
	int ok = ev->outcome == PMW_OUTCOME_OPENED;

	fputs("{\"@timestamp\":\"", out);
	put_time(out, ev->real_ns, PMW_TIME_JSON, 1);
	fputs("\",\"event\":{", out);
	put_ecs_categorization(out, ev);
	fprintf(out, ",\"action\":\"%s\",\"outcome\":\"%s\",\"severity\":%d,"
		"\"sequence\":%" PRIu64 "},", route_action(ev->route), ok ? "success" : "failure",
		pmw_severity_of(ev), ev->seq);
	fprintf(out, "\"process\":{\"pid\":%u,\"vpid\":%u,\"thread\":{\"id\":%u},"
		"\"parent\":{\"pid\":%u},\"name\":", ev->pid, ev->ns_pid, ev->tid, ev->ppid);
	pmw_put_json_string(out, ev->comm);
	fputs(",\"executable\":", out);
	pmw_put_json_string(out, ev->exe);
	fprintf(out, "},\"user\":{\"id\":\"%u\",\"effective\":{\"id\":\"%u\"}",
		ev->uid, ev->euid);
	if (ev->loginuid != UINT32_MAX)
		fprintf(out, ",\"audit\":{\"id\":\"%u\"}", ev->loginuid);
	fputc('}', out);
	if (pmw_has_file(ev)) {
		fputs(",\"file\":{\"path\":", out);
		pmw_put_json_string(out, ev->path);
		fputc('}', out);
	}
	if (ev->error) {
		char num[12];

		fprintf(out, ",\"error\":{\"code\":\"%s\"}",
			pmw_errno_word(ev->error, num, sizeof(num)));
	}
	put_container_object(out, &ev->container, "id", 0);
	put_json_pod(out, &ev->container);
	fprintf(out, ",\"procmem\":{\"access\":\"%s\",\"outcome\":\"%s\",",
		pmw_access_name(ev->access), pmw_outcome_name(ev->outcome));
	if (ev->error)
		fprintf(out, "\"errno\":%u,", ev->error);
	fprintf(out, "\"self\":%s,\"tracer\":%s,\"thread\":%s,\"io_uring\":%s,"
		"\"would_deny\":%s,\"truncated\":%s,",
		json_bool(ev->info & PMW_INFO_SELF), json_bool(ev->info & PMW_INFO_TRACER),
		json_bool(ev->info & PMW_INFO_THREAD_DIR),
		json_bool(ev->info & PMW_INFO_IO_URING),
		json_bool(ev->info & PMW_INFO_WOULD_DENY),
		json_bool(ev->info & PMW_INFO_TRUNCATED));
	put_json_route_fields(out, ev);
	if (ev->sessionid != UINT32_MAX)
		fprintf(out, ",\"session_id\":%u", ev->sessionid);
	fprintf(out, ",\"mono_ns\":%" PRIu64, ev->mono_ns);
	put_json_ctx(out, "", &ev->ctx);
	put_json_crossing(out, ev);
	if (pmw_has_target(ev))
		put_json_target(out, ev);
	fputc('}', out);
	if (f)
		pmw_put_ecs_threat(out, f);
	fputs("}\n", out);
}

/*
 * An access not reported in full: no time (no @timestamp), an outcome
 * nobody knows, and what the record keeps of the opener, the route and
 * the target. Its action keeps the name it had when every access was an
 * open, whatever the route.
 */
static void print_json_dropped(FILE *out, const struct pmw_event *ev)
{
	char buf[24];

	fprintf(out, "{\"event\":{\"kind\":\"event\",\"category\":[\"process\"],"
		"\"type\":[\"access\"],\"action\":\"proc_mem_open_dropped\","
		"\"outcome\":\"unknown\",\"reason\":\"%s\",\"severity\":%d,"
		"\"sequence\":%" PRIu64 "},\"process\":{\"pid\":%u,\"thread\":{\"id\":%u}},"
		"\"user\":{\"id\":\"%u\"},\"procmem\":{",
		pmw_dropped_reason(ev->reason, buf, sizeof(buf)), pmw_severity_of(ev), ev->seq, ev->pid,
		ev->tid, ev->uid);
	if (ev->target_pid && pmw_has_target(ev))
		fprintf(out, "\"target\":{\"pid\":%u},", ev->target_pid);
	put_json_route(out, ev->route);
	fputs("}}\n", out);
}

/* A config change read from an audit log has no number: no event.sequence. */
static void print_json_config(FILE *out, const struct pmw_event *ev)
{
	fputs("{\"@timestamp\":\"", out);
	put_time(out, ev->real_ns, PMW_TIME_JSON, 1);
	fputs("\",\"event\":{\"kind\":\"event\",\"category\":[\"configuration\"],"
	      "\"type\":[\"change\"],\"action\":\"procmemwatch_config_change\","
	      "\"outcome\":\"success\"", out);
	fprintf(out, ",\"severity\":%d", pmw_severity_of(ev));
	if (ev->seq)
		fprintf(out, ",\"sequence\":%" PRIu64, ev->seq);
	fprintf(out, "},\"process\":{\"pid\":%u},\"user\":{\"id\":\"%u\"", ev->pid, ev->uid);
	if (ev->loginuid != UINT32_MAX)
		fprintf(out, ",\"audit\":{\"id\":\"%u\"}", ev->loginuid);
	fputs("},\"procmem\":{\"config\":{\"setting\":", out);
	pmw_put_json_string(out, ev->setting);
	fputs(",\"old_value\":", out);
	pmw_put_json_string(out, ev->old_value);
	fputs(",\"new_value\":", out);
	pmw_put_json_string(out, ev->new_value);
	fputc('}', out);
	if (ev->sessionid != UINT32_MAX)
		fprintf(out, ",\"session_id\":%u", ev->sessionid);
	fputs("}}\n", out);
}

/*
 * Opens counted instead of recorded: @timestamp and event.end are the
 * last one's, event.start the first's. The uid of several users is no
 * user's: user.id is left out.
 */
static void print_json_self_opens(FILE *out, const struct pmw_event *ev)
{
	static const char *const outcomes[] = { "unknown", "success", "failure" };

	fputs("{\"@timestamp\":\"", out);
	put_time(out, ev->real_ns, PMW_TIME_JSON, 1);
	fprintf(out, "\",\"event\":{\"kind\":\"event\",\"category\":[\"process\"],"
		"\"type\":[\"access\"],\"action\":\"proc_mem_self_opens\",\"outcome\":\"%s\","
		"\"start\":\"", outcomes[pmw_result_of(ev)]);
	put_time(out, ev->first_real_ns, PMW_TIME_JSON, 1);
	fputs("\",\"end\":\"", out);
	put_time(out, ev->real_ns, PMW_TIME_JSON, 1);
	fprintf(out, "\",\"severity\":%d,\"sequence\":%" PRIu64 "},\"process\":{\"pid\":%u,"
		"\"name\":", pmw_severity_of(ev), ev->seq, ev->pid);
	pmw_put_json_string(out, ev->comm);
	fputc('}', out);
	if (ev->uid != UINT32_MAX)
		fprintf(out, ",\"user\":{\"id\":\"%u\"}", ev->uid);
	fprintf(out, ",\"procmem\":{\"self\":true,\"self_opens\":{\"count\":%" PRIu64
		",\"refused\":%" PRIu64 ",\"failed\":%" PRIu64 ",\"several_users\":%s},",
		ev->count, ev->refused, ev->failed, json_bool(ev->uid == UINT32_MAX));
	put_json_route(out, ev->route);
	fputs("}}\n", out);
}

void pmw_print_ecs(const struct pmw_output *o, const struct pmw_event *ev)
{
	if (ev->kind == PMW_EV_LOST) {
		fprintf(o->out, "{\"event\":{\"kind\":\"metric\",\"action\":\"events_lost\","
			"\"severity\":%d,\"sequence\":%" PRIu64 "},\"procmem\":{\"lost\":"
			"{\"first\":%" PRIu64 ",\"count\":%" PRIu64 "}}}\n", pmw_severity_of(ev),
			ev->seq, ev->seq, ev->lost);
		return;
	}
	if (ev->kind == PMW_EV_DROPPED)
		print_json_dropped(o->out, ev);
	else if (ev->kind == PMW_EV_CONFIG)
		print_json_config(o->out, ev);
	else if (ev->kind == PMW_EV_SELF_OPENS)
		print_json_self_opens(o->out, ev);
	else
		print_json_open(o->out, ev);
}

/* An OCSF process object: name, pid, tid, executable, user, container. */
static void put_ocsf_process(FILE *out, uint32_t pid, uint32_t tid,
			     struct pmw_bytes name, struct pmw_bytes exe, uint32_t uid,
			     const struct pmw_container *c)
{
	fprintf(out, "{\"pid\":%u,\"tid\":%u,\"name\":", pid, tid);
	pmw_put_json_string(out, name);
	fputs(",\"file\":{\"path\":", out);
	pmw_put_json_string(out, exe);
	fprintf(out, "},\"user\":{\"uid\":\"%u\"}", uid);
	put_container_object(out, c, "uid", 1);
}

/*
 * OCSF metadata: the schema version, the product, the profiles whose
 * attributes the event uses (NULL: none; else the array's quoted names),
 * and the event's number unless it has none (0, a config change read from
 * an audit log).
 */
static void put_ocsf_metadata(FILE *out, uint64_t seq, const char *profiles)
{
	fputs("\"metadata\":{\"version\":\"1.1.0\",\"product\":{\"name\":\"procmemwatch\","
	      "\"vendor_name\":\"procmemwatch\"}", out);
	if (profiles)
		fprintf(out, ",\"profiles\":[%s]", profiles);
	if (seq)
		fprintf(out, ",\"sequence\":%" PRIu64, seq);
	fputc('}', out);
}

/*
 * A dropped open is still a Process Activity, of activity 0 Unknown (read
 * or write, Open or Inject, nobody knows) and status 0 Unknown, with
 * status_detail "dropped" and the reason in unmapped.reason. It has no
 * time, which OCSF asks for: the record carries none, and a made-up one
 * would lie. Severity 3 (Medium), as a lost notice's: both are opens that
 * were not reported in full.
 */
static void print_ocsf_dropped(FILE *out, const struct pmw_event *ev)
{
	char buf[24];

	fprintf(out, "{\"class_uid\":1007,\"class_name\":\"Process Activity\","
		"\"category_uid\":1,\"category_name\":\"System Activity\","
		"\"activity_id\":0,\"activity_name\":\"Unknown\",\"type_uid\":100700,"
		"\"severity_id\":3,\"status_id\":0,\"status\":\"Unknown\","
		"\"status_detail\":\"dropped\",\"actor\":{\"process\":{\"pid\":%u,\"tid\":%u,"
		"\"user\":{\"uid\":\"%u\"}}},\"process\":{", ev->pid, ev->tid, ev->uid);
	if (ev->target_pid && pmw_has_target(ev))
		fprintf(out, "\"pid\":%u", ev->target_pid);
	fputs("},", out);
	put_ocsf_metadata(out, ev->seq, NULL);
	fprintf(out, ",\"unmapped\":{\"reason\":\"%s\",",
		pmw_dropped_reason(ev->reason, buf, sizeof(buf)));
	put_json_route(out, ev->route);
	fputs("}}\n", out);
}

/*
 * A write to a setting is a Base Event (class 0), activity 99 Other named
 * "Config Change", as OCSF 1.1 has no class for a change of an
 * application's setting (Device Config State Change, 5019, is a later
 * version's, for a device's security state). Severity 3 (Medium) when it
 * stops protection; 1 (Informational) otherwise.
 */
static void print_ocsf_config(FILE *out, const struct pmw_event *ev)
{
	fprintf(out, "{\"class_uid\":0,\"class_name\":\"Base Event\",\"category_uid\":0,"
		"\"activity_id\":99,\"activity_name\":\"Config Change\",\"type_uid\":99,"
		"\"time\":%" PRIu64 ",\"severity_id\":%d,\"status_id\":1,\"status\":\"Success\","
		"\"message\":\"procmemwatch setting changed\",\"actor\":{\"process\":{\"pid\":%u},"
		"\"user\":{\"uid\":\"%u\"}},", ev->real_ns / 1000000,
		pmw_severity_of(ev), ev->pid, ev->uid);
	put_ocsf_metadata(out, ev->seq, NULL);
	fputs(",\"unmapped\":{\"setting\":", out);
	pmw_put_json_string(out, ev->setting);
	fputs(",\"old_value\":", out);
	pmw_put_json_string(out, ev->old_value);
	fputs(",\"new_value\":", out);
	pmw_put_json_string(out, ev->new_value);
	fputs("}}\n", out);
}

/* The last opener of a self-opens record: pid, name and, of one user, its uid. */
static void put_ocsf_last_opener(FILE *out, const struct pmw_event *ev)
{
	fprintf(out, "{\"pid\":%u,\"name\":", ev->pid);
	pmw_put_json_string(out, ev->comm);
	if (ev->uid != UINT32_MAX)
		fprintf(out, ",\"user\":{\"uid\":\"%u\"}", ev->uid);
	fputc('}', out);
}

/*
 * Opens counted instead of recorded are a Process Activity of activity 0
 * Unknown (each may have read or written), with the fields OCSF has for
 * events counted together: count, start_time and end_time, time being the
 * last open's. actor.process is the last opener, and so is process, each
 * open being of its opener's own memory. Status as pmw_result_of()
 * says, with status_detail "self_opens"; severity 1 (Informational), as
 * an open's.
 */
static void print_ocsf_self_opens(FILE *out, const struct pmw_event *ev)
{
	static const char *const statuses[] = { "Unknown", "Success", "Failure" };
	int status = pmw_result_of(ev);

	fprintf(out, "{\"class_uid\":1007,\"class_name\":\"Process Activity\","
		"\"category_uid\":1,\"category_name\":\"System Activity\","
		"\"activity_id\":0,\"activity_name\":\"Unknown\",\"type_uid\":100700,"
		"\"time\":%" PRIu64 ",\"start_time\":%" PRIu64 ",\"end_time\":%" PRIu64 ","
		"\"count\":%" PRIu64 ",\"severity_id\":1,\"status_id\":%d,\"status\":\"%s\","
		"\"status_detail\":\"self_opens\",\"actor\":{\"process\":",
		ev->real_ns / 1000000, ev->first_real_ns / 1000000, ev->real_ns / 1000000,
		ev->count, status, statuses[status]);
	put_ocsf_last_opener(out, ev);
	fputs("},\"process\":", out);
	put_ocsf_last_opener(out, ev);
	fputc(',', out);
	put_ocsf_metadata(out, ev->seq, NULL);
	fprintf(out, ",\"unmapped\":{\"refused\":%" PRIu64 ",\"failed\":%" PRIu64
		",\"self\":true,\"several_users\":%s,", ev->refused, ev->failed,
		json_bool(ev->uid == UINT32_MAX));
	put_json_route(out, ev->route);
	fputs("}}\n", out);
}

/*
 * procmemwatch's own verdict on an open, in the attributes of OCSF's
 * security_control profile: action Denied, disposition Blocked for an
 * open its policy refused; else action Allowed (it took no action), with
 * disposition Detected when enforce mode would have refused the open, and
 * Allowed otherwise, though the kernel may have refused it or it failed.
 */
static void put_ocsf_verdict(FILE *out, const struct pmw_event *ev)
{
	static const char *const verdicts[] = {
		[PMW_VERDICT_NONE] = "\"action_id\":1,\"action\":\"Allowed\","
			   "\"disposition_id\":1,\"disposition\":\"Allowed\",",
		[PMW_VERDICT_DENIED] = "\"action_id\":2,\"action\":\"Denied\","
			     "\"disposition_id\":2,\"disposition\":\"Blocked\",",
		[PMW_VERDICT_WOULD_DENY] = "\"action_id\":1,\"action\":\"Allowed\","
				 "\"disposition_id\":15,\"disposition\":\"Detected\",",
	};

	fputs(verdicts[pmw_verdict_of(ev)], out);
}

/* Does either side run in a container: does the event use the container profile? */
static int in_container(const struct pmw_event *ev)
{
	return ev->container.id[0] || (pmw_has_target(ev) && ev->target_container.id[0]);
}

/*
 * An access is a Process Activity (class 1007): activity 3 Open for a
 * read, 4 Inject when the memory is opened or attached for writing, or
 * written; actor.process is the opener, process the target (an empty
 * object for /proc/kcore, whose target is the kernel). Severity as
 * pmw_severity_of() says. An ATT&CK finding has attacks (finding.c); the
 * route, the bytes a process_vm call moved, and the path and open flags
 * of a route with a file are under unmapped. A side that runs in a
 * container has a container object, of the container profile; the
 * cgroups and namespaces, and the crossing, are under unmapped, as in
 * JSON but for the target's, target_cgroup and target_ns.
 */
static void print_ocsf_open(FILE *out, const struct pmw_event *ev)
{
	const struct pmw_finding *f = pmw_finding_of(ev);
	int inject = ev->access & PMW_ACCESS_WRITE;
	int ok = ev->outcome == PMW_OUTCOME_OPENED;

	fprintf(out, "{\"class_uid\":1007,\"class_name\":\"Process Activity\","
		"\"category_uid\":1,\"category_name\":\"System Activity\","
		"\"activity_id\":%d,\"activity_name\":\"%s\",\"type_uid\":%d,"
		"\"time\":%" PRIu64 ",\"severity_id\":%d,\"status_id\":%d,\"status\":\"%s\","
		"\"status_detail\":\"%s\",", inject ? 4 : 3, inject ? "Inject" : "Open",
		inject ? 100704 : 100703, ev->real_ns / 1000000, pmw_severity_of(ev),
		ok ? 1 : 2, ok ? "Success" : "Failure", pmw_outcome_name(ev->outcome));
	if (ev->error) {
		char num[12];

		fprintf(out, "\"status_code\":\"%s\",", pmw_errno_word(ev->error, num, sizeof(num)));
	}
	put_ocsf_verdict(out, ev);
	fputs("\"actor\":{\"process\":", out);
	put_ocsf_process(out, ev->pid, ev->tid, ev->comm, ev->exe, ev->uid, &ev->container);
	fprintf(out, ",\"parent_process\":{\"pid\":%u}}},\"process\":", ev->ppid);
	if (pmw_has_target(ev)) {
		put_ocsf_process(out, ev->target_pid, ev->target_tid, ev->target_comm,
				 ev->target_exe, ev->target_uid, &ev->target_container);
		fputs("},", out);
	} else {
		fputs("{},", out);
	}
	put_ocsf_metadata(out, ev->seq, in_container(ev) ?
			  "\"security_control\",\"container\"" : "\"security_control\"");
	if (f)
		pmw_put_ocsf_attacks(out, f);
	fputs(",\"unmapped\":{", out);
	if (pmw_has_file(ev)) {
		fputs("\"path\":", out);
		pmw_put_json_string(out, ev->path);
		fputc(',', out);
	}
	fprintf(out, "\"access\":\"%s\",\"outcome\":\"%s\",", pmw_access_name(ev->access),
		pmw_outcome_name(ev->outcome));
	if (ev->error)
		fprintf(out, "\"errno\":%u,", ev->error);
	fprintf(out, "\"self\":%s,\"tracer\":%s,\"thread\":%s,\"io_uring\":%s,"
		"\"would_deny\":%s,",
		json_bool(ev->info & PMW_INFO_SELF), json_bool(ev->info & PMW_INFO_TRACER),
		json_bool(ev->info & PMW_INFO_THREAD_DIR),
		json_bool(ev->info & PMW_INFO_IO_URING),
		json_bool(ev->info & PMW_INFO_WOULD_DENY));
	put_json_route_fields(out, ev);
	put_json_ctx(out, "", &ev->ctx);
	if (pmw_has_target(ev))
		put_json_ctx(out, "target_", &ev->target_ctx);
	put_json_crossing(out, ev);
	fputs("}}\n", out);
}

/*
 * OCSF 1.1: opens, dropped opens and self-opens counts are Process
 * Activity; config changes and lost records are Base Events (class 0),
 * a lost record so that a pipeline still sees the gap.
 */
void pmw_print_ocsf(const struct pmw_output *o, const struct pmw_event *ev)
{
	FILE *out = o->out;

	if (ev->kind == PMW_EV_LOST) {
		fprintf(out, "{\"class_uid\":0,\"class_name\":\"Base Event\",\"category_uid\":0,"
			"\"activity_id\":0,\"type_uid\":0,\"severity_id\":3,"
			"\"message\":\"%" PRIu64 " procmemwatch events lost\",", ev->lost);
		put_ocsf_metadata(out, ev->seq, NULL);
		fprintf(out, ",\"unmapped\":{\"lost_first\":%" PRIu64 ",\"lost_count\":%" PRIu64
			"}}\n", ev->seq, ev->lost);
	} else if (ev->kind == PMW_EV_DROPPED) {
		print_ocsf_dropped(out, ev);
	} else if (ev->kind == PMW_EV_CONFIG) {
		print_ocsf_config(out, ev);
	} else if (ev->kind == PMW_EV_SELF_OPENS) {
		print_ocsf_self_opens(out, ev);
	} else {
		print_ocsf_open(out, ev);
	}
}
