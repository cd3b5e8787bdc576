// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: a traced exec. A child that asks its parent to trace it
 * (PTRACE_TRACEME) and then execs another program hands the parent the
 * new program's memory (PTRACE_PEEKDATA needs no further check): the
 * parent reaches a program it never attached to. The exec is an access
 * record of route PTRACE_ATTACH, TRACED_EXEC, with the tracer as opener
 * and the new program as target; enforce without a rule that lets the
 * tracer attach fails the exec with EPERM. A PTRACE_TRACEME parent is no
 * tracer for "allow tracer" rules until such an exec was allowed.
 *
 * The parent is uid 1000, the least a process needs to try.
 */

#define _GNU_SOURCE
#include <limits.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "common.h"
#include "guard.h"

#define SCRATCH		"/tmp/procmemwatch-traced"
#define IMAGE_B		SCRATCH "/image-B"
#define SLEEP_ARG	"--sleep"

/*
 * The other program is this one with one byte of this marker changed:
 * the byte the parent peeks at tells which image it reached.
 */
static const char marker[16] = "pmw-exec-image-A";

/* Copies this program to path, with every marker ending in last. 0 or -1. */
static int copy_image(const char *path, char last)
{
	static char image[16 << 20];
	int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), out;
	ssize_t size = 0, n;
	char *p;

	if (in < 0)
		return -1;
	while ((n = read(in, image + size, sizeof(image) - size)) > 0)
		size += n;
	close(in);
	if (n < 0 || size == sizeof(image))
		return -1;
	for (p = image; (p = memmem(p, image + size - p, marker, sizeof(marker))); p++)
		p[sizeof(marker) - 1] = last;
	unlink(path);
	out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	if (out < 0)
		return -1;
	if (write(out, image, size) != size) {
		close(out);
		return -1;
	}
	return close(out);
}

FIXTURE(traced) {
	int events;
	struct pmw_settings saved;
};

FIXTURE_VARIANT(traced) {
	const char *mode;
	const char *policy;
	bool allowed;		/* the policy lets the tracer attach */
};

FIXTURE_VARIANT_ADD(traced, detect) {
	.mode = "detect", .policy = "\n", .allowed = false,
};

FIXTURE_VARIANT_ADD(traced, enforce) {
	.mode = "enforce", .policy = "\n", .allowed = false,
};

/* "allow tracer" alone lets no process become a tracer, by an exec either. */
FIXTURE_VARIANT_ADD(traced, enforce_tracer_rule) {
	.mode = "enforce", .policy = "allow tracer access=rw\n", .allowed = false,
};

FIXTURE_VARIANT_ADD(traced, enforce_attach_rule) {
	.mode = "enforce",
	.policy = "allow uid=1000 route=ptrace_attach access=rw\nallow tracer access=rw\n",
	.allowed = true,
};

FIXTURE_SETUP(traced)
{
	self->events = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	if (pmw_user_cannot_ptrace())
		SKIP(return, "%s", pmw_user_cannot_ptrace());
	mkdir(SCRATCH, 0755);
	ASSERT_EQ(0, copy_image(IMAGE_B, 'B'));
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, variant->mode, variant->policy, "0"));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
}

FIXTURE_TEARDOWN_PARENT(traced)
{
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
	unlink(IMAGE_B);
}

/* What the parent found, told the test through a pipe. */
struct found {
	pid_t child;
	int exec_errno;		/* the child's execve(2): 0, or its errno */
	char byte;		/* the marker's last byte in the child, '-' if unread */
	int open_errno;		/* the parent's open of the child's mem file */
};

/*
 * The parent: as uid 1000, a child that asks to be traced and execs
 * IMAGE_B; then the marker peeked in it, and an open of its mem file.
 */
static int parent(int report)
{
	struct found f = { .byte = '-' };
	int status, errpipe[2];
	char path[64];
	long word;

	if (pmw_become(PMW_USER) || pipe2(errpipe, O_CLOEXEC))
		return 1;
	f.child = fork();
	if (f.child == 0) {
		int err;

		close(errpipe[0]);
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(2);
		execl(IMAGE_B, IMAGE_B, SLEEP_ARG, (char *)NULL);
		err = errno;
		if (write(errpipe[1], &err, sizeof(err)) != sizeof(err))
			_exit(3);
		/* Stopped, so that the parent may try what it can. */
		raise(SIGSTOP);
		_exit(4);
	}
	close(errpipe[1]);
	if (read(errpipe[0], &f.exec_errno, sizeof(f.exec_errno)) != sizeof(f.exec_errno))
		f.exec_errno = 0;
	/* A SIGTRAP stop after the exec, or the SIGSTOP after it failed. */
	if (waitpid(f.child, &status, 0) != f.child || !WIFSTOPPED(status))
		return 5;
	errno = 0;
	word = ptrace(PTRACE_PEEKDATA, f.child, marker + sizeof(marker) - 8, 0);
	if (!errno)
		f.byte = ((char *)&word)[7];
	snprintf(path, sizeof(path), "/proc/%d/mem", f.child);
	f.open_errno = pmw_try_open(path, O_RDWR);
	kill(f.child, SIGKILL);
	waitpid(f.child, &status, 0);
	return write(report, &f, sizeof(f)) == sizeof(f) ? 0 : 6;
}

