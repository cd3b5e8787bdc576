// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: /proc/PID/environ is another way into a process's memory
 * (its environment, where secrets are often passed): route ENVIRON, by
 * any path, decided by the policy in enforce. /proc/PID/cmdline is not:
 * every ps reads it, and it gives no record. Another user's environ is
 * refused by its file mode before any hook: no record either.
 *
 * The reader is uid 1000, the least a process needs to try, and its
 * target another process of the same user.
 */

#define _GNU_SOURCE
#include <limits.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "common.h"

#define WAIT_ARG	"--wait"

FIXTURE(environ) {
	int events;
	pid_t target;
	char secret[64];
	struct pmw_settings saved;
};

FIXTURE_VARIANT(environ) {
	const char *mode;
	const char *policy;
	bool allowed;		/* the policy lets uid 1000 read another's environ */
};

FIXTURE_VARIANT_ADD(environ, detect) { .mode = "detect", .policy = "\n" };
FIXTURE_VARIANT_ADD(environ, enforce) { .mode = "enforce", .policy = "\n" };
/* A rule for the mem route is no rule for environ. */
FIXTURE_VARIANT_ADD(environ, enforce_mem_rule) {
	.mode = "enforce", .policy = "allow uid=1000 route=mem,process_vm_readv\n",
};

FIXTURE_VARIANT_ADD(environ, enforce_environ_rule) {
	.mode = "enforce", .policy = "allow uid=1000 route=environ\n", .allowed = true,
};

/* True once pid's cmdline shows this program's arguments, within 2 s. */
static bool args_laid_out(pid_t pid)
{
	char path[64], buf[256];
	ssize_t n;
	int fd, i;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	for (i = 0; i < 200; i++) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
		if (fd >= 0)
			close(fd);
		if (n > 0 && memmem(buf, n, WAIT_ARG, strlen(WAIT_ARG)))
			return true;
		usleep(10000);
	}
	return false;
}

/*
 * A target of uid 1000 whose whole environment is one secret: this
 * program run again, waiting to be killed.
 */
static pid_t spawn_env_holder(const char *secret, uid_t uid)
{
	char *argv[3] = { "environ_test", WAIT_ARG, NULL };
	char *envp[2] = { (char *)secret, NULL };
	int ready[2];
	pid_t pid;
	char c;

	if (pipe2(ready, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (uid && pmw_become(uid))
			_exit(1);
		/* The ready pipe is closed at the exec: the program runs. */
		execve("/proc/self/exe", argv, envp);
		(void)!write(ready[1], "x", 1);
		_exit(2);
	}
	close(ready[1]);
	if (pid > 0 && read(ready[0], &c, 1) != 0) {
		pmw_reap(pid);
		pid = -1;
	}
	close(ready[0]);
	/*
	 * The exec closed the pipe before it laid out the arguments and the
	 * environment: wait for those, by the cmdline, which is no record.
	 */
	if (pid > 0 && !args_laid_out(pid)) {
		pmw_reap(pid);
		pid = -1;
	}
	return pid;
}

FIXTURE_SETUP(environ)
{
	self->events = -1;
	self->target = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	if (pmw_user_cannot_ptrace())
		SKIP(return, "%s", pmw_user_cannot_ptrace());
	snprintf(self->secret, sizeof(self->secret), "PMW_SECRET=hunter2-%d", getpid());
	self->target = spawn_env_holder(self->secret, PMW_USER);
	ASSERT_LT(0, self->target);
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, variant->mode, variant->policy, "0"));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
}

FIXTURE_TEARDOWN_PARENT(environ)
{
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
	pmw_reap(self->target);
}

/* What a reader found. */
struct env_read {
	int err;		/* its open's errno, 0 */
	ssize_t n;		/* bytes it read */
	char buf[4096];
};

/*
 * A child of uid 1000 reads path: returns its pid; *err is the errno of
 * its open, 0 (-1 if it could not try), and *found whether what it read
 * holds needle.
 */
