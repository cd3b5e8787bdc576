// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch guard mode: in enforce an open of another process's memory
 * needs a rule of the policy, detect marks the opens enforce would deny,
 * and the policy file takes a whole valid policy or changes nothing
 */

#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>

#include "../kselftest_harness.h"
#include "common.h"
#include "guard.h"

#define SCRATCH		"/tmp/procmemwatch-guard"

FIXTURE(guard) {
	int events;
	struct pmw_settings saved;
};

/* Mode detect, an empty policy, no budget: each open is a record of its own. */
FIXTURE_SETUP(guard)
{
	self->events = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, "detect", "\n", "0"));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
	mkdir(SCRATCH, 0755);
	ASSERT_EQ(0, chdir("/"));
}

/* The next test starts from the settings this one found. */
FIXTURE_TEARDOWN_PARENT(guard)
{
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
}

/* Parks a thread until it is cancelled; tells its tid through arg. */
static void *park(void *arg)
{
	__atomic_store_n((pid_t *)arg, gettid(), __ATOMIC_RELEASE);
	for (;;)
		pause();
	return NULL;
}

struct thread_open {
	const char *path;
	pid_t tid;
	int err;
};

static void *open_from_thread(void *arg)
{
	struct thread_open *t = arg;

	t->tid = gettid();
	t->err = pmw_try_open(t->path, O_RDWR);
	return NULL;
}

/*
 * Any thread of this process may open the memory of any thread of it,
 * read and write, through every name, in enforce with an empty policy;
 * detect marks none of these opens as one enforce would deny.
 */
TEST_F(guard, self_is_allowed_in_enforce)
{
	static const char *const modes[] = { "enforce", "detect" };
	const unsigned int both = PMW_INFO_SELF | PMW_INFO_THREAD_DIR;
	pid_t me = getpid(), tid = 0;
	struct pmw_want w;
	struct thread_open t;
	pthread_t parked, opener;
	char path[64];
	unsigned int i;

	ASSERT_EQ(0, pthread_create(&parked, NULL, park, &tid));
	while (!__atomic_load_n(&tid, __ATOMIC_ACQUIRE))
		usleep(1000);
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		pmw_set_mode(_metadata, self->events, modes[i]);

		EXPECT_EQ(0, pmw_try_open("/proc/self/mem", O_RDWR)) TH_LOG("%s", modes[i]);
		w = pmw_want_mem(me, 0, me, O_RDWR, false, PMW_INFO_SELF);
		pmw_expect_access(_metadata, self->events, &w, "/proc/self/mem");

		pmw_expect_my_open(_metadata, self->events, me, O_WRONLY, 0, PMW_INFO_SELF,
				   "/proc/<own pid>/mem");

		EXPECT_EQ(0, pmw_try_open("/proc/thread-self/mem", O_RDWR)) TH_LOG("%s", modes[i]);
		w = pmw_want_mem(me, 0, me, O_RDWR, false, both);
		pmw_expect_access(_metadata, self->events, &w, "/proc/thread-self/mem");

		/* Another thread's memory, named by its task directory. */
		snprintf(path, sizeof(path), "/proc/self/task/%d/mem", tid);
		EXPECT_EQ(0, pmw_try_open(path, O_RDONLY)) TH_LOG("%s: %s", modes[i], path);
		w = pmw_want_mem(me, 0, me, O_RDONLY, false, both);
		w.target_tid = tid;
		pmw_expect_access(_metadata, self->events, &w, "task/<other thread>/mem");

		/* From another thread, the process's memory. */
		snprintf(path, sizeof(path), "/proc/%d/mem", me);
		t.path = path;
		t.err = -1;
		ASSERT_EQ(0, pthread_create(&opener, NULL, open_from_thread, &t));
		ASSERT_EQ(0, pthread_join(opener, NULL));
		EXPECT_EQ(0, t.err) TH_LOG("%s: %s from a second thread", modes[i], path);
		w = pmw_want_mem(me, 0, me, O_RDWR, false, PMW_INFO_SELF);
		w.tid = t.tid;
		pmw_expect_access(_metadata, self->events, &w,
				  "a second thread opening /proc/<pid>/mem");
	}
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("more events than opens");
	pthread_cancel(parked);
	pthread_join(parked, NULL);
}

/*
 * Another process's memory, with an empty policy: denied for read, write
 * and both, by any name, whichever of the two opens the other's.
 */
