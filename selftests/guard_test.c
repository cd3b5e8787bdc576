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

#define SCRATCH		"/tmp/procmemwatch-guard"
#define YAMA_SCOPE	"/proc/sys/kernel/yama/ptrace_scope"
#define PMW_PARAMS	"/sys/module/procmemwatch/parameters"
/* argv[1] of this program when it runs only to open a mem file. */
#define OPEN_MEM_ARG	"--open-mem"

/* Room for any policy the kernel takes, and more. */
#define POLICY_ROOM	(128 << 10)

FIXTURE(guard) {
	int events;
	char yama[8];	/* Yama's ptrace scope to put back, "" if not changed */
};

FIXTURE_SETUP(guard)
{
	self->events = -1;
	self->yama[0] = '\0';
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	ASSERT_EQ(0, access(PMW_POLICY, F_OK))
		TH_LOG("no %s: this kernel has no guard mode", PMW_POLICY);
	ASSERT_EQ(0, pmw_write_mode("detect", 6));
	ASSERT_EQ(0, pmw_write_policy("\n", 1)) TH_LOG("cannot install an empty policy");
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
	mkdir(SCRATCH, 0755);
	ASSERT_EQ(0, chdir("/"));
}

/* The next test runs in the same boot: detect and an empty policy again. */
FIXTURE_TEARDOWN(guard)
{
	if (self->yama[0]) {
		EXPECT_EQ(0, pmw_write_file(YAMA_SCOPE, self->yama, strlen(self->yama)))
			TH_LOG("cannot put Yama's ptrace scope back to %s", self->yama);
	}
	if (self->events >= 0)
		close(self->events);
	EXPECT_EQ(0, pmw_write_mode("detect", 6)) TH_LOG("cannot put mode detect back");
	EXPECT_EQ(0, pmw_write_policy("\n", 1)) TH_LOG("cannot put the empty policy back");
}

/* The next record of the stream is the open that want describes. */
static void expect_open(struct __test_metadata *_metadata, int events,
			const struct pmw_want_open *want, const char *what)
{
	char why[256];
	const char *wrong = pmw_check_open(events, want, why, sizeof(why));

	EXPECT_TRUE(!wrong) TH_LOG("event of %s: %s", what, wrong);
}

/*
 * What the event of an open of target's memory says, made with these
 * flags by opener, of real and effective user id uid: denied with EPERM,
 * or opened. Whether enforce mode also marks its denials would-deny is not
 * said, so that bit is not compared on a denial.
 */
static struct pmw_want_open want(pid_t opener, uid_t uid, pid_t target, int flags,
				 bool denied, unsigned int info)
{
	struct pmw_want_open w = {
		.pid = opener,
		.uid = uid,
		.euid = uid,
		.target_pid = target,
		.access = pmw_access_of(flags),
		.outcome = denied ? PMW_OUTCOME_DENIED : PMW_OUTCOME_OPENED,
		.error = denied ? EPERM : 0,
		.info = info,
		.info_ignored = denied ? PMW_INFO_WOULD_DENY : 0,
	};

	return w;
}

static const char *flags_name(int flags)
{
	switch (flags & O_ACCMODE) {
	case O_WRONLY:
		return "O_WRONLY";
	case O_RDWR:
		return "O_RDWR";
	}
	return "O_RDONLY";
}

/*
 * This process opens target's mem file: the open gives want_errno (0 or
 * EPERM) and the next event says so, with these info bits.
 */
static void expect_my_open(struct __test_metadata *_metadata, int events,
			   pid_t target, int flags, int want_errno,
			   unsigned int info, const char *what)
{
	struct pmw_want_open w = want(getpid(), getuid(), target, flags,
				      want_errno == EPERM, info);
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/mem", target);
	EXPECT_EQ(want_errno, pmw_try_open(path, flags))
		TH_LOG("%s: %s of %s", what, flags_name(flags), path);
	expect_open(_metadata, events, &w, what);
}

/*
 * The next record is this process's ptrace attach of target: denied with
 * EPERM when error is EPERM, else allowed, with these info bits.
 */
static void expect_attach(struct __test_metadata *_metadata, int events, pid_t target,
			  int error, unsigned int info, const char *what)
{
	struct pmw_want_open w = want(getpid(), getuid(), target, O_RDWR,
				      error == EPERM, info);

	w.route = PMW_ROUTE_PTRACE_ATTACH;
	expect_open(_metadata, events, &w, what);
}

/* Writes the mode, which changes, and takes its config record. */
static void set_mode(struct __test_metadata *_metadata, int events, const char *mode)
{
	union pmw_any_record rec;
	char now[16];

	ASSERT_EQ(0, pmw_write_mode(mode, strlen(mode))) TH_LOG("writing mode %s", mode);
	ASSERT_STREQ(mode, pmw_read_mode(now, sizeof(now)));
	ASSERT_EQ((ssize_t)sizeof(rec.config), pmw_next_record(events, rec.raw, 2000))
		TH_LOG("no config record for mode %s", mode);
	ASSERT_EQ(PMW_RECORD_CONFIG, rec.hdr.type);
	EXPECT_STREQ("mode", rec.config.setting);
	EXPECT_STREQ(mode, rec.config.new_value);
}

