// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: the audit records, read from NETLINK_AUDIT as the audit
 * daemon would, with hostile names, the flood limit, setting changes,
 * guard mode's denials and would-deny verdicts and policy loads, and a
 * flood of self-opens that must hide no other event from the stream or
 * from audit
 */

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <sys/ptrace.h>
#include <sys/uio.h>

#include "../kselftest_harness.h"
#include "common.h"
#include "container.h"

#define AUDIT_RATE	PMW_DIR "/audit_rate"
#define SELF_RATE	PMW_DIR "/self_rate"
#define HOSTILE_DIR	"/tmp/a b\"c"
#define HOSTILE_EXE	HOSTILE_DIR "/x\ty\xff"
#define HOSTILE_CGROUP	"/a b\"c\t\xff"
#define DOCKER_CGROUP	"/system.slice/docker-" \
			"3f9a1c5e7b2d4068a1c3e5f7091b2d4f6a8c0e1f3b5d7092c4e6f8a0b2d4f6e8.scope"

static void hex(const char *s, char *out)
{
	for (; *s; s++, out += 2)
		sprintf(out, "%02X", (unsigned char)*s);
	*out = '\0';
}

FIXTURE(audit) {
	int fd;
	bool registered;
	struct audit_status saved;
	char mode[16];
	char rate[16];
	char self_rate[16];
	char text[9000];
	char val[PATH_MAX];
};

/*
 * The test takes the audit daemon's place on the netlink socket, so it
 * never runs beside a real one, and puts back every setting it changes;
 * the policy it leaves empty.
 */