TEST_F(guard, other_process_is_denied_in_enforce)
{
	static const int flags[] = { O_RDONLY, O_WRONLY, O_RDWR };
	pid_t target = pmw_spawn_target(0), me = getpid(), opener;
	struct pmw_want w;
	char path[64];
	unsigned int i;
	int err;

	ASSERT_LT(0, target);
	pmw_set_mode(_metadata, self->events, "enforce");
	for (i = 0; i < ARRAY_SIZE(flags); i++)
		pmw_expect_my_open(_metadata, self->events, target, flags[i], EPERM, 0,
				   "another process's mem, empty policy");

	snprintf(path, sizeof(path), "/proc/%d/task/%d/mem", target, target);
	EXPECT_EQ(EPERM, pmw_try_open(path, O_RDONLY)) TH_LOG("%s", path);
	w = pmw_want_mem(me, 0, target, O_RDONLY, true, PMW_INFO_THREAD_DIR);
	pmw_expect_access(_metadata, self->events, &w, "task/<tid>/mem of another process");

	/* The child, this process's memory. */
	opener = pmw_open_in_child(me, O_RDONLY, 0, 0, &err);
	EXPECT_EQ(EPERM, err) TH_LOG("a child opening its parent's memory");
	w = pmw_want_mem(opener, 0, me, O_RDONLY, true, 0);
	pmw_expect_access(_metadata, self->events, &w, "a child opening its parent's memory");

	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("more events than opens");
	pmw_reap(target);
}

/* Mode off lets every open through and records none. */
TEST_F(guard, mode_off_neither_denies_nor_records)
{
	pid_t target = pmw_spawn_target(0);
	char path[64];

	ASSERT_LT(0, target);
	snprintf(path, sizeof(path), "/proc/%d/mem", target);
	pmw_set_mode(_metadata, self->events, "off");
	EXPECT_EQ(0, pmw_try_open(path, O_RDWR)) TH_LOG("an open in mode off");
	EXPECT_EQ(0, pmw_try_open("/proc/self/mem", O_RDWR));
	EXPECT_TRUE(pmw_no_record(self->events, 200)) TH_LOG("an event in mode off");
	/* The same open, in enforce. */
	pmw_set_mode(_metadata, self->events, "enforce");
	pmw_expect_my_open(_metadata, self->events, target, O_RDWR, EPERM, 0,
			   "in enforce after off");
	pmw_reap(target);
}

/*
 * An exe= rule names the program file by its inode when the policy is
 * written: renamed, it still matches; another file put at its name does
 * not, nor does any other program.
 */
