// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: print the events of the procmemwatch LSM
 *
 * Reads /sys/kernel/security/procmemwatch/events (what is buffered, or
 * everything from now on with --follow) or a capture of it, or the
 * procmemwatch records of an audit log or a journal, and prints each event
 * as a line for people, as JSON (ECS or OCSF), or each finding as Tracee
 * prints its own; or a table of them (--summary), or the policy rules that
 * would have allowed what was denied (--suggest-policy); or checks a policy
 * file (--check-policy). options.c reads the command line.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auditlog.h"
#include "options.h"
#include "outfile.h"
#include "policy_check.h"
#include "signals.h"
#include "source.h"
#include "stats.h"
#include "suggest.h"
#include "summary.h"

#define LSM_FILE	"/sys/kernel/security/lsm"

static int run_stats(const char *path)
{
	FILE *in = strcmp(path, "-") ? fopen(path, "re") : stdin;
	int rc;

	if (!in) {
		fprintf(stderr, "procmemwatch: %s: %s\n", path, strerror(errno));
		return 1;
	}
	rc = pmw_print_stats(in, in == stdin ? "stdin" : path, stdout);
	if (in != stdin)
		fclose(in);
	return rc;
}

/*
 * Why the events file cannot be opened, when the error alone does not
 * say: the kernel runs no procmemwatch (it is an LSM like any other, on
 * only when lsm= or CONFIG_LSM lists it), securityfs is not mounted, or
 * the reader lacks the capability.
 */
static void events_file_hint(int err)
{
	char lsms[512] = "";
	FILE *f;

	if (err == EPERM || err == EACCES) {
		fputs("procmemwatch: reading it needs CAP_AUDIT_READ: run as root, or as the "
		      "procmemwatch.service unit does\n", stderr);
		return;
	}
	if (err != ENOENT)
		return;
	f = fopen(LSM_FILE, "re");
	if (!f) {
		fputs("procmemwatch: securityfs is not mounted: mount -t securityfs securityfs "
		      "/sys/kernel/security\n", stderr);
		return;
	}
	if (!fgets(lsms, sizeof(lsms), f))
		lsms[0] = '\0';
	fclose(f);
	lsms[strcspn(lsms, "\n")] = '\0';
	fprintf(stderr, "procmemwatch: procmemwatch is not active in this kernel (its LSMs: %s): "
		"boot a kernel with the procmemwatch patches and procmemwatch in lsm= on its "
		"command line or in CONFIG_LSM, before the LSMs that refuse opens\n",
		lsms[0] ? lsms : "none");
}

static int open_events(const struct pmw_options *op, const char *name)
{
	int fd = open(name, O_RDONLY | O_CLOEXEC |
		      (op->input || op->source != PMW_SRC_DUMP ? 0 : O_NONBLOCK));

	if (fd < 0) {
		int err = errno;

		fprintf(stderr, "procmemwatch: %s: %s\n", name, strerror(err));
		if (!op->input)
			events_file_hint(err);
	}
	return fd;
}

static int run_records(const struct pmw_options *op, const struct pmw_run *r)
{
	const char *name = op->input ? op->input : PMW_EVENTS_FILE;
	int fd, rc;

	if (op->input && !strcmp(op->input, "-"))
		return pmw_read_records(STDIN_FILENO, "stdin", 0, r);
	fd = open_events(op, name);
	if (fd < 0)
		return 1;
	/* The events file's end is where the next event will be. */
	if (op->source == PMW_SRC_FOLLOW_NEW && lseek(fd, 0, SEEK_END) < 0) {
		fprintf(stderr, "procmemwatch: %s: seeking to the end: %s\n", name, strerror(errno));
		close(fd);
		return 1;
	}
	rc = pmw_read_records(fd, name, !op->input, r);
	close(fd);
	return rc;
}

/*
 * Input that lasts: the events file followed, an audit log followed, and
 * standard input that is no file (auditd's plugins read theirs for as
 * long as auditd runs). Its events are written a line at a time, so that
 * a consumer has each when it comes, and signals end or reopen it.
 */
static int lasting(const struct pmw_options *op)
{
	struct stat st;

	if (op->source != PMW_SRC_DUMP)
		return 1;
	return op->audit && !strcmp(op->audit, "-") && !fstat(STDIN_FILENO, &st) &&
	       !S_ISREG(st.st_mode);
}

/* The events file's host, boot and cursor; the host --hostname gives others. */
static int set_source(const struct pmw_options *op, struct pmw_run *r, struct pmw_host *host,
		      struct pmw_cursor *cursor)
{
	if (op->input || op->audit) {
		if (op->hostname && !pmw_host_init(host, op->hostname, 0))
			r->host = host;
		return 0;
	}
	r->host = host;
	if (pmw_host_init(host, op->hostname, 1) && op->cursor_file) {
		fputs("procmemwatch: --cursor-file needs the boot id: a cursor is of one boot\n",
		      stderr);
		return -1;
	}
	if (!op->cursor_file)
		return 0;
	r->cursor = cursor;
	return pmw_cursor_load(cursor, op->cursor_file, host->boot_id);
}

static int run(const struct pmw_options *op, const struct pmw_run *r)
{
	if (op->audit)
		return pmw_read_audit(op->audit, op->source == PMW_SRC_FOLLOW_NEW, r);
	return run_records(op, r);
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
	rc = run(op, r);
	if (op->summary)
		return pmw_summary_print(ctx, &op->out) | rc;
	return pmw_suggest_print(ctx, &op->out, op->root) | rc;
}

int main(int argc, char **argv)
{
	struct pmw_options op;
	struct pmw_cursor cursor;
	struct pmw_host host;
	struct pmw_run r;
	int rc;

	pmw_options_parse(argc, argv, &op);
	if (op.stats)
		return run_stats(op.stats);
	if (op.check_policy)
		return pmw_check_policy(op.check_policy, op.root);
	if (op.output_file && !(op.out.out = pmw_outfile_open(op.output_file)))
		return 1;
	r = (struct pmw_run){ .filter = &op.filter, .out = &op.out, .names = op.names,
			      .output_file = op.output_file, .follow = lasting(&op),
			      .raw = op.raw, .verbose = op.verbose };
	if (r.follow) {
		pmw_signals_init();
		setvbuf(op.out.out, NULL, _IOLBF, 0);
	}
	if (set_source(&op, &r, &host, &cursor))
		rc = 1;
	else if (op.summary || op.suggest)
		rc = run_collected(&op, &r);
	else
		rc = run(&op, &r);
	if (fflush(op.out.out) || (op.output_file && fclose(op.out.out))) {
		perror("procmemwatch: write");
		rc = 1;
	}
	return rc;
}
