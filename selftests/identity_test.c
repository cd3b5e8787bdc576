// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: who a process is, for exe= rules and in records.
 *
 * A program an exe= rule names gets its name only from a clean exec:
 * procmemwatch makes that exec secure (AT_SECURE=1), so that the loader
 * ignores LD_PRELOAD and LD_LIBRARY_PATH, and code an attacker offers
 * them never runs with the program's rights. An exec that began before
 * the rule, or that shared its filesystem information, does not earn the
 * name: its accesses say UNTRUSTED_EXE. The program here is dynamically
 * linked (pmw_dyn), with a plugin the loader picks; it needs the loader
 * and libc in the guest, and skips without them.
 *
 * And a process in a chroot is named by its real paths: its executable
 * and the mem file it opens, absolute in its mount namespace, and its
 * executable by number.
 *
 * The programs run as uid 1000, the least a process needs to try.
 */

#define _GNU_SOURCE
#include <limits.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "common.h"
#include "guard.h"

/* Where pmw_dyn's RUNPATH looks: the Makefile's PMW_DYN_DIR. */
#define DIR		"/tmp/procmemwatch-identity"
#define DYN		DIR "/dyn"
#define OTHER		DIR "/other"
#define GOOD		DIR "/good/libpmw_plugin.so"
#define EVIL		DIR "/evil/libpmw_plugin.so"
#define LOADER		"/lib64/ld-linux-x86-64.so.2"
#define SECRET_LEN	16

static unsigned char secret[SECRET_LEN];

/* The secret a target of this pid holds, in hex as pmw_dyn prints it. */
static void secret_hex(pid_t target, char *hex)
{
	int i;

	for (i = 0; i < SECRET_LEN; i++)
		sprintf(hex + 2 * i, "%02x", (unsigned char)(target * 13 + i * 5 + 3));
}

