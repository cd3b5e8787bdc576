// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: the audit records, read from NETLINK_AUDIT as the audit
 * daemon would: every field of an access (the executables by number, a
 * passed descriptor), every route, begun and summary records, hostile
 * names, the audit_rate limit, setting changes, guard mode's denials and
 * would-deny verdicts, policy loads and refreshes. Floods that must hide
 * nothing are flood_test's.
 */

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/sysmacros.h>

#include "../kselftest_harness.h"
#include "common.h"
#include "container.h"

#define AUDIT_RATE	PMW_AUDIT_RATE
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
	struct audit_status saved_audit;
	struct pmw_settings saved;
	char text[9000];
	char val[PATH_MAX];
};

/*
 * The test takes the audit daemon's place on the netlink socket, so it
 * never runs beside a real one, and puts back every setting it changes.
 * Mode detect, an empty policy, no budget for the stream.
 */
FIXTURE_SETUP(audit)
{
	self->fd = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, "detect", "\n", "0"));
	/* Last: a failed setup would leave nobody to give the daemon's place back. */
	self->fd = pmw_audit_listen(&self->saved_audit, 3);
	if (self->fd < 0)
		pmw_settings_restore(&self->saved);
	if (self->fd == -EEXIST)
		SKIP(return, "an audit daemon is registered; not taking its place");
	if (self->fd < 0)
		SKIP(return, "no audit support in this kernel: %s", strerror(-self->fd));
}

FIXTURE_TEARDOWN(audit)
{
	if (self->fd >= 0)
		EXPECT_EQ(0, pmw_audit_unlisten(self->fd, &self->saved_audit));
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
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
	struct stat st;
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
	ASSERT_TRUE(pmw_next_access(events, &ev));
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
	/* The executable by number, dev= as audit's own PATH records write it. */
	ASSERT_EQ(0, stat(exe, &st));
	snprintf(num, sizeof(num), "%lu", (unsigned long)st.st_ino);
	EXPECT_FIELD("exe_ino", num);
	EXPECT_FIELD("oexe_ino", num);
	snprintf(num, sizeof(num), "%02x:%02x", major(st.st_dev), minor(st.st_dev));
	EXPECT_FIELD("exe_dev", num);
	EXPECT_FIELD("oexe_dev", num);
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
	snprintf(num, sizeof(num), "0x%x", ev.access.flags);
	EXPECT_FIELD("oflag", num);
	EXPECT_EQ(O_RDWR, (int)ev.access.flags & O_ACCMODE);
	EXPECT_FIELD("access", "read-write");
	EXPECT_FIELD("self", "0");
	EXPECT_FIELD("tracer", "0");
	EXPECT_FIELD("thread", "0");
	EXPECT_FIELD("passed", "0");
	EXPECT_FIELD("traced_exec", "0");
	EXPECT_FIELD("would_deny", "1");
	EXPECT_FIELD("begun_seq", "");
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

/*
 * A process_vm_readv, a process_vm_writev, an open of the target's
 * environ, an attach, an open of kcore.
 */
static int take_every_route(pid_t target)
{
	struct iovec local = { .iov_base = route_buf, .iov_len = sizeof(route_buf) };
	struct iovec remote = { .iov_base = route_buf, .iov_len = sizeof(route_buf) };
	char path[64];
	int fd;

	if (process_vm_readv(target, &local, 1, &remote, 1, 0) != sizeof(route_buf) ||
	    process_vm_writev(target, &local, 1, &remote, 1, 0) != sizeof(route_buf))
		return 1;
	snprintf(path, sizeof(path), "/proc/%d/environ", target);
	/* No O_CLOEXEC: the record's oflag is then O_LARGEFILE alone. */
	if (open(path, O_RDONLY) < 0)
		return 4;
	/* Detached when this process exits. */
	if (ptrace(PTRACE_SEIZE, target, 0, 0))
		return 2;
	fd = open("/proc/kcore", O_RDONLY);
	return fd < 0 ? 3 : 0;
}

/*
 * Each route is a record whose op= names it, with the same fields as a
 * mem open's but those it has not: no path of a system call, no target
 * of /proc/kcore; process_vm records say the bytes moved and name the
 * begun record logged before them, in order.
 */
TEST_F(audit, every_route_is_an_audit_record)
{
	static const struct {
		const char *op, *access, *path;
		bool target, bytes;
	} ops[] = {
		{ "process_vm_readv_begun", "", "", true, false },
		{ "process_vm_readv", "read", "", true, true },
		{ "process_vm_writev_begun", "", "", true, false },
		{ "process_vm_writev", "write", "", true, true },
		{ "proc_environ_open", "read", "environ", true, false },
		{ "ptrace_attach", "read-write", "", true, false },
		{ "proc_kcore_open", "read", "\"/proc/kcore\"", false, false },
	};
	pid_t target = fork(), opener;
	char num[32], path[64], begun[32] = "";
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
	snprintf(path, sizeof(path), "\"/proc/%d/environ\"", target);
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		bool is_begun = strstr(ops[i].op, "_begun");

		ASSERT_TRUE(next_op_by(self->fd, self->text, sizeof(self->text),
				       ops[i].op, opener)) TH_LOG("no op=%s record", ops[i].op);
		TH_LOG("%s", self->text);
		EXPECT_FIELD("uid", "0");
		EXPECT_FIELD("comm", "\"audit_test\"");
		snprintf(num, sizeof(num), "%d", target);
		EXPECT_FIELD("opid", ops[i].target ? num : "");
		EXPECT_FIELD("ocomm", ops[i].target ? "\"audit_test\"" : "");
		if (is_begun) {
			snprintf(num, sizeof(num), "%d", opener);
			EXPECT_FIELD("tid", num);
			snprintf(num, sizeof(num), "%d", target);
			EXPECT_FIELD("otid", num);
			pmw_audit_field(self->text, "seq", begun, sizeof(begun));
			EXPECT_NE(0, begun[0]) TH_LOG("a begun record without seq=");
			continue;
		}
		EXPECT_FIELD("access", ops[i].access);
		EXPECT_FIELD("outcome", "opened");
		EXPECT_FIELD("errno", "0");
		EXPECT_FIELD("res", "1");
		EXPECT_FIELD("ouid", ops[i].target ? "0" : "");
		EXPECT_FIELD("path", !ops[i].path[0] ? "" :
				     strcmp(ops[i].path, "environ") ? ops[i].path : path);
		EXPECT_FIELD("oflag", ops[i].path[0] ? "0x8000" : "");
		EXPECT_FIELD("bytes", ops[i].bytes ? "64" : "");
		/* A process_vm record names the begun record just before it. */
		EXPECT_FIELD("begun_seq", ops[i].bytes ? begun : "");
		EXPECT_FIELD("passed", "0");
		EXPECT_FIELD("traced_exec", "0");
		EXPECT_FIELD("cgroup", "\"/\"");
		EXPECT_FIELD("nscross", ops[i].target ? "no" : "");
	}
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);
}

