/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: declarations shared by its parts
 */

#ifndef _SECURITY_PROCMEMWATCH_H
#define _SECURITY_PROCMEMWATCH_H

#include <linux/fs.h>
#include <linux/jump_label_ratelimit.h>
#include <linux/list.h>
#include <linux/lsm_hooks.h>
#include <linux/poll.h>
#include <linux/seq_file.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <uapi/linux/procmemwatch.h>

/* Modes, in the order of increasing action. */
enum pmw_mode {
	PMW_MODE_OFF,
	PMW_MODE_DETECT,
	PMW_MODE_ENFORCE,
	PMW_MODE_COUNT
};

extern bool pmw_enabled;

enum pmw_mode pmw_mode_get(void);
void pmw_mode_set(enum pmw_mode mode);
const char *pmw_mode_name(enum pmw_mode mode);
int pmw_mode_parse(const char *buf, size_t len, enum pmw_mode *mode);

bool pmw_locked(void);
void pmw_lock(void);

/* Bounds of a policy write. */
#define PMW_POLICY_BYTES_MAX	65536
#define PMW_POLICY_LINE_MAX	4096
#define PMW_POLICY_RULES_MAX	1024

struct pmw_policy;

int pmw_policy_init(void);
int pmw_policy_build(char *text, struct pmw_policy **policy);
void pmw_policy_free(struct pmw_policy *policy);
void pmw_policy_install(struct pmw_policy *policy, unsigned int *old_rules,
			unsigned int *new_rules);
bool pmw_policy_allows(u32 route, u16 access, struct task_struct *target);
void pmw_policy_show(struct seq_file *m);

/**
 * struct pmw_ring_stats - what happened to the events of a ring
 * @overwritten: events that left the ring to make room for new ones
 * @overwritten_unread: of those, events that an open reader had not read
 * @lost_reported: events reported missing to readers, summed over readers
 * @readers: open readers
 * @held: events in the ring now (filled in by pmw_ring_snapshot())
 * @held_bytes: bytes they take, pads included (likewise)
 */
struct pmw_ring_stats {
	u64 overwritten;
	u64 overwritten_unread;
	u64 lost_reported;
	u32 readers;
	u32 held;
	u32 held_bytes;
};

/**
 * struct pmw_ring - events kept for readers, each with its own position
 * @lock: guards everything below; taken by the hooks, never held to sleep
 * @wait: readers waiting for an event
 * @wake_timer: wakes the readers of events that came too soon after the
 *	last wake-up to wake them at once
 * @last_wake: jiffies of the last wake-up
 * @buf: @size bytes of records, each as long as it needs
 * @size: capacity in bytes
 * @head: offset where the next record goes
 * @tail: offset of the oldest record (or of a pad before it)
 * @count: events held
 * @used: bytes they take, pads between them included
 * @first_seq: oldest event held
 * @next_seq: number the next event gets; events are numbered from 1
 * @readers: the open readers, to know whether an overwritten event was read
 * @stats: counters reported in the stats file
 */
struct pmw_ring {
	spinlock_t lock;	/* guards the fields below */
	wait_queue_head_t wait;
	struct timer_list wake_timer;
	unsigned long last_wake;
	u8 *buf;
	u32 size;
	u32 head;
	u32 tail;
	u32 count;
	u32 used;
	u64 first_seq;
	u64 next_seq;
	struct list_head readers;
	struct pmw_ring_stats stats;
};

/**
 * struct pmw_reader - one open of the events file
 * @node: in pmw_ring.readers
 * @seq: next event this reader will read
 * @off: where that event lies in the ring, while @seq is held
 */
struct pmw_reader {
	struct list_head node;
	u64 seq;
	u32 off;
};

int pmw_ring_init(struct pmw_ring *ring, u32 bytes);
void pmw_ring_free(struct pmw_ring *ring);
void pmw_ring_commit(struct pmw_ring *ring, struct pmw_record_header *rec);
void pmw_reader_attach(struct pmw_ring *ring, struct pmw_reader *reader);
void pmw_reader_detach(struct pmw_ring *ring, struct pmw_reader *reader);
void pmw_reader_seek(struct pmw_ring *ring, struct pmw_reader *reader,
		     bool to_end);
