/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * procmemwatch: records read from /sys/kernel/security/procmemwatch/events
 *
 * Every record starts with struct pmw_record_header. A reader uses
 * header.size to find the next record and must ignore bytes past the
 * fields it knows: a newer kernel appends fields to a record type and
 * raises its size and version, never moves or removes a field. It may also
 * add values to an enumerated field (route, outcome, reason) and bits to a
 * flags field (info), which a reader must tolerate. Records are 8-byte
 * aligned, use fixed-width types and have no padding holes.
 */

#ifndef _UAPI_LINUX_PROCMEMWATCH_H
#define _UAPI_LINUX_PROCMEMWATCH_H

#include <linux/types.h>

/* Record types, in pmw_record_header.type. */
#define PMW_RECORD_ACCESS	1	/* struct pmw_access_record */
#define PMW_RECORD_LOST		2	/* struct pmw_lost_record */
#define PMW_RECORD_DROPPED	3	/* struct pmw_dropped_record */
#define PMW_RECORD_CONFIG	4	/* struct pmw_config_record */
#define PMW_RECORD_SUMMARY	5	/* struct pmw_summary_record */
#define PMW_RECORD_BEGUN	6	/* struct pmw_begun_record */

/* Largest record the kernel writes: a read() buffer this big never fails. */
#define PMW_RECORD_MAX		1024

/**
 * struct pmw_record_header - start of every record
 * @size: bytes in the record, this header included; a multiple of 8
 * @type: PMW_RECORD_*
 * @version: layout version of this record type, 1 for the layouts below
 * @seq: the record's number: every record but a lost one is numbered,
 *	from 1 and without gaps, so that a reader that saw every number saw
 *	everything. For a lost record, the number of the first one missed.
 */
struct pmw_record_header {
	__u32 size;
	__u16 type;
	__u16 version;
	__u64 seq;
};

/* Access bits: pmw_access_record.access, pmw_begun_record.access. */
#define PMW_ACCESS_READ		0x1
#define PMW_ACCESS_WRITE	0x2

/* pmw_access_record.outcome */
#define PMW_OUTCOME_OPENED	1	/* the open or the call completed */
#define PMW_OUTCOME_REFUSED	2	/* refused by the kernel's checks or an LSM: see error */
#define PMW_OUTCOME_FAILED	3	/* failed otherwise, error says why: ESRCH, EINVAL, EINTR */
#define PMW_OUTCOME_DENIED	4	/* refused by procmemwatch in enforce mode: EPERM */

/* The ways into another process's memory: .route of the records. */
#define PMW_ROUTE_MEM			1	/* /proc/<pid>/mem, opened or passed on */
#define PMW_ROUTE_PROCESS_VM_READV	2	/* process_vm_readv(2) */
#define PMW_ROUTE_PROCESS_VM_WRITEV	3	/* process_vm_writev(2) */
#define PMW_ROUTE_PTRACE_ATTACH		4	/* ptrace(2) PTRACE_ATTACH or PTRACE_SEIZE,
						 * or a traced exec (PMW_INFO_TRACED_EXEC)
						 */
#define PMW_ROUTE_KCORE			5	/* /proc/kcore, opened or passed on */
#define PMW_ROUTE_ENVIRON		6	/* /proc/<pid>/environ, opened or passed on */
#define PMW_ROUTE_PERF_SAMPLE		7	/* perf_event_open(2) on another task,
						 * sampling its user stack or registers
						 */
#define PMW_ROUTE_CORE_DUMP		8	/* a signal that makes another process
						 * dump its memory to a core file, or a
						 * raise of its RLIMIT_CORE
						 */

/* pmw_access_record.info */
#define PMW_INFO_SELF		0x1	/* the opener reaches its own memory */
#define PMW_INFO_TRACER		0x2	/* the opener is the target's ptrace tracer, by an
					 * attach or a traced exec that went ahead
					 */
#define PMW_INFO_THREAD_DIR	0x4	/* reached through a /proc/<pid>/task/<tid>/ directory */
#define PMW_INFO_TRUNCATED	0x8	/* a string below was cut to fit */
#define PMW_INFO_IO_URING	0x10	/* opened by an io_uring worker or SQPOLL thread */
#define PMW_INFO_WOULD_DENY	0x20	/* detect mode: enforce mode would have denied it */
#define PMW_INFO_NS_CROSS	0x40	/* opener and target are in different pid namespaces */
#define PMW_INFO_NS_FROM_HOST	0x80	/* opener in the initial pid namespace, target not */
#define PMW_INFO_NS_OUTWARD	0x100	/* the target's pid namespace is neither the opener's nor
					 * one below it: the opener cannot name it by pid
					 */
