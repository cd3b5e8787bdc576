// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: events as lines for people (the default format)
 *
 * A line an event, in columns, like dmesg's: the time, the host (once an
 * event has named one), the number, the opener (user, pid, command), the
 * access, the target, the outcome, then words for what applies and the
 * path. Strings show only printable ASCII
 * (text.c), so that a name cannot move the cursor or pass for another.
 * Colour, where asked for, marks what to look at: red a refused or
 * denied access, bold a write, yellow a warning.
 */

#include <inttypes.h>
#include <string.h>
#include <linux/procmemwatch.h>

#include "container.h"
#include "format.h"
#include "route.h"
#include "text.h"
#include "timestamp.h"
#include "words.h"

static void put_time(FILE *out, uint64_t real_ns, enum pmw_time_style style, int utc)
{
	char t[PMW_TIME_SIZE];

	fputs(pmw_format_time(t, sizeof(t), real_ns, style, utc), out);
}

/*
 * The host column, after the time, as journalctl shows it: once an event
 * has named its host (a fleet's audit log, the events file), every line
 * has the column, "-" for an event that names none, so that the columns
 * stay aligned. The output is one stream: whether an event had a host is
 * the only thing this format keeps from one event to the next.
 */
#define HOST_WIDTH	12

static int host_column;

static void put_host(FILE *out, const struct pmw_event *ev)
{
	int width;

	if (ev->host.len)
		host_column = 1;
	if (!host_column)
		return;
	fputc(' ', out);
	width = ev->host.len ? pmw_put_text(out, ev->host) : fprintf(out, "-");
	fprintf(out, "%*s", width < HOST_WIDTH ? HOST_WIDTH - width : 0, "");
}

/* The audit serial, where the event has one: ausearch -a finds the records that share it. */
static void put_serial(FILE *out, const struct pmw_event *ev)
{
	if (ev->has_audit_serial)
		fprintf(out, " serial=%" PRIu64, ev->audit_serial);
}

#define RED	"\033[31m"
#define YELLOW	"\033[33m"
#define BOLD	"\033[1m"
#define RESET	"\033[0m"