TEST_F(traced, traceme_then_exec)
{
	bool enforce = !strcmp(variant->mode, "enforce");
	bool denied = enforce && !variant->allowed;
	char exe[PATH_MAX], got[PATH_MAX];
	union pmw_any_record rec;
	struct pmw_want w;
	int report[2];
	struct found f;
	pid_t pid;

	ASSERT_EQ(0, pipe(report));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(parent(report[1]));
	close(report[1]);
	ASSERT_EQ((ssize_t)sizeof(f), read(report[0], &f, sizeof(f)));
	ASSERT_EQ(0, pmw_wait(pid));
	TH_LOG("exec: %s; the parent read '%c'; its open of the mem file: %s",
	       strerror(f.exec_errno), f.byte, strerror(f.open_errno));

	/* The exec, with the tracer as opener: route PTRACE_ATTACH, TRACED_EXEC. */
	w = (struct pmw_want){
		.pid = pid, .uid = PMW_USER, .euid = PMW_USER, .target_pid = f.child,
		.route = PMW_ROUTE_PTRACE_ATTACH,
		.access = PMW_ACCESS_READ | PMW_ACCESS_WRITE,
		.outcome = denied ? PMW_OUTCOME_DENIED : PMW_OUTCOME_OPENED,
		.error = denied ? EPERM : 0,
		.info = PMW_INFO_TRACED_EXEC | (enforce ? 0 : PMW_INFO_WOULD_DENY),
		.info_ignored = denied ? PMW_INFO_WOULD_DENY : 0,
		.exe = pmw_exe_of(getpid(), exe, sizeof(exe)),
	};
	pmw_expect_access_rec(_metadata, self->events, &w, &rec, "the traced exec");
	EXPECT_STREQ(IMAGE_B, pmw_str(&rec.access, &rec.access.target_exe, got, sizeof(got)))
		TH_LOG("target_exe: the new program");
	EXPECT_TRUE(pmw_file_id_is(&rec.access.target_exe_id, IMAGE_B));
	EXPECT_TRUE(pmw_file_id_is(&rec.access.exe_id, exe)) TH_LOG("exe_id: the tracer's");
	EXPECT_EQ(0U, rec.access.path.len);

	if (denied) {
		/* The exec failed: the parent never reached the new program. */
		EXPECT_EQ(EPERM, f.exec_errno);
		EXPECT_NE('B', f.byte) TH_LOG("the parent read the new program's memory");
		/* And "allow tracer" does not take a TRACEME parent for a tracer. */
		w = pmw_want_mem(pid, PMW_USER, f.child, O_RDWR, true, 0);
		pmw_expect_access(_metadata, self->events, &w, "the parent's open of the mem file");
		EXPECT_EQ(EPERM, f.open_errno);
	} else {
		EXPECT_EQ(0, f.exec_errno);
		EXPECT_EQ('B', f.byte);
		/* Once the traced exec was allowed, the parent is its tracer. */
		w = pmw_want_mem(pid, PMW_USER, f.child, O_RDWR, false,
				 variant->allowed ? PMW_INFO_TRACER :
				 PMW_INFO_TRACER | PMW_INFO_WOULD_DENY);
		w.info_ignored = enforce ? 0 : PMW_INFO_TRACER;
		pmw_expect_access(_metadata, self->events, &w, "the tracer's open of the mem file");
		EXPECT_EQ(0, f.open_errno);
	}
	/* The peek is no record, nor is the TRACEME. */
	EXPECT_TRUE(pmw_no_record(self->events, 200)) TH_LOG("more records than accesses");
}

/*
 * A child that asked to be traced and stopped, without an exec: under
 * "allow tracer access=rw" its parent may not open its memory, since
 * PTRACE_TRACEME made it no tracer; a real attach does.
 */
