// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: print the events of the procmemwatch LSM
 *
 * Reads /sys/kernel/security/procmemwatch/events (what is buffered, or
 * everything from now on with --follow) or a capture of it, or the
 * procmemwatch records of an audit log, and prints each event as a line
 * for people, as JSON (ECS or OCSF), or each finding as Tracee prints its
 * own; or a table of them (--summary), or the policy rules that would have
 * allowed what was denied (--suggest-policy); or checks a policy file
 * (--check-policy). options.c reads the command line.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "policy_check.h"
#include "source.h"
#include "stats.h"
#include "suggest.h"
#include "summary.h"

/* A text input named on the command line, "-" for standard input. */
static FILE *open_text_input(const char *path)
{
	FILE *in = strcmp(path, "-") ? fopen(path, "re") : stdin;

	if (!in)
		fprintf(stderr, "procmemwatch: %s: %s\n", path, strerror(errno));
	return in;
}

static void close_text_input(FILE *in)
{
	if (in != stdin)
		fclose(in);
}

static int run_stats(const char *path)
{
	FILE *in = open_text_input(path);
	int rc;

	if (!in)
		return 1;
	rc = pmw_print_stats(in, in == stdin ? "stdin" : path, stdout);
	close_text_input(in);
	return rc;
}

static int run_audit(const char *path, const struct pmw_run *r)
{
	FILE *in = open_text_input(path);
	int rc;

	if (!in)
		return 1;
	rc = pmw_read_audit(in, in == stdin ? "stdin" : path, r);
	close_text_input(in);
	return rc;
}

static int run_records(const struct pmw_options *op, const struct pmw_run *r)
{
	const char *name = op->input ? op->input : PMW_EVENTS_FILE;
	int fd, rc;

	if (op->input && !strcmp(op->input, "-"))
		return pmw_read_records(STDIN_FILENO, "stdin", 0, r);
	fd = open(name, O_RDONLY | O_CLOEXEC |
		  (op->input || op->source != PMW_SRC_DUMP ? 0 : O_NONBLOCK));
	if (fd < 0) {
		fprintf(stderr, "procmemwatch: %s: %s\n", name, strerror(errno));
		return 1;
	}
	/* The events file's end is where the next event will be. */
	if (op->source == PMW_SRC_FOLLOW_NEW && lseek(fd, 0, SEEK_END) < 0) {
		fprintf(stderr, "procmemwatch: %s: seeking to the end: %s\n", name, strerror(errno));
		close(fd);
		return 1;
	}
	if (op->source != PMW_SRC_DUMP)
		pmw_stop_on_signals();
	rc = pmw_read_records(fd, name, !op->input, r);
	close(fd);
	return rc;
}

static int run_source(const struct pmw_options *op, const struct pmw_run *r)
{
	return op->audit ? run_audit(op->audit, r) : run_records(op, r);
}

/* The events read, gathered into a table or into rules, printed at the end. */
static int run_collected(const struct pmw_options *op, struct pmw_run *r)
{
	void *ctx = op->summary ? (void *)pmw_summary_new() : (void *)pmw_suggest_new();
	int rc;

	if (!ctx) {
		fputs("procmemwatch: out of memory\n", stderr);
		return 1;
	}
	r->collect = op->summary ? pmw_summary_add : pmw_suggest_add;
	r->ctx = ctx;
	rc = run_source(op, r);
	if (op->summary)
		return pmw_summary_print(ctx, &op->out) | rc;
	return pmw_suggest_print(ctx, &op->out, op->root) | rc;
}

int main(int argc, char **argv)
{
	struct pmw_options op;
	struct pmw_run r;

	pmw_options_parse(argc, argv, &op);
	r = (struct pmw_run){ .filter = &op.filter, .out = &op.out, .raw = op.raw,
			      .verbose = op.verbose };
	if (op.stats)
		return run_stats(op.stats);
	if (op.check_policy)
		return pmw_check_policy(op.check_policy, op.root);
	if (op.summary || op.suggest)
		return run_collected(&op, &r);
	return run_source(&op, &r);
}
