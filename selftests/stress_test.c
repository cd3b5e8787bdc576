// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch under stress: mem files of exiting processes and threads
 * opened concurrently, opens refused and failing, allocations failed on
 * purpose, readers blocking, polling, seeking, closing and being killed
 * beside each other, settings changing under them. Afterwards every
 * counter adds up and every reader saw a gapless stream with its loss
 * reported exactly.
 *
 * PMW_STRESS_SECONDS sets how long the load runs (default 3). Allocation
 * failures are injected when the kernel has fail-nth and failslab.
 */

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/landlock.h>

#include "../kselftest_harness.h"
#include "common.h"

/* A blocking reader, a polling one, and a slow one that loses events. */
#define GAPLESS_READERS	3
#define FAILSLAB	"/sys/kernel/debug/failslab/"

/* What a gapless reader found, in memory shared with the test. */
struct reader_result {
	uint64_t first;		/* seq of the first event it was owed */
	uint64_t next;		/* seq it expects next */
	uint64_t delivered;
	uint64_t lost;
	uint64_t dropped;	/* dropped records */
	uint64_t config;	/* setting-change records */
	uint64_t bad;		/* gaps, overlaps and malformed records */
	int done;
};

struct shared {
	int stop;		/* producers and chaos readers stop */
	uint64_t final;		/* gapless readers read up to this seq */
	struct reader_result readers[GAPLESS_READERS];
};

static struct shared *sh;

static bool stopping(void)
{
	return __atomic_load_n(&sh->stop, __ATOMIC_ACQUIRE);
}

static void open_close(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd >= 0)
		close(fd);
}

/* The fields that must hold on every open record. */
static bool record_is_sane(const union pmw_any_record *rec, ssize_t n)
{
	const struct pmw_access_record *o = &rec->access;

	if (n < (ssize_t)sizeof(rec->hdr) || rec->hdr.size % 8 ||
	    rec->hdr.size > PMW_RECORD_MAX)
		return false;
	if (rec->hdr.type == PMW_RECORD_LOST)
		return rec->hdr.size == sizeof(rec->lost) && rec->lost.count;
	if (rec->hdr.version != 1)
		return false;
	if (rec->hdr.type == PMW_RECORD_DROPPED)
		return rec->hdr.size == sizeof(rec->dropped) && rec->dropped.pid &&
		       rec->dropped.reason == PMW_DROPPED_NOMEM &&
		       rec->dropped.route == PMW_ROUTE_MEM;
	if (rec->hdr.type == PMW_RECORD_CONFIG)
		return rec->hdr.size == sizeof(rec->config) &&
		       (!strcmp(rec->config.setting, "mode") ||
			!strcmp(rec->config.setting, "audit_rate"));
	if (rec->hdr.type != PMW_RECORD_ACCESS || rec->hdr.size < sizeof(*o) ||
	    o->route != PMW_ROUTE_MEM)
		return false;
	switch (o->outcome) {
	case PMW_OUTCOME_OPENED:
		return o->error == 0;
	case PMW_OUTCOME_REFUSED:
		return o->error == EACCES;
	case PMW_OUTCOME_FAILED:
		/* ENOMEM: fail-nth failed what procmemwatch keeps of the file. */
		return o->error == ESRCH || o->error == EINVAL || o->error == EINTR ||
		       o->error == ENOMEM;
	}
	return false;
}

/* Accounts one record of a gapless reader. */
static void account(struct reader_result *r, const union pmw_any_record *rec,
		    ssize_t n)
{
	bool sane = record_is_sane(rec, n);

	if (!sane)
		r->bad++;
	if (!r->first) {
		r->first = rec->hdr.seq;
		r->next = rec->hdr.seq;
	}
	if (rec->hdr.seq != r->next) {
		r->bad++;
		r->next = rec->hdr.seq;
	}
	/* A bad record still took its number: the reader goes on past it. */
	if (!sane) {
		r->next++;
		return;
	}
	if (rec->hdr.type == PMW_RECORD_LOST) {
		r->lost += rec->lost.count;
		r->next += rec->lost.count;
		return;
	}
	r->dropped += rec->hdr.type == PMW_RECORD_DROPPED;
	r->config += rec->hdr.type == PMW_RECORD_CONFIG;
	r->delivered++;
	r->next++;
}