/* Reads 64 bytes of target at remote, in a child; its pid, *err its errno. */
static pid_t readv_in_child(pid_t target, void *remote_base, int *err)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct iovec local = { .iov_base = route_buf, .iov_len = sizeof(route_buf) };
		struct iovec remote = { .iov_base = remote_base, .iov_len = sizeof(route_buf) };
		ssize_t n = process_vm_readv(target, &local, 1, &remote, 1, 0);

		_exit(n < 0 ? errno : n == sizeof(route_buf) ? 0 : 200);
	}
	*err = pmw_wait(pid);
	return pid;
}

/*
 * Reads records until opener's op=process_vm_readv one, in self->text;
 * *begun is set to the seq= of its op=process_vm_readv_begun record, ""
 * if none came before it. False if the record never came.
 */
static bool next_readv_by(int fd, char *text, size_t size, pid_t opener,
			  char *begun, size_t begun_size)
{
	char val[32], want[32];

	begun[0] = '\0';
	snprintf(want, sizeof(want), "%d", opener);
	while (pmw_audit_next(fd, text, size) >= 0) {
		if (!strstr(text, "lsm=procmemwatch") ||
		    strcmp(pmw_audit_field(text, "pid", val, sizeof(val)), want))
			continue;
		if (strstr(text, " op=process_vm_readv_begun "))
			pmw_audit_field(text, "seq", begun, begun_size);
		else if (strstr(text, " op=process_vm_readv "))
			return true;
	}
	return false;
}

/*
 * A process_vm record says bytes= always, what the call moved, 0 when it
 * failed; begun_seq= only when a begun record was logged for it: not for
 * a call procmemwatch denied, which copied nothing.
 */