TEST_F(guard, exe_rule_matches_the_file_not_its_name)
{
	const char *named = SCRATCH "/opener", *renamed = SCRATCH "/renamed";
	const char *policy = "allow exe=" SCRATCH "/opener access=rw\n";
	pid_t target = pmw_spawn_target(0), opener;
	struct pmw_want w;
	struct stat a, b;
	char *buf = malloc(PMW_POLICY_ROOM);
	int err;

	ASSERT_LT(0, target);
	ASSERT_NE(NULL, buf);
	unlink(renamed);
	ASSERT_EQ(0, pmw_copy_file("/proc/self/exe", named));
	pmw_set_policy(_metadata, self->events, policy, "0 rules", "1 rule");
	EXPECT_STREQ("allow exe=" SCRATCH "/opener access=rw\n", pmw_policy_now(buf));
	pmw_set_mode(_metadata, self->events, "enforce");

	opener = pmw_open_from_exe(named, 0, target, O_RDWR, &err);
	EXPECT_EQ(0, err) TH_LOG("the program the rule names, O_RDWR");
	w = pmw_want_mem(opener, 0, target, O_RDWR, false, 0);
	w.exe = named;
	pmw_expect_access(_metadata, self->events, &w, "the program the rule names");

	ASSERT_EQ(0, rename(named, renamed));
	opener = pmw_open_from_exe(renamed, 0, target, O_RDWR, &err);
	EXPECT_EQ(0, err) TH_LOG("the same file renamed");
	w = pmw_want_mem(opener, 0, target, O_RDWR, false, 0);
	w.exe = renamed;
	pmw_expect_access(_metadata, self->events, &w, "the same file renamed");

	/* Another file at the name the rule was written with. */
	ASSERT_EQ(0, pmw_copy_file(renamed, named));
	ASSERT_EQ(0, stat(named, &a));
	ASSERT_EQ(0, stat(renamed, &b));
	ASSERT_NE(a.st_ino, b.st_ino);
	opener = pmw_open_from_exe(named, 0, target, O_RDONLY, &err);
	EXPECT_EQ(EPERM, err) TH_LOG("a new file at the rule's path was let through");
	w = pmw_want_mem(opener, 0, target, O_RDONLY, true, 0);
	w.exe = named;
	pmw_expect_access(_metadata, self->events, &w, "a new file at the rule's path");

	opener = pmw_open_from_exe(renamed, 0, target, O_RDONLY, &err);
	EXPECT_EQ(0, err) TH_LOG("the renamed file, after a new one took its name");
	w = pmw_want_mem(opener, 0, target, O_RDONLY, false, 0);
	w.exe = renamed;
	pmw_expect_access(_metadata, self->events, &w, "the renamed file, again");

	/* This program: another file. */
	pmw_expect_my_open(_metadata, self->events, target, O_RDONLY, EPERM, 0,
			   "a program the rule does not name");

	/* Detect marks exactly the opens enforce denied. */
	pmw_set_mode(_metadata, self->events, "detect");
	opener = pmw_open_from_exe(renamed, 0, target, O_RDWR, &err);
	EXPECT_EQ(0, err);
	w = pmw_want_mem(opener, 0, target, O_RDWR, false, 0);
	pmw_expect_access(_metadata, self->events, &w, "detect: the renamed file");
	opener = pmw_open_from_exe(named, 0, target, O_RDWR, &err);
	EXPECT_EQ(0, err);
	w = pmw_want_mem(opener, 0, target, O_RDWR, false, PMW_INFO_WOULD_DENY);
	pmw_expect_access(_metadata, self->events, &w, "detect: the new file at the rule's path");

	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("more events than opens");
	pmw_reap(target);
	unlink(named);
	unlink(renamed);
	free(buf);
}

/*
 * A tracer rule lets the target's tracer through, attached by SEIZE or
 * ATTACH, and nobody else; its access= bounds the tracer too.
 */
TEST_F(guard, tracer_rule)
{
	pid_t seized = pmw_spawn_target(0), attached = pmw_spawn_target(0), other;
	const unsigned int tracer = PMW_INFO_TRACER;
	struct pmw_want w;
	int err, status;

	ASSERT_LT(0, seized);
	ASSERT_LT(0, attached);
	pmw_set_policy(_metadata, self->events, "allow tracer access=rw\n", "0 rules", "1 rule");
	pmw_set_mode(_metadata, self->events, "enforce");
	pmw_expect_my_open(_metadata, self->events, seized, O_RDONLY, EPERM, 0,
			   "not yet its tracer");
	/* The rule lets a tracer in, not a process become one. */
	EXPECT_EQ(-1, ptrace(PTRACE_SEIZE, seized, NULL, NULL));
	EXPECT_EQ(EPERM, errno);
	pmw_expect_attach(_metadata, self->events, seized, EPERM, 0, "PTRACE_SEIZE, allow tracer");

	pmw_set_policy(_metadata, self->events,
		       "allow uid=0 route=ptrace_attach access=rw\nallow tracer access=rw\n",
		   "1 rule", "2 rules");
	ASSERT_EQ(0, ptrace(PTRACE_SEIZE, seized, NULL, NULL));
	pmw_expect_attach(_metadata, self->events, seized, 0, 0, "PTRACE_SEIZE");
	pmw_expect_my_open(_metadata, self->events, seized, O_RDONLY, 0, tracer, "tracer (seize)");
	pmw_expect_my_open(_metadata, self->events, seized, O_RDWR, 0, tracer, "tracer (seize)");
	pmw_expect_my_open(_metadata, self->events, seized, O_WRONLY, 0, tracer, "tracer (seize)");

	ASSERT_EQ(0, ptrace(PTRACE_ATTACH, attached, NULL, NULL));
	pmw_expect_attach(_metadata, self->events, attached, 0, 0, "PTRACE_ATTACH");
	ASSERT_EQ(attached, waitpid(attached, &status, __WALL));
	ASSERT_TRUE(WIFSTOPPED(status));
	pmw_expect_my_open(_metadata, self->events, attached, O_RDWR, 0, tracer, "tracer (attach)");

	/* A child of the tracer is no tracer. */
	other = pmw_open_in_child(seized, O_RDONLY, 0, 0, &err);
	EXPECT_EQ(EPERM, err) TH_LOG("a process that does not trace the target");
	w = pmw_want_mem(other, 0, seized, O_RDONLY, true, 0);
	pmw_expect_access(_metadata, self->events, &w, "a process that does not trace the target");

	pmw_set_policy(_metadata, self->events, "allow tracer access=read\n", "2 rules", "1 rule");
	pmw_expect_my_open(_metadata, self->events, seized, O_RDONLY, 0, tracer,
			   "tracer, read rule, O_RDONLY");
	pmw_expect_my_open(_metadata, self->events, seized, O_RDWR, EPERM, tracer,
			   "tracer, read rule, O_RDWR");
	pmw_expect_my_open(_metadata, self->events, seized, O_WRONLY, EPERM, tracer,
			   "tracer, read rule, O_WRONLY");
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("more events than opens");
	pmw_reap(seized);
	pmw_reap(attached);
}