/* A user's name (user.c gave the event its names), or the uid; returns the width. */
static int put_user(FILE *out, struct pmw_bytes name, uint32_t uid)
{
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

	fprintf(out, "%-32s", "(time unknown)");
	put_host(out, ev);
	fprintf(out, " #%-5" PRIu64 " %sdropped (%s)%s ",
		ev->seq, o->color ? YELLOW : "", pmw_dropped_reason(ev->reason, buf, sizeof(buf)),
		o->color ? RESET : "");
	if (ev->route == PMW_ROUTE_MEM)
		fputs("open", out);
	else
		put_route_word(out, ev->route);
	fputs(" by ", out);
	put_user(out, ev->uid_name, ev->uid);
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

/*
 * A count of the kernel's in a setting's value: the policy's "N rules" or
 * "1 rule", a refresh's "N stale" and "N moved": digits, a space and that
 * word only.
 */
static int is_count(struct pmw_bytes b)
{
	size_t digits = 0;

	while (digits < b.len && b.p[digits] >= '0' && b.p[digits] <= '9')
		digits++;
	b.p += digits;
	b.len -= digits;
	return digits && (pmw_bytes_is(b, " rule") || pmw_bytes_is(b, " rules") ||
			  pmw_bytes_is(b, " stale") || pmw_bytes_is(b, " moved"));
}

/*
 * A setting's value escaped as every string is, so that spaces cannot fake
 * " -> ", but for a count, whose one space is the kernel's own and which
 * cannot pass for anything else.
 */
static void put_setting_value(FILE *out, struct pmw_bytes b)
{
	if (is_count(b))
		fwrite(b.p, 1, b.len, out);
	else
		pmw_put_text(out, b);
}

/*
 * A config change read from an audit log has no number: "#-" stands in
 * the number column. A policy write the kernel refused (an audit log's)
 * says its errno and line instead of values.
 */
static void print_human_config(const struct pmw_output *o, const struct pmw_event *ev)
{
	FILE *out = o->out;

	put_time(out, ev->real_ns, o->time_style, o->utc);
	put_host(out, ev);
	if (ev->seq)
		fprintf(out, " #%-5" PRIu64 " setting ", ev->seq);
	else
		fputs(" #-     setting ", out);
	pmw_put_text(out, ev->setting);
	if (ev->error) {
		char num[12];

		fprintf(out, ": %srefused %s%s", o->color ? RED : "",
			pmw_errno_word(ev->error, num, sizeof(num)), o->color ? RESET : "");
		if (ev->config_line)
			fprintf(out, " at line %u", ev->config_line);
	} else {
		fputs(": ", out);
		put_setting_value(out, ev->old_value);
		fputs(" -> ", out);
		put_setting_value(out, ev->new_value);
	}
	fputs(" by ", out);
	put_user(out, ev->uid_name, ev->uid);
	fprintf(out, " (pid %u", ev->pid);
	if (ev->loginuid != UINT32_MAX) {
		fputs(", auid ", out);
		put_user(out, ev->auid_name, ev->loginuid);
	}
	fputc(')', out);
	put_serial(out, ev);
	fputc('\n', out);
}

/* A summary's count of one outcome, when it has any. */
static void put_count(FILE *out, uint64_t n, const char *what, int *first)
{
	if (!n)
		return;
	fprintf(out, "%s%" PRIu64 " %s", *first ? " (" : ", ", n, what);
	*first = 0;
}

/* The routes a summary's accesses took, by their words, joined by commas. */
static void put_routes(FILE *out, uint32_t routes)
{
	const char *sep = "";
	uint32_t route;

	for (route = 0; route < 32; route++)
		if (routes & (uint32_t)1 << route) {
			fputs(sep, out);
			put_route_word(out, route);
			sep = ",";
		}
}

/*
 * Accesses counted instead of recorded: the time column is the last one's,
 * which the time filters match, and the first follows "since". Then the
 * last access: its opener, its target, its route and outcome. Pids follow
 * the command names, so a name with brackets cannot hide them.
 */
static void print_human_summary(const struct pmw_output *o, const struct pmw_event *ev)
{
	FILE *out = o->out;
	int first = 1;

	put_time(out, ev->real_ns, o->time_style, o->utc);
	put_host(out, ev);
	fprintf(out, " #%-5" PRIu64 " ", ev->seq);
	if (ev->uid == UINT32_MAX) {
		fputs("several users", out);
	} else {
		fputs("user ", out);
		put_user(out, ev->uid_name, ev->uid);
	}
	fprintf(out, " made %" PRIu64 " more access%s", ev->count, ev->count == 1 ? "" : "es");
	put_count(out, ev->self, "self", &first);
	put_count(out, ev->refused, "refused", &first);
	put_count(out, ev->failed, "failed", &first);
	put_count(out, ev->denied, "denied", &first);
	put_count(out, ev->would_deny, "would_deny", &first);
	if (!first)
		fputc(')', out);
	if (ev->has_routes && ev->routes) {
		fputs(" by ", out);
		put_routes(out, ev->routes);
	}
	fputs(" since ", out);
	put_time(out, ev->first_real_ns, o->time_style, o->utc);
	fputs(", last by ", out);
	pmw_put_text(out, ev->comm);
	fprintf(out, "[%u]", ev->pid);
	if (ev->target_pid) {
		fputs(" of ", out);
		pmw_put_text(out, ev->target_comm);
		fprintf(out, "[%u]", ev->target_pid);
	}
	fputc(' ', out);
	put_route_word(out, ev->route);
	if (ev->outcome)	/* an audit record's summary does not say */
		fprintf(out, " %s", pmw_outcome_name(ev->outcome));
	put_serial(out, ev);
	fputc('\n', out);
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

/* An executable's file, when the event says it: name=MAJ:MIN:INO. */
static void put_exe_id(FILE *out, const char *name, const struct pmw_event *ev,
		       const struct pmw_file_ref *f)
{
	if (ev->has_exe_id && pmw_file_ref_known(f))
		fprintf(out, " %s=%u:%u:%llu", name, f->dev_major, f->dev_minor,
			(unsigned long long)f->ino);
}

/*
 * The end of an access's line: a mem open ends with its path, as it did
 * before there were other routes. Another route says its word, then the
 * bytes a process_vm call moved and its begun record, then the path of a
 * route with a file.
 */
static void put_human_route(FILE *out, const struct pmw_event *ev)
{
	if (ev->route != PMW_ROUTE_MEM) {
		fputc(' ', out);
		put_route_word(out, ev->route);
		if (pmw_has_bytes(ev))
			fprintf(out, " bytes=%" PRIu64, ev->bytes);
		if (ev->begun_seq)
			fprintf(out, " begun=#%" PRIu64, ev->begun_seq);
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
		fprintf(out, "%s-- %" PRIu64 " events lost (#%" PRIu64 "..#%" PRIu64 ")",
			o->color ? YELLOW : "", ev->lost, ev->seq, ev->seq + ev->lost - 1);
		if (ev->host.len) {
			fputs(" on ", out);
			pmw_put_text(out, ev->host);
		}
		fprintf(out, " --%s\n", o->color ? RESET : "");
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
	if (ev->kind == PMW_EV_SUMMARY) {
		print_human_summary(o, ev);
		return;
	}
	put_time(out, ev->real_ns, o->time_style, o->utc);
	put_host(out, ev);
	fprintf(out, " #%-5" PRIu64 " ", ev->seq);
	width = put_user(out, ev->uid_name, ev->uid);
	fprintf(out, "%*s %7u ", width < 8 ? 8 - width : 0, "", ev->pid);
	width = pmw_put_text(out, ev->comm);
	fprintf(out, "%*s %s%-10s%s ", width < 16 ? 16 - width : 0, "",
		o->color && (ev->access & PMW_ACCESS_WRITE) ? BOLD : "",
		pmw_access_name(ev->access),
		o->color && (ev->access & PMW_ACCESS_WRITE) ? RESET : "");
	put_human_target(out, ev);
	if (ev->kind == PMW_EV_BEGUN) {
		/* What it comes to, its access's line says. */
		fputs(" begun   ", out);
		put_route_word(out, ev->route);
		put_serial(out, ev);
		fputc('\n', out);
		return;
	}
	fprintf(out, " %s%-7s", o->color && refused ? RED : "", pmw_outcome_name(ev->outcome));
	if (ev->error) {
		char num[12];

		fprintf(out, " %s%s", pmw_errno_word(ev->error, num, sizeof(num)),
			ev->info & PMW_INFO_GUESSED_ERROR ? "(guessed)" : "");
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
	if (ev->info & PMW_INFO_PASSED)
		fputs(" passed", out);
	if (ev->info & PMW_INFO_TRACED_EXEC)
		fputs(" traced_exec", out);
	/* A program an exe= rule names, which the rule did not allow: a warning. */
	if (ev->info & PMW_INFO_UNTRUSTED_EXE)
		fprintf(out, " %suntrusted_exe%s", o->color ? YELLOW : "", o->color ? RESET : "");
	/* Detect mode's verdict: a warning (yellow), the open went ahead. */
	if (ev->info & PMW_INFO_WOULD_DENY)
		fprintf(out, " %swould_deny%s", o->color ? YELLOW : "", o->color ? RESET : "");
	if (ev->euid != ev->uid) {
		fputs(" euid=", out);
		put_user(out, ev->euid_name, ev->euid);
	}
	put_serial(out, ev);
	put_exe_id(out, "exe_id", ev, &ev->exe_id);
	if (pmw_has_target(ev))
		put_exe_id(out, "target_exe_id", ev, &ev->target_exe_id);
	put_human_places(o, ev);
	put_human_route(out, ev);
	fputc('\n', out);
}