TEST_F(audit, process_vm_bytes_and_begun_seq)
{
	char begun[32], num[32];
	pid_t target, opener;
	int err;

	target = pmw_spawn_target(0);
	ASSERT_LT(0, target);

	/* Detect, an address the target has not mapped: failed, EFAULT. */
	opener = readv_in_child(target, NULL, &err);
	EXPECT_EQ(EFAULT, err);
	ASSERT_TRUE(next_readv_by(self->fd, self->text, sizeof(self->text), opener,
				  begun, sizeof(begun))) TH_LOG("no record of the failed read");
	TH_LOG("%s", self->text);
	EXPECT_NE(0, begun[0]) TH_LOG("no begun record of a call that was let through");
	EXPECT_FIELD("bytes", "0");
	EXPECT_FIELD("begun_seq", begun);
	EXPECT_FIELD("outcome", "failed");
	snprintf(num, sizeof(num), "%d", EFAULT);
	EXPECT_FIELD("errno", num);
	EXPECT_FIELD("res", "0");

	/* Detect, read in full: the bytes, and the begun record. */
	opener = readv_in_child(target, route_buf, &err);
	EXPECT_EQ(0, err);
	ASSERT_TRUE(next_readv_by(self->fd, self->text, sizeof(self->text), opener,
				  begun, sizeof(begun))) TH_LOG("no record of the read");
	EXPECT_NE(0, begun[0]);
	snprintf(num, sizeof(num), "%zu", sizeof(route_buf));
	EXPECT_FIELD("bytes", num);
	EXPECT_FIELD("begun_seq", begun);
	EXPECT_FIELD("outcome", "opened");

	/* Enforce, no rule: denied before any copy, no begun record. */
	ASSERT_EQ(0, pmw_write_mode("enforce", 7));
	opener = readv_in_child(target, route_buf, &err);
	ASSERT_EQ(0, pmw_write_mode("detect", 6));
	EXPECT_EQ(EPERM, err);
	ASSERT_TRUE(next_readv_by(self->fd, self->text, sizeof(self->text), opener,
				  begun, sizeof(begun))) TH_LOG("no record of the denied read");
	TH_LOG("%s", self->text);
	EXPECT_STREQ("", begun) TH_LOG("a begun record of a denied call");
	EXPECT_FIELD("bytes", "0");
	EXPECT_FIELD("begun_seq", "");
	EXPECT_FIELD("outcome", "denied");
	snprintf(num, sizeof(num), "%d", EPERM);
	EXPECT_FIELD("errno", num);
	EXPECT_FIELD("res", "0");
	pmw_reap(target);
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
 * records a second (event_rate is off here, so that each open is an
 * event); the stream still has every open.
 */
TEST_F(audit, flood_is_limited_and_every_record_accounted)
{
	const int opens = 100000;
	long long opened = pmw_stat("opened");
	long long suppressed, emitted, emitted_after, before;
	pthread_t thread;
	pid_t opener;
	int status;

	/* The fixture set event_rate to 0: each open is a record of the stream. */
	ASSERT_EQ(0, pmw_write_file(AUDIT_RATE, "1000\n", 5));
	/* After the change of audit_rate, itself an audit record. */
	suppressed = pmw_stat("audit_suppressed");
	emitted = pmw_stat("audit_emitted");
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
	emitted_after = pmw_stat("audit_emitted");
	ASSERT_EQ(0, pmw_write_file(AUDIT_RATE, "100\n", 4));

	TH_LOG("received %lld, suppressed %lld", received,
	       pmw_stat("audit_suppressed") - suppressed);
	/* The stream is not limited; audit is, and counts what it leaves out. */
	EXPECT_EQ(opens, pmw_stat("opened") - opened);
	EXPECT_LT(0, pmw_stat("audit_suppressed") - suppressed);
	EXPECT_EQ(0, pmw_stat("audit_unavailable"));
	EXPECT_EQ(received, emitted_after - emitted);
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
	struct pmw_want want = {
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
	ASSERT_TRUE(pmw_next_access(events, &ev)) TH_LOG("no event in the stream");
	wrong = pmw_access_differs(&ev.access, &want, why, sizeof(why));
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
 * Every policy write is a MAC_POLICY_LOAD record, with the writer: one
 * taken says the number of rules before and after, res=1; one refused
 * says errno= and the line at fault (line=, 0 for the whole text), res=0,
 * and changes nothing.
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
	/* Four writes, four records; each of them a policy load. */
	EXPECT_EQ(4, kept_count(AUDIT_MAC_POLICY_LOAD, load));
	EXPECT_EQ(4, kept_count(AUDIT_MAC_POLICY_LOAD, "lsm=procmemwatch ") +
		     kept_count(AUDIT_MAC_CONFIG_CHANGE, "lsm=procmemwatch ") +
		     kept_count(AUDIT_MAC_STATUS, "lsm=procmemwatch ") +
		     kept_count(AUDIT_KERNEL_OTHER, "lsm=procmemwatch "));
	snprintf(num, sizeof(num), "%d", getpid());
	rec = kept_find(AUDIT_MAC_POLICY_LOAD, " rules=2 ");
	ASSERT_NE(NULL, rec) TH_LOG("no record of the policy of two rules");
	EXPECT_NE(NULL, strstr(rec, load));
	EXPECT_FIELD_OF(rec, "old_rules", "0");
	EXPECT_FIELD_OF(rec, "errno", "");
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
	/* The refused writes: EINVAL, the line at fault, no rule counts. */
	rec = kept_find(AUDIT_MAC_POLICY_LOAD, " line=1 ");
	ASSERT_NE(NULL, rec) TH_LOG("no record of the write refused at line 1");
	EXPECT_NE(NULL, strstr(rec, load));
	snprintf(num, sizeof(num), "%d", EINVAL);
	EXPECT_FIELD_OF(rec, "errno", num);
	EXPECT_FIELD_OF(rec, "rules", "");
	EXPECT_FIELD_OF(rec, "old_rules", "");
	snprintf(num, sizeof(num), "%d", getpid());
	EXPECT_FIELD_OF(rec, "pid", num);
	EXPECT_FIELD_OF(rec, "uid", "0");
	EXPECT_FIELD_OF(rec, "comm", "\"audit_test\"");
	EXPECT_FIELD_OF(rec, "res", "0");
	rec = kept_find(AUDIT_MAC_POLICY_LOAD, " line=3 ");
	ASSERT_NE(NULL, rec) TH_LOG("no record of the write refused at line 3");
	snprintf(num, sizeof(num), "%d", EINVAL);
	EXPECT_FIELD_OF(rec, "errno", num);
	EXPECT_FIELD_OF(rec, "res", "0");
	/* In the order written. */
	EXPECT_LT(kept_index(AUDIT_MAC_POLICY_LOAD, " rules=2 "),
		  kept_index(AUDIT_MAC_POLICY_LOAD, " line=1 "));
	EXPECT_LT(kept_index(AUDIT_MAC_POLICY_LOAD, " line=1 "),
		  kept_index(AUDIT_MAC_POLICY_LOAD, " rules=0 "));
	EXPECT_LT(kept_index(AUDIT_MAC_POLICY_LOAD, " rules=0 "),
		  kept_index(AUDIT_MAC_POLICY_LOAD, " line=3 "));
}

/* Waits for a child that must exit 0. */
static void expect_exit_0(struct __test_metadata *_metadata, pid_t pid, const char *what)
{
	EXPECT_EQ(0, pmw_wait(pid)) TH_LOG("%s", what);
}

/*
 * A read through a descriptor another process opened: a fork child reads
 * its parent's memory through the parent's /proc/self/mem. Its record
 * says passed=1, the child as opener, the parent as target.
 */
TEST_F(audit, passed_descriptor_is_in_audit)
{
	char num[32], path[64];
	int ready[2];
	pid_t owner, reader = 0;

	ASSERT_EQ(0, pipe(ready));
	owner = fork();
	ASSERT_LE(0, owner);
	if (owner == 0) {
		char buf[8];
		int fd = open("/proc/self/mem", O_RDONLY);
		pid_t child;

		if (fd < 0)
			_exit(1);
		child = fork();
		if (child == 0)
			_exit(pread(fd, buf, sizeof(buf), (off_t)(uintptr_t)route_buf) ==
			      sizeof(buf) ? 0 : 2);
		if (write(ready[1], &child, sizeof(child)) != sizeof(child))
			_exit(3);
		_exit(pmw_wait(child));
	}
	close(ready[1]);
	ASSERT_EQ((ssize_t)sizeof(reader), read(ready[0], &reader, sizeof(reader)));
	close(ready[0]);
	expect_exit_0(_metadata, owner, "the owner and its child");
	snprintf(num, sizeof(num), "%d", owner);
	ASSERT_TRUE(next_op_by(self->fd, self->text, sizeof(self->text), "proc_mem_open",
			       reader)) TH_LOG("no record of the child's read");
	TH_LOG("%s", self->text);
	EXPECT_FIELD("opid", num);
	EXPECT_FIELD("passed", "1");
	EXPECT_FIELD("self", "0");
	EXPECT_FIELD("access", "read");
	EXPECT_FIELD("outcome", "opened");
	EXPECT_FIELD("would_deny", "1");
	snprintf(path, sizeof(path), "\"/proc/%d/mem\"", owner);
	EXPECT_FIELD("path", path);
	EXPECT_FIELD("res", "1");
}

/*
 * Past event_rate a second, one user's accesses are counted in a summary
 * record, which audit logs whatever audit_rate says: op=summary, the
 * user, the count and how they went, the last opener and target.
 */
TEST_F(audit, summary_is_in_audit)
{
	long long count = 0, self_count = 0;
	char num[32], text[sizeof(self->text)];
	int i, summaries = 0;
	pid_t pid;

	ASSERT_EQ(0, pmw_write_str(PMW_EVENT_RATE, "2"));
	ASSERT_EQ(0, pmw_write_str(AUDIT_RATE, "1"));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		prctl(PR_SET_NAME, "summed");
		if (pmw_become(PMW_USER))
			_exit(1);
		for (i = 0; i < 10; i++)
			if (pmw_try_open("/proc/self/mem", O_RDONLY))
				_exit(2);
		_exit(0);
	}
	expect_exit_0(_metadata, pid, "ten opens of its own memory as uid 1000");
	snprintf(num, sizeof(num), "%d", pid);
	/* Two summaries if the opens straddled a second: their counts add up. */
	while (pmw_audit_next(self->fd, text, sizeof(text)) >= 0) {
		if (!strstr(text, "lsm=procmemwatch op=summary ") ||
		    strcmp(pmw_audit_field(text, "pid", self->val, sizeof(self->val)), num))
			continue;
		memcpy(self->text, text, sizeof(self->text));
		count += atoll(pmw_audit_field(text, "count", self->val, sizeof(self->val)));
		self_count += atoll(pmw_audit_field(text, "self", self->val, sizeof(self->val)));
		summaries++;
	}
	ASSERT_LT(0, summaries) TH_LOG("no summary");
	TH_LOG("%d summaries, the last: %s", summaries, self->text);
	EXPECT_EQ(8, count);
	EXPECT_EQ(8, self_count);
	EXPECT_FIELD("uid", "1000");
	EXPECT_FIELD("refused", "0");
	EXPECT_FIELD("failed", "0");
	EXPECT_FIELD("denied", "0");
	EXPECT_FIELD("would_deny", "0");
	EXPECT_FIELD("comm", "\"summed\"");
	EXPECT_FIELD("opid", num);
	EXPECT_FIELD("ocomm", "\"summed\"");
	EXPECT_FIELD("route", "mem");
	EXPECT_NE(0, pmw_audit_field(self->text, "first_ns", self->val, sizeof(self->val))[0]);
	EXPECT_NE(0, pmw_audit_field(self->text, "last_ns", self->val, sizeof(self->val))[0]);
	EXPECT_NE(0, pmw_audit_field(self->text, "seq", self->val, sizeof(self->val))[0]);
	EXPECT_FIELD("res", "1");
}

/* A refresh is a MAC_POLICY_LOAD record, op=refresh, naming its writer. */
TEST_F(audit, refresh_is_a_policy_load)
{
	char num[32];
	int type;

	ASSERT_EQ(0, pmw_write_str(PMW_REFRESH, "1"));
	while ((type = pmw_audit_next(self->fd, self->text, sizeof(self->text))) >= 0)
		if (strstr(self->text, "lsm=procmemwatch op=refresh "))
			break;
	ASSERT_EQ(AUDIT_MAC_POLICY_LOAD, type) TH_LOG("no op=refresh record");
	TH_LOG("%s", self->text);
	snprintf(num, sizeof(num), "%d", getpid());
	EXPECT_FIELD("pid", num);
	EXPECT_FIELD("uid", "0");
	EXPECT_FIELD("comm", "\"audit_test\"");
	EXPECT_FIELD("res", "1");
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