/* access=read, and no access= at all, allow O_RDONLY opens only. */
TEST_F(guard, read_rule_denies_writing)
{
	static const char *const policies[] = { "allow uid=0 access=read\n", "allow uid=0\n" };
	pid_t target = pmw_spawn_target(0);
	char *buf = malloc(PMW_POLICY_ROOM);
	unsigned int i;

	ASSERT_LT(0, target);
	ASSERT_NE(NULL, buf);
	pmw_set_mode(_metadata, self->events, "enforce");
	for (i = 0; i < ARRAY_SIZE(policies); i++) {
		pmw_set_policy(_metadata, self->events, policies[i], NULL, "1 rule");
		EXPECT_STREQ("allow uid=0 access=read\n", pmw_policy_now(buf));
		pmw_expect_my_open(_metadata, self->events, target, O_RDONLY, 0, 0, policies[i]);
		pmw_expect_my_open(_metadata, self->events, target, O_WRONLY, EPERM, 0,
				   policies[i]);
		pmw_expect_my_open(_metadata, self->events, target, O_RDWR, EPERM, 0, policies[i]);
	}
	pmw_set_policy(_metadata, self->events, "allow uid=0 access=rw\n", "1 rule", "1 rule");
	pmw_expect_my_open(_metadata, self->events, target, O_WRONLY, 0, 0, "access=rw");
	pmw_expect_my_open(_metadata, self->events, target, O_RDWR, 0, 0, "access=rw");
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("more events than opens");
	pmw_reap(target);
	free(buf);
}

/*
 * uid= is the opener's real uid: uid 1000 opens the memory of another
 * process of uid 1000 (the kernel's ptrace check lets it; the target lets
 * any process trace it, for Yama's scope 1); root does not match, nor
 * does a process whose effective uid
 * only is 1000.
 */
TEST_F(guard, uid_rule)
{
	pid_t target, opener;
	struct pmw_want w;
	int err;

	if (pmw_user_cannot_ptrace())
		SKIP(return, "%s", pmw_user_cannot_ptrace());
	target = pmw_spawn_target(PMW_USER);
	ASSERT_LT(0, target);
	pmw_set_policy(_metadata, self->events, "allow uid=1000 access=read\n",
		       "0 rules", "1 rule");
	pmw_set_mode(_metadata, self->events, "enforce");

	opener = pmw_open_in_child(target, O_RDONLY, 1000, 1000, &err);
	EXPECT_EQ(0, err) TH_LOG("uid 1000, O_RDONLY");
	w = pmw_want_mem(opener, 1000, target, O_RDONLY, false, 0);
	pmw_expect_access(_metadata, self->events, &w, "uid 1000, O_RDONLY");

	opener = pmw_open_in_child(target, O_RDWR, 1000, 1000, &err);
	EXPECT_EQ(EPERM, err) TH_LOG("uid 1000, O_RDWR, read rule");
	w = pmw_want_mem(opener, 1000, target, O_RDWR, true, 0);
	pmw_expect_access(_metadata, self->events, &w, "uid 1000, O_RDWR");

	/* Real uid 1000, effective uid 0. */
	opener = pmw_open_in_child(target, O_RDONLY, 1000, 0, &err);
	EXPECT_EQ(0, err) TH_LOG("real uid 1000, effective uid 0");
	w = pmw_want_mem(opener, 1000, target, O_RDONLY, false, 0);
	w.euid = 0;
	pmw_expect_access(_metadata, self->events, &w, "real uid 1000, effective uid 0");

	/* Real uid 0, effective uid 1000. */
	opener = pmw_open_in_child(target, O_RDONLY, 0, 1000, &err);
	EXPECT_EQ(EPERM, err) TH_LOG("real uid 0, effective uid 1000");
	w = pmw_want_mem(opener, 0, target, O_RDONLY, true, 0);
	w.euid = 1000;
	pmw_expect_access(_metadata, self->events, &w, "real uid 0, effective uid 1000");

	pmw_expect_my_open(_metadata, self->events, target, O_RDONLY, EPERM, 0,
			   "root, uid=1000 rule");
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("more events than opens");
	pmw_reap(target);
}