/* Reads whole records, blocking, polling or slowly, never seeking. */
static void gapless_reader(int index, int fd, bool poll_first, bool slow)
{
	struct reader_result *r = &sh->readers[index];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char buf[PMW_RECORD_MAX * 4];
	uint64_t final;
	ssize_t n, off;

	for (;;) {
		final = __atomic_load_n(&sh->final, __ATOMIC_ACQUIRE);
		if (final && r->next > final)
			break;
		if (poll_first && poll(&pfd, 1, 100) <= 0)
			continue;
		n = read(fd, buf, poll_first ? PMW_RECORD_MAX : sizeof(buf));
		if (n < 0) {
			if (errno != EINTR && errno != EAGAIN)
				r->bad++;
			continue;
		}
		for (off = 0; off < n; off += ((union pmw_any_record *)(buf + off))->hdr.size) {
			__u32 size = ((union pmw_any_record *)(buf + off))->hdr.size;

			/* A size that would not move on, or past the read: give up the read. */
			if (size < sizeof(struct pmw_record_header) || size > n - off) {
				r->bad++;
				break;
			}
			account(r, (union pmw_any_record *)(buf + off), n - off);
		}
		if (slow)
			usleep(5000);
	}
	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
}

/* Opens, reads, seeks, polls and closes at random; only never crashes. */
static void chaos_reader(unsigned int seed)
{
	char buf[PMW_RECORD_MAX];
	struct pollfd pfd = { .events = POLLIN };
	int fd = -1;

	while (!stopping()) {
		if (fd < 0)
			fd = open(PMW_EVENTS, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		pfd.fd = fd;
		switch (rand_r(&seed) % 6) {
		case 0:
			lseek(fd, 0, SEEK_END);
			break;
		case 1:
			lseek(fd, 0, SEEK_SET);
			break;
		case 2:
			poll(&pfd, 1, 1);
			break;
		case 3:
			close(fd);
			fd = -1;
			break;
		default:
			while (read(fd, buf, sizeof(buf)) > 0)
				;
		}
	}
}

/* A reader blocked in read(), killed and replaced, over and over. */
static void killed_readers(void)
{
	char buf[PMW_RECORD_MAX];
	pid_t pid;

	while (!stopping()) {
		pid = fork();
		if (pid == 0) {
			int fd = open(PMW_EVENTS, O_RDONLY | O_CLOEXEC);

			for (;;)
				read(fd, buf, sizeof(buf));
		}
		usleep(20000);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

/* Opens the mem file of children that are exiting, or gone. */
static void exiting_processes(void)
{
	char path[64];
	pid_t pid;
	int i;

	while (!stopping()) {
		pid = fork();
		if (pid == 0)
			_exit(0);
		snprintf(path, sizeof(path), "/proc/%d/mem", pid);
		for (i = 0; i < 4; i++)
			open_close(path, O_RDONLY);
		waitpid(pid, NULL, 0);
		open_close(path, O_RDONLY);
	}
}

static void *exit_at_once(void *arg)
{
	*(pid_t *)arg = gettid();
	return NULL;
}

/* Opens the task/<tid> mem file of threads that are exiting. */
static void exiting_threads(void)
{
	pthread_t thread;
	char path[96];
	pid_t tid;

	while (!stopping()) {
		tid = 0;
		if (pthread_create(&thread, NULL, exit_at_once, &tid))
			continue;
		while (!__atomic_load_n(&tid, __ATOMIC_ACQUIRE))
			;
		snprintf(path, sizeof(path), "/proc/%d/task/%d/mem", getpid(), tid);
		open_close(path, O_RDWR);
		pthread_join(thread, NULL);
		open_close(path, O_RDWR);
	}
}

/* Opens that complete, fail with EINVAL, or are refused by Landlock. */
static void failing_and_refused(void)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	int ruleset;

	while (!stopping()) {
		open_close("/proc/self/mem", O_RDONLY);
		open_close("/proc/thread-self/mem", O_RDONLY | O_DIRECT);
	}
	/* The rest of this producer's life is refused opens. */
	ruleset = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (ruleset < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(__NR_landlock_restrict_self, ruleset, 0))
		return;
	for (int i = 0; i < 100; i++)
		open_close("/proc/self/mem", O_RDONLY);
}

/*
 * One open of a thread's own mem file with its nth fault injection point
 * failed (fail-nth). A task keeps the memory of its last event, and an
 * open whose earlier allocation failed but went on anyway leaves one
 * behind: each try is a thread of its own, whose open has to allocate
 * its event. *arg is n, and is set to 0 when the open did not reach it.
 */
static void *failed_allocation_try(void *arg)
{
	int *nth = arg;
	int fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	char n[16];
	ssize_t len;

	if (fd < 0) {
		*nth = 0;
		return NULL;
	}
	len = snprintf(n, sizeof(n), "%d", *nth);
	if (pwrite(fd, n, len, 0) != len) {
		*nth = 0;
		close(fd);
		return NULL;
	}
	open_close("/proc/self/mem", O_RDONLY);
	len = pread(fd, n, sizeof(n) - 1, 0);
	n[len > 0 ? len : 0] = '\0';
	if (atoi(n) > 0)
		*nth = 0;
	pwrite(fd, "0", 1, 0);
	close(fd);
	return NULL;
}

/*
 * Each fault injection point of an open failed in turn, where the kernel
 * can: a round ends with the first open that fail-nth leaves alone.
 */
static void failed_allocations(void)
{
	pthread_t thread;
	int nth;

	if (access("/proc/self/fail-nth", F_OK))
		return;
	while (!stopping()) {
		for (int i = 1; !stopping(); i++) {
			nth = i;
			if (pthread_create(&thread, NULL, failed_allocation_try, &nth))
				return;
			pthread_join(thread, NULL);
			if (!nth)
				break;
		}
	}
}

/* Changes the mode and the audit limit under everybody's feet. */
static void settings(void)
{
	static const char *const rates[] = { "0", "5", "1000", "100" };
	unsigned int i = 0;

	while (!stopping()) {
		pmw_write_mode(i % 3 ? "detect" : "off", i % 3 ? 6 : 3);
		pmw_write_file(PMW_DIR "/audit_rate", rates[i % 4], strlen(rates[i % 4]));
		i++;
		usleep(15000);
	}
	pmw_write_mode("detect", 6);
}

static pid_t spawn(void (*fn)(void))
{
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	return pid;
}

static pid_t spawn_gapless(int index)
{
	bool poll_first = index > 0, slow = index > 1;
	int fd = open(PMW_EVENTS, O_RDONLY | (poll_first ? O_NONBLOCK : 0) | O_CLOEXEC);
	pid_t pid;

	if (fd < 0 || lseek(fd, 0, SEEK_END) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		gapless_reader(index, fd, poll_first, slow);
		_exit(0);
	}
	close(fd);
	return pid;
}

static bool failslab_set(const char *name, const char *value)
{
	return !pmw_write_file(name, value, strlen(value));
}

/* The load: each runs in a process of its own until told to stop. */
static void (*const load[])(void) = {
	exiting_processes, exiting_processes, exiting_threads,
	failing_and_refused, failed_allocations, settings, killed_readers,
};

FIXTURE(stress) {
	struct pmw_settings saved;
	char verbose[8];
	bool failslab;
};

FIXTURE_SETUP(stress)
{
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	/* Root's producers have CAP_MAC_ADMIN: no budget, no summary. */
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, "detect", NULL, NULL));
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, sh);
	/*
	 * GFP_KERNEL allocations too, only when fail-nth asks, and quietly:
	 * each injected failure would print a stack trace.
	 */
	pmw_read_line(FAILSLAB "verbose", self->verbose, sizeof(self->verbose));
	self->failslab = failslab_set(FAILSLAB "ignore-gfp-wait", "N") &&
			 failslab_set(FAILSLAB "probability", "0") &&
			 failslab_set(FAILSLAB "verbose", "0");
}

