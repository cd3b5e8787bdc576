// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: a traced exec. A child that asks its parent to trace it
 * (PTRACE_TRACEME) and then execs another program hands the parent the
 * new program's memory (PTRACE_PEEKDATA needs no further check): the
 * parent reaches a program it never attached to. The exec is an access
 * record of route PTRACE_ATTACH, TRACED_EXEC, with the tracer as opener
 * and the new program as target; enforce without a rule that lets the
 * tracer attach fails the exec with EPERM. One let through is reported
 * once it commits: an exec that fails before that reached nothing and is
 * no record. A PTRACE_TRACEME parent is no tracer for "allow tracer"
 * rules until such an exec was allowed, nor is a process whose attach
 * failed; "allow tracer access=rw route=ptrace_attach" lets a tracer
 * follow its tracee across exec.
 *
 * The parent is uid 1000, the least a process needs to try.
 */

#define _GNU_SOURCE
#include <limits.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "common.h"
#include "guard.h"

#define SCRATCH		"/tmp/procmemwatch-traced"
#define IMAGE_B		SCRATCH "/image-B"
/* Not executable (mode 0644): the exec fails as it opens the file. */
#define NOT_EXECUTABLE	SCRATCH "/not-executable"
/* Executable, with an ELF header no kernel loads: fails once judged. */
#define BAD_ELF		SCRATCH "/bad-elf"
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

/* Writes a file of len bytes with this mode, anew. 0 or -1. */
static int write_file(const char *path, mode_t mode, const char *data, size_t len)
{
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	if (write(fd, data, len) != (ssize_t)len || fchmod(fd, mode)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/*
 * The policies the tests run under. A test runs under those where what it
 * proves can happen: one fixture for each set of them, alike but for its
 * variants.
 */
#define DETECT		{ .mode = "detect", .policy = "\n", .allowed = false }
#define ENFORCE		{ .mode = "enforce", .policy = "\n", .allowed = false }
/* "allow tracer" alone lets no process become a tracer, by an exec either. */
#define TRACER_RULE	{ .mode = "enforce", .allowed = false,	\
			  .policy = "allow tracer access=rw\n" }
#define ATTACH_RULE	{ .mode = "enforce", .allowed = true,	\
			  .policy = "allow uid=1000 route=ptrace_attach access=rw\n" \
				    "allow tracer access=rw\n" }

static void start_traced(struct __test_metadata *_metadata, int *events,
			 struct pmw_settings *saved, const char *mode, const char *policy)
{
	*events = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	if (pmw_user_cannot_ptrace())
		SKIP(return, "%s", pmw_user_cannot_ptrace());
	mkdir(SCRATCH, 0755);
	ASSERT_EQ(0, copy_image(IMAGE_B, 'B'));
	ASSERT_EQ(0, write_file(NOT_EXECUTABLE, 0644, "#!/bin/sh\nexit 0\n", 18));
	/* An ELF header of another class and machine, then nothing. */
	ASSERT_EQ(0, write_file(BAD_ELF, 0755, "\177ELF\011\011\011\0\0\0\0\0\0\0\0\0", 16));
	ASSERT_EQ(0, pmw_settings_save(saved));
	ASSERT_EQ(0, pmw_settings_apply(saved, mode, policy, "0"));
	*events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, *events);
}

static void end_traced(struct __test_metadata *_metadata, struct pmw_settings *saved)
{
	EXPECT_EQ(0, pmw_settings_restore(saved));
	unlink(IMAGE_B);
	unlink(NOT_EXECUTABLE);
	unlink(BAD_ELF);
}

/* Every policy. */
FIXTURE(traced) {
	int events;
	struct pmw_settings saved;
};

FIXTURE_VARIANT(traced) {
	const char *mode;
	const char *policy;
	bool allowed;		/* the policy lets the tracer attach */
};

FIXTURE_VARIANT_ADD(traced, detect) DETECT;
FIXTURE_VARIANT_ADD(traced, enforce) ENFORCE;
FIXTURE_VARIANT_ADD(traced, enforce_tracer_rule) TRACER_RULE;
FIXTURE_VARIANT_ADD(traced, enforce_attach_rule) ATTACH_RULE;

FIXTURE_SETUP(traced)
{
	start_traced(_metadata, &self->events, &self->saved, variant->mode, variant->policy);
}

FIXTURE_TEARDOWN_PARENT(traced)
{
	end_traced(_metadata, &self->saved);
}