/*
 * Detect lets every open through and marks would-deny exactly the opens
 * that enforce then denies, case by case.
 */
TEST_F(guard, detect_marks_what_enforce_would_deny)
{
	static const struct {
		const char *policy;
		int flags;
		bool traced;	/* opened by its tracer */
		bool denied;
	} cases[] = {
		{ "\n", O_RDONLY, false, true },
		{ "\n", O_RDWR, false, true },
		{ "\n", O_RDWR, true, true },
		{ "allow uid=0 access=read\n", O_RDONLY, false, false },
		{ "allow uid=0 access=read\n", O_WRONLY, false, true },
		{ "allow uid=0 access=read\n", O_RDWR, false, true },
		{ "allow uid=0 access=rw\n", O_RDWR, false, false },
		{ "allow uid=1000 access=rw\n", O_RDONLY, false, true },
		{ "allow tracer access=rw\n", O_RDWR, true, false },
		{ "allow tracer access=rw\n", O_RDONLY, false, true },
		{ "allow uid=0 tracer access=rw\n", O_RDWR, false, true },
		{ "allow uid=0 tracer access=rw\n", O_RDWR, true, false },
		{ "allow uid=1000\nallow uid=0 access=rw\n", O_RDWR, false, false },
	};
	pid_t plain = pmw_spawn_target(0), traced = pmw_spawn_target(0), target;
	unsigned int i, info, marked;
	int err;
	char what[128];

	ASSERT_LT(0, plain);
	ASSERT_LT(0, traced);
	ASSERT_EQ(0, ptrace(PTRACE_SEIZE, traced, NULL, NULL));
	pmw_expect_attach(_metadata, self->events, traced, 0, PMW_INFO_WOULD_DENY, "PTRACE_SEIZE");
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		target = plain;
		info = 0;
		if (cases[i].traced) {
			target = traced;
			info = PMW_INFO_TRACER;
		}
		err = 0;
		marked = info;
		if (cases[i].denied) {
			err = EPERM;
			marked |= PMW_INFO_WOULD_DENY;
		}
		snprintf(what, sizeof(what), "case %u (%s), %s", i,
			 info ? "by the tracer" : "not traced", cases[i].policy);
		pmw_set_policy(_metadata, self->events, cases[i].policy, NULL, NULL);
		pmw_expect_my_open(_metadata, self->events, target, cases[i].flags, 0, marked,
				   what);
		pmw_set_mode(_metadata, self->events, "enforce");
		pmw_expect_my_open(_metadata, self->events, target, cases[i].flags, err, info,
				   what);
		pmw_set_mode(_metadata, self->events, "detect");
	}
	/* And never on an open of its own memory. */
	pmw_set_policy(_metadata, self->events, "\n", NULL, "0 rules");
	pmw_expect_my_open(_metadata, self->events, getpid(), O_RDWR, 0, PMW_INFO_SELF,
			   "self, empty policy, detect");
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("more events than opens");
	pmw_reap(plain);
	pmw_reap(traced);
}

/* A policy of the race: 50 rules, "allow uid=0 access=read" the at-th of them. */
static size_t fifty_rules(char *buf, size_t size, int at)
{
	size_t len = 0;
	int i, uid = 1000;

	for (i = 0; i < 50; i++) {
		if (i == at)
			len += snprintf(buf + len, size - len, "allow uid=0 access=read\n");
		else
			len += snprintf(buf + len, size - len, "allow uid=%d access=rw\n", uid++);
	}
	return len;
}

struct race {
	int stop;
	long opens, denied, other;
	int other_errno;
};

