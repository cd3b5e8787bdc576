// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: a process_vm call is seen before it copies. The kernel
 * writes a begun record when it checks the call, then the access record
 * when the call returns, naming the begun record by begun_seq. A caller
 * that stalls its own copy for ever (a page of its local buffer that
 * userfaultfd never fills) cannot keep the access from being seen: the
 * begun record is in the stream while the call hangs, and when the
 * caller is killed the access record (or a dropped one) follows.
 *
 * The caller is uid 1000; it gets its userfaultfd while still root (with
 * the default vm.unprivileged_userfaultfd, only a process with
 * CAP_SYS_PTRACE may have one catch the kernel's faults), then drops to
 * uid 1000 before the call.
 */

#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <linux/userfaultfd.h>

#include "../kselftest_harness.h"
#include "common.h"

#define SECRET_LEN	64

static unsigned char secret[SECRET_LEN] = "the target's secret, never copied";

FIXTURE(begun) {
	int events;
	pid_t target;
	struct pmw_settings saved;
};

FIXTURE_VARIANT(begun) {
	unsigned int route;
};

FIXTURE_VARIANT_ADD(begun, readv) { .route = PMW_ROUTE_PROCESS_VM_READV };
FIXTURE_VARIANT_ADD(begun, writev) { .route = PMW_ROUTE_PROCESS_VM_WRITEV };

FIXTURE_SETUP(begun)
{
	int uffd;

	self->events = -1;
	self->target = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
	if (uffd < 0)
		SKIP(return, "no userfaultfd(2) here: %s", strerror(errno));
	close(uffd);
	if (pmw_user_cannot_ptrace())
		SKIP(return, "%s", pmw_user_cannot_ptrace());
	self->target = pmw_spawn_target(PMW_USER);
	ASSERT_LT(0, self->target);
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, "detect", "\n", "0"));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
}

FIXTURE_TEARDOWN_PARENT(begun)
{
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
	pmw_reap(self->target);
}

/*
 * The caller: a page registered with userfaultfd, never filled, is its
 * local buffer; the call copies into it (readv) or out of it (writev) and
 * waits for the fault to be resolved, for ever.
 */
static int stalled_caller(unsigned int route, pid_t target, int ready)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	long page = sysconf(_SC_PAGESIZE);
	struct iovec local, remote = { secret, SECRET_LEN };
	int uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
	char *buf = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (uffd < 0 || buf == MAP_FAILED || ioctl(uffd, UFFDIO_API, &api))
		return 100;
	reg.range.start = (uintptr_t)buf;
	reg.range.len = page;
	if (ioctl(uffd, UFFDIO_REGISTER, &reg))
		return 101;
	if (pmw_become(PMW_USER))
		return 102;
	if (write(ready, "r", 1) != 1)
		return 103;
	local.iov_base = buf;
	local.iov_len = SECRET_LEN;
	if (route == PMW_ROUTE_PROCESS_VM_READV)
		process_vm_readv(target, &local, 1, &remote, 1, 0);
	else
		process_vm_writev(target, &local, 1, &remote, 1, 0);
	/* Never here: killed in the call. */
	return 104;
}