/* The policies that decide: enforce mode's. */
FIXTURE(traced_enforce) {
	int events;
	struct pmw_settings saved;
};

FIXTURE_VARIANT(traced_enforce) {
	const char *mode;
	const char *policy;
	bool allowed;		/* the policy lets the tracer attach */
};

FIXTURE_VARIANT_ADD(traced_enforce, enforce) ENFORCE;
FIXTURE_VARIANT_ADD(traced_enforce, enforce_tracer_rule) TRACER_RULE;
FIXTURE_VARIANT_ADD(traced_enforce, enforce_attach_rule) ATTACH_RULE;

FIXTURE_SETUP(traced_enforce)
{
	start_traced(_metadata, &self->events, &self->saved, variant->mode, variant->policy);
}

FIXTURE_TEARDOWN_PARENT(traced_enforce)
{
	end_traced(_metadata, &self->saved);
}

/* Those under which uid 1000 may attach. */
FIXTURE(traced_attach) {
	int events;
	struct pmw_settings saved;
};

FIXTURE_VARIANT(traced_attach) {
	const char *mode;
	const char *policy;
	bool allowed;		/* the policy lets the tracer attach */
};

FIXTURE_VARIANT_ADD(traced_attach, detect) DETECT;
FIXTURE_VARIANT_ADD(traced_attach, enforce_attach_rule) ATTACH_RULE;

FIXTURE_SETUP(traced_attach)
{
	start_traced(_metadata, &self->events, &self->saved, variant->mode, variant->policy);
}

FIXTURE_TEARDOWN_PARENT(traced_attach)
{
	end_traced(_metadata, &self->saved);
}

/* Enforce mode with the rule that lets uid 1000 attach. */
FIXTURE(traced_attach_rule) {
	int events;
	struct pmw_settings saved;
};

FIXTURE_VARIANT(traced_attach_rule) {
	const char *mode;
	const char *policy;
	bool allowed;		/* the policy lets the tracer attach */
};

FIXTURE_VARIANT_ADD(traced_attach_rule, enforce_attach_rule) ATTACH_RULE;

FIXTURE_SETUP(traced_attach_rule)
{
	start_traced(_metadata, &self->events, &self->saved, variant->mode, variant->policy);
}

FIXTURE_TEARDOWN_PARENT(traced_attach_rule)
{
	end_traced(_metadata, &self->saved);
}

/* Enforce mode, its rules written by the test. */
FIXTURE(traced_own_rules) {
	int events;
	struct pmw_settings saved;
};

FIXTURE_VARIANT(traced_own_rules) {
	const char *mode;
	const char *policy;
	bool allowed;		/* the policy lets the tracer attach */
};

FIXTURE_VARIANT_ADD(traced_own_rules, enforce) ENFORCE;

FIXTURE_SETUP(traced_own_rules)
{
	start_traced(_metadata, &self->events, &self->saved, variant->mode, variant->policy);
}

FIXTURE_TEARDOWN_PARENT(traced_own_rules)
{
	end_traced(_metadata, &self->saved);
}

/* Detect mode: every attach goes ahead. */
FIXTURE(traced_detect) {
	int events;
	struct pmw_settings saved;
};

FIXTURE_VARIANT(traced_detect) {
	const char *mode;
	const char *policy;
	bool allowed;		/* the policy lets the tracer attach */
};

FIXTURE_VARIANT_ADD(traced_detect, detect) DETECT;

FIXTURE_SETUP(traced_detect)
{
	start_traced(_metadata, &self->events, &self->saved, variant->mode, variant->policy);
}