/* The race runs at least this long, and until this many replacements. */
#define RACE_SECONDS		2
#define RACE_REPLACEMENTS	200
#define RACE_MAX_SECONDS	20

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec - start->tv_sec + (now.tv_nsec - start->tv_nsec) / 1e9;
}

/*
 * One process opens another's memory for reading without pause while
 * this one replaces the policy with one of two that both allow it, with
 * the rule at another place: not one open may be denied, since a torn or
 * half replaced policy would deny it.
 */
TEST_F_TIMEOUT(guard, replacing_the_policy_never_denies_an_allowed_open, 60)
{
	static char policies[2][4096], now[PMW_POLICY_ROOM], canon[2][4096];
	struct race *race = mmap(NULL, sizeof(*race), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t target = pmw_spawn_target(0), opener;
	size_t len[2];
	long replaced = 0, failed = 0;
	struct timespec start;
	char path[64];
	int i, err, last = 0, status;
	double took;

	ASSERT_NE(MAP_FAILED, race);
	ASSERT_LT(0, target);
	len[0] = fifty_rules(policies[0], sizeof(policies[0]), 0);
	len[1] = fifty_rules(policies[1], sizeof(policies[1]), 49);
	for (i = 0; i < 2; i++) {
		pmw_set_policy(_metadata, self->events, policies[i], NULL, "50 rules");
		pmw_read_file(PMW_POLICY, canon[i], sizeof(canon[i]));
	}
	ASSERT_STRNE(canon[0], canon[1]);
	pmw_set_mode(_metadata, self->events, "enforce");
	/* Without the rule, the opener is denied: the rule is what lets it. */
	ASSERT_EQ(0, pmw_write_policy("\n", 1));
	opener = pmw_open_in_child(target, O_RDONLY, 0, 0, &err);
	ASSERT_EQ(EPERM, err) TH_LOG("the opener was not denied without a rule");
	ASSERT_EQ(0, pmw_write_policy(policies[0], len[0]));

	snprintf(path, sizeof(path), "/proc/%d/mem", target);
	opener = fork();
	ASSERT_LE(0, opener);
	if (opener == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		while (!__atomic_load_n(&race->stop, __ATOMIC_ACQUIRE)) {
			err = pmw_try_open(path, O_RDONLY);
			if (!err) {
				race->opens++;
			} else if (err == EPERM) {
				race->denied++;
			} else {
				race->other++;
				race->other_errno = err;
			}
		}
		_exit(0);
	}
	usleep(10000);
	clock_gettime(CLOCK_MONOTONIC, &start);
	/* Each replacement may wait for an RCU grace period: slow kernels take longer. */
	while ((took = seconds_since(&start)) < RACE_MAX_SECONDS &&
	       (took < RACE_SECONDS || replaced < RACE_REPLACEMENTS)) {
		last = !last;
		if (pmw_write_policy(policies[last], len[last]))
			failed++;
		else
			replaced++;
	}
	__atomic_store_n(&race->stop, 1, __ATOMIC_RELEASE);
	ASSERT_EQ(opener, waitpid(opener, &status, 0));
	TH_LOG("in %.1f s: %ld opens, %ld denied, %ld failed otherwise; %ld replacements",
	       took, race->opens, race->denied, race->other, replaced);
	EXPECT_EQ(0, race->denied) TH_LOG("an allowed open was denied while the policy changed");
	EXPECT_EQ(0, race->other) TH_LOG("opens failed with %s", strerror(race->other_errno));
	EXPECT_EQ(0, failed) TH_LOG("replacements of the policy failed");
	EXPECT_LE(100, race->opens) TH_LOG("too few opens to race with");
	EXPECT_LE(RACE_REPLACEMENTS, replaced)
		TH_LOG("too few replacements of the policy in %d s", RACE_MAX_SECONDS);
	EXPECT_STREQ(canon[last], pmw_policy_now(now)) TH_LOG("not the policy written last");
	pmw_reap(target);
	munmap(race, sizeof(*race));
}

/* In a child: 0, or how many of its checks failed, each told on stderr. */
static int open_fails_with(const char *who, const char *path, int flags, int want)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd >= 0) {
		close(fd);
		fprintf(stderr, "# %s: opening %s succeeded, expected %s\n",
			who, path, strerror(want));
		return 1;
	}
	if (errno != want) {
		fprintf(stderr, "# %s: opening %s failed with %s, expected %s\n",
			who, path, strerror(errno), strerror(want));
		return 1;
	}
	return 0;
}

