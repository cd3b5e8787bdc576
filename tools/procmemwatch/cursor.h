/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: where a reader of the events file stopped (--cursor-file) */

#ifndef PMW_CURSOR_H
#define PMW_CURSOR_H

#include <stdint.h>

#include "event.h"
#include "host.h"

struct pmw_cursor {
	const char *path;
	char boot_id[PMW_BOOT_ID_LEN + 1];	/* of the boot it was saved in */
	uint64_t seq;		/* the last event read then; 0: none */
	int resuming;		/* events up to seq are to be skipped */
	uint64_t saved;		/* the seq last saved, so that an idle batch saves nothing */
};

/*
 * Reads the cursor at path, for this boot's events: a cursor of this boot
 * resumes after its event; of another boot, or none (no file, an empty
 * one), reading starts at the oldest event held, which is said on
 * stderr for another boot. Returns 0, or -1 after saying what is wrong
 * with the file (it is not overwritten then).
 */
int pmw_cursor_load(struct pmw_cursor *c, const char *path, const char *boot_id);

/*
 * Whether ev is to be shown: 0 for an event up to the cursor (shown
 * before the restart). The first event after it that leaves a gap also
 * fills *gap with a notice of the events lost between, and returns 2;
 * else 1. A notice of lost events that straddles the cursor is cut to
 * what follows it.
 */
int pmw_cursor_resume(struct pmw_cursor *c, struct pmw_event *ev, struct pmw_event *gap);

/* The last event read is now seq: written for a restart. Returns 0, or -1 (said). */
int pmw_cursor_save(struct pmw_cursor *c, uint64_t seq);

#endif /* PMW_CURSOR_H */