FIXTURE_SETUP(audit)
{
	struct timeval tv = { .tv_sec = 3 };
	int rcvbuf = 8 << 20;

	self->fd = -1;
	self->registered = false;
	self->mode[0] = '\0';
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	self->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (self->fd < 0)
		SKIP(return, "no audit support in this kernel: %s", strerror(errno));
	ASSERT_EQ(0, setsockopt(self->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	ASSERT_EQ(0, setsockopt(self->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)));
	ASSERT_EQ(0, pmw_audit_get(self->fd, &self->saved));
	if (self->saved.pid)
		SKIP(return, "an audit daemon (pid %u) is registered; not taking its place",
		     self->saved.pid);
	pmw_read_mode(self->mode, sizeof(self->mode));
	pmw_read_line(AUDIT_RATE, self->rate, sizeof(self->rate));
	pmw_read_line(SELF_RATE, self->self_rate, sizeof(self->self_rate));
	ASSERT_EQ(0, pmw_audit_set(self->fd, AUDIT_STATUS_ENABLED, 1));
	ASSERT_EQ(0, pmw_audit_set(self->fd, AUDIT_STATUS_BACKLOG_LIMIT, 8192));
	ASSERT_EQ(0, pmw_audit_set(self->fd, AUDIT_STATUS_PID, getpid()));
	self->registered = true;
	ASSERT_EQ(0, pmw_write_mode("detect", 6));
}

FIXTURE_TEARDOWN(audit)
{
	if (self->registered) {
		EXPECT_EQ(0, pmw_audit_set(self->fd, AUDIT_STATUS_PID, 0));
		EXPECT_EQ(0, pmw_audit_set(self->fd, AUDIT_STATUS_BACKLOG_LIMIT,
					   self->saved.backlog_limit));
		EXPECT_EQ(0, pmw_audit_set(self->fd, AUDIT_STATUS_ENABLED,
					   self->saved.enabled));
	}
	if (self->mode[0]) {
		EXPECT_EQ(0, pmw_write_mode(self->mode, strlen(self->mode)));
		EXPECT_EQ(0, pmw_write_file(AUDIT_RATE, self->rate, strlen(self->rate)));
		EXPECT_EQ(0, pmw_write_file(SELF_RATE, self->self_rate,
					    strlen(self->self_rate)));
		EXPECT_EQ(0, pmw_write_policy("\n", 1)) TH_LOG("cannot put the empty policy back");
	}
	if (self->fd >= 0)
		close(self->fd);
}

/* Reads records until a procmemwatch one for target; 0 or its serial. */
static unsigned long next_open_record(int fd, char *text, size_t size,
				      pid_t target)
{
	char val[32], want[32];
	int type;

	snprintf(want, sizeof(want), "%d", target);
	while ((type = pmw_audit_next(fd, text, size)) >= 0) {
		if (type == AUDIT_KERNEL_OTHER && strstr(text, " op=proc_mem_open ") &&
		    !strcmp(pmw_audit_field(text, "opid", val, sizeof(val)), want))
			return pmw_audit_serial(text);
	}
	return 0;
}

#define EXPECT_FIELD(name, want) \
	EXPECT_STREQ(want, pmw_audit_field(self->text, name, self->val, sizeof(self->val)))

/*
 * A process gets its syscall audit context at fork when audit has been
 * enabled: the opener is forked after the fixture enabled audit, as any
 * process is on a system that boots with audit.
 */
static pid_t open_in_child(const char *path)
{
	pid_t pid = fork();
	int fd;

	if (pid == 0) {
		fd = open(path, O_RDWR | O_CLOEXEC);
		_exit(fd < 0);
	}
	return pid;
}

TEST_F(audit, open_record_has_every_field)
{
	pid_t target = fork(), opener;
	char path[64], num[32], exe[PATH_MAX], quoted[PATH_MAX + 2];
	unsigned long serial;
	union pmw_any_record ev;
	int events, type, status;
	ssize_t n;

	ASSERT_LE(0, target);
	if (target == 0) {
		pause();
		_exit(0);
	}
	events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, events);
	snprintf(path, sizeof(path), "/proc/%d/mem", target);
	opener = open_in_child(path);
	ASSERT_EQ(opener, waitpid(opener, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_TRUE(pmw_next_open(events, &ev));
	close(events);

	serial = next_open_record(self->fd, self->text, sizeof(self->text), target);
	ASSERT_NE(0UL, serial) TH_LOG("no record for %s", path);
	TH_LOG("%s", self->text);
	/* procmemwatch's mark comes first, right after the header. */
	EXPECT_NE(NULL, strstr(self->text, "): lsm=procmemwatch op=proc_mem_open "));
	snprintf(num, sizeof(num), "%d", opener);
	EXPECT_FIELD("pid", num);
	EXPECT_FIELD("tid", num);
	snprintf(num, sizeof(num), "%d", getpid());
	EXPECT_FIELD("ppid", num);
	EXPECT_FIELD("uid", "0");
	EXPECT_FIELD("euid", "0");
	EXPECT_FIELD("auid", "4294967295");
	EXPECT_FIELD("ses", "4294967295");
	EXPECT_FIELD("comm", "\"audit_test\"");
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	ASSERT_LT(0, n);
	exe[n] = '\0';
	snprintf(quoted, sizeof(quoted), "\"%s\"", exe);
	EXPECT_FIELD("exe", quoted);
	snprintf(num, sizeof(num), "%d", target);
	EXPECT_FIELD("opid", num);
	EXPECT_FIELD("otid", num);
	EXPECT_FIELD("ouid", "0");
	EXPECT_FIELD("ocomm", "\"audit_test\"");
	EXPECT_FIELD("oexe", quoted);
	/* Both in the root cgroup, in one pid namespace. */
	EXPECT_FIELD("cgroup", "\"/\"");
	EXPECT_FIELD("ocgroup", "\"/\"");
	EXPECT_FIELD("nscross", "no");
	snprintf(quoted, sizeof(quoted), "\"%s\"", path);
	EXPECT_FIELD("path", quoted);
	snprintf(num, sizeof(num), "0x%x", ev.open.flags);
	EXPECT_FIELD("oflag", num);
	EXPECT_EQ(O_RDWR, (int)ev.open.flags & O_ACCMODE);
	EXPECT_FIELD("access", "read-write");
	EXPECT_FIELD("self", "0");
	EXPECT_FIELD("tracer", "0");
	EXPECT_FIELD("thread", "0");
	snprintf(num, sizeof(num), "%llu", (unsigned long long)ev.hdr.seq);
	EXPECT_FIELD("seq", num);
	EXPECT_FIELD("outcome", "opened");
	EXPECT_FIELD("errno", "0");
	EXPECT_FIELD("res", "1");

	/* The openat(2)'s SYSCALL record closes the same audit event. */
	while ((type = pmw_audit_next(self->fd, self->text, sizeof(self->text))) >= 0)
		if (type == AUDIT_SYSCALL && pmw_audit_serial(self->text) == serial)
			break;
	EXPECT_EQ(AUDIT_SYSCALL, type);
	EXPECT_FIELD("syscall", "257");
	snprintf(num, sizeof(num), "%d", opener);
	EXPECT_FIELD("pid", num);
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);
}

/* Reads records until procmemwatch's op by opener; true if one came. */
static bool next_op_by(int fd, char *text, size_t size, const char *op, pid_t opener)
{
	char val[32], want[32], mark[64];

	snprintf(want, sizeof(want), "%d", opener);
	snprintf(mark, sizeof(mark), " op=%s ", op);
	while (pmw_audit_next(fd, text, size) >= 0)
		if (strstr(text, "lsm=procmemwatch") && strstr(text, mark) &&
		    !strcmp(pmw_audit_field(text, "pid", val, sizeof(val)), want))
			return true;
	return false;
}

static char route_buf[64];

/* A process_vm_readv, a process_vm_writev, an attach, an open of kcore. */
static int take_every_route(pid_t target)
{
	struct iovec local = { .iov_base = route_buf, .iov_len = sizeof(route_buf) };
	struct iovec remote = { .iov_base = route_buf, .iov_len = sizeof(route_buf) };
	int fd;

	if (process_vm_readv(target, &local, 1, &remote, 1, 0) != sizeof(route_buf) ||
	    process_vm_writev(target, &local, 1, &remote, 1, 0) != sizeof(route_buf))
		return 1;
	/* Detached when this process exits. */
	if (ptrace(PTRACE_SEIZE, target, 0, 0))
		return 2;
	/* No O_CLOEXEC: the record's oflag is then O_LARGEFILE alone. */
	fd = open("/proc/kcore", O_RDONLY);
	return fd < 0 ? 3 : 0;
}

/*
 * Each route is a record whose op= names it, with the same fields as a
 * mem open's but those it has not: no path of a system call, no target
 * of /proc/kcore; process_vm records say the bytes moved.
 */
TEST_F(audit, every_route_is_an_audit_record)
{
	static const struct {
		const char *op, *access;
		bool target, path, bytes;
	} ops[] = {
		{ "process_vm_readv", "read", true, false, true },
		{ "process_vm_writev", "write", true, false, true },
		{ "ptrace_attach", "read-write", true, false, false },
		{ "proc_kcore_open", "read", false, true, false },
	};
	pid_t target = fork(), opener;
	char num[32];
	unsigned int i;
	int status;

	ASSERT_LE(0, target);
	if (target == 0) {
		pause();
		_exit(0);
	}
	opener = fork();
	ASSERT_LE(0, opener);
	if (opener == 0)
		_exit(take_every_route(target));
	ASSERT_EQ(opener, waitpid(opener, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		ASSERT_TRUE(next_op_by(self->fd, self->text, sizeof(self->text),
				       ops[i].op, opener)) TH_LOG("no op=%s record", ops[i].op);
		TH_LOG("%s", self->text);
		EXPECT_FIELD("access", ops[i].access);
		EXPECT_FIELD("outcome", "opened");
		EXPECT_FIELD("errno", "0");
		EXPECT_FIELD("res", "1");
		EXPECT_FIELD("uid", "0");
		EXPECT_FIELD("comm", "\"audit_test\"");
		snprintf(num, sizeof(num), "%d", target);
		EXPECT_FIELD("opid", ops[i].target ? num : "");
		EXPECT_FIELD("ouid", ops[i].target ? "0" : "");
		EXPECT_FIELD("ocomm", ops[i].target ? "\"audit_test\"" : "");
		EXPECT_FIELD("path", ops[i].path ? "\"/proc/kcore\"" : "");
		EXPECT_FIELD("oflag", ops[i].path ? "0x8000" : "");
		EXPECT_FIELD("bytes", ops[i].bytes ? "64" : "");
		EXPECT_FIELD("cgroup", "\"/\"");
		EXPECT_FIELD("nscross", ops[i].target ? "no" : "");
	}
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);
}

/*
 * Each side's cgroup path, as an untrusted string (ausearch -i decodes
 * cgroup=), and the pid namespace crossing, in both directions.
 */
TEST_F(audit, containers_are_in_audit_records)
{
	struct pmw_member docker, hostile;
	char num[32], want[2 * PATH_MAX];

	ASSERT_EQ(0, pmw_cgroup_mount());
	ASSERT_EQ(0, pmw_cgroup_make(DOCKER_CGROUP));
	ASSERT_EQ(0, pmw_cgroup_make(HOSTILE_CGROUP));
	ASSERT_EQ(0, pmw_member_spawn(&docker, DOCKER_CGROUP, CLONE_NEWPID | CLONE_NEWNS));
	ASSERT_EQ(0, pmw_member_spawn(&hostile, HOSTILE_CGROUP, 0));

	ASSERT_EQ(0, pmw_member_do(&hostile, PMW_MEMBER_OPEN_MEM, docker.pid));
	ASSERT_NE(0UL, next_open_record(self->fd, self->text, sizeof(self->text), docker.pid));
	TH_LOG("%s", self->text);
	snprintf(num, sizeof(num), "%d", hostile.pid);
	EXPECT_FIELD("pid", num);
	hex(HOSTILE_CGROUP, want);
	EXPECT_FIELD("cgroup", want);
	EXPECT_FIELD("ocgroup", "\"" DOCKER_CGROUP "\"");
	EXPECT_FIELD("nscross", "host");

	ASSERT_EQ(0, pmw_member_do(&docker, PMW_MEMBER_OPEN_MEM, hostile.pid));
	ASSERT_NE(0UL, next_open_record(self->fd, self->text, sizeof(self->text), hostile.pid));
	TH_LOG("%s", self->text);
	EXPECT_FIELD("cgroup", "\"" DOCKER_CGROUP "\"");
	EXPECT_FIELD("ocgroup", want);
	EXPECT_FIELD("nscross", "outward");

	pmw_member_stop(&docker);
	pmw_member_stop(&hostile);
	pmw_cgroup_remove(DOCKER_CGROUP, 1);
	pmw_cgroup_remove(HOSTILE_CGROUP, 0);
}

static int copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	char buf[65536];
	ssize_t n = -1;

	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, n) != n) {
			n = -1;
			break;
		}
	}
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return n == 0 ? 0 : -1;
}

