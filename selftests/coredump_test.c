// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: a core dump is another way into a process's memory. A
 * process may raise another's RLIMIT_CORE (prlimit(2)) and then send it a
 * signal that dumps core: the dump, written where the sender can read it,
 * holds the whole memory. Both are access records of route CORE_DUMP,
 * decided by the policy in enforce (EPERM). Lowering a limit, reading
 * it, a signal that dumps nothing, a target that may not dump: no record.
 *
 * The sender is uid 1000, the least a process needs to try, and its
 * target another process of the same user.
 */

#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "common.h"

#define SCRATCH		"/tmp/procmemwatch-core"

FIXTURE(core) {
	int events;
	struct pmw_settings saved;
};

FIXTURE_VARIANT(core) {
	const char *mode;
};

FIXTURE_VARIANT_ADD(core, detect) { .mode = "detect" };
FIXTURE_VARIANT_ADD(core, enforce) { .mode = "enforce" };

FIXTURE_SETUP(core)
{
	self->events = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	mkdir(SCRATCH, 0777);
	ASSERT_EQ(0, chmod(SCRATCH, 0777));
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, variant->mode, "\n", "0"));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
}

FIXTURE_TEARDOWN_PARENT(core)
{
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
}

/*
 * A uid 1000 target with this RLIMIT_CORE, dumpable or not, waiting in
 * SCRATCH to be killed. Its pid, or -1.
 */
