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
 * time, processor, the host name where the source names no host, the
 * container's name and image and the
 * pod's name and namespace, matched policies, stack and context flags,
 * the entity ids; processId (the pid in the opener's namespace) when the
 * source does not give it (an audit record); cgroupId, mountNamespace and
 * pidNamespace but from a record that gives them (version 4), containerId,
 * container and kubernetes but from one that says the opener's cgroup (a
 * version 4 record, an audit record with cgroup=); the syscall of a mem or
 * kcore open (open, openat, openat2 or io_uring), which Tracee takes from
 * the task. The finding's data are the args Tracee's manual documents
 * (pid, target_pid: host pids, as every pid here), the outcome, and the
 * files of both sides' executables where the event says them
 * (exe_dev "MAJ:MIN" and exe_inode, target_exe_dev and target_exe_inode).
 *
 * Everything else is no finding and is not printed: a process's access to
 * its own memory, summaries, begun calls (their access is the finding),
 * config changes. A notice of lost
 * events, and a dropped access, each stand for findings that may be
 * missing: they are said on o->err, so that the output stays findings only.
 */

#include <inttypes.h>
#include <stdio.h>
#include <linux/procmemwatch.h>

#include "finding.h"
#include "flags.h"
#include "format.h"
#include "json.h"
#include "route.h"
#include "words.h"

/* One of Tracee's args, {"name":..,"type":..,"value":..}, open for its value. */
static void open_arg(struct pmw_json *j, const char *name, const char *type)
{
	pmw_json_object(j, NULL);
	pmw_json_string(j, "name", name);
	pmw_json_string(j, "type", type);
}

static void put_int_arg(struct pmw_json *j, const char *name, const char *type,
			long long value)
{
	open_arg(j, name, type);
	pmw_json_int(j, "value", value);
	pmw_json_close(j);
}