/*
 * Expects the next record to be the config record of a policy write by
 * this process; old and new ("N rules") are not compared when NULL.
 */
static void expect_policy_record(struct __test_metadata *_metadata, int events,
				 const char *old, const char *new)
{
	union pmw_any_record rec;

	ASSERT_EQ((ssize_t)sizeof(rec.config), pmw_next_record(events, rec.raw, 2000))
		TH_LOG("no config record for the policy write");
	ASSERT_EQ(PMW_RECORD_CONFIG, rec.hdr.type);
	EXPECT_STREQ("policy", rec.config.setting);
	/* NULL: any value. */
	EXPECT_STREQ(old ?: rec.config.old_value, rec.config.old_value)
		TH_LOG("old value of the policy");
	EXPECT_STREQ(new ?: rec.config.new_value, rec.config.new_value)
		TH_LOG("new value of the policy");
	EXPECT_EQ(getpid(), (pid_t)rec.config.pid);
	EXPECT_EQ(getuid(), rec.config.uid);
	EXPECT_LT(1600000000ULL * 1000000000ULL, rec.config.real_ns);
}

/* Installs a policy, which must be valid, and takes its config record. */
static void set_policy(struct __test_metadata *_metadata, int events, const char *text,
		       const char *old, const char *new)
{
	ASSERT_EQ(0, pmw_write_policy(text, strlen(text))) TH_LOG("writing policy:\n%s", text);
	expect_policy_record(_metadata, events, old, new);
}

/* The policy file as it reads now, in buf (POLICY_ROOM bytes). */
static const char *policy_now(char *buf)
{
	if (pmw_read_file(PMW_POLICY, buf, POLICY_ROOM) < 0)
		snprintf(buf, POLICY_ROOM, "<cannot read %s>", PMW_POLICY);
	return buf;
}

/*
 * A child, as real uid ruid and effective uid euid, opens target's mem
 * file. Returns its pid; *err is the errno of its open, 0, or -1 when it
 * could not try.
 */
static pid_t open_in_child(pid_t target, int flags, uid_t ruid, uid_t euid, int *err)
{
	char path[64];
	pid_t pid;
	int status;

	snprintf(path, sizeof(path), "/proc/%d/mem", target);
	pid = fork();
	if (pid == 0) {
		if ((ruid || euid) && setresuid(ruid, euid, euid))
			_exit(200);
		_exit(pmw_try_open(path, flags));
	}
	*err = -1;
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) != 200)
		*err = WEXITSTATUS(status);
	return pid;
}

/*
 * Runs the program file exe, a copy of this one, to open target's mem
 * file. Returns its pid; *err as for open_in_child().
 */
static pid_t open_from_exe(const char *exe, pid_t target, int flags, int *err)
{
	char pid_arg[16], flags_arg[16];
	pid_t pid;
	int status;

	snprintf(pid_arg, sizeof(pid_arg), "%d", target);
	snprintf(flags_arg, sizeof(flags_arg), "%d", flags);
	pid = fork();
	if (pid == 0) {
		execl(exe, exe, OPEN_MEM_ARG, pid_arg, flags_arg, (char *)NULL);
		_exit(200);
	}
	*err = -1;
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) != 200)
		*err = WEXITSTATUS(status);
	return pid;
}

/* What this program does when run as "guard_test --open-mem PID FLAGS". */
static int open_mem_and_exit(const char *pid, const char *flags)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%s/mem", pid);
	return pmw_try_open(path, atoi(flags));
}

/* Copies a file to a new file (a new inode) at to, mode 0755. */
static int copy_file(const char *from, const char *to)
{
	static char buf[1 << 16];
	int in = open(from, O_RDONLY | O_CLOEXEC), out;
	ssize_t n = -1;

	if (in < 0)
		return -1;
	unlink(to);
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	if (out >= 0) {
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, n) != n) {
				n = -1;
				break;
			}
		if (close(out))
			n = -1;
	}
	close(in);
	return out < 0 || n < 0 ? -1 : 0;
}