#define PMW_INFO_PASSED		0x200	/* a descriptor that another process opened, or this
					 * one before an exec, received or first used here:
					 * passed with SCM_RIGHTS, taken with pidfd_getfd(2),
					 * inherited across fork or exec, installed by io_uring
					 */
#define PMW_INFO_TRACED_EXEC	0x400	/* the target exec'd while traced: its tracer, as the
					 * opener, reaches a program it did not attach to
					 */
#define PMW_INFO_GUESSED_ERROR	0x800	/* error was told from what was left of the open, not
					 * read from its result: it failed after procmemwatch
					 * saw it, outside the opener's own open(2)
					 */
#define PMW_INFO_UNTRUSTED_EXE	0x1000	/* the opener runs a program an exe= rule names, but
					 * its exec was traced, shared its files or was not
					 * made secure (it began before the rule): the rule
					 * does not name it
					 */

/*
 * pmw_access_record.open_flags: the open(2) flags the caller asked for, the
 * same bits on every architecture. O_CLOEXEC belongs to the descriptor and
 * is not among them; O_LARGEFILE only where the kernel does not add it
 * itself (32-bit callers). An open that io_uring makes without a worker
 * has O_NONBLOCK, which io_uring adds for that first attempt.
 */
#define PMW_OPEN_CREAT		0x0001
#define PMW_OPEN_EXCL		0x0002
#define PMW_OPEN_NOCTTY		0x0004
#define PMW_OPEN_TRUNC		0x0008
#define PMW_OPEN_APPEND		0x0010
#define PMW_OPEN_NONBLOCK	0x0020
#define PMW_OPEN_DSYNC		0x0040
#define PMW_OPEN_SYNC		0x0080	/* O_SYNC; it sets PMW_OPEN_DSYNC too */
#define PMW_OPEN_DIRECT		0x0100
#define PMW_OPEN_LARGEFILE	0x0200
#define PMW_OPEN_NOFOLLOW	0x0400
#define PMW_OPEN_NOATIME	0x0800

/**
 * struct pmw_string - where a string lies inside its record
 * @offset: from the start of the record
 * @len: bytes, no terminating NUL; 0 when unknown (a kernel thread's exe)
 *
 * Strings are bytes as the kernel holds them, not necessarily UTF-8.
 */
struct pmw_string {
	__u16 offset;
	__u16 len;
};

/**
 * struct pmw_namespaces - the namespaces a process runs in, by the inode
 *	numbers that readlink(2) of /proc/<pid>/ns/<name> shows
 * @pid: its pid namespace
 * @mnt: its mount namespace
 * @user: its user namespace
 * @net: its network namespace
 *
 * All 0 for a process that has exited, or the missing target of a
 * /proc/kcore record; @mnt and @net also 0 for a process exiting.
 */
struct pmw_namespaces {
	__u32 pid;
	__u32 mnt;
	__u32 user;
	__u32 net;
};

/**
 * struct pmw_file_id - a file, by its filesystem's device and its inode
 * @dev_major: major number of the device its superblock has
 * @dev_minor: minor number
 * @ino: its inode number
 *
 * What stat(2) shows on most filesystems; btrfs gives each subvolume a
 * device number of its own, and overlayfs shows other numbers for its
 * files. All 0 when there is no file.
 */
struct pmw_file_id {
	__u32 dev_major;
	__u32 dev_minor;
	__u64 ino;
};

