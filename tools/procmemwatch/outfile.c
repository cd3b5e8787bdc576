// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: the output file (--output-file), reopened for logrotate
 *
 * Appended to, like a shell's >>, so that a restart adds to it. Reopened
 * under the same FILE, whose descriptor is replaced by dup3(), so that a
 * reopen that fails leaves it writing to the moved file rather than to
 * nowhere.
 */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"

static int open_append(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);

	if (fd < 0)
		fprintf(stderr, "procmemwatch: %s: %s\n", path, strerror(errno));
	return fd;
}

FILE *pmw_outfile_open(const char *path)
{
	int fd = open_append(path);
	FILE *out;

	if (fd < 0)
		return NULL;
	out = fdopen(fd, "a");
	if (!out) {
		fprintf(stderr, "procmemwatch: %s: %s\n", path, strerror(errno));
		close(fd);
	}
	return out;
}

int pmw_outfile_reopen(FILE *out, const char *path)
{
	int fd;

	if (fflush(out))
		fprintf(stderr, "procmemwatch: %s: %s\n", path, strerror(errno));
	fd = open_append(path);
	if (fd < 0) {
		fputs("procmemwatch: still writing to the file it had open\n", stderr);
		return -1;
	}
	if (dup3(fd, fileno(out), O_CLOEXEC) < 0) {
		fprintf(stderr, "procmemwatch: %s: reopening: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
