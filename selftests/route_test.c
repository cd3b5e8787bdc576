// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch routes: process_vm_readv(2) and process_vm_writev(2) are a
 * begun record when checked and an access record when they return, a
 * ptrace attach and an open of /proc/kcore one access record each, made
 * the way real tools make them; the policy decides each in enforce (a
 * denied process_vm call has no begun record);
 * read-mode ptrace checks and other attach-mode checks make none. The
 * routes of environ, perf and core dumps have programs of their own.
 */

#define _GNU_SOURCE
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <linux/landlock.h>

#include "../kselftest_harness.h"
#include "common.h"

#define SECRET_LEN	64
#define HOLDER_COMM	"pmw-holder"

/* Root may take every route, kcore included: nothing would be denied. */
static const char all_routes[] =
	"allow uid=0 access=rw route=mem,process_vm_readv,process_vm_writev,ptrace_attach,kcore\n";

/* At the same address in every child: each fills it with its own bytes. */
static unsigned char secret[SECRET_LEN];

FIXTURE(route) {
	int events;
	pid_t holder;
	struct pmw_settings saved;
};

static void fill(unsigned char *buf, unsigned char seed)
{
	int i;

	for (i = 0; i < SECRET_LEN; i++)
		buf[i] = seed + i * 7;
}

/*
 * A child that fills secret with bytes of its own, takes the name
 * HOLDER_COMM and waits to be killed. Returns its pid once it is ready.
 */
static pid_t spawn_holder(unsigned char seed)
{
	int ready[2];
	pid_t pid;
	char c = 0;

	if (pipe2(ready, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		fill(secret, seed);
		prctl(PR_SET_NAME, HOLDER_COMM);
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	if (pid > 0 && read(ready[0], &c, 1) != 1) {
		pmw_reap(pid);
		pid = -1;
	}
	close(ready[0]);
	return pid;
}

FIXTURE_SETUP(route)
{
	self->events = -1;
	self->holder = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, "detect", all_routes, "0"))
		TH_LOG("this kernel's policy has no route=");
	self->holder = spawn_holder(0x40);
	ASSERT_LT(0, self->holder);
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
}

FIXTURE_TEARDOWN_PARENT(route)
{
	pmw_reap(self->holder);
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
}

