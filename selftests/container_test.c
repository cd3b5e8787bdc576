// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch container identity: each side of an event carries its
 * cgroup v2 id and path and its pid, mount, user and network namespaces,
 * exactly as /proc/<pid>/ns/, /proc/<pid>/cgroup and name_to_handle_at(2)
 * give them, and the record says when an access crosses pid namespaces,
 * in which direction. Containers are made as Docker and Kubernetes make
 * theirs; cgroups with hostile names come out whole, or cut and flagged.
 */

#define _GNU_SOURCE
#include <stdint.h>

#include "../kselftest_harness.h"
#include "common.h"
#include "container.h"

#define DOCKER_ID	"3f9a1c5e7b2d4068a1c3e5f7091b2d4f6a8c0e1f3b5d7092c4e6f8a0b2d4f6e8"
#define CRI_ID		"c0ffee00d15ea5e5bada55deadbeef0123456789abcdef0123456789abcdef01"
#define POD_UID		"4f1a2b3c_5d6e_4f70_8a9b_0c1d2e3f4a5b"
#define DOCKER_CGROUP	"/system.slice/docker-" DOCKER_ID ".scope"
#define KUBE_CGROUP	"/kubepods.slice/kubepods-besteffort.slice/" \
			"kubepods-besteffort-pod" POD_UID ".slice/cri-containerd-" CRI_ID ".scope"
/*
 * Bytes that break a naive record: blanks, quotes, a tab, an equals sign,
 * no UTF-8. cgroup_mkdir() refuses a newline, to keep /proc/<pid>/cgroup
 * one line per hierarchy.
 */
#define HOSTILE_CGROUP	"/evil \"name\" 'x'\t\xff\xfe=end"

#define NS_BITS		(PMW_INFO_NS_CROSS | PMW_INFO_NS_FROM_HOST | PMW_INFO_NS_OUTWARD)
/* A constant, unsigned as the record's fields are. */
#define UNS(bits)	((__u32)(bits))

FIXTURE(container) {
	int events;
	struct pmw_settings saved;
	struct pmw_member docker;	/* own pid, mount and net namespaces */
	struct pmw_member kube;		/* the test's namespaces */
};

FIXTURE_SETUP(container)
{
	self->events = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, "detect", NULL, "0"));
	ASSERT_EQ(0, pmw_cgroup_mount()) TH_LOG("mounting cgroup2: %s", strerror(errno));
	ASSERT_EQ(0, pmw_cgroup_make(DOCKER_CGROUP));
	ASSERT_EQ(0, pmw_cgroup_make(KUBE_CGROUP));
	ASSERT_EQ(0, pmw_member_spawn(&self->docker, DOCKER_CGROUP,
				      CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET));
	ASSERT_EQ(0, pmw_member_spawn(&self->kube, KUBE_CGROUP, 0));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
}

FIXTURE_TEARDOWN(container)
{
	pmw_member_stop(&self->docker);
	pmw_member_stop(&self->kube);
	if (self->events >= 0)
		close(self->events);
	pmw_cgroup_remove(DOCKER_CGROUP, 1);
	pmw_cgroup_remove(KUBE_CGROUP, 3);
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
}

/* The inode number /proc/<pid>/ns/<name> links to, 0 if unknown. */
static __u32 ns_inode(pid_t pid, const char *name)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid, name);
	return stat(path, &st) ? 0 : st.st_ino;
}

/* The cgroup v2 path /proc/<pid>/cgroup names, in buf, "" if none. */
static const char *proc_cgroup(pid_t pid, char *buf, size_t size)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", pid);
	buf[0] = '\0';
	f = fopen(path, "re");
	if (!f)
		return buf;
	while (fgets(buf, size, f) && strncmp(buf, "0::", 3))
		buf[0] = '\0';
	fclose(f);
	if (buf[0]) {
		buf[strcspn(buf, "\n")] = '\0';
		memmove(buf, buf + 3, strlen(buf + 3) + 1);
	}
	return buf;
}

