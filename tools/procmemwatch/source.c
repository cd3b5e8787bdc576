// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: reading the events file or a capture
 *
 * What is skipped is said at the end, on stderr, so that a clean-looking
 * output is not taken for the whole story: records of a type this reader
 * does not know (a newer kernel's). --verbose names each.
 *
 * Following the events file, the output is written out after each read,
 * then the cursor saved (cursor.c), never the other way round; SIGTERM
 * ends the loop after both, SIGHUP reopens the output file (signals.c).
 */

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"
#include "record.h"
#include "signals.h"
#include "source.h"

#define BUF_SIZE	(64 * 1024)

/* The last event an event stands for: a notice of lost events, its last one. */
static uint64_t last_seq(const struct pmw_event *ev)
{
	return ev->kind == PMW_EV_LOST ? ev->seq + ev->lost - 1 : ev->seq;
}

static void show(const struct pmw_run *r, const struct pmw_event *ev,
		 const unsigned char *rec, size_t size)
{
	if (!pmw_filter_match(r->filter, ev))
		return;
	if (r->raw)
		fwrite(rec, 1, size, r->out->out);
	else
		pmw_deliver(r, ev);
}

/*
 * Events that left the buffer while no reader was there: a notice, or on
 * stderr for --raw, whose records are the kernel's own.
 */
static void show_gap(const struct pmw_run *r, const struct pmw_event *gap)
{
	if (r->raw)
		fprintf(stderr, "procmemwatch: %" PRIu64 " events lost (#%" PRIu64 "..#%" PRIu64
			") since the cursor\n", gap->lost, gap->seq, gap->seq + gap->lost - 1);
	else
		pmw_deliver(r, gap);
}

/* One record decoded: shown unless the filters or the cursor say not; *last follows it. */
static void emit(const struct pmw_run *r, struct pmw_event *ev,
		 const unsigned char *rec, size_t size, uint64_t *last)
{
	struct pmw_event gap;
	int resume = 1;

	if (ev->kind == PMW_EV_UNKNOWN) {
		/* A capture keeps everything, to be read by a newer reader. */
		if (r->raw)
			fwrite(rec, 1, size, r->out->out);
		return;
	}
	if (r->host)
		pmw_host_stamp(r->host, ev);
	pmw_name_users(ev, r->names);
	if (r->cursor)
		resume = pmw_cursor_resume(r->cursor, ev, &gap);
	if (resume == 2)
		show_gap(r, &gap);
	if (resume)
		show(r, ev, rec, size);
	if (last_seq(ev) > *last)
		*last = last_seq(ev);
}

/* Between two reads: the output written out, the cursor saved, the file reopened. */
static int between_reads(const struct pmw_run *r, uint64_t last)
{
	if (fflush(r->out->out)) {
		perror("procmemwatch: write");
		return -1;
	}
	if (r->cursor && last && pmw_cursor_save(r->cursor, last))
		return -1;
	if (r->output_file && pmw_reopen_asked())
		pmw_outfile_reopen(r->out->out, r->output_file);
	return 0;
}

/*
 * The next bytes: 0 at the end, which a live, non-blocking events file
 * says with EAGAIN and a followed one when a signal ends the wait.
 */
static ssize_t read_more(int fd, const char *name, int live, int follow, unsigned char *buf,
			 size_t size)
{
	for (;;) {
		ssize_t n;

		if (follow) {
			int w = pmw_wait(fd, -1);

			if (w < 0)
				return -1;
			if (!w)
				return pmw_stopping() ? 0 : -2;
		}
		n = read(fd, buf, size);
		if (n >= 0)
			return n;
		/* The events file, read without following, is non-blocking: EAGAIN is its end. */
		if (errno == EAGAIN && live)
			return 0;
		if (errno != EINTR) {
			fprintf(stderr, "procmemwatch: %s: %s\n", name, strerror(errno));
			return -1;
		}
	}
}

int pmw_read_records(int fd, const char *name, int live, const struct pmw_run *r)
{
	static unsigned char buf[BUF_SIZE];
	struct pmw_decoder d = { .name = name, .verbose = r->verbose };
	size_t have = 0, used, off;
	uint64_t last = 0;
	struct pmw_event ev;
	int eof = 0, ok, rc = 0;

	while ((!eof || have) && !pmw_stopping()) {
		if (!eof) {
			ssize_t n = read_more(fd, name, live, r->follow, buf + have, sizeof(buf) - have);
			if (n == -1) {
				rc = 1;
				break;
			}
			if (n == 0)
				eof = 1;
			else if (n > 0)
				have += n;
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
				emit(r, &ev, buf + off, used, &last);
		}
		memmove(buf, buf + off, have - off);
		have -= off;
		if (between_reads(r, last))
			return 1;
	}
	if (d.unknown)
		fprintf(stderr, "procmemwatch: %s: %lu record%s of unknown type skipped%s\n",
			name, d.unknown, d.unknown == 1 ? "" : "s",
			r->verbose ? "" : " (a newer kernel's; --verbose lists them)");
	return rc || d.errors ? 1 : 0;
}
