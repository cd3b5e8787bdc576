/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procmemwatch selftests: reading the events file and the stats file, and
 * the audit records from NETLINK_AUDIT
 */

#ifndef PROCMEMWATCH_SELFTEST_COMMON_H
#define PROCMEMWATCH_SELFTEST_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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
#define PMW_LOCK	PMW_DIR "/lock"
#define PMW_AUDIT_RATE	PMW_DIR "/audit_rate"
#define PMW_SELF_RATE	PMW_DIR "/self_rate"

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
	struct pmw_open_record open;
	struct pmw_lost_record lost;
	struct pmw_dropped_record dropped;
	struct pmw_config_record config;
	char raw[PMW_RECORD_MAX];
};

/* A reader that sees only the events from now on. */
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

/* Reads the next open record; fails on a lost record or none within 2 s. */
static inline bool pmw_next_open(int fd, union pmw_any_record *rec)
{
	ssize_t n = pmw_next_record(fd, rec->raw, 2000);

	return n >= (ssize_t)sizeof(rec->open) && rec->hdr.size == n &&
	       rec->hdr.type == PMW_RECORD_OPEN;
}

/* True if no record arrives within timeout_ms. */
static inline bool pmw_no_record(int fd, int timeout_ms)
{
	char buf[PMW_RECORD_MAX];

	return pmw_next_record(fd, buf, timeout_ms) == 0;
}

/* A string of a record, copied out and NUL-terminated. */
static inline const char *pmw_str(const struct pmw_open_record *rec,
				  const struct pmw_string *s, char *out,
				  size_t size)
{
	size_t len = s->len < size - 1 ? s->len : size - 1;

	memcpy(out, (const char *)rec + s->offset, len);
	out[len] = '\0';
	return out;
}

/* The value of one counter of the stats file, or -1. */
static inline long long pmw_stat(const char *name)
{
	char line[128], key[64];
	long long val, found = -1;
	FILE *f = fopen(PMW_STATS, "r");

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

static inline int pmw_write_mode(const char *buf, size_t len)
{
	return pmw_write_file(PMW_MODE, buf, len);
}

/* The mode as the mode file reads, without the newline. */
static inline const char *pmw_read_mode(char *buf, size_t size)
{
	return pmw_read_line(PMW_MODE, buf, size);
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
 * may no longer change procmemwatch, nor is it exempt from its limits.
 * Returns 0 or -1.
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

/* Writes a whole policy in one write; returns 0 or -errno. */
static inline int pmw_write_policy(const char *buf, size_t len)
{
	return pmw_write_file(PMW_POLICY, buf, len);
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
 * A process that waits to be killed, a target that is not the caller: as
 * root when uid is 0, else as uid and kept dumpable, so that uid may open
 * its files. Returns once it runs as that uid: its pid, or -1.
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
		if (uid && (setresuid(uid, uid, uid) || prctl(PR_SET_DUMPABLE, 1)))
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

static inline void pmw_reap(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, __WALL);
	}
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

/* What an open record should say; pmw_check_open() compares. */
struct pmw_want_open {
	pid_t pid;			/* opener's thread group id */
	pid_t tid;			/* opener's thread id, 0: pid */
	uid_t uid;			/* opener's real uid */
	uid_t euid;			/* opener's effective uid */
	pid_t target_pid;
	pid_t target_tid;		/* 0: target_pid */
	unsigned int access;		/* PMW_ACCESS_* */
	unsigned int outcome;		/* PMW_OUTCOME_* */
	unsigned int error;		/* positive errno, 0 for a completed open */
	unsigned int info;		/* PMW_INFO_* */
	unsigned int info_ignored;	/* PMW_INFO_* bits not compared */
	const char *exe;		/* opener's executable, NULL: not compared */
	unsigned int route;		/* PMW_ROUTE_*, 0: PMW_ROUTE_MEM */
	unsigned long long bytes;	/* bytes a process_vm call moved */
};

static inline const char *pmw_outcome_name(unsigned int outcome)
{
	static const char *const names[] = {
		"?", "opened", "refused", "failed", "denied",
	};

	return outcome < ARRAY_SIZE(names) ? names[outcome] : "?";
}

/* NULL if rec says what want says, else which field differs, in why. */
static inline const char *pmw_open_differs(const struct pmw_open_record *rec,
					   const struct pmw_want_open *want,
					   char *why, size_t size)
{
	const struct {
		const char *name;
		unsigned long long got, want;
		bool hex;
	} f[] = {
		{ "pid", rec->pid, (__u32)want->pid, false },
		{ "tid", rec->tid, (__u32)(want->tid ? want->tid : want->pid), false },
		{ "uid", rec->uid, want->uid, false },
		{ "euid", rec->euid, want->euid, false },
		{ "target_pid", rec->target_pid, (__u32)want->target_pid, false },
		{ "target_tid", rec->target_tid,
		  (__u32)(want->target_tid ? want->target_tid : want->target_pid), false },
		{ "access", rec->access, want->access, true },
		{ "error", rec->error, want->error, false },
		{ "info", rec->info & ~want->info_ignored, want->info, true },
		{ "route", rec->route, want->route ? want->route : PMW_ROUTE_MEM, false },
		{ "bytes", rec->bytes, want->bytes, false },
	};
	char exe[4096];
	size_t i;

	if (rec->outcome != want->outcome) {
		snprintf(why, size, "outcome is %u (%s), expected %u (%s)",
			 rec->outcome, pmw_outcome_name(rec->outcome),
			 want->outcome, pmw_outcome_name(want->outcome));
		return why;
	}
	for (i = 0; i < ARRAY_SIZE(f); i++) {
		if (f[i].got == f[i].want)
			continue;
		snprintf(why, size, f[i].hex ? "%s is %#llx, expected %#llx" :
			 "%s is %llu, expected %llu", f[i].name, f[i].got, f[i].want);
		return why;
	}
	if (want->exe && strcmp(want->exe, pmw_str(rec, &rec->exe, exe, sizeof(exe)))) {
		snprintf(why, size, "exe is \"%.*s\", expected \"%.*s\"",
			 (int)size / 3, exe, (int)size / 3, want->exe);
		return why;
	}
	return NULL;
}

/*
 * Reads the next record from fd, waiting at most 2 s for it. NULL if it
 * is the open want describes, else what is wrong with it, in why.
 */
static inline const char *pmw_check_open(int fd, const struct pmw_want_open *want,
					 char *why, size_t size)
{
	union pmw_any_record rec;
	ssize_t n = pmw_next_record(fd, rec.raw, 2000);

	if (n <= 0) {
		snprintf(why, size, "no record within 2 s");
		return why;
	}
	if (rec.hdr.type == PMW_RECORD_CONFIG) {
		snprintf(why, size, "a config record of %.16s instead of an open",
			 rec.config.setting);
		return why;
	}
	if (rec.hdr.type != PMW_RECORD_OPEN || n < (ssize_t)sizeof(rec.open) ||
	    rec.hdr.size != n) {
		snprintf(why, size, "a record of type %u, %zd bytes, instead of an open",
			 rec.hdr.type, n);
		return why;
	}
	return pmw_open_differs(&rec.open, want, why, size);
}

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

/* Runs fn in a child; returns its exit status, -1 if it did not exit. */
static inline int pmw_in_child(int (*fn)(void))
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#endif /* PROCMEMWATCH_SELFTEST_COMMON_H */
