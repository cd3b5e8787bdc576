/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Containers as runtimes make them, for the procmemwatch selftests: a
 * cgroup v2 directory named as Docker, containerd or Kubernetes name
 * theirs, and processes moved into it, some in namespaces of their own.
 * Each process ("member") opens mem files or reads memory on command, so
 * that it can be the opener of an event as well as its target.
 */
#ifndef PMW_SELFTEST_CONTAINER_H
#define PMW_SELFTEST_CONTAINER_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define PMW_CGROUP_ROOT		"/sys/fs/cgroup"
#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC	0x63677270
#endif

/* What a member does on command; it replies with 0 or an errno. */
enum pmw_member_op {
	PMW_MEMBER_OPEN_MEM = 1,	/* open /proc/<pid>/mem O_RDONLY */
	PMW_MEMBER_READV,		/* process_vm_readv() of pmw_member_secret */
	PMW_MEMBER_NESTED_READV,	/* readv of a child in a pid namespace below */
};

struct pmw_member_command {
	int op;
	pid_t pid;
};

/**
 * struct pmw_member - a process in a container, working on command
 * @pid: its pid in the initial pid namespace
 * @top: the child of the test: @pid, or the process that unshared the
 *	pid namespace @pid is the first process of
 * @cmd: where commands go
 * @reply: where replies come from
 */
struct pmw_member {
	pid_t pid;
	pid_t top;
	int cmd;
	int reply;
};

/* At the same address in every member: a fork of the test has it too. */
static char pmw_member_secret[16] = "member secret";

/* Mounts cgroup2 where systemd would, unless it is there. 0 or -errno. */
static inline int pmw_cgroup_mount(void)
{
	struct statfs st;

	if (!statfs(PMW_CGROUP_ROOT, &st) && st.f_type == CGROUP2_SUPER_MAGIC)
		return 0;
	if (mount("cgroup2", PMW_CGROUP_ROOT, "cgroup2", 0, NULL))
		return -errno;
	return 0;
}

