/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procmemwatch selftests: reading the events file and the stats file, the
 * settings a test changes and puts back, the processes a test plays with,
 * and the audit records from NETLINK_AUDIT.
 *
 * Include after kselftest_harness.h: the pmw_expect_*() helpers report
 * through the harness.
 */

#ifndef PROCMEMWATCH_SELFTEST_COMMON_H
#define PROCMEMWATCH_SELFTEST_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <linux/procmemwatch.h>

#define PMW_DIR		"/sys/kernel/security/procmemwatch"
#define PMW_EVENTS	PMW_DIR "/events"
#define PMW_STATS	PMW_DIR "/stats"
#define PMW_MODE	PMW_DIR "/mode"
#define PMW_POLICY	PMW_DIR "/policy"
#define PMW_POLICY_ERROR PMW_DIR "/policy_error"
#define PMW_REFRESH	PMW_DIR "/refresh"
#define PMW_LOCK	PMW_DIR "/lock"
#define PMW_AUDIT_RATE	PMW_DIR "/audit_rate"
#define PMW_EVENT_RATE	PMW_DIR "/event_rate"
#define PMW_PARAMS	"/sys/module/procmemwatch/parameters"
#define PMW_YAMA_SCOPE	"/proc/sys/kernel/yama/ptrace_scope"

/* The unprivileged user of the test guest (scripts/guest/passwd). */
#define PMW_USER	1000

/* Room for any policy the kernel takes and reads back, and more. */
#define PMW_POLICY_ROOM	(128 << 10)

/* CLOCK_REALTIME of any record made since this selftest was written. */
#define PMW_SOME_TIME_NS	(1600000000ULL * 1000000000ULL)

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* Why a test cannot use procmemwatch here, or NULL when it can. */
static inline const char *pmw_unusable(void)
{
	if (geteuid())
		return "needs root";
	if (access(PMW_DIR, F_OK))
		return "procmemwatch is not enabled (no " PMW_DIR ")";
	return NULL;
}

/* Room for any record the kernel writes. */
union pmw_any_record {
	struct pmw_record_header hdr;
	struct pmw_access_record access;
	struct pmw_lost_record lost;
	struct pmw_dropped_record dropped;
	struct pmw_config_record config;
	struct pmw_summary_record summary;
	struct pmw_begun_record begun;
	char raw[PMW_RECORD_MAX];
};

/* A reader that sees only the records from now on. */
static inline int pmw_open_new_events(int flags)
{
	int fd = open(PMW_EVENTS, O_RDONLY | O_CLOEXEC | flags);

	if (fd >= 0 && lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Reads the next record into buf (PMW_RECORD_MAX bytes). Waits at most
 * timeout_ms for one. Returns its size, 0 when none came, -1 on error.
 */
static inline ssize_t pmw_next_record(int fd, void *buf, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int n = poll(&pfd, 1, timeout_ms);

	if (n <= 0)
		return n;
	return read(fd, buf, PMW_RECORD_MAX);
}

/* True if a record of n bytes is whole and of this type, as big as its struct. */
static inline bool pmw_is(const union pmw_any_record *rec, ssize_t n,
			  unsigned int type, size_t size)
{
	return n >= (ssize_t)sizeof(rec->hdr) && rec->hdr.size == n &&
	       rec->hdr.type == type && (size_t)n >= size;
}

/* Reads the next access record; fails on any other record or none within 2 s. */
static inline bool pmw_next_access(int fd, union pmw_any_record *rec)
{
	ssize_t n = pmw_next_record(fd, rec->raw, 2000);

	return pmw_is(rec, n, PMW_RECORD_ACCESS, sizeof(rec->access));
}

/* True if no record arrives within timeout_ms. */
static inline bool pmw_no_record(int fd, int timeout_ms)
{
	char buf[PMW_RECORD_MAX];

	return pmw_next_record(fd, buf, timeout_ms) == 0;
}

/*
 * A string of a record, copied out and NUL-terminated; one that does not
 * lie inside the record (a wrong record) reads "<outside the record>".
 */
static inline const char *pmw_str(const void *rec, const struct pmw_string *s,
				  char *out, size_t size)
{
	__u32 rec_size = ((const struct pmw_record_header *)rec)->size;
	size_t len = s->len < size - 1 ? s->len : size - 1;

	if (rec_size > PMW_RECORD_MAX || (size_t)s->offset + s->len > rec_size) {
		snprintf(out, size, "<outside the record>");
		return out;
	}
	memcpy(out, (const char *)rec + s->offset, len);
	out[len] = '\0';
	return out;
}

/* A fixed-size, NUL-padded name of a record, NUL-terminated in out[17]. */
static inline const char *pmw_comm(const char comm[16], char out[17])
{
	memcpy(out, comm, 16);
	out[16] = '\0';
	return out;
}

/* The value of one counter of the stats file, or -1. */
static inline long long pmw_stat(const char *name)
{
	char line[128], key[64];
	long long val, found = -1;
	FILE *f = fopen(PMW_STATS, "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lld", key, &val) == 2 && !strcmp(key, name))
			found = val;
	fclose(f);
	return found;
}

/* Writes len bytes of buf to path in one write; returns 0 or -errno. */
static inline int pmw_write_file(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, buf, len);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return n;
	return (size_t)n == len ? 0 : -EIO;
}

