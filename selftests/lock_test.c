// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: the lock freezes every setting until reboot, for root
 * with every capability too, and enforcement goes on under it; the lock
 * is an audit record, a write it refuses none. refresh still works, and
 * nobody is exempt from the budgets any more, root with CAP_MAC_ADMIN
 * included.
 *
 * The lock cannot be undone: this program is never run with the others
 * (TEST_GEN_PROGS_EXTENDED) and skips unless told that the machine may be
 * locked, by PMW_MAY_LOCK=1 in its environment or pmw_selftest.may_lock=1
 * on the kernel command line. Each group needs a boot of its own:
 * lock_freezes_every_setting, refresh_works_when_locked and
 * locked_root_is_budgeted a normal one (the first locks, the others
 * lock if it did not run), boot_locked_enforce_from_init one with
 *   procmemwatch.mode=enforce
 *   procmemwatch.policy="allow uid=0 route=ptrace_attach access=rw;allow tracer access=rw"
 *   procmemwatch.lock=1
 */

#define _GNU_SOURCE
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "common.h"

/* Why this boot may not be locked by a test, or NULL. */
static const char *may_not_lock(void)
{
	const char *env = getenv("PMW_MAY_LOCK");

	if (pmw_unusable())
		return pmw_unusable();
	if ((env && !strcmp(env, "1")) || pmw_cmdline_has("pmw_selftest.may_lock=1"))
		return NULL;
	return "locking lasts until reboot: PMW_MAY_LOCK=1, or boot with pmw_selftest.may_lock=1";
}

/* Room for a setting's contents, the policy included. */
#define SETTING_ROOM	4096

static const char *const settings[] = {
	PMW_MODE, PMW_POLICY, PMW_AUDIT_RATE, PMW_EVENT_RATE, PMW_LOCK,
};

/* Writes that a lock refuses, to each setting, whatever the value. */
static const struct {
	const char *path;
	const char *text;
} frozen_writes[] = {
	{ PMW_MODE, "detect" },
	{ PMW_MODE, "off\n" },
	{ PMW_MODE, "enforce" },
	{ PMW_MODE, "nonsense" },
	{ PMW_POLICY, "\n" },
	{ PMW_POLICY, "allow uid=0 access=rw\n" },
	{ PMW_POLICY, "allow tracer access=rw\n" },
	{ PMW_AUDIT_RATE, "5" },
	{ PMW_AUDIT_RATE, "0\n" },
	{ PMW_EVENT_RATE, "5" },
	{ PMW_EVENT_RATE, "0\n" },
	{ PMW_LOCK, "1" },
	{ PMW_LOCK, "1\n" },
	{ PMW_LOCK, "0" },
};

/*
 * The process opener opens target's mem file with flags: the open gives
 * want_errno (0 or EPERM), its event says so with these info bits.
 */
static void expect_mem_open(struct __test_metadata *_metadata, int events, pid_t opener,
			    pid_t target, int flags, int err, int want_errno,
			    unsigned int info, const char *what)
{
	struct pmw_want w = {
		.pid = opener,
		.target_pid = target,
		.access = pmw_access_of(flags),
		.outcome = want_errno ? PMW_OUTCOME_DENIED : PMW_OUTCOME_OPENED,
		.error = want_errno,
		.info = info,
		/* Whether a denial in enforce says would-deny too is not said. */
		.info_ignored = want_errno ? PMW_INFO_WOULD_DENY : 0,
	};

	EXPECT_EQ(want_errno, err) TH_LOG("%s", what);
	pmw_expect_access(_metadata, events, &w, what);
}

/* This process opens target's mem file: see expect_mem_open(). */
static void expect_my_open(struct __test_metadata *_metadata, int events, pid_t target,
			   int flags, int want_errno, unsigned int info, const char *what)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/mem", target);
	expect_mem_open(_metadata, events, getpid(), target, flags,
			pmw_try_open(path, flags), want_errno, info, what);
}

