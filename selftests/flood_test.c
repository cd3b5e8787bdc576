// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch under a flood: one user opening a mem file as fast as four
 * threads can must hide nothing. Past event_rate a second, a user's
 * accesses are counted in one summary record a second instead of
 * recorded one by one; every other user's are untouched: root's 100
 * opens of another process's memory made meanwhile, and a third user's
 * few, all reach a slow reader and audit, nothing is lost, and the flood
 * is counted to the open, attributed to its user. The same in enforce,
 * where every attempt of the flood is denied and counted denied. Dropped
 * records are budgeted alike: a kill(2) of a process group, one dropped
 * record a member, is counted exactly in its user's summaries.
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "common.h"

#define EVENT_RATE	10
#define ROOT_OPENS	100
#define BYSTANDER	2000
#define BYSTANDER_OPENS	10
/* The process group a kill(2) floods with dropped records. */
#define GROUP_MEMBERS	60
#define GROUP_KILLS	4
#define CORE_SCRATCH	"/tmp/procmemwatch-flood-core"
#define CORE_PATTERN	"/proc/sys/kernel/core_pattern"

/* What the flood's processes share with the test. */
struct flood {
	int stop;
	long long attempts;	/* opens tried by the flood */
	long long opened;	/* of those, opened */
	int kills;		/* kill(2)s of a whole process group */
	int kill_errno;		/* the errno of the last, 0 if it succeeded */
	int members;		/* processes in the groups killed, together */
};

/* What the stream or audit said. */
struct seen {
	long long root;			/* root's opens of the victim */
	long long bystander;		/* the third user's, one by one */
	long long flood_single;		/* the flood's, one by one */
	long long flood_counted;	/* the flood's, in summaries */
	long long flood_denied;		/* of those counted, denied */
	long long flood_would_deny;	/* of those counted, would be denied */
	long long summaries;		/* summaries of uid 1000 */
	long long other_summaries;	/* summaries of anyone else */
	long long lost;
	long long wrong;		/* records that belong to nobody here */
};

static struct flood *flood;
static pid_t flood_target, victim;

FIXTURE(flood) {
	int audit;
	struct audit_status saved_audit;
	struct pmw_settings saved;
	char core_pattern[256];
};

FIXTURE_VARIANT(flood) {
	const char *mode;
};

FIXTURE_VARIANT_ADD(flood, detect) { .mode = "detect" };
FIXTURE_VARIANT_ADD(flood, enforce) { .mode = "enforce" };

/* Root may read; nobody else. A budget of EVENT_RATE accesses a second. */
FIXTURE_SETUP(flood)
{
	char rate[16];

	self->audit = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	if (pmw_user_cannot_ptrace())
		SKIP(return, "%s", pmw_user_cannot_ptrace());
	flood = mmap(NULL, sizeof(*flood), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, flood);
	memset(flood, 0, sizeof(*flood));
	ASSERT_LT(0, pmw_read_file(CORE_PATTERN, self->core_pattern, sizeof(self->core_pattern)));
	snprintf(rate, sizeof(rate), "%d", EVENT_RATE);
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, variant->mode,
					"allow uid=0 access=read\n", rate));
	/* audit_rate as it boots: far above EVENT_RATE. */
	if (pmw_write_str(PMW_AUDIT_RATE, "100")) {
		pmw_settings_restore(&self->saved);
		ASSERT_TRUE(false) TH_LOG("cannot set audit_rate");
	}
	/* Last: a failed setup would leave nobody to give the daemon's place back. */
	self->audit = pmw_audit_listen(&self->saved_audit, 3);
	if (self->audit < 0)
		pmw_settings_restore(&self->saved);
	if (self->audit == -EEXIST)
		SKIP(return, "an audit daemon is registered; not taking its place");
	ASSERT_LE(0, self->audit) TH_LOG("no audit: %s", strerror(-self->audit));
}

FIXTURE_TEARDOWN(flood)
{
	if (self->core_pattern[0])
		EXPECT_EQ(0, pmw_write_str(CORE_PATTERN, self->core_pattern));
	if (self->audit >= 0)
		EXPECT_EQ(0, pmw_audit_unlisten(self->audit, &self->saved_audit));
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
}