static inline int pmw_write_str(const char *path, const char *text)
{
	return pmw_write_file(path, text, strlen(text));
}

/* Reads a one-line file into buf without its newline; "" when unreadable. */
static inline const char *pmw_read_line(const char *path, char *buf,
					size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, size - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0) {
		buf[0] = '\0';
		return buf;
	}
	buf[n] = '\0';
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return buf;
}

/*
 * Reads a whole file into buf (size bytes) and NUL-terminates it;
 * returns its length or -errno.
 */
static inline ssize_t pmw_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n = 0;

	buf[0] = '\0';
	if (fd < 0)
		return -errno;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	if (n < 0)
		n = -errno;
	close(fd);
	buf[len] = '\0';
	return n < 0 ? n : (ssize_t)len;
}

static inline int pmw_write_mode(const char *buf, size_t len)
{
	return pmw_write_file(PMW_MODE, buf, len);
}

/* The mode as the mode file reads, without the newline. */
static inline const char *pmw_read_mode(char *buf, size_t size)
{
	return pmw_read_line(PMW_MODE, buf, size);
}

/* Writes a whole policy in one write; returns 0 or -errno. */
static inline int pmw_write_policy(const char *buf, size_t len)
{
	return pmw_write_file(PMW_POLICY, buf, len);
}

/*
 * The settings a test may change, as they were before it: each fixture
 * saves them in its setup and puts them back in its teardown, so that a
 * test leaves the boot as it found it.
 */
struct pmw_settings {
	bool saved;
	char mode[16];
	char audit_rate[24];
	char event_rate[24];
	char policy[PMW_POLICY_ROOM];
};

static inline int pmw_settings_save(struct pmw_settings *s)
{
	ssize_t n;

	s->saved = false;
	pmw_read_mode(s->mode, sizeof(s->mode));
	pmw_read_line(PMW_AUDIT_RATE, s->audit_rate, sizeof(s->audit_rate));
	pmw_read_line(PMW_EVENT_RATE, s->event_rate, sizeof(s->event_rate));
	n = pmw_read_file(PMW_POLICY, s->policy, sizeof(s->policy));
	if (n < 0)
		return n;
	/*
	 * Without event_rate (a kernel before v1) the tests still run, so
	 * that they show what such a kernel misses; stream_test fails there.
	 */
	if (!s->mode[0] || !s->audit_rate[0])
		return -ENOENT;
	s->saved = true;
	return 0;
}

/*
 * Puts every saved setting back; returns 0 or the first -errno. A policy
 * that read back empty is written as "\n": a write of nothing changes
 * nothing. Its read-back comments ("# now: ...") are comments to it.
 */
static inline int pmw_settings_restore(const struct pmw_settings *s)
{
	int err = 0, e;

	if (!s->saved)
		return 0;
	e = s->policy[0] ? pmw_write_str(PMW_POLICY, s->policy) : pmw_write_str(PMW_POLICY, "\n");
	err = err ?: e;
	e = pmw_write_str(PMW_AUDIT_RATE, s->audit_rate);
	err = err ?: e;
	e = s->event_rate[0] ? pmw_write_str(PMW_EVENT_RATE, s->event_rate) : 0;
	err = err ?: e;
	e = pmw_write_str(PMW_MODE, s->mode);
	return err ?: e;
}