/* The next record is this process's allowed ptrace attach of target. */
static void expect_attach(struct __test_metadata *_metadata, int events, pid_t target)
{
	struct pmw_want w = {
		.pid = getpid(),
		.target_pid = target,
		.access = PMW_ACCESS_READ | PMW_ACCESS_WRITE,
		.outcome = PMW_OUTCOME_OPENED,
		.route = PMW_ROUTE_PTRACE_ATTACH,
	};

	pmw_expect_access(_metadata, events, &w, "PTRACE_SEIZE, allowed by the uid=0 rule");
}

/* A child opens target's mem file; returns its pid, *err as it found. */
static pid_t open_in_child(pid_t target, int flags, int *err)
{
	char path[64];
	pid_t pid;
	int status;

	snprintf(path, sizeof(path), "/proc/%d/mem", target);
	pid = fork();
	if (pid == 0)
		_exit(pmw_try_open(path, flags));
	*err = -1;
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status))
		*err = WEXITSTATUS(status);
	return pid;
}

/* Reads every setting file into values. */
static void read_settings(struct __test_metadata *_metadata,
			  char values[][SETTING_ROOM])
{
	const char *path;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(settings); i++) {
		path = settings[i];
		ASSERT_LE(0, pmw_read_file(path, values[i], SETTING_ROOM))
			TH_LOG("cannot read %s", path);
	}
}

/*
 * Every write of frozen_writes fails with EPERM, through a new open and,
 * when fds[i] >= 0, through the descriptor of settings[i] opened before
 * the lock; every setting reads as before.
 */
static void expect_frozen(struct __test_metadata *_metadata, const int *fds,
			  char before[][SETTING_ROOM])
{
	static char now[ARRAY_SIZE(settings)][SETTING_ROOM];
	const char *text, *path, *other;
	unsigned int i, j;
	ssize_t n;

	for (i = 0; i < ARRAY_SIZE(frozen_writes); i++) {
		text = frozen_writes[i].text;
		path = frozen_writes[i].path;
		EXPECT_EQ(-EPERM, pmw_write_file(path, text, strlen(text)))
			TH_LOG("locked, writing \"%s\" to %s", text, path);
		for (j = 0; fds && j < ARRAY_SIZE(settings); j++) {
			if (fds[j] < 0 || strcmp(settings[j], path))
				continue;
			n = pwrite(fds[j], text, strlen(text), 0);
			EXPECT_EQ(-1, n)
				TH_LOG("locked, writing \"%s\" to %s opened before the lock",
				       text, path);
			EXPECT_EQ(EPERM, errno);
		}
		read_settings(_metadata, now);
		for (j = 0; j < ARRAY_SIZE(settings); j++) {
			other = settings[j];
			EXPECT_STREQ(before[j], now[j])
				TH_LOG("%s changed after \"%s\" was written to %s",
				       other, text, path);
		}
	}
}

static void expect_config(struct __test_metadata *_metadata, int events,
			  const char *setting, const char *old, const char *new)
{
	pmw_expect_config(_metadata, events, setting, old, new);
}

#define EXPECT_FIELD_OF(text, name, want) \
	EXPECT_STREQ(want, pmw_audit_field(text, name, val, sizeof(val)))

/*
 * The audit records of the writes of lock_freezes_every_setting, read up
 * to that of the first open after them, the denied open of target: the
 * policy, the mode and the lock, each once, and nothing of the writes
 * refused, before the lock (bad values) or after it (every write).
 */