/* A uid 1000 target holding its secret at the address of secret. */
static pid_t spawn_secret_holder(void)
{
	int ready[2], i;
	pid_t pid;
	char c;

	if (pipe2(ready, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (pmw_become(PMW_USER))
			_exit(1);
		for (i = 0; i < SECRET_LEN; i++)
			secret[i] = (unsigned char)(getpid() * 13 + i * 5 + 3);
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

/* Copies the file name next to this test's program to path; 0 or -1. */
static int copy_beside_me(const char *name, const char *path)
{
	char exe[PATH_MAX], from[PATH_MAX + 64];

	pmw_exe_of(getpid(), exe, sizeof(exe));
	*strrchr(exe, '/') = '\0';
	snprintf(from, sizeof(from), "%s/%s", exe, name);
	return pmw_copy_file(from, path);
}

FIXTURE(identity) {
	int events;
	pid_t target;
	struct pmw_settings saved;
};

/* Enforce, a rule that names DYN only, no budget. */
FIXTURE_SETUP(identity)
{
	self->events = -1;
	self->target = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	if (access(LOADER, X_OK) || access("/lib/x86_64-linux-gnu/libc.so.6", R_OK))
		SKIP(return, "no dynamic loader and libc in this guest (%s)", LOADER);
	if (pmw_user_cannot_ptrace())
		SKIP(return, "%s", pmw_user_cannot_ptrace());
	mkdir(DIR, 0755);
	mkdir(DIR "/good", 0755);
	mkdir(DIR "/evil", 0755);
	if (copy_beside_me("pmw_dyn", DYN))
		SKIP(return, "no pmw_dyn beside this program");
	ASSERT_EQ(0, copy_beside_me("pmw_dyn", OTHER));
	ASSERT_EQ(0, copy_beside_me("libpmw_plugin_good.so", GOOD));
	ASSERT_EQ(0, copy_beside_me("libpmw_plugin_evil.so", EVIL));
	self->target = spawn_secret_holder();
	ASSERT_LT(0, self->target);
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, "enforce",
					"allow exe=" DYN " access=read\n", "0"));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
}

FIXTURE_TEARDOWN_PARENT(identity)
{
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
}

/* How a program is started. */
struct start {
	const char *exe;
	const char *env;	/* one more variable, NULL: none */
	int wait_fd;		/* >= 0: the program waits for a byte on it */
	bool share_fs;		/* exec'd by a process sharing the test's fs */
};

/* What a run of pmw_dyn said, and who it was. */
struct run {
	pid_t pid;
	char report[1024];
};

static int exec_dyn(const struct start *st, int report, pid_t target)
{
	char fd_arg[16], pid_arg[16], addr_arg[32], wait_arg[16], fd_env[32];
	char target_env[32], addr_env[48];
	char *envp[8] = { "PATH=/bin", fd_env, target_env, addr_env, "PMW_LEN=16" };
	char *argv[8] = { (char *)st->exe, fd_arg, pid_arg, addr_arg, "16" };

	snprintf(fd_arg, sizeof(fd_arg), "%d", report);
	snprintf(pid_arg, sizeof(pid_arg), "%d", target);
	snprintf(addr_arg, sizeof(addr_arg), "%#lx", (unsigned long)(uintptr_t)secret);
	snprintf(fd_env, sizeof(fd_env), "PMW_REPORT_FD=%d", report);
	snprintf(target_env, sizeof(target_env), "PMW_TARGET=%d", target);
	snprintf(addr_env, sizeof(addr_env), "PMW_ADDR=%#lx", (unsigned long)(uintptr_t)secret);
	envp[5] = (char *)st->env;
	if (st->wait_fd >= 0) {
		snprintf(wait_arg, sizeof(wait_arg), "%d", st->wait_fd);
		argv[5] = wait_arg;
	}
	execve(st->exe, argv, envp);
	return 120;
}

static int clone_fs_child(void *arg)
{
	void **a = arg;

	return exec_dyn(a[0], *(int *)a[1], *(pid_t *)a[2]);
}

/*
 * Starts pmw_dyn as uid 1000 as st says; *report_fd is where it reports.
 * Returns its pid (the exec'ing process), or -1.
 */
static pid_t start_dyn(const struct start *st, pid_t target, int *report_fd)
{
	static long stack[(64 << 10) / sizeof(long)];
	int report[2];
	pid_t pid;

	if (pipe(report))
		return -1;
	pid = fork();
	if (pid == 0) {
		void *args[] = { (void *)st, &report[1], &target };
		pid_t child;

		close(report[0]);
		if (pmw_become(PMW_USER))
			_exit(121);
		if (!st->share_fs)
			_exit(exec_dyn(st, report[1], target));
		/* An exec that shares its fs with this process: unsafe. */
		child = clone(clone_fs_child, (char *)stack + sizeof(stack), CLONE_FS | SIGCHLD,
			      args);
		_exit(child < 0 ? 122 : pmw_wait(child));
	}
	close(report[1]);
	*report_fd = report[0];
	return pid;
}

/* Reads what pmw_dyn reported until it is done; its exit status. */
static int finish_dyn(pid_t pid, int report_fd, struct run *run)
{
	size_t len = 0;
	ssize_t n;

	while (len < sizeof(run->report) - 1 &&
	       (n = read(report_fd, run->report + len, sizeof(run->report) - 1 - len)) > 0)
		len += n;
	run->report[len] = '\0';
	close(report_fd);
	return pmw_wait(pid);
}

static int run_dyn(const struct start *st, pid_t target, struct run *run)
{
	int fd;

	run->pid = start_dyn(st, target, &fd);
	if (run->pid < 0)
		return -1;
	return finish_dyn(run->pid, fd, run);
}

/* The next record is run's read of target's memory, by exe, denied or not. */
static void expect_dyn_record(struct __test_metadata *_metadata, int events,
			      const struct run *run, pid_t target, const char *exe,
			      bool denied, unsigned int info, const char *what)
{
	struct pmw_want w = pmw_want_mem(run->pid, PMW_USER, target, O_RDONLY, denied, info);
	union pmw_any_record rec;

	w.exe = exe;
	w.check_untrusted = true;
	pmw_expect_access_rec(_metadata, events, &w, &rec, what);
	EXPECT_TRUE(pmw_file_id_is(&rec.access.exe_id, exe)) TH_LOG("%s: exe_id", what);
}

/*
 * The program the rule names reads the target's memory: its exec was made
 * secure (AT_SECURE=1), it got its own plugin, and its access carries no
 * UNTRUSTED_EXE. A copy that no rule names is denied, its exec not made
 * secure, and it is not untrusted either: no rule names it.
 */
TEST_F(identity, named_program_is_secure_and_allowed)
{
	struct start st = { .exe = DYN, .wait_fd = -1 };
	struct run run;
	char hex[2 * SECRET_LEN + 1], want[256];

	secret_hex(self->target, hex);
	ASSERT_EQ(0, run_dyn(&st, self->target, &run)) TH_LOG("%s", run.report);
	TH_LOG("%s", run.report);
	snprintf(want, sizeof(want), "secure=1 plugin=good read=%s\n", hex);
	EXPECT_STREQ(want, run.report);
	expect_dyn_record(_metadata, self->events, &run, self->target, DYN, false, 0,
			  "the named program");

	st.exe = OTHER;
	ASSERT_EQ(0, run_dyn(&st, self->target, &run)) TH_LOG("%s", run.report);
	snprintf(want, sizeof(want), "secure=0 plugin=good errno=%d\n", EPERM);
	EXPECT_STREQ(want, run.report) TH_LOG("a copy no rule names");
	expect_dyn_record(_metadata, self->events, &run, self->target, OTHER, true, 0,
			  "a copy no rule names");
	EXPECT_TRUE(pmw_no_record(self->events, 100));
}

/*
 * LD_PRELOAD and LD_LIBRARY_PATH offer the evil plugin to the program the
 * rule names: the loader ignores both, the evil code never runs and gets
 * nothing; the program itself still reads, with its own plugin.
 */
static void expect_evil_ignored(struct __test_metadata *_metadata, int events,
				pid_t target, const char *env)
{
	struct start st = { .exe = DYN, .env = env, .wait_fd = -1 };
	char hex[2 * SECRET_LEN + 1], want[256];
	struct run run;

	secret_hex(target, hex);
	ASSERT_EQ(0, run_dyn(&st, target, &run)) TH_LOG("%s: %s", env, run.report);
	TH_LOG("%s: %s", env, run.report);
	snprintf(want, sizeof(want), "evil-read=%s", hex);
	EXPECT_EQ(NULL, strstr(run.report, want))
		TH_LOG("%s: the evil plugin read the secret", env);
	EXPECT_EQ(NULL, strstr(run.report, "evil-")) TH_LOG("%s: the evil plugin ran", env);
	snprintf(want, sizeof(want), "secure=1 plugin=good read=%s\n", hex);
	EXPECT_STREQ(want, run.report) TH_LOG("%s", env);
	expect_dyn_record(_metadata, events, &run, target, DYN, false, 0, env);
	EXPECT_TRUE(pmw_no_record(events, 100)) TH_LOG("%s: a record of the evil plugin", env);
}

TEST_F(identity, ld_preload_gets_nothing)
{
	expect_evil_ignored(_metadata, self->events, self->target, "LD_PRELOAD=" EVIL);
}

TEST_F(identity, ld_library_path_gets_nothing)
{
	expect_evil_ignored(_metadata, self->events, self->target,
			    "LD_LIBRARY_PATH=" DIR "/evil");
}

/*
 * The program started before the rule named it: it does not match the
 * rule, and its access says why (UNTRUSTED_EXE); run again, it does.
 */
TEST_F(identity, exec_before_the_rule_is_untrusted)
{
	struct start st = { .exe = DYN };
	char hex[2 * SECRET_LEN + 1], want[256];
	struct run run;
	int go[2], fd;

	secret_hex(self->target, hex);
	ASSERT_EQ(0, pmw_write_str(PMW_POLICY, "\n"));
	ASSERT_EQ(0, pipe(go));
	st.wait_fd = go[0];
	run.pid = start_dyn(&st, self->target, &fd);
	ASSERT_LT(0, run.pid);
	close(go[0]);
	/* Loaded once the program runs; its exec is long done. */
	usleep(300000);
	ASSERT_EQ(0, pmw_write_str(PMW_POLICY, "allow exe=" DYN " access=read\n"));
	pmw_skip_config(_metadata, self->events);
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(0, finish_dyn(run.pid, fd, &run));
	snprintf(want, sizeof(want), "secure=0 plugin=good errno=%d\n", EPERM);
	EXPECT_STREQ(want, run.report);
	expect_dyn_record(_metadata, self->events, &run, self->target, DYN, true,
			  PMW_INFO_UNTRUSTED_EXE, "a program exec'd before the rule");
	close(go[1]);
}

/*
 * An exec that shares its filesystem information with another process
 * (clone(CLONE_FS)) is unsafe: the program does not get its name. The
 * rule named its file at the exec, so the exec was made secure all the
 * same: the loader took no hint from the environment.
 */
TEST_F(identity, exec_sharing_fs_is_untrusted)
{
	struct start st = { .exe = DYN, .wait_fd = -1, .share_fs = true };
	struct pmw_want w;
	union pmw_any_record rec;
	char want[256];
	struct run run;

	ASSERT_EQ(0, run_dyn(&st, self->target, &run)) TH_LOG("%s", run.report);
	snprintf(want, sizeof(want), "secure=1 plugin=good errno=%d\n", EPERM);
	EXPECT_STREQ(want, run.report);
	/* The process that exec'd is the clone, a child of run.pid. */
	w = pmw_want_mem(0, PMW_USER, self->target, O_RDONLY, true, PMW_INFO_UNTRUSTED_EXE);
	w.check_untrusted = true;
	w.exe = DYN;
	ASSERT_TRUE(pmw_next_access(self->events, &rec));
	w.pid = rec.access.pid;
	EXPECT_EQ((__u32)run.pid, rec.access.ppid) TH_LOG("not the clone's record");
	{
		char why[512];
		const char *wrong = pmw_access_differs(&rec.access, &w, why, sizeof(why));

		EXPECT_TRUE(!wrong) TH_LOG("the clone's record: %s", wrong);
	}
}

/*
 * A process in a chroot, whose /usr/bin/gdb is a copy of this program,
 * opens another process's memory through the procfs bound into its jail:
 * the record names its executable and the file by their real paths,
 * absolute in its mount namespace, and its executable by number.
 */
#define JAIL		"/tmp/procmemwatch-jail"
#define PAUSE_ARG	"--pause"

FIXTURE(chroot) {
	int events;
	pid_t target;
	struct pmw_settings saved;
};

FIXTURE_VARIANT(chroot) {
	uid_t uid;	/* uid 1000 chroots in a user namespace of its own */
};

FIXTURE_VARIANT_ADD(chroot, root) { .uid = 0 };
FIXTURE_VARIANT_ADD(chroot, user) { .uid = PMW_USER };

FIXTURE_SETUP(chroot)
{
	self->events = -1;
	self->target = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	if (variant->uid && pmw_user_cannot_ptrace())
		SKIP(return, "%s", pmw_user_cannot_ptrace());
	mkdir(JAIL, 0755);
	mkdir(JAIL "/usr", 0755);
	mkdir(JAIL "/usr/bin", 0755);
	mkdir(JAIL "/proc", 0755);
	ASSERT_EQ(0, pmw_copy_file("/proc/self/exe", JAIL "/usr/bin/gdb"));
	self->target = pmw_spawn_target(variant->uid);
	ASSERT_LT(0, self->target);
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, "detect", "\n", "0"));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
}