TEST_F(traced, traceme_parent_is_no_tracer)
{
	char path[64];
	pid_t pid;

	if (strcmp(variant->mode, "enforce"))
		SKIP(return, "the rules decide in enforce only");
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		pid_t child;
		int status, err;

		if (pmw_become(PMW_USER))
			_exit(100);
		child = fork();
		if (child == 0) {
			if (ptrace(PTRACE_TRACEME, 0, 0, 0))
				_exit(2);
			raise(SIGSTOP);
			_exit(0);
		}
		if (waitpid(child, &status, 0) != child || !WIFSTOPPED(status))
			_exit(101);
		snprintf(path, sizeof(path), "/proc/%d/mem", child);
		err = pmw_try_open(path, O_RDONLY);
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		_exit(err);
	}
	EXPECT_EQ(EPERM, pmw_wait(pid)) TH_LOG("the TRACEME parent's open of its child's memory");
	{
		union pmw_any_record rec;

		ASSERT_TRUE(pmw_next_access(self->events, &rec));
		EXPECT_EQ((__u32)pid, rec.access.pid);
		EXPECT_EQ(PMW_OUTCOME_DENIED, rec.access.outcome);
		EXPECT_EQ(0, PMW_INFO(&rec.access) & PMW_INFO_TRACER)
			TH_LOG("a TRACEME parent said to be a tracer");
	}
	EXPECT_TRUE(pmw_no_record(self->events, 100));
}

/* The attach rule lets uid 1000 attach: then its open is a tracer's. */
TEST_F(traced, attached_parent_is_a_tracer)
{
	union pmw_any_record rec;
	pid_t pid, child;
	int report[2];

	if (!variant->allowed)
		SKIP(return, "needs the rule that lets uid 1000 attach");
	ASSERT_EQ(0, pipe(report));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char path[64];
		int status, err;

		if (pmw_become(PMW_USER))
			_exit(100);
		child = fork();
		if (child == 0) {
			for (;;)
				pause();
		}
		if (write(report[1], &child, sizeof(child)) != sizeof(child) ||
		    ptrace(PTRACE_ATTACH, child, 0, 0) ||
		    waitpid(child, &status, 0) != child)
			_exit(101);
		snprintf(path, sizeof(path), "/proc/%d/mem", child);
		err = pmw_try_open(path, O_RDWR);
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		_exit(err);
	}
	ASSERT_EQ((ssize_t)sizeof(child), read(report[0], &child, sizeof(child)));
	EXPECT_EQ(0, pmw_wait(pid));
	ASSERT_TRUE(pmw_next_access(self->events, &rec));
	EXPECT_EQ((unsigned int)PMW_ROUTE_PTRACE_ATTACH, rec.access.route);
	EXPECT_EQ(PMW_OUTCOME_OPENED, rec.access.outcome);
	ASSERT_TRUE(pmw_next_access(self->events, &rec));
	EXPECT_EQ((unsigned int)PMW_ROUTE_MEM, rec.access.route);
	EXPECT_EQ((__u32)child, rec.access.target_pid);
	EXPECT_EQ(PMW_OUTCOME_OPENED, rec.access.outcome);
	EXPECT_EQ(PMW_INFO_TRACER, PMW_INFO(&rec.access));
}

/*
 * An attach before the exec makes a traced exec too (detect only: enforce
 * would need the attach allowed, which allows the exec).
 */
TEST_F(traced, seize_then_exec)
{
	union pmw_any_record rec;
	char got[PATH_MAX];
	int go[2], status;
	pid_t child;

	if (strcmp(variant->mode, "detect"))
		SKIP(return, "detect only");
	ASSERT_EQ(0, pipe(go));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		char c;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		execl(IMAGE_B, IMAGE_B, SLEEP_ARG, (char *)NULL);
		_exit(2);
	}
	close(go[0]);
	ASSERT_EQ(0, ptrace(PTRACE_SEIZE, child, 0, PTRACE_O_TRACEEXEC));
	ASSERT_TRUE(pmw_next_access(self->events, &rec)) TH_LOG("no record of the seize");
	EXPECT_EQ((unsigned int)PMW_ROUTE_PTRACE_ATTACH, rec.access.route);
	EXPECT_EQ(0, PMW_INFO(&rec.access) & PMW_INFO_TRACED_EXEC);
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFSTOPPED(status));
	ASSERT_TRUE(pmw_next_access(self->events, &rec)) TH_LOG("no record of the exec");
	EXPECT_EQ((unsigned int)PMW_ROUTE_PTRACE_ATTACH, rec.access.route);
	EXPECT_EQ(getpid(), (pid_t)rec.access.pid) TH_LOG("the tracer is the opener");
	EXPECT_EQ(child, (pid_t)rec.access.target_pid);
	EXPECT_EQ(PMW_INFO_TRACED_EXEC | PMW_INFO_TRACER | PMW_INFO_WOULD_DENY,
		  PMW_INFO(&rec.access) | PMW_INFO_TRACER);
	EXPECT_STREQ(IMAGE_B, pmw_str(&rec.access, &rec.access.target_exe, got, sizeof(got)));
	pmw_reap(child);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], SLEEP_ARG)) {
		/* The new program: it waits to be killed, its marker in memory. */
		if (marker[0] != 'p')
			return 1;
		for (;;)
			pause();
	}
	return test_harness_run(argc, argv);
}