FIXTURE_TEARDOWN_PARENT(traced_detect)
{
	end_traced(_metadata, &self->saved);
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
TEST_F(traced_enforce, traceme_parent_is_no_tracer)
{
	char path[64];
	pid_t pid;

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
TEST_F(traced_attach_rule, attached_parent_is_a_tracer)
{
	union pmw_any_record rec;
	pid_t pid, child;
	int report[2];

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
TEST_F(traced_detect, seize_then_exec)
{
	union pmw_any_record rec;
	char got[PATH_MAX];
	int go[2], status;
	pid_t child;

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

/*
 * Execs that fail before their point of no return, while traced: one of
 * a file that is not executable (refused as it is opened, before any
 * judgment) and one of a file with a bad ELF header (judged, then refused
 * by the ELF loader). Neither reaches a new program: no record, but in
 * enforce without a rule for the tracer, where the judgment comes first
 * and the exec is denied with EPERM, and reported denied. A last exec,
 * of IMAGE_B, is the one record of a traced exec that commits.
 */
TEST_F(traced, failed_exec_is_no_record)
{
	bool enforce = !strcmp(variant->mode, "enforce");
	bool denied = enforce && !variant->allowed;
	int errors[3], report[2];
	union pmw_any_record rec;
	char got[PATH_MAX];
	struct pmw_want w;
	pid_t pid, child;

	ASSERT_EQ(0, pipe(report));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int errpipe[2], status;

		if (pmw_become(PMW_USER) || pipe2(errpipe, O_CLOEXEC))
			_exit(100);
		child = fork();
		if (child == 0) {
			int err[3];

			close(errpipe[0]);
			if (ptrace(PTRACE_TRACEME, 0, 0, 0))
				_exit(2);
			execl(NOT_EXECUTABLE, NOT_EXECUTABLE, (char *)NULL);
			err[0] = errno;
			execl(BAD_ELF, BAD_ELF, (char *)NULL);
			err[1] = errno;
			execl(IMAGE_B, IMAGE_B, SLEEP_ARG, (char *)NULL);
			err[2] = errno;
			if (write(errpipe[1], err, sizeof(err)) != sizeof(err))
				_exit(3);
			raise(SIGSTOP);
			_exit(4);
		}
		close(errpipe[1]);
		memset(errors, 0, sizeof(errors));
		/* Past the last exec: the pipe closes on exec, or says why it failed. */
		if (read(errpipe[0], errors, sizeof(errors)) == 0) {
			/* IMAGE_B ran: the first two failed, as they must have. */
			errors[0] = -1;
			errors[1] = -1;
		}
		if (waitpid(child, &status, 0) != child || !WIFSTOPPED(status))
			_exit(101);
		kill(child, SIGKILL);
		waitpid(child, &status, 0);
		if (write(report[1], &child, sizeof(child)) != sizeof(child) ||
		    write(report[1], errors, sizeof(errors)) != sizeof(errors))
			_exit(102);
		_exit(0);
	}
	close(report[1]);
	ASSERT_EQ((ssize_t)sizeof(child), read(report[0], &child, sizeof(child)));
	ASSERT_EQ((ssize_t)sizeof(errors), read(report[0], errors, sizeof(errors)));
	ASSERT_EQ(0, pmw_wait(pid));
	TH_LOG("execs: not executable %d, bad ELF %d, image B %d (-1: not told)",
	       errors[0], errors[1], errors[2]);

	w = (struct pmw_want){
		.pid = pid, .uid = PMW_USER, .euid = PMW_USER, .target_pid = child,
		.route = PMW_ROUTE_PTRACE_ATTACH,
		.access = PMW_ACCESS_READ | PMW_ACCESS_WRITE,
		.outcome = denied ? PMW_OUTCOME_DENIED : PMW_OUTCOME_OPENED,
		.error = denied ? EPERM : 0,
		.info = PMW_INFO_TRACED_EXEC | (enforce ? 0 : PMW_INFO_WOULD_DENY),
		.info_ignored = denied ? PMW_INFO_WOULD_DENY : 0,
	};
	if (denied) {
		/* Every exec failed; the bad ELF one at its judgment. */
		EXPECT_EQ(EACCES, errors[0]) TH_LOG("the file that is not executable");
		EXPECT_EQ(EPERM, errors[1]) TH_LOG("the bad ELF file, denied first");
		EXPECT_EQ(EPERM, errors[2]) TH_LOG("image B");
		pmw_expect_access_rec(_metadata, self->events, &w, &rec,
				      "the denied exec of the bad ELF file");
		EXPECT_STREQ(BAD_ELF, pmw_str(&rec.access, &rec.access.target_exe, got,
					      sizeof(got)));
	} else {
		/* Told only when image B failed too; then they are wrong anyway. */
		if (errors[0] != -1) {
			EXPECT_EQ(EACCES, errors[0]);
			EXPECT_EQ(ENOEXEC, errors[1]);
		}
		EXPECT_EQ(0, errors[2]) TH_LOG("image B did not run");
	}
	/* The one record of an exec that reached a program: image B's. */
	pmw_expect_access_rec(_metadata, self->events, &w, &rec, "the exec of image B");
	EXPECT_STREQ(IMAGE_B, pmw_str(&rec.access, &rec.access.target_exe, got, sizeof(got)))
		TH_LOG("a failed exec was reported");
	EXPECT_TRUE(pmw_no_record(self->events, 200)) TH_LOG("a record of a failed exec");
}

/* Reads the next access record, past begun records of opener; false if none. */
static bool next_access_past_begun(int events, pid_t opener, union pmw_any_record *rec)
{
	ssize_t n;

	for (;;) {
		n = pmw_next_record(events, rec->raw, 2000);
		if (pmw_is(rec, n, PMW_RECORD_BEGUN, sizeof(rec->begun)) &&
		    rec->begun.pid == (__u32)opener)
			continue;
		return pmw_is(rec, n, PMW_RECORD_ACCESS, sizeof(rec->access));
	}
}

/* Reads 64 bytes of target's stack... of its data: what the calls copy. */
static char readv_buf[64];

static ssize_t readv_of(pid_t target)
{
	struct iovec local = { .iov_base = readv_buf, .iov_len = sizeof(readv_buf) };
	struct iovec remote = { .iov_base = readv_buf, .iov_len = sizeof(readv_buf) };

	return process_vm_readv(target, &local, 1, &remote, 1, 0);
}

/*
 * A process is the tracer that "allow tracer" holds for only once its
 * attach succeeded. Tracer A seizes T; B's seize of T fails (T is traced
 * already: EPERM, a refused record) and makes B no tracer; A's later
 * process_vm_readv of T is still a tracer's (TRACER; allowed by "allow
 * tracer" in enforce), B's is not (denied in enforce).
 */
TEST_F(traced_attach, failed_attach_takes_no_tracer_mark)
{
	bool enforce = !strcmp(variant->mode, "enforce");
	int to_a[2], from_a[2], result;
	union pmw_any_record rec;
	pid_t target, a, b;
	struct pmw_want w;
	char why[512], c;

	target = pmw_spawn_target(PMW_USER);
	ASSERT_LT(0, target);
	ASSERT_EQ(0, pipe(to_a));
	ASSERT_EQ(0, pipe(from_a));
	a = fork();
	ASSERT_LE(0, a);
	if (a == 0) {
		ssize_t n;

		close(to_a[1]);
		close(from_a[0]);
		if (pmw_become(PMW_USER) || ptrace(PTRACE_SEIZE, target, 0, 0))
			_exit(100);
		if (write(from_a[1], "a", 1) != 1 || read(to_a[0], &c, 1) != 1)
			_exit(101);
		n = readv_of(target);
		result = n < 0 ? errno : n == sizeof(readv_buf) ? 0 : 200;
		if (write(from_a[1], &result, sizeof(result)) != sizeof(result))
			_exit(102);
		/* Stays T's tracer until told to go. */
		if (read(to_a[0], &c, 1) != 1)
			_exit(103);
		_exit(0);
	}
	close(to_a[0]);
	close(from_a[1]);
	ASSERT_EQ(1, read(from_a[0], &c, 1)) TH_LOG("A could not seize T");
	w = (struct pmw_want){
		.pid = a, .uid = PMW_USER, .euid = PMW_USER, .target_pid = target,
		.route = PMW_ROUTE_PTRACE_ATTACH,
		.access = PMW_ACCESS_READ | PMW_ACCESS_WRITE,
		.outcome = PMW_OUTCOME_OPENED,
		.info = enforce ? 0 : PMW_INFO_WOULD_DENY,
	};
	pmw_expect_access(_metadata, self->events, &w, "A's seize of T");

	/* B's seize fails: T has a tracer. */
	b = fork();
	ASSERT_LE(0, b);
	if (b == 0) {
		if (pmw_become(PMW_USER))
			_exit(100);
		if (!ptrace(PTRACE_SEIZE, target, 0, 0))
			_exit(0);
		_exit(errno);
	}
	EXPECT_EQ(EPERM, pmw_wait(b)) TH_LOG("B's seize of a traced process");
	w.pid = b;
	w.outcome = PMW_OUTCOME_REFUSED;
	w.error = EPERM;
	pmw_expect_access(_metadata, self->events, &w, "B's seize, refused by the kernel");

	/* A reads T: still its tracer. */
	ASSERT_EQ(1, write(to_a[1], "g", 1));
	ASSERT_EQ((ssize_t)sizeof(result), read(from_a[0], &result, sizeof(result)));
	EXPECT_EQ(0, result) TH_LOG("A's process_vm_readv of T: %s", strerror(result));
	w = (struct pmw_want){
		.pid = a, .uid = PMW_USER, .euid = PMW_USER, .target_pid = target,
		.route = PMW_ROUTE_PROCESS_VM_READV, .access = PMW_ACCESS_READ,
		.outcome = PMW_OUTCOME_OPENED, .bytes = sizeof(readv_buf),
		.info = PMW_INFO_TRACER | (enforce ? 0 : PMW_INFO_WOULD_DENY),
	};
	ASSERT_TRUE(next_access_past_begun(self->events, a, &rec)) TH_LOG("no record of A's read");
	EXPECT_EQ(NULL, pmw_access_differs(&rec.access, &w, why, sizeof(why)))
		TH_LOG("A's process_vm_readv of T, after B's failed seize: %s", why);

	/* B reads T: no tracer. */
	b = fork();
	ASSERT_LE(0, b);
	if (b == 0) {
		ssize_t n;

		if (pmw_become(PMW_USER))
			_exit(100);
		n = readv_of(target);
		_exit(n < 0 ? errno : n == sizeof(readv_buf) ? 0 : 200);
	}
	EXPECT_EQ(enforce ? EPERM : 0, pmw_wait(b)) TH_LOG("B's process_vm_readv of T");
	w.pid = b;
	w.info = enforce ? 0 : PMW_INFO_WOULD_DENY;
	w.info_ignored = enforce ? PMW_INFO_WOULD_DENY : 0;
	w.outcome = enforce ? PMW_OUTCOME_DENIED : PMW_OUTCOME_OPENED;
	w.error = enforce ? EPERM : 0;
	w.bytes = enforce ? 0 : sizeof(readv_buf);
	ASSERT_TRUE(next_access_past_begun(self->events, b, &rec)) TH_LOG("no record of B's read");
	EXPECT_EQ(NULL, pmw_access_differs(&rec.access, &w, why, sizeof(why)))
		TH_LOG("B's process_vm_readv of T: %s", why);

	ASSERT_EQ(1, write(to_a[1], "e", 1));
	EXPECT_EQ(0, pmw_wait(a));
	pmw_reap(target);
	EXPECT_TRUE(pmw_no_record(self->events, 200)) TH_LOG("more records than accesses");
}

/*
 * PTRACE_TRACEME takes the mark of a tracer that attached before: a
 * parent that seized its child and let it go, and that the child then
 * asked to trace it, is a tracer procmemwatch did not see attach, and
 * "allow tracer" does not hold for it.
 */
TEST_F(traced_attach_rule, traceme_clears_an_earlier_attach)
{
	union pmw_any_record rec;
	pid_t pid, child;
	int report[2];

	ASSERT_EQ(0, pipe(report));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int status, go[2], err;
		char path[64], c;

		if (pmw_become(PMW_USER) || pipe(go))
			_exit(100);
		child = fork();
		if (child == 0) {
			close(go[1]);
			if (read(go[0], &c, 1) != 1 || ptrace(PTRACE_TRACEME, 0, 0, 0))
				_exit(2);
			raise(SIGSTOP);
			_exit(0);
		}
		close(go[0]);
		if (write(report[1], &child, sizeof(child)) != sizeof(child) ||
		    ptrace(PTRACE_SEIZE, child, 0, 0) ||
		    ptrace(PTRACE_INTERRUPT, child, 0, 0) ||
		    waitpid(child, &status, 0) != child ||
		    ptrace(PTRACE_DETACH, child, 0, 0))
			_exit(101);
		/* Let go; now the child asks to be traced, and stops. */
		if (write(go[1], "g", 1) != 1 ||
		    waitpid(child, &status, 0) != child || !WIFSTOPPED(status))
			_exit(102);
		snprintf(path, sizeof(path), "/proc/%d/mem", child);
		err = pmw_try_open(path, O_RDWR);
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		_exit(err);
	}
	ASSERT_EQ((ssize_t)sizeof(child), read(report[0], &child, sizeof(child)));
	EXPECT_EQ(EPERM, pmw_wait(pid)) TH_LOG("the TRACEME parent's open, after its detach");
	ASSERT_TRUE(pmw_next_access(self->events, &rec));
	EXPECT_EQ((unsigned int)PMW_ROUTE_PTRACE_ATTACH, rec.access.route);
	EXPECT_EQ(PMW_OUTCOME_OPENED, rec.access.outcome);
	ASSERT_TRUE(pmw_next_access(self->events, &rec));
	EXPECT_EQ((unsigned int)PMW_ROUTE_MEM, rec.access.route);
	EXPECT_EQ((__u32)pid, rec.access.pid);
	EXPECT_EQ((__u32)child, rec.access.target_pid);
	EXPECT_EQ(PMW_OUTCOME_DENIED, rec.access.outcome);
	EXPECT_EQ(0, PMW_INFO(&rec.access) & PMW_INFO_TRACER)
		TH_LOG("a TRACEME parent kept the mark of its earlier attach");
	EXPECT_TRUE(pmw_no_record(self->events, 100));
}

/*
 * "allow tracer access=rw route=ptrace_attach" lets a debugger follow the
 * program it attached to across its exec: root seizes a child under a
 * policy that lets it attach, the policy becomes the tracer rule alone,
 * and the child's exec is allowed, a traced exec by a tracer; under an
 * empty policy the same exec is denied with EPERM.
 */
TEST_F(traced_own_rules, tracer_rule_follows_an_exec)
{
	static const struct {
		const char *policy;
		bool allowed;
	} cases[] = {
		{ "allow tracer access=rw route=ptrace_attach\n", true },
		{ "\n", false },
	};
	union pmw_any_record rec;
	char got[PATH_MAX];
	int go[2], errpipe[2], status, err;
	unsigned int i;
	pid_t child;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		bool allowed = cases[i].allowed;

		ASSERT_EQ(0, pipe(go));
		ASSERT_EQ(0, pipe2(errpipe, O_CLOEXEC));
		pmw_set_policy(_metadata, self->events,
			       "allow uid=0 route=ptrace_attach access=rw\n", NULL, NULL);
		child = fork();
		ASSERT_LE(0, child);
		if (child == 0) {
			char c;

			prctl(PR_SET_PDEATHSIG, SIGKILL);
			close(go[1]);
			close(errpipe[0]);
			if (read(go[0], &c, 1) != 1)
				_exit(1);
			execl(IMAGE_B, IMAGE_B, SLEEP_ARG, (char *)NULL);
			err = errno;
			if (write(errpipe[1], &err, sizeof(err)) != sizeof(err))
				_exit(3);
			_exit(2);
		}
		close(go[0]);
		close(errpipe[1]);
		ASSERT_EQ(0, ptrace(PTRACE_SEIZE, child, 0, PTRACE_O_TRACEEXEC));
		ASSERT_TRUE(pmw_next_access(self->events, &rec)) TH_LOG("no record of the seize");
		EXPECT_EQ(PMW_OUTCOME_OPENED, rec.access.outcome);
		pmw_set_policy(_metadata, self->events, cases[i].policy, NULL, NULL);
		ASSERT_EQ(1, write(go[1], "g", 1));
		err = 0;
		if (read(errpipe[0], &err, sizeof(err)) != sizeof(err))
			err = 0;
		EXPECT_EQ(allowed ? 0 : EPERM, err) TH_LOG("the exec under %s", cases[i].policy);
		ASSERT_EQ(child, waitpid(child, &status, 0));
		if (allowed)
			EXPECT_TRUE(WIFSTOPPED(status) &&
				    status >> 8 == (SIGTRAP | PTRACE_EVENT_EXEC << 8))
				TH_LOG("no exec stop");
		ASSERT_TRUE(pmw_next_access(self->events, &rec)) TH_LOG("no record of the exec");
		EXPECT_EQ((unsigned int)PMW_ROUTE_PTRACE_ATTACH, rec.access.route);
		EXPECT_EQ(getpid(), (pid_t)rec.access.pid) TH_LOG("the tracer is the opener");
		EXPECT_EQ(child, (pid_t)rec.access.target_pid);
		EXPECT_EQ(allowed ? PMW_OUTCOME_OPENED : PMW_OUTCOME_DENIED, rec.access.outcome);
		EXPECT_EQ(allowed ? 0U : (unsigned int)EPERM, rec.access.error);
		EXPECT_EQ(PMW_INFO_TRACED_EXEC | PMW_INFO_TRACER,
			  PMW_INFO(&rec.access) & ~PMW_INFO_WOULD_DENY);
		EXPECT_STREQ(IMAGE_B, pmw_str(&rec.access, &rec.access.target_exe, got,
					      sizeof(got)));
		pmw_reap(child);
		close(go[1]);
		close(errpipe[0]);
		EXPECT_TRUE(pmw_no_record(self->events, 100));
	}
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