ssize_t pmw_reader_next(struct pmw_ring *ring, struct pmw_reader *reader,
			void __user *ubuf, void *bounce);
bool pmw_reader_ready(struct pmw_ring *ring, struct pmw_reader *reader);
void pmw_ring_snapshot(struct pmw_ring *ring, struct pmw_ring_stats *stats,
		       u64 *next_seq);

extern struct pmw_ring pmw_events;

/**
 * struct pmw_event_stats - mem file opens as the hooks saw them
 * @seen: opens seen, indexed by the mode at the time
 * @opened: events whose open succeeded
 * @refused: events whose open the kernel refused
 * @failed: events whose open failed otherwise (target gone, EINVAL, ...)
 * @denied: events whose open procmemwatch refused, in enforce mode
 * @would_deny: events whose open enforce mode would have refused, in
 *	detect mode
 * @dropped_nomem: opens not reported because memory ran out
 * @dropped_exit: kernel-internal opens whose task was freed before their
 *	event could be finished
 * @config_changes: writes to the settings, each a config record
 *
 * Every open event, dropped open, config change and self-opens record
 * takes a number; an open counted in a self-opens record takes none.
 */
struct pmw_event_stats {
	atomic64_t seen[PMW_MODE_COUNT];
	atomic64_t opened;
	atomic64_t refused;
	atomic64_t failed;
	atomic64_t denied;
	atomic64_t would_deny;
	atomic64_t dropped_nomem;
	atomic64_t dropped_exit;
	atomic64_t config_changes;
};

extern struct pmw_event_stats pmw_event_stats;

/**
 * struct pmw_audit_stats - what became of the audit records
 * @emitted: records logged
 * @suppressed: records not logged because of the audit_rate limit
 * @unavailable: records the audit subsystem could not take (backlog full,
 *	no memory); it counts them as lost too
 */
struct pmw_audit_stats {
	atomic64_t emitted;
	atomic64_t suppressed;
	atomic64_t unavailable;
};

extern struct pmw_audit_stats pmw_audit_stats;

/* The highest audit_rate accepted, from the boot parameter or securityfs. */
#define PMW_AUDIT_RATE_MAX	1000000

void pmw_audit_init(void);
unsigned int pmw_audit_rate_get(void);
void pmw_audit_rate_set(unsigned int rate);
void pmw_audit_open(const struct pmw_open_record *rec);
void pmw_audit_setting(const char *name, const char *old, const char *new);
void pmw_audit_mode(enum pmw_mode old, enum pmw_mode new);
void pmw_audit_policy_load(unsigned int old_rules, unsigned int new_rules);

/* The highest self_rate accepted, from the boot parameter or securityfs. */
#define PMW_SELF_RATE_MAX	1000000

/**
 * struct pmw_self_stats - self-opens counted instead of recorded
 * @summarized: self-opens counted in a self-opens record
 * @records: self-opens records written
 */
struct pmw_self_stats {
	atomic64_t summarized;
	atomic64_t records;
};

extern struct pmw_self_stats pmw_self_stats;

void pmw_self_rate_init(void);
unsigned int pmw_self_rate_get(void);
void pmw_self_rate_set(unsigned int rate);
bool pmw_opener_exempt(void);
bool pmw_self_open_admit(const struct pmw_open_record *open);
void pmw_audit_self_opens(const struct pmw_self_opens_record *rec);

struct pmw_event;
struct cgroup;

struct cgroup *pmw_context_note(struct task_struct *task, u64 *cgroup_id,
				struct pmw_namespaces *ns);
