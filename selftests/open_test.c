// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: every way to a mem file by open(2) gives exactly one
 * access record with the right fields (route MEM, the path absolute, the
 * executables by path and by number), and no other file gives any.
 * io_uring's opens are io_uring_test's, reads through a descriptor that
 * changed hands passed_test's.
 */

#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <linux/landlock.h>

#include "../kselftest_harness.h"
#include "common.h"

#define SCRATCH "/tmp/procmemwatch-open"

/* A child that waits to be killed: a target that is not the test itself. */
static pid_t spawn_target(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* Opens and closes a file; returns 0 or the errno of the open. */
static int touch_file(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static void read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? 0 : read(fd, buf, size - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
}

static void task_exe(pid_t pid, char *buf, size_t size)
{
	char link[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/%d/exe", pid);
	n = readlink(link, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
}

static void task_comm(pid_t pid, char *buf, size_t size)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	read_text(path, buf, size);
}

FIXTURE(open) {
	int events;
	union pmw_any_record ev;
	struct pmw_settings saved;
};

/*
 * Mode detect with an empty policy: every access to another process
 * would be denied in enforce, none of a process's own memory. No budget:
 * each access is a record of its own, whoever makes it.
 */
FIXTURE_SETUP(open)
{
	self->events = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, "detect", "\n", "0"));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
	mkdir(SCRATCH, 0755);
}

FIXTURE_TEARDOWN_PARENT(open)
{
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
}

/* The opener fields of an event opened by this very thread. */
static void expect_opener_is_me(struct __test_metadata *_metadata,
				const struct pmw_access_record *rec)
{
	char want[PATH_MAX], got[PATH_MAX];

	EXPECT_EQ(getpid(), (pid_t)rec->pid);
	EXPECT_EQ(gettid(), (pid_t)rec->tid);
	EXPECT_EQ(getppid(), (pid_t)rec->ppid);
	EXPECT_EQ(getpid(), (pid_t)rec->ns_pid);
	EXPECT_EQ(getuid(), rec->uid);
	EXPECT_EQ(geteuid(), rec->euid);
	task_comm(getpid(), want, sizeof(want));
	EXPECT_STREQ(want, rec->comm);
	task_exe(getpid(), want, sizeof(want));
	EXPECT_STREQ(want, pmw_str(rec, &rec->exe, got, sizeof(got)));
}

/* An open of /proc/<pid>/mem that succeeded: the target's fields. */
static void expect_opened_target(struct __test_metadata *_metadata,
				 const struct pmw_access_record *rec, pid_t pid)
{
	char want[PATH_MAX], got[PATH_MAX];

	EXPECT_EQ(PMW_OUTCOME_OPENED, (int)rec->outcome);
	EXPECT_EQ(0U, rec->error);
	EXPECT_EQ(pid, (pid_t)rec->target_pid);
	EXPECT_EQ(pid, (pid_t)rec->target_tid);
	EXPECT_EQ(pid, (pid_t)rec->target_ns_pid);
	EXPECT_EQ(0U, rec->target_uid);
	task_comm(pid, want, sizeof(want));
	EXPECT_STREQ(want, rec->target_comm);
	task_exe(pid, want, sizeof(want));
	EXPECT_STREQ(want, pmw_str(rec, &rec->target_exe, got, sizeof(got)));
}

static void expect_path(struct __test_metadata *_metadata,
			const struct pmw_access_record *rec, const char *want)
{
	char got[PATH_MAX];

	EXPECT_STREQ(want, pmw_str(rec, &rec->path, got, sizeof(got)));
}

TEST_F(open, self_mem)
{
	const struct pmw_access_record *rec = &self->ev.access;
	size_t used;
	char path[64];

	ASSERT_EQ(0, touch_file("/proc/self/mem", O_RDONLY | O_NONBLOCK));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	expect_opener_is_me(_metadata, rec);
	expect_opened_target(_metadata, rec, getpid());
	EXPECT_EQ(PMW_ACCESS_READ, (int)rec->access);
	EXPECT_EQ(O_RDONLY, (int)rec->flags & O_ACCMODE);
	EXPECT_TRUE(!!(rec->flags & O_NONBLOCK));
	EXPECT_EQ((unsigned int)PMW_OPEN_NONBLOCK, rec->open_flags);
	EXPECT_EQ(PMW_OUTCOME_OPENED, (int)rec->outcome);
	EXPECT_EQ(PMW_INFO_SELF, PMW_INFO(rec));
	snprintf(path, sizeof(path), "/proc/%d/mem", getpid());
	expect_path(_metadata, rec, path);
	EXPECT_NE(0ULL, rec->mono_ns);
	EXPECT_LT(PMW_SOME_TIME_NS, rec->real_ns);
	EXPECT_EQ((unsigned int)PMW_ROUTE_MEM, rec->route);
	EXPECT_EQ(0ULL, rec->bytes);
	EXPECT_EQ(0ULL, rec->begun_seq);
	EXPECT_EQ(0U, rec->pad);
	/* The executable by its numbers, as stat(2) gives them, for both sides. */
	EXPECT_TRUE(pmw_file_id_is(&rec->exe_id, "/proc/self/exe"))
		TH_LOG("exe_id %u:%u %llu", rec->exe_id.dev_major, rec->exe_id.dev_minor,
		       (unsigned long long)rec->exe_id.ino);
	EXPECT_EQ(0, memcmp(&rec->exe_id, &rec->target_exe_id, sizeof(rec->exe_id)));
	/*
	 * Version 1, exactly as long as its fields and strings, 8-aligned;
	 * the target's executable and cgroup are the opener's, each named
	 * once for both.
	 */
	EXPECT_EQ(1, rec->hdr.version);
	EXPECT_EQ(rec->exe.offset, rec->target_exe.offset);
	EXPECT_EQ(rec->exe.len, rec->target_exe.len);
	EXPECT_EQ(rec->cgroup.offset, rec->target_cgroup.offset);
	EXPECT_EQ(rec->cgroup.len, rec->target_cgroup.len);
	EXPECT_NE(0, rec->cgroup.len);
	used = sizeof(*rec) + rec->exe.len + rec->path.len + rec->cgroup.len;
	EXPECT_EQ((used + 7) / 8 * 8, rec->hdr.size);
	EXPECT_TRUE(pmw_no_record(self->events, 0));
}

TEST_F(open, sequence_has_no_gaps)
{
	uint64_t first;
	int i;

	ASSERT_EQ(0, touch_file("/proc/self/mem", O_RDONLY));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	first = self->ev.access.hdr.seq;
	for (i = 1; i <= 5; i++) {
		ASSERT_EQ(0, touch_file("/proc/self/mem", O_RDONLY));
		ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
		EXPECT_EQ(first + i, self->ev.access.hdr.seq);
	}
}

static void *open_thread_self(void *arg)
{
	pid_t *tid = arg;

	*tid = gettid();
	if (touch_file("/proc/thread-self/mem", O_RDONLY))
		*tid = -1;
	return NULL;
}

TEST_F(open, thread_self_mem)
{
	pthread_t thread;
	pid_t tid = 0;
	char path[64];

	ASSERT_EQ(0, pthread_create(&thread, NULL, open_thread_self, &tid));
	ASSERT_EQ(0, pthread_join(thread, NULL));
	ASSERT_LT(0, tid);
	ASSERT_NE(getpid(), tid);
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	EXPECT_EQ(getpid(), (pid_t)self->ev.access.pid);
	EXPECT_EQ(tid, (pid_t)self->ev.access.tid);
	EXPECT_EQ(getpid(), (pid_t)self->ev.access.target_pid);
	EXPECT_EQ(tid, (pid_t)self->ev.access.target_tid);
	EXPECT_EQ(tid, (pid_t)self->ev.access.target_ns_pid);
	/* /proc/thread-self is /proc/<pid>/task/<tid>. */
	EXPECT_EQ(PMW_INFO_SELF | PMW_INFO_THREAD_DIR, PMW_INFO(&self->ev.access));
	snprintf(path, sizeof(path), "/proc/%d/task/%d/mem", getpid(), tid);
	expect_path(_metadata, &self->ev.access, path);
}

static void *wait_for_cancel(void *arg)
{
	pid_t *tid = arg;

	__atomic_store_n(tid, gettid(), __ATOMIC_RELEASE);
	for (;;)
		pause();
	return NULL;
}

TEST_F(open, task_tid_mem)
{
	pthread_t thread;
	pid_t tid = 0;
	char path[64];

	ASSERT_EQ(0, pthread_create(&thread, NULL, wait_for_cancel, &tid));
	while (!__atomic_load_n(&tid, __ATOMIC_ACQUIRE))
		usleep(1000);
	snprintf(path, sizeof(path), "/proc/%d/task/%d/mem", getpid(), tid);
	ASSERT_EQ(0, touch_file(path, O_RDONLY));
	pthread_cancel(thread);
	pthread_join(thread, NULL);
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	expect_opener_is_me(_metadata, &self->ev.access);
	EXPECT_EQ(getpid(), (pid_t)self->ev.access.target_pid);
	EXPECT_EQ(tid, (pid_t)self->ev.access.target_tid);
	EXPECT_EQ(tid, (pid_t)self->ev.access.target_ns_pid);
	EXPECT_EQ(PMW_INFO_SELF | PMW_INFO_THREAD_DIR, PMW_INFO(&self->ev.access));
	expect_path(_metadata, &self->ev.access, path);
}

/* The main thread's own task directory is a thread directory too. */
TEST_F(open, task_dir_of_the_main_thread)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task/%d/mem", getpid(), getpid());
	ASSERT_EQ(0, touch_file(path, O_RDONLY));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	EXPECT_EQ(getpid(), (pid_t)self->ev.access.target_tid);
	EXPECT_EQ(PMW_INFO_SELF | PMW_INFO_THREAD_DIR, PMW_INFO(&self->ev.access));
}