/* The id name_to_handle_at(2) gives the cgroup at path, 0 on failure. */
static __u64 cgroup_handle_id(const char *path)
{
	char dir[PATH_MAX];
	union {
		struct file_handle fh;
		char room[sizeof(struct file_handle) + sizeof(__u64)];
	} h = { .fh.handle_bytes = sizeof(__u64) };
	int mount_id;
	__u64 id;

	snprintf(dir, sizeof(dir), "%s%s", PMW_CGROUP_ROOT, path);
	if (name_to_handle_at(AT_FDCWD, dir, &h.fh, &mount_id, 0) ||
	    h.fh.handle_bytes != sizeof(__u64))
		return 0;
	memcpy(&id, h.fh.f_handle, sizeof(id));
	return id;
}

/* The record's side (opener or target) is where pid runs, in cgroup. */
static void expect_side(struct __test_metadata *_metadata,
			const struct pmw_access_record *rec, bool target,
			pid_t pid, const char *cgroup)
{
	const char *who = target ? "target" : "opener";
	const struct pmw_namespaces *ns = target ? &rec->target_ns : &rec->ns;
	__u64 id = target ? rec->target_cgroup_id : rec->cgroup_id;
	char got[PATH_MAX], proc[PATH_MAX];

	EXPECT_STREQ(cgroup, proc_cgroup(pid, proc, sizeof(proc)))
		TH_LOG("%s is not in the cgroup the test made", who);
	EXPECT_STREQ(cgroup, pmw_str(rec, target ? &rec->target_cgroup : &rec->cgroup,
				     got, sizeof(got)))
		TH_LOG("%s: cgroup path", who);
	EXPECT_EQ(cgroup_handle_id(cgroup), id) TH_LOG("%s: cgroup id", who);
	EXPECT_NE(0ULL, id) TH_LOG("%s: cgroup id", who);
	EXPECT_EQ(ns_inode(pid, "pid"), ns->pid) TH_LOG("%s: pid namespace", who);
	EXPECT_EQ(ns_inode(pid, "mnt"), ns->mnt) TH_LOG("%s: mount namespace", who);
	EXPECT_EQ(ns_inode(pid, "user"), ns->user) TH_LOG("%s: user namespace", who);
	EXPECT_EQ(ns_inode(pid, "net"), ns->net) TH_LOG("%s: network namespace", who);
}

/*
 * Skips the begun record of a process_vm call, which comes first, and
 * reads the next record, an access of route from opener to target.
 */
static void next_event(struct __test_metadata *_metadata, int events,
		       union pmw_any_record *rec, unsigned int route,
		       pid_t opener, pid_t target)
{
	ssize_t n = pmw_next_record(events, rec->raw, 2000);

	if (route == PMW_ROUTE_PROCESS_VM_READV) {
		ASSERT_TRUE(pmw_is(rec, n, PMW_RECORD_BEGUN, sizeof(rec->begun)))
			TH_LOG("no begun record before the access");
		n = pmw_next_record(events, rec->raw, 2000);
	}
	ASSERT_EQ((ssize_t)rec->hdr.size, n) TH_LOG("no record");
	ASSERT_EQ(PMW_RECORD_ACCESS, rec->hdr.type);
	ASSERT_EQ(1, rec->hdr.version);
	ASSERT_LE(sizeof(rec->access), (size_t)n);
	EXPECT_EQ(route, rec->access.route);
	EXPECT_EQ(PMW_OUTCOME_OPENED, rec->access.outcome);
	EXPECT_EQ((__u32)opener, rec->access.pid);
	EXPECT_EQ((__u32)target, rec->access.target_pid);
}

