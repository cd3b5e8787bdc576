// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: what the command line asks for
 *
 * The options follow dmesg and journalctl, so that what a letter means
 * there it means here, or it is not used: the filters are long options
 * only. Options that cannot go together are listed once, in exclusions[].
 */

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "container.h"
#include "host.h"
#include "options.h"
#include "route.h"
#include "source.h"
#include "stats.h"
#include "timestamp.h"
#include "user.h"
#include "words.h"

#define VERSION		"0.3"
#define PMW_XSTR(x)	#x
#define PMW_STR(x)	PMW_XSTR(x)

/* Long options without a short letter. */
enum {
	OPT_FORMAT = 256, OPT_RAW, OPT_COLOR, OPT_UTC, OPT_TIME_FORMAT,
	OPT_NUMERIC_UID, OPT_STATS, OPT_PID, OPT_TARGET, OPT_COMM, OPT_SEQ,
	OPT_SINCE, OPT_UNTIL, OPT_ROUTE, OPT_CONTAINER, OPT_CROSS, OPT_NODE, OPT_HOSTNAME,
	OPT_NAMES, OPT_CURSOR_FILE, OPT_OUTPUT_FILE,
	OPT_SUMMARY, OPT_SUGGEST, OPT_CHECK, OPT_ROOT, OPT_UID, OPT_EXE, OPT_OUTCOME,
	OPT_WOULD_DENY, OPT_NO_SELF,
};