TEST_F(open, other_process_read_write)
{
	pid_t child = spawn_target();
	char path[64];

	ASSERT_LT(0, child);
	snprintf(path, sizeof(path), "/proc/%d/mem", child);
	ASSERT_EQ(0, touch_file(path, O_RDWR));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	expect_opener_is_me(_metadata, &self->ev.access);
	expect_opened_target(_metadata, &self->ev.access, child);
	EXPECT_EQ(PMW_ACCESS_READ | PMW_ACCESS_WRITE, (int)self->ev.access.access);
	EXPECT_EQ(O_RDWR, (int)self->ev.access.flags & O_ACCMODE);
	EXPECT_EQ(PMW_OUTCOME_OPENED, (int)self->ev.access.outcome);
	/* The boot's policy is empty: enforce would deny it. */
	EXPECT_EQ(PMW_INFO_WOULD_DENY, PMW_INFO(&self->ev.access));
	expect_path(_metadata, &self->ev.access, path);
	reap(child);
}

TEST_F(open, write_only)
{
	pid_t child = spawn_target();
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/mem", child);
	ASSERT_EQ(0, touch_file(path, O_WRONLY));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	EXPECT_EQ(child, (pid_t)self->ev.access.target_pid);
	EXPECT_EQ(PMW_ACCESS_WRITE, (int)self->ev.access.access);
	EXPECT_EQ(O_WRONLY, (int)self->ev.access.flags & O_ACCMODE);
	reap(child);
}