static pid_t read_as_user(const char *path, const char *needle, int *err, bool *found)
{
	struct env_read r = { .err = -1 };
	int result[2];
	pid_t pid;

	*err = -1;
	*found = false;
	if (pipe(result))
		return -1;
	pid = fork();
	if (pid == 0) {
		int fd;

		close(result[0]);
		if (!pmw_become(PMW_USER)) {
			fd = open(path, O_RDONLY | O_CLOEXEC);
			r.err = fd < 0 ? errno : 0;
			r.n = fd < 0 ? 0 : read(fd, r.buf, sizeof(r.buf));
		}
		_exit(write(result[1], &r, sizeof(r)) == sizeof(r) ? 0 : 1);
	}
	close(result[1]);
	if (read(result[0], &r, sizeof(r)) == sizeof(r) && r.n >= 0) {
		*err = r.err;
		*found = memmem(r.buf, r.n, needle, strlen(needle));
	}
	close(result[0]);
	pmw_wait(pid);
	return pid;
}

TEST_F(environ, another_process_environ)
{
	bool denied = !strcmp(variant->mode, "enforce") && !variant->allowed;
	char path[64];
	struct pmw_want w;
	bool found;
	pid_t reader;
	int err;

	snprintf(path, sizeof(path), "/proc/%d/environ", self->target);
	reader = read_as_user(path, self->secret, &err, &found);
	ASSERT_LT(0, reader);
	EXPECT_EQ(denied ? EPERM : 0, err) TH_LOG("open of %s", path);
	EXPECT_EQ(!denied, found) TH_LOG("the secret read from %s", path);
	w = (struct pmw_want){
		.pid = reader, .uid = PMW_USER, .euid = PMW_USER, .target_pid = self->target,
		.route = PMW_ROUTE_ENVIRON, .access = PMW_ACCESS_READ, .path = path,
		.outcome = denied ? PMW_OUTCOME_DENIED : PMW_OUTCOME_OPENED,
		.error = denied ? EPERM : 0,
		.info = strcmp(variant->mode, "detect") ? 0 : PMW_INFO_WOULD_DENY,
		.info_ignored = denied ? PMW_INFO_WOULD_DENY : 0,
	};
	pmw_expect_access(_metadata, self->events, &w, "environ of another process");
	/* One open, one record: the read through it is none. */
	EXPECT_TRUE(pmw_no_record(self->events, 100));
}

TEST_F(environ, task_environ)
{
	bool denied = !strcmp(variant->mode, "enforce") && !variant->allowed;
	char path[96];
	struct pmw_want w;
	bool found;
	pid_t reader;
	int err;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/environ", self->target, self->target);
	reader = read_as_user(path, self->secret, &err, &found);
	ASSERT_LT(0, reader);
	EXPECT_EQ(denied ? EPERM : 0, err) TH_LOG("open of %s", path);
	EXPECT_EQ(!denied, found);
	w = (struct pmw_want){
		.pid = reader, .uid = PMW_USER, .euid = PMW_USER, .target_pid = self->target,
		.route = PMW_ROUTE_ENVIRON, .access = PMW_ACCESS_READ, .path = path,
		.outcome = denied ? PMW_OUTCOME_DENIED : PMW_OUTCOME_OPENED,
		.error = denied ? EPERM : 0,
		.info = PMW_INFO_THREAD_DIR,
		.info_ignored = PMW_INFO_WOULD_DENY,
	};
	pmw_expect_access(_metadata, self->events, &w, "task/TID/environ of another process");
}

/* cmdline holds no secret a process did not choose to show: no record. */
TEST_F(environ, cmdline_gives_no_record)
{
	char path[64];
	bool found;
	int err;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", self->target);
	ASSERT_LT(0, read_as_user(path, WAIT_ARG, &err, &found));
	EXPECT_EQ(0, err);
	EXPECT_TRUE(found);
	EXPECT_TRUE(pmw_no_record(self->events, 200)) TH_LOG("a record for cmdline");
}