FIXTURE_TEARDOWN(stress)
{
	if (self->failslab) {
		failslab_set(FAILSLAB "ignore-gfp-wait", "Y");
		failslab_set(FAILSLAB "verbose", self->verbose);
	}
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
}

#define STAT_DELTA(name, before) (pmw_stat(name) - (before))

TEST_F_TIMEOUT(stress, counters_add_up_and_streams_are_gapless, 900)
{
	const char *env = getenv("PMW_STRESS_SECONDS");
	int seconds = env ? atoi(env) : 3;
	long long seen0 = pmw_stat("seen_detect"), events0 = pmw_stat("events");
	long long dropped0 = pmw_stat("dropped"), summaries0 = pmw_stat("summary_records");
	long long config0 = pmw_stat("config_changes");
	bool injected = !access("/proc/self/fail-nth", F_OK) && self->failslab;
	pid_t pids[ARRAY_SIZE(load) + 2], gapless[GAPLESS_READERS];
	unsigned int i;
	int status;

	for (i = 0; i < GAPLESS_READERS; i++) {
		gapless[i] = spawn_gapless(i);
		ASSERT_LT(0, gapless[i]);
	}
	for (i = 0; i < ARRAY_SIZE(load); i++)
		pids[i] = spawn(load[i]);
	pids[i++] = fork();
	if (!pids[i - 1]) {
		chaos_reader(1);
		_exit(0);
	}
	pids[i++] = fork();
	if (!pids[i - 1]) {
		chaos_reader(2);
		_exit(0);
	}
	sleep(seconds);
	__atomic_store_n(&sh->stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < ARRAY_SIZE(pids); i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status)) TH_LOG("load %u", i);
	}

	/*
	 * One last event, made once nothing else makes any: the gapless
	 * readers read up to it, and block until it comes.
	 */
	ASSERT_EQ(0, pmw_write_mode("detect", 6));
	__atomic_store_n(&sh->final, (uint64_t)pmw_stat("events") + 1, __ATOMIC_RELEASE);
	open_close("/proc/self/mem", O_RDONLY);
	ASSERT_EQ((long long)sh->final, pmw_stat("events"));
	for (i = 0; i < GAPLESS_READERS; i++) {
		struct reader_result *r = &sh->readers[i];

		ASSERT_EQ(gapless[i], waitpid(gapless[i], &status, 0));
		TH_LOG("reader %u: seq %llu..%llu, %llu delivered, %llu lost", i,
		       (unsigned long long)r->first, (unsigned long long)r->next - 1,
		       (unsigned long long)r->delivered, (unsigned long long)r->lost);
		EXPECT_TRUE(r->done);
		EXPECT_EQ(0ULL, r->bad);
		EXPECT_LT(0ULL, r->delivered);
		EXPECT_EQ(sh->final + 1, r->next);
		EXPECT_EQ(r->next - r->first, r->delivered + r->lost);
		/* A reader that lost nothing saw every drop and every change. */
		if (r->lost)
			continue;
		EXPECT_EQ(STAT_DELTA("dropped", dropped0), (long long)r->dropped);
		EXPECT_EQ(STAT_DELTA("config_changes", config0), (long long)r->config);
	}

	TH_LOG("events %lld, dropped %lld, failed %lld, refused %lld",
	       STAT_DELTA("events", events0), STAT_DELTA("dropped", dropped0),
	       pmw_stat("failed"), pmw_stat("refused"));
	/*
	 * Every access seen in detect mode, and every change, took a number:
	 * the producers are root's, never summarized.
	 */
	EXPECT_EQ(STAT_DELTA("summary_records", summaries0), 0);
	EXPECT_EQ(STAT_DELTA("seen_detect", seen0) + STAT_DELTA("config_changes", config0),
		  STAT_DELTA("events", events0));
	EXPECT_LT(0, pmw_stat("failed"));
	if (!injected)
		TH_LOG("no fail-nth or failslab: allocation failures not injected");
	EXPECT_TRUE(!injected || STAT_DELTA("dropped", dropped0) > 0);
}

TEST_HARNESS_MAIN