/*
 * Sets what a fixture starts from: mode, policy (NULL: unchanged) and
 * event_rate (NULL: unchanged). On failure puts back what it had set and
 * returns -errno, so that a setup's ASSERT leaves nothing changed.
 */
static inline int pmw_settings_apply(const struct pmw_settings *s, const char *mode,
				     const char *policy, const char *event_rate)
{
	int err = 0;

	if (policy)
		err = pmw_write_str(PMW_POLICY, policy);
	if (!err && event_rate && s->event_rate[0])
		err = pmw_write_str(PMW_EVENT_RATE, event_rate);
	if (!err && mode)
		err = pmw_write_str(PMW_MODE, mode);
	if (err)
		pmw_settings_restore(s);
	return err;
}

/* Drops one capability from the effective set. Returns 0 or -1. */
static inline int pmw_drop_cap(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[CAP_TO_INDEX(cap)].effective &= ~CAP_TO_MASK(cap);
	return syscall(SYS_capset, &hdr, data) ? -1 : 0;
}

/*
 * Drops CAP_MAC_ADMIN from the effective set: the process stays root but
 * may no longer change procmemwatch, nor is it exempt from its budgets.
 */
static inline int pmw_drop_cap_mac_admin(void)
{
	return pmw_drop_cap(CAP_MAC_ADMIN);
}

/* True if cap is in the effective set. */
static inline bool pmw_has_cap(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[CAP_TO_INDEX(cap)].effective & CAP_TO_MASK(cap);
}

/* Opens and closes a file; returns 0 or the errno of the open. */
static inline int pmw_try_open(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/*
 * Becomes uid (real, effective, saved; its group too, no supplementary
 * ones), stays dumpable, so that processes of the same uid may reach its
 * memory (a process that changes uid becomes undumpable, and its /proc
 * files root's), and lets any process of its uid trace it under Yama's
 * relational scope. Returns 0 or -1.
 */
static inline int pmw_become(uid_t uid)
{
	if (setgroups(0, NULL) || setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
		return -1;
	if (prctl(PR_SET_DUMPABLE, 1))
		return -1;
	/* EINVAL without Yama: nothing to allow then. */
	prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
	return 0;
}

/* Yama's ptrace scope, read and never written; -1 without Yama. */
static inline int pmw_yama_scope(void)
{
	char buf[8];

	if (!pmw_read_line(PMW_YAMA_SCOPE, buf, sizeof(buf))[0])
		return -1;
	return atoi(buf);
}

/*
 * Why uid PMW_USER cannot ptrace another of its processes here (Yama's
 * admin-only or no-attach scopes: its targets allow any tracer, which
 * scope 1 honours), or NULL when it can.
 */
static inline const char *pmw_user_cannot_ptrace(void)
{
	int scope = pmw_yama_scope();

	if (scope >= 2)
		return "Yama's ptrace_scope is 2 or more: uid 1000 may not ptrace (not changed)";
	return NULL;
}

/* True if the kernel command line has this word. */
static inline bool pmw_cmdline_has(const char *word)
{
	char line[4096], *tok, *save;

	pmw_read_line("/proc/cmdline", line, sizeof(line));
	for (tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		if (!strcmp(tok, word))
			return true;
	return false;
}

/*
 * A process that waits to be killed, a target that is not the caller: as
 * root when uid is 0, else as uid (pmw_become()). Returns once it runs
 * as that uid: its pid, or -1.
 */
static inline pid_t pmw_spawn_target(uid_t uid)
{
	pid_t pid;
	int ready[2];
	char c = 0;

	if (pipe2(ready, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(ready[0]);
		if (uid && pmw_become(uid))
			_exit(1);
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		close(ready[1]);
		for (;;)
			pause();
	}
	close(ready[1]);
	if (pid > 0 && read(ready[0], &c, 1) != 1) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		pid = -1;
	}
	close(ready[0]);
	return pid;
}

/*
 * A child that has exited and is not reaped: its pid still names it, and
 * it has no memory left. Returns its pid, or -1; the caller reaps it.
 */
static inline pid_t pmw_spawn_zombie(void)
{
	siginfo_t info;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid > 0 && waitid(P_PID, pid, &info, WEXITED | WNOWAIT)) {
		waitpid(pid, NULL, 0);
		pid = -1;
	}
	return pid;
}

static inline void pmw_reap(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, __WALL);
	}
}

