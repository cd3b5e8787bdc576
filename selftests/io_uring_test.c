// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: opens of mem files through io_uring's IORING_OP_OPENAT,
 * wherever io_uring runs them: inline in the submitting task, in an
 * io-wq worker (IOSQE_ASYNC), after another request (a link), or in the
 * SQPOLL thread. Each is one record, whose opener is the submitting
 * process; the workers and the SQPOLL thread say IO_URING, and the open
 * flags are exactly the caller's, without the O_NONBLOCK io_uring adds
 * to its first attempt. An error io_uring's open met is told, not read
 * from a system call's result: GUESSED_ERROR. Raw system calls, no
 * liburing.
 */

#define _GNU_SOURCE
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "common.h"
#include "uring.h"

FIXTURE(uring) {
	int events;
	pid_t target;
	struct pmw_settings saved;
};

FIXTURE_VARIANT(uring) {
	const char *mode;
};

FIXTURE_VARIANT_ADD(uring, detect) { .mode = "detect" };
FIXTURE_VARIANT_ADD(uring, enforce) { .mode = "enforce" };

FIXTURE_SETUP(uring)
{
	struct pmw_ring r;

	self->events = -1;
	self->target = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	if (pmw_ring_init(&r, 4, 0, 0))
		SKIP(return, "no io_uring here");
	pmw_ring_exit(&r);
	self->target = pmw_spawn_target(0);
	ASSERT_LT(0, self->target);
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, variant->mode, "\n", "0"));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
}

FIXTURE_TEARDOWN_PARENT(uring)
{
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
	pmw_reap(self->target);
}

/*
 * Opens path on ring r with flags and sqe_flags, after a NOP linked to it
 * when linked. Returns the open's result: a descriptor, or -errno.
 */
static int ring_open(struct pmw_ring *r, const char *path, int flags,
		     unsigned int sqe_flags, bool linked)
{
	struct io_uring_cqe cqe;
	struct io_uring_sqe *sqe;
	int err, waited = linked ? 2 : 1, res = -ETIMEDOUT;

	if (linked) {
		sqe = pmw_ring_sqe(r);
		sqe->opcode = IORING_OP_NOP;
		sqe->flags = IOSQE_IO_LINK;
		sqe->user_data = 1;
	}
	pmw_ring_openat(r, path, flags, 2)->flags = sqe_flags;
	err = pmw_ring_submit(r, waited);
	if (err)
		return err;
	while (waited-- && !pmw_ring_reap(r, &cqe, 5000))
		if (cqe.user_data == 2)
			res = cqe.res;
	return res;
}

/*
 * The one record of this process's open of the target's memory through
 * io_uring, with the caller's flags; comm_prefix: the opening thread's
 * name starts so (NULL: any thread of this process).
 */
static void expect_uring_open(struct __test_metadata *_metadata, int events, pid_t target,
			      int fd, unsigned int open_flags, unsigned int info,
			      const char *comm_prefix, const char *enforce_mode,
			      const char *what)
{
	bool enforce = !strcmp(enforce_mode, "enforce");
	char path[64];
	union pmw_any_record rec;
	struct pmw_want w = {
		.pid = getpid(), .tid = -1, .target_pid = target,
		.access = PMW_ACCESS_READ, .path = path,
		.outcome = enforce ? PMW_OUTCOME_DENIED : PMW_OUTCOME_OPENED,
		.error = enforce ? EPERM : 0,
		.info = info | (enforce ? 0 : PMW_INFO_WOULD_DENY),
		/* An inline open may go to a worker when it cannot finish at once. */
		.info_ignored = (comm_prefix ? 0 : PMW_INFO_IO_URING) | PMW_INFO_GUESSED_ERROR |
				(enforce ? PMW_INFO_WOULD_DENY : 0),
	};

	snprintf(path, sizeof(path), "/proc/%d/mem", target);
	/* A denial is -EPERM, an open a descriptor. */
	EXPECT_EQ(enforce ? -EPERM : 0, fd < 0 ? fd : 0) TH_LOG("%s: %s", what, strerror(-fd));
	if (fd >= 0)
		close(fd);
	pmw_expect_access_rec(_metadata, events, &w, &rec, what);
	EXPECT_EQ(open_flags, rec.access.open_flags) TH_LOG("%s: not the caller's flags", what);
	if (comm_prefix) {
		EXPECT_NE((__u32)getpid(), rec.access.tid) TH_LOG("%s: not a worker", what);
		EXPECT_EQ(0, strncmp(comm_prefix, rec.access.comm, strlen(comm_prefix)))
			TH_LOG("%s: opened by \"%.16s\"", what, rec.access.comm);
	}
	/* One open, one record, whatever io_uring retried. */
	EXPECT_TRUE(pmw_no_record(events, 100)) TH_LOG("%s: more than one record", what);
}