static void usage(FILE *out)
{
	fputs("Usage: procmemwatch [options]\n"
	      "Print the accesses to process memory reported by procmemwatch.\n\n"
	      "Source (default: " PMW_EVENTS_FILE ", what it holds now):\n"
	      "  -w, --follow          what it holds, then each new event as it comes (with\n"
	      "                        --audit=FILE: each line added to the log)\n"
	      "  -W, --follow-new      only new events, as they come\n"
	      "      --cursor-file=FILE  start after the event FILE names, if of this boot,\n"
	      "                        and keep FILE naming the last one read\n"
	      "  -i, --input=FILE      binary records saved with --raw ('-': stdin)\n"
	      "  -a, --audit[=FILE]    the records of an audit log, raw or ENRICHED, a\n"
	      "                        kernel console's audit lines, or the output of\n"
	      "                        journalctl -o json or -o export (default: stdin)\n"
	      "      --stats[=FILE]    the counters of the stats file, explained\n"
	      "      --check-policy=FILE  check a policy as the kernel would take it ('-':\n"
	      "                        stdin): each bad line as FILE:LINE: REASON\n"
	      "      --root=DIR        with --check-policy or --suggest-policy: look exe=\n"
	      "                        paths up under DIR, not this machine's /\n\n"
	      "Output:\n"
	      "  -j, --json            JSON Lines with ECS field names (--format=json)\n"
	      "      --format=FMT      human (default), json, ocsf (OCSF Process Activity), or\n"
	      "                        tracee (Tracee's signature findings; findings only)\n"
	      "      --raw             the binary records, unchanged (a capture)\n"
	      "      --output-file=FILE  append to FILE, reopened on SIGHUP (logrotate)\n"
	      "      --color[=WHEN]    colour: auto (default), always or never\n"
	      "      --utc             times in UTC, not local time (JSON is always UTC)\n"
	      "      --time-format=FMT default (2026-11-23 13:15:40.972000 +0100) or\n"
	      "                        iso (2026-11-23T13:15:40.972000+01:00)\n"
	      "      --names=FROM      user names from: log (as the log gives them: auditd's\n"
	      "                        ENRICHED fields; the default for --audit and\n"
	      "                        --input), local (this machine's /etc/passwd; the\n"
	      "                        default for the events file) or none (numbers)\n"
	      "      --numeric-uid     uids as numbers (--names=none)\n"
	      "      --hostname=NAME   the host of events whose source names none (default,\n"
	      "                        for the events file: this machine's host name)\n"
	      "  -v, --verbose         say which records and audit lines were skipped, and why\n"
	      "      --summary         a table of the accesses: opener, target, route, access,\n"
	      "                        outcome, count, first and last time (or --json)\n"
	      "      --suggest-policy  the rules that allow the accesses denied or marked\n"
	      "                        would_deny, for the policy file; on stderr, what each\n"
	      "                        rule comes from\n\n"
	      "Filters (all must match; lost-event notices always pass):\n"
	      "      --pid=PID         opener's pid, or the writer's of a config change\n"
	      "      --target=PID      target's pid (no /proc/kcore access)\n"
	      "      --comm=NAME       opener's command name (no dropped opens, no config)\n"
	      "      --seq=N[-M]       events numbered N and later, or N to M (no config\n"
	      "                        change of an audit log, which has no number)\n"
	      "      --since=TIME      events at TIME or later\n"
	      "      --until=TIME      events at TIME or earlier (either: no dropped opens,\n"
	      "                        which carry no time)\n"
	      "      --route=NAME,...  accesses by these routes: mem, process_vm_readv,\n"
	      "                        process_vm_writev, ptrace_attach, kcore, environ\n"
	      "                        (no config)\n"
	      "      --container=ID    accesses whose opener or target runs in this container\n"
	      "                        (its id, or 4 or more of its first hex digits; a\n"
	      "                        machine's name) or Kubernetes pod (its uid)\n"
	      "      --cross           accesses from one pid namespace into another\n"
	      "      --node=NAME       events of this host (an audit log's node=); given\n"
	      "                        again, of either\n"
	      "      --uid=UID         opener's real uid, or a user name (the writer's of a\n"
	      "                        config change)\n"
	      "      --exe=PATH        opener's executable (accesses only)\n"
	      "      --outcome=WORD,...  accesses opened, refused, failed or denied\n"
	      "      --would-deny      accesses detect mode marked would_deny\n"
	      "      --no-self         no opens of the opener's own memory, no self-opens counts\n"
	      "  Self-opens counts: --pid, --comm and --target (each open was of the\n"
	      "  opener's own memory) match the last opener; --since, --until its time.\n"
	      "  TIME: 'YYYY-MM-DD[ hh:mm[:ss]]', 'hh:mm[:ss]', '@UNIXTIME', 'now', 'today',\n"
	      "  'yesterday', '-1h', '-30min', '-2d'; local unless --utc or followed by an\n"
	      "  offset ('Z', '+01:00').\n\n"
	      "  -h, --help            this help\n"
	      "  -V, --version         version\n\n"
	      "Deprecated, removed in the next release (each warns on stderr):\n"
	      "  -f (use -w), -p, -t, -c, -s (use --pid, --target, --comm, --seq),\n"
	      "  --since=SEQ (a number: use --seq).\n\n"
	      "Exit status: 0 ok, 1 runtime error or bad input, 2 usage error.\n",
	      out);
}

static __attribute__((noreturn)) void usage_error(const char *fmt, const char *arg)
{
	fputs("procmemwatch: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'procmemwatch --help'.\n", stderr);
	exit(2);
}

/* Old spellings keep working for one release, with a warning saying why. */
static void deprecated(const char *old, const char *now, const char *why)
{
	fprintf(stderr, "procmemwatch: warning: %s is deprecated and goes in the next "
		"release: use %s (%s)\n", old, now, why);
}

static unsigned long long parse_number(const char *s, const char *opt)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || v > LLONG_MAX)
		usage_error("%s: not a number", opt);
	return v;
}

/* "N", "N-" or "N-M" */
static void parse_seq(const char *s, struct pmw_filter *f)
{
	const char *dash = strchr(s, '-');
	char first[24];

	if (!dash) {
		f->seq_first = parse_number(s, "--seq");
		return;
	}
	if ((size_t)(dash - s) >= sizeof(first))
		usage_error("--seq: '%s' is not N, N- or N-M", s);
	memcpy(first, s, dash - s);
	first[dash - s] = '\0';
	f->seq_first = parse_number(first, "--seq");
	if (dash[1])
		f->seq_last = parse_number(dash + 1, "--seq");
	if (f->seq_last < f->seq_first)
		usage_error("--seq: '%s' ends before it starts", s);
}

static int all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