static pid_t spawn_core_target(rlim_t core, bool dumpable)
{
	/* The soft limit; the hard one lets its user raise it. */
	struct rlimit lim = { core, RLIM_INFINITY };
	int ready[2];
	pid_t pid;
	char c;

	if (pipe2(ready, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* Its own limit, as root: no record, no other process. */
		if (setrlimit(RLIMIT_CORE, &lim) || pmw_become(PMW_USER) ||
		    prctl(PR_SET_DUMPABLE, dumpable) || chdir(SCRATCH))
			_exit(1);
		if (write(ready[1], "r", 1) != 1)
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

static pid_t sender_target;

static int raise_limit(void)
{
	struct rlimit lim = { RLIM_INFINITY, RLIM_INFINITY };

	if (pmw_become(PMW_USER))
		return 100;
	return prlimit(sender_target, RLIMIT_CORE, &lim, NULL) ? errno : 0;
}

static int lower_and_read_limit(void)
{
	struct rlimit lim = { 0, 0 }, old;

	if (pmw_become(PMW_USER))
		return 100;
	if (prlimit(sender_target, RLIMIT_CORE, NULL, &old))
		return errno;
	return prlimit(sender_target, RLIMIT_CORE, &lim, NULL) ? errno : 0;
}

static int sig_to_send;

static int send_signal(void)
{
	if (pmw_become(PMW_USER))
		return 100;
	return kill(sender_target, sig_to_send) ? errno : 0;
}

static int send_signal_tgkill(void)
{
	if (pmw_become(PMW_USER))
		return 100;
	return syscall(SYS_tgkill, sender_target, sender_target, sig_to_send) ? errno : 0;
}

/* Runs fn in a child and returns its pid; *err its result. */
static pid_t sender(int (*fn)(void), int *err)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	*err = pmw_wait(pid);
	return pid;
}

static void expect_core_record(struct __test_metadata *_metadata, int events,
			       pid_t opener, pid_t target, bool enforce, const char *what)
{
	struct pmw_want w = {
		.pid = opener, .uid = PMW_USER, .euid = PMW_USER, .target_pid = target,
		.route = PMW_ROUTE_CORE_DUMP, .access = PMW_ACCESS_READ,
		.outcome = enforce ? PMW_OUTCOME_DENIED : PMW_OUTCOME_OPENED,
		.error = enforce ? EPERM : 0,
		.info = enforce ? 0 : PMW_INFO_WOULD_DENY,
		.info_ignored = enforce ? PMW_INFO_WOULD_DENY : 0,
	};
	union pmw_any_record rec;

	pmw_expect_access_rec(_metadata, events, &w, &rec, what);
	EXPECT_EQ(0U, rec.access.path.len) TH_LOG("%s: a path", what);
	EXPECT_EQ((unsigned int)PMW_USER, rec.access.target_uid) TH_LOG("%s", what);
}

/* No record comes; one that does is told. */
static void expect_no_record(struct __test_metadata *_metadata, int events, const char *what)
{
	union pmw_any_record rec;
	char pattern[256];

	if (pmw_next_record(events, rec.raw, 200) <= 0)
		return;
	pmw_read_line("/proc/sys/kernel/core_pattern", pattern, sizeof(pattern));
	EXPECT_TRUE(false) TH_LOG("a record of %s (core_pattern \"%s\")", what, pattern);
	TH_LOG("type %u, route %u, outcome %u, pid %u, target %u", rec.hdr.type, rec.access.route,
	       rec.access.outcome, rec.access.pid, rec.access.target_pid);
}

/* Raising another process's RLIMIT_CORE is a record; enforce refuses it. */
TEST_F(core, prlimit_raises_another_limit)
{
	bool enforce = !strcmp(variant->mode, "enforce");
	struct rlimit now;
	pid_t opener;
	int err;

	sender_target = spawn_core_target(0, true);
	ASSERT_LT(0, sender_target);
	opener = sender(raise_limit, &err);
	EXPECT_EQ(enforce ? EPERM : 0, err);
	ASSERT_EQ(0, prlimit(sender_target, RLIMIT_CORE, NULL, &now));
	EXPECT_EQ(enforce ? 0 : RLIM_INFINITY, now.rlim_cur) TH_LOG("the target's limit");
	expect_core_record(_metadata, self->events, opener, sender_target, enforce,
			   "prlimit(RLIMIT_CORE) of another process");
	/* Reading it and lowering it to 0 dump nothing: no record. */
	opener = sender(lower_and_read_limit, &err);
	EXPECT_EQ(0, err);
	expect_no_record(_metadata, self->events, "a lowered limit");
	pmw_reap(sender_target);
}

/*
 * SIGSEGV to a dumpable process whose RLIMIT_CORE is not 0: a record;
 * enforce refuses the kill, and the target lives. tgkill(2) is the same.
 */
TEST_F(core, signal_that_dumps)
{
	static int (*const senders[])(void) = { send_signal, send_signal_tgkill };
	bool enforce = !strcmp(variant->mode, "enforce");
	unsigned int i;
	pid_t opener;
	int err, status;

	for (i = 0; i < ARRAY_SIZE(senders); i++) {
		sender_target = spawn_core_target(RLIM_INFINITY, true);
		ASSERT_LT(0, sender_target);
		sig_to_send = SIGSEGV;
		opener = sender(senders[i], &err);
		EXPECT_EQ(enforce ? EPERM : 0, err) TH_LOG("sender %u", i);
		expect_core_record(_metadata, self->events, opener, sender_target,
				   enforce, "SIGSEGV to a dumpable process");
		if (enforce) {
			EXPECT_EQ(0, waitpid(sender_target, &status, WNOHANG))
				TH_LOG("the target died");
			pmw_reap(sender_target);
		} else {
			ASSERT_EQ(sender_target, waitpid(sender_target, &status, 0));
			EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
		}
	}
	EXPECT_TRUE(pmw_no_record(self->events, 100));
}

/* The core_pattern pipe ignores RLIMIT_CORE: then a limit of 0 dumps too. */
static bool core_pattern_is_a_pipe(void)
{
	char pattern[256];

	return pmw_read_line("/proc/sys/kernel/core_pattern", pattern, sizeof(pattern))[0] == '|';
}

/* Signals that dump nothing, to processes that would not dump: no record. */
TEST_F(core, signals_that_dump_nothing)
{
	static const struct {
		rlim_t core;
		bool dumpable;
		int sig;
		const char *what;
	} cases[] = {
		{ RLIM_INFINITY, true, SIGTERM, "SIGTERM" },
		{ RLIM_INFINITY, true, SIGKILL, "SIGKILL" },
		{ RLIM_INFINITY, false, SIGSEGV, "SIGSEGV to a process that may not dump" },
		{ 0, true, SIGABRT, "SIGABRT to a process whose RLIMIT_CORE is 0" },
	};
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		if (!cases[i].core && core_pattern_is_a_pipe())
			continue;
		sender_target = spawn_core_target(cases[i].core, cases[i].dumpable);
		ASSERT_LT(0, sender_target);
		sig_to_send = cases[i].sig;
		sender(send_signal, &err);
		EXPECT_EQ(0, err) TH_LOG("%s", cases[i].what);
		expect_no_record(_metadata, self->events, cases[i].what);
		pmw_reap(sender_target);
	}
}

TEST_HARNESS_MAIN