FIXTURE_TEARDOWN_PARENT(chroot)
{
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
	unlink(JAIL "/usr/bin/gdb");
}

/*
 * In a mount namespace of its own, with the host's procfs bound into the
 * jail. uid 1000 makes it in a user namespace of its own, where the kernel
 * lets it reach no process outside: its target is then a child it makes
 * there. The target's pid goes to report.
 */
static int jailed_gdb(uid_t uid, pid_t target, int report)
{
	char pid_arg[16], flags_arg[16];
	char map[32];

	if (uid) {
		if (pmw_become(uid) || unshare(CLONE_NEWUSER | CLONE_NEWNS))
			return 110;
		snprintf(map, sizeof(map), "%u %u 1", uid, uid);
		if (pmw_write_str("/proc/self/setgroups", "deny") ||
		    pmw_write_str("/proc/self/uid_map", map) ||
		    pmw_write_str("/proc/self/gid_map", map))
			return 111;
		target = fork();
		if (target == 0) {
			/*
			 * Run again, it keeps none of the namespace's capabilities
			 * (uid 1000 is not its root), no more than gdb will.
			 */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			execl("/proc/self/exe", "identity_test", PAUSE_ARG, (char *)NULL);
			_exit(1);
		}
		if (target < 0)
			return 116;
	} else if (unshare(CLONE_NEWNS)) {
		return 112;
	}
	if (write(report, &target, sizeof(target)) != sizeof(target))
		return 117;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("/proc", JAIL "/proc", NULL, MS_BIND | MS_REC, NULL))
		return 113;
	if (chroot(JAIL) || chdir("/"))
		return 114;
	snprintf(pid_arg, sizeof(pid_arg), "%d", target);
	snprintf(flags_arg, sizeof(flags_arg), "%d", O_RDONLY);
	execl("/usr/bin/gdb", "gdb", PMW_OPEN_MEM_ARG, pid_arg, flags_arg, (char *)NULL);
	return 115;
}