/**
 * struct pmw_access_record - one access to another process's memory, or
 *	to the kernel's
 * @hdr: header, type PMW_RECORD_ACCESS
 * @mono_ns: CLOCK_MONOTONIC time of the attempt
 * @real_ns: CLOCK_REALTIME time of the attempt
 * @bytes: for the process_vm routes, the bytes the call moved, as it
 *	returned them; 0 otherwise
 * @begun_seq: for the process_vm routes, the number of the begun record
 *	written when the call started; 0 otherwise
 * @cgroup_id: id of the opener's cgroup in the cgroup v2 hierarchy, the
 *	one name_to_handle_at(2) on the cgroup's directory and BPF's
 *	bpf_get_current_cgroup_id() give; 0 without cgroups
 * @target_cgroup_id: the target's; 0 if there is no target
 * @exe_id: the opener's executable, by its numbers
 * @target_exe_id: the target's
 * @route: PMW_ROUTE_*, the way in
 * @access: PMW_ACCESS_* bits
 * @outcome: PMW_OUTCOME_*
 * @error: for an access that did not complete, the errno it failed with
 *	(positive); 0 otherwise
 * @info: PMW_INFO_* bits
 * @pid: opener's thread group id, in the initial pid namespace
 * @tid: opener's thread id, in the initial pid namespace
 * @ppid: opener's parent, in the initial pid namespace
 * @ns_pid: opener's thread group id in its own pid namespace
 * @uid: opener's real uid, in the initial user namespace
 * @euid: opener's effective uid
 * @loginuid: opener's audit login uid, (__u32)-1 when unset
 * @sessionid: opener's audit session id, (__u32)-1 when unset
 * @target_pid: target's thread group id, in the initial pid namespace,
 *	also when the thread is gone
 * @target_tid: target's thread id: the tid of a task/<tid> directory, else
 *	the thread group leader's
 * @target_ns_pid: the pid as named in the procfs the file was reached
 *	through (that mount's pid namespace), 0 if not visible there; for
 *	the routes without a file, the target thread's id in the opener's
 *	pid namespace
 * @target_uid: target's real uid
 * @flags: open flags (O_*) as the kernel saw them when the open started,
 *	in the values of the architecture the kernel runs on; see
 *	@open_flags; 0 for the routes without a file
 * @open_flags: PMW_OPEN_* bits, the flags the caller asked for
 * @ns: the opener's namespaces
 * @target_ns: the target's
 * @comm: opener's command name, NUL-padded
 * @target_comm: target's command name, NUL-padded
 * @exe: opener's executable path
 * @target_exe: target's executable path
 * @path: the file's path, absolute in its mount namespace (not relative to
 *	the opener's root: a chroot cannot rename it); empty for the routes
 *	without a file
 * @cgroup: the path of the opener's cgroup v2 from the hierarchy's root,
 *	as /proc/<pid>/cgroup shows it in the initial cgroup namespace
 * @target_cgroup: the target's; it shares @cgroup's bytes when both are
 *	in one cgroup
 * @pad: zero
 *
 * The opener is the process that made the access: for a traced exec
 * (PMW_INFO_TRACED_EXEC), the tracer. The strings follow the fixed
 * fields, inside @hdr.size; @target_exe shares @exe's bytes when the
 * target runs the opener's executable. The two cgroup paths come after
 * the other strings and share the room they leave, which three paths of
 * 256 bytes use up; a string cut to fit keeps its tail, where a
 * container's name is. A /proc/kcore record has no target: the target
 * fields are 0 and empty.
 */
struct pmw_access_record {
	struct pmw_record_header hdr;
	__u64 mono_ns;
	__u64 real_ns;
	__u64 bytes;
	__u64 begun_seq;
	__u64 cgroup_id;
	__u64 target_cgroup_id;
	struct pmw_file_id exe_id;
	struct pmw_file_id target_exe_id;
	__u32 route;
	__u16 access;
	__u16 outcome;
	__u32 error;
	__u32 info;
	__u32 pid;
	__u32 tid;
	__u32 ppid;
	__u32 ns_pid;
	__u32 uid;
	__u32 euid;
	__u32 loginuid;
	__u32 sessionid;
	__u32 target_pid;
	__u32 target_tid;
	__u32 target_ns_pid;
	__u32 target_uid;
	__u32 flags;
	__u32 open_flags;
	struct pmw_namespaces ns;
	struct pmw_namespaces target_ns;
	char comm[16];
	char target_comm[16];
	struct pmw_string exe;
	struct pmw_string target_exe;
	struct pmw_string path;
	struct pmw_string cgroup;
	struct pmw_string target_cgroup;
	__u32 pad;
};

/**
 * struct pmw_begun_record - a process_vm call has begun: its access record
 *	follows when it returns, whenever that is
 * @hdr: header, type PMW_RECORD_BEGUN
 * @mono_ns: CLOCK_MONOTONIC time of the check
 * @real_ns: CLOCK_REALTIME time of the check
 * @route: PMW_ROUTE_PROCESS_VM_READV or PMW_ROUTE_PROCESS_VM_WRITEV
 * @access: PMW_ACCESS_* bits
 * @pad0: zero
 * @pid: caller's thread group id, in the initial pid namespace
 * @tid: caller's thread id
 * @uid: caller's real uid, in the initial user namespace
 * @target_pid: target's thread group id
 * @target_tid: the thread the call named
 * @pad: zero
 * @comm: caller's command name, NUL-padded
 * @target_comm: target's command name, NUL-padded
 *
 * The call copies only after this record is written: a caller that stalls
 * the copy (a page of its own buffer it never lets be filled) cannot keep
 * the access from being seen. A call procmemwatch denies copies nothing
 * and has no begun record.
 */