static void set_format(struct pmw_output *o, const char *fmt)
{
	if (pmw_format_parse(fmt, &o->format))
		usage_error("--format: '%s' is not human, json, ocsf or tracee", fmt);
}

/*
 * "WORD[,WORD...]": the set of the values that parse reads from the words,
 * a bit each (0 to 63); a word it does not know is the usage error why.
 */
static uint64_t parse_list(const char *s, int (*parse)(const char *, size_t, uint32_t *),
			   const char *why)
{
	uint64_t set = 0;
	const char *p = s;
	uint32_t v;

	for (;;) {
		size_t len = strcspn(p, ",");

		if (parse(p, len, &v) || v > 63)
			usage_error(why, s);
		set |= (uint64_t)1 << v;
		if (!p[len])
			return set;
		p += len + 1;
	}
}

/* A file option given twice: which one was meant? */
static void once(const char **slot, const char *value, const char *opt)
{
	if (*slot)
		usage_error("%s given twice: give it once", opt);
	*slot = value;
}

/* A host's name, as auditd's node= and a host name can be: one printable word. */
static int host_name_valid(const char *s)
{
	size_t len = strlen(s), i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
			return 0;
	return len && len <= PMW_HOST_NAME_MAX;
}

static void add_node(const char *s, struct pmw_filter *f)
{
	if (!host_name_valid(s))
		usage_error("--node: '%s' is not a host's name (one word of printable ASCII)", s);
	if (f->n_nodes == PMW_NODES_MAX)
		usage_error("--node: more than %s hosts", PMW_STR(PMW_NODES_MAX));
	f->nodes[f->n_nodes++] = s;
}

/* A uid in decimal, or a user name of /etc/passwd. */
static void parse_uid(const char *s, struct pmw_filter *f)
{
	uint32_t uid;

	if (all_digits(s) && strlen(s) <= 10 && strtoull(s, NULL, 10) < UINT32_MAX)
		f->uid = strtoull(s, NULL, 10);
	else if (!pmw_user_uid(s, &uid))
		f->uid = uid;
	else
		usage_error("--uid: '%s' is neither a uid nor a user of /etc/passwd", s);
}

/* The option that a deprecated spelling stands for. */
static int old_spelling(int c)
{
	switch (c) {
	case 'f':
		deprecated("-f", "-w (--follow)", "dmesg -f is --facility");
		return 'w';
	case 'p':
		deprecated("-p", "--pid", "journalctl -p is --priority");
		return OPT_PID;
	case 't':
		deprecated("-t", "--target", "dmesg -t is --notime");
		return OPT_TARGET;
	case 'c':
		deprecated("-c", "--comm", "dmesg -c clears the kernel's buffer");
		return OPT_COMM;
	case 's':
		deprecated("-s", "--seq", "dmesg -s is --buffer-size");
		return OPT_SEQ;
	}
	return c;
}