static int write_fails_with_eperm(const char *who, const char *path, const char *text)
{
	int err = pmw_write_file(path, text, strlen(text));

	if (err == -EPERM)
		return 0;
	fprintf(stderr, "# %s: writing %s gave %s, expected EPERM\n",
		who, path, err ? strerror(-err) : "success");
	return 1;
}

static int as_uid_1000(void)
{
	const char *who = "uid 1000";
	int bad = 0;

	if (setresuid(1000, 1000, 1000))
		return 100;
	bad += open_fails_with(who, PMW_STATS, O_RDONLY, EPERM);
	bad += open_fails_with(who, PMW_EVENTS, O_RDONLY, EPERM);
	/* The same settings, as boot parameters in sysfs. */
	bad += open_fails_with(who, PMW_PARAMS "/mode", O_RDONLY, EACCES);
	bad += open_fails_with(who, PMW_PARAMS "/lock", O_RDONLY, EACCES);
	return bad;
}

static int without_cap_audit_read(void)
{
	const char *who = "root without CAP_AUDIT_READ";
	int bad = 0;

	if (pmw_drop_cap(CAP_AUDIT_READ) || pmw_has_cap(CAP_AUDIT_READ) ||
	    !pmw_has_cap(CAP_MAC_ADMIN))
		return 100;
	bad += open_fails_with(who, PMW_STATS, O_RDONLY, EPERM);
	bad += open_fails_with(who, PMW_EVENTS, O_RDONLY, EPERM);
	return bad;
}

static int without_cap_mac_admin(void)
{
	const char *who = "root without CAP_MAC_ADMIN";
	char buf[PMW_RECORD_MAX];
	int bad = 0, fd;

	if (pmw_drop_cap(CAP_MAC_ADMIN) || pmw_has_cap(CAP_MAC_ADMIN) ||
	    !pmw_has_cap(CAP_AUDIT_READ))
		return 100;
	fd = pmw_open_new_events(O_NONBLOCK);
	if (fd < 0) {
		fprintf(stderr, "# %s: cannot read events: %s\n", who, strerror(errno));
		bad++;
	} else {
		if (read(fd, buf, sizeof(buf)) < 0 && errno != EAGAIN) {
			fprintf(stderr, "# %s: reading events: %s\n", who, strerror(errno));
			bad++;
		}
		close(fd);
	}
	if (pmw_stat("events") < 0) {
		fprintf(stderr, "# %s: cannot read stats\n", who);
		bad++;
	}
	bad += write_fails_with_eperm(who, PMW_MODE, "enforce");
	bad += write_fails_with_eperm(who, PMW_POLICY, "allow uid=0 access=rw\n");
	return bad;
}

/*
 * Events and stats need CAP_AUDIT_READ, changing a setting CAP_MAC_ADMIN.
 * A child's exit status counts its failed checks (100: it could not drop
 * the capability).
 */
TEST_F(guard, events_and_stats_need_cap_audit_read)
{
	char mode[16], now[256];

	/* The sysfs copies exist, so that uid 1000's EACCES means something. */
	ASSERT_EQ(0, access(PMW_PARAMS "/mode", R_OK));
	ASSERT_EQ(0, access(PMW_PARAMS "/lock", R_OK));

	EXPECT_LE(0, pmw_stat("events")) TH_LOG("root cannot read stats");
	EXPECT_EQ(0, pmw_in_child(as_uid_1000)) TH_LOG("uid 1000 read events or stats");
	EXPECT_EQ(0, pmw_in_child(without_cap_audit_read))
		TH_LOG("root without CAP_AUDIT_READ read events or stats");
	EXPECT_EQ(0, pmw_in_child(without_cap_mac_admin))
		TH_LOG("root without CAP_MAC_ADMIN: wrong access");
	EXPECT_STREQ("detect", pmw_read_mode(mode, sizeof(mode)));
	EXPECT_EQ(0, pmw_read_file(PMW_POLICY, now, sizeof(now)));
	EXPECT_STREQ("", now);
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("a refused write made a record");
}

int main(int argc, char **argv)
{
	int err = pmw_open_mem_main(argc, argv);

	return err >= 0 ? err : test_harness_run(argc, argv);
}
