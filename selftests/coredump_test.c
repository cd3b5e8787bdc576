// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: a core dump is another way into a process's memory. A
 * process may raise another's RLIMIT_CORE (prlimit(2)) and then send it a
 * signal that dumps core: the dump, written where the sender can read it,
 * holds the whole memory. Both are access records of route CORE_DUMP,
 * decided by the policy in enforce (EPERM).
 *
 * Only what would write a core is judged. A signal: one the target leaves
 * to its default action (not handled, not ignored), to a target that may
 * dump, whose soft RLIMIT_CORE lets a dump be written: with a core_pattern
 * naming a file a limit of 0 writes nothing; with a pipe ('|') the limit
 * is ignored, but for 1, which writes nothing. A prlimit(2) of another
 * process's RLIMIT_CORE: when the new soft limit is above the one it had
 * and lets a dump be written. Anything else (lowering a limit, reading
 * it, a signal that dumps nothing) is no record, and in enforce no EPERM
 * either.
 *
 * The sender is uid 1000, the least a process needs to try, and its
 * target another process of the same user. Each test sets the
 * core_pattern it needs and the fixture puts the boot's back.
 */

#define _GNU_SOURCE
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "common.h"

#define SCRATCH		"/tmp/procmemwatch-core"
#define CORE_PATTERN	"/proc/sys/kernel/core_pattern"
/* A core_pattern that names a file, in the dumping process's cwd. */
#define FILE_PATTERN	"core"
/* A core_pattern that pipes the dump to a program. */
#define PIPE_PATTERN	"|/bin/false"

FIXTURE(core) {
	int events;
	struct pmw_settings saved;
	char core_pattern[256];
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
	ASSERT_LT(0, pmw_read_file(CORE_PATTERN, self->core_pattern,
				   sizeof(self->core_pattern)));
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, variant->mode, "\n", "0"));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
}

FIXTURE_TEARDOWN_PARENT(core)
{
	if (self->core_pattern[0])
		EXPECT_EQ(0, pmw_write_str(CORE_PATTERN, self->core_pattern));
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
}

/* Sets the core_pattern a test needs; the teardown puts the boot's back. */
static void set_core_pattern(struct __test_metadata *_metadata, const char *pattern)
{
	char line[64];

	snprintf(line, sizeof(line), "%s\n", pattern);
	ASSERT_EQ(0, pmw_write_str(CORE_PATTERN, line)) TH_LOG("core_pattern %s", pattern);
}

static void on_signal(int sig)
{
}

/*
 * A uid 1000 target with this RLIMIT_CORE, dumpable or not, waiting in
 * SCRATCH to be killed, SIGQUIT and SIGABRT left to the action given
 * (SIG_DFL, SIG_IGN or on_signal). Its pid, or -1.
 */
static pid_t spawn_core_target_acting(rlim_t core, bool dumpable, void (*action)(int))
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
		    prctl(PR_SET_DUMPABLE, dumpable) || chdir(SCRATCH) ||
		    signal(SIGQUIT, action) == SIG_ERR || signal(SIGABRT, action) == SIG_ERR)
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

static pid_t spawn_core_target(rlim_t core, bool dumpable)
{
	return spawn_core_target_acting(core, dumpable, SIG_DFL);
}

static pid_t sender_target;
static rlim_t new_soft_limit;

/* Sets the target's soft limit to new_soft_limit, the hard one unlimited. */
static int set_limit(void)
{
	struct rlimit lim = { new_soft_limit, RLIM_INFINITY };

	if (pmw_become(PMW_USER))
		return 100;
	return prlimit(sender_target, RLIMIT_CORE, &lim, NULL) ? errno : 0;
}

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

/* The target's soft RLIMIT_CORE, or -1. */
static rlim_t soft_limit_of(pid_t pid)
{
	struct rlimit now;

	return prlimit(pid, RLIMIT_CORE, NULL, &now) ? (rlim_t)-1 : now.rlim_cur;
}

/*
 * With a core_pattern that names a file, raising another process's soft
 * RLIMIT_CORE above what it was is a record; enforce refuses it. Setting
 * it to what it was, reading it, lowering it: no record, never refused.
 */