static void parse_options(int argc, char **argv, struct pmw_options *op)
{
	static const struct option opts[] = {
		{ "follow", no_argument, NULL, 'w' },
		{ "follow-new", no_argument, NULL, 'W' },
		{ "input", required_argument, NULL, 'i' },
		{ "audit", optional_argument, NULL, 'a' },
		{ "stats", optional_argument, NULL, OPT_STATS },
		{ "json", no_argument, NULL, 'j' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "raw", no_argument, NULL, OPT_RAW },
		{ "color", optional_argument, NULL, OPT_COLOR },
		{ "utc", no_argument, NULL, OPT_UTC },
		{ "time-format", required_argument, NULL, OPT_TIME_FORMAT },
		{ "numeric-uid", no_argument, NULL, OPT_NUMERIC_UID },
		{ "names", required_argument, NULL, OPT_NAMES },
		{ "cursor-file", required_argument, NULL, OPT_CURSOR_FILE },
		{ "output-file", required_argument, NULL, OPT_OUTPUT_FILE },
		{ "verbose", no_argument, NULL, 'v' },
		{ "pid", required_argument, NULL, OPT_PID },
		{ "target", required_argument, NULL, OPT_TARGET },
		{ "comm", required_argument, NULL, OPT_COMM },
		{ "seq", required_argument, NULL, OPT_SEQ },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "route", required_argument, NULL, OPT_ROUTE },
		{ "container", required_argument, NULL, OPT_CONTAINER },
		{ "cross", no_argument, NULL, OPT_CROSS },
		{ "node", required_argument, NULL, OPT_NODE },
		{ "hostname", required_argument, NULL, OPT_HOSTNAME },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "suggest-policy", no_argument, NULL, OPT_SUGGEST },
		{ "check-policy", required_argument, NULL, OPT_CHECK },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "uid", required_argument, NULL, OPT_UID },
		{ "exe", required_argument, NULL, OPT_EXE },
		{ "outcome", required_argument, NULL, OPT_OUTCOME },
		{ "would-deny", no_argument, NULL, OPT_WOULD_DENY },
		{ "no-self", no_argument, NULL, OPT_NO_SELF },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{}
	};
	int c;

	while ((c = getopt_long(argc, argv, "wWi:a::jvhVfp:t:c:s:", opts, NULL)) != -1) {
		switch (old_spelling(c)) {
		case 'w': op->source = PMW_SRC_FOLLOW; break;
		case 'W': op->source = PMW_SRC_FOLLOW_NEW; break;
		case 'i': once(&op->input, optarg, "--input"); break;
		case 'a':
			once(&op->audit, optarg ? optarg : "-", "--audit");
			op->audit_bare = !optarg;
			break;
		case OPT_STATS: once(&op->stats, optarg ? optarg : PMW_STATS_FILE, "--stats"); break;
		case OPT_CURSOR_FILE: once(&op->cursor_file, optarg, "--cursor-file"); break;
		case OPT_OUTPUT_FILE: once(&op->output_file, optarg, "--output-file"); break;
		case 'j': op->out.format = PMW_FMT_JSON; break;
		case OPT_FORMAT: set_format(&op->out, optarg); break;
		case OPT_RAW: op->raw = 1; break;
		case OPT_COLOR: op->color = optarg ? optarg : "always"; break;
		case OPT_UTC: op->out.utc = 1; break;
		case OPT_TIME_FORMAT:
			if (!strcmp(optarg, "default"))
				op->out.time_style = PMW_TIME_DEFAULT;
			else if (!strcmp(optarg, "iso"))
				op->out.time_style = PMW_TIME_ISO;
			else
				usage_error("--time-format: '%s' is not default or iso", optarg);
			break;
		case OPT_NUMERIC_UID:
			op->names = PMW_NAMES_NONE;
			op->names_given = 1;
			break;
		case OPT_NAMES:
			if (pmw_names_parse(optarg, &op->names))
				usage_error("--names: '%s' is not log, local or none", optarg);
			op->names_given = 1;
			break;
		case 'v': op->verbose = 1; break;
		case OPT_PID: op->filter.pid = parse_number(optarg, "--pid"); break;
		case OPT_TARGET: op->filter.target = parse_number(optarg, "--target"); break;
		case OPT_COMM: op->filter.comm = optarg; break;
		case OPT_SEQ: parse_seq(optarg, &op->filter); break;
		case OPT_SINCE:
			if (all_digits(optarg)) {
				/* Once a sequence number; a time needs '@' or a date. */
				deprecated("--since=SEQ", "--seq=SEQ",
					   "--since takes a time now, @SECONDS for a Unix time");
				parse_seq(optarg, &op->filter);
			} else {
				op->since = optarg;
			}
			break;
		case OPT_UNTIL: op->until = optarg; break;
		case OPT_ROUTE:
			/* each a route's name or number; --route again adds more */
			op->filter.routes |= parse_list(optarg, pmw_route_parse,
				"--route: '%s' is not a list of mem, process_vm_readv, "
				"process_vm_writev, ptrace_attach, kcore, environ or numbers 1 to 63");
			break;
		case OPT_CONTAINER:
			if (!pmw_container_arg_valid(optarg))
				usage_error("--container: '%s' is not a container's id, a machine's "
					    "name or a pod's uid", optarg);
			op->filter.container = optarg;
			break;
		case OPT_CROSS: op->filter.cross = 1; break;
		case OPT_NODE: add_node(optarg, &op->filter); break;
		case OPT_HOSTNAME:
			if (!host_name_valid(optarg))
				usage_error("--hostname: '%s' is not a host's name (one word of "
					    "printable ASCII)", optarg);
			op->hostname = optarg;
			break;
		case OPT_SUMMARY: op->summary = 1; break;
		case OPT_SUGGEST: op->suggest = 1; break;
		case OPT_CHECK: once(&op->check_policy, optarg, "--check-policy"); break;
		case OPT_ROOT: once(&op->root, optarg, "--root"); break;
		case OPT_UID: parse_uid(optarg, &op->filter); break;
		case OPT_EXE: op->filter.exe = optarg; break;
		case OPT_OUTCOME:
			op->filter.outcomes |= parse_list(optarg, pmw_outcome_parse,
				"--outcome: '%s' is not a list of opened, refused, failed or denied");
			break;
		case OPT_WOULD_DENY: op->filter.would_deny = 1; break;
		case OPT_NO_SELF: op->filter.no_self = 1; break;
		case 'h': usage(stdout); exit(0);
		case 'V': puts("procmemwatch " VERSION); exit(0);
		default: fputs("Try 'procmemwatch --help'.\n", stderr); exit(2);
		}
	}
}