TEST_F(begun, a_stalled_call_is_seen_before_it_copies)
{
	union pmw_any_record rec;
	int ready[2], status;
	__u64 begun_seq;
	pid_t caller;
	char c, comm[17];

	ASSERT_EQ(0, pipe(ready));
	caller = fork();
	ASSERT_LE(0, caller);
	if (caller == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(ready[0]);
		_exit(stalled_caller(variant->route, self->target, ready[1]));
	}
	close(ready[1]);
	ASSERT_EQ(1, read(ready[0], &c, 1)) TH_LOG("the caller could not set up");

	/* While the call hangs: the begun record, and nothing else. */
	ASSERT_TRUE(pmw_is(&rec, pmw_next_record(self->events, rec.raw, 3000),
			   PMW_RECORD_BEGUN, sizeof(rec.begun)))
		TH_LOG("no begun record while the call hangs");
	EXPECT_EQ(1, rec.hdr.version);
	EXPECT_EQ(variant->route, rec.begun.route);
	EXPECT_EQ(variant->route == PMW_ROUTE_PROCESS_VM_READV ? PMW_ACCESS_READ :
		  PMW_ACCESS_WRITE, rec.begun.access);
	EXPECT_EQ((__u32)caller, rec.begun.pid);
	EXPECT_EQ((__u32)caller, rec.begun.tid);
	EXPECT_EQ((__u32)PMW_USER, rec.begun.uid);
	EXPECT_EQ((__u32)self->target, rec.begun.target_pid);
	EXPECT_EQ((__u32)self->target, rec.begun.target_tid);
	EXPECT_STREQ("begun_test", pmw_comm(rec.begun.comm, comm));
	begun_seq = rec.hdr.seq;
	usleep(300000);
	EXPECT_EQ(0, waitpid(caller, &status, WNOHANG)) TH_LOG("the call did not hang");
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("an access record while it hangs");

	/* Killed in the call: the access follows, and names its begun record. */
	kill(caller, SIGKILL);
	ASSERT_EQ(caller, waitpid(caller, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	ASSERT_LT(0, pmw_next_record(self->events, rec.raw, 3000))
		TH_LOG("no record after the caller was killed");
	EXPECT_EQ(begun_seq + 1, rec.hdr.seq);
	if (rec.hdr.type == PMW_RECORD_DROPPED) {
		EXPECT_EQ(variant->route, rec.dropped.route);
		EXPECT_EQ((__u32)caller, rec.dropped.pid);
		EXPECT_EQ((__u32)self->target, rec.dropped.target_pid);
		return;
	}
	ASSERT_EQ(PMW_RECORD_ACCESS, rec.hdr.type);
	EXPECT_EQ(begun_seq, rec.access.begun_seq);
	EXPECT_EQ(variant->route, rec.access.route);
	EXPECT_EQ((__u32)caller, rec.access.pid);
	EXPECT_EQ((__u32)self->target, rec.access.target_pid);
	EXPECT_EQ(0ULL, rec.access.bytes) TH_LOG("bytes moved by a call that copied nothing");
	EXPECT_NE(PMW_OUTCOME_DENIED, rec.access.outcome);
	EXPECT_TRUE(pmw_no_record(self->events, 100));
}

/* A call that returns at once: begun, then access with the bytes moved. */
TEST_F(begun, a_call_is_begun_then_done)
{
	unsigned char buf[SECRET_LEN];
	struct iovec local = { buf, SECRET_LEN }, remote = { secret, SECRET_LEN };
	union pmw_any_record rec;
	__u64 begun_seq;
	ssize_t n;

	if (variant->route == PMW_ROUTE_PROCESS_VM_READV)
		n = process_vm_readv(self->target, &local, 1, &remote, 1, 0);
	else
		n = process_vm_writev(self->target, &local, 1, &remote, 1, 0);
	ASSERT_EQ(SECRET_LEN, n);
	ASSERT_TRUE(pmw_is(&rec, pmw_next_record(self->events, rec.raw, 2000),
			   PMW_RECORD_BEGUN, sizeof(rec.begun)));
	begun_seq = rec.hdr.seq;
	EXPECT_EQ((__u32)getpid(), rec.begun.pid);
	ASSERT_TRUE(pmw_next_access(self->events, &rec));
	EXPECT_EQ(begun_seq + 1, rec.hdr.seq);
	EXPECT_EQ(begun_seq, rec.access.begun_seq);
	EXPECT_EQ((unsigned long long)SECRET_LEN, rec.access.bytes);
	EXPECT_EQ(PMW_OUTCOME_OPENED, rec.access.outcome);
	EXPECT_EQ(variant->route, rec.access.route);
}

TEST_HARNESS_MAIN
