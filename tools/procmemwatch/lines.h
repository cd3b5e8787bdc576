/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: the lines of a text input, as a log grows and rotates */

#ifndef PMW_LINES_H
#define PMW_LINES_H

#include <stddef.h>
#include <sys/types.h>

struct pmw_lines {
	const char *path;	/* NULL: standard input */
	int fd;
	int follow;		/* at the end, wait for more (signals.c is set up) */
	char *buf;
	size_t cap, start, end;	/* buf[start..end) read, not yet returned */
	int eof;
	dev_t dev;		/* of the file open, to see it rotated */
	ino_t ino;
};

/*
 * Opens path ("-": standard input); from_end: past what it holds now.
 * Returns 0, or -1 after saying why.
 */
int pmw_lines_open(struct pmw_lines *l, const char *path, int follow, int from_end);

/*
 * The next line, without its newline, NUL-terminated (it may hold other
 * NUL bytes: *len says its length), valid until the next call. Returns 1,
 * 0 at the end (of the input, or of following, on SIGINT or SIGTERM), or
 * -1 after a read error (said). A last line without a newline is a line
 * at the end of an input not followed.
 */
int pmw_lines_next(struct pmw_lines *l, char **line, size_t *len);

/* The next n bytes whatever they are (a binary field). Returns 1, 0 at the end, -1. */
int pmw_lines_bytes(struct pmw_lines *l, char **bytes, size_t n);

/*
 * The first bytes, up to n or the first newline, without consuming them.
 * Returns how many, -1 on error.
 */
ssize_t pmw_lines_peek(struct pmw_lines *l, const char **bytes, size_t n);

void pmw_lines_close(struct pmw_lines *l);

#endif /* PMW_LINES_H */