TEST_F(core, prlimit_raises_another_limit)
{
	bool enforce = !strcmp(variant->mode, "enforce");
	pid_t opener;
	int err;

	set_core_pattern(_metadata, FILE_PATTERN);
	sender_target = spawn_core_target(0, true);
	ASSERT_LT(0, sender_target);
	opener = sender(raise_limit, &err);
	EXPECT_EQ(enforce ? EPERM : 0, err);
	EXPECT_EQ(enforce ? 0 : RLIM_INFINITY, soft_limit_of(sender_target))
		TH_LOG("the target's limit");
	expect_core_record(_metadata, self->events, opener, sender_target, enforce,
			   "prlimit(RLIMIT_CORE) of another process");
	/* The soft limit it has already: not above, no record. */
	new_soft_limit = soft_limit_of(sender_target);
	sender(set_limit, &err);
	EXPECT_EQ(0, err) TH_LOG("the limit the target has");
	expect_no_record(_metadata, self->events, "the limit the target has");
	/* Reading it and lowering it to 0 dump nothing: no record. */
	opener = sender(lower_and_read_limit, &err);
	EXPECT_EQ(0, err);
	expect_no_record(_metadata, self->events, "a lowered limit");
	pmw_reap(sender_target);

	/* A raise from a limit that writes something already is a record too. */
	sender_target = spawn_core_target(4096, true);
	ASSERT_LT(0, sender_target);
	new_soft_limit = 1 << 20;
	opener = sender(set_limit, &err);
	EXPECT_EQ(enforce ? EPERM : 0, err) TH_LOG("4096 -> 1 MiB");
	expect_core_record(_metadata, self->events, opener, sender_target, enforce,
			   "a raise from 4096 to 1 MiB");
	EXPECT_EQ((rlim_t)(enforce ? 4096 : 1 << 20), soft_limit_of(sender_target));
	pmw_reap(sender_target);
}

/*
 * Under a core_pattern that pipes, a raise of another process's limit is
 * judged as under one that names a file: the new limit lets a dump be
 * written. A lowering, or a read, is still no record.
 */
TEST_F(core, prlimit_with_a_pipe_pattern)
{
	bool enforce = !strcmp(variant->mode, "enforce");
	pid_t opener;
	int err;

	set_core_pattern(_metadata, PIPE_PATTERN);
	sender_target = spawn_core_target(0, true);
	ASSERT_LT(0, sender_target);
	opener = sender(raise_limit, &err);
	EXPECT_EQ(enforce ? EPERM : 0, err) TH_LOG("a raise under a pipe pattern");
	EXPECT_EQ(enforce ? 0 : RLIM_INFINITY, soft_limit_of(sender_target));
	expect_core_record(_metadata, self->events, opener, sender_target, enforce,
			   "a raise under a pipe pattern");
	sender(lower_and_read_limit, &err);
	EXPECT_EQ(0, err);
	expect_no_record(_metadata, self->events, "a lowered limit under a pipe pattern");
	pmw_reap(sender_target);
}

/* Sends sig to a target of this limit; a record, or EPERM in enforce. */
static void expect_signal_dumps(struct __test_metadata *_metadata, int events,
				bool enforce, rlim_t core, int sig,
				int (*send)(void), const char *what)
{
	pid_t opener;
	int err, status;

	sender_target = spawn_core_target(core, true);
	ASSERT_LT(0, sender_target);
	sig_to_send = sig;
	opener = sender(send, &err);
	EXPECT_EQ(enforce ? EPERM : 0, err) TH_LOG("%s", what);
	expect_core_record(_metadata, events, opener, sender_target, enforce, what);
	if (enforce) {
		EXPECT_EQ(0, waitpid(sender_target, &status, WNOHANG))
			TH_LOG("%s: the target died", what);
		pmw_reap(sender_target);
	} else {
		ASSERT_EQ(sender_target, waitpid(sender_target, &status, 0));
		EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) TH_LOG("%s", what);
	}
}

/*
 * SIGSEGV to a dumpable process whose RLIMIT_CORE is not 0, its action
 * the default: a record; enforce refuses the kill, and the target lives.
 * tgkill(2) is the same; so are SIGABRT and SIGQUIT, with any limit but 0.
 */
TEST_F(core, signal_that_dumps)
{
	bool enforce = !strcmp(variant->mode, "enforce");

	set_core_pattern(_metadata, FILE_PATTERN);
	expect_signal_dumps(_metadata, self->events, enforce, RLIM_INFINITY, SIGSEGV,
			    send_signal, "SIGSEGV by kill(2)");
	expect_signal_dumps(_metadata, self->events, enforce, RLIM_INFINITY, SIGSEGV,
			    send_signal_tgkill, "SIGSEGV by tgkill(2)");
	expect_signal_dumps(_metadata, self->events, enforce, 1 << 20, SIGABRT,
			    send_signal, "SIGABRT, RLIMIT_CORE 1 MiB");
	expect_signal_dumps(_metadata, self->events, enforce, 4096, SIGQUIT,
			    send_signal, "SIGQUIT, RLIMIT_CORE 4096");
	EXPECT_TRUE(pmw_no_record(self->events, 100));
}

/*
 * A core_pattern that pipes ignores RLIMIT_CORE: a signal to a process
 * whose limit is 0 dumps all the same, a record; a limit of 1 alone
 * writes nothing.
 */