static void *open_flat_out(void *arg)
{
	char *path = arg;
	int fd;

	while (!__atomic_load_n(&flood->stop, __ATOMIC_ACQUIRE)) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			close(fd);
			__atomic_add_fetch(&flood->opened, 1, __ATOMIC_RELAXED);
		}
		__atomic_add_fetch(&flood->attempts, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

/*
 * uid 1000 opens its child's memory from four threads until told to stop.
 * Its child's pid goes to flood_target through the shared page... through
 * report: the test learns it from the records' target, and checks them.
 */
static pid_t start_flood(int report)
{
	pthread_t threads[4];
	char path[64];
	pid_t pid = fork(), child;
	int i;

	if (pid)
		return pid;
	if (pmw_become(PMW_USER))
		_exit(2);
	child = fork();
	if (child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	if (write(report, &child, sizeof(child)) != sizeof(child))
		_exit(2);
	snprintf(path, sizeof(path), "/proc/%d/mem", child);
	for (i = 0; i < 4; i++)
		if (pthread_create(&threads[i], NULL, open_flat_out, path))
			_exit(2);
	for (i = 0; i < 4; i++)
		pthread_join(threads[i], NULL);
	kill(child, SIGKILL);
	_exit(0);
}

/* A third user opens its own child's memory BYSTANDER_OPENS times, 5 a second. */
static pid_t start_bystander(void)
{
	char path[64];
	pid_t pid = fork(), child;
	int i;

	if (pid)
		return pid;
	if (pmw_become(BYSTANDER))
		_exit(2);
	child = fork();
	if (child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	snprintf(path, sizeof(path), "/proc/%d/mem", child);
	for (i = 0; i < BYSTANDER_OPENS; i++) {
		pmw_try_open(path, O_RDONLY);
		usleep(200000);
	}
	kill(child, SIGKILL);
	_exit(0);
}

/* Root opens the victim's memory every 20 ms, ROOT_OPENS times. */
static pid_t start_root_opens(void)
{
	pid_t pid = fork();
	char path[64];
	int i;

	if (pid)
		return pid;
	snprintf(path, sizeof(path), "/proc/%d/mem", victim);
	for (i = 0; i < ROOT_OPENS; i++) {
		if (pmw_try_open(path, O_RDONLY))
			_exit(2);
		usleep(20000);
	}
	_exit(0);
}

static void stream_saw(const union pmw_any_record *rec, struct seen *seen)
{
	const struct pmw_access_record *a = &rec->access;
	const struct pmw_summary_record *s = &rec->summary;

	switch (rec->hdr.type) {
	case PMW_RECORD_LOST:
		seen->lost += rec->lost.count;
		return;
	case PMW_RECORD_ACCESS:
		if (a->target_pid == (__u32)victim && a->uid == 0)
			seen->root++;
		else if (a->uid == BYSTANDER)
			seen->bystander++;
		else if (a->uid == PMW_USER && a->target_pid == (__u32)flood_target)
			seen->flood_single++;
		else
			seen->wrong++;
		return;
	case PMW_RECORD_SUMMARY:
		if (s->uid != PMW_USER || s->target_pid != (__u32)flood_target) {
			seen->other_summaries++;
			return;
		}
		seen->flood_counted += s->count;
		seen->flood_denied += s->denied;
		seen->flood_would_deny += s->would_deny;
		seen->summaries++;
		return;
	}
	seen->wrong++;
}

static struct seen audit_seen;
static int receiving;

static void *count_audit(void *arg)
{
	char text[9000], val[32], victim_s[32], target_s[32];
	int fd = *(int *)arg;

	snprintf(victim_s, sizeof(victim_s), "%d", victim);
	while (__atomic_load_n(&receiving, __ATOMIC_ACQUIRE)) {
		if (pmw_audit_next(fd, text, sizeof(text)) != AUDIT_KERNEL_OTHER)
			continue;
		snprintf(target_s, sizeof(target_s), "%d", flood_target);
		pmw_audit_field(text, "uid", val, sizeof(val));
		if (strstr(text, " op=proc_mem_open ")) {
			if (!strcmp(val, "0") &&
			    !strcmp(pmw_audit_field(text, "opid", val, sizeof(val)), victim_s))
				audit_seen.root++;
			else if (!strcmp(val, "2000"))
				audit_seen.bystander++;
			else if (!strcmp(val, "1000"))
				audit_seen.flood_single++;
		} else if (strstr(text, " op=summary ")) {
			if (strcmp(val, "1000")) {
				audit_seen.other_summaries++;
				continue;
			}
			audit_seen.flood_counted +=
				atoll(pmw_audit_field(text, "count", val, sizeof(val)));
			audit_seen.summaries++;
		}
	}
	return NULL;
}

TEST_F_TIMEOUT(flood, a_flood_hides_nothing, 120)
{
	bool enforce = !strcmp(variant->mode, "enforce");
	long long suppressed = pmw_stat("audit_suppressed");
	long long summarized = pmw_stat("summarized");
	long long summary_records = pmw_stat("summary_records");
	struct seen seen = { 0 };
	union pmw_any_record rec;
	pid_t cross, flooder, bystander;
	pthread_t thread;
	int events, report[2];

	events = pmw_open_new_events(0);
	ASSERT_LE(0, events);
	victim = pmw_spawn_target(0);
	ASSERT_LT(0, victim);
	ASSERT_EQ(0, pipe(report));
	memset(&audit_seen, 0, sizeof(audit_seen));
	__atomic_store_n(&receiving, 1, __ATOMIC_RELEASE);
	flooder = start_flood(report[1]);
	ASSERT_EQ((ssize_t)sizeof(flood_target), read(report[0], &flood_target,
						      sizeof(flood_target)));
	ASSERT_EQ(0, pthread_create(&thread, NULL, count_audit, &self->audit));
	usleep(200000);
	bystander = start_bystander();
	cross = start_root_opens();

	/* A slow reader: one record at a time, at most 100 a second. */
	while (waitpid(cross, NULL, WNOHANG) == 0) {
		if (pmw_next_record(events, rec.raw, 100) > 0)
			stream_saw(&rec, &seen);
		usleep(10000);
	}
	__atomic_store_n(&flood->stop, 1, __ATOMIC_RELEASE);
	EXPECT_EQ(0, pmw_wait(flooder));
	EXPECT_EQ(0, pmw_wait(bystander));
	/* The last summary comes within a second. */
	while (pmw_next_record(events, rec.raw, 2500) > 0)
		stream_saw(&rec, &seen);
	sleep(1);
	__atomic_store_n(&receiving, 0, __ATOMIC_RELEASE);
	pthread_join(thread, NULL);
	pmw_reap(victim);
	close(events);

	TH_LOG("flood: %lld attempts, %lld opened; stream: %lld single, %lld in %lld summaries; "
	       "audit: %lld single, %lld in %lld summaries", flood->attempts, flood->opened,
	       seen.flood_single, seen.flood_counted, seen.summaries,
	       audit_seen.flood_single, audit_seen.flood_counted, audit_seen.summaries);
	EXPECT_EQ(0, seen.lost);
	EXPECT_EQ(0, seen.wrong);
	/* Root's and the bystander's, every one, by themselves. */
	EXPECT_EQ(ROOT_OPENS, seen.root);
	EXPECT_EQ(BYSTANDER_OPENS, seen.bystander);
	EXPECT_EQ(0, seen.other_summaries) TH_LOG("another user was summarized");
	EXPECT_EQ(ROOT_OPENS, audit_seen.root);
	EXPECT_EQ(BYSTANDER_OPENS, audit_seen.bystander);
	EXPECT_EQ(0, audit_seen.other_summaries);
	/* The flood: counted to the open, in the stream and in audit. */
	EXPECT_LT(0, seen.summaries);
	EXPECT_LT(EVENT_RATE, flood->attempts) TH_LOG("no flood to speak of");
	EXPECT_EQ(flood->attempts, seen.flood_single + seen.flood_counted);
	EXPECT_EQ(flood->attempts, audit_seen.flood_single + audit_seen.flood_counted);
	EXPECT_EQ(seen.flood_counted, pmw_stat("summarized") - summarized);
	EXPECT_EQ(seen.summaries, pmw_stat("summary_records") - summary_records);
	if (enforce) {
		EXPECT_EQ(0, flood->opened) TH_LOG("enforce let the flood open");
		EXPECT_EQ(seen.flood_counted, seen.flood_denied);
	} else {
		EXPECT_EQ(flood->attempts, flood->opened);
		EXPECT_EQ(seen.flood_counted, seen.flood_would_deny);
	}
	EXPECT_EQ(suppressed, pmw_stat("audit_suppressed"));
}

/*
 * Past event_rate, one user's accesses are counted, and the count comes
 * within a second as one summary record that names the user, its last
 * opener and target, and how they went.
 */
TEST_F(flood, summary_counts_past_the_rate)
{
	bool enforce = !strcmp(variant->mode, "enforce");
	const struct pmw_summary_record *s;
	union pmw_any_record rec;
	long long counted = 0;
	int events, singles = 0, summaries = 0, i;
	pid_t pid, target;
	char comm[17];

	events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, events);
	target = pmw_spawn_target(PMW_USER);
	ASSERT_LT(0, target);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char path[64];

		prctl(PR_SET_NAME, "counted");
		if (pmw_become(PMW_USER))
			_exit(100);
		snprintf(path, sizeof(path), "/proc/%d/mem", target);
		for (i = 0; i < 50; i++)
			if (pmw_try_open(path, O_RDONLY) != (enforce ? EPERM : 0))
				_exit(101);
		/* O_DIRECT fails after the open: failed, counted as such. */
		for (i = 0; i < 3; i++)
			if (pmw_try_open("/proc/self/mem", O_RDONLY | O_DIRECT) != EINVAL)
				_exit(102);
		_exit(0);
	}
	ASSERT_EQ(0, pmw_wait(pid));
	while (pmw_next_record(events, rec.raw, 2500) > 0) {
		if (rec.hdr.type == PMW_RECORD_ACCESS) {
			EXPECT_EQ((__u32)pid, rec.access.pid);
			singles++;
			continue;
		}
		ASSERT_EQ(PMW_RECORD_SUMMARY, rec.hdr.type);
		s = &rec.summary;
		EXPECT_EQ(sizeof(*s), s->hdr.size);
		EXPECT_EQ(1, s->hdr.version);
		EXPECT_EQ((__u32)PMW_USER, s->uid);
		EXPECT_EQ((__u32)pid, s->pid);
		EXPECT_STREQ("counted", pmw_comm(s->comm, comm));
		EXPECT_EQ((__u32)(1U << PMW_ROUTE_MEM), s->routes);
		EXPECT_EQ((unsigned int)PMW_ROUTE_MEM, s->route);
		EXPECT_LE(s->first_real_ns, s->last_real_ns);
		EXPECT_LT(PMW_SOME_TIME_NS, s->first_real_ns);
		counted += s->count;
		summaries++;
		/* The last of them: the O_DIRECT opens of its own memory. */
		if (counted == 53 - EVENT_RATE) {
			EXPECT_EQ((__u32)pid, s->target_pid);
			EXPECT_EQ((__u32)PMW_OUTCOME_FAILED, s->outcome);
		}
	}
	TH_LOG("%d single, %lld in %d summaries", singles, counted, summaries);
	EXPECT_EQ(EVENT_RATE, singles);
	EXPECT_EQ(53 - EVENT_RATE, counted);
	EXPECT_LE(1, summaries);
	/* Within a second or two: one summary a second. */
	EXPECT_GE(2, summaries);
	pmw_reap(target);
	close(events);
}

/* Counts in a summary, as one summary of all 53 accesses says them. */
TEST_F(flood, summary_says_how_they_went)
{
	bool enforce = !strcmp(variant->mode, "enforce");
	struct pmw_summary_record sum = { 0 };
	union pmw_any_record rec;
	int events, i;
	pid_t pid, target;

	ASSERT_EQ(0, pmw_write_str(PMW_EVENT_RATE, "1"));
	events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, events);
	target = pmw_spawn_target(PMW_USER);
	ASSERT_LT(0, target);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char path[64];

		if (pmw_become(PMW_USER))
			_exit(100);
		/* The first is the one record; the rest, counted. */
		pmw_try_open("/proc/self/mem", O_RDONLY);
		snprintf(path, sizeof(path), "/proc/%d/mem", target);
		for (i = 0; i < 5; i++)
			pmw_try_open(path, O_RDONLY);
		for (i = 0; i < 3; i++)
			pmw_try_open("/proc/self/mem", O_RDONLY);
		for (i = 0; i < 2; i++)
			pmw_try_open("/proc/self/mem", O_RDONLY | O_DIRECT);
		_exit(0);
	}
	ASSERT_EQ(0, pmw_wait(pid));
	ASSERT_TRUE(pmw_next_access(events, &rec));
	while (pmw_next_record(events, rec.raw, 2500) > 0) {
		ASSERT_EQ(PMW_RECORD_SUMMARY, rec.hdr.type);
		sum.count += rec.summary.count;
		sum.self += rec.summary.self;
		sum.refused += rec.summary.refused;
		sum.failed += rec.summary.failed;
		sum.denied += rec.summary.denied;
		sum.would_deny += rec.summary.would_deny;
	}
	EXPECT_EQ(10ULL, sum.count);
	EXPECT_EQ(5ULL, sum.self);
	EXPECT_EQ(0ULL, sum.refused);
	EXPECT_EQ(2ULL, sum.failed);
	EXPECT_EQ(enforce ? 5ULL : 0ULL, sum.denied);
	EXPECT_EQ(enforce ? 0ULL : 5ULL, sum.would_deny);
	pmw_reap(target);
	close(events);
}