/* Makes an ordinary file at path, mode 0755. */
static int make_file(const char *path)
{
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	if (fd < 0)
		return -1;
	return close(fd);
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
	struct pmw_want_open w;
	struct thread_open t;
	pthread_t parked, opener;
	char path[64];
	unsigned int i;

	ASSERT_EQ(0, pthread_create(&parked, NULL, park, &tid));
	while (!__atomic_load_n(&tid, __ATOMIC_ACQUIRE))
		usleep(1000);
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		set_mode(_metadata, self->events, modes[i]);

		EXPECT_EQ(0, pmw_try_open("/proc/self/mem", O_RDWR)) TH_LOG("%s", modes[i]);
		w = want(me, 0, me, O_RDWR, false, PMW_INFO_SELF);
		expect_open(_metadata, self->events, &w, "/proc/self/mem");

		expect_my_open(_metadata, self->events, me, O_WRONLY, 0, PMW_INFO_SELF,
			       "/proc/<own pid>/mem");

		EXPECT_EQ(0, pmw_try_open("/proc/thread-self/mem", O_RDWR)) TH_LOG("%s", modes[i]);
		w = want(me, 0, me, O_RDWR, false, both);
		expect_open(_metadata, self->events, &w, "/proc/thread-self/mem");

		/* Another thread's memory, named by its task directory. */
		snprintf(path, sizeof(path), "/proc/self/task/%d/mem", tid);
		EXPECT_EQ(0, pmw_try_open(path, O_RDONLY)) TH_LOG("%s: %s", modes[i], path);
		w = want(me, 0, me, O_RDONLY, false, both);
		w.target_tid = tid;
		expect_open(_metadata, self->events, &w, "task/<other thread>/mem");

		/* From another thread, the process's memory. */
		snprintf(path, sizeof(path), "/proc/%d/mem", me);
		t.path = path;
		t.err = -1;
		ASSERT_EQ(0, pthread_create(&opener, NULL, open_from_thread, &t));
		ASSERT_EQ(0, pthread_join(opener, NULL));
		EXPECT_EQ(0, t.err) TH_LOG("%s: %s from a second thread", modes[i], path);
		w = want(me, 0, me, O_RDWR, false, PMW_INFO_SELF);
		w.tid = t.tid;
		expect_open(_metadata, self->events, &w, "a second thread opening /proc/<pid>/mem");
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
	struct pmw_want_open w;
	char path[64];
	unsigned int i;
	int err;

	ASSERT_LT(0, target);
	set_mode(_metadata, self->events, "enforce");
	for (i = 0; i < ARRAY_SIZE(flags); i++)
		expect_my_open(_metadata, self->events, target, flags[i], EPERM, 0,
			       "another process's mem, empty policy");

	snprintf(path, sizeof(path), "/proc/%d/task/%d/mem", target, target);
	EXPECT_EQ(EPERM, pmw_try_open(path, O_RDONLY)) TH_LOG("%s", path);
	w = want(me, 0, target, O_RDONLY, true, PMW_INFO_THREAD_DIR);
	expect_open(_metadata, self->events, &w, "task/<tid>/mem of another process");

	/* The child, this process's memory. */
	opener = open_in_child(me, O_RDONLY, 0, 0, &err);
	EXPECT_EQ(EPERM, err) TH_LOG("a child opening its parent's memory");
	w = want(opener, 0, me, O_RDONLY, true, 0);
	expect_open(_metadata, self->events, &w, "a child opening its parent's memory");

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
	set_mode(_metadata, self->events, "off");
	EXPECT_EQ(0, pmw_try_open(path, O_RDWR)) TH_LOG("an open in mode off");
	EXPECT_EQ(0, pmw_try_open("/proc/self/mem", O_RDWR));
	EXPECT_TRUE(pmw_no_record(self->events, 200)) TH_LOG("an event in mode off");
	/* The same open, in enforce. */
	set_mode(_metadata, self->events, "enforce");
	expect_my_open(_metadata, self->events, target, O_RDWR, EPERM, 0, "in enforce after off");
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
	struct pmw_want_open w;
	struct stat a, b;
	char *buf = malloc(POLICY_ROOM);
	int err;

	ASSERT_LT(0, target);
	ASSERT_NE(NULL, buf);
	unlink(renamed);
	ASSERT_EQ(0, copy_file("/proc/self/exe", named));
	set_policy(_metadata, self->events, policy, "0 rules", "1 rule");
	EXPECT_STREQ("allow exe=" SCRATCH "/opener access=rw\n", policy_now(buf));
	set_mode(_metadata, self->events, "enforce");

	opener = open_from_exe(named, target, O_RDWR, &err);
	EXPECT_EQ(0, err) TH_LOG("the program the rule names, O_RDWR");
	w = want(opener, 0, target, O_RDWR, false, 0);
	w.exe = named;
	expect_open(_metadata, self->events, &w, "the program the rule names");

	ASSERT_EQ(0, rename(named, renamed));
	opener = open_from_exe(renamed, target, O_RDWR, &err);
	EXPECT_EQ(0, err) TH_LOG("the same file renamed");
	w = want(opener, 0, target, O_RDWR, false, 0);
	w.exe = renamed;
	expect_open(_metadata, self->events, &w, "the same file renamed");
	/* The policy still reads as it was written. */
	EXPECT_STREQ("allow exe=" SCRATCH "/opener access=rw\n", policy_now(buf));

	/* Another file at the name the rule was written with. */
	ASSERT_EQ(0, copy_file(renamed, named));
	ASSERT_EQ(0, stat(named, &a));
	ASSERT_EQ(0, stat(renamed, &b));
	ASSERT_NE(a.st_ino, b.st_ino);
	opener = open_from_exe(named, target, O_RDONLY, &err);
	EXPECT_EQ(EPERM, err) TH_LOG("a new file at the rule's path was let through");
	w = want(opener, 0, target, O_RDONLY, true, 0);
	w.exe = named;
	expect_open(_metadata, self->events, &w, "a new file at the rule's path");

	opener = open_from_exe(renamed, target, O_RDONLY, &err);
	EXPECT_EQ(0, err) TH_LOG("the renamed file, after a new one took its name");
	w = want(opener, 0, target, O_RDONLY, false, 0);
	w.exe = renamed;
	expect_open(_metadata, self->events, &w, "the renamed file, again");

	/* This program: another file. */
	expect_my_open(_metadata, self->events, target, O_RDONLY, EPERM, 0,
		       "a program the rule does not name");

	/* Detect marks exactly the opens enforce denied. */
	set_mode(_metadata, self->events, "detect");
	opener = open_from_exe(renamed, target, O_RDWR, &err);
	EXPECT_EQ(0, err);
	w = want(opener, 0, target, O_RDWR, false, 0);
	expect_open(_metadata, self->events, &w, "detect: the renamed file");
	opener = open_from_exe(named, target, O_RDWR, &err);
	EXPECT_EQ(0, err);
	w = want(opener, 0, target, O_RDWR, false, PMW_INFO_WOULD_DENY);
	expect_open(_metadata, self->events, &w, "detect: the new file at the rule's path");

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
	struct pmw_want_open w;
	int err, status;

	ASSERT_LT(0, seized);
	ASSERT_LT(0, attached);
	set_policy(_metadata, self->events, "allow tracer access=rw\n", "0 rules", "1 rule");
	set_mode(_metadata, self->events, "enforce");
	expect_my_open(_metadata, self->events, seized, O_RDONLY, EPERM, 0, "not yet its tracer");
	/* The rule lets a tracer in, not a process become one. */
	EXPECT_EQ(-1, ptrace(PTRACE_SEIZE, seized, NULL, NULL));
	EXPECT_EQ(EPERM, errno);
	expect_attach(_metadata, self->events, seized, EPERM, 0, "PTRACE_SEIZE, allow tracer");

	set_policy(_metadata, self->events,
		   "allow uid=0 route=ptrace_attach access=rw\nallow tracer access=rw\n",
		   "1 rule", "2 rules");
	ASSERT_EQ(0, ptrace(PTRACE_SEIZE, seized, NULL, NULL));
	expect_attach(_metadata, self->events, seized, 0, 0, "PTRACE_SEIZE");
	expect_my_open(_metadata, self->events, seized, O_RDONLY, 0, tracer, "tracer (seize)");
	expect_my_open(_metadata, self->events, seized, O_RDWR, 0, tracer, "tracer (seize)");
	expect_my_open(_metadata, self->events, seized, O_WRONLY, 0, tracer, "tracer (seize)");

	ASSERT_EQ(0, ptrace(PTRACE_ATTACH, attached, NULL, NULL));
	expect_attach(_metadata, self->events, attached, 0, 0, "PTRACE_ATTACH");
	ASSERT_EQ(attached, waitpid(attached, &status, __WALL));
	ASSERT_TRUE(WIFSTOPPED(status));
	expect_my_open(_metadata, self->events, attached, O_RDWR, 0, tracer, "tracer (attach)");

	/* A child of the tracer is no tracer. */
	other = open_in_child(seized, O_RDONLY, 0, 0, &err);
	EXPECT_EQ(EPERM, err) TH_LOG("a process that does not trace the target");
	w = want(other, 0, seized, O_RDONLY, true, 0);
	expect_open(_metadata, self->events, &w, "a process that does not trace the target");

	set_policy(_metadata, self->events, "allow tracer access=read\n", "2 rules", "1 rule");
	expect_my_open(_metadata, self->events, seized, O_RDONLY, 0, tracer,
		       "tracer, read rule, O_RDONLY");
	expect_my_open(_metadata, self->events, seized, O_RDWR, EPERM, tracer,
		       "tracer, read rule, O_RDWR");
	expect_my_open(_metadata, self->events, seized, O_WRONLY, EPERM, tracer,
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
	char *buf = malloc(POLICY_ROOM);
	unsigned int i;

	ASSERT_LT(0, target);
	ASSERT_NE(NULL, buf);
	set_mode(_metadata, self->events, "enforce");
	for (i = 0; i < ARRAY_SIZE(policies); i++) {
		set_policy(_metadata, self->events, policies[i], NULL, "1 rule");
		EXPECT_STREQ("allow uid=0 access=read\n", policy_now(buf));
		expect_my_open(_metadata, self->events, target, O_RDONLY, 0, 0, policies[i]);
		expect_my_open(_metadata, self->events, target, O_WRONLY, EPERM, 0, policies[i]);
		expect_my_open(_metadata, self->events, target, O_RDWR, EPERM, 0, policies[i]);
	}
	set_policy(_metadata, self->events, "allow uid=0 access=rw\n", "1 rule", "1 rule");
	expect_my_open(_metadata, self->events, target, O_WRONLY, 0, 0, "access=rw");
	expect_my_open(_metadata, self->events, target, O_RDWR, 0, 0, "access=rw");
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("more events than opens");
	pmw_reap(target);
	free(buf);
}

/*
 * uid= is the opener's real uid: uid 1000 opens the memory of another
 * process of uid 1000 (the kernel's ptrace check lets it, with Yama's
 * scope 0); root does not match, nor does a process whose effective uid
 * only is 1000.
 */
TEST_F(guard, uid_rule)
{
	pid_t target, opener;
	struct pmw_want_open w;
	int err;

	if (pmw_read_line(YAMA_SCOPE, self->yama, sizeof(self->yama))[0])
		ASSERT_EQ(0, pmw_write_file(YAMA_SCOPE, "0", 1));
	target = pmw_spawn_target(1000);
	ASSERT_LT(0, target);
	set_policy(_metadata, self->events, "allow uid=1000 access=read\n", "0 rules", "1 rule");
	set_mode(_metadata, self->events, "enforce");

	opener = open_in_child(target, O_RDONLY, 1000, 1000, &err);
	EXPECT_EQ(0, err) TH_LOG("uid 1000, O_RDONLY");
	w = want(opener, 1000, target, O_RDONLY, false, 0);
	expect_open(_metadata, self->events, &w, "uid 1000, O_RDONLY");

	opener = open_in_child(target, O_RDWR, 1000, 1000, &err);
	EXPECT_EQ(EPERM, err) TH_LOG("uid 1000, O_RDWR, read rule");
	w = want(opener, 1000, target, O_RDWR, true, 0);
	expect_open(_metadata, self->events, &w, "uid 1000, O_RDWR");

	/* Real uid 1000, effective uid 0. */
	opener = open_in_child(target, O_RDONLY, 1000, 0, &err);
	EXPECT_EQ(0, err) TH_LOG("real uid 1000, effective uid 0");
	w = want(opener, 1000, target, O_RDONLY, false, 0);
	w.euid = 0;
	expect_open(_metadata, self->events, &w, "real uid 1000, effective uid 0");

	/* Real uid 0, effective uid 1000. */
	opener = open_in_child(target, O_RDONLY, 0, 1000, &err);
	EXPECT_EQ(EPERM, err) TH_LOG("real uid 0, effective uid 1000");
	w = want(opener, 0, target, O_RDONLY, true, 0);
	w.euid = 1000;
	expect_open(_metadata, self->events, &w, "real uid 0, effective uid 1000");

	expect_my_open(_metadata, self->events, target, O_RDONLY, EPERM, 0, "root, uid=1000 rule");
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
	expect_attach(_metadata, self->events, traced, 0, PMW_INFO_WOULD_DENY, "PTRACE_SEIZE");
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
		set_policy(_metadata, self->events, cases[i].policy, NULL, NULL);
		expect_my_open(_metadata, self->events, target, cases[i].flags, 0, marked, what);
		set_mode(_metadata, self->events, "enforce");
		expect_my_open(_metadata, self->events, target, cases[i].flags, err, info, what);
		set_mode(_metadata, self->events, "detect");
	}
	/* And never on an open of its own memory. */
	set_policy(_metadata, self->events, "\n", NULL, "0 rules");
	expect_my_open(_metadata, self->events, getpid(), O_RDWR, 0, PMW_INFO_SELF,
		       "self, empty policy, detect");
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("more events than opens");
	pmw_reap(plain);
	pmw_reap(traced);
}