struct pmw_begun_record {
	struct pmw_record_header hdr;
	__u64 mono_ns;
	__u64 real_ns;
	__u32 route;
	__u16 access;
	__u16 pad0;
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__u32 target_pid;
	__u32 target_tid;
	__u32 pad;
	char comm[16];
	char target_comm[16];
};

/**
 * struct pmw_lost_record - records this reader will never see
 * @hdr: header, type PMW_RECORD_LOST; @hdr.seq is the first one missed
 * @count: how many consecutive records were overwritten before this
 *	reader read them
 */
struct pmw_lost_record {
	struct pmw_record_header hdr;
	__u64 count;
};

/* pmw_dropped_record.reason */
#define PMW_DROPPED_NOMEM	1	/* no memory, or no room, to build the record */

/**
 * struct pmw_dropped_record - an access that could not be reported in full
 * @hdr: header, type PMW_RECORD_DROPPED; the access's number
 * @reason: PMW_DROPPED_*
 * @route: PMW_ROUTE_*
 * @pid: opener's thread group id, in the initial pid namespace
 * @tid: opener's thread id
 * @uid: opener's real uid, in the initial user namespace
 * @target_pid: the thread whose memory it was, in the initial pid
 *	namespace; 0 if unknown or for /proc/kcore
 *
 * The access still took its number, and its audit record says as much;
 * past its user's event_rate, it is counted in a summary record instead.
 */
struct pmw_dropped_record {
	struct pmw_record_header hdr;
	__u32 reason;
	__u32 route;
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__u32 target_pid;
};

/**
 * struct pmw_config_record - a setting was written
 * @hdr: header, type PMW_RECORD_CONFIG
 * @real_ns: CLOCK_REALTIME time of the change
 * @pid: writer's thread group id, in the initial pid namespace
 * @uid: writer's real uid, in the initial user namespace
 * @loginuid: writer's audit login uid, (__u32)-1 when unset
 * @sessionid: writer's audit session id, (__u32)-1 when unset
 * @setting: the securityfs file written ("mode", "policy", "lock",
 *	"audit_rate", "event_rate", "refresh"), NUL-padded
 * @old_value: its value before, NUL-padded: as the file reads without
 *	its newline; for "policy" its rule count ("3 rules", "1 rule"); for
 *	"refresh" the rules whose file had been replaced ("2 stale")
 * @new_value: its value after; for "refresh", the rules that now name a
 *	file other than before ("2 moved")
 */
struct pmw_config_record {
	struct pmw_record_header hdr;
	__u64 real_ns;
	__u32 pid;
	__u32 uid;
	__u32 loginuid;
	__u32 sessionid;
	char setting[16];
	char old_value[16];
	char new_value[16];
};

/**
 * struct pmw_summary_record - the accesses one user's processes made in a
 *	second beyond event_rate, counted here instead of recorded one by one
 * @hdr: header, type PMW_RECORD_SUMMARY
 * @first_real_ns: CLOCK_REALTIME time of the first of them
 * @last_real_ns: CLOCK_REALTIME time of the last
 * @count: how many accesses, whatever their route and outcome, dropped
 *	ones too
 * @self: of those, to the opener's own memory
 * @refused: of those, refused by the kernel's checks or an LSM
 * @failed: failed otherwise
 * @denied: denied by procmemwatch in enforce mode
 * @would_deny: that enforce mode would have denied, in detect mode
 * @uid: their openers' real uid, in the initial user namespace;
 *	(__u32)-1 when more users were counted at once than procmemwatch
 *	keeps apart, and these are the accesses of several users
 * @routes: a bit (1 << PMW_ROUTE_*) for each route they took
 * @pid: the thread group id of the last opener
 * @target_pid: the last target's thread group id, 0 for /proc/kcore
 * @route: the last access's route, PMW_ROUTE_*
 * @outcome: the last access's outcome, PMW_OUTCOME_*; 0 for a dropped one
 * @comm: the last opener's command name, NUL-padded; empty for a dropped
 *	one
 * @target_comm: the last target's, NUL-padded; likewise
 */
struct pmw_summary_record {
	struct pmw_record_header hdr;
	__u64 first_real_ns;
	__u64 last_real_ns;
	__u64 count;
	__u64 self;
	__u64 refused;
	__u64 failed;
	__u64 denied;
	__u64 would_deny;
	__u32 uid;
	__u32 routes;
	__u32 pid;
	__u32 target_pid;
	__u32 route;
	__u32 outcome;
	char comm[16];
	char target_comm[16];
};

#endif /* _UAPI_LINUX_PROCMEMWATCH_H */