static long long parse_time_option(const char *s, const char *opt, int utc)
{
	struct timespec now;
	long long ns;

	clock_gettime(CLOCK_REALTIME, &now);
	if (pmw_parse_time(s, utc, now.tv_sec * 1000000000LL + now.tv_nsec, &ns))
		usage_error(opt, s);
	return ns;
}

/*
 * What the command line asks for, as the table of exclusions names it: a
 * source or an output, whatever option said it (-w or -W, --json or
 * --format), as the options say it once all are read.
 */
enum {
	X_FOLLOW = 1 << 0,	/* -w, -W: the events file, as it grows */
	X_INPUT = 1 << 1,	/* -i: a capture */
	X_AUDIT = 1 << 2,	/* -a: an audit log */
	X_STATS = 1 << 3,	/* --stats: the counters */
	X_RAW = 1 << 4,		/* --raw: the records */
	X_FORMAT = 1 << 5,	/* --json, --format: any but the human format */
	X_HOST = 1 << 6,	/* --hostname: a host for events */
	X_NEW = 1 << 7,		/* -W: only what comes after the start */
	X_CURSOR = 1 << 8,	/* --cursor-file: where the events file was left */
	X_SUMMARY = 1 << 9,	/* --summary: a table */
	X_SUGGEST = 1 << 10,	/* --suggest-policy: rules */
	X_CHECK = 1 << 11,	/* --check-policy: a policy file, not events */
};

/*
 * Options that cannot go together, as util-linux's dmesg lists them in
 * excl[]: an option, those it excludes, and why, each pair once. The
 * first entry the command line breaks is the error.
 */
static const struct {
	unsigned int option, excludes;
	const char *why;
} exclusions[] = {
	{ X_FOLLOW, X_INPUT,
	  "--follow and --follow-new read the events file, not --input" },
	{ X_RAW, X_FORMAT,
	  "--raw and --json or --format are different outputs: choose one" },
	{ X_AUDIT, X_INPUT | X_RAW,
	  "--audit reads an audit log: not with --input or --raw" },
	{ X_CURSOR, X_INPUT | X_AUDIT | X_STATS | X_NEW,
	  "--cursor-file says where to start in the events file: not with --input, --audit, "
	  "--stats or --follow-new" },
	{ X_STATS, X_INPUT | X_AUDIT | X_FOLLOW | X_RAW | X_FORMAT | X_SUMMARY | X_SUGGEST,
	  "--stats prints the counters: not with another source or output" },
	{ X_HOST, X_STATS | X_RAW | X_CHECK,
	  "--hostname names the host of events: not with --stats, --check-policy or --raw, "
	  "which have none" },
	{ X_CHECK, X_INPUT | X_AUDIT | X_FOLLOW | X_CURSOR | X_STATS | X_RAW | X_FORMAT |
	  X_SUMMARY | X_SUGGEST,
	  "--check-policy reads a policy: not with another source or output" },
	{ X_CURSOR, X_SUMMARY | X_SUGGEST,
	  "--cursor-file keeps a shipper's place in the events file: not with --summary or "
	  "--suggest-policy, which read it to the end" },
	{ X_RAW, X_SUMMARY | X_SUGGEST,
	  "--raw writes the records, --summary a table, --suggest-policy rules: choose one" },
	{ X_SUMMARY, X_SUGGEST,
	  "--summary and --suggest-policy are different outputs: choose one" },
	{ X_SUGGEST, X_FORMAT, "--suggest-policy prints rules: not with --json or --format" },
};