TEST_F(uring, inline)
{
	struct pmw_ring r;
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/mem", self->target);
	ASSERT_EQ(0, pmw_ring_init(&r, 4, 0, 0));
	expect_uring_open(_metadata, self->events, self->target,
			  ring_open(&r, path, O_RDONLY | O_CLOEXEC, 0, false), 0, 0, NULL,
			  variant->mode, "an inline IORING_OP_OPENAT");
	pmw_ring_exit(&r);
}

TEST_F(uring, async_worker)
{
	struct pmw_ring r;
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/mem", self->target);
	ASSERT_EQ(0, pmw_ring_init(&r, 4, 0, 0));
	expect_uring_open(_metadata, self->events, self->target,
			  ring_open(&r, path, O_RDONLY | O_NOFOLLOW, IOSQE_ASYNC, false),
			  PMW_OPEN_NOFOLLOW, PMW_INFO_IO_URING, "iou-wrk-", variant->mode,
			  "an IOSQE_ASYNC IORING_OP_OPENAT");
	pmw_ring_exit(&r);
}

TEST_F(uring, linked)
{
	struct pmw_ring r;
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/mem", self->target);
	ASSERT_EQ(0, pmw_ring_init(&r, 4, 0, 0));
	expect_uring_open(_metadata, self->events, self->target,
			  ring_open(&r, path, O_RDONLY | O_NOATIME, 0, true),
			  PMW_OPEN_NOATIME, 0, NULL, variant->mode,
			  "an IORING_OP_OPENAT linked after a NOP");
	pmw_ring_exit(&r);
}

TEST_F(uring, sqpoll)
{
	struct pmw_ring r;
	char path[64];
	int err;

	snprintf(path, sizeof(path), "/proc/%d/mem", self->target);
	err = pmw_ring_init(&r, 4, IORING_SETUP_SQPOLL, 1000);
	if (err)
		SKIP(return, "no SQPOLL ring: %s", strerror(-err));
	expect_uring_open(_metadata, self->events, self->target,
			  ring_open(&r, path, O_RDONLY, 0, false), 0, PMW_INFO_IO_URING,
			  /* Or a worker of its own, when the open cannot finish at once. */
			  "iou-", variant->mode, "an IORING_OP_OPENAT in the SQPOLL thread");
	pmw_ring_exit(&r);
}

/*
 * A zombie's memory, opened by a worker: in detect the open fails with
 * ESRCH, which procmemwatch could only tell from what was left of the
 * open; in enforce it is denied first.
 */
TEST_F(uring, failed_open_is_guessed)
{
	bool enforce = !strcmp(variant->mode, "enforce");
	union pmw_any_record rec;
	struct pmw_ring r;
	char path[64];
	pid_t zombie;
	int fd;

	zombie = pmw_spawn_zombie();
	ASSERT_LT(0, zombie);
	snprintf(path, sizeof(path), "/proc/%d/mem", zombie);
	ASSERT_EQ(0, pmw_ring_init(&r, 4, 0, 0));
	fd = ring_open(&r, path, O_RDONLY, IOSQE_ASYNC, false);
	pmw_ring_exit(&r);
	EXPECT_EQ(enforce ? -EPERM : -ESRCH, fd);
	ASSERT_TRUE(pmw_next_access(self->events, &rec));
	EXPECT_EQ((__u32)zombie, rec.access.target_pid);
	if (enforce) {
		EXPECT_EQ(PMW_OUTCOME_DENIED, rec.access.outcome);
		EXPECT_EQ((__u32)EPERM, rec.access.error);
	} else {
		EXPECT_EQ(PMW_OUTCOME_FAILED, rec.access.outcome);
		EXPECT_EQ((__u32)ESRCH, rec.access.error);
		EXPECT_EQ(PMW_INFO_GUESSED_ERROR, PMW_INFO(&rec.access) & PMW_INFO_GUESSED_ERROR);
	}
	EXPECT_EQ(PMW_INFO_IO_URING, PMW_INFO(&rec.access) & PMW_INFO_IO_URING);
	waitpid(zombie, NULL, 0);
}