static void expect_audited_writes(struct __test_metadata *_metadata, int fd,
				  pid_t target, const char *mode)
{
	static const int types[] = {
		AUDIT_MAC_POLICY_LOAD, AUDIT_MAC_STATUS, AUDIT_MAC_CONFIG_CHANGE,
	};
	static struct pmw_audit_kept kept;
	const char *rec[ARRAY_SIZE(types)];
	char mark[32], val[64], num[32];
	unsigned int n = 0;
	int i;

	snprintf(mark, sizeof(mark), " opid=%d ", target);
	ASSERT_TRUE(pmw_audit_read_to(fd, AUDIT_KERNEL_OTHER, mark, &kept))
		TH_LOG("no audit record of the first open after the lock");
	ASSERT_GE(PMW_AUDIT_KEPT_MAX, kept.n) TH_LOG("%d records before it", kept.n);
	for (i = 0; i < kept.n; i++) {
		if (!strstr(kept.text[i], "): lsm=procmemwatch "))
			continue;
		TH_LOG("%s", kept.text[i]);
		if (n < ARRAY_SIZE(types)) {
			EXPECT_EQ(types[n], kept.type[i]) TH_LOG("type of record %u", n);
			rec[n] = kept.text[i];
		}
		n++;
	}
	ASSERT_EQ(ARRAY_SIZE(types), n) TH_LOG("procmemwatch records of the writes");
	EXPECT_NE(NULL, strstr(rec[0], "): lsm=procmemwatch op=policy_load "));
	EXPECT_FIELD_OF(rec[0], "rules", "1");
	EXPECT_FIELD_OF(rec[0], "old_rules", "0");
	EXPECT_NE(NULL, strstr(rec[1], "): lsm=procmemwatch op=set setting=mode "));
	EXPECT_FIELD_OF(rec[1], "old", mode);
	EXPECT_FIELD_OF(rec[1], "new", "enforce");
	EXPECT_FIELD_OF(rec[1], "enforcing", "1");
	EXPECT_FIELD_OF(rec[1], "old_enforcing", "0");
	EXPECT_FIELD_OF(rec[1], "enabled", "1");
	EXPECT_FIELD_OF(rec[1], "old-enabled", strcmp(mode, "off") ? "1" : "0");
	EXPECT_NE(NULL, strstr(rec[2], "): lsm=procmemwatch op=set setting=lock "));
	EXPECT_FIELD_OF(rec[2], "old", "0");
	EXPECT_FIELD_OF(rec[2], "new", "1");
	snprintf(num, sizeof(num), "%d", getpid());
	EXPECT_FIELD_OF(rec[2], "pid", num);
	EXPECT_FIELD_OF(rec[2], "uid", "0");
	EXPECT_FIELD_OF(rec[2], "comm", "\"lock_test\"");
	EXPECT_FIELD_OF(rec[2], "res", "1");
}

