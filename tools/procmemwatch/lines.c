// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: the lines of a text input, as a log grows and rotates
 *
 * auditd appends to its log and, at max_log_file, renames it and starts a
 * new one under the same name. Followed (--audit=FILE -w), the input is
 * read to its end, then again each time it grows; when the name is found
 * to lead to another file, what is left of the old one is read and the new
 * one opened from its start, as tail -F does. A line is returned only when
 * its newline has come: a line still being written is waited for.
 * Standard input, followed or not (auditd's plugins read theirs), ends
 * when its writer closes it.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lines.h"
#include "signals.h"

#define CHUNK		65536
#define POLL_MS		250	/* how often a followed file is looked at */
#define LINE_MAX_BYTES	(16 << 20)	/* a line longer than this is not a log's */

static int say_error(const struct pmw_lines *l, const char *what)
{
	fprintf(stderr, "procmemwatch: %s: %s%s\n", l->path ? l->path : "stdin", what,
		strerror(errno));
	return -1;
}

int pmw_lines_open(struct pmw_lines *l, const char *path, int follow, int from_end)
{
	struct stat st;

	memset(l, 0, sizeof(*l));
	l->follow = follow;
	l->fd = STDIN_FILENO;
	l->buf = malloc(CHUNK);
	if (!l->buf)
		return say_error(l, "");
	l->cap = CHUNK;
	if (strcmp(path, "-")) {
		l->path = path;
		l->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (l->fd < 0) {
			free(l->buf);
			return say_error(l, "");
		}
	}
	if (fstat(l->fd, &st) == 0) {
		l->dev = st.st_dev;
		l->ino = st.st_ino;
	}
	if (from_end && S_ISREG(st.st_mode) && lseek(l->fd, 0, SEEK_END) < 0)
		return say_error(l, "seeking to the end: ");
	return 0;
}

void pmw_lines_close(struct pmw_lines *l)
{
	if (l->path)
		close(l->fd);
	free(l->buf);
}

/* The name now leads to another file than the one open: auditd rotated it. */
static int rotated(struct pmw_lines *l)
{
	struct stat st;
	int fd;

	if (!l->path || stat(l->path, &st) || (st.st_dev == l->dev && st.st_ino == l->ino))
		return 0;
	fd = open(l->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;	/* not there yet: looked at again */
	close(l->fd);
	l->fd = fd;
	l->dev = st.st_dev;
	l->ino = st.st_ino;
	return 1;
}

/*
 * More bytes into buf: 1, or 0 at the end (of an input not followed, of
 * standard input, or of following, ended by a signal), -1 on error.
 */
static int fill(struct pmw_lines *l)
{
	if (l->start) {
		memmove(l->buf, l->buf + l->start, l->end - l->start);
		l->end -= l->start;
		l->start = 0;
	}
	if (l->cap - l->end < CHUNK) {
		char *b;

		if (l->cap >= LINE_MAX_BYTES) {
			errno = EFBIG;
			return say_error(l, "a line longer than 16 MiB: ");
		}
		b = realloc(l->buf, l->cap + CHUNK);
		if (!b)
			return say_error(l, "");
		l->buf = b;
		l->cap += CHUNK;
	}
	for (;;) {
		int readable = 1;
		ssize_t n;

		if (l->follow && !l->path)
			readable = pmw_wait(l->fd, -1);
		if (readable < 0)
			return -1;
		if (pmw_stopping())
			return 0;
		n = readable ? read(l->fd, l->buf + l->end, l->cap - l->end - 1) : -1;
		if (n > 0) {
			l->end += n;
			return 1;
		}
		if (n < 0 && errno != EINTR && readable)
			return say_error(l, "");
		if (n == 0 && (!l->follow || !l->path))
			return 0;
		if (n == 0 && !rotated(l) && pmw_wait(-1, POLL_MS) < 0)
			return -1;
	}
}

int pmw_lines_next(struct pmw_lines *l, char **line, size_t *len)
{
	char *nl;

	while (!(nl = memchr(l->buf + l->start, '\n', l->end - l->start))) {
		int rc = 0;

		if (l->eof || (rc = fill(l)) == 0) {
			l->eof = 1;
			if (l->start == l->end || l->follow)
				return 0;
			nl = l->buf + l->end;	/* the last line, without a newline */
			l->end++;
			break;
		}
		if (rc < 0)
			return -1;
	}
	*nl = '\0';
	*line = l->buf + l->start;
	*len = nl - *line;
	l->start = nl + 1 - l->buf;
	return 1;
}

int pmw_lines_bytes(struct pmw_lines *l, char **bytes, size_t n)
{
	if (n > LINE_MAX_BYTES) {
		errno = EFBIG;
		return say_error(l, "a field longer than 16 MiB: ");
	}
	while (l->end - l->start < n) {
		if (l->start) {
			memmove(l->buf, l->buf + l->start, l->end - l->start);
			l->end -= l->start;
			l->start = 0;
		}
		if (l->cap < n + CHUNK) {
			char *b = realloc(l->buf, n + CHUNK);

			if (!b)
				return say_error(l, "");
			l->buf = b;
			l->cap = n + CHUNK;
		}
		int rc = l->eof ? 0 : fill(l);

		if (rc <= 0)
			return rc;
	}
	*bytes = l->buf + l->start;
	l->start += n;
	return 1;
}

ssize_t pmw_lines_peek(struct pmw_lines *l, const char **bytes, size_t n)
{
	while (l->end - l->start < n && !l->eof &&
	       !memchr(l->buf + l->start, '\n', l->end - l->start)) {
		int rc = fill(l);

		if (rc < 0)
			return -1;
		if (rc == 0)
			l->eof = 1;
	}
	*bytes = l->buf + l->start;
	return l->end - l->start < n ? l->end - l->start : n;
}
