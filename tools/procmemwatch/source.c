// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: reading the events file, a capture or an audit log
 *
 * What is skipped is said at the end, on stderr, so that a clean-looking
 * output is not taken for the whole story: records of a type this reader
 * does not know (a newer kernel's), and lines of an audit log that carry
 * the text of a procmemwatch record without being one (a forgery from
 * user space, or another module's record). --verbose names each.
 */

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "record.h"
#include "source.h"

#define BUF_SIZE	(64 * 1024)

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

void pmw_stop_on_signals(void)
{
	/*
	 * No SA_RESTART, so a blocked read() returns EINTR and the loop ends;
	 * SA_RESETHAND, so a second signal ends the reader at once if the
	 * first came just before read() blocked.
	 */
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESETHAND };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* An event that passed the filters: printed, or collected for a table or rules. */
static void deliver(const struct pmw_run *r, const struct pmw_event *ev)
{
	if (r->collect)
		r->collect(r->ctx, ev);
	else
		pmw_print(r->out, ev);
}

static void emit(const struct pmw_run *r, const struct pmw_event *ev,
		 const unsigned char *rec, size_t size)
{
	if (ev->kind == PMW_EV_UNKNOWN) {
		/* A capture keeps everything, to be read by a newer reader. */
		if (r->raw)
			fwrite(rec, 1, size, r->out->out);
		return;
	}
	if (!pmw_filter_match(r->filter, ev))
		return;
	if (r->raw)
		fwrite(rec, 1, size, r->out->out);
	else
		deliver(r, ev);
}

int pmw_read_records(int fd, const char *name, int live, const struct pmw_run *r)
{
	static unsigned char buf[BUF_SIZE];
	struct pmw_decoder d = { .name = name, .verbose = r->verbose };
	size_t have = 0, used, off;
	struct pmw_event ev;
	int eof = 0, ok, rc = 0;
	ssize_t n;

	while ((!eof || have) && !stop) {
		if (!eof) {
			n = read(fd, buf + have, sizeof(buf) - have);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno == EAGAIN && live) {
				eof = 1;
			} else if (n < 0) {
				fprintf(stderr, "procmemwatch: %s: %s\n", name, strerror(errno));
				rc = 1;
				break;
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
				emit(r, &ev, buf + off, used);
		}
		memmove(buf, buf + off, have - off);
		have -= off;
		if (fflush(r->out->out)) {
			perror("procmemwatch: write");
			return 1;
		}
	}
	if (d.unknown)
		fprintf(stderr, "procmemwatch: %s: %lu record%s of unknown type skipped%s\n",
			name, d.unknown, d.unknown == 1 ? "" : "s",
			r->verbose ? "" : " (a newer kernel's; --verbose lists them)");
	return rc || d.errors ? 1 : 0;
}

/* A line that carries the text of a procmemwatch access record, whoever wrote it. */
static int lookalike(const char *line)
{
	static const char *const ops[] = {
		"op=proc_mem_open", "op=proc_mem_self_opens", "op=proc_kcore_open",
		"op=process_vm_readv", "op=process_vm_writev", "op=ptrace_attach",
	};
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strstr(line, ops[i]))
			return 1;
	return 0;
}

int pmw_read_audit(FILE *in, const char *name, const struct pmw_run *r)
{
	unsigned long lineno = 0, errors = 0, lookalikes = 0;
	struct pmw_event ev;
	size_t cap = 0;
	char *line = NULL, why[160];

	while (getline(&line, &cap, in) >= 0) {
		int rc = pmw_audit_parse_line(line, name, ++lineno, &ev, why, sizeof(why));
		if (rc < 0) {
			errors++;
		} else if (rc > 0) {
			if (pmw_filter_match(r->filter, &ev))
				deliver(r, &ev);
		} else {
			lookalikes += lookalike(line);
			if (r->verbose)
				fprintf(stderr, "procmemwatch: %s: line %lu: skipped: %s\n",
					name, lineno, why);
		}
	}
	free(line);
	if (ferror(in)) {
		fprintf(stderr, "procmemwatch: %s: %s\n", name, strerror(errno));
		return 1;
	}
	if (lookalikes && !r->verbose)
		fprintf(stderr, "procmemwatch: %s: %lu line%s with op=proc_mem_open or "
			"another op= of procmemwatch's accesses skipped: not procmemwatch records "
			"of the kernel (--verbose says which and why)\n",
			name, lookalikes, lookalikes == 1 ? "" : "s");
	return errors ? 1 : 0;
}