/* A process's own environ is its own memory: allowed, a SELF record. */
TEST_F(environ, own_environ)
{
	union pmw_any_record rec;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (pmw_become(PMW_USER))
			_exit(100);
		_exit(pmw_try_open("/proc/self/environ", O_RDONLY));
	}
	EXPECT_EQ(0, pmw_wait(pid));
	ASSERT_TRUE(pmw_next_access(self->events, &rec));
	EXPECT_EQ((unsigned int)PMW_ROUTE_ENVIRON, rec.access.route);
	EXPECT_EQ((__u32)pid, rec.access.pid);
	EXPECT_EQ((__u32)pid, rec.access.target_pid);
	EXPECT_EQ(PMW_OUTCOME_OPENED, rec.access.outcome);
	EXPECT_EQ(PMW_INFO_SELF, PMW_INFO(&rec.access));
}

/* Root's process: its environ is root's, mode 0400: refused before any hook. */
TEST_F(environ, other_users_environ_gives_no_record)
{
	char secret[64], path[64];
	pid_t root_target;
	bool found;
	int err;

	snprintf(secret, sizeof(secret), "PMW_SECRET=root-%d", getpid());
	root_target = spawn_env_holder(secret, 0);
	ASSERT_LT(0, root_target);
	snprintf(path, sizeof(path), "/proc/%d/environ", root_target);
	ASSERT_LT(0, read_as_user(path, secret, &err, &found));
	EXPECT_EQ(EACCES, err);
	EXPECT_FALSE(found);
	EXPECT_TRUE(pmw_no_record(self->events, 200)) TH_LOG("a record for a refused open");
	pmw_reap(root_target);
}

/*
 * A process's descriptor of its own environ, inherited by its child: the
 * child reading it reads another process's environment, which is one
 * PASSED record, decided as any environ access (its second read none).
 */
TEST_F(environ, passed_descriptor)
{
	bool denied = !strcmp(variant->mode, "enforce") && !variant->allowed;
	union pmw_any_record rec;
	struct pmw_want w;
	pid_t owner, child;
	int report[2];

	ASSERT_EQ(0, pipe(report));
	owner = fork();
	ASSERT_LE(0, owner);
	if (owner == 0) {
		char buf[256];
		int fd;

		close(report[0]);
		if (pmw_become(PMW_USER))
			_exit(100);
		fd = open("/proc/self/environ", O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			_exit(101);
		child = fork();
		if (child == 0) {
			ssize_t first = pread(fd, buf, sizeof(buf), 0);
			int err = first < 0 ? errno : 0;
			ssize_t second = pread(fd, buf, sizeof(buf), 0);

			_exit(err ?: (second < 0 ? 102 : 0));
		}
		if (write(report[1], &child, sizeof(child)) != sizeof(child))
			_exit(103);
		_exit(pmw_wait(child));
	}
	close(report[1]);
	ASSERT_EQ((ssize_t)sizeof(child), read(report[0], &child, sizeof(child)));
	EXPECT_EQ(denied ? EPERM : 0, pmw_wait(owner)) TH_LOG("the child's reads");
	ASSERT_TRUE(pmw_next_access(self->events, &rec)) TH_LOG("no record of the owner's open");
	EXPECT_EQ((__u32)owner, rec.access.pid);
	EXPECT_EQ(PMW_INFO_SELF, PMW_INFO(&rec.access));
	w = (struct pmw_want){
		.pid = child, .uid = PMW_USER, .euid = PMW_USER, .target_pid = owner,
		.route = PMW_ROUTE_ENVIRON, .access = PMW_ACCESS_READ,
		.outcome = denied ? PMW_OUTCOME_DENIED : PMW_OUTCOME_OPENED,
		.error = denied ? EPERM : 0,
		.info = PMW_INFO_PASSED |
			(strcmp(variant->mode, "detect") ? 0 : PMW_INFO_WOULD_DENY),
		.info_ignored = denied ? PMW_INFO_WOULD_DENY : 0,
	};
	pmw_expect_access(_metadata, self->events, &w, "the child's read of the inherited environ");
	EXPECT_TRUE(pmw_no_record(self->events, 200)) TH_LOG("a second record of the child");
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], WAIT_ARG)) {
		for (;;)
			pause();
	}
	return test_harness_run(argc, argv);
}