TEST_F(open, symlink)
{
	pid_t child = spawn_target();
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/mem", child);
	unlink(SCRATCH "/link");
	ASSERT_EQ(0, symlink(path, SCRATCH "/link"));
	ASSERT_EQ(0, touch_file(SCRATCH "/link", O_RDONLY));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	expect_opened_target(_metadata, &self->ev.access, child);
	expect_path(_metadata, &self->ev.access, path);
	unlink(SCRATCH "/link");
	reap(child);
}

TEST_F(open, relative_to_dirfd_and_cwd)
{
	pid_t child = spawn_target();
	char path[64];
	int dfd, fd;

	snprintf(path, sizeof(path), "/proc/%d", child);
	dfd = open(path, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, dfd);
	fd = openat(dfd, "mem", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	expect_opened_target(_metadata, &self->ev.access, child);

	ASSERT_EQ(0, fchdir(dfd));
	ASSERT_EQ(0, touch_file("./mem", O_RDONLY));
	ASSERT_EQ(0, chdir("/"));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	expect_opened_target(_metadata, &self->ev.access, child);
	close(dfd);
	reap(child);
}

TEST_F(open, o_path_reopen)
{
	pid_t child = spawn_target();
	char path[64];
	int pfd;

	snprintf(path, sizeof(path), "/proc/%d/mem", child);
	pfd = open(path, O_PATH | O_CLOEXEC);
	ASSERT_LE(0, pfd);
	/* An O_PATH descriptor gives no access to the memory: no event. */
	EXPECT_TRUE(pmw_no_record(self->events, 0));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", pfd);
	ASSERT_EQ(0, touch_file(path, O_RDONLY));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	expect_opener_is_me(_metadata, &self->ev.access);
	expect_opened_target(_metadata, &self->ev.access, child);
	close(pfd);
	reap(child);
}

TEST_F(open, other_procfs_mount)
{
	pid_t child = spawn_target();
	char path[96];

	mkdir(SCRATCH "/proc", 0755);
	ASSERT_EQ(0, mount("proc", SCRATCH "/proc", "proc", 0, NULL));
	snprintf(path, sizeof(path), SCRATCH "/proc/%d/mem", child);
	EXPECT_EQ(0, touch_file(path, O_RDONLY));
	EXPECT_EQ(0, umount(SCRATCH "/proc"));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	expect_opened_target(_metadata, &self->ev.access, child);
	expect_path(_metadata, &self->ev.access, path);
	reap(child);
}

TEST_F(open, bind_mounts)
{
	pid_t child = spawn_target();
	char path[64];

	/* The process's directory, bound elsewhere. */
	mkdir(SCRATCH "/dir", 0755);
	snprintf(path, sizeof(path), "/proc/%d", child);
	ASSERT_EQ(0, mount(path, SCRATCH "/dir", NULL, MS_BIND, NULL));
	EXPECT_EQ(0, touch_file(SCRATCH "/dir/mem", O_RDONLY));
	EXPECT_EQ(0, umount(SCRATCH "/dir"));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	expect_opened_target(_metadata, &self->ev.access, child);
	expect_path(_metadata, &self->ev.access, SCRATCH "/dir/mem");

	/* The mem file itself, bound over an ordinary file. */
	close(open(SCRATCH "/file", O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
	snprintf(path, sizeof(path), "/proc/%d/mem", child);
	ASSERT_EQ(0, mount(path, SCRATCH "/file", NULL, MS_BIND, NULL));
	EXPECT_EQ(0, touch_file(SCRATCH "/file", O_RDONLY));
	EXPECT_EQ(0, umount(SCRATCH "/file"));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	expect_opened_target(_metadata, &self->ev.access, child);
	expect_path(_metadata, &self->ev.access, SCRATCH "/file");
	reap(child);
}

/* In a new pid and mount namespace, pid 1 opens its own /proc/1/mem. */
static int open_as_ns_init(void)
{
	pid_t pid;
	int status;

	if (unshare(CLONE_NEWPID | CLONE_NEWNS))
		return 10;
	pid = fork();
	if (pid < 0)
		return 11;
	if (pid == 0) {
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("proc", "/proc", "proc", 0, NULL))
			_exit(12);
		_exit(touch_file("/proc/1/mem", O_RDONLY) ? 13 : 0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 14;
	return WEXITSTATUS(status);
}

TEST_F(open, pid_namespace)
{
	pid_t child = fork();
	int status;

	ASSERT_LE(0, child);
	if (child == 0)
		_exit(open_as_ns_init());
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	/* The opener is the grandchild: host pids on one side, 1 on the other. */
	EXPECT_EQ(child, (pid_t)self->ev.access.ppid);
	EXPECT_NE(child, (pid_t)self->ev.access.pid);
	EXPECT_NE(getpid(), (pid_t)self->ev.access.pid);
	EXPECT_EQ(1U, self->ev.access.ns_pid);
	EXPECT_EQ(self->ev.access.pid, self->ev.access.target_pid);
	EXPECT_EQ(1U, self->ev.access.target_ns_pid);
	EXPECT_EQ(PMW_INFO_SELF, PMW_INFO(&self->ev.access));
	expect_path(_metadata, &self->ev.access, "/proc/1/mem");
}

TEST_F(open, open_flags_are_the_callers)
{
	static const struct {
		int o_flags;
		unsigned int want;
	} cases[] = {
		{ O_RDONLY, 0 },
		{ O_RDONLY | O_NOFOLLOW | O_NOATIME | O_NOCTTY,
		  PMW_OPEN_NOFOLLOW | PMW_OPEN_NOATIME | PMW_OPEN_NOCTTY },
		{ O_RDONLY | O_CREAT, PMW_OPEN_CREAT },
		{ O_WRONLY | O_APPEND | O_DSYNC, PMW_OPEN_APPEND | PMW_OPEN_DSYNC },
		{ O_RDWR | O_SYNC, PMW_OPEN_SYNC | PMW_OPEN_DSYNC },
		{ O_RDONLY | O_NONBLOCK, PMW_OPEN_NONBLOCK },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_EQ(0, touch_file("/proc/self/mem", cases[i].o_flags));
		ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
		EXPECT_EQ(cases[i].want, self->ev.access.open_flags) TH_LOG("case %u", i);
		EXPECT_EQ(cases[i].o_flags & O_ACCMODE,
			  (int)self->ev.access.flags & O_ACCMODE) TH_LOG("case %u", i);
	}
}

/* O_DIRECT fails with EINVAL after the mem file was opened: not opened. */
TEST_F(open, o_direct_fails_with_einval)
{
	EXPECT_EQ(EINVAL, touch_file("/proc/self/mem", O_RDONLY | O_DIRECT));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	EXPECT_EQ(PMW_OUTCOME_FAILED, (int)self->ev.access.outcome);
	EXPECT_EQ((unsigned int)EINVAL, self->ev.access.error);
	EXPECT_EQ((unsigned int)PMW_OPEN_DIRECT, self->ev.access.open_flags);
	expect_opener_is_me(_metadata, &self->ev.access);
	EXPECT_EQ(getpid(), (pid_t)self->ev.access.target_pid);
	EXPECT_TRUE(pmw_no_record(self->events, 0));
}

/* A zombie has no memory left: mem_open fails with ESRCH. */
TEST_F(open, zombie_target_fails_with_esrch)
{
	pid_t child = pmw_spawn_zombie();
	char path[64];

	ASSERT_LT(0, child);
	snprintf(path, sizeof(path), "/proc/%d/mem", child);
	EXPECT_EQ(ESRCH, touch_file(path, O_RDONLY));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	EXPECT_EQ(PMW_OUTCOME_FAILED, (int)self->ev.access.outcome);
	EXPECT_EQ((unsigned int)ESRCH, self->ev.access.error);
	EXPECT_EQ(child, (pid_t)self->ev.access.target_pid);
	EXPECT_EQ(child, (pid_t)self->ev.access.target_tid);
	expect_path(_metadata, &self->ev.access, path);
	waitpid(child, NULL, 0);
}

/* A kernel thread has no user memory: ESRCH too. */
TEST_F(open, kernel_thread_target_fails_with_esrch)
{
	char comm[32];

	task_comm(2, comm, sizeof(comm));
	ASSERT_STREQ("kthreadd", comm);
	EXPECT_EQ(ESRCH, touch_file("/proc/2/mem", O_RDONLY));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	EXPECT_EQ(PMW_OUTCOME_FAILED, (int)self->ev.access.outcome);
	EXPECT_EQ((unsigned int)ESRCH, self->ev.access.error);
	EXPECT_EQ(2U, self->ev.access.target_pid);
	EXPECT_STREQ("kthreadd", self->ev.access.target_comm);
	EXPECT_EQ(0, self->ev.access.target_exe.len);
}

TEST_F(open, tracer)
{
	pid_t child = spawn_target();
	char path[64];

	ASSERT_EQ(0, ptrace(PTRACE_SEIZE, child, NULL, NULL));
	/* The attach itself, which no rule allows either. */
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	EXPECT_EQ((unsigned int)PMW_ROUTE_PTRACE_ATTACH, self->ev.access.route);
	EXPECT_EQ(PMW_INFO_WOULD_DENY, PMW_INFO(&self->ev.access));
	snprintf(path, sizeof(path), "/proc/%d/mem", child);
	ASSERT_EQ(0, touch_file(path, O_RDONLY));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	EXPECT_EQ(child, (pid_t)self->ev.access.target_pid);
	/* No rule allows a tracer: enforce would deny it. */
	EXPECT_EQ(PMW_INFO_TRACER | PMW_INFO_WOULD_DENY, PMW_INFO(&self->ev.access));
	reap(child);
}

/*
 * uid 1000 opens the mem file of a process whose real and effective uid
 * are 1000 but whose saved uid is still root's. The file is 1000's (the
 * process stays dumpable), so the open passes the file's permissions and
 * reaches the hooks; then the kernel's own ptrace check in mem_open
 * refuses it (the uids differ), whatever Yama says.
 */
TEST_F(open, refused_by_ptrace_check)
{
	int ready[2], status;
	pid_t target, opener;
	char path[64], c;

	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	target = fork();
	ASSERT_LE(0, target);
	if (target == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (setresuid(PMW_USER, PMW_USER, 0) || prctl(PR_SET_DUMPABLE, 1))
			_exit(1);
		prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	ASSERT_EQ(1, read(ready[0], &c, 1));
	close(ready[0]);
	snprintf(path, sizeof(path), "/proc/%d/mem", target);
	opener = fork();
	if (opener == 0) {
		if (pmw_become(PMW_USER))
			_exit(1);
		_exit(touch_file(path, O_RDONLY) == EACCES ? 0 : 2);
	}
	ASSERT_EQ(opener, waitpid(opener, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	EXPECT_EQ(opener, (pid_t)self->ev.access.pid);
	EXPECT_EQ((unsigned int)PMW_USER, self->ev.access.uid);
	EXPECT_EQ((unsigned int)PMW_USER, self->ev.access.euid);
	EXPECT_EQ(target, (pid_t)self->ev.access.target_pid);
	EXPECT_EQ((unsigned int)PMW_USER, self->ev.access.target_uid);
	EXPECT_EQ(PMW_OUTCOME_REFUSED, (int)self->ev.access.outcome);
	EXPECT_EQ((unsigned int)EACCES, self->ev.access.error);
	/* Enforce would have denied it first, in the file_open hook. */
	EXPECT_EQ(PMW_INFO_WOULD_DENY, PMW_INFO(&self->ev.access));
	EXPECT_TRUE(pmw_no_record(self->events, 0));
	reap(target);
}

/*
 * Yama's scope, read and never written: at 2 or more uid 1000 may not
 * open a sibling's memory, and the open is refused with EACCES after the
 * hooks saw it; below, it goes ahead (the target allows any tracer).
 */
TEST_F(open, yama_scope_decides_a_sibling)
{
	int scope = pmw_yama_scope(), status, want;
	pid_t target, opener;
	char path[64];

	if (scope < 0)
		SKIP(return, "no Yama");
	target = pmw_spawn_target(PMW_USER);
	ASSERT_LT(0, target);
	snprintf(path, sizeof(path), "/proc/%d/mem", target);
	want = scope >= 2 ? EACCES : 0;
	opener = fork();
	if (opener == 0) {
		if (pmw_become(PMW_USER))
			_exit(255);
		_exit(touch_file(path, O_RDONLY));
	}
	ASSERT_EQ(opener, waitpid(opener, &status, 0));
	ASSERT_EQ(want, WEXITSTATUS(status)) TH_LOG("Yama ptrace_scope %d", scope);
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	EXPECT_EQ(opener, (pid_t)self->ev.access.pid);
	EXPECT_EQ(target, (pid_t)self->ev.access.target_pid);
	EXPECT_EQ(want ? PMW_OUTCOME_REFUSED : PMW_OUTCOME_OPENED, (int)self->ev.access.outcome);
	EXPECT_EQ((unsigned int)want, self->ev.access.error);
	reap(target);
}

/* Position of name in the LSM order of /sys/kernel/security/lsm, or -1. */
static int lsm_position(const char *name)
{
	char list[256], *tok, *save;
	int i = 0;

	pmw_read_line("/sys/kernel/security/lsm", list, sizeof(list));
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save), i++)
		if (!strcmp(tok, name))
			return i;
	return -1;
}

/* Restricts this process with Landlock: no file may be opened for reading. */
static int landlock_deny_reads(void)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	int fd = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);

	if (fd < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(__NR_landlock_restrict_self, fd, 0))
		return -1;
	close(fd);
	return 0;
}

/*
 * Landlock refuses the open in its file_open hook. Listed after Landlock,
 * procmemwatch never sees the open (call_int_hook stops at the first
 * refusal), as its documentation says; listed before, the event says
 * refused with Landlock's errno.
 */
TEST_F(open, refused_by_landlock)
{
	int pmw = lsm_position("procmemwatch"), landlock = lsm_position("landlock");
	pid_t opener;
	int status;

	if (landlock < 0)
		SKIP(return, "needs Landlock in /sys/kernel/security/lsm");
	opener = fork();
	ASSERT_LE(0, opener);
	if (opener == 0) {
		if (landlock_deny_reads())
			_exit(1);
		_exit(touch_file("/proc/self/mem", O_RDONLY) == EACCES ? 0 : 2);
	}
	ASSERT_EQ(opener, waitpid(opener, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	if (pmw > landlock) {
		EXPECT_TRUE(pmw_no_record(self->events, 200));
		return;
	}
	ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
	EXPECT_EQ(opener, (pid_t)self->ev.access.pid);
	EXPECT_EQ(opener, (pid_t)self->ev.access.target_pid);
	EXPECT_EQ(PMW_OUTCOME_REFUSED, (int)self->ev.access.outcome);
	EXPECT_EQ((unsigned int)EACCES, self->ev.access.error);
	EXPECT_TRUE(pmw_no_record(self->events, 0));
}

TEST_F(open, other_files_give_no_event)
{
	static const char *const names[] = {
		"maps", "status", "auxv", "cmdline", "pagemap", "stack", "syscall",
		"task/%d/maps", "task/%d/status",
	};
	pid_t child = spawn_target();
	char path[96], name[32];
	unsigned int i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(name, sizeof(name), names[i], child);
		snprintf(path, sizeof(path), "/proc/%d/%s", child, name);
		/* stack and syscall need options the kernel may not have. */
		if (access(path, F_OK))
			continue;
		EXPECT_EQ(0, touch_file(path, O_RDONLY)) TH_LOG("%s", path);
		EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("%s", path);
	}
	/* A file called mem on another filesystem. */
	fd = open(SCRATCH "/mem", O_CREAT | O_RDWR | O_CLOEXEC, 0600);
	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(0, touch_file(SCRATCH "/mem", O_RDWR));
	EXPECT_TRUE(pmw_no_record(self->events, 0));
	/* The mem file's directory and an O_PATH open of it. */
	snprintf(path, sizeof(path), "/proc/%d/mem", child);
	fd = open(path, O_PATH | O_CLOEXEC);
	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_TRUE(pmw_no_record(self->events, 0));
	reap(child);
}

TEST_F(open, mode_off_reports_nothing)
{
	long long seen_off = pmw_stat("seen_off");
	char mode[16];

	ASSERT_EQ(0, pmw_write_mode("off\n", 4));
	EXPECT_STREQ("off", pmw_read_mode(mode, sizeof(mode)));
	/* The change itself is in the stream; the open made in mode off is not. */
	ASSERT_LT(0, pmw_next_record(self->events, self->ev.raw, 2000));
	EXPECT_EQ(PMW_RECORD_CONFIG, self->ev.hdr.type);
	EXPECT_EQ(0, touch_file("/proc/self/mem", O_RDONLY));
	EXPECT_TRUE(pmw_no_record(self->events, 0));
	EXPECT_EQ(seen_off + 1, pmw_stat("seen_off"));
	ASSERT_EQ(0, pmw_write_mode("detect\n", 7));
	ASSERT_LT(0, pmw_next_record(self->events, self->ev.raw, 2000));
	EXPECT_EQ(PMW_RECORD_CONFIG, self->ev.hdr.type);
	EXPECT_EQ(0, touch_file("/proc/self/mem", O_RDONLY));
	EXPECT_TRUE(pmw_next_access(self->events, &self->ev));
}

/*
 * Two images of this program that differ in one byte of this marker: the
 * byte a reader of a process's memory finds tells which image it reached.
 */
static const char exec_marker[16] = "pmw-exec-image-A";
#define EXEC_IMAGE_A	SCRATCH "/image-A"
#define EXEC_IMAGE_B	SCRATCH "/image-B"

/* Copies this program to path, with every marker ending in @last. */
static int copy_image(const char *path, char last)
{
	static char image[8 << 20];
	int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), out;
	ssize_t size = in < 0 ? -1 : read(in, image, sizeof(image));
	char *p;

	if (in >= 0)
		close(in);
	if (size <= 0 || size == sizeof(image))
		return -1;
	for (p = image; (p = memmem(p, image + size - p, exec_marker,
				    sizeof(exec_marker))); p++)
		p[sizeof(exec_marker) - 1] = last;
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (out < 0)
		return -1;
	if (write(out, image, size) != size) {
		close(out);
		return -1;
	}
	return close(out);
}

static int hold_memory(void *arg)
{
	struct timespec ts = { .tv_nsec = 2 * 1000 * 1000 };

	syscall(SYS_nanosleep, &ts, NULL);
	syscall(SYS_exit, 0);
	return 0;
}

/*
 * The target: one image execs the other, for ever. Before each exec a
 * process that shares its memory keeps that memory alive for 2 ms, so
 * that an opener that reached it just before the exec can still read it.
 * Its address is written once to fd, the same in every image, since
 * address randomisation is off.
 */
static int exec_loop(char **argv)
{
	const size_t stack_size = 64 << 10;
	char *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	const char *marker = exec_marker;
	int fd = atoi(argv[4]);

	if (fd >= 0) {
		if (write(fd, &marker, sizeof(marker)) != sizeof(marker))
			return 1;
		close(fd);
	}
	if (stack == MAP_FAILED ||
	    clone(hold_memory, stack + stack_size, CLONE_VM | SIGCHLD, NULL) < 0)
		return 1;
	execl(argv[2], argv[2], "--exec-loop", argv[3], argv[2], "-1", (char *)NULL);
	return 1;
}

#define EXEC_RACE_OPENS	3000
#define EXEC_RACE_SECONDS	10

/*
 * The opener: opens the target's memory, reads the marker through the
 * descriptor and tells fd which image it read ('A', 'B', or '-' when the
 * open or the read failed), then waits for the event to be checked, until
 * the test has seen enough and closes fd.
 */
static int open_loop(char **argv)
{
	const char *marker = (const char *)strtoull(argv[3], NULL, 16);
	char path[64], buf[sizeof(exec_marker)], said;
	int fd = atoi(argv[4]), mem, i;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%s/mem", argv[2]);
	for (i = 0; i < EXEC_RACE_OPENS; i++) {
		mem = open(path, O_RDONLY | O_CLOEXEC);
		n = mem < 0 ? -1 : pread(mem, buf, sizeof(buf), (off_t)(uintptr_t)marker);
		if (mem >= 0)
			close(mem);
		said = n == sizeof(buf) && !memcmp(buf, exec_marker, sizeof(buf) - 1) ?
		       buf[sizeof(buf) - 1] : '-';
		if (write(fd, &said, 1) != 1 || read(fd, &said, 1) != 1)
			break;
	}
	return 0;
}

/*
 * Runs the opener from a path of 1900 directories: the event resolves the
 * opener's executable before the target's, and so a long walk widens the
 * time in which the target may exec between the two.
 */
static pid_t spawn_deep_opener(pid_t target, const char *marker, int fd)
{
	char pid[16], addr[32], fdarg[16];
	pid_t opener = fork();
	int i;

	if (opener)
		return opener;
	if (chdir(SCRATCH))
		_exit(1);
	for (i = 0; i < 1900; i++)
		if ((mkdir("a", 0755) && errno != EEXIST) || chdir("a"))
			_exit(1);
	if (copy_image("opener", 'A'))
		_exit(1);
	snprintf(pid, sizeof(pid), "%d", target);
	snprintf(addr, sizeof(addr), "%lx", (unsigned long)(uintptr_t)marker);
	snprintf(fdarg, sizeof(fdarg), "%d", fd);
	execl("./opener", "opener", "--open-loop", pid, addr, fdarg, (char *)NULL);
	_exit(1);
}

/*
 * The target execs between the open's start and its end: the event names
 * the image whose memory the descriptor reaches, which a read through the
 * descriptor tells.
 */
TEST_F(open, target_that_execs_is_named_by_the_image_opened)
{
	const char *marker, *want;
	char got[PATH_MAX], fdarg[16], said;
	int pipefd[2], sv[2], verified = 0, i, images[2] = { 0 };
	pid_t target, opener;
	time_t deadline;

	ASSERT_EQ(0, copy_image(EXEC_IMAGE_A, 'A'));
	ASSERT_EQ(0, copy_image(EXEC_IMAGE_B, 'B'));
	ASSERT_EQ(0, pipe(pipefd));
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	signal(SIGCHLD, SIG_IGN);
	target = fork();
	ASSERT_LE(0, target);
	if (target == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		personality(ADDR_NO_RANDOMIZE);
		close(pipefd[0]);
		snprintf(fdarg, sizeof(fdarg), "%d", pipefd[1]);
		execl(EXEC_IMAGE_A, EXEC_IMAGE_A, "--exec-loop", EXEC_IMAGE_B,
		      EXEC_IMAGE_A, fdarg, (char *)NULL);
		_exit(1);
	}
	close(pipefd[1]);
	ASSERT_EQ((ssize_t)sizeof(marker), read(pipefd[0], &marker, sizeof(marker)));
	close(pipefd[0]);
	opener = spawn_deep_opener(target, marker, sv[1]);
	ASSERT_LE(0, opener);
	close(sv[1]);
	/* Slow kernels (KASAN) check fewer opens in the time. */
	deadline = time(NULL) + EXEC_RACE_SECONDS;
	for (i = 0; i < EXEC_RACE_OPENS && time(NULL) < deadline; i++) {
		ASSERT_EQ(1, read(sv[0], &said, 1));
		ASSERT_TRUE(pmw_next_access(self->events, &self->ev));
		if (said == 'A' || said == 'B') {
			want = said == 'A' ? EXEC_IMAGE_A : EXEC_IMAGE_B;
			pmw_str(&self->ev.access, &self->ev.access.target_exe, got, sizeof(got));
			ASSERT_STREQ(want, got);
			verified++;
			images[said == 'B']++;
		}
		ASSERT_EQ(1, write(sv[0], &said, 1));
	}
	close(sv[0]);
	reap(target);
	reap(opener);
	signal(SIGCHLD, SIG_DFL);
	TH_LOG("%d of %d opens read the image they reached: %d A, %d B",
	       verified, i, images[0], images[1]);
	EXPECT_LT(20, images[0]);
	EXPECT_LT(20, images[1]);
	unlink(EXEC_IMAGE_A);
	unlink(EXEC_IMAGE_B);
}

/*
 * A directory whose path is about 250 bytes long, under SCRATCH, made
 * with its parents; its path in dir (size bytes, 300 or more). 0 or -1.
 */
static int make_long_dir(char *dir, size_t size)
{
	size_t len;

	snprintf(dir, size, "%s/long", SCRATCH);
	mkdir(dir, 0755);
	while ((len = strlen(dir)) < 240) {
		snprintf(dir + len, size - len, "/%.*s", (int)(250 - len > 60 ? 60 : 249 - len),
			 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk");
		if (mkdir(dir, 0755) && errno != EEXIST)
			return -1;
	}
	return 0;
}

/* A string of a record lies inside it, past the fixed fields. */
static void expect_inside(struct __test_metadata *_metadata, const union pmw_any_record *rec,
			  const struct pmw_string *s, const char *name)
{
	if (!s->len)
		return;
	EXPECT_LE(sizeof(rec->access), s->offset) TH_LOG("%s starts among the fixed fields", name);
	EXPECT_LE((unsigned int)s->offset + s->len, rec->hdr.size)
		TH_LOG("%s: offset %u, %u bytes, past the record's %u", name, s->offset, s->len,
		       rec->hdr.size);
}

/* A string of a record is the tail of full, as long as it is (and not empty). */
static void expect_tail(struct __test_metadata *_metadata, const union pmw_any_record *rec,
			const struct pmw_string *s, const char *full, const char *name)
{
	char got[PATH_MAX];
	size_t len = strlen(full);

	pmw_str(rec, s, got, sizeof(got));
	EXPECT_LT(0U, s->len) TH_LOG("%s is empty", name);
	ASSERT_GE(len, s->len) TH_LOG("%s is longer than \"%s\"", name, full);
	EXPECT_STREQ(full + len - s->len, got) TH_LOG("%s: not the tail of \"%s\"", name, full);
}

/*
 * A record with three long strings: the opener's executable, the target's
 * (two files in a directory whose path is about 250 bytes long) and the
 * mem file's path, through a procfs mounted at a path as long. Each
 * string keeps its tail, at most 256 bytes, cut to what is left of the
 * record: the record is at most PMW_RECORD_MAX bytes, every string lies
 * inside it, and it says PMW_INFO_TRUNCATED.
 */
TEST_F(open, long_strings_are_cut_to_the_record)
{
	char dir[512], opener_exe[PATH_MAX], target_exe[PATH_MAX], mnt[1024];
	char path[PATH_MAX];
	union pmw_any_record rec;
	pid_t target, opener;
	ssize_t n;

	ASSERT_EQ(0, make_long_dir(dir, sizeof(dir)));
	snprintf(opener_exe, sizeof(opener_exe), "%s/opener-program", dir);
	snprintf(target_exe, sizeof(target_exe), "%s/target-program", dir);
	snprintf(mnt, sizeof(mnt), "%s/procfs-mount-point", dir);
	TH_LOG("%zu bytes: %s", strlen(opener_exe), opener_exe);
	ASSERT_LT(256U, strlen(opener_exe));
	ASSERT_EQ(0, copy_image(opener_exe, 'A'));
	ASSERT_EQ(0, copy_image(target_exe, 'A'));
	mkdir(mnt, 0755);
	ASSERT_EQ(0, mount("proc", mnt, "proc", 0, NULL));

	target = fork();
	ASSERT_LE(0, target);
	if (target == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execl(target_exe, target_exe, "--sleep", (char *)NULL);
		_exit(1);
	}
	/* Its exe link names the program once the exec is done. */
	for (n = 0; n < 200; n++) {
		task_exe(target, path, sizeof(path));
		if (!strcmp(path, target_exe))
			break;
		usleep(10000);
	}
	ASSERT_STREQ(target_exe, path);
	snprintf(path, sizeof(path), "%s/%d/mem", mnt, target);
	opener = fork();
	ASSERT_LE(0, opener);
	if (opener == 0) {
		execl(opener_exe, opener_exe, "--open", path, (char *)NULL);
		_exit(100);
	}
	EXPECT_EQ(0, pmw_wait(opener)) TH_LOG("the opener's open of %s", path);
	umount(mnt);

	n = pmw_next_record(self->events, rec.raw, 2000);
	ASSERT_TRUE(pmw_is(&rec, n, PMW_RECORD_ACCESS, sizeof(rec.access)))
		TH_LOG("no access record (%zd bytes)", n);
	TH_LOG("a record of %zd bytes: path %u, exe %u, target_exe %u, cgroup %u, target_cgroup %u",
	       n, rec.access.path.len, rec.access.exe.len, rec.access.target_exe.len,
	       rec.access.cgroup.len, rec.access.target_cgroup.len);
	EXPECT_LE(n, PMW_RECORD_MAX);
	EXPECT_EQ(0, n % 8);
	EXPECT_EQ((__u32)opener, rec.access.pid);
	EXPECT_EQ((__u32)target, rec.access.target_pid);
	EXPECT_EQ(PMW_OUTCOME_OPENED, rec.access.outcome);
	EXPECT_TRUE(!!(rec.access.info & PMW_INFO_TRUNCATED)) TH_LOG("info %#x", rec.access.info);
	expect_inside(_metadata, &rec, &rec.access.path, "path");
	expect_inside(_metadata, &rec, &rec.access.exe, "exe");
	expect_inside(_metadata, &rec, &rec.access.target_exe, "target_exe");
	expect_inside(_metadata, &rec, &rec.access.cgroup, "cgroup");
	expect_inside(_metadata, &rec, &rec.access.target_cgroup, "target_cgroup");
	/* Longer than 256 bytes, each of the first two keeps its last 256. */
	expect_tail(_metadata, &rec, &rec.access.path, path, "path");
	EXPECT_EQ(256U, rec.access.path.len);
	expect_tail(_metadata, &rec, &rec.access.exe, opener_exe, "exe");
	EXPECT_EQ(256U, rec.access.exe.len);
	/* Two programs, two strings; the second has what the record has left. */
	EXPECT_NE(rec.access.exe.offset, rec.access.target_exe.offset);
	expect_tail(_metadata, &rec, &rec.access.target_exe, target_exe, "target_exe");
	EXPECT_TRUE(pmw_file_id_is(&rec.access.exe_id, opener_exe));
	EXPECT_TRUE(pmw_file_id_is(&rec.access.target_exe_id, target_exe));
	EXPECT_TRUE(pmw_no_record(self->events, 100));
	reap(target);
	unlink(opener_exe);
	unlink(target_exe);
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "--exec-loop"))
		return exec_loop(argv);
	if (argc == 5 && !strcmp(argv[1], "--open-loop"))
		return open_loop(argv);
	if (argc == 3 && !strcmp(argv[1], "--open"))
		return touch_file(argv[2], O_RDONLY);
	if (argc == 2 && !strcmp(argv[1], "--sleep")) {
		for (;;)
			pause();
	}
	return test_harness_run(argc, argv);
}