/* Root with CAP_MAC_ADMIN, which could switch procmemwatch off, has no budget. */
TEST_F(flood, cap_mac_admin_is_never_summarized)
{
	union pmw_any_record rec;
	int events, i, singles = 0;

	events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, events);
	for (i = 0; i < 5 * EVENT_RATE; i++)
		ASSERT_EQ(0, pmw_try_open("/proc/self/mem", O_RDONLY));
	while (pmw_next_record(events, rec.raw, 2500) > 0) {
		ASSERT_EQ(PMW_RECORD_ACCESS, rec.hdr.type) TH_LOG("root was summarized");
		singles++;
	}
	EXPECT_EQ(5 * EVENT_RATE, singles);
	close(events);
}

/* Root without CAP_MAC_ADMIN has a budget like anyone. */
TEST_F(flood, root_without_cap_mac_admin_is_budgeted)
{
	union pmw_any_record rec;
	long long counted = 0;
	int events, singles = 0;
	pid_t pid;

	events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, events);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int i;

		if (pmw_drop_cap_mac_admin())
			_exit(100);
		for (i = 0; i < 5 * EVENT_RATE; i++)
			if (pmw_try_open("/proc/self/mem", O_RDONLY))
				_exit(101);
		_exit(0);
	}
	ASSERT_EQ(0, pmw_wait(pid));
	while (pmw_next_record(events, rec.raw, 2500) > 0) {
		if (rec.hdr.type == PMW_RECORD_ACCESS) {
			singles++;
		} else {
			ASSERT_EQ(PMW_RECORD_SUMMARY, rec.hdr.type);
			EXPECT_EQ(0U, rec.summary.uid);
			counted += rec.summary.count;
		}
	}
	EXPECT_EQ(EVENT_RATE, singles);
	EXPECT_EQ(4 * EVENT_RATE, counted);
	close(events);
}

