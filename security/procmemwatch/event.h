/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: an access record being built, and the stream it goes to
 */

#ifndef _SECURITY_PROCMEMWATCH_EVENT_H
#define _SECURITY_PROCMEMWATCH_EVENT_H

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/types.h>
#include <uapi/linux/procmemwatch.h>

#include "ring.h"

struct cgroup;

/**
 * struct pmw_event - an access record being built
 * @used: bytes of @rec in use, strings included
 * @exempt: whether the opener may change procmemwatch's settings, and so
 *	would gain nothing by hiding its accesses: see pmw_budget_exempt()
 * @own_syscall: whether the record is logged in the system call that made
 *	the access, which its audit record then belongs to
 * @exe: the opener's executable, referenced until its path is written
 * @target_exe: the target's, likewise
 * @cgroup: the opener's cgroup v2, referenced until its path is written
 * @target_cgroup: the target's, likewise
 * @target: the pid of the target's thread, referenced, while a record
 *	waits to learn which memory its access reached
 * @rec: the record
 * @space: room for the strings
 */
struct pmw_event {
	u32 used;
	bool exempt;
	bool own_syscall;
	struct file *exe;
	struct file *target_exe;
	struct cgroup *cgroup;
	struct cgroup *target_cgroup;
	struct pid *target;
	struct pmw_access_record rec;
	char space[PMW_RECORD_MAX - sizeof(struct pmw_access_record)];
};

/**
 * struct pmw_event_stats - what became of the accesses procmemwatch saw
 * @opened: accesses that completed
 * @refused: accesses the kernel's checks or another LSM refused
 * @failed: accesses that failed otherwise
 * @denied: accesses procmemwatch refused, in enforce mode
 * @would_deny: accesses enforce mode would have refused, in detect mode
 * @passed: accesses through a descriptor the opener did not open
 * @begun: begun records written
 * @dropped: accesses reported only as a dropped record
 * @config_changes: writes to the settings, each a config record
 */
struct pmw_event_stats {
	atomic64_t opened;
	atomic64_t refused;
	atomic64_t failed;
	atomic64_t denied;
	atomic64_t would_deny;
	atomic64_t passed;
	atomic64_t begun;
	atomic64_t dropped;
	atomic64_t config_changes;
};

extern struct pmw_ring pmw_stream;
extern struct pmw_event_stats pmw_event_stats;

int pmw_event_init(u32 ring_bytes);
struct pmw_event *pmw_event_alloc(void);
void pmw_event_publish(struct pmw_event *ev, u16 outcome, u32 error);
void pmw_event_dropped(struct task_struct *opener, u32 route, u32 target_pid);
void pmw_event_commit(struct pmw_record_header *hdr);

#endif /* _SECURITY_PROCMEMWATCH_EVENT_H */