TEST_F(container, a_host_process_reads_a_container)
{
	union pmw_any_record rec;

	ASSERT_EQ(0, pmw_member_open_mem(self->docker.pid));
	next_event(_metadata, self->events, &rec, PMW_ROUTE_MEM, getpid(), self->docker.pid);
	EXPECT_EQ(UNS(PMW_INFO_NS_CROSS | PMW_INFO_NS_FROM_HOST), rec.access.info & NS_BITS);
	expect_side(_metadata, &rec.access, false, getpid(), "/");
	expect_side(_metadata, &rec.access, true, self->docker.pid, DOCKER_CGROUP);
	EXPECT_NE(rec.access.ns.pid, rec.access.target_ns.pid);
	EXPECT_NE(rec.access.ns.net, rec.access.target_ns.net);
}

TEST_F(container, a_container_reads_the_host)
{
	union pmw_any_record rec;

	/* Through the host's procfs, which the container's mounts still hold. */
	ASSERT_EQ(0, pmw_member_do(&self->docker, PMW_MEMBER_OPEN_MEM, self->kube.pid));
	next_event(_metadata, self->events, &rec, PMW_ROUTE_MEM, self->docker.pid,
		   self->kube.pid);
	EXPECT_EQ(1U, rec.access.ns_pid) TH_LOG("the container's first process");
	EXPECT_EQ(UNS(PMW_INFO_NS_CROSS | PMW_INFO_NS_OUTWARD), rec.access.info & NS_BITS);
	expect_side(_metadata, &rec.access, false, self->docker.pid, DOCKER_CGROUP);
	expect_side(_metadata, &rec.access, true, self->kube.pid, KUBE_CGROUP);
}

TEST_F(container, one_pid_namespace_two_cgroups)
{
	union pmw_any_record rec;

	ASSERT_EQ(0, pmw_member_do(&self->kube, PMW_MEMBER_OPEN_MEM, getpid()));
	next_event(_metadata, self->events, &rec, PMW_ROUTE_MEM, self->kube.pid, getpid());
	EXPECT_EQ(UNS(0), rec.access.info & NS_BITS);
	expect_side(_metadata, &rec.access, false, self->kube.pid, KUBE_CGROUP);
	expect_side(_metadata, &rec.access, true, getpid(), "/");
}

/* The ptrace_access_check hook notes the target under its task_lock(). */
TEST_F(container, process_vm_readv_into_a_container)
{
	union pmw_any_record rec;

	ASSERT_EQ(0, pmw_member_readv(self->docker.pid));
	next_event(_metadata, self->events, &rec, PMW_ROUTE_PROCESS_VM_READV, getpid(),
		   self->docker.pid);
	EXPECT_EQ(UNS(PMW_INFO_NS_CROSS | PMW_INFO_NS_FROM_HOST), rec.access.info & NS_BITS);
	expect_side(_metadata, &rec.access, false, getpid(), "/");
	expect_side(_metadata, &rec.access, true, self->docker.pid, DOCKER_CGROUP);
}

TEST_F(container, a_container_reads_a_pid_namespace_below_its_own)
{
	union pmw_any_record rec;
	pid_t nested;
	ssize_t n;

	ASSERT_EQ(0, pmw_member_do(&self->docker, PMW_MEMBER_NESTED_READV, 0));
	n = pmw_next_record(self->events, rec.raw, 2000);
	ASSERT_TRUE(pmw_is(&rec, n, PMW_RECORD_BEGUN, sizeof(rec.begun)))
		TH_LOG("no begun record before the access");
	EXPECT_EQ((__u32)self->docker.pid, rec.begun.pid);
	n = pmw_next_record(self->events, rec.raw, 2000);
	ASSERT_EQ((ssize_t)rec.hdr.size, n) TH_LOG("no record");
	ASSERT_EQ(PMW_RECORD_ACCESS, rec.hdr.type);
	nested = rec.access.target_pid;
	EXPECT_EQ(UNS(PMW_ROUTE_PROCESS_VM_READV), rec.access.route);
	EXPECT_EQ((__u32)self->docker.pid, rec.access.pid);
	/* The container's second process, after its first, the member. */
	EXPECT_EQ(2U, rec.access.target_ns_pid) TH_LOG("named by its pid in the container");
	EXPECT_EQ(UNS(PMW_INFO_NS_CROSS), rec.access.info & NS_BITS);
	expect_side(_metadata, &rec.access, false, self->docker.pid, DOCKER_CGROUP);
	expect_side(_metadata, &rec.access, true, nested, DOCKER_CGROUP);
	EXPECT_NE(rec.access.ns.pid, rec.access.target_ns.pid);
}