static ssize_t vm_read(pid_t pid, void *buf, size_t len)
{
	struct iovec local = { .iov_base = buf, .iov_len = len };
	struct iovec remote = { .iov_base = secret, .iov_len = len };

	return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

static ssize_t vm_write(pid_t pid, const void *buf, size_t len)
{
	struct iovec local = { .iov_base = (void *)buf, .iov_len = len };
	struct iovec remote = { .iov_base = secret, .iov_len = len };

	return process_vm_writev(pid, &local, 1, &remote, 1, 0);
}

/* What the event of an access by this process to target should say. */
static struct pmw_want want(pid_t target, unsigned int route,
			    unsigned int outcome, unsigned int error,
				 unsigned long long bytes, unsigned int info)
{
	struct pmw_want w = {
		.pid = getpid(),
		.uid = getuid(),
		.euid = geteuid(),
		.target_pid = target,
		.outcome = outcome,
		.error = error,
		.info = info,
		.route = route,
		.bytes = bytes,
	};

	switch (route) {
	case PMW_ROUTE_PROCESS_VM_READV:
		w.access = PMW_ACCESS_READ;
		break;
	case PMW_ROUTE_PROCESS_VM_WRITEV:
		w.access = PMW_ACCESS_WRITE;
		break;
	default:
		w.access = PMW_ACCESS_READ | PMW_ACCESS_WRITE;
		break;
	}
	return w;
}

/*
 * The next record is the access want describes, of a call that opened no
 * file, with the target's name as the holder took it. A process_vm call
 * is first a begun record, which the access record names.
 */
static void expect_access(struct __test_metadata *_metadata, int events,
			  const struct pmw_want *want, const char *what)
{
	/* A call procmemwatch denies copies nothing: it has no begun record. */
	bool vm = (want->route == PMW_ROUTE_PROCESS_VM_READV ||
		   want->route == PMW_ROUTE_PROCESS_VM_WRITEV) &&
		  want->outcome != PMW_OUTCOME_DENIED;
	union pmw_any_record rec;
	__u64 begun_seq = 0;
	char why[512], comm[17];
	const char *wrong;
	ssize_t n;

	if (vm) {
		n = pmw_next_record(events, rec.raw, 2000);
		ASSERT_TRUE(pmw_is(&rec, n, PMW_RECORD_BEGUN, sizeof(rec.begun)))
			TH_LOG("%s: no begun record first (%zd bytes, type %u)", what, n,
			       n > 0 ? rec.hdr.type : 0);
		EXPECT_EQ(sizeof(rec.begun), rec.hdr.size) TH_LOG("%s", what);
		EXPECT_EQ(1, rec.hdr.version) TH_LOG("%s", what);
		EXPECT_EQ(want->route, rec.begun.route) TH_LOG("%s", what);
		EXPECT_EQ(want->access, rec.begun.access) TH_LOG("%s", what);
		EXPECT_EQ(0, rec.begun.pad0) TH_LOG("%s", what);
		EXPECT_EQ(0U, rec.begun.pad) TH_LOG("%s", what);
		EXPECT_EQ((__u32)want->pid, rec.begun.pid) TH_LOG("%s", what);
		EXPECT_EQ((__u32)want->pid, rec.begun.tid) TH_LOG("%s", what);
		EXPECT_EQ(want->uid, rec.begun.uid) TH_LOG("%s", what);
		EXPECT_EQ((__u32)want->target_pid, rec.begun.target_pid) TH_LOG("%s", what);
		EXPECT_EQ((__u32)want->target_pid, rec.begun.target_tid) TH_LOG("%s", what);
		EXPECT_STREQ(HOLDER_COMM, pmw_comm(rec.begun.target_comm, comm))
			TH_LOG("%s: begun record's target", what);
		EXPECT_LT(PMW_SOME_TIME_NS, rec.begun.real_ns);
		begun_seq = rec.hdr.seq;
	}
	wrong = pmw_check_access(events, want, &rec, why, sizeof(why));
	ASSERT_TRUE(!wrong) TH_LOG("record of %s: %s", what, wrong);
	EXPECT_EQ(begun_seq, rec.access.begun_seq) TH_LOG("%s: begun_seq", what);
	if (vm)
		EXPECT_EQ(begun_seq + 1, rec.access.hdr.seq) TH_LOG("%s", what);
	EXPECT_EQ(0U, rec.access.path.len) TH_LOG("%s: a path", what);
	EXPECT_EQ(0U, rec.access.flags) TH_LOG("%s: open flags", what);
	EXPECT_EQ(0U, rec.access.open_flags) TH_LOG("%s: open flags", what);
	EXPECT_EQ((__u32)want->target_pid, rec.access.target_ns_pid) TH_LOG("%s", what);
	EXPECT_STREQ(HOLDER_COMM, pmw_comm(rec.access.target_comm, comm))
		TH_LOG("%s: the target's name", what);
	/* The holder runs this program: its exe is named once, for both. */
	EXPECT_EQ(rec.access.exe.offset, rec.access.target_exe.offset) TH_LOG("%s", what);
	EXPECT_NE(0U, rec.access.target_exe.len) TH_LOG("%s: no target exe", what);
	EXPECT_TRUE(pmw_file_id_is(&rec.access.target_exe_id, "/proc/self/exe"))
		TH_LOG("%s: target_exe_id", what);
}

/* Skips the config records of the settings written so far. */
static void skip_config(struct __test_metadata *_metadata, int events)
{
	union pmw_any_record rec;

	while (pmw_next_record(events, rec.raw, 100) > 0)
		ASSERT_EQ(PMW_RECORD_CONFIG, rec.hdr.type) TH_LOG("a record before the test's");
}

static void set_policy(struct __test_metadata *_metadata, int events, const char *policy)
{
	ASSERT_EQ(0, pmw_write_policy(policy, strlen(policy))) TH_LOG("%s", policy);
	skip_config(_metadata, events);
}

static void set_mode(struct __test_metadata *_metadata, int events, const char *mode)
{
	ASSERT_EQ(0, pmw_write_mode(mode, strlen(mode))) TH_LOG("mode %s", mode);
	skip_config(_metadata, events);
}

/* process_vm_readv(2) reads the child's own bytes, and is one event. */
TEST_F(route, process_vm_readv_of_a_child)
{
	unsigned char got[SECRET_LEN], expected[SECRET_LEN];
	struct pmw_want w;

	set_mode(_metadata, self->events, "detect");
	fill(expected, 0x40);
	ASSERT_EQ(SECRET_LEN, vm_read(self->holder, got, SECRET_LEN)) TH_LOG("%m");
	EXPECT_EQ(0, memcmp(got, expected, SECRET_LEN)) TH_LOG("not the child's bytes");
	w = want(self->holder, PMW_ROUTE_PROCESS_VM_READV, PMW_OUTCOME_OPENED, 0,
		 SECRET_LEN, 0);
	expect_access(_metadata, self->events, &w, "process_vm_readv");
	/* A short read says how much it moved. */
	ASSERT_EQ(5, vm_read(self->holder, got, 5));
	w.bytes = 5;
	expect_access(_metadata, self->events, &w, "process_vm_readv of 5 bytes");
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("more events than calls");
}

/* process_vm_writev(2) changes the child's memory, and is one event. */
TEST_F(route, process_vm_writev_into_a_child)
{
	unsigned char mine[SECRET_LEN], got[SECRET_LEN];
	struct pmw_want w;

	set_mode(_metadata, self->events, "detect");
	fill(mine, 0x90);
	ASSERT_EQ(SECRET_LEN, vm_write(self->holder, mine, SECRET_LEN)) TH_LOG("%m");
	w = want(self->holder, PMW_ROUTE_PROCESS_VM_WRITEV, PMW_OUTCOME_OPENED, 0,
		 SECRET_LEN, 0);
	expect_access(_metadata, self->events, &w, "process_vm_writev");
	ASSERT_EQ(SECRET_LEN, vm_read(self->holder, got, SECRET_LEN));
	EXPECT_EQ(0, memcmp(got, mine, SECRET_LEN)) TH_LOG("the child's memory did not change");
	w = want(self->holder, PMW_ROUTE_PROCESS_VM_READV, PMW_OUTCOME_OPENED, 0,
		 SECRET_LEN, 0);
	expect_access(_metadata, self->events, &w, "process_vm_readv after the write");
}

/* Waits until the tracee stops; true if it did. */
static bool stopped(pid_t pid)
{
	int status;

	return waitpid(pid, &status, __WALL) == pid && WIFSTOPPED(status);
}

/*
 * PTRACE_ATTACH and PTRACE_SEIZE are one event each, at the attach; the
 * peeks after it are none; a process_vm_readv(2) by the tracer says so.
 */
TEST_F(route, ptrace_attach_and_peek)
{
	struct pmw_want w;
	unsigned char expected[SECRET_LEN], got[SECRET_LEN];
	long word;

	set_mode(_metadata, self->events, "detect");
	fill(expected, 0x40);
	ASSERT_EQ(0, ptrace(PTRACE_ATTACH, self->holder, 0, 0)) TH_LOG("%m");
	ASSERT_TRUE(stopped(self->holder));
	w = want(self->holder, PMW_ROUTE_PTRACE_ATTACH, PMW_OUTCOME_OPENED, 0, 0, 0);
	expect_access(_metadata, self->events, &w, "PTRACE_ATTACH");
	errno = 0;
	word = ptrace(PTRACE_PEEKDATA, self->holder, secret, 0);
	ASSERT_EQ(0, errno) TH_LOG("PTRACE_PEEKDATA: %m");
	EXPECT_EQ(0, memcmp(&word, expected, sizeof(word))) TH_LOG("not the child's bytes");
	EXPECT_TRUE(pmw_no_record(self->events, 100)) TH_LOG("an event for a peek");

	ASSERT_EQ(SECRET_LEN, vm_read(self->holder, got, SECRET_LEN));
	w = want(self->holder, PMW_ROUTE_PROCESS_VM_READV, PMW_OUTCOME_OPENED, 0,
		 SECRET_LEN, PMW_INFO_TRACER);
	expect_access(_metadata, self->events, &w, "process_vm_readv by the tracer");
	ASSERT_EQ(0, ptrace(PTRACE_DETACH, self->holder, 0, 0));

	ASSERT_EQ(0, ptrace(PTRACE_SEIZE, self->holder, 0, 0)) TH_LOG("%m");
	w = want(self->holder, PMW_ROUTE_PTRACE_ATTACH, PMW_OUTCOME_OPENED, 0, 0, 0);
	expect_access(_metadata, self->events, &w, "PTRACE_SEIZE");
	ASSERT_EQ(0, ptrace(PTRACE_INTERRUPT, self->holder, 0, 0));
	ASSERT_TRUE(stopped(self->holder));
	ASSERT_EQ(0, ptrace(PTRACE_DETACH, self->holder, 0, 0));
	EXPECT_TRUE(pmw_no_record(self->events, 100)) TH_LOG("more events than attaches");
}

/* Opens /proc/kcore and reads its ELF magic; 0 or the errno. */
static int kcore_read(void)
{
	char magic[4];
	int fd = open("/proc/kcore", O_RDONLY | O_CLOEXEC);
	int err;

	if (fd < 0)
		return errno;
	err = read(fd, magic, 4) == 4 && !memcmp(magic, "\177ELF", 4) ? 0 : EIO;
	close(fd);
	return err;
}

static int kcore_read_without_rawio(void)
{
	return pmw_drop_cap(CAP_SYS_RAWIO) ? 100 : kcore_read();
}

/* The next record is an open of /proc/kcore, which has no target. */
static void expect_kcore(struct __test_metadata *_metadata, int events, pid_t opener,
			 unsigned int outcome, unsigned int error, unsigned int info)
{
	struct pmw_want w = {
		.pid = opener,
		.access = PMW_ACCESS_READ,
		.outcome = outcome,
		.error = error,
		.info = info,
		.route = PMW_ROUTE_KCORE,
	};
	union pmw_any_record rec;
	char why[512], path[32];
	const char *wrong;

	wrong = pmw_check_access(events, &w, &rec, why, sizeof(why));
	ASSERT_TRUE(!wrong) TH_LOG("record of /proc/kcore: %s", wrong);
	EXPECT_STREQ("/proc/kcore", pmw_str(&rec.access, &rec.access.path, path, sizeof(path)));
	EXPECT_EQ(0U, rec.access.target_uid);
	EXPECT_EQ(0U, rec.access.target_exe.len);
	EXPECT_EQ(0, rec.access.target_comm[0]);
	EXPECT_EQ(0ULL, rec.access.target_exe_id.ino);
}

/* /proc/kcore is opened, or refused by the kernel without CAP_SYS_RAWIO. */
TEST_F(route, kcore_open)
{
	pid_t child;
	int status;

	set_mode(_metadata, self->events, "detect");
	EXPECT_EQ(0, kcore_read()) TH_LOG("reading /proc/kcore as root");
	expect_kcore(_metadata, self->events, getpid(), PMW_OUTCOME_OPENED, 0, 0);

	child = fork();
	ASSERT_LE(0, child);
	if (child == 0)
		_exit(kcore_read_without_rawio());
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_EQ(EPERM, WEXITSTATUS(status)) TH_LOG("kcore without CAP_SYS_RAWIO");
	expect_kcore(_metadata, self->events, child, PMW_OUTCOME_REFUSED, EPERM, 0);
}

/*
 * A /proc/kcore descriptor that a child inherits is a use of its own:
 * procfs asks procmemwatch before the child's read, and nothing else sees
 * the descriptor change hands.
 */
TEST_F(route, kcore_descriptor_read_by_a_child)
{
	char magic[4];
	pid_t child;
	int status, fd;

	set_mode(_metadata, self->events, "detect");
	fd = open("/proc/kcore", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	expect_kcore(_metadata, self->events, getpid(), PMW_OUTCOME_OPENED, 0, 0);

	child = fork();
	ASSERT_LE(0, child);
	if (child == 0)
		_exit(pread(fd, magic, sizeof(magic), 0) == sizeof(magic) ? 0 : 1);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("the child's read of /proc/kcore");
	expect_kcore(_metadata, self->events, child, PMW_OUTCOME_OPENED, 0, PMW_INFO_PASSED);
	close(fd);
}

/* The holder's memory, taken by a child that Landlock sandboxed. */
static pid_t sibling;

/*
 * A Landlock domain of its own: the holder, outside it, may no longer be
 * traced or read by process_vm_readv(2) (Landlock's ptrace scoping), and
 * CAP_SYS_PTRACE does not lift that.
 */
static int landlock_sandbox(void)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = LANDLOCK_ACCESS_FS_MAKE_FIFO,
	};
	int fd = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);

	if (fd < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(__NR_landlock_restrict_self, fd, 0))
		return -1;
	close(fd);
	return 0;
}

