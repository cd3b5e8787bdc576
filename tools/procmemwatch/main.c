// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: print the events of the procmemwatch LSM
 *
 * Reads /sys/kernel/security/procmemwatch/events (what is buffered, or
 * everything from now on with --follow) or a capture of it, and prints
 * each event as a line for people or as JSON.
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/procmemwatch.h>

#include "event.h"

#define VERSION		"0.1"
#define EVENTS_FILE	"/sys/kernel/security/procmemwatch/events"
#define BUF_SIZE	(64 * 1024)

struct filter {
	long long pid, target;	/* -1: any */
	const char *comm;
	uint64_t since;
};

static void usage(FILE *out)
{
	fputs("Usage: procmemwatch [options]\n"
	      "Print the opens of process memory files reported by procmemwatch.\n\n"
	      "Source (default: " EVENTS_FILE ", what it holds now):\n"
	      "  -f, --follow          keep reading and print events as they come\n"
	      "  -i, --input FILE      binary records saved with --raw ('-': stdin)\n"
	      "  -a, --audit[=FILE]    the records of an audit log, raw or ENRICHED, or\n"
	      "                        a kernel console's audit lines (default: stdin)\n\n"
	      "Output:\n"
	      "  -j, --json            JSON Lines with ECS field names (--format=json)\n"
	      "      --format=FMT      human (default), json, or ocsf (OCSF Process Activity)\n"
	      "      --raw             the binary records, unchanged (a capture)\n"
	      "      --color[=WHEN]    colour: auto (default), always or never\n"
	      "      --utc             times in UTC, not local time (JSON is always UTC)\n"
	      "      --time-format=FMT default (2026-11-23 13:15:40.972000 +0100) or\n"
	      "                        iso (2026-11-23T13:15:40.972000+01:00)\n"
	      "      --numeric-uid     uids as numbers, not names from /etc/passwd\n"
	      "  -v, --verbose         say which records and audit lines were skipped, and why\n\n"
	      "Filters (all must match; lost-event notices always pass):\n"
	      "  -p, --pid PID         opener's pid\n"
	      "  -t, --target PID      target's pid\n"
	      "  -c, --comm NAME       opener's command name\n"
	      "  -s, --since SEQ       events numbered SEQ and later\n\n"
	      "  -h, --help            this help\n"
	      "  -V, --version         version\n\n"
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

static long long parse_number(const char *s, const char *opt)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (!*s || *end || errno || s[0] == '-' || v > LLONG_MAX)
		usage_error("%s: not a number", opt);
	return (long long)v;
}

static int matches(const struct filter *f, const struct pmw_event *ev)
{
	if (ev->kind == PMW_EV_LOST)
		return 1;
	if (f->pid >= 0 && ev->pid != f->pid)
		return 0;
	if (f->target >= 0 && ev->target_pid != f->target)
		return 0;
	if (f->comm && (ev->comm.len != strlen(f->comm) ||
			memcmp(ev->comm.p, f->comm, ev->comm.len)))
		return 0;
	return ev->seq >= f->since;
}

/*
 * Filters and prints the procmemwatch records of an audit log. Lines that
 * carry the text of a record without being one (a forgery from user
 * space, another module's record) are counted on stderr, so that a clean
 * output is not taken for the whole story; --verbose names every skipped
 * line.
 */
static int run_audit(FILE *in, const char *name, const struct filter *f,
		     const struct pmw_output *o, int verbose)
{
	unsigned long lineno = 0, errors = 0, lookalikes = 0;
	struct pmw_event ev;
	size_t cap = 0;
	char *line = NULL, why[160];

	while (getline(&line, &cap, in) >= 0) {
		int r = pmw_audit_parse_line(line, name, ++lineno, &ev, why, sizeof(why));

		if (r < 0) {
			errors++;
		} else if (r > 0) {
			if (matches(f, &ev))
				pmw_print(o, &ev);
		} else {
			lookalikes += strstr(line, "op=proc_mem_open") != NULL;
			if (verbose)
				fprintf(stderr, "procmemwatch: %s: line %lu: skipped: %s\n",
					name, lineno, why);
		}
	}
	free(line);
	if (ferror(in)) {
		fprintf(stderr, "procmemwatch: %s: %s\n", name, strerror(errno));
		return 1;
	}
	if (lookalikes && !verbose)
		fprintf(stderr, "procmemwatch: %s: %lu line%s with op=proc_mem_open skipped: "
			"not procmemwatch records of the kernel (--verbose says which and why)\n",
			name, lookalikes, lookalikes == 1 ? "" : "s");
	return errors ? 1 : 0;
}

static void emit(const struct pmw_event *ev, const unsigned char *rec, size_t size,
		 const struct filter *f, const struct pmw_output *o, int raw)
{
	if (ev->kind == PMW_EV_UNKNOWN) {
		/* A capture keeps everything, to be read by a newer reader. */
		if (raw)
			fwrite(rec, 1, size, o->out);
		return;
	}
	if (!matches(f, ev))
		return;
	if (raw)
		fwrite(rec, 1, size, o->out);
	else
		pmw_print(o, ev);
}

/* Decodes, filters and prints everything read from fd. Returns 0 or 1. */
static int run(int fd, const char *name, int live, const struct filter *f,
	       const struct pmw_output *o, int raw, int verbose)
{
	static unsigned char buf[BUF_SIZE];
	struct pmw_decoder d = { .name = name, .verbose = verbose };
	size_t have = 0, used, off;
	struct pmw_event ev;
	int eof = 0, ok;
	ssize_t n;

	while (!eof || have) {
		if (!eof) {
			n = read(fd, buf + have, sizeof(buf) - have);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno == EAGAIN && live) {
				eof = 1;
			} else if (n < 0) {
				fprintf(stderr, "procmemwatch: %s: %s\n", name, strerror(errno));
				return 1;
			} else if (n == 0) {
				eof = 1;
			} else {
				have += n;
			}
		}
		/*
		 * Every read() of the events file returns whole records, so a
		 * record it leaves unfinished is damage, not a record to wait
		 * for: decode each read as if the input ended there.
		 */
		for (off = 0; off < have; off += used) {
			used = pmw_decode(&d, buf + off, have - off, eof || live, &ev, &ok);
			if (!used)
				break;
			if (ok)
				emit(&ev, buf + off, used, f, o, raw);
		}
		memmove(buf, buf + off, have - off);
		have -= off;
		if (fflush(o->out)) {
			perror("procmemwatch: write");
			return 1;
		}
	}
	if (d.unknown)
		fprintf(stderr, "procmemwatch: %s: %lu record%s of unknown type skipped%s\n",
			name, d.unknown, d.unknown == 1 ? "" : "s",
			verbose ? "" : " (a newer kernel's; --verbose lists them)");
	return d.errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "follow", no_argument, NULL, 'f' },
		{ "input", required_argument, NULL, 'i' },
		{ "audit", optional_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'F' },
		{ "json", no_argument, NULL, 'j' },
		{ "raw", no_argument, NULL, 'r' },
		{ "color", optional_argument, NULL, 'C' },
		{ "utc", no_argument, NULL, 'U' },
		{ "time-format", required_argument, NULL, 'T' },
		{ "numeric-uid", no_argument, NULL, 'N' },
		{ "pid", required_argument, NULL, 'p' },
		{ "target", required_argument, NULL, 't' },
		{ "comm", required_argument, NULL, 'c' },
		{ "since", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{}
	};
	struct filter f = { .pid = -1, .target = -1 };
	struct pmw_output o = { .out = stdout };
	const char *input = NULL, *color = "auto", *audit = NULL;
	int follow = 0, raw = 0, verbose = 0, fd, c, rc;

	while ((c = getopt_long(argc, argv, "fi:a::jp:t:c:s:vhV", opts, NULL)) != -1) {
		switch (c) {
		case 'f': follow = 1; break;
		case 'i': input = optarg; break;
		case 'a':
			/* --audit FILE as well as --audit=FILE; alone, stdin. */
			if (optarg)
				audit = optarg;
			else if (optind < argc && (argv[optind][0] != '-' || !strcmp(argv[optind], "-")))
				audit = argv[optind++];
			else
				audit = "-";
			break;
		case 'j': o.format = PMW_FMT_JSON; break;
		case 'F':
			if (!strcmp(optarg, "human"))
				o.format = PMW_FMT_HUMAN;
			else if (!strcmp(optarg, "json"))
				o.format = PMW_FMT_JSON;
			else if (!strcmp(optarg, "ocsf"))
				o.format = PMW_FMT_OCSF;
			else
				usage_error("--format: '%s' is not human, json or ocsf", optarg);
			break;
		case 'r': raw = 1; break;
		case 'C': color = optarg ? optarg : "always"; break;
		case 'U': o.utc = 1; break;
		case 'T':
			if (!strcmp(optarg, "default"))
				o.time_style = PMW_TIME_DEFAULT;
			else if (!strcmp(optarg, "iso"))
				o.time_style = PMW_TIME_ISO;
			else
				usage_error("--time-format: '%s' is not default or iso", optarg);
			break;
		case 'N': o.numeric_uid = 1; break;
		case 'p': f.pid = parse_number(optarg, "--pid"); break;
		case 't': f.target = parse_number(optarg, "--target"); break;
		case 'c': f.comm = optarg; break;
		case 's': f.since = parse_number(optarg, "--since"); break;
		case 'v': verbose = 1; break;
		case 'h': usage(stdout); return 0;
		case 'V': puts("procmemwatch " VERSION); return 0;
		default: fputs("Try 'procmemwatch --help'.\n", stderr); return 2;
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (!strcmp(color, "always"))
		o.color = 1;
	else if (!strcmp(color, "auto"))
		o.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	else if (strcmp(color, "never"))
		usage_error("--color: '%s' is not auto, always or never", color);
	if (follow && input)
		usage_error("%s", "--follow reads the events file, not --input");
	if (raw && o.format != PMW_FMT_HUMAN)
		usage_error("%s", "--raw and --json or --format are different outputs: choose one");
	if (audit && (input || follow || raw))
		usage_error("%s", "--audit reads an audit log: not with --input, --follow or --raw");

	if (audit) {
		FILE *in = strcmp(audit, "-") ? fopen(audit, "r") : stdin;

		if (!in) {
			fprintf(stderr, "procmemwatch: %s: %s\n", audit, strerror(errno));
			return 1;
		}
		rc = run_audit(in, in == stdin ? "stdin" : audit, &f, &o, verbose);
		if (in != stdin)
			fclose(in);
		return rc;
	}

	if (input && !strcmp(input, "-")) {
		fd = STDIN_FILENO;
		input = "stdin";
	} else {
		fd = open(input ? input : EVENTS_FILE,
			  O_RDONLY | O_CLOEXEC | (input || follow ? 0 : O_NONBLOCK));
		if (fd < 0) {
			fprintf(stderr, "procmemwatch: %s: %s\n",
				input ? input : EVENTS_FILE, strerror(errno));
			return 1;
		}
	}
	rc = run(fd, input ? input : EVENTS_FILE, !input, &f, &o, raw, verbose);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}
