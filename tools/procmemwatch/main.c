// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: print the events of the procmemwatch LSM
 *
 * Reads /sys/kernel/security/procmemwatch/events (what is buffered, or
 * everything from now on with --follow) or a capture of it, or the
 * procmemwatch records of an audit log, and prints each event as a line
 * for people, as JSON (ECS or OCSF), or each finding as Tracee prints its
 * own. options.c reads the command line.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "source.h"
#include "stats.h"

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

int main(int argc, char **argv)
{
	struct pmw_options op;
	struct pmw_host host;
	struct pmw_run r;

	pmw_options_parse(argc, argv, &op);
	r = (struct pmw_run){ .filter = &op.filter, .out = &op.out, .names = op.names,
			      .raw = op.raw, .verbose = op.verbose };
	/*
	 * The events file is this machine's, of this boot; a capture or an
	 * audit line names no host but the one --hostname gives it.
	 */
	if (!op.input && !op.audit && !op.stats) {
		pmw_host_init(&host, op.hostname, 1);
		r.host = &host;
	} else if (op.hostname) {
		pmw_host_init(&host, op.hostname, 0);
		r.host = &host;
	}
	if (op.stats)
		return run_stats(op.stats);
	if (op.audit)
		return run_audit(op.audit, &r);
	return run_records(&op, &r);
}