/*
 * uid 1000, in CORE_SCRATCH with RLIMIT_CORE 1 MiB, makes a process group
 * of GROUP_MEMBERS tiny dumpable processes and kills it with SIGABRT,
 * GROUP_KILLS times, a new group each time (in enforce the kill is
 * refused: the group is then killed with SIGKILL, which dumps nothing).
 */
static pid_t start_group_kills(void)
{
	struct rlimit core = { 1 << 20, RLIM_INFINITY };
	pid_t pid = fork(), leader, member;
	int ready[2], round, i, err = 0;
	char c;

	if (pid)
		return pid;
	prctl(PR_SET_NAME, "group-killer");
	if (setrlimit(RLIMIT_CORE, &core) || pmw_become(PMW_USER) || chdir(CORE_SCRATCH))
		_exit(2);
	for (round = 0; round < GROUP_KILLS; round++) {
		if (pipe(ready))
			_exit(3);
		leader = 0;
		for (i = 0; i < GROUP_MEMBERS; i++) {
			member = fork();
			if (member < 0)
				_exit(4);
			if (member == 0) {
				prctl(PR_SET_PDEATHSIG, SIGKILL);
				if (setpgid(0, leader) || write(ready[1], "r", 1) != 1)
					_exit(1);
				for (;;)
					pause();
			}
			/* Both sides set it: whichever comes first. */
			setpgid(member, leader ?: member);
			if (!leader)
				leader = member;
		}
		for (i = 0; i < GROUP_MEMBERS; i++)
			if (read(ready[0], &c, 1) != 1)
				_exit(5);
		close(ready[0]);
		close(ready[1]);
		err = kill(-leader, SIGABRT) ? errno : 0;
		flood->kills++;
		flood->members += GROUP_MEMBERS;
		flood->kill_errno = err;
		if (err)
			kill(-leader, SIGKILL);
		for (i = 0; i < GROUP_MEMBERS; i++)
			if (wait(NULL) < 0)
				_exit(6);
		unlink("core");
	}
	_exit(0);
}