TEST_F(container, kcore_has_no_target)
{
	union pmw_any_record rec;
	int fd = open("/proc/kcore", O_RDONLY | O_CLOEXEC);

	ASSERT_LE(0, fd);
	close(fd);
	next_event(_metadata, self->events, &rec, PMW_ROUTE_KCORE, getpid(), 0);
	expect_side(_metadata, &rec.access, false, getpid(), "/");
	EXPECT_EQ(0ULL, rec.access.target_cgroup_id);
	EXPECT_EQ(0U, rec.access.target_ns.pid);
	EXPECT_EQ(0U, rec.access.target_ns.mnt);
	EXPECT_EQ(0U, rec.access.target_ns.user);
	EXPECT_EQ(0U, rec.access.target_ns.net);
	EXPECT_EQ(0, rec.access.target_cgroup.len);
	EXPECT_EQ(UNS(0), rec.access.info & NS_BITS);
}

TEST_F(container, a_hostile_cgroup_name_comes_out_whole)
{
	struct pmw_member m;
	union pmw_any_record rec;
	char got[PATH_MAX];

	ASSERT_EQ(0, pmw_cgroup_make(HOSTILE_CGROUP));
	ASSERT_EQ(0, pmw_member_spawn(&m, HOSTILE_CGROUP, 0));
	EXPECT_EQ(0, pmw_member_open_mem(m.pid));
	next_event(_metadata, self->events, &rec, PMW_ROUTE_MEM, getpid(), m.pid);
	pmw_str(&rec.access, &rec.access.target_cgroup, got, sizeof(got));
	EXPECT_EQ(0, memcmp(HOSTILE_CGROUP, got, sizeof(HOSTILE_CGROUP)));
	EXPECT_EQ(sizeof(HOSTILE_CGROUP) - 1, (size_t)rec.access.target_cgroup.len);
	EXPECT_EQ(cgroup_handle_id(HOSTILE_CGROUP), rec.access.target_cgroup_id);
	EXPECT_EQ(0U, rec.access.info & PMW_INFO_TRUNCATED);
	pmw_member_stop(&m);
	pmw_cgroup_remove(HOSTILE_CGROUP, 0);
}

/* Three names of 200 bytes: the record keeps the path's last 256 bytes. */
TEST_F(container, a_long_cgroup_path_keeps_its_tail)
{
	char path[4 + 3 * 201], got[PATH_MAX];
	union pmw_any_record rec;
	struct pmw_member m;
	const char *tail;
	int i;

	for (i = 0; i < 3; i++) {
		path[i * 201] = '/';
		memset(path + i * 201 + 1, 'a' + i, 200);
	}
	path[3 * 201] = '\0';
	ASSERT_EQ(0, pmw_cgroup_make(path));
	ASSERT_EQ(0, pmw_member_spawn(&m, path, 0));
	EXPECT_EQ(0, pmw_member_open_mem(m.pid));
	next_event(_metadata, self->events, &rec, PMW_ROUTE_MEM, getpid(), m.pid);
	tail = pmw_str(&rec.access, &rec.access.target_cgroup, got, sizeof(got));
	EXPECT_EQ((size_t)256, strlen(tail));
	EXPECT_STREQ(path + strlen(path) - 256, tail);
	EXPECT_EQ(cgroup_handle_id(path), rec.access.target_cgroup_id);
	EXPECT_EQ(UNS(PMW_INFO_TRUNCATED), rec.access.info & PMW_INFO_TRUNCATED);
	pmw_member_stop(&m);
	pmw_cgroup_remove(path, 2);
}

TEST_HARNESS_MAIN