TEST(lock_freezes_every_setting)
{
	static const char *const bad_locks[] = {
		"0", "2", "yes", "", "0\n", "1\n\n", "11", " 1", "1 ", "01",
	};
	static char before[ARRAY_SIZE(settings)][SETTING_ROOM];
	const char *policy = "allow uid=1000 access=read\n";
	int fds[ARRAY_SIZE(settings)], events, audit;
	struct audit_status saved = { 0 };
	char line[64], mode[16];
	pid_t target;
	unsigned int i;

	if (may_not_lock())
		SKIP(return, "%s", may_not_lock());
	if (strcmp("0", pmw_read_line(PMW_LOCK, line, sizeof(line))))
		SKIP(return, "needs a boot in which nothing locked procmemwatch yet");
	/* Root with every capability, which the lock refuses all the same. */
	ASSERT_TRUE(pmw_has_cap(CAP_MAC_ADMIN) && pmw_has_cap(CAP_SYS_ADMIN) &&
		    pmw_has_cap(CAP_AUDIT_READ));
	audit = pmw_audit_listen(&saved, 3);
	ASSERT_LE(0, audit) TH_LOG("cannot listen to audit: %s", strerror(-audit));
	events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, events);

	for (i = 0; i < ARRAY_SIZE(bad_locks); i++) {
		EXPECT_EQ(-EINVAL, pmw_write_file(PMW_LOCK, bad_locks[i], strlen(bad_locks[i])))
			TH_LOG("unlocked, writing \"%s\" to lock", bad_locks[i]);
		EXPECT_STREQ("0", pmw_read_line(PMW_LOCK, line, sizeof(line)));
	}
	EXPECT_TRUE(pmw_no_record(events, 0)) TH_LOG("a refused write to lock made a record");

	/* Settings of its own, that the lock must keep. */
	pmw_read_mode(mode, sizeof(mode));
	ASSERT_EQ(0, pmw_write_policy(policy, strlen(policy)));
	expect_config(_metadata, events, "policy", "0 rules", "1 rule");
	ASSERT_EQ(0, pmw_write_mode("enforce", 7));
	expect_config(_metadata, events, "mode", mode, "enforce");
	for (i = 0; i < ARRAY_SIZE(settings); i++) {
		fds[i] = open(settings[i], O_WRONLY | O_CLOEXEC);
		ASSERT_LE(0, fds[i]) TH_LOG("cannot open %s to write, unlocked", settings[i]);
	}
	read_settings(_metadata, before);
	EXPECT_STREQ(policy, before[1]);

	ASSERT_EQ(0, pmw_write_file(PMW_LOCK, "1", 1)) TH_LOG("cannot lock");
	EXPECT_STREQ("1", pmw_read_line(PMW_LOCK, line, sizeof(line)));
	expect_config(_metadata, events, "lock", "0", "1");
	EXPECT_EQ(2, pmw_read_file(PMW_LOCK, line, sizeof(line)));
	EXPECT_STREQ("1\n", line);

	snprintf(before[4], SETTING_ROOM, "1\n");
	expect_frozen(_metadata, fds, before);
	for (i = 0; i < ARRAY_SIZE(settings); i++)
		close(fds[i]);
	EXPECT_TRUE(pmw_no_record(events, 0)) TH_LOG("a refused write made a record");

	/* Enforce goes on: another process denied, itself allowed. */
	target = pmw_spawn_target(0);
	ASSERT_LT(0, target);
	expect_my_open(_metadata, events, target, O_RDONLY, EPERM, 0, "locked, another process");
	expect_my_open(_metadata, events, target, O_RDWR, EPERM, 0, "locked, another process");
	expect_my_open(_metadata, events, getpid(), O_RDWR, 0, PMW_INFO_SELF, "locked, self");
	EXPECT_TRUE(pmw_no_record(events, 0)) TH_LOG("more events than opens");
	expect_audited_writes(_metadata, audit, target, mode);
	pmw_reap(target);
	close(events);
	EXPECT_EQ(0, pmw_audit_unlisten(audit, &saved));
}

/*
 * Booted with mode enforce, a tracer policy and the lock: all three are
 * in force from the start, and stay.
 */
TEST(boot_locked_enforce_from_init)
{
	static char before[ARRAY_SIZE(settings)][SETTING_ROOM];
	char cmdline[1024], line[64], policy[256];
	pid_t target, other;
	int events, err;

	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	if (!pmw_cmdline_has("procmemwatch.lock=1") ||
	    !pmw_cmdline_has("procmemwatch.mode=enforce"))
		SKIP(return, "needs a boot locked in enforce, with the tracer policy");
	pmw_read_line("/proc/cmdline", cmdline, sizeof(cmdline));
	ASSERT_STREQ("enforce", pmw_read_mode(line, sizeof(line)))
		TH_LOG("not booted in enforce; /proc/cmdline: %s", cmdline);
	ASSERT_STREQ("1", pmw_read_line(PMW_LOCK, line, sizeof(line)))
		TH_LOG("not booted locked; /proc/cmdline: %s", cmdline);
	ASSERT_LE(0, pmw_read_file(PMW_POLICY, policy, sizeof(policy)));
	ASSERT_STREQ("allow uid=0 access=rw route=ptrace_attach\nallow tracer access=rw\n", policy)
		TH_LOG("not booted with the tracer policy; /proc/cmdline: %s", cmdline);
	ASSERT_TRUE(pmw_has_cap(CAP_MAC_ADMIN) && pmw_has_cap(CAP_SYS_ADMIN));
	events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, events) TH_LOG("locked, root cannot read events");

	target = pmw_spawn_target(0);
	ASSERT_LT(0, target);
	expect_my_open(_metadata, events, target, O_RDONLY, EPERM, 0, "not its tracer, O_RDONLY");
	expect_my_open(_metadata, events, target, O_RDWR, EPERM, 0, "not its tracer, O_RDWR");
	expect_my_open(_metadata, events, getpid(), O_RDWR, 0, PMW_INFO_SELF, "self");

	ASSERT_EQ(0, ptrace(PTRACE_SEIZE, target, NULL, NULL));
	expect_attach(_metadata, events, target);
	expect_my_open(_metadata, events, target, O_RDWR, 0, PMW_INFO_TRACER, "tracer, O_RDWR");
	expect_my_open(_metadata, events, target, O_RDONLY, 0, PMW_INFO_TRACER, "tracer, O_RDONLY");
	other = open_in_child(target, O_RDONLY, &err);
	expect_mem_open(_metadata, events, other, target, O_RDONLY, err, EPERM, 0,
			"a child of the tracer, not the tracer");

	read_settings(_metadata, before);
	expect_frozen(_metadata, NULL, before);
	EXPECT_TRUE(pmw_no_record(events, 0)) TH_LOG("a refused write or an open made a record");
	pmw_reap(target);
	close(events);
}