TEST_F(chroot, real_paths_of_a_jailed_opener)
{
	char path[96], got[PATH_MAX], exe[PATH_MAX];
	union pmw_any_record rec;
	struct pmw_want w;
	int report[2];
	pid_t pid, target;

	ASSERT_EQ(0, pipe(report));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(jailed_gdb(variant->uid, self->target, report[1]));
	close(report[1]);
	ASSERT_EQ((ssize_t)sizeof(target), read(report[0], &target, sizeof(target)));
	ASSERT_EQ(0, pmw_wait(pid)) TH_LOG("the jailed gdb's open");
	snprintf(path, sizeof(path), JAIL "/proc/%d/mem", target);
	w = pmw_want_mem(pid, variant->uid, target, O_RDONLY, false, PMW_INFO_WOULD_DENY);
	w.exe = JAIL "/usr/bin/gdb";
	w.path = path;
	pmw_expect_access_rec(_metadata, self->events, &w, &rec, "the jailed gdb");
	EXPECT_STREQ("gdb", rec.access.comm);
	EXPECT_TRUE(pmw_file_id_is(&rec.access.exe_id, JAIL "/usr/bin/gdb"))
		TH_LOG("exe_id %u:%u %llu is not the jail's gdb", rec.access.exe_id.dev_major,
		       rec.access.exe_id.dev_minor, (unsigned long long)rec.access.exe_id.ino);
	EXPECT_FALSE(pmw_file_id_is(&rec.access.exe_id, "/proc/self/exe"));
	/* The target runs this program, forked, never jailed. */
	pmw_str(&rec.access, &rec.access.target_exe, got, sizeof(got));
	EXPECT_STREQ(pmw_exe_of(getpid(), exe, sizeof(exe)), got);
	EXPECT_TRUE(pmw_file_id_is(&rec.access.target_exe_id, "/proc/self/exe"));
}

int main(int argc, char **argv)
{
	int err = pmw_open_mem_main(argc, argv);

	if (argc == 2 && !strcmp(argv[1], PAUSE_ARG)) {
		for (;;)
			pause();
	}
	return err >= 0 ? err : test_harness_run(argc, argv);
}