/* What the stream and audit said of the group kills and the bystander. */
struct seen_kills {
	long long access;	/* uid 1000's access records, one by one */
	long long denied;	/* of those, denied */
	long long dropped;	/* its dropped records, one by one */
	long long counted;	/* its accesses counted in summaries */
	long long summaries;
	long long bystander;	/* the third user's opens, one by one */
	long long lost;
	long long wrong;	/* anything else */
};

static pid_t killer;

static void kills_saw(struct __test_metadata *_metadata, const union pmw_any_record *rec,
		      struct seen_kills *seen)
{
	const struct pmw_summary_record *s = &rec->summary;
	char comm[17];

	switch (rec->hdr.type) {
	case PMW_RECORD_LOST:
		seen->lost += rec->lost.count;
		return;
	case PMW_RECORD_ACCESS:
		if (rec->access.uid == BYSTANDER) {
			seen->bystander++;
		} else if (rec->access.uid == PMW_USER && rec->access.pid == (__u32)killer &&
			   rec->access.route == PMW_ROUTE_CORE_DUMP) {
			seen->access++;
			seen->denied += rec->access.outcome == PMW_OUTCOME_DENIED;
		} else {
			seen->wrong++;
		}
		return;
	case PMW_RECORD_DROPPED:
		if (rec->dropped.uid != PMW_USER || rec->dropped.pid != (__u32)killer ||
		    rec->dropped.route != PMW_ROUTE_CORE_DUMP ||
		    rec->dropped.reason != PMW_DROPPED_NOMEM || !rec->dropped.target_pid) {
			seen->wrong++;
			return;
		}
		seen->dropped++;
		return;
	case PMW_RECORD_SUMMARY:
		if (s->uid != PMW_USER || s->pid != (__u32)killer) {
			seen->wrong++;
			return;
		}
		EXPECT_EQ(1U << PMW_ROUTE_CORE_DUMP, s->routes);
		EXPECT_EQ((unsigned int)PMW_ROUTE_CORE_DUMP, s->route);
		EXPECT_NE(0U, s->target_pid);
		/* Its last access a dropped one: no outcome, no names. */
		if (!s->outcome) {
			EXPECT_STREQ("", pmw_comm(s->comm, comm));
			EXPECT_STREQ("", pmw_comm(s->target_comm, comm));
		} else {
			EXPECT_STREQ("group-killer", pmw_comm(s->comm, comm));
		}
		seen->counted += s->count;
		seen->summaries++;
		return;
	}
	seen->wrong++;
}