/* Run from a hostile path under a hostile name, open its own memory. */
static int hostile_child(const char *self_exe)
{
	int fd;

	mkdir(HOSTILE_DIR, 0755);
	if (copy_file(self_exe, HOSTILE_EXE))
		return 10;
	if (!fork()) {
		static char *const argv[] = { "x", "--open-self", NULL };

		execv(HOSTILE_EXE, argv);
		_exit(11);
	}
	wait(&fd);
	return WIFEXITED(fd) ? WEXITSTATUS(fd) : 12;
}

TEST_F(audit, hostile_names_are_hex_encoded)
{
	char exe[PATH_MAX], want[2 * PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	pid_t child;
	int status;

	ASSERT_LT(0, n);
	exe[n] = '\0';
	child = fork();
	if (child == 0)
		_exit(hostile_child(exe));
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	/* The hostile process opened its own mem file: opid is its pid. */
	while (pmw_audit_next(self->fd, self->text, sizeof(self->text)) >= 0)
		if (strstr(self->text, " op=proc_mem_open ") &&
		    !strcmp(pmw_audit_field(self->text, "ppid", self->val, sizeof(self->val)),
			    (snprintf(want, sizeof(want), "%d", child), want)))
			break;
	TH_LOG("%s", self->text);
	hex("a b\"c\n\x7f", want);
	EXPECT_FIELD("comm", want);
	EXPECT_FIELD("ocomm", want);
	hex(HOSTILE_EXE, want);
	EXPECT_FIELD("exe", want);
	EXPECT_FIELD("oexe", want);
	EXPECT_FIELD("self", "1");
	unlink(HOSTILE_EXE);
}

static long long received;
static int receiving = 1;

static void *count_records(void *arg)
{
	int fd = *(int *)arg;
	char text[9000];
	int type;

	while (__atomic_load_n(&receiving, __ATOMIC_ACQUIRE)) {
		type = pmw_audit_next(fd, text, sizeof(text));
		if (type == AUDIT_KERNEL_OTHER && strstr(text, " op=proc_mem_open "))
			__atomic_add_fetch(&received, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* A failed open says how it failed: outcome, errno and res=0. */
TEST_F(audit, failed_open_has_its_errno)
{
	char num[32];
	pid_t opener = fork();
	int status;

	ASSERT_LE(0, opener);
	if (opener == 0)
		_exit(open("/proc/self/mem", O_RDONLY | O_DIRECT | O_CLOEXEC) < 0 &&
		      errno == EINVAL ? 0 : 1);
	ASSERT_EQ(opener, waitpid(opener, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_NE(0UL, next_open_record(self->fd, self->text, sizeof(self->text), opener));
	snprintf(num, sizeof(num), "%d", opener);
	EXPECT_FIELD("pid", num);
	EXPECT_FIELD("outcome", "failed");
	snprintf(num, sizeof(num), "%d", EINVAL);
	EXPECT_FIELD("errno", num);
	EXPECT_FIELD("res", "0");
}

/* Opens its own memory n times, as root without CAP_MAC_ADMIN. */
static pid_t open_self_without_cap_mac_admin(int n)
{
	pid_t pid = fork();
	int i, fd;

	if (pid)
		return pid;
	if (pmw_drop_cap_mac_admin())
		_exit(2);
	for (i = 0; i < n; i++) {
		fd = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			_exit(3);
		close(fd);
	}
	_exit(0);
}

/*
 * A process that cannot switch procmemwatch off gets at most audit_rate
 * records a second (self_rate is off here, so that each open is an
 * event); the stream still has every open.
 */
TEST_F(audit, flood_is_limited_and_every_record_accounted)
{
	const int opens = 100000;
	long long opened = pmw_stat("opened");
	long long suppressed = pmw_stat("audit_suppressed");
	long long emitted = pmw_stat("audit_emitted");
	long long before;
	pthread_t thread;
	pid_t opener;
	int status;

	ASSERT_EQ(0, pmw_write_file(AUDIT_RATE, "1000\n", 5));
	ASSERT_EQ(0, pmw_write_file(SELF_RATE, "0\n", 2));
	received = 0;
	ASSERT_EQ(0, pthread_create(&thread, NULL, count_records, &self->fd));
	opener = open_self_without_cap_mac_admin(opens);
	ASSERT_EQ(opener, waitpid(opener, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	/* Let the receiver drain what is still on its way. */
	do {
		before = __atomic_load_n(&received, __ATOMIC_ACQUIRE);
		sleep(1);
	} while (__atomic_load_n(&received, __ATOMIC_ACQUIRE) != before);
	__atomic_store_n(&receiving, 0, __ATOMIC_RELEASE);
	pthread_join(thread, NULL);
	ASSERT_EQ(0, pmw_write_file(AUDIT_RATE, "100\n", 4));

	TH_LOG("received %lld, suppressed %lld", received,
	       pmw_stat("audit_suppressed") - suppressed);
	/* The stream is not limited; audit is, and counts what it leaves out. */
	EXPECT_EQ(opens, pmw_stat("opened") - opened);
	EXPECT_LT(0, pmw_stat("audit_suppressed") - suppressed);
	EXPECT_EQ(0, pmw_stat("audit_unavailable"));
	EXPECT_EQ(received, pmw_stat("audit_emitted") - emitted);
	EXPECT_EQ(opens, received + pmw_stat("audit_suppressed") - suppressed);
}

/* Those who could switch procmemwatch off have every record logged. */
TEST_F(audit, cap_mac_admin_records_are_never_left_out)
{
	long long suppressed = pmw_stat("audit_suppressed");
	pid_t target = fork(), opener;
	int n = 0, status;

	ASSERT_LE(0, target);
	if (target == 0) {
		pause();
		_exit(0);
	}
	ASSERT_EQ(0, pmw_write_file(AUDIT_RATE, "1\n", 2));
	opener = fork();
	ASSERT_LE(0, opener);
	if (opener == 0) {
		char path[64];
		int i, fd;

		snprintf(path, sizeof(path), "/proc/%d/mem", target);
		for (i = 0; i < 20; i++) {
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				_exit(1);
			close(fd);
		}
		_exit(0);
	}
	ASSERT_EQ(opener, waitpid(opener, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	while (n < 20 && next_open_record(self->fd, self->text, sizeof(self->text), target))
		n++;
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);
	EXPECT_EQ(20, n);
	EXPECT_EQ(suppressed, pmw_stat("audit_suppressed"));
}

/* A change of mode is a MAC_STATUS record, as SELinux's and IPE's are. */
TEST_F(audit, setting_changes_are_audited)
{
	char num[32];
	int type;

	ASSERT_EQ(0, pmw_write_mode("off\n", 4));
	ASSERT_EQ(0, pmw_write_mode("detect\n", 7));
	while ((type = pmw_audit_next(self->fd, self->text, sizeof(self->text))) >= 0)
		if (strstr(self->text, "lsm=procmemwatch op=set setting=mode old=off"))
			break;
	EXPECT_EQ(AUDIT_MAC_STATUS, type);
	EXPECT_FIELD("new", "detect");
	EXPECT_FIELD("enforcing", "0");
	EXPECT_FIELD("old_enforcing", "0");
	EXPECT_FIELD("enabled", "1");
	EXPECT_FIELD("old-enabled", "0");
	snprintf(num, sizeof(num), "%d", getpid());
	EXPECT_FIELD("pid", num);
	EXPECT_FIELD("res", "1");
	EXPECT_EQ(-EINVAL, pmw_write_mode("nonsense", 8));
	ASSERT_EQ(0, pmw_write_file(AUDIT_RATE, "100", 3));
	while ((type = pmw_audit_next(self->fd, self->text, sizeof(self->text))) >= 0)
		if (strstr(self->text, "op=set setting=audit_rate"))
			break;
	EXPECT_EQ(AUDIT_MAC_CONFIG_CHANGE, type);
	EXPECT_FIELD("new", "100");
	EXPECT_EQ(-EINVAL, pmw_write_file(AUDIT_RATE, "-1", 2));
	EXPECT_EQ(-EINVAL, pmw_write_file(AUDIT_RATE, "12 ", 3));
	EXPECT_EQ(-EINVAL, pmw_write_file(AUDIT_RATE, "99999999999", 11));
}

/* Records read before a mark, for the tests that want all of them. */
static struct pmw_audit_kept kept;

/*
 * Marks the audit stream: writes audit_rate's own value back, which logs
 * a MAC_CONFIG_CHANGE record after every record logged before, and reads
 * the records up to it into kept. False if the mark never came.
 */
static bool read_to_mark(int fd)
{
	char rate[16], mark[128];

	pmw_read_line(AUDIT_RATE, rate, sizeof(rate));
	snprintf(mark, sizeof(mark), " op=set setting=audit_rate old=%s new=%s pid=%d ",
		 rate, rate, getpid());
	return !pmw_write_file(AUDIT_RATE, rate, strlen(rate)) &&
	       pmw_audit_read_to(fd, AUDIT_MAC_CONFIG_CHANGE, mark, &kept);
}

/* How many records of kept are of type, with what in their text. */
static int kept_count(int type, const char *what)
{
	int i, n = 0;

	for (i = 0; i < kept.n && i < PMW_AUDIT_KEPT_MAX; i++)
		n += kept.type[i] == type && strstr(kept.text[i], what);
	return n;
}

/* The index in kept of the first record of type with what in its text, or -1. */
static int kept_index(int type, const char *what)
{
	int i;

	for (i = 0; i < kept.n && i < PMW_AUDIT_KEPT_MAX; i++)
		if (kept.type[i] == type && strstr(kept.text[i], what))
			return i;
	return -1;
}

/* The first record of kept of type with what in its text, or NULL. */
static const char *kept_find(int type, const char *what)
{
	int i = kept_index(type, what);

	return i < 0 ? NULL : kept.text[i];
}

/*
 * A child opens path with flags; returns its pid, and in *err the errno
 * of its open, 0, or -1 when it could not try. Forked after the fixture
 * enabled audit, it has a syscall audit context.
 */
static pid_t open_mem_in_child(const char *path, int flags, int *err)
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(pmw_try_open(path, flags));
	*err = -1;
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status))
		*err = WEXITSTATUS(status);
	return pid;
}

/* Reads records until the open record of opener; 0 or its serial. */
static unsigned long next_open_by(int fd, char *text, size_t size, pid_t opener)
{
	char val[32], want[32];
	int type;

	snprintf(want, sizeof(want), "%d", opener);
	while ((type = pmw_audit_next(fd, text, size)) >= 0) {
		if (type == AUDIT_KERNEL_OTHER && strstr(text, " op=proc_mem_open ") &&
		    !strcmp(pmw_audit_field(text, "pid", val, sizeof(val)), want))
			return pmw_audit_serial(text);
	}
	return 0;
}

#define EXPECT_FIELD_OF(text, name, want) \
	EXPECT_STREQ(want, pmw_audit_field(text, name, self->val, sizeof(self->val)))

/*
 * In enforce, a denied open is one audit record, logged from the open(2)
 * that was denied: outcome denied, errno EPERM, res=0, the number the
 * stream gives the event.
 */
TEST_F(audit, denied_open_is_an_audit_record)
{
	struct pmw_want_open want = {
		.uid = 0,
		.euid = 0,
		.access = PMW_ACCESS_READ,
		.outcome = PMW_OUTCOME_DENIED,
		.error = EPERM,
		/* Whether a denial also says would-deny is not compared here. */
		.info_ignored = PMW_INFO_WOULD_DENY,
	};
	char path[64], num[32], what[64], why[256];
	const char *rec, *wrong, *syscall;
	union pmw_any_record ev;
	pid_t target, opener;
	int events, err;

	ASSERT_EQ(0, pmw_write_policy("\n", 1));
	ASSERT_TRUE(read_to_mark(self->fd)) TH_LOG("no mark before the test");
	target = pmw_spawn_target(0);
	ASSERT_LT(0, target);
	ASSERT_EQ(0, pmw_write_mode("enforce", 7));
	events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, events);
	snprintf(path, sizeof(path), "/proc/%d/mem", target);
	opener = open_mem_in_child(path, O_RDONLY, &err);
	ASSERT_LT(0, opener);
	EXPECT_EQ(EPERM, err) TH_LOG("enforce, empty policy: open of %s", path);
	ASSERT_EQ(0, pmw_write_mode("detect", 6));
	ASSERT_TRUE(read_to_mark(self->fd)) TH_LOG("no mark after the open");
	ASSERT_GE(PMW_AUDIT_KEPT_MAX, kept.n) TH_LOG("%d records before the mark", kept.n);
	want.pid = opener;
	want.target_pid = target;
	ASSERT_TRUE(pmw_next_open(events, &ev)) TH_LOG("no event in the stream");
	wrong = pmw_open_differs(&ev.open, &want, why, sizeof(why));
	EXPECT_TRUE(!wrong) TH_LOG("the event of the denied open: %s", wrong);
	close(events);
	pmw_reap(target);

	snprintf(what, sizeof(what), " opid=%d ", target);
	EXPECT_EQ(1, kept_count(AUDIT_KERNEL_OTHER, what))
		TH_LOG("%d records read, expected one KERNEL_OTHER record with%s", kept.n, what);
	rec = kept_find(AUDIT_KERNEL_OTHER, what);
	ASSERT_NE(NULL, rec);
	TH_LOG("%s", rec);
	EXPECT_NE(NULL, strstr(rec, "): lsm=procmemwatch op=proc_mem_open "));
	snprintf(num, sizeof(num), "%d", opener);
	EXPECT_FIELD_OF(rec, "pid", num);
	snprintf(num, sizeof(num), "%d", target);
	EXPECT_FIELD_OF(rec, "opid", num);
	EXPECT_FIELD_OF(rec, "uid", "0");
	EXPECT_FIELD_OF(rec, "access", "read");
	EXPECT_FIELD_OF(rec, "self", "0");
	snprintf(num, sizeof(num), "%llu", (unsigned long long)ev.hdr.seq);
	EXPECT_FIELD_OF(rec, "seq", num);
	EXPECT_FIELD_OF(rec, "outcome", "denied");
	snprintf(num, sizeof(num), "%d", EPERM);
	EXPECT_FIELD_OF(rec, "errno", num);
	EXPECT_FIELD_OF(rec, "res", "0");

	/* Logged from the denied openat(2): its SYSCALL record, which failed. */
	snprintf(what, sizeof(what), ":%lu): ", pmw_audit_serial(rec));
	syscall = kept_find(AUDIT_SYSCALL, what);
	ASSERT_NE(NULL, syscall) TH_LOG("no SYSCALL record of serial %lu",
					pmw_audit_serial(rec));
	EXPECT_FIELD_OF(syscall, "syscall", "257");
	EXPECT_FIELD_OF(syscall, "success", "no");
	snprintf(num, sizeof(num), "%d", -EPERM);
	EXPECT_FIELD_OF(syscall, "exit", num);
	snprintf(num, sizeof(num), "%d", opener);
	EXPECT_FIELD_OF(syscall, "pid", num);
}

/*
 * In detect the verdict of the policy is in the record: would_deny=1 for
 * an open of another process's memory that no rule allows, which goes
 * ahead; 0 for a self-open and for an open a rule allows.
 */
TEST_F(audit, would_deny_in_detect_is_in_audit)
{
	const char *policy = "allow uid=0 access=read\n";
	char path[64], num[32];
	pid_t target, opener;
	int err;

	ASSERT_EQ(0, pmw_write_policy("\n", 1));
	/* Each self-open an event of its own, not counted in a self-opens record. */
	ASSERT_EQ(0, pmw_write_file(SELF_RATE, "0\n", 2));
	target = pmw_spawn_target(0);
	ASSERT_LT(0, target);
	snprintf(path, sizeof(path), "/proc/%d/mem", target);

	opener = open_mem_in_child(path, O_RDONLY, &err);
	ASSERT_LT(0, opener);
	EXPECT_EQ(0, err) TH_LOG("detect goes ahead with what it would deny");
	ASSERT_NE(0UL, next_open_by(self->fd, self->text, sizeof(self->text), opener))
		TH_LOG("no record of the open of another process, empty policy");
	TH_LOG("%s", self->text);
	snprintf(num, sizeof(num), "%d", target);
	EXPECT_FIELD("opid", num);
	EXPECT_FIELD("self", "0");
	EXPECT_FIELD("would_deny", "1");
	EXPECT_FIELD("outcome", "opened");
	EXPECT_FIELD("errno", "0");
	EXPECT_FIELD("res", "1");

	opener = open_mem_in_child("/proc/self/mem", O_RDONLY, &err);
	ASSERT_LT(0, opener);
	EXPECT_EQ(0, err);
	ASSERT_NE(0UL, next_open_by(self->fd, self->text, sizeof(self->text), opener))
		TH_LOG("no record of the self-open");
	snprintf(num, sizeof(num), "%d", opener);
	EXPECT_FIELD("opid", num);
	EXPECT_FIELD("self", "1");
	EXPECT_FIELD("would_deny", "0");
	EXPECT_FIELD("res", "1");

	ASSERT_EQ(0, pmw_write_policy(policy, strlen(policy)));
	opener = open_mem_in_child(path, O_RDONLY, &err);
	ASSERT_LT(0, opener);
	EXPECT_EQ(0, err);
	ASSERT_NE(0UL, next_open_by(self->fd, self->text, sizeof(self->text), opener))
		TH_LOG("no record of the read a rule allows");
	snprintf(num, sizeof(num), "%d", target);
	EXPECT_FIELD("opid", num);
	EXPECT_FIELD("access", "read");
	EXPECT_FIELD("would_deny", "0");
	EXPECT_FIELD("outcome", "opened");
	EXPECT_FIELD("res", "1");

	/* The rule allows reads only: a read-write open it would deny. */
	opener = open_mem_in_child(path, O_RDWR, &err);
	ASSERT_LT(0, opener);
	EXPECT_EQ(0, err);
	ASSERT_NE(0UL, next_open_by(self->fd, self->text, sizeof(self->text), opener))
		TH_LOG("no record of the read-write open the rule does not allow");
	EXPECT_FIELD("access", "read-write");
	EXPECT_FIELD("would_deny", "1");
	EXPECT_FIELD("res", "1");

	pmw_reap(target);
	EXPECT_EQ(0, pmw_write_policy("\n", 1));
}

/*
 * A policy written is a MAC_POLICY_LOAD record with the number of rules
 * before and after and the writer; a policy refused logs nothing.
 */
TEST_F(audit, policy_load_is_an_audit_record)
{
	const char *two = "allow uid=0 access=read\nallow tracer access=rw\n";
	static const char *const bad[] = {
		"allow uid=abc\n",
		"allow uid=7\nallow tracer access=rw\nallow uid=\n",
	};
	const char *load = "): lsm=procmemwatch op=policy_load ";
	const char *rec;
	char num[32];
	int i;

	ASSERT_EQ(0, pmw_write_policy("\n", 1));
	ASSERT_TRUE(read_to_mark(self->fd)) TH_LOG("no mark before the test");
	ASSERT_EQ(0, pmw_write_policy(two, strlen(two)));
	EXPECT_EQ(-EINVAL, pmw_write_policy(bad[0], strlen(bad[0])));
	ASSERT_EQ(0, pmw_write_policy("\n", 1));
	EXPECT_EQ(-EINVAL, pmw_write_policy(bad[1], strlen(bad[1])));
	ASSERT_TRUE(read_to_mark(self->fd)) TH_LOG("no mark after the writes");
	ASSERT_GE(PMW_AUDIT_KEPT_MAX, kept.n) TH_LOG("%d records before the mark", kept.n);

	for (i = 0; i < kept.n; i++)
		TH_LOG("%s", kept.text[i]);
	/* Two writes taken, two records; each of them a policy load. */
	EXPECT_EQ(2, kept_count(AUDIT_MAC_POLICY_LOAD, load));
	EXPECT_EQ(2, kept_count(AUDIT_MAC_POLICY_LOAD, "lsm=procmemwatch ") +
		     kept_count(AUDIT_MAC_CONFIG_CHANGE, "lsm=procmemwatch ") +
		     kept_count(AUDIT_MAC_STATUS, "lsm=procmemwatch ") +
		     kept_count(AUDIT_KERNEL_OTHER, "lsm=procmemwatch "));
	rec = kept_find(AUDIT_MAC_POLICY_LOAD, " rules=2 ");
	ASSERT_NE(NULL, rec) TH_LOG("no record of the policy of two rules");
	EXPECT_NE(NULL, strstr(rec, load));
	EXPECT_FIELD_OF(rec, "old_rules", "0");
	snprintf(num, sizeof(num), "%d", getpid());
	EXPECT_FIELD_OF(rec, "pid", num);
	EXPECT_FIELD_OF(rec, "uid", "0");
	EXPECT_FIELD_OF(rec, "auid", "4294967295");
	EXPECT_FIELD_OF(rec, "ses", "4294967295");
	EXPECT_FIELD_OF(rec, "comm", "\"audit_test\"");
	EXPECT_FIELD_OF(rec, "res", "1");
	rec = kept_find(AUDIT_MAC_POLICY_LOAD, " rules=0 ");
	ASSERT_NE(NULL, rec) TH_LOG("no record of the empty policy");
	EXPECT_FIELD_OF(rec, "old_rules", "2");
	EXPECT_FIELD_OF(rec, "pid", num);
	EXPECT_FIELD_OF(rec, "res", "1");
	/* In the order written. */
	EXPECT_LT(kept_index(AUDIT_MAC_POLICY_LOAD, " rules=2 "),
		  kept_index(AUDIT_MAC_POLICY_LOAD, " rules=0 "));
}

/* What the flood test's processes share. */
struct flood {
	int stop;
	long long opens;
};

static void *open_self_flat_out(void *arg)
{
	struct flood *flood = arg;
	int fd;

	while (!__atomic_load_n(&flood->stop, __ATOMIC_ACQUIRE)) {
		fd = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			_exit(2);
		close(fd);
		__atomic_add_fetch(&flood->opens, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

/* uid 1000 opens its own memory from four threads until told to stop. */
static pid_t start_flood(struct flood *flood)
{
	pid_t pid = fork();
	pthread_t threads[4];
	int i;

	if (pid)
		return pid;
	/* Dumpable again, or its own mem file would be root's. */
	if (setresuid(1000, 1000, 1000) || prctl(PR_SET_DUMPABLE, 1))
		_exit(2);
	for (i = 0; i < 4; i++)
		if (pthread_create(&threads[i], NULL, open_self_flat_out, flood))
			_exit(2);
	for (i = 0; i < 4; i++)
		pthread_join(threads[i], NULL);
	_exit(0);
}

/* Root opens the victim's memory every 20 ms, n times. */
static pid_t start_cross_opens(pid_t victim, int n)
{
	pid_t pid = fork();
	char path[64];
	int i, fd;

	if (pid)
		return pid;
	snprintf(path, sizeof(path), "/proc/%d/mem", victim);
	for (i = 0; i < n; i++) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			_exit(2);
		close(fd);
		usleep(20000);
	}
	_exit(0);
}

/* What the stream or audit said of the flood test's processes. */
struct flood_seen {
	long long cross;
	long long flood_single;
	long long flood_counted;
	long long summaries;
	long long lost;
};

static void stream_saw(const union pmw_any_record *rec, pid_t victim,
		       struct flood_seen *seen)
{
	const struct pmw_self_opens_record *so = (const void *)rec;

	if (rec->hdr.type == PMW_RECORD_LOST) {
		seen->lost += rec->lost.count;
	} else if (rec->hdr.type == PMW_RECORD_OPEN) {
		if (rec->open.target_pid == (__u32)victim)
			seen->cross++;
		else if (rec->open.uid == 1000 && (rec->open.info & PMW_INFO_SELF))
			seen->flood_single++;
	} else if (rec->hdr.type == PMW_RECORD_SELF_OPENS && so->uid == 1000) {
		seen->flood_counted += so->count;
		seen->summaries++;
	}
}

static struct flood_seen audit_seen;
static pid_t audit_victim;

static void *count_flood_records(void *arg)
{
	char text[9000], val[32], want[32];
	int fd = *(int *)arg;

	snprintf(want, sizeof(want), "%d", audit_victim);
	while (__atomic_load_n(&receiving, __ATOMIC_ACQUIRE)) {
		if (pmw_audit_next(fd, text, sizeof(text)) != AUDIT_KERNEL_OTHER)
			continue;
		if (strstr(text, " op=proc_mem_open ")) {
			if (!strcmp(pmw_audit_field(text, "opid", val, sizeof(val)), want))
				audit_seen.cross++;
			else if (!strcmp(pmw_audit_field(text, "uid", val, sizeof(val)), "1000"))
				audit_seen.flood_single++;
		} else if (strstr(text, " op=proc_mem_self_opens ") &&
			   !strcmp(pmw_audit_field(text, "uid", val, sizeof(val)), "1000")) {
			audit_seen.flood_counted +=
				atoll(pmw_audit_field(text, "count", val, sizeof(val)));
			audit_seen.summaries++;
		}
	}
	return NULL;
}

/*
 * An unprivileged user opening its own memory flat out from four threads
 * hides nothing: every open of another process's memory, made meanwhile
 * at a steady rate, reaches a slow reader and audit, nothing is lost, and
 * every open of the flood is counted, one by one or in self-opens records.
 */
TEST_F(audit, self_open_flood_hides_no_other_event)
{
	const int cross_opens = 100;
	struct flood *flood = mmap(NULL, sizeof(*flood), PROT_READ | PROT_WRITE,
				   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	long long suppressed = pmw_stat("audit_suppressed");
	struct flood_seen seen = { 0 };
	union pmw_any_record rec;
	pid_t victim, cross, flooder;
	pthread_t thread;
	int events, status;

	ASSERT_NE(MAP_FAILED, flood);
	ASSERT_EQ(0, pmw_write_file(SELF_RATE, "10\n", 3));
	events = pmw_open_new_events(0);
	ASSERT_LE(0, events);
	victim = fork();
	if (victim == 0) {
		pause();
		_exit(0);
	}
	ASSERT_LT(0, victim);
	audit_victim = victim;
	__atomic_store_n(&receiving, 1, __ATOMIC_RELEASE);
	ASSERT_EQ(0, pthread_create(&thread, NULL, count_flood_records, &self->fd));
	flooder = start_flood(flood);
	usleep(200000);
	cross = start_cross_opens(victim, cross_opens);

	/* A slow reader: one record at a time, at most 100 a second. */
	while (waitpid(cross, &status, WNOHANG) == 0) {
		if (pmw_next_record(events, rec.raw, 100) > 0)
			stream_saw(&rec, victim, &seen);
		usleep(10000);
	}
	ASSERT_EQ(0, WEXITSTATUS(status));
	__atomic_store_n(&flood->stop, 1, __ATOMIC_RELEASE);
	ASSERT_EQ(flooder, waitpid(flooder, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	/* The last self-opens record comes within a second. */
	while (pmw_next_record(events, rec.raw, 2500) > 0)
		stream_saw(&rec, victim, &seen);
	sleep(1);
	__atomic_store_n(&receiving, 0, __ATOMIC_RELEASE);
	pthread_join(thread, NULL);
	kill(victim, SIGKILL);
	waitpid(victim, NULL, 0);
	close(events);

	TH_LOG("flood %lld opens: %lld single, %lld in %lld self-opens records",
	       flood->opens, seen.flood_single, seen.flood_counted, seen.summaries);
	EXPECT_EQ(0, seen.lost);
	EXPECT_EQ(cross_opens, seen.cross);
	EXPECT_LT(0, seen.summaries);
	EXPECT_EQ(flood->opens, seen.flood_single + seen.flood_counted);
	EXPECT_EQ(cross_opens, audit_seen.cross);
	EXPECT_EQ(flood->opens, audit_seen.flood_single + audit_seen.flood_counted);
	EXPECT_EQ(suppressed, pmw_stat("audit_suppressed"));
	munmap(flood, sizeof(*flood));
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--open-self")) {
		int fd;

		prctl(PR_SET_NAME, "a b\"c\n\x7f");
		fd = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
		return fd < 0;
	}
	return test_harness_run(argc, argv);
}