/*
 * Two opens hard-linked in one submission, the first failing: the io-wq
 * worker runs both without leaving the kernel between them. Each has its
 * record: the failed one is neither lost to the next nor taken for it.
 */
TEST_F(uring, a_failed_open_then_another_in_one_submission)
{
	bool enforce = !strcmp(variant->mode, "enforce");
	bool seen_dead = false, seen_live = false;
	int res[2] = { 1, 1 }, i;
	union pmw_any_record rec;
	struct io_uring_cqe cqe;
	char dead[64], live[64];
	struct pmw_ring r;
	pid_t zombie;

	zombie = pmw_spawn_zombie();
	ASSERT_LT(0, zombie);
	snprintf(dead, sizeof(dead), "/proc/%d/mem", zombie);
	snprintf(live, sizeof(live), "/proc/%d/mem", self->target);
	ASSERT_EQ(0, pmw_ring_init(&r, 4, 0, 0));
	pmw_ring_openat(&r, dead, O_RDONLY | O_CLOEXEC, 1)->flags =
		IOSQE_ASYNC | IOSQE_IO_HARDLINK;
	pmw_ring_openat(&r, live, O_RDONLY | O_CLOEXEC, 2);
	ASSERT_EQ(0, pmw_ring_submit(&r, 2));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, pmw_ring_reap(&r, &cqe, 5000));
		ASSERT_TRUE(cqe.user_data == 1 || cqe.user_data == 2);
		res[cqe.user_data - 1] = cqe.res;
	}
	pmw_ring_exit(&r);
	EXPECT_EQ(enforce ? -EPERM : -ESRCH, res[0]);
	EXPECT_TRUE(enforce ? res[1] == -EPERM : res[1] >= 0)
		TH_LOG("the second open: %d", res[1]);
	if (res[1] >= 0)
		close(res[1]);

	for (i = 0; i < 2; i++) {
		ASSERT_TRUE(pmw_next_access(self->events, &rec));
		if (rec.access.target_pid == (__u32)zombie) {
			seen_dead = true;
			EXPECT_EQ(enforce ? PMW_OUTCOME_DENIED : PMW_OUTCOME_FAILED,
				  rec.access.outcome);
			EXPECT_EQ((__u32)(enforce ? EPERM : ESRCH), rec.access.error);
		} else {
			seen_live = true;
			EXPECT_EQ((__u32)self->target, rec.access.target_pid);
			EXPECT_EQ(enforce ? PMW_OUTCOME_DENIED : PMW_OUTCOME_OPENED,
				  rec.access.outcome);
			EXPECT_EQ(0, PMW_INFO(&rec.access) & PMW_INFO_GUESSED_ERROR);
		}
	}
	EXPECT_TRUE(seen_dead);
	EXPECT_TRUE(seen_live);
	EXPECT_TRUE(pmw_no_record(self->events, 200));
	waitpid(zombie, NULL, 0);
}

/*
 * The same open by open(2): its error is read from its result, not
 * guessed. In enforce mode the policy refuses it first, with its own.
 */
TEST_F(uring, an_openat_syscall_is_not_guessed)
{
	int want = strcmp(variant->mode, "enforce") ? ESRCH : EPERM;
	union pmw_any_record rec;
	char path[64];
	pid_t zombie;

	zombie = pmw_spawn_zombie();
	ASSERT_LT(0, zombie);
	snprintf(path, sizeof(path), "/proc/%d/mem", zombie);
	EXPECT_EQ(want, pmw_try_open(path, O_RDONLY));
	ASSERT_TRUE(pmw_next_access(self->events, &rec));
	EXPECT_EQ((__u32)want, rec.access.error);
	EXPECT_EQ(0, PMW_INFO(&rec.access) & (PMW_INFO_GUESSED_ERROR | PMW_INFO_IO_URING));
	waitpid(zombie, NULL, 0);
}

TEST_HARNESS_MAIN
