/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * procmemwatch: records read from /sys/kernel/security/procmemwatch/events
 *
 * Every record starts with struct pmw_record_header. A reader uses
 * header.size to find the next record and must ignore bytes past the
 * fields it knows: a newer kernel appends fields to a record type and
 * raises its size and version, never moves or removes a field. It may also
 * add values to an enumerated field (outcome) and bits to a flags field
 * (info), which a reader must tolerate. Records are 8-byte aligned, use
 * fixed-width types and have no padding holes.
 */

#ifndef _UAPI_LINUX_PROCMEMWATCH_H
#define _UAPI_LINUX_PROCMEMWATCH_H

#include <linux/types.h>

/* Record types, in pmw_record_header.type. */
#define PMW_RECORD_OPEN		1	/* struct pmw_open_record */
#define PMW_RECORD_LOST		2	/* struct pmw_lost_record */
#define PMW_RECORD_DROPPED	3	/* struct pmw_dropped_record */
#define PMW_RECORD_CONFIG	4	/* struct pmw_config_record */
#define PMW_RECORD_SELF_OPENS	5	/* struct pmw_self_opens_record */

/* Largest record the kernel writes: a read() buffer this big never fails. */
#define PMW_RECORD_MAX		1024

/**
 * struct pmw_record_header - start of every record
 * @size: bytes in the record, this header included; a multiple of 8
 * @type: PMW_RECORD_*
 * @version: layout version of this record type: each record type
 *	documents which fields each version added
 * @seq: for an open, dropped, config or self-opens record, its sequence
 *	number: events of these types are numbered from 1 without gaps.
 *	For a lost record, the number of the first event missed.
 */
struct pmw_record_header {
	__u32 size;
	__u16 type;
	__u16 version;
	__u64 seq;
};

/* pmw_open_record.access */
#define PMW_ACCESS_READ		0x1
#define PMW_ACCESS_WRITE	0x2

/* pmw_open_record.outcome */
#define PMW_OUTCOME_OPENED	1	/* the open or the call completed */
#define PMW_OUTCOME_REFUSED	2	/* refused by the kernel's checks or an LSM: see error */
#define PMW_OUTCOME_FAILED	3	/* failed otherwise, error says why: ESRCH, EINVAL, EINTR */
#define PMW_OUTCOME_DENIED	4	/* refused by procmemwatch in enforce mode: EPERM */

/* pmw_open_record.route (version 3), pmw_dropped_record.route (version 2) */
#define PMW_ROUTE_MEM			1	/* an open of a /proc/<pid>/mem file */
#define PMW_ROUTE_PROCESS_VM_READV	2	/* process_vm_readv(2) */
#define PMW_ROUTE_PROCESS_VM_WRITEV	3	/* process_vm_writev(2) */
#define PMW_ROUTE_PTRACE_ATTACH		4	/* ptrace(2) PTRACE_ATTACH or PTRACE_SEIZE */
#define PMW_ROUTE_KCORE			5	/* an open of /proc/kcore */

/* pmw_open_record.info */
#define PMW_INFO_SELF		0x1	/* the opener reads its own memory */
#define PMW_INFO_TRACER		0x2	/* the opener is the target's ptrace tracer */
#define PMW_INFO_THREAD_DIR	0x4	/* reached through a /proc/<pid>/task/<tid>/ directory */
#define PMW_INFO_TRUNCATED	0x8	/* a string below was cut to fit */
#define PMW_INFO_IO_URING	0x10	/* opened through io_uring (version 2) */
#define PMW_INFO_WOULD_DENY	0x20	/* detect mode: enforce mode would have denied it */
/* Version 4: the pid namespaces of the two sides. */
#define PMW_INFO_NS_CROSS	0x40	/* opener and target are in different pid namespaces */
#define PMW_INFO_NS_FROM_HOST	0x80	/* opener in the initial pid namespace, target not */
#define PMW_INFO_NS_OUTWARD	0x100	/* the target's pid namespace is neither the opener's nor
					 * one below it: the opener cannot name it by pid
					 */