static struct seen_kills audit_kills;

/* Counts what audit says of the group kills and of the bystander. */
static void *count_audit_kills(void *arg)
{
	char text[9000], val[32], killer_s[32];
	int fd = *(int *)arg;

	snprintf(killer_s, sizeof(killer_s), "%d", killer);
	while (__atomic_load_n(&receiving, __ATOMIC_ACQUIRE)) {
		if (pmw_audit_next(fd, text, sizeof(text)) != AUDIT_KERNEL_OTHER)
			continue;
		pmw_audit_field(text, "uid", val, sizeof(val));
		if (strstr(text, " op=proc_mem_open ") && !strcmp(val, "2000"))
			audit_kills.bystander++;
		if (strcmp(val, "1000"))
			continue;
		if (strstr(text, " op=core_dump "))
			audit_kills.access++;
		else if (strstr(text, " op=dropped ") &&
			 !strcmp(pmw_audit_field(text, "pid", val, sizeof(val)), killer_s))
			audit_kills.dropped++;
		else if (strstr(text, " op=summary "))
			audit_kills.counted +=
				atoll(pmw_audit_field(text, "count", val, sizeof(val)));
	}
	return NULL;
}

/*
 * One signal to a process group is an access to each member's memory: the
 * first is noted, every other one a dropped record (no room for a second
 * note in the sender). Those are budgeted like access records: uid 1000
 * killing groups of GROUP_MEMBERS dumpable processes with SIGABRT, past
 * its event_rate, has its dropped records counted, exactly, in its
 * summary records, with its accesses; a third user's opens made
 * meanwhile all reach the stream and audit. The stats' dropped counter
 * is what the stream showed of them and what the summaries counted.
 */