/* Reads what /dev/kmsg has now; true if a message holds needle. */
static bool kmsg_has(int kmsg, const char *needle)
{
	char rec[2048];
	bool found = false;
	ssize_t n;

	for (;;) {
		n = read(kmsg, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			break;
		rec[n] = '\0';
		if (strstr(rec, needle))
			found = true;
	}
	return found;
}

/* A bad policy is refused with a kernel message naming its first bad line. */
TEST_F(guard, bad_policy_is_logged_with_its_line)
{
	static const struct {
		const char *text;
		const char *message;
	} cases[] = {
		{ "allow uid=0\n# a comment\n\nallow colour=blue\n",
		  "procmemwatch: policy line 4: " },
		{ "allow exe=/nonexistent/procmemwatch\n", "procmemwatch: policy line 1: " },
		{ "allow uid=0\nallow tracer\nallow uid=0\n", "procmemwatch: policy line 3: " },
	};
	int kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	unsigned int i;

	ASSERT_LE(0, kmsg) TH_LOG("cannot read the kernel log: /dev/kmsg");
	ASSERT_EQ(0, lseek(kmsg, 0, SEEK_END));
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		EXPECT_EQ(-EINVAL, pmw_write_policy(cases[i].text, strlen(cases[i].text)))
			TH_LOG("%s", cases[i].text);
		EXPECT_TRUE(kmsg_has(kmsg, cases[i].message))
			TH_LOG("no \"%s\" in the kernel log after writing:\n%s",
			       cases[i].message, cases[i].text);
	}
	close(kmsg);
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("a refused policy made a record");
}