/* Locks, unless it is locked already. 0 or -errno. */
static int lock_now(void)
{
	char line[8];

	if (!strcmp("1", pmw_read_line(PMW_LOCK, line, sizeof(line))))
		return 0;
	return pmw_write_str(PMW_LOCK, "1");
}

/*
 * Locked, the policy cannot change, but its exe= rules can be re-resolved:
 * refresh takes "1" and is a config record; a bad value still is EINVAL.
 */
TEST(refresh_works_when_locked)
{
	char line[8];
	int events;

	if (may_not_lock())
		SKIP(return, "%s", may_not_lock());
	ASSERT_EQ(0, lock_now());
	ASSERT_STREQ("1", pmw_read_line(PMW_LOCK, line, sizeof(line)));
	events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, events);
	EXPECT_EQ(-EINVAL, pmw_write_str(PMW_REFRESH, "2"));
	EXPECT_EQ(0, pmw_write_str(PMW_REFRESH, "1")) TH_LOG("refresh refused when locked");
	expect_config(_metadata, events, "refresh", NULL, NULL);
	EXPECT_TRUE(pmw_no_record(events, 100));
	close(events);
}

/* What process_vm_readv(2) copies: 64 bytes of this, in the target. */
static char readv_buf[64];

/*
 * A child keeps CAP_MAC_ADMIN (effective and saved uid 0) with real uid
 * 1000, which the policy that lock_freezes_every_setting leaves in force
 * lets read, and reads target's memory calls times with
 * process_vm_readv(2). It exits 0, or with the errno of the first call
 * that failed.
 */
static pid_t readv_with_cap_mac_admin(pid_t target, int calls)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct iovec local = { .iov_base = readv_buf, .iov_len = sizeof(readv_buf) };
		struct iovec remote = local;
		int i;

		if (setresuid(PMW_USER, 0, 0) || !pmw_has_cap(CAP_MAC_ADMIN))
			_exit(100);
		for (i = 0; i < calls; i++)
			if (process_vm_readv(target, &local, 1, &remote, 1, 0) != sizeof(readv_buf))
				_exit(errno ?: 101);
		_exit(0);
	}
	return pid;
}

/*
 * Locked, nobody is exempt from event_rate: root with CAP_MAC_ADMIN, who
 * can no longer switch procmemwatch off, floods like anyone and is
 * counted in summary records past its budget. Its begun records take
 * from the budget too: past it, a process_vm call has no begun record,
 * only its access, counted.
 */