/* Makes the cgroup at @path below the root, and its parents. 0 or -errno. */
static inline int pmw_cgroup_make(const char *path)
{
	char dir[PATH_MAX];
	char *slash;

	if (snprintf(dir, sizeof(dir), "%s%s", PMW_CGROUP_ROOT, path) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	for (slash = dir + strlen(PMW_CGROUP_ROOT) + 1; (slash = strchr(slash, '/')); slash++) {
		*slash = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			return -errno;
		*slash = '/';
	}
	if (mkdir(dir, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

/* Removes the cgroup at @path and the parents it made, up to @keep levels. */
static inline void pmw_cgroup_remove(const char *path, int keep)
{
	char dir[PATH_MAX];
	char *slash;

	snprintf(dir, sizeof(dir), "%s%s", PMW_CGROUP_ROOT, path);
	while (rmdir(dir) == 0 && (slash = strrchr(dir, '/')) &&
	       slash > dir + strlen(PMW_CGROUP_ROOT) && keep-- > 0)
		*slash = '\0';
}

/* Moves the calling process into the cgroup at @path. 0 or -errno. */
static inline int pmw_cgroup_join(const char *path)
{
	char procs[PATH_MAX];
	int fd, err = 0;

	snprintf(procs, sizeof(procs), "%s%s/cgroup.procs", PMW_CGROUP_ROOT, path);
	fd = open(procs, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, "0", 1) != 1)
		err = -errno;
	close(fd);
	return err;
}

static inline int pmw_member_open_mem(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	return pmw_try_open(path, O_RDONLY);
}

static inline int pmw_member_readv(pid_t pid)
{
	char got[sizeof(pmw_member_secret)];
	struct iovec local = { got, sizeof(got) };
	struct iovec remote = { pmw_member_secret, sizeof(pmw_member_secret) };

	if (process_vm_readv(pid, &local, 1, &remote, 1, 0) != (ssize_t)sizeof(got))
		return errno ? errno : EIO;
	return memcmp(got, pmw_member_secret, sizeof(got)) ? EIO : 0;
}

/*
 * Makes a pid namespace below the member's own and a child in it, which
 * lives as long as the member, and reads the child's memory by the pid
 * the member knows it by. Once per member: a pid namespace whose first
 * process is gone takes no more.
 */
static inline int pmw_member_nested_readv(void)
{
	pid_t child;

	if (unshare(CLONE_NEWPID))
		return errno;
	child = fork();
	if (child < 0)
		return errno;
	if (child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	return pmw_member_readv(child);
}

static inline void pmw_member_work(int cmd, int reply)
{
	struct pmw_member_command c;
	int err;

	while (read(cmd, &c, sizeof(c)) == sizeof(c)) {
		errno = 0;
		switch (c.op) {
		case PMW_MEMBER_OPEN_MEM:
			err = pmw_member_open_mem(c.pid);
			break;
		case PMW_MEMBER_READV:
			err = pmw_member_readv(c.pid);
			break;
		case PMW_MEMBER_NESTED_READV:
			err = pmw_member_nested_readv();
			break;
		default:
			err = EINVAL;
		}
		if (write(reply, &err, sizeof(err)) != sizeof(err))
			break;
	}
	_exit(0);
}

/* The child of the test: joins @cgroup, unshares @flags, starts the worker. */
static inline void pmw_member_start(const char *cgroup, int flags, int cmd, int reply)
{
	pid_t pid;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if ((cgroup && pmw_cgroup_join(cgroup)) || (flags && unshare(flags)))
		_exit(1);
	if (!(flags & CLONE_NEWPID)) {
		pid = getpid();
		if (write(reply, &pid, sizeof(pid)) != sizeof(pid))
			_exit(1);
		pmw_member_work(cmd, reply);
	}
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		pmw_member_work(cmd, reply);
	}
	/* This process is in the test's pid namespace: pid is as it knows it. */
	if (pid < 0 || write(reply, &pid, sizeof(pid)) != sizeof(pid))
		_exit(1);
	close(cmd);
	close(reply);
	waitpid(pid, NULL, 0);
	_exit(0);
}

/*
 * Starts a member in the cgroup at @cgroup (NULL: the test's own), in new
 * namespaces of @flags (CLONE_NEW*, 0: the test's). 0, or -1 on failure.
 */
static inline int pmw_member_spawn(struct pmw_member *m, const char *cgroup, int flags)
{
	int cmd[2], reply[2];

	if (pipe2(cmd, O_CLOEXEC))
		return -1;
	if (pipe2(reply, O_CLOEXEC)) {
		close(cmd[0]);
		close(cmd[1]);
		return -1;
	}
	m->top = fork();
	if (m->top == 0) {
		close(cmd[1]);
		close(reply[0]);
		pmw_member_start(cgroup, flags, cmd[0], reply[1]);
	}
	close(cmd[0]);
	close(reply[1]);
	m->cmd = cmd[1];
	m->reply = reply[0];
	if (m->top > 0 && read(m->reply, &m->pid, sizeof(m->pid)) == sizeof(m->pid))
		return 0;
	m->pid = -1;
	return -1;
}

/* Has the member do @op to @pid: its reply, 0 or an errno; -1 if it is gone. */
static inline int pmw_member_do(const struct pmw_member *m, int op, pid_t pid)
{
	struct pmw_member_command c = { .op = op, .pid = pid };
	int err;

	if (write(m->cmd, &c, sizeof(c)) != sizeof(c) ||
	    read(m->reply, &err, sizeof(err)) != sizeof(err))
		return -1;
	return err;
}

static inline void pmw_member_stop(struct pmw_member *m)
{
	if (m->top <= 0)
		return;
	close(m->cmd);
	close(m->reply);
	if (m->pid > 0)
		kill(m->pid, SIGKILL);
	kill(m->top, SIGKILL);
	waitpid(m->top, NULL, 0);
	m->top = 0;
}

#endif /* PMW_SELFTEST_CONTAINER_H */