/* Writes 1024 or more rules "allow uid=N" to buf; returns the length. */
static size_t many_rules(char *buf, size_t size, int n)
{
	size_t len = 0;
	int i;

	for (i = 0; i < n && len < size; i++)
		len += snprintf(buf + len, size - len, "allow uid=%d\n", 20000 + i);
	return len;
}

/*
 * Fills buf up to exactly len bytes with the rule and comment lines of at
 * most 4000 bytes; returns len.
 */
static size_t rule_and_comments(char *buf, size_t len, const char *rule)
{
	size_t at = strlen(rule), line;

	memcpy(buf, rule, at);
	while (at < len) {
		line = len - at > 4000 ? 4000 : len - at;
		/* Never leave a last line too short for "#\n". */
		if (len - at - line == 1)
			line--;
		memset(buf + at, 'x', line);
		buf[at] = '#';
		buf[at + line - 1] = '\n';
		at += line;
	}
	return len;
}

/* A rule of exactly len bytes, its newline included: "allow", blanks, "uid=9". */
static size_t long_rule(char *buf, size_t len)
{
	memset(buf, ' ', len);
	memcpy(buf, "allow", 5);
	memcpy(buf + len - 7, " uid=9\n", 7);
	buf[5] = '\t';
	return len;
}

/*
 * Every bad write fails with its errno, makes no record, and leaves the
 * policy in force as it was: it reads back byte for byte the same, and
 * acts the same.
 */
