// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: findings in the shape Tracee prints them
 *
 * Tracee v0.24 prints a signature's finding, in its json output, as one
 * trace.Event: the process context of the event it was detected from,
 * eventName the signature's event, args the finding's data and, last,
 * detectedFrom (that event's name, args and return value), and metadata
 * with the signature's Properties (Go sorts their keys). Each ATT&CK finding
 * (finding.c) is printed that way, with the eventName and signatureID of
 * the Tracee signature that reports the same thing, so that what consumes
 * Tracee's findings consumes procmemwatch's. Keys come in Tracee's order.
 *
 * What procmemwatch does not know is left out rather than made up: the
 * event ids (Tracee numbers events as it loads them), the thread start
 * time, processor, host name, the container's name and image and the
 * pod's name and namespace, matched policies, stack and context flags,
 * the entity ids; processId (the pid in the opener's namespace) when the
 * source does not give it (an audit record); cgroupId, mountNamespace and
 * pidNamespace but from a record that gives them (version 4), containerId,
 * container and kubernetes but from one that says the opener's cgroup (a
 * version 4 record, an audit record with cgroup=); the syscall of a mem or
 * kcore open (open, openat, openat2 or io_uring), which Tracee takes from
 * the task. The finding's data are the args Tracee's manual documents
 * (pid, target_pid: host pids, as every pid here), and the outcome.
 *
 * Everything else is no finding and is not printed: a process's access to
 * its own memory, self-opens counts, config changes. A notice of lost
 * events, and a dropped access, each stand for findings that may be
 * missing: they are said on o->err, so that the output stays findings only.
 */

#include <inttypes.h>
#include <string.h>
#include <linux/procmemwatch.h>

#include "finding.h"
#include "flags.h"
#include "format.h"
#include "route.h"
#include "text.h"
#include "words.h"

/* One of Tracee's args: {"name":..,"type":..,"value":..}, the value as given. */
static void put_arg_start(FILE *out, const char *name, const char *type)
{
	fprintf(out, "{\"name\":\"%s\",\"type\":\"%s\",\"value\":", name, type);
}

static void put_int_arg(FILE *out, const char *name, const char *type, long long value)
{
	put_arg_start(out, name, type);
	fprintf(out, "%lld}", value);
}

/*
 * What the event the finding comes from returned: 0 from the hook of a
 * file's open, whatever came of the open; from a call, its result: the
 * bytes a process_vm call moved, 0 from a ptrace attach, or -errno.
 */
static long long return_value(const struct pmw_event *ev)
{
	if (pmw_has_file(ev))
		return 0;
	if (ev->outcome != PMW_OUTCOME_OPENED)
		return -(long long)ev->error;
	return pmw_has_bytes(ev) ? (long long)ev->bytes : 0;
}

/*
 * The args of the event Tracee detects it from: security_file_open's
 * pathname and flags, or the pid a process_vm or ptrace call named (the
 * request of the ptrace call, PTRACE_ATTACH or PTRACE_SEIZE, is not known).
 */
static void put_trigger_args(FILE *out, const struct pmw_event *ev)
{
	if (pmw_has_file(ev)) {
		put_arg_start(out, "pathname", "const char*");
		pmw_put_json_string(out, ev->path);
		fputs("},", out);
		put_arg_start(out, "flags", "string");
		fputc('"', out);
		pmw_put_flag_names(out, ev, "|", 0);
		fputs("\"}", out);
	} else {
		put_int_arg(out, "pid", "pid_t", ev->target_tid);
	}
}

static void put_args(FILE *out, const struct pmw_event *ev, const struct pmw_finding *f)
{
	fputs("\"args\":[", out);
	put_int_arg(out, "pid", "int", ev->pid);
	if (pmw_has_target(ev)) {
		fputc(',', out);
		put_int_arg(out, "target_pid", "int", ev->target_pid);
	}
	fputc(',', out);
	put_arg_start(out, "outcome", "const char *");
	fprintf(out, "\"%s\"},", pmw_outcome_name(ev->outcome));
	put_arg_start(out, "detectedFrom", "unknown");
	fputs("{\"args\":[", out);
	put_trigger_args(out, ev);
	fprintf(out, "],\"name\":\"%s\",\"returnValue\":%lld}}]", f->trigger,
		return_value(ev));
}

static void put_metadata(FILE *out, const struct pmw_finding *f)
{
	const struct pmw_attack_ref *t = f->subtechnique.id ? &f->subtechnique : &f->technique;

	fprintf(out, "\"metadata\":{\"Version\":\"1\",\"Description\":\"%s\",\"Tags\":null,"
		"\"Properties\":{\"Category\":\"%s\",\"Kubernetes_Technique\":\"\","
		"\"Severity\":%d,\"Technique\":\"%s\",\"external_id\":\"%s\",\"id\":\"%s\","
		"\"signatureID\":\"%s\",\"signatureName\":\"%s\"}}", f->description,
		f->tracee_category, f->tracee_severity, t->name, t->id, f->stix_id,
		f->tracee_id, f->tracee_name);
}

/*
 * The opener's container as Tracee gives it: containerId, empty out of a
 * container, container with its id, kubernetes with its pod's uid, each
 * object empty when there is none, as Go writes an empty struct.
 */
static void put_container(FILE *out, const struct pmw_container *c)
{
	struct pmw_bytes id = { c->id, strlen(c->id) };

	fputs(",\"containerId\":", out);
	pmw_put_json_string(out, id);
	fputs(",\"container\":{", out);
	if (id.len) {
		fputs("\"id\":", out);
		pmw_put_json_string(out, id);
	}
	fputs("},\"kubernetes\":{", out);
	if (c->pod[0])
		fprintf(out, "\"podUID\":\"%s\"", c->pod);
	fputc('}', out);
}

static void print_finding(FILE *out, const struct pmw_event *ev, const struct pmw_finding *f)
{
	int nargs = 3 + pmw_has_target(ev);

	fprintf(out, "{\"timestamp\":%" PRIu64 ",", ev->real_ns);
	if (ev->ns_pid)
		fprintf(out, "\"processId\":%u,", ev->ns_pid);
	if (ev->has_ns)
		fprintf(out, "\"cgroupId\":%" PRIu64 ",", ev->ctx.cgroup_id);
	fprintf(out, "\"hostProcessId\":%u,\"hostThreadId\":%u,\"hostParentProcessId\":%u,"
		"\"userId\":%u,", ev->pid, ev->tid, ev->ppid, ev->uid);
	if (ev->has_ns)
		fprintf(out, "\"mountNamespace\":%u,\"pidNamespace\":%u,", ev->ctx.mnt_ns,
			ev->ctx.pid_ns);
	fputs("\"processName\":", out);
	pmw_put_json_string(out, ev->comm);
	fputs(",\"executable\":{\"path\":", out);
	pmw_put_json_string(out, ev->exe);
	fputc('}', out);
	if (ev->has_cgroup)
		put_container(out, &ev->container);
	fprintf(out, ",\"eventName\":\"%s\",\"argsNum\":%d,\"returnValue\":%lld,",
		f->tracee_event, nargs, return_value(ev));
	if (!pmw_has_file(ev))
		fprintf(out, "\"syscall\":\"%s\",", f->trigger);
	put_args(out, ev, f);
	fputc(',', out);
	put_metadata(out, f);
	fputs("}\n", out);
}

/* What stands for findings that are not printed: said on err. */
static void put_gap(FILE *err, const struct pmw_event *ev)
{
	if (ev->kind == PMW_EV_LOST) {
		fprintf(err, "procmemwatch: %" PRIu64 " events lost (#%" PRIu64 "..#%" PRIu64
			"): their findings are missing\n", ev->lost, ev->seq,
			ev->seq + ev->lost - 1);
	} else {
		char buf[24], route[12];

		fprintf(err, "procmemwatch: #%" PRIu64 ": a %s access by pid %u was dropped (%s): "
			"its finding, if any, is missing\n", ev->seq,
			pmw_route_name(ev->route, route, sizeof(route)), ev->pid,
			pmw_dropped_reason(ev->reason, buf, sizeof(buf)));
	}
}

void pmw_print_tracee(const struct pmw_output *o, const struct pmw_event *ev)
{
	const struct pmw_finding *f = pmw_finding_of(ev);

	if (f)
		print_finding(o->out, ev, f);
	else if ((ev->kind == PMW_EV_LOST || ev->kind == PMW_EV_DROPPED) && o->err)
		put_gap(o->err, ev);
}