static unsigned int asked_for(const struct pmw_options *op)
{
	return (op->source != PMW_SRC_DUMP ? X_FOLLOW : 0) | (op->input ? X_INPUT : 0) |
	       (op->source == PMW_SRC_FOLLOW_NEW ? X_NEW : 0) | (op->cursor_file ? X_CURSOR : 0) |
	       (op->audit ? X_AUDIT : 0) | (op->stats ? X_STATS : 0) | (op->raw ? X_RAW : 0) |
	       (op->out.format != PMW_FMT_HUMAN ? X_FORMAT : 0) | (op->hostname ? X_HOST : 0) |
	       (op->summary ? X_SUMMARY : 0) | (op->suggest ? X_SUGGEST : 0) |
	       (op->check_policy ? X_CHECK : 0);
}

static void check_exclusive(const struct pmw_options *op)
{
	unsigned int asked = asked_for(op);
	size_t i;

	for (i = 0; i < sizeof(exclusions) / sizeof(exclusions[0]); i++)
		if ((asked & exclusions[i].option) && (asked & exclusions[i].excludes))
			usage_error("%s", exclusions[i].why);
}

/* A terminal that shows escape sequences as text, as TERM=dumb says (Emacs' shell). */
static int dumb_terminal(void)
{
	const char *term = getenv("TERM");

	return !term || !*term || !strcmp(term, "dumb");
}

/* What only makes sense together, and the rest. */
static void check_options(int argc, char **argv, struct pmw_options *op)
{
	const char *color = op->color ? op->color : "auto";

	if (optind < argc && op->audit_bare)
		usage_error("unexpected argument '%s': to read an audit log from a file, "
			    "say --audit=FILE (with '=')", argv[optind]);
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (!strcmp(color, "always"))
		op->out.color = 1;
	else if (!strcmp(color, "auto"))
		op->out.color = isatty(STDOUT_FILENO) && !op->output_file && !getenv("NO_COLOR") &&
				!dumb_terminal();
	else if (strcmp(color, "never"))
		usage_error("--color: '%s' is not auto, always or never", color);
	check_exclusive(op);
	/* The events file is this machine's; a log or a capture may be another's. */
	if (!op->names_given)
		op->names = op->input || op->audit ? PMW_NAMES_LOG : PMW_NAMES_LOCAL;
	if (op->summary && op->out.format != PMW_FMT_HUMAN && op->out.format != PMW_FMT_JSON)
		usage_error("%s", "--summary prints a table or, with --json, JSON Lines: not "
			    "--format=ocsf or tracee");
	if (op->root && !op->check_policy && !op->suggest)
		usage_error("%s", "--root goes with --check-policy or --suggest-policy");
	if (op->since)
		op->filter.since_ns = parse_time_option(op->since, "--since: '%s' is not a time",
							op->out.utc);
	if (op->until)
		op->filter.until_ns = parse_time_option(op->until, "--until: '%s' is not a time",
							op->out.utc);
	if (op->filter.since_ns > op->filter.until_ns)
		usage_error("%s", "--since is after --until");
}

void pmw_options_parse(int argc, char **argv, struct pmw_options *op)
{
	*op = (struct pmw_options){ .out = { .out = stdout, .err = stderr } };
	pmw_filter_init(&op->filter);
	parse_options(argc, argv, op);
	check_options(argc, argv, op);
}