TEST_F(guard, bad_policy_writes_change_nothing)
{
	static const struct {
		const char *name;
		const char *text;
	} bad[] = {
		{ "unknown key", "allow uid=0\nallow colour=blue\n" },
		{ "unknown verb", "permit uid=0\n" },
		{ "deny", "deny uid=0\n" },
		{ "verb alone", "allow\n" },
		{ "exe= without a path", "allow exe=\n" },
		{ "exe without =", "allow exe\n" },
		{ "nonexistent path", "allow exe=/nonexistent/procmemwatch\n" },
		{ "a directory", "allow exe=" SCRATCH "\n" },
		{ "not a regular file", "allow exe=/dev/null\n" },
		{ "relative path", "allow exe=relative\n" },
		{ "relative path with ./", "allow exe=./relative\n" },
		{ "duplicate rule", "allow uid=0 access=read\nallow uid=0 access=read\n" },
		{ "uid twice", "allow uid=0 uid=1\n" },
		{ "tracer twice", "allow tracer tracer\n" },
		{ "access twice", "allow uid=0 access=rw access=read\n" },
		{ "exe twice", "allow exe=" SCRATCH "/relative exe=" SCRATCH "/relative\n" },
		{ "uid -1", "allow uid=-1\n" },
		{ "uid abc", "allow uid=abc\n" },
		{ "uid 2^32", "allow uid=4294967296\n" },
		{ "uid empty", "allow uid=\n" },
		{ "uid hex", "allow uid=0x10\n" },
		{ "uid with a tail", "allow uid=12x\n" },
		{ "access=write", "allow uid=0 access=write\n" },
		{ "access empty", "allow uid=0 access=\n" },
		{ "access, no condition", "allow access=rw\n" },
		{ "good rules, then a bad one",
		  "allow uid=7\nallow tracer access=rw\nallow uid=\n" },
	};
	static char before[POLICY_ROOM], now[POLICY_ROOM], big[POLICY_ROOM];
	const char *good = "allow uid=0 access=read\nallow tracer access=rw\n";
	pid_t target = pmw_spawn_target(0);
	unsigned int i;
	size_t len;
	int fd;

	ASSERT_LT(0, target);
	ASSERT_EQ(0, make_file(SCRATCH "/relative"));
	ASSERT_EQ(0, chdir(SCRATCH));
	set_policy(_metadata, self->events, good, "0 rules", "2 rules");
	ASSERT_STREQ(good, policy_now(before));

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-EINVAL, pmw_write_policy(bad[i].text, strlen(bad[i].text)))
			TH_LOG("%s:\n%s", bad[i].name, bad[i].text);
		EXPECT_STREQ(before, policy_now(now)) TH_LOG("changed by: %s", bad[i].name);
	}

	/* Embedded NUL bytes. */
	EXPECT_EQ(-EINVAL, pmw_write_policy("allow uid=5\0\n", 13)) TH_LOG("NUL in a line");
	EXPECT_STREQ(before, policy_now(now));
	EXPECT_EQ(-EINVAL, pmw_write_policy("allow uid=5\n\0", 13)) TH_LOG("NUL at the end");
	EXPECT_STREQ(before, policy_now(now));
	EXPECT_EQ(-EINVAL, pmw_write_policy("allow exe=/bin\0/sh\n", 19)) TH_LOG("NUL in a path");
	EXPECT_STREQ(before, policy_now(now));

	/* Lines too long: 5000 bytes, and 4098 (4097 and a newline). */
	len = long_rule(big, 5000);
	EXPECT_EQ(-EINVAL, pmw_write_policy(big, len)) TH_LOG("a line of 5000 bytes");
	EXPECT_STREQ(before, policy_now(now));
	len = long_rule(big, 4098);
	EXPECT_EQ(-EINVAL, pmw_write_policy(big, len)) TH_LOG("a line of 4098 bytes");
	EXPECT_STREQ(before, policy_now(now));
	big[0] = '#';
	memset(big + 1, 'x', 4998);
	big[4999] = '\n';
	EXPECT_EQ(-EINVAL, pmw_write_policy(big, 5000)) TH_LOG("a comment line of 5000 bytes");
	EXPECT_STREQ(before, policy_now(now));

	/* Too many rules, too many bytes. */
	len = many_rules(big, sizeof(big), 1025);
	EXPECT_EQ(-EINVAL, pmw_write_policy(big, len)) TH_LOG("1025 rules");
	EXPECT_STREQ(before, policy_now(now));
	len = rule_and_comments(big, 65537, "allow uid=7\n");
	EXPECT_EQ(-EFBIG, pmw_write_policy(big, len)) TH_LOG("65537 bytes");
	EXPECT_STREQ(before, policy_now(now));
	len = rule_and_comments(big, 70000, "allow uid=7\n");
	EXPECT_EQ(-EFBIG, pmw_write_policy(big, len)) TH_LOG("70000 bytes");
	EXPECT_STREQ(before, policy_now(now));

	/* Anywhere but at offset 0. */
	fd = open(PMW_POLICY, O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, pwrite(fd, "allow uid=5\n", 12, 1)) TH_LOG("a write at offset 1");
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	EXPECT_STREQ(before, policy_now(now));
	/* Nothing at all: changes nothing either. */
	EXPECT_EQ(0, pmw_write_policy("", 0)) TH_LOG("a write of 0 bytes");
	EXPECT_STREQ(before, policy_now(now));

	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("a refused write made a record");
	/* The policy in force is still the good one: read yes, write no. */
	ASSERT_EQ(0, chdir("/"));
	expect_my_open(_metadata, self->events, target, O_RDONLY, 0, 0,
		       "good policy, O_RDONLY, detect");
	expect_my_open(_metadata, self->events, target, O_RDWR, 0, PMW_INFO_WOULD_DENY,
		       "good policy, O_RDWR, detect");
	set_mode(_metadata, self->events, "enforce");
	expect_my_open(_metadata, self->events, target, O_RDONLY, 0, 0,
		       "good policy, O_RDONLY, enforce");
	expect_my_open(_metadata, self->events, target, O_RDWR, EPERM, 0,
		       "good policy, O_RDWR, enforce");
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("more events than opens");
	pmw_reap(target);
	unlink(SCRATCH "/relative");
}