static int vm_read_sibling_sandboxed(void)
{
	unsigned char buf[SECRET_LEN];

	if (landlock_sandbox())
		return 100;
	if (vm_read(sibling, buf, SECRET_LEN) >= 0)
		return 0;
	return errno;
}

static int attach_sibling_sandboxed(void)
{
	if (landlock_sandbox())
		return 100;
	return ptrace(PTRACE_ATTACH, sibling, 0, 0) ? errno : 0;
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

/*
 * Landlock, listed after procmemwatch, refuses a sandboxed process the
 * memory of one outside its sandbox: refused, with the call's EPERM,
 * after procmemwatch saw it (and began it).
 */
TEST_F(route, refused_by_a_later_lsm)
{
	static int (*const calls[])(void) = {
		vm_read_sibling_sandboxed,
		attach_sibling_sandboxed,
	};
	static const unsigned int routes[] = {
		PMW_ROUTE_PROCESS_VM_READV, PMW_ROUTE_PTRACE_ATTACH,
	};
	int pmw = lsm_position("procmemwatch"), landlock = lsm_position("landlock");
	struct pmw_want w;
	unsigned int i;

	if (landlock < 0 || pmw > landlock)
		SKIP(return, "needs Landlock after procmemwatch in /sys/kernel/security/lsm");
	sibling = self->holder;
	for (i = 0; i < ARRAY_SIZE(calls); i++) {
		pid_t opener = fork();
		int status;

		ASSERT_LE(0, opener);
		if (opener == 0)
			_exit(calls[i]());
		ASSERT_EQ(opener, waitpid(opener, &status, 0));
		EXPECT_EQ(EPERM, WEXITSTATUS(status)) TH_LOG("route %u", routes[i]);
		w = want(self->holder, routes[i], PMW_OUTCOME_REFUSED, EPERM, 0, 0);
		w.pid = opener;
		expect_access(_metadata, self->events, &w, "refused by Landlock");
	}
}

/*
 * In enforce, the policy decides every route: each is denied with EPERM
 * and reported denied until a rule allows it; a rule without route=
 * allows the routes into processes, not /proc/kcore; access=read allows
 * no write and no attach.
 */
TEST_F(route, enforce_decides_every_route)
{
	unsigned char buf[SECRET_LEN], mine[SECRET_LEN], expected[SECRET_LEN];
	pid_t me = getpid(), h = self->holder;
	struct pmw_want w;

	set_policy(_metadata, self->events, "\n");
	set_mode(_metadata, self->events, "enforce");
	fill(mine, 0x90);
	fill(expected, 0x40);

	EXPECT_EQ(-1, vm_read(h, buf, SECRET_LEN));
	EXPECT_EQ(EPERM, errno);
	w = want(h, PMW_ROUTE_PROCESS_VM_READV, PMW_OUTCOME_DENIED, EPERM, 0, 0);
	expect_access(_metadata, self->events, &w, "process_vm_readv, empty policy");
	EXPECT_EQ(-1, vm_write(h, mine, SECRET_LEN));
	EXPECT_EQ(EPERM, errno);
	w = want(h, PMW_ROUTE_PROCESS_VM_WRITEV, PMW_OUTCOME_DENIED, EPERM, 0, 0);
	expect_access(_metadata, self->events, &w, "process_vm_writev, empty policy");
	EXPECT_EQ(-1, ptrace(PTRACE_ATTACH, h, 0, 0));
	EXPECT_EQ(EPERM, errno);
	w = want(h, PMW_ROUTE_PTRACE_ATTACH, PMW_OUTCOME_DENIED, EPERM, 0, 0);
	expect_access(_metadata, self->events, &w, "PTRACE_ATTACH, empty policy");
	EXPECT_EQ(-1, ptrace(PTRACE_SEIZE, h, 0, 0));
	EXPECT_EQ(EPERM, errno);
	expect_access(_metadata, self->events, &w, "PTRACE_SEIZE, empty policy");
	EXPECT_EQ(EPERM, kcore_read());
	expect_kcore(_metadata, self->events, me, PMW_OUTCOME_DENIED, EPERM, 0);

	set_policy(_metadata, self->events, "allow uid=0 access=read\n");
	ASSERT_EQ(SECRET_LEN, vm_read(h, buf, SECRET_LEN));
	EXPECT_EQ(0, memcmp(buf, expected, SECRET_LEN)) TH_LOG("the write went through");
	w = want(h, PMW_ROUTE_PROCESS_VM_READV, PMW_OUTCOME_OPENED, 0, SECRET_LEN, 0);
	expect_access(_metadata, self->events, &w, "process_vm_readv, access=read");
	EXPECT_EQ(-1, vm_write(h, mine, SECRET_LEN));
	w = want(h, PMW_ROUTE_PROCESS_VM_WRITEV, PMW_OUTCOME_DENIED, EPERM, 0, 0);
	expect_access(_metadata, self->events, &w, "process_vm_writev, access=read");
	EXPECT_EQ(-1, ptrace(PTRACE_ATTACH, h, 0, 0));
	w = want(h, PMW_ROUTE_PTRACE_ATTACH, PMW_OUTCOME_DENIED, EPERM, 0, 0);
	expect_access(_metadata, self->events, &w, "PTRACE_ATTACH, access=read");
	EXPECT_EQ(EPERM, kcore_read());
	expect_kcore(_metadata, self->events, me, PMW_OUTCOME_DENIED, EPERM, 0);

	set_policy(_metadata, self->events, "allow uid=0 access=rw\n");
	ASSERT_EQ(0, ptrace(PTRACE_ATTACH, h, 0, 0)) TH_LOG("%m");
	ASSERT_TRUE(stopped(h));
	w = want(h, PMW_ROUTE_PTRACE_ATTACH, PMW_OUTCOME_OPENED, 0, 0, 0);
	expect_access(_metadata, self->events, &w, "PTRACE_ATTACH, access=rw");
	ASSERT_EQ(0, ptrace(PTRACE_DETACH, h, 0, 0));
	EXPECT_EQ(EPERM, kcore_read()) TH_LOG("a rule without route= allowed kcore");
	expect_kcore(_metadata, self->events, me, PMW_OUTCOME_DENIED, EPERM, 0);

	set_policy(_metadata, self->events, "allow uid=0 route=kcore\n");
	EXPECT_EQ(0, kcore_read());
	expect_kcore(_metadata, self->events, me, PMW_OUTCOME_OPENED, 0, 0);
	EXPECT_EQ(-1, vm_read(h, buf, SECRET_LEN)) TH_LOG("route=kcore allowed process_vm_readv");
	w = want(h, PMW_ROUTE_PROCESS_VM_READV, PMW_OUTCOME_DENIED, EPERM, 0, 0);
	expect_access(_metadata, self->events, &w, "process_vm_readv, route=kcore");
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("more events than calls");
}

/* Detect lets each route through and marks what enforce would deny. */
TEST_F(route, detect_marks_would_deny)
{
	unsigned char buf[SECRET_LEN];
	struct pmw_want w;

	set_policy(_metadata, self->events, "\n");
	set_mode(_metadata, self->events, "detect");
	ASSERT_EQ(SECRET_LEN, vm_read(self->holder, buf, SECRET_LEN));
	w = want(self->holder, PMW_ROUTE_PROCESS_VM_READV, PMW_OUTCOME_OPENED, 0,
		 SECRET_LEN, PMW_INFO_WOULD_DENY);
	expect_access(_metadata, self->events, &w, "process_vm_readv in detect");
	EXPECT_EQ(0, kcore_read());
	expect_kcore(_metadata, self->events, getpid(), PMW_OUTCOME_OPENED, 0,
		     PMW_INFO_WOULD_DENY);
}

/* Mode off records no route, and denies none. */
TEST_F(route, mode_off_records_nothing)
{
	unsigned char buf[SECRET_LEN];

	set_policy(_metadata, self->events, "\n");
	set_mode(_metadata, self->events, "off");
	EXPECT_EQ(SECRET_LEN, vm_read(self->holder, buf, SECRET_LEN));
	EXPECT_EQ(0, kcore_read());
	ASSERT_EQ(0, ptrace(PTRACE_ATTACH, self->holder, 0, 0));
	ASSERT_TRUE(stopped(self->holder));
	ASSERT_EQ(0, ptrace(PTRACE_DETACH, self->holder, 0, 0));
	EXPECT_TRUE(pmw_no_record(self->events, 200)) TH_LOG("an event in mode off");
}

/*
 * Read-mode ptrace checks (stat, maps) and an attach-mode check that is
 * no route into memory (pidfd_getfd(2) of a descriptor that is no mem
 * file) make no record, and enforce with an empty policy refuses none.
 */
TEST_F(route, other_ptrace_checks_make_no_event)
{
	char path[64], buf[4096];
	int pidfd, fd;

	set_policy(_metadata, self->events, "\n");
	set_mode(_metadata, self->events, "enforce");
	snprintf(path, sizeof(path), "/proc/%d/stat", self->holder);
	EXPECT_LT(0, pmw_read_file(path, buf, sizeof(buf))) TH_LOG("%s", path);
	snprintf(path, sizeof(path), "/proc/%d/maps", self->holder);
	EXPECT_LT(0, pmw_read_file(path, buf, sizeof(buf))) TH_LOG("%s", path);
	pidfd = syscall(SYS_pidfd_open, self->holder, 0);
	ASSERT_LE(0, pidfd);
	fd = syscall(SYS_pidfd_getfd, pidfd, 0, 0);
	EXPECT_LE(0, fd) TH_LOG("pidfd_getfd: %m");
	if (fd >= 0)
		close(fd);
	close(pidfd);
	EXPECT_TRUE(pmw_no_record(self->events, 200))
		TH_LOG("an event for a check that is no route");
}

TEST_HARNESS_MAIN
