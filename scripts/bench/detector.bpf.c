// SPDX-License-Identifier: GPL-2.0
/*
 * The eBPF peer of make bench: a small detector of /proc/PID/mem opens
 * written for this comparison, built the way Tracee's proc_mem_access
 * detector is built (it is not Tracee's code). A kprobe on
 * security_file_open() walks the opened file's path up to the root,
 * crossing mounts, and sends the opener's pid and the path through a BPF
 * ring buffer; user space (detector.c) decides with a regex.
 *
 *   send_all   sends every open, as Tracee does
 *   send_mem   first checks in the kernel that the last name is "mem" and
 *              the file is on procfs, and sends only those
 *
 * The bench kernel has no BTF: the struct offsets come from its build tree
 * (detector-offsets.h, made by build-detector from detector-offsets.c).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "detector-offsets.h"

#define PROC_SUPER_MAGIC 0x9fa0
#define PATH_LEN 512		/* longest path sent, with room to build it */
#define NAME_LEN 256		/* longest name taken from a dentry */
#define MAX_DEPTH 20		/* names walked up from the file */

struct event {
	__u32 pid;
	__u32 len;
	char path[PATH_LEN];
};

/* Twice the longest path, so that every masked offset plus a name fits. */
struct scratch {
	char buf[2 * PATH_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

/* [0] opens seen, [1] sent, [2] dropped because the ring was full */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &which);

	if (c)
		(*c)++;
}

/* The first argument of the probed function, from the kprobe's registers. */
static __always_inline void *first_arg(void *ctx)
{
	return *(void **)((char *)ctx + PT_REGS_DI);
}

static __always_inline void *read_ptr(const void *base, long off)
{
	void *p = 0;

	bpf_probe_read_kernel(&p, sizeof(p), (const char *)base + off);
	return p;
}

/*
 * Builds the path backwards from the end of s->buf: each name preceded by
 * '/', crossing from a mount's root to where it is mounted, until the root
 * of the root mount. Returns the offset of the path's first byte; the path
 * ends at PATH_LEN - 1.
 */
static __always_inline __u32 build_path(struct scratch *s, void *dentry, void *vfsmnt)
{
	char *mnt = (char *)vfsmnt - MOUNT_MNT;
	__u32 off = PATH_LEN - 1, len;
	void *parent, *root, *name;
	char *mnt_parent;
	int i;

	for (i = 0; i < MAX_DEPTH; i++) {
		/*
		 * The same known range of off at every turn, whichever branch
		 * the last one took, lets the verifier prune: otherwise it
		 * walks every combination of branches and gives up.
		 */
		asm volatile("" : "+r"(off));
		off &= PATH_LEN - 1;
		root = read_ptr(vfsmnt, VFSMOUNT_ROOT);
		parent = read_ptr(dentry, DENTRY_PARENT);
		if (dentry == root || dentry == parent) {
			mnt_parent = read_ptr(mnt, MOUNT_PARENT);
			if (dentry != root || mnt_parent == mnt)
				break;
			dentry = read_ptr(mnt, MOUNT_MOUNTPOINT);
			mnt = mnt_parent;
			vfsmnt = mnt + MOUNT_MNT;
			continue;
		}
		len = 0;
		bpf_probe_read_kernel(&len, SIZEOF_NAME_LEN, (char *)dentry + DENTRY_NAME_LEN);
		name = read_ptr(dentry, DENTRY_NAME_NAME);
		if (len >= NAME_LEN || len + 1 > off)
			break;
		off -= len;
		bpf_probe_read_kernel(&s->buf[off & (PATH_LEN - 1)], len & (NAME_LEN - 1), name);
		off -= 1;
		s->buf[off & (PATH_LEN - 1)] = '/';
		dentry = parent;
	}
	return off;
}

static __always_inline int send(void *file)
{
	void *dentry = read_ptr(file, FILE_PATH_DENTRY);
	void *vfsmnt = read_ptr(file, FILE_PATH_MNT);
	struct scratch *s;
	struct event *e;
	__u32 zero = 0, off, len;

	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return 0;
	off = build_path(s, dentry, vfsmnt);
	len = (PATH_LEN - 1 - off) & (PATH_LEN - 1);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(2);
		return 0;
	}
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->len = len;
	bpf_probe_read_kernel(e->path, len, &s->buf[off & (PATH_LEN - 1)]);
	bpf_ringbuf_submit(e, 0);
	count(1);
	return 0;
}

SEC("kprobe/security_file_open")
int send_all(void *ctx)
{
	count(0);
	return send(first_arg(ctx));
}

SEC("kprobe/security_file_open")
int send_mem(void *ctx)
{
	void *file = first_arg(ctx);
	void *dentry = read_ptr(file, FILE_PATH_DENTRY);
	unsigned long magic = 0;
	char *sb;
	__u32 len = 0;
	char name[4] = {};

	count(0);
	bpf_probe_read_kernel(&len, SIZEOF_NAME_LEN, (char *)dentry + DENTRY_NAME_LEN);
	if (len != 3)
		return 0;
	bpf_probe_read_kernel(name, 3, read_ptr(dentry, DENTRY_NAME_NAME));
	if (name[0] != 'm' || name[1] != 'e' || name[2] != 'm')
		return 0;
	sb = read_ptr(dentry, DENTRY_SB);
	bpf_probe_read_kernel(&magic, SIZEOF_S_MAGIC, sb + SB_MAGIC);
	if (magic != PROC_SUPER_MAGIC)
		return 0;
	return send(file);
}

char LICENSE[] SEC("license") = "GPL";