/*
 * The limits are inclusive: 65536 bytes, 1024 rules, a line of 4096
 * bytes with its newline.
 */
TEST_F(guard, policy_limits_are_inclusive)
{
	static char big[POLICY_ROOM], want_text[POLICY_ROOM], now[POLICY_ROOM];
	size_t len, at = 0;
	int i;

	len = rule_and_comments(big, 65536, "allow uid=7 access=rw\n");
	EXPECT_EQ(0, pmw_write_policy(big, len)) TH_LOG("65536 bytes");
	expect_policy_record(_metadata, self->events, "0 rules", "1 rule");
	EXPECT_STREQ("allow uid=7 access=rw\n", policy_now(now));

	len = long_rule(big, 4096);
	EXPECT_EQ(0, pmw_write_policy(big, len)) TH_LOG("a line of 4096 bytes");
	expect_policy_record(_metadata, self->events, "1 rule", "1 rule");
	EXPECT_STREQ("allow uid=9 access=read\n", policy_now(now));

	len = many_rules(big, sizeof(big), 1024);
	EXPECT_EQ(0, pmw_write_policy(big, len)) TH_LOG("1024 rules");
	expect_policy_record(_metadata, self->events, "1 rule", "1024 rules");
	for (i = 0; i < 1024; i++)
		at += snprintf(want_text + at, sizeof(want_text) - at,
			       "allow uid=%d access=read\n", 20000 + i);
	EXPECT_STREQ(want_text, policy_now(now));
	EXPECT_TRUE(pmw_no_record(self->events, 0));
}

/*
 * The policy reads back in its canonical form; each write is a config
 * record with the numbers of rules before and after.
 */
TEST_F(guard, policy_reads_back_canonical)
{
	static char now[POLICY_ROOM], again[POLICY_ROOM];
	const char *canonical;

	ASSERT_EQ(0, make_file(SCRATCH "/gdb"));
	EXPECT_STREQ("", policy_now(now)) TH_LOG("an empty policy reads as nothing");

	set_policy(_metadata, self->events, "allow uid=1000\n", "0 rules", "1 rule");
	EXPECT_STREQ("allow uid=1000 access=read\n", policy_now(now));

	set_policy(_metadata, self->events,
		   "allow  tracer\n# x\nallow exe=" SCRATCH "/gdb access=rw uid=1000\n",
		   "1 rule", "2 rules");
	canonical = "allow tracer access=read\n"
		    "allow exe=" SCRATCH "/gdb uid=1000 access=rw\n";
	EXPECT_STREQ(canonical, policy_now(now));

	/* Tabs, blank lines, comments, keys in any order. */
	set_policy(_metadata, self->events,
		   "# guard\n\nallow\ttracer\taccess=rw\n\n"
		   "allow access=read uid=0\n#allow uid=5\n"
		   "allow tracer uid=3 exe=" SCRATCH "/gdb\n",
		   "2 rules", "3 rules");
	canonical = "allow tracer access=rw\n"
		    "allow uid=0 access=read\n"
		    "allow exe=" SCRATCH "/gdb uid=3 tracer access=read\n";
	EXPECT_STREQ(canonical, policy_now(now));

	/* The canonical form, written back, is the same policy. */
	set_policy(_metadata, self->events, canonical, "3 rules", "3 rules");
	EXPECT_STREQ(canonical, policy_now(again));

	/* A write of 0 bytes changes nothing and is no record. */
	EXPECT_EQ(0, pmw_write_policy("", 0));
	EXPECT_STREQ(canonical, policy_now(now));
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("a write of 0 bytes made a record");

	set_policy(_metadata, self->events, "\n", "3 rules", "0 rules");
	EXPECT_STREQ("", policy_now(now)) TH_LOG("\"\\n\" leaves an empty policy");

	set_policy(_metadata, self->events, "allow uid=1\nallow uid=2\n", "0 rules", "2 rules");
	set_policy(_metadata, self->events, "# nothing but\n# comments\n", "2 rules", "0 rules");
	EXPECT_STREQ("", policy_now(now)) TH_LOG("comments only leave an empty policy");
	EXPECT_TRUE(pmw_no_record(self->events, 0));
	unlink(SCRATCH "/gdb");
}