u32 pmw_context_crossing(struct task_struct *opener, struct task_struct *target);
#ifdef CONFIG_CGROUPS
bool pmw_cgroup_path(struct cgroup *cgrp, char *buf, size_t size, char **start);
struct cgroup *pmw_cgroup_get(struct cgroup *cgrp);
void pmw_cgroup_put(struct cgroup *cgrp);
#else
static inline bool pmw_cgroup_path(struct cgroup *cgrp, char *buf, size_t size,
				   char **start)
{
	*start = buf + size;
	return false;
}

static inline struct cgroup *pmw_cgroup_get(struct cgroup *cgrp)
{
	return NULL;
}

static inline void pmw_cgroup_put(struct cgroup *cgrp)
{
}
#endif

/**
 * struct pmw_access - an access that opens no file, noted by the
 *	ptrace_access_check hook and reported as its task leaves the kernel
 * @work: the task work that reports it
 * @target_exe: the target's executable at the check, referenced, or NULL
 * @target_cgroup: the target's cgroup v2 at the check, referenced, or NULL
 * @target_cgroup_id: its id
 * @target_ns: the target's namespaces at the check
 * @mono_ns: CLOCK_MONOTONIC time of the check
 * @real_ns: CLOCK_REALTIME time of the check
 * @target_pid: the target's thread group id
 * @target_tid: the target thread's id
 * @target_ns_pid: the target thread's id in the caller's pid namespace
 * @target_uid: the target's real uid
 * @info: PMW_INFO_* bits known at the check
 * @route: PMW_ROUTE_*
 * @access: PMW_ACCESS_* bits
 * @denied: whether procmemwatch refused it
 * @pending: whether @work is queued
 * @target_comm: the target's command name
 */
struct pmw_access {
	struct callback_head work;
	struct file *target_exe;
	struct cgroup *target_cgroup;
	u64 target_cgroup_id;
	struct pmw_namespaces target_ns;
	u64 mono_ns;
	u64 real_ns;
	u32 target_pid;
	u32 target_tid;
	u32 target_ns_pid;
	u32 target_uid;
	u32 info;
	u32 route;
	u16 access;
	bool denied;
	bool pending;
	char target_comm[TASK_COMM_LEN];
};

/**
 * struct pmw_task - what procmemwatch keeps in each task's security blob
 * @event: the event of the mem file open in progress in this task, if any
 * @spare: the memory of this task's last event, kept for its next one:
 *	a task that opens one mem file (a debugger, a runtime reading its
 *	own memory) usually opens more
 * @exec_file: the file this task's program was exec'd from, referenced;
 *	unlike the mm's exe_file, which prctl(PR_SET_MM) can point at
 *	another file, only an exec changes it
 * @access: the access without a file being reported, while
 *	@access.pending
 */
struct pmw_task {
	struct pmw_event *event;
	struct pmw_event *spare;
	struct file *exec_file;
	struct pmw_access access;
};

extern struct lsm_blob_sizes pmw_blob_sizes;
extern struct static_key_false_deferred pmw_events_live;
extern atomic_t pmw_events_in_progress;

static inline struct pmw_task *pmw_task(const struct task_struct *task)
{
	return task->security + pmw_blob_sizes.lbs_task;
}

struct linux_binprm;

int pmw_exec_file_alloc(struct task_struct *task);
void pmw_exec_file_set(const struct linux_binprm *bprm);
void pmw_exec_file_free(struct task_struct *task);

int pmw_event_init(void);
void pmw_event_begin(struct file *file, struct pid *pid, bool thread,
		     u32 info);
void pmw_event_denied(struct file *file, struct pid *pid, bool thread);
void pmw_event_opened(struct file *file);
void pmw_event_freed(struct file *file);
void pmw_event_task_free(struct task_struct *task);
void pmw_event_dropped(struct task_struct *task, u32 reason, u32 target_pid,
		       u32 route);
void pmw_event_access(const struct pmw_access *acc, u16 outcome, u32 error,
		      u64 bytes);

int pmw_access_check(struct task_struct *target);

int pmw_init_securityfs(void);

#endif /* _SECURITY_PROCMEMWATCH_H */