/* Waits for a child; its exit status, or -1 if it did not exit. */
static inline int pmw_wait(pid_t pid)
{
	int status;

	if (pid <= 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Runs fn in a child; returns its exit status, -1 if it did not exit. */
static inline int pmw_in_child(int (*fn)(void))
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	return pmw_wait(pid);
}

/* The PMW_ACCESS_* bits of an open with these flags. */
static inline unsigned int pmw_access_of(int flags)
{
	switch (flags & O_ACCMODE) {
	case O_WRONLY:
		return PMW_ACCESS_WRITE;
	case O_RDWR:
		return PMW_ACCESS_READ | PMW_ACCESS_WRITE;
	}
	return PMW_ACCESS_READ;
}

/* The executable of a process, as /proc/<pid>/exe links to it. */
static inline const char *pmw_exe_of(pid_t pid, char *buf, size_t size)
{
	char link[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/%d/exe", pid);
	n = readlink(link, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* True if id names the file at path by the numbers stat(2) gives it. */
static inline bool pmw_file_id_is(const struct pmw_file_id *id, const char *path)
{
	struct stat st;

	return !stat(path, &st) && id->ino == st.st_ino &&
	       id->dev_major == major(st.st_dev) && id->dev_minor == minor(st.st_dev);
}

/*
 * The info bits a test compares: PMW_INFO_UNTRUSTED_EXE is left out but
 * where identity_test looks at it (see struct pmw_want).
 */
#define PMW_INFO(rec)	((int)((rec)->info & ~PMW_INFO_UNTRUSTED_EXE))

/* What an access record should say; pmw_access_differs() compares. */
struct pmw_want {
	pid_t pid;			/* opener's thread group id */
	pid_t tid;			/* opener's thread id, 0: pid, -1: not compared */
	uid_t uid;			/* opener's real uid */
	uid_t euid;			/* opener's effective uid */
	pid_t target_pid;
	pid_t target_tid;		/* 0: target_pid */
	unsigned int access;		/* PMW_ACCESS_* */
	unsigned int outcome;		/* PMW_OUTCOME_* */
	unsigned int error;		/* positive errno, 0 for a completed access */
	unsigned int info;		/* PMW_INFO_* */
	/*
	 * PMW_INFO_* bits not compared. PMW_INFO_UNTRUSTED_EXE never is,
	 * unless check_untrusted: it is identity_test's business, where a
	 * wrong one fails the tests about it rather than every other.
	 */
	unsigned int info_ignored;
	bool check_untrusted;
	unsigned int route;		/* PMW_ROUTE_*, 0: PMW_ROUTE_MEM */
	unsigned long long bytes;	/* bytes a process_vm call moved */
	const char *exe;		/* opener's executable, NULL: not compared */
	const char *path;		/* the file's path, NULL: not compared */
};

static inline const char *pmw_outcome_name(unsigned int outcome)
{
	static const char *const names[] = {
		"?", "opened", "refused", "failed", "denied",
	};

	return outcome < ARRAY_SIZE(names) ? names[outcome] : "?";
}

/* NULL if rec says what want says, else which field differs, in why. */
static inline const char *pmw_access_differs(const struct pmw_access_record *rec,
					     const struct pmw_want *want,
					     char *why, size_t size)
{
	unsigned int ignored = want->info_ignored |
			       (want->check_untrusted ? 0 : PMW_INFO_UNTRUSTED_EXE);
	const struct {
		const char *name;
		unsigned long long got, want;
		bool hex, skip;
	} f[] = {
		{ "version", rec->hdr.version, 1, false, false },
		{ "route", rec->route, want->route ? want->route : PMW_ROUTE_MEM, false, false },
		{ "pid", rec->pid, (__u32)want->pid, false, false },
		{ "tid", rec->tid, (__u32)(want->tid ? want->tid : want->pid), false,
		  want->tid == -1 },
		{ "uid", rec->uid, want->uid, false, false },
		{ "euid", rec->euid, want->euid, false, false },
		{ "target_pid", rec->target_pid, (__u32)want->target_pid, false, false },
		{ "target_tid", rec->target_tid,
		  (__u32)(want->target_tid ? want->target_tid : want->target_pid), false, false },
		{ "access", rec->access, want->access, true, false },
		{ "error", rec->error, want->error, false, false },
		{ "info", rec->info & ~ignored, want->info & ~ignored, true, false },
		{ "bytes", rec->bytes, want->bytes, false, false },
	};
	char str[PATH_MAX];
	size_t i;

	if (rec->outcome != want->outcome) {
		snprintf(why, size, "outcome is %u (%s), expected %u (%s)",
			 rec->outcome, pmw_outcome_name(rec->outcome),
			 want->outcome, pmw_outcome_name(want->outcome));
		return why;
	}
	for (i = 0; i < ARRAY_SIZE(f); i++) {
		if (f[i].skip || f[i].got == f[i].want)
			continue;
		snprintf(why, size, f[i].hex ? "%s is %#llx, expected %#llx" :
			 "%s is %llu, expected %llu", f[i].name, f[i].got, f[i].want);
		return why;
	}
	if (want->exe && strcmp(want->exe, pmw_str(rec, &rec->exe, str, sizeof(str)))) {
		snprintf(why, size, "exe is \"%.*s\", expected \"%.*s\"",
			 (int)size / 3, str, (int)size / 3, want->exe);
		return why;
	}
	if (want->path && strcmp(want->path, pmw_str(rec, &rec->path, str, sizeof(str)))) {
		snprintf(why, size, "path is \"%.*s\", expected \"%.*s\"",
			 (int)size / 3, str, (int)size / 3, want->path);
		return why;
	}
	return NULL;
}

/* Describes a record that is not an access record, in why. */
static inline const char *pmw_not_access(const union pmw_any_record *rec, ssize_t n,
					 char *why, size_t size)
{
	if (n <= 0)
		snprintf(why, size, "no record within 2 s");
	else if (rec->hdr.type == PMW_RECORD_CONFIG)
		snprintf(why, size, "a config record of %.16s instead of an access",
			 rec->config.setting);
	else if (rec->hdr.type == PMW_RECORD_SUMMARY)
		snprintf(why, size, "a summary record (uid %u, %llu accesses) instead of an access",
			 rec->summary.uid, (unsigned long long)rec->summary.count);
	else
		snprintf(why, size, "a record of type %u, %zd bytes, instead of an access",
			 rec->hdr.type, n);
	return why;
}

/*
 * Reads the next record from fd, waiting at most 2 s for it, into rec.
 * NULL if it is the access want describes, else what is wrong, in why.
 */
static inline const char *pmw_check_access(int fd, const struct pmw_want *want,
					   union pmw_any_record *rec,
					   char *why, size_t size)
{
	ssize_t n = pmw_next_record(fd, rec->raw, 2000);

	if (!pmw_is(rec, n, PMW_RECORD_ACCESS, sizeof(rec->access)))
		return pmw_not_access(rec, n, why, size);
	return pmw_access_differs(&rec->access, want, why, size);
}

#ifdef __KSELFTEST_HARNESS_H
/* The next record of fd is the access want describes; it is left in *rec. */
static inline void pmw_expect_access_rec(struct __test_metadata *_metadata, int fd,
					 const struct pmw_want *want,
					 union pmw_any_record *rec, const char *what)
{
	char why[512];
	const char *wrong = pmw_check_access(fd, want, rec, why, sizeof(why));

	EXPECT_TRUE(!wrong) TH_LOG("record of %s: %s", what, wrong);
}

static inline void pmw_expect_access(struct __test_metadata *_metadata, int fd,
				     const struct pmw_want *want, const char *what)
{
	union pmw_any_record rec;

	pmw_expect_access_rec(_metadata, fd, want, &rec, what);
}

/* The next record of fd is the config record of this change of setting. */
static inline void pmw_expect_config(struct __test_metadata *_metadata, int fd,
				     const char *setting, const char *old, const char *new)
{
	union pmw_any_record rec;
	ssize_t n = pmw_next_record(fd, rec.raw, 2000);

	ASSERT_TRUE(pmw_is(&rec, n, PMW_RECORD_CONFIG, sizeof(rec.config)))
		TH_LOG("no config record of %s (got %zd bytes, type %u)", setting, n,
		       n > 0 ? rec.hdr.type : 0);
	EXPECT_EQ(sizeof(rec.config), rec.hdr.size);
	EXPECT_EQ(1, rec.hdr.version);
	EXPECT_STREQ(setting, rec.config.setting);
	/* NULL: any value. */
	EXPECT_STREQ(old ?: rec.config.old_value, rec.config.old_value)
		TH_LOG("old value of %s", setting);
	EXPECT_STREQ(new ?: rec.config.new_value, rec.config.new_value)
		TH_LOG("new value of %s", setting);
	EXPECT_EQ(getpid(), (pid_t)rec.config.pid);
	EXPECT_EQ(getuid(), rec.config.uid);
	EXPECT_LT(PMW_SOME_TIME_NS, rec.config.real_ns);
}

/* Skips the config records already in fd; fails on any other record. */
static inline void pmw_skip_config(struct __test_metadata *_metadata, int fd)
{
	union pmw_any_record rec;

	while (pmw_next_record(fd, rec.raw, 100) > 0)
		ASSERT_EQ(PMW_RECORD_CONFIG, rec.hdr.type) TH_LOG("a record before the test's");
}
#endif

/*
 * The audit records, read from NETLINK_AUDIT as the audit daemon would:
 * a test registers itself as the daemon (pmw_audit_set() of
 * AUDIT_STATUS_PID) and the kernel sends it every record.
 */
struct pmw_audit_msg {
	struct nlmsghdr nlh;
	char data[8970];
};

/* Sends a request and waits for its acknowledgment; 0 or -errno. */
static inline int pmw_audit_request(int fd, int type, const void *payload, size_t len)
{
	struct pmw_audit_msg msg = { 0 };
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	struct nlmsgerr *err;

	msg.nlh.nlmsg_len = NLMSG_SPACE(len);
	msg.nlh.nlmsg_type = type;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	memcpy(NLMSG_DATA(&msg.nlh), payload, len);
	if (sendto(fd, &msg, msg.nlh.nlmsg_len, 0, (struct sockaddr *)&addr,
		   sizeof(addr)) < 0)
		return -errno;
	for (;;) {
		if (recv(fd, &msg, sizeof(msg), 0) < 0)
			return -errno;
		if (msg.nlh.nlmsg_type != NLMSG_ERROR)
			continue;
		err = NLMSG_DATA(&msg.nlh);
		return err->error;
	}
}

/* Sets one field of the audit status; 0 or -errno. */
static inline int pmw_audit_set(int fd, __u32 mask, __u32 value)
{
	struct audit_status s = { .mask = mask };

	if (mask == AUDIT_STATUS_ENABLED)
		s.enabled = value;
	else if (mask == AUDIT_STATUS_PID)
		s.pid = value;
	else if (mask == AUDIT_STATUS_BACKLOG_LIMIT)
		s.backlog_limit = value;
	return pmw_audit_request(fd, AUDIT_SET, &s, sizeof(s));
}

/* The audit status; 0 or -errno. */
static inline int pmw_audit_get(int fd, struct audit_status *status)
{
	struct pmw_audit_msg msg = { 0 };
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	ssize_t n;

	msg.nlh.nlmsg_len = NLMSG_SPACE(0);
	msg.nlh.nlmsg_type = AUDIT_GET;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST;
	if (sendto(fd, &msg, msg.nlh.nlmsg_len, 0, (struct sockaddr *)&addr,
		   sizeof(addr)) < 0)
		return -errno;
	for (;;) {
		n = recv(fd, &msg, sizeof(msg), 0);
		if (n < 0)
			return -errno;
		if (msg.nlh.nlmsg_type == NLMSG_ERROR)
			return ((struct nlmsgerr *)NLMSG_DATA(&msg.nlh))->error ?: -EIO;
		if (msg.nlh.nlmsg_type == AUDIT_GET)
			break;
	}
	memcpy(status, NLMSG_DATA(&msg.nlh), sizeof(*status));
	return 0;
}

/*
 * Takes the audit daemon's place: a socket with a receive timeout of
 * timeout_s, audit enabled, a backlog room of 8192 and this process as
 * the daemon. Returns the socket, or -errno (-EEXIST when a daemon is
 * registered: its place is not taken); saved is what to put back.
 */
static inline int pmw_audit_listen(struct audit_status *saved, int timeout_s)
{
	struct timeval tv = { .tv_sec = timeout_s };
	int rcvbuf = 8 << 20, err;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf))) {
		err = -errno;
		close(fd);
		return err;
	}
	err = pmw_audit_get(fd, saved);
	if (!err && saved->pid)
		err = -EEXIST;
	if (!err)
		err = pmw_audit_set(fd, AUDIT_STATUS_ENABLED, 1);
	if (!err)
		err = pmw_audit_set(fd, AUDIT_STATUS_BACKLOG_LIMIT, 8192);
	if (!err)
		err = pmw_audit_set(fd, AUDIT_STATUS_PID, getpid());
	if (err) {
		if (err != -EEXIST) {
			pmw_audit_set(fd, AUDIT_STATUS_BACKLOG_LIMIT, saved->backlog_limit);
			pmw_audit_set(fd, AUDIT_STATUS_ENABLED, saved->enabled);
		}
		close(fd);
		return err;
	}
	return fd;
}

/* Gives the daemon's place back and puts audit as it was; 0 or -errno. */
static inline int pmw_audit_unlisten(int fd, const struct audit_status *saved)
{
	int err = pmw_audit_set(fd, AUDIT_STATUS_PID, 0);

	err = err ?: pmw_audit_set(fd, AUDIT_STATUS_BACKLOG_LIMIT, saved->backlog_limit);
	err = err ?: pmw_audit_set(fd, AUDIT_STATUS_ENABLED, saved->enabled);
	close(fd);
	return err;
}

/*
 * Next record from the kernel; its text in text. Returns its type, or -1
 * when none came within the socket's receive timeout.
 */
static inline int pmw_audit_next(int fd, char *text, size_t size)
{
	struct pmw_audit_msg msg;
	struct sockaddr_nl from;
	socklen_t len = sizeof(from);
	ssize_t n;

	for (;;) {
		n = recvfrom(fd, &msg, sizeof(msg), 0, (struct sockaddr *)&from, &len);
		if (n < (ssize_t)NLMSG_HDRLEN)
			return -1;
		if (from.nl_pid)
			continue;
		n -= NLMSG_HDRLEN;
		if ((size_t)n >= size)
			n = size - 1;
		memcpy(text, msg.data, n);
		text[n] = '\0';
		return msg.nlh.nlmsg_type;
	}
}

/* The value of field name in a record, up to the next space, or "". */
static inline const char *pmw_audit_field(const char *text, const char *name,
					  char *out, size_t size)
{
	size_t nlen = strlen(name), i = 0;
	const char *p = text;

	out[0] = '\0';
	while ((p = strstr(p, name))) {
		if ((p == text || p[-1] == ' ') && p[nlen] == '=') {
			p += nlen + 1;
			while (p[i] && p[i] != ' ' && i < size - 1) {
				out[i] = p[i];
				i++;
			}
			out[i] = '\0';
			return out;
		}
		p += nlen;
	}
	return out;
}

/* "audit(SEC.MS:SERIAL): ..." -> SERIAL */
static inline unsigned long pmw_audit_serial(const char *text)
{
	const char *colon = strchr(text, ':');

	return colon ? strtoul(colon + 1, NULL, 10) : 0;
}

/* Records read before a given one, in the order the kernel sent them. */
#define PMW_AUDIT_KEPT_MAX	32
struct pmw_audit_kept {
	int n;				/* how many, kept or not */
	int type[PMW_AUDIT_KEPT_MAX];
	char text[PMW_AUDIT_KEPT_MAX][4096];
};

/*
 * Reads records until one of this type whose text has mark, keeping the
 * first PMW_AUDIT_KEPT_MAX before it in kept. The kernel sends records in
 * the order they were logged: those of what a test did before it made the
 * mark's record come first. False if the mark did not come within the
 * socket's receive timeout of the last record.
 */
static inline bool pmw_audit_read_to(int fd, int type, const char *mark,
				     struct pmw_audit_kept *kept)
{
	char text[sizeof(struct pmw_audit_msg)];
	size_t len;
	int got;

	kept->n = 0;
	while ((got = pmw_audit_next(fd, text, sizeof(text))) >= 0) {
		if (got == type && strstr(text, mark))
			return true;
		if (kept->n < PMW_AUDIT_KEPT_MAX) {
			len = strnlen(text, sizeof(kept->text[0]) - 1);
			kept->type[kept->n] = got;
			memcpy(kept->text[kept->n], text, len);
			kept->text[kept->n][len] = '\0';
		}
		kept->n++;
	}
	return false;
}

#endif /* PROCMEMWATCH_SELFTEST_COMMON_H */