/*
 * A policy cut into several writes on one open file (stdio, a pipe) must
 * not have each piece replace the last: the first piece is the policy,
 * the second fails, and a piece cut mid-rule never widens what was meant.
 */
TEST_F(guard, policy_in_two_writes_is_refused_at_the_second)
{
	static char now[POLICY_ROOM];
	int fd = open(PMW_POLICY, O_WRONLY | O_CLOEXEC);

	ASSERT_LE(0, fd);
	ASSERT_EQ(13, write(fd, "allow tracer\n", 13));
	expect_policy_record(_metadata, self->events, "0 rules", "1 rule");
	errno = 0;
	EXPECT_EQ(-1, write(fd, "allow uid=0\n", 12));
	EXPECT_EQ(EINVAL, errno) TH_LOG("a second write on the same open file");
	close(fd);
	EXPECT_STREQ("allow tracer access=read\n", policy_now(now))
		TH_LOG("the second piece changed the policy");
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("the refused piece made a record");
}

/*
 * Paths with blanks and other bytes are written and read back with \ooo
 * octal escapes, and name the file with those bytes.
 */
TEST_F(guard, policy_paths_are_escaped)
{
	static const struct {
		const char *file;
		const char *escaped;
	} names[] = {
		{ SCRATCH "/with space", SCRATCH "/with\\040space" },
		{ SCRATCH "/tab\there", SCRATCH "/tab\\011here" },
		{ SCRATCH "/new\nline", SCRATCH "/new\\012line" },
		{ SCRATCH "/back\\slash", SCRATCH "/back\\134slash" },
		{ SCRATCH "/ctl\001byte", SCRATCH "/ctl\\001byte" },
	};
	static char policy[4096], canonical[4096], now[POLICY_ROOM];
	pid_t target = pmw_spawn_target(0), opener;
	size_t len = 0, clen = 0;
	struct pmw_want_open w;
	unsigned int i;
	int err;

	ASSERT_LT(0, target);
	ASSERT_EQ(0, copy_file("/proc/self/exe", names[0].file));
	for (i = 1; i < ARRAY_SIZE(names); i++)
		ASSERT_EQ(0, make_file(names[i].file)) TH_LOG("file %u", i);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		len += snprintf(policy + len, sizeof(policy) - len, "allow exe=%s%s\n",
				names[i].escaped, i ? "" : " access=rw");
		clen += snprintf(canonical + clen, sizeof(canonical) - clen,
				 "allow exe=%s access=%s\n", names[i].escaped, i ? "read" : "rw");
	}
	set_policy(_metadata, self->events, policy, "0 rules", "5 rules");
	EXPECT_STREQ(canonical, policy_now(now));

	set_mode(_metadata, self->events, "enforce");
	opener = open_from_exe(names[0].file, target, O_RDWR, &err);
	EXPECT_EQ(0, err) TH_LOG("the program at \"%s\"", names[0].file);
	w = want(opener, 0, target, O_RDWR, false, 0);
	w.exe = names[0].file;
	expect_open(_metadata, self->events, &w, "the program whose path has a space");
	expect_my_open(_metadata, self->events, target, O_RDONLY, EPERM, 0,
		       "a program none of the rules names");
	EXPECT_TRUE(pmw_no_record(self->events, 0));
	pmw_reap(target);
	for (i = 0; i < ARRAY_SIZE(names); i++)
		unlink(names[i].file);
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
	static char policies[2][4096], now[POLICY_ROOM], canon[2][4096];
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
		set_policy(_metadata, self->events, policies[i], NULL, "50 rules");
		pmw_read_file(PMW_POLICY, canon[i], sizeof(canon[i]));
	}
	ASSERT_STRNE(canon[0], canon[1]);
	set_mode(_metadata, self->events, "enforce");
	/* Without the rule, the opener is denied: the rule is what lets it. */
	ASSERT_EQ(0, pmw_write_policy("\n", 1));
	opener = open_in_child(target, O_RDONLY, 0, 0, &err);
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
	EXPECT_STREQ(canon[last], policy_now(now)) TH_LOG("not the policy written last");
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
	if (argc == 4 && !strcmp(argv[1], OPEN_MEM_ARG))
		return open_mem_and_exit(argv[2], argv[3]);
	return test_harness_run(argc, argv);
}