/*
 * pmw_open_record.open_flags: the open(2) flags the caller asked for, the
 * same bits on every architecture. O_CLOEXEC belongs to the descriptor and
 * is not among them; O_LARGEFILE only where the kernel does not add it
 * itself (32-bit callers); O_NONBLOCK not when io_uring added it.
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

/* Layout version of struct pmw_open_record that this header describes. */
#define PMW_OPEN_RECORD_VERSION	4

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
 * struct pmw_open_record - one access to another process's memory, or
 *	to the kernel's: an open of a mem file or of /proc/kcore, a
 *	process_vm_readv(2) or process_vm_writev(2) call, a ptrace attach
 * @hdr: header, type PMW_RECORD_OPEN
 * @mono_ns: CLOCK_MONOTONIC time of the attempt
 * @real_ns: CLOCK_REALTIME time of the attempt
 * @pid: opener's thread group id, in the initial pid namespace
 * @tid: opener's thread id, in the initial pid namespace
 * @ppid: opener's parent, in the initial pid namespace
 * @ns_pid: opener's thread group id in its own pid namespace
 * @uid: opener's real uid, in the initial user namespace
 * @euid: opener's effective uid
 * @loginuid: opener's audit login uid, (__u32)-1 when unset
 * @sessionid: opener's audit session id, (__u32)-1 when unset
 * @target_pid: target's thread group id, in the initial pid namespace
 * @target_tid: target's thread id: the tid of a task/<tid> directory, else
 *	the thread group leader's
 * @target_uid: target's real uid
 * @target_ns_pid: the pid as named in the procfs the file was reached
 *	through (that mount's pid namespace), 0 if not visible there; for
 *	the process_vm and ptrace routes, the target thread's id in the
 *	opener's pid namespace, as the call named it
 * @flags: open flags (O_*) as the kernel saw them when the open started,
 *	in the values of the architecture the kernel runs on; see @open_flags;
 *	0 for the routes without a file
 * @access: PMW_ACCESS_* bits
 * @outcome: PMW_OUTCOME_*
 * @info: PMW_INFO_* bits
 * @comm: opener's command name, NUL-padded
 * @target_comm: target's command name, NUL-padded
 * @exe: opener's executable path
 * @target_exe: target's executable path
 * @path: the file's path as seen from the opener's root; for the routes
 *	without a file, empty (len 0)
 * @error: version 2: for an open that did not complete, the errno it
 *	failed with (positive); 0 for a completed open
 * @open_flags: version 2: PMW_OPEN_* bits, the flags the caller asked for
 * @route: version 3: PMW_ROUTE_*, the way into the memory. A record of an
 *	earlier version is always PMW_ROUTE_MEM
 * @pad: zero
 * @bytes: version 3: for the process_vm routes, the bytes the call
 *	moved, as it returned them; 0 otherwise
 * @cgroup_id: version 4: id of the opener's cgroup in the cgroup v2
 *	hierarchy, the one name_to_handle_at(2) on the cgroup's directory and
 *	BPF's bpf_get_current_cgroup_id() give; 0 without cgroups
 * @target_cgroup_id: version 4: the target's, as the access began; 0 if
 *	there is no target
 * @ns: version 4: the opener's namespaces
 * @target_ns: version 4: the target's, as the access began
 * @cgroup: version 4: the path of the opener's cgroup v2 from the
 *	hierarchy's root, as /proc/<pid>/cgroup shows it in the initial
 *	cgroup namespace
 * @target_cgroup: version 4: the target's; it shares @cgroup's bytes
 *	when both are in one cgroup. The two paths come after the other
 *	strings and share the room they leave; a path cut to fit keeps its
 *	tail, where a container's name is
 *
 * Version 1 ends at @path, version 2 at @open_flags, version 3 at @bytes.
 * The strings follow the fixed fields, inside @hdr.size; @target_exe
 * shares @exe's bytes when the target runs the opener's executable. A
 * /proc/kcore record has no target: the target fields are 0 and empty.
 */
struct pmw_open_record {
	struct pmw_record_header hdr;
	__u64 mono_ns;
	__u64 real_ns;
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
	__u32 target_uid;
	__u32 target_ns_pid;
	__u32 flags;
	__u16 access;
	__u16 outcome;
	__u32 info;
	char comm[16];
	char target_comm[16];
	struct pmw_string exe;
	struct pmw_string target_exe;
	struct pmw_string path;
	__u32 error;
	__u32 open_flags;
	__u32 route;
	__u32 pad;
	__u64 bytes;
	__u64 cgroup_id;
	__u64 target_cgroup_id;
	struct pmw_namespaces ns;
	struct pmw_namespaces target_ns;
	struct pmw_string cgroup;
	struct pmw_string target_cgroup;
};

/**
 * struct pmw_lost_record - events this reader will never see
 * @hdr: header, type PMW_RECORD_LOST; @hdr.seq is the first one missed
 * @count: how many consecutive events were overwritten before this
 *	reader read them
 */
struct pmw_lost_record {
	struct pmw_record_header hdr;
	__u64 count;
};

/* pmw_dropped_record.reason */
#define PMW_DROPPED_NOMEM	1	/* no memory, or no room, to build the event */
#define PMW_DROPPED_EXIT	2	/* its task was freed before the event was finished */

/**
 * struct pmw_dropped_record - an access that could not be reported in full
 * @hdr: header, type PMW_RECORD_DROPPED; the open's sequence number
 * @reason: PMW_DROPPED_*
 * @pid: opener's thread group id, in the initial pid namespace
 * @tid: opener's thread id
 * @uid: opener's real uid, in the initial user namespace
 * @target_pid: the pid of the /proc directory the mem file lies in
 *	(a thread's id for a task/<tid> directory), or the id of the thread
 *	the process_vm or ptrace call named, in the initial pid namespace;
 *	0 if unknown or for /proc/kcore
 * @route: version 2: PMW_ROUTE_*; 0 (zero padding) in version 1
 *
 * The open still took its number: a reader that sees every number saw
 * every open, in full, as this record, or counted in a self-opens record.
 */
struct pmw_dropped_record {
	struct pmw_record_header hdr;
	__u32 reason;
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__u32 target_pid;
	__u32 route;
};

/* Layout version of struct pmw_dropped_record that this header describes. */
#define PMW_DROPPED_RECORD_VERSION	2

/**
 * struct pmw_config_record - a setting was written
 * @hdr: header, type PMW_RECORD_CONFIG
 * @real_ns: CLOCK_REALTIME time of the change
 * @pid: writer's thread group id, in the initial pid namespace
 * @uid: writer's real uid, in the initial user namespace
 * @loginuid: writer's audit login uid, (__u32)-1 when unset
 * @sessionid: writer's audit session id, (__u32)-1 when unset
 * @setting: the securityfs file written ("mode", "audit_rate",
 *	"self_rate", "lock", "policy"), NUL-padded
 * @old_value: its value before, NUL-padded: as the file reads without
 *	its newline, or for "policy" its rule count ("3 rules", "1 rule")
 * @new_value: its value after
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
 * struct pmw_self_opens_record - opens of their own mem files that one
 *	user's processes made beyond self_rate a second, counted here
 *	instead of recorded one by one
 * @hdr: header, type PMW_RECORD_SELF_OPENS
 * @first_real_ns: CLOCK_REALTIME time of the first of them
 * @last_real_ns: CLOCK_REALTIME time of the last
 * @count: how many opens, whatever their outcome
 * @refused: of those, how many were refused
 * @failed: of those, how many failed otherwise
 * @uid: their openers' real uid, in the initial user namespace;
 *	(__u32)-1 when more users were counted at once than procmemwatch
 *	keeps apart, and these are the opens of several users
 * @pid: the thread group id of the last opener
 * @comm: the last opener's command name, NUL-padded
 *
 * Each open of another process's memory, and each open of a process
 * allowed to change procmemwatch's settings, is always recorded by itself.
 */
struct pmw_self_opens_record {
	struct pmw_record_header hdr;
	__u64 first_real_ns;
	__u64 last_real_ns;
	__u64 count;
	__u64 refused;
	__u64 failed;
	__u32 uid;
	__u32 pid;
	char comm[16];
};

#endif /* _UAPI_LINUX_PROCMEMWATCH_H */
