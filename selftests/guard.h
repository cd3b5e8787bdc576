/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procmemwatch selftests of guard mode: settings written and their config
 * records taken, mem files opened by this process, a child or a program
 * file, and the policy as it reads. Include after kselftest_harness.h
 * and common.h.
 */
#ifndef PMW_SELFTEST_GUARD_H
#define PMW_SELFTEST_GUARD_H

#include "common.h"

/* argv[1] of a test program when it runs only to open a mem file. */
#define PMW_OPEN_MEM_ARG	"--open-mem"

/*
 * What the record of an open of target's memory says, made with these
 * flags by opener, of real and effective user id uid: denied with EPERM,
 * or opened. Whether enforce mode also marks its denials would-deny is
 * not said, so that bit is not compared on a denial.
 */
static inline struct pmw_want pmw_want_mem(pid_t opener, uid_t uid, pid_t target, int flags,
					   bool denied, unsigned int info)
{
	struct pmw_want w = {
		.pid = opener,
		.uid = uid,
		.euid = uid,
		.target_pid = target,
		.access = pmw_access_of(flags),
		.outcome = denied ? PMW_OUTCOME_DENIED : PMW_OUTCOME_OPENED,
		.error = denied ? EPERM : 0,
		.info = info,
		.info_ignored = denied ? PMW_INFO_WOULD_DENY : 0,
	};

	return w;
}

static inline const char *pmw_flags_name(int flags)
{
	switch (flags & O_ACCMODE) {
	case O_WRONLY:
		return "O_WRONLY";
	case O_RDWR:
		return "O_RDWR";
	}
	return "O_RDONLY";
}

/*
 * This process opens target's mem file: the open gives want_errno (0 or
 * EPERM) and the next record says so, with these info bits.
 */
static inline void pmw_expect_my_open(struct __test_metadata *_metadata, int events,
				      pid_t target, int flags, int want_errno,
				      unsigned int info, const char *what)
{
	struct pmw_want w = pmw_want_mem(getpid(), getuid(), target, flags,
					 want_errno == EPERM, info);
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/mem", target);
	EXPECT_EQ(want_errno, pmw_try_open(path, flags))
		TH_LOG("%s: %s of %s", what, pmw_flags_name(flags), path);
	pmw_expect_access(_metadata, events, &w, what);
}

/*
 * The next record is this process's ptrace attach of target: denied with
 * EPERM when error is EPERM, else allowed, with these info bits.
 */
static inline void pmw_expect_attach(struct __test_metadata *_metadata, int events,
				     pid_t target, int error, unsigned int info,
				     const char *what)
{
	struct pmw_want w = pmw_want_mem(getpid(), getuid(), target, O_RDWR,
					 error == EPERM, info);

	w.route = PMW_ROUTE_PTRACE_ATTACH;
	pmw_expect_access(_metadata, events, &w, what);
}

/* Writes the mode, which changes, and takes its config record. */
static inline void pmw_set_mode(struct __test_metadata *_metadata, int events, const char *mode)
{
	char now[16];

	ASSERT_EQ(0, pmw_write_str(PMW_MODE, mode)) TH_LOG("writing mode %s", mode);
	ASSERT_STREQ(mode, pmw_read_mode(now, sizeof(now)));
	pmw_expect_config(_metadata, events, "mode", NULL, mode);
}

/*
 * Installs a policy, which must be valid, and takes its config record;
 * old and new ("N rules") are not compared when NULL.
 */
static inline void pmw_set_policy(struct __test_metadata *_metadata, int events,
				  const char *text, const char *old, const char *new)
{
	ASSERT_EQ(0, pmw_write_str(PMW_POLICY, text)) TH_LOG("writing policy:\n%s", text);
	pmw_expect_config(_metadata, events, "policy", old, new);
}

/* The policy file as it reads now, in buf (PMW_POLICY_ROOM bytes). */
static inline const char *pmw_policy_now(char *buf)
{
	if (pmw_read_file(PMW_POLICY, buf, PMW_POLICY_ROOM) < 0)
		snprintf(buf, PMW_POLICY_ROOM, "<cannot read %s>", PMW_POLICY);
	return buf;
}

/*
 * A child, as real uid ruid and effective uid euid, opens target's mem
 * file. Returns its pid; *err is the errno of its open, 0, or -1 when it
 * could not try.
 */
static inline pid_t pmw_open_in_child(pid_t target, int flags, uid_t ruid, uid_t euid, int *err)
{
	char path[64];
	pid_t pid;
	int status;

	snprintf(path, sizeof(path), "/proc/%d/mem", target);
	pid = fork();
	if (pid == 0) {
		/* Its group is its user's, as pmw_become() gives targets theirs. */
		gid_t gid = euid ? euid : ruid;

		if ((ruid || euid) && (setgroups(0, NULL) || setresgid(gid, gid, gid) ||
				       setresuid(ruid, euid, euid)))
			_exit(200);
		_exit(pmw_try_open(path, flags));
	}
	*err = -1;
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) != 200)
		*err = WEXITSTATUS(status);
	return pid;
}

/*
 * Runs the program file exe, a copy of a test program, to open target's
 * mem file (PMW_OPEN_MEM_ARG), as uid (0: root). Returns its pid; *err as
 * for pmw_open_in_child().
 */
static inline pid_t pmw_open_from_exe(const char *exe, uid_t uid, pid_t target, int flags,
				      int *err)
{
	char pid_arg[16], flags_arg[16];
	pid_t pid;
	int status;

	snprintf(pid_arg, sizeof(pid_arg), "%d", target);
	snprintf(flags_arg, sizeof(flags_arg), "%d", flags);
	pid = fork();
	if (pid == 0) {
		if (uid && pmw_become(uid))
			_exit(200);
		execl(exe, exe, PMW_OPEN_MEM_ARG, pid_arg, flags_arg, (char *)NULL);
		_exit(200);
	}
	*err = -1;
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) != 200)
		*err = WEXITSTATUS(status);
	return pid;
}

/*
 * What a test program does when run as "PROG --open-mem PID FLAGS": -1
 * when it was run otherwise.
 */
static inline int pmw_open_mem_main(int argc, char **argv)
{
	char path[64];

	if (argc != 4 || strcmp(argv[1], PMW_OPEN_MEM_ARG))
		return -1;
	snprintf(path, sizeof(path), "/proc/%s/mem", argv[2]);
	return pmw_try_open(path, atoi(argv[3]));
}

/* Copies a file to a new file (a new inode) at to, mode 0755. 0 or -1. */
static inline int pmw_copy_file(const char *from, const char *to)
{
	static char buf[1 << 16];
	int in = open(from, O_RDONLY | O_CLOEXEC), out;
	ssize_t n = -1;

	if (in < 0)
		return -1;
	unlink(to);
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	if (out >= 0) {
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, n) != n) {
				n = -1;
				break;
			}
		if (close(out))
			n = -1;
	}
	close(in);
	return out < 0 || n < 0 ? -1 : 0;
}

/* Makes an ordinary empty file at path, mode 0755. 0 or -1. */
static inline int pmw_make_file(const char *path)
{
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	if (fd < 0)
		return -1;
	return close(fd);
}

#endif /* PMW_SELFTEST_GUARD_H */