TEST_F_TIMEOUT(flood, dropped_records_are_budgeted, 120)
{
	bool enforce = !strcmp(variant->mode, "enforce");
	long long dropped = pmw_stat("dropped");
	long long summarized = pmw_stat("summarized");
	long long counted_dropped, kills, members;
	struct seen_kills seen = { 0 };
	union pmw_any_record rec;
	int events, status, killer_status = -1;
	pid_t bystander;
	pthread_t thread;

	mkdir(CORE_SCRATCH, 0777);
	ASSERT_EQ(0, chmod(CORE_SCRATCH, 0777));
	/* A core_pattern that names a file: RLIMIT_CORE decides. */
	ASSERT_EQ(0, pmw_write_str(CORE_PATTERN, "core\n"));
	events = pmw_open_new_events(0);
	ASSERT_LE(0, events);
	memset(&audit_kills, 0, sizeof(audit_kills));
	__atomic_store_n(&receiving, 1, __ATOMIC_RELEASE);
	killer = start_group_kills();
	ASSERT_LT(0, killer);
	ASSERT_EQ(0, pthread_create(&thread, NULL, count_audit_kills, &self->audit));
	bystander = start_bystander();

	/* Read as they come, until both are done. */
	while (bystander || killer_status < 0) {
		if (bystander && waitpid(bystander, &status, WNOHANG) == bystander) {
			EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status)) TH_LOG("bystander");
			bystander = 0;
		}
		if (killer_status < 0 && waitpid(killer, &status, WNOHANG) == killer)
			killer_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
		if (pmw_next_record(events, rec.raw, 100) > 0)
			kills_saw(_metadata, &rec, &seen);
	}
	EXPECT_EQ(0, killer_status) TH_LOG("the group killer");
	/* The last summary comes within a second. */
	while (pmw_next_record(events, rec.raw, 2500) > 0)
		kills_saw(_metadata, &rec, &seen);
	sleep(1);
	__atomic_store_n(&receiving, 0, __ATOMIC_RELEASE);
	pthread_join(thread, NULL);
	close(events);

	kills = flood->kills;
	members = flood->members;
	/* The accesses not recorded one by one are the kills' notes and drops. */
	counted_dropped = seen.counted - (kills - seen.access);
	TH_LOG("%lld kills of %d processes, the last: %s", kills, GROUP_MEMBERS,
	       strerror(flood->kill_errno));
	TH_LOG("stream: %lld access, %lld dropped, %lld in %lld summaries (%lld dropped)",
	       seen.access, seen.dropped, seen.counted, seen.summaries, counted_dropped);
	TH_LOG("audit: %lld access, %lld dropped, %lld in summaries; stats: %lld dropped",
	       audit_kills.access, audit_kills.dropped, audit_kills.counted,
	       pmw_stat("dropped") - dropped);
	EXPECT_EQ(GROUP_KILLS, kills);
	EXPECT_EQ(enforce ? EPERM : 0, flood->kill_errno);
	EXPECT_EQ(0, seen.lost);
	EXPECT_EQ(0, seen.wrong);
	/* The bystander's opens, every one, by themselves. */
	EXPECT_EQ(BYSTANDER_OPENS, seen.bystander);
	EXPECT_EQ(BYSTANDER_OPENS, audit_kills.bystander);
	/* Each member's access, one way or another, once. */
	EXPECT_EQ(members, seen.access + seen.dropped + seen.counted);
	EXPECT_GE(kills, seen.access);
	EXPECT_EQ(enforce ? seen.access : 0, seen.denied);
	/* Past the budget, the dropped ones were counted in the summaries, exactly. */
	EXPECT_LT(0, seen.summaries);
	EXPECT_LT(0, counted_dropped) TH_LOG("no dropped record was counted in a summary");
	EXPECT_EQ(members - kills, pmw_stat("dropped") - dropped);
	EXPECT_EQ(pmw_stat("dropped") - dropped, seen.dropped + counted_dropped);
	EXPECT_EQ(seen.counted, pmw_stat("summarized") - summarized);
	/* Audit: every dropped record and every summary. */
	EXPECT_EQ(seen.dropped, audit_kills.dropped);
	EXPECT_EQ(seen.access, audit_kills.access);
	EXPECT_EQ(seen.counted, audit_kills.counted);
}

TEST_HARNESS_MAIN