TEST_F(core, pipe_pattern_ignores_the_limit)
{
	bool enforce = !strcmp(variant->mode, "enforce");
	int err, status;

	set_core_pattern(_metadata, PIPE_PATTERN);
	expect_signal_dumps(_metadata, self->events, enforce, 0, SIGABRT, send_signal,
			    "SIGABRT, RLIMIT_CORE 0, a pipe pattern");
	expect_signal_dumps(_metadata, self->events, enforce, RLIM_INFINITY, SIGSEGV,
			    send_signal, "SIGSEGV, a pipe pattern");

	sender_target = spawn_core_target(1, true);
	ASSERT_LT(0, sender_target);
	sig_to_send = SIGABRT;
	sender(send_signal, &err);
	EXPECT_EQ(0, err) TH_LOG("SIGABRT, RLIMIT_CORE 1, a pipe pattern");
	expect_no_record(_metadata, self->events, "SIGABRT, RLIMIT_CORE 1, a pipe pattern");
	ASSERT_EQ(sender_target, waitpid(sender_target, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

/*
 * Signals that dump nothing, to processes that would not dump, or that
 * handle or ignore the signal: no record, and enforce refuses none. The
 * core_pattern names a file, so a limit of 0 writes nothing.
 */
TEST_F(core, signals_that_dump_nothing)
{
	static const struct {
		rlim_t core;
		bool dumpable;
		void (*action)(int sig);
		int sig;
		const char *what;
	} cases[] = {
		{ RLIM_INFINITY, true, SIG_DFL, 0, "signal 0, which only checks" },
		{ RLIM_INFINITY, true, SIG_DFL, SIGTERM, "SIGTERM" },
		{ RLIM_INFINITY, true, SIG_DFL, SIGKILL, "SIGKILL" },
		{ RLIM_INFINITY, false, SIG_DFL, SIGSEGV,
		  "SIGSEGV to a process that may not dump" },
		{ 0, true, SIG_DFL, SIGABRT, "SIGABRT to a process whose RLIMIT_CORE is 0" },
		{ 0, true, SIG_DFL, SIGSEGV, "SIGSEGV to a process whose RLIMIT_CORE is 0" },
		{ RLIM_INFINITY, true, on_signal, SIGQUIT, "SIGQUIT to a process that handles it" },
		{ RLIM_INFINITY, true, on_signal, SIGABRT, "SIGABRT to a process that handles it" },
		{ RLIM_INFINITY, true, SIG_IGN, SIGABRT, "SIGABRT to a process that ignores it" },
		{ RLIM_INFINITY, true, SIG_IGN, SIGQUIT, "SIGQUIT to a process that ignores it" },
	};
	unsigned int i;
	int err, status;

	set_core_pattern(_metadata, FILE_PATTERN);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		sender_target = spawn_core_target_acting(cases[i].core, cases[i].dumpable,
							 cases[i].action);
		ASSERT_LT(0, sender_target);
		sig_to_send = cases[i].sig;
		sender(send_signal, &err);
		EXPECT_EQ(0, err) TH_LOG("%s", cases[i].what);
		expect_no_record(_metadata, self->events, cases[i].what);
		/* A handled or ignored signal leaves the target alive. */
		if (cases[i].action != SIG_DFL)
			EXPECT_EQ(0, waitpid(sender_target, &status, WNOHANG))
				TH_LOG("%s: the target died", cases[i].what);
		pmw_reap(sender_target);
	}
}

/*
 * Under a core_pattern that names a file, the kernel writes no core for a
 * limit below the smallest dump its binary format writes (ELF: a page,
 * fs/coredump.c's min_coredump): a SIGABRT then dumps nothing, as with a
 * limit of 0, and is no record; neither is raising another process's
 * limit from 0 to such a limit. The core file tells what was written.
 */
TEST_F(core, limit_below_a_page_writes_nothing)
{
	struct stat st;
	int err, status;

	set_core_pattern(_metadata, FILE_PATTERN);
	unlink(SCRATCH "/" FILE_PATTERN);
	sender_target = spawn_core_target(1000, true);
	ASSERT_LT(0, sender_target);
	sig_to_send = SIGABRT;
	sender(send_signal, &err);
	EXPECT_EQ(0, err) TH_LOG("SIGABRT, RLIMIT_CORE 1000: refused, though it dumps nothing");
	if (err) {
		pmw_reap(sender_target);
	} else {
		ASSERT_EQ(sender_target, waitpid(sender_target, &status, 0));
		EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
		EXPECT_FALSE(WCOREDUMP(status)) TH_LOG("a core dumped under a limit of 1000");
		EXPECT_NE(0, stat(SCRATCH "/" FILE_PATTERN, &st)) TH_LOG("a core was written");
	}
	expect_no_record(_metadata, self->events, "SIGABRT, RLIMIT_CORE 1000 (no core written)");

	sender_target = spawn_core_target(0, true);
	ASSERT_LT(0, sender_target);
	new_soft_limit = 1000;
	sender(set_limit, &err);
	EXPECT_EQ(0, err) TH_LOG("a raise from 0 to 1000: refused, though it prepares nothing");
	expect_no_record(_metadata, self->events, "a raise from 0 to 1000 (no core either way)");
	pmw_reap(sender_target);
}

TEST_HARNESS_MAIN
