// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: where a reader of the events file stopped (--cursor-file)
 *
 * As journalctl's --cursor-file: a reader started with one shows the
 * events after the one the file names, and keeps the file naming the
 * last one it read. An event is named by the boot it is of and its
 * sequence number, which restarts at every boot: a cursor of another boot
 * says nothing of this one's events, which are all new.
 *
 * The file is one line, "boot=BOOT_ID seq=N", replaced whole (a new file
 * renamed over it) after the events read are written out, never before:
 * a reader killed at any point restarts at or before its last event
 * written, so that none is lost and at most those of one read are shown
 * twice; one stopped by SIGTERM saves after the last, and none is shown
 * twice. A crash of the machine is a new boot, so the file is not synced.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cursor.h"

static int bad_cursor(const char *path, const char *why)
{
	fprintf(stderr, "procmemwatch: %s: %s: not a cursor of procmemwatch (\"boot=BOOT_ID "
		"seq=N\"); remove it to read from the oldest event held\n", path, why);
	return -1;
}

/* "boot=BOOT_ID seq=N\n" */
static int parse(struct pmw_cursor *c, const char *line)
{
	char *end;

	if (strncmp(line, "boot=", 5) || !pmw_boot_id_valid(line + 5, PMW_BOOT_ID_LEN) ||
	    strncmp(line + 5 + PMW_BOOT_ID_LEN, " seq=", 5))
		return -1;
	line += 5;
	memcpy(c->boot_id, line, PMW_BOOT_ID_LEN);
	line += PMW_BOOT_ID_LEN + 5;
	if (*line < '0' || *line > '9')
		return -1;
	errno = 0;
	c->seq = strtoull(line, &end, 10);
	return errno || strcmp(end, "\n") ? -1 : 0;
}

int pmw_cursor_load(struct pmw_cursor *c, const char *path, const char *boot_id)
{
	FILE *f = fopen(path, "re");
	char line[128];
	int rc, more;

	memset(c, 0, sizeof(*c));
	c->path = path;
	snprintf(c->boot_id, sizeof(c->boot_id), "%s", boot_id);
	if (!f && errno == ENOENT)
		return 0;
	if (!f) {
		fprintf(stderr, "procmemwatch: %s: %s\n", path, strerror(errno));
		return -1;
	}
	rc = fgets(line, sizeof(line), f) ? parse(c, line) : ferror(f) ? -1 : 1;
	more = rc == 0 && fgetc(f) != EOF;
	fclose(f);
	if (rc < 0 || more)
		return bad_cursor(path, "not one line of that form");
	if (rc > 0)
		return 0;	/* an empty file: no cursor yet */
	if (strcmp(c->boot_id, boot_id)) {
		fprintf(stderr, "procmemwatch: %s: the cursor is of another boot (%s): reading "
			"this boot's events from the oldest held\n", path, c->boot_id);
		snprintf(c->boot_id, sizeof(c->boot_id), "%s", boot_id);
		c->seq = 0;
		return 0;
	}
	c->resuming = 1;
	c->saved = c->seq;
	return 0;
}

int pmw_cursor_resume(struct pmw_cursor *c, struct pmw_event *ev, struct pmw_event *gap)
{
	uint64_t last = ev->kind == PMW_EV_LOST ? ev->seq + ev->lost - 1 : ev->seq;

	if (!c->resuming)
		return 1;
	if (last <= c->seq)
		return 0;
	c->resuming = 0;
	if (ev->kind == PMW_EV_LOST && ev->seq <= c->seq) {
		ev->lost = last - c->seq;
		ev->seq = c->seq + 1;
	}
	if (ev->seq <= c->seq + 1)
		return 1;
	/* Events that left the buffer while no reader was there. */
	*gap = (struct pmw_event){ .kind = PMW_EV_LOST, .seq = c->seq + 1,
				   .lost = ev->seq - c->seq - 1, .host = ev->host,
				   .boot_id = ev->boot_id };
	return 2;
}

int pmw_cursor_save(struct pmw_cursor *c, uint64_t seq)
{
	char tmp[4096];
	FILE *f;
	int bad;

	if (seq == c->saved)
		return 0;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.new", c->path) >= sizeof(tmp)) {
		fprintf(stderr, "procmemwatch: %s: name too long\n", c->path);
		return -1;
	}
	f = fopen(tmp, "we");
	if (!f) {
		fprintf(stderr, "procmemwatch: %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	bad = fprintf(f, "boot=%s seq=%" PRIu64 "\n", c->boot_id, seq) < 0;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, c->path)) {
		fprintf(stderr, "procmemwatch: %s: saving the cursor: %s\n", c->path,
			strerror(errno));
		return -1;
	}
	c->saved = seq;
	return 0;
}