TEST(locked_root_is_budgeted)
{
	union pmw_any_record rec;
	long long rate, counted = 0, begun_stat;
	int events, i, singles = 0, opens, begun = 0, named = 0, calls;
	__u64 begun_seqs[64];
	char line[24];
	pid_t target, caller;
	bool found;

	if (may_not_lock())
		SKIP(return, "%s", may_not_lock());
	ASSERT_EQ(0, lock_now());
	ASSERT_TRUE(pmw_has_cap(CAP_MAC_ADMIN));
	rate = atoll(pmw_read_line(PMW_EVENT_RATE, line, sizeof(line)));
	if (!rate)
		SKIP(return, "event_rate is 0 (no budget) and locked");
	opens = 5 * rate;
	events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, events);
	for (i = 0; i < opens; i++)
		ASSERT_EQ(0, pmw_try_open("/proc/self/mem", O_RDONLY));
	while (pmw_next_record(events, rec.raw, 2500) > 0) {
		if (rec.hdr.type == PMW_RECORD_ACCESS) {
			EXPECT_EQ((__u32)getpid(), rec.access.pid);
			singles++;
		} else {
			ASSERT_EQ(PMW_RECORD_SUMMARY, rec.hdr.type);
			EXPECT_EQ(0U, rec.summary.uid);
			counted += rec.summary.count;
		}
	}
	TH_LOG("%d opens: %d single, %lld summarized", opens, singles, counted);
	EXPECT_LT(0, counted) TH_LOG("root was exempt when locked");
	EXPECT_GE(2 * rate, singles);
	EXPECT_EQ(opens, singles + counted);

	/* process_vm_readv(2): begun records and access records alike. */
	calls = 5 * rate;
	singles = 0;
	counted = 0;
	target = pmw_spawn_target(PMW_USER);
	ASSERT_LT(0, target);
	begun_stat = pmw_stat("begun");
	caller = readv_with_cap_mac_admin(target, calls);
	ASSERT_LT(0, caller);
	/* It fails when the locked policy does not let uid 1000 read. */
	EXPECT_EQ(0, pmw_wait(caller)) TH_LOG("process_vm_readv(2), real uid 1000, CAP_MAC_ADMIN");
	while (pmw_next_record(events, rec.raw, 2500) > 0) {
		if (rec.hdr.type == PMW_RECORD_BEGUN) {
			EXPECT_EQ((__u32)caller, rec.begun.pid);
			if (begun < (int)ARRAY_SIZE(begun_seqs))
				begun_seqs[begun] = rec.hdr.seq;
			begun++;
		} else if (rec.hdr.type == PMW_RECORD_ACCESS) {
			EXPECT_EQ((__u32)caller, rec.access.pid);
			EXPECT_EQ((unsigned int)PMW_ROUTE_PROCESS_VM_READV, rec.access.route);
			/* A begun_seq names a begun record read before. */
			found = false;
			for (i = 0; i < begun && i < (int)ARRAY_SIZE(begun_seqs); i++)
				found |= begun_seqs[i] == rec.access.begun_seq;
			if (rec.access.begun_seq && begun <= (int)ARRAY_SIZE(begun_seqs))
				EXPECT_TRUE(found) TH_LOG("begun_seq %llu: no begun record",
							  (unsigned long long)rec.access.begun_seq);
			named += !!rec.access.begun_seq;
			singles++;
		} else {
			ASSERT_EQ(PMW_RECORD_SUMMARY, rec.hdr.type);
			EXPECT_EQ((__u32)PMW_USER, rec.summary.uid);
			EXPECT_EQ(1U << PMW_ROUTE_PROCESS_VM_READV, rec.summary.routes);
			counted += rec.summary.count;
		}
	}
	TH_LOG("%d calls: %d begun, %d access (%d with begun_seq), %lld summarized",
	       calls, begun, singles, named, counted);
	EXPECT_EQ(calls, singles + counted);
	EXPECT_LT(0, counted) TH_LOG("CAP_MAC_ADMIN's accesses were exempt when locked");
	EXPECT_GT(calls, begun) TH_LOG("CAP_MAC_ADMIN's begun records were exempt when locked");
	/* Begun and access records share the budget: a window holds rate of them. */
	EXPECT_GE(3 * rate, begun + singles);
	EXPECT_EQ(begun, pmw_stat("begun") - begun_stat);
	pmw_reap(target);
	close(events);
}

TEST_HARNESS_MAIN