static void put_string_arg(struct pmw_json *j, const char *name, const char *type,
			   const char *value)
{
	open_arg(j, name, type);
	pmw_json_string(j, "value", value);
	pmw_json_close(j);
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

/* The open flags as Tracee gives security_file_open's: their names, joined by '|'. */
static const char *join_flags(const struct pmw_event *ev, char *buf, size_t size)
{
	struct pmw_flag_names f;
	size_t i, len = 0;

	pmw_flag_names(ev, &f);
	buf[0] = '\0';
	for (i = 0; i < f.count && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s", i ? "|" : "", f.name[i]);
	return buf;
}

/*
 * The args of the event Tracee detects it from: security_file_open's
 * pathname and flags, or the pid a process_vm or ptrace call named (the
 * request of the ptrace call, PTRACE_ATTACH or PTRACE_SEIZE, is not known).
 */
static void put_trigger_args(struct pmw_json *j, const struct pmw_event *ev)
{
	char flags[PMW_FLAGS_MAX * 12];

	if (!pmw_has_file(ev)) {
		put_int_arg(j, "pid", "pid_t", ev->target_tid);
		return;
	}
	open_arg(j, "pathname", "const char*");
	pmw_json_bytes(j, "value", ev->path);
	pmw_json_close(j);
	put_string_arg(j, "flags", "string", join_flags(ev, flags, sizeof(flags)));
}

/* An executable's file, as two args, when the event says it; returns how many. */
static int put_exe_args(struct pmw_json *j, const struct pmw_event *ev, const char *dev_name,
			const char *ino_name, const struct pmw_file_ref *f)
{
	char dev[24];

	if (!j)
		return ev->has_exe_id && pmw_file_ref_known(f) ? 2 : 0;
	if (!ev->has_exe_id || !pmw_file_ref_known(f))
		return 0;
	snprintf(dev, sizeof(dev), "%u:%u", f->dev_major, f->dev_minor);
	put_string_arg(j, dev_name, "const char *", dev);
	open_arg(j, ino_name, "unsigned long");
	pmw_json_uint(j, "value", f->ino);
	pmw_json_close(j);
	return 2;
}

/* The args of the executables' files (j NULL: only count them). */
static int put_exe_ids(struct pmw_json *j, const struct pmw_event *ev)
{
	int n = put_exe_args(j, ev, "exe_dev", "exe_inode", &ev->exe_id);

	if (pmw_has_target(ev))
		n += put_exe_args(j, ev, "target_exe_dev", "target_exe_inode", &ev->target_exe_id);
	return n;
}

/* The finding's data, then what it was detected from. */
static void put_args(struct pmw_json *j, const struct pmw_event *ev, const struct pmw_finding *f)
{
	pmw_json_array(j, "args");
	put_int_arg(j, "pid", "int", ev->pid);
	if (pmw_has_target(ev))
		put_int_arg(j, "target_pid", "int", ev->target_pid);
	put_string_arg(j, "outcome", "const char *", pmw_outcome_name(ev->outcome));
	put_exe_ids(j, ev);
	open_arg(j, "detectedFrom", "unknown");
	pmw_json_object(j, "value");
	pmw_json_array(j, "args");
	put_trigger_args(j, ev);
	pmw_json_close(j);
	pmw_json_string(j, "name", f->trigger);
	pmw_json_int(j, "returnValue", return_value(ev));
	pmw_json_close(j);
	pmw_json_close(j);
	pmw_json_close(j);
}

static void put_metadata(struct pmw_json *j, const struct pmw_finding *f)
{
	const struct pmw_attack_ref *t = f->subtechnique.id ? &f->subtechnique : &f->technique;

	pmw_json_object(j, "metadata");
	pmw_json_string(j, "Version", "1");
	pmw_json_string(j, "Description", f->description);
	pmw_json_null(j, "Tags");
	pmw_json_object(j, "Properties");
	pmw_json_string(j, "Category", f->tracee_category);
	pmw_json_string(j, "Kubernetes_Technique", "");
	pmw_json_int(j, "Severity", f->tracee_severity);
	pmw_json_string(j, "Technique", t->name);
	pmw_json_string(j, "external_id", t->id);
	pmw_json_string(j, "id", f->stix_id);
	pmw_json_string(j, "signatureID", f->tracee_id);
	pmw_json_string(j, "signatureName", f->tracee_name);
	pmw_json_close(j);
	pmw_json_close(j);
}

/*
 * The opener's container as Tracee gives it: containerId, empty out of a
 * container, container with its id, kubernetes with its pod's uid, each
 * object empty when there is none, as Go writes an empty struct.
 */
static void put_container(struct pmw_json *j, const struct pmw_container *c)
{
	pmw_json_string(j, "containerId", c->id);
	pmw_json_object(j, "container");
	if (c->id[0])
		pmw_json_string(j, "id", c->id);
	pmw_json_close(j);
	pmw_json_object(j, "kubernetes");
	if (c->pod[0])
		pmw_json_string(j, "podUID", c->pod);
	pmw_json_close(j);
}

static void print_finding(FILE *out, const struct pmw_event *ev, const struct pmw_finding *f)
{
	struct pmw_json j;

	pmw_json_begin(&j, out);
	pmw_json_uint(&j, "timestamp", ev->real_ns);
	if (ev->ns_pid)
		pmw_json_uint(&j, "processId", ev->ns_pid);
	if (ev->has_ns)
		pmw_json_uint(&j, "cgroupId", ev->ctx.cgroup_id);
	pmw_json_uint(&j, "hostProcessId", ev->pid);
	pmw_json_uint(&j, "hostThreadId", ev->tid);
	pmw_json_uint(&j, "hostParentProcessId", ev->ppid);
	pmw_json_uint(&j, "userId", ev->uid);
	if (ev->has_ns) {
		pmw_json_uint(&j, "mountNamespace", ev->ctx.mnt_ns);
		pmw_json_uint(&j, "pidNamespace", ev->ctx.pid_ns);
	}
	pmw_json_bytes(&j, "processName", ev->comm);
	pmw_json_object(&j, "executable");
	pmw_json_bytes(&j, "path", ev->exe);
	pmw_json_close(&j);
	if (ev->host.len)
		pmw_json_bytes(&j, "hostName", ev->host);
	if (ev->has_cgroup)
		put_container(&j, &ev->container);
	pmw_json_string(&j, "eventName", f->tracee_event);
	pmw_json_int(&j, "argsNum", 3 + pmw_has_target(ev) + put_exe_ids(NULL, ev));
	pmw_json_int(&j, "returnValue", return_value(ev));
	if (!pmw_has_file(ev))
		pmw_json_string(&j, "syscall", f->trigger);
	put_args(&j, ev, f);
	put_metadata(&j, f);
	pmw_json_end(&j);
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
