// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: the securityfs event stream, its counters, its mode file
 * and who may use them
 */

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>

#include "../kselftest_harness.h"
#include "common.h"

/* The events file expect_config() reads from. */
static int rec_fd;

static void make_events(int n)
{
	int i, fd;

	for (i = 0; i < n; i++) {
		fd = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
		if (fd >= 0)
			close(fd);
	}
}

FIXTURE(stream) {
	int events;
	union pmw_any_record rec;
	struct pmw_settings saved;
};

/* Mode detect, no budget: each of the test's own opens is a record. */
FIXTURE_SETUP(stream)
{
	self->events = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, "detect", NULL, "0"));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
}

FIXTURE_TEARDOWN_PARENT(stream)
{
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
}

TEST_F(stream, readers_are_independent)
{
	union pmw_any_record a, b;
	int second = pmw_open_new_events(O_NONBLOCK);

	ASSERT_LE(0, second);
	make_events(1);
	ASSERT_TRUE(pmw_next_access(self->events, &a));
	EXPECT_TRUE(pmw_no_record(self->events, 0));
	ASSERT_TRUE(pmw_next_access(second, &b));
	EXPECT_EQ(a.hdr.seq, b.hdr.seq);
	EXPECT_TRUE(pmw_no_record(second, 0));
	close(second);
}

TEST_F(stream, new_reader_starts_at_oldest_buffered)
{
	union pmw_any_record ev;
	uint64_t wanted, first;
	int fresh;

	make_events(1);
	ASSERT_TRUE(pmw_next_access(self->events, &ev));
	wanted = ev.hdr.seq;
	fresh = open(PMW_EVENTS, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ASSERT_LE(0, fresh);
	/* Everything buffered, one number after the other, up to the event just made. */
	ASSERT_LT(0, pmw_next_record(fresh, ev.raw, 0));
	first = ev.hdr.seq;
	while (ev.hdr.seq < wanted) {
		ASSERT_LT(0, pmw_next_record(fresh, ev.raw, 0));
		EXPECT_EQ(++first, ev.hdr.seq);
	}
	EXPECT_EQ(wanted, ev.hdr.seq);
	EXPECT_EQ(PMW_RECORD_ACCESS, ev.hdr.type);
	EXPECT_TRUE(pmw_no_record(fresh, 0));
	close(fresh);
}

/* Bytes of one self-open record, as the ring stores it. */
static long long self_open_size(int fd, union pmw_any_record *rec)
{
	make_events(1);
	if (read(fd, rec->raw, PMW_RECORD_MAX) <= 0 || rec->hdr.type != PMW_RECORD_ACCESS)
		return -1;
	return rec->hdr.size;
}

TEST_F(stream, slow_reader_gets_exact_loss)
{
	long long bytes = pmw_stat("capacity_bytes");
	long long lost_before = pmw_stat("lost_reported");
	long long unread_before = pmw_stat("overwritten_unread");
	long long size, made, held, i;
	uint64_t first;

	ASSERT_LT(0, bytes);
	size = self_open_size(self->events, &self->rec);
	ASSERT_LT(0, size);
	first = self->rec.hdr.seq + 1;
	made = bytes / size + 10;
	make_events(made);
	held = pmw_stat("buffered");
	/*
	 * Records take the bytes they need: the buffer holds as many as fit
	 * but for the room its wrap leaves.
	 */
	EXPECT_LE(bytes / size - 1, held);
	EXPECT_LE(held * size, bytes);
	EXPECT_LE(pmw_stat("buffered_bytes"), bytes);

	ASSERT_EQ((ssize_t)sizeof(self->rec.lost),
		  read(self->events, self->rec.raw, PMW_RECORD_MAX));
	ASSERT_EQ(PMW_RECORD_LOST, self->rec.hdr.type);
	EXPECT_EQ(first, self->rec.hdr.seq);
	EXPECT_EQ((uint64_t)(made - held), self->rec.lost.count);
	for (i = 0; i < held; i++) {
		ASSERT_TRUE(pmw_next_access(self->events, &self->rec));
		EXPECT_EQ(first + made - held + i, self->rec.hdr.seq);
	}
	EXPECT_TRUE(pmw_no_record(self->events, 0));
	EXPECT_EQ(lost_before + made - held, pmw_stat("lost_reported"));
	EXPECT_LE(unread_before + made - held, pmw_stat("overwritten_unread"));
}

/* For a reader: delivered + reported lost == produced while it was open. */
TEST_F(stream, every_event_is_accounted_for)
{
	long long size = self_open_size(self->events, &self->rec);
	long long capacity = pmw_stat("capacity_bytes") / size;
	long long before = pmw_stat("events");
	long long delivered = 0, lost = 0, produced;
	int round;

	ASSERT_LT(0, size);
	for (round = 0; round < 3; round++) {
		make_events(capacity / 2 + round * capacity);
		while (read(self->events, self->rec.raw, PMW_RECORD_MAX) > 0) {
			if (self->rec.hdr.type == PMW_RECORD_LOST)
				lost += self->rec.lost.count;
			else
				delivered++;
		}
		ASSERT_EQ(EAGAIN, errno);
	}
	produced = pmw_stat("events") - before;
	EXPECT_LT(0, lost);
	EXPECT_EQ(produced, delivered + lost);
}

TEST_F(stream, read_returns_whole_records)
{
	char big[PMW_RECORD_MAX * 4];
	struct pmw_record_header *hdr;
	ssize_t n, off;
	int count = 0;

	make_events(3);
	n = read(self->events, big, sizeof(big));
	ASSERT_LT(0, n);
	for (off = 0; off < n; off += hdr->size, count++) {
		hdr = (struct pmw_record_header *)(big + off);
		ASSERT_EQ(PMW_RECORD_ACCESS, hdr->type);
		ASSERT_EQ(0U, hdr->size % 8);
		ASSERT_LE(sizeof(struct pmw_access_record), hdr->size);
	}
	EXPECT_EQ(n, off);
	EXPECT_EQ(3, count);
	/* Too small for a record of the largest size. */
	make_events(1);
	EXPECT_EQ(-1, read(self->events, big, PMW_RECORD_MAX - 1));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(stream, nonblocking_read_says_eagain)
{
	EXPECT_EQ(-1, read(self->events, self->rec.raw, PMW_RECORD_MAX));
	EXPECT_EQ(EAGAIN, errno);
}

/* Set by open_later() just before it makes its event. */
static int event_made;

static void *open_later(void *arg)
{
	(void)arg;
	usleep(300000);
	__atomic_store_n(&event_made, 1, __ATOMIC_SEQ_CST);
	make_events(1);
	return NULL;
}

TEST_F(stream, read_blocks_until_an_event)
{
	int blocking = pmw_open_new_events(0);
	pthread_t thread;
	ssize_t n;

	ASSERT_LE(0, blocking);
	event_made = 0;
	ASSERT_EQ(0, pthread_create(&thread, NULL, open_later, NULL));
	n = read(blocking, self->rec.raw, PMW_RECORD_MAX);
	/* Had the read not blocked, it would have returned before the event. */
	EXPECT_EQ(1, __atomic_load_n(&event_made, __ATOMIC_SEQ_CST));
	pthread_join(thread, NULL);
	EXPECT_EQ((ssize_t)self->rec.hdr.size, n);
	EXPECT_EQ(PMW_RECORD_ACCESS, self->rec.hdr.type);
	close(blocking);
}

TEST_F(stream, poll_select_epoll)
{
	struct pollfd pfd = { .fd = self->events, .events = POLLIN };
	struct epoll_event ev = { .events = EPOLLIN };
	struct timeval tv = { 0 };
	pthread_t thread;
	fd_set set;
	int ep = epoll_create1(EPOLL_CLOEXEC);

	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, self->events, &ev));
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));
	FD_ZERO(&set);
	FD_SET(self->events, &set);
	EXPECT_EQ(0, select(self->events + 1, &set, NULL, NULL, &tv));

	make_events(1);
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_TRUE(pfd.revents & POLLIN);
	/* epoll learns of it from the wake-up, which may come a jiffy later. */
	EXPECT_EQ(1, epoll_wait(ep, &ev, 1, 1000));
	EXPECT_TRUE(!!(ev.events & EPOLLIN));
	FD_ZERO(&set);
	FD_SET(self->events, &set);
	EXPECT_EQ(1, select(self->events + 1, &set, NULL, NULL, &tv));
	/* Woken from a blocking poll by an event made meanwhile. */
	ASSERT_LT(0, read(self->events, self->rec.raw, PMW_RECORD_MAX));
	ASSERT_EQ(0, pthread_create(&thread, NULL, open_later, NULL));
	EXPECT_EQ(1, poll(&pfd, 1, 5000));
	EXPECT_EQ(1, epoll_wait(ep, &ev, 1, 5000));
	pthread_join(thread, NULL);
	close(ep);
}

/* Every bad write to event_rate or audit_rate fails with EINVAL and changes nothing. */
TEST_F(stream, rates_reject_bad_input)
{
	static const char *const files[] = { PMW_EVENT_RATE, PMW_AUDIT_RATE };
	static const char *const bad[] = {
		"", "x", "-1", "1000001", "12 ", " 12", "0x10", "1e3", "5\n\n",
		"99999999999999999", "4294967296", "5\0",
	};
	char rate[24], now[24];
	size_t i, j, len;

	for (j = 0; j < ARRAY_SIZE(files); j++) {
		pmw_read_line(files[j], rate, sizeof(rate));
		ASSERT_NE(0, rate[0]) TH_LOG("cannot read %s", files[j]);
		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			len = strlen(bad[i]) + (i == ARRAY_SIZE(bad) - 1);
			EXPECT_EQ(-EINVAL, pmw_write_file(files[j], bad[i], len))
				TH_LOG("%s: \"%s\"", files[j], bad[i]);
			EXPECT_STREQ(rate, pmw_read_line(files[j], now, sizeof(now)));
		}
	}
	EXPECT_TRUE(pmw_no_record(self->events, 0));
}

/* The limits of event_rate are inclusive: 0 (no budget) and 1000000. */
TEST_F(stream, event_rate_limits_are_inclusive)
{
	char rate[24], now[24];

	pmw_read_line(PMW_EVENT_RATE, rate, sizeof(rate));
	ASSERT_EQ(0, pmw_write_str(PMW_EVENT_RATE, "1000000\n"));
	EXPECT_STREQ("1000000", pmw_read_line(PMW_EVENT_RATE, now, sizeof(now)));
	pmw_expect_config(_metadata, self->events, "event_rate", rate, "1000000");
	ASSERT_EQ(0, pmw_write_str(PMW_EVENT_RATE, "0"));
	EXPECT_STREQ("0", pmw_read_line(PMW_EVENT_RATE, now, sizeof(now)));
	pmw_expect_config(_metadata, self->events, "event_rate", "1000000", "0");
}

/* The old self_rate file is gone: event_rate took its place. */
TEST(no_self_rate_file)
{
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	EXPECT_EQ(-1, access(PMW_DIR "/self_rate", F_OK));
	EXPECT_EQ(0, access(PMW_EVENT_RATE, F_OK));
}

static void expect_mode_unchanged(struct __test_metadata *_metadata,
				  const char *buf, size_t len)
{
	char mode[16];

	EXPECT_EQ(-EINVAL, pmw_write_mode(buf, len)) TH_LOG("%.*s", (int)len, buf);
	EXPECT_STREQ("detect", pmw_read_mode(mode, sizeof(mode)));
}

static void expect_config(struct __test_metadata *_metadata,
			  union pmw_any_record *rec, const char *setting,
			  const char *old, const char *new)
{
	ASSERT_EQ((ssize_t)sizeof(rec->config), pmw_next_record(rec_fd, rec->raw, 2000));
	ASSERT_EQ(PMW_RECORD_CONFIG, rec->hdr.type);
	EXPECT_EQ(sizeof(rec->config), rec->hdr.size);
	EXPECT_STREQ(setting, rec->config.setting);
	EXPECT_STREQ(old, rec->config.old_value);
	EXPECT_STREQ(new, rec->config.new_value);
	EXPECT_EQ(getpid(), (pid_t)rec->config.pid);
	EXPECT_EQ(getuid(), rec->config.uid);
	EXPECT_EQ(1, rec->hdr.version);
	EXPECT_LT(PMW_SOME_TIME_NS, rec->config.real_ns);
}

/* Changes of settings are numbered events of the stream; bad writes are not. */
TEST_F(stream, setting_changes_are_in_the_stream)
{
	uint64_t seq;
	char rate[16];

	pmw_read_line(PMW_DIR "/audit_rate", rate, sizeof(rate));
	make_events(1);
	ASSERT_TRUE(pmw_next_access(self->events, &self->rec));
	seq = self->rec.hdr.seq;
	/* The fixture set event_rate to 0. */
	rec_fd = self->events;
	ASSERT_EQ(0, pmw_write_mode("off\n", 4));
	expect_config(_metadata, &self->rec, "mode", "detect", "off");
	EXPECT_EQ(seq + 1, self->rec.hdr.seq);
	EXPECT_EQ(-EINVAL, pmw_write_mode("nonsense", 8));
	ASSERT_EQ(0, pmw_write_mode("detect", 6));
	expect_config(_metadata, &self->rec, "mode", "off", "detect");
	EXPECT_EQ(seq + 2, self->rec.hdr.seq);
	ASSERT_EQ(0, pmw_write_file(PMW_DIR "/audit_rate", "77\n", 3));
	expect_config(_metadata, &self->rec, "audit_rate", rate, "77");
	EXPECT_EQ(-EINVAL, pmw_write_file(PMW_DIR "/audit_rate", "x", 1));
	ASSERT_EQ(0, pmw_write_file(PMW_DIR "/audit_rate", rate, strlen(rate)));
	expect_config(_metadata, &self->rec, "audit_rate", "77", rate);
	ASSERT_EQ(0, pmw_write_file(PMW_EVENT_RATE, "7\n", 2));
	expect_config(_metadata, &self->rec, "event_rate", "0", "7");
	EXPECT_EQ(-EINVAL, pmw_write_file(PMW_EVENT_RATE, "y", 1));
	ASSERT_EQ(0, pmw_write_file(PMW_EVENT_RATE, "0", 1));
	expect_config(_metadata, &self->rec, "event_rate", "7", "0");
	EXPECT_EQ(seq + 6, self->rec.hdr.seq);
	EXPECT_TRUE(pmw_no_record(self->events, 0));
}

TEST_F(stream, mode_rejects_bad_input)
{
	char huge[4096];
	int fd;

	expect_mode_unchanged(_metadata, "enforced", 8);
	expect_mode_unchanged(_metadata, "Off", 3);
	expect_mode_unchanged(_metadata, "off ", 4);
	expect_mode_unchanged(_metadata, " off", 4);
	expect_mode_unchanged(_metadata, "off\n\n", 5);
	expect_mode_unchanged(_metadata, "of\0f", 4);
	expect_mode_unchanged(_metadata, "off\0", 4);
	memset(huge, 'x', sizeof(huge));
	memcpy(huge, "off\n", 4);
	expect_mode_unchanged(_metadata, huge, sizeof(huge));
	fd = open(PMW_MODE, O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, pwrite(fd, "off", 3, 1));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	expect_mode_unchanged(_metadata, "", 0);
}

/* Every counter the stats file has, by the names v1 gives them. */
TEST_F(stream, stats_name_every_counter)
{
	static const char *const names[] = {
		"seen_off", "seen_detect", "seen_enforce", "events", "opened", "refused",
		"failed", "denied", "would_deny", "passed", "dropped", "begun",
		"config_changes", "summarized", "summary_records", "buffered",
		"buffered_bytes", "capacity_bytes", "overwritten", "overwritten_unread",
		"lost_reported", "readers", "audit_emitted", "audit_suppressed",
		"audit_unavailable", "rules", "stale_rules",
	};
	static const char *const gone[] = {
		"dropped_nomem", "dropped_exit", "self_opens_summarized", "self_opens_records",
	};
	char text[4096], mode[32];
	unsigned int i;

	ASSERT_LT(0, pmw_read_file(PMW_STATS, text, sizeof(text)));
	EXPECT_EQ(0, strncmp(text, "mode detect\n", 12)) TH_LOG("%s", text);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		const char *name = names[i];

		EXPECT_LE(0, pmw_stat(name)) TH_LOG("no counter %s in:\n%s", name, text);
	}
	for (i = 0; i < ARRAY_SIZE(gone); i++) {
		const char *name = gone[i];

		EXPECT_EQ(-1, pmw_stat(name)) TH_LOG("the old counter %s is still there", name);
	}
	EXPECT_STREQ("detect", pmw_read_mode(mode, sizeof(mode)));
}

/*
 * Five opens of the test's own memory in detect: five records, each
 * counted once, seen in detect and opened; nothing else moves.
 */
TEST_F(stream, stats_count_each_access_once)
{
	static const char *const still[] = {
		"seen_off", "seen_enforce", "refused", "failed", "denied", "would_deny",
		"passed", "dropped", "begun", "config_changes", "summarized",
		"summary_records",
	};
	long long events = pmw_stat("events"), seen = pmw_stat("seen_detect");
	long long opened = pmw_stat("opened"), before[ARRAY_SIZE(still)];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(still); i++)
		before[i] = pmw_stat(still[i]);
	make_events(5);
	for (i = 0; i < 5; i++)
		ASSERT_TRUE(pmw_next_access(self->events, &self->rec));
	EXPECT_TRUE(pmw_no_record(self->events, 0));
	EXPECT_EQ(events + 5, pmw_stat("events"));
	EXPECT_EQ((long long)self->rec.hdr.seq, pmw_stat("events"));
	EXPECT_EQ(seen + 5, pmw_stat("seen_detect"));
	EXPECT_EQ(opened + 5, pmw_stat("opened"));
	for (i = 0; i < ARRAY_SIZE(still); i++) {
		const char *name = still[i];

		EXPECT_EQ(before[i], pmw_stat(name)) TH_LOG("%s moved", name);
	}
	EXPECT_LE(pmw_stat("buffered_bytes"), pmw_stat("capacity_bytes"));
	EXPECT_LE(pmw_stat("buffered") * (long long)sizeof(struct pmw_access_record),
		  pmw_stat("buffered_bytes"));
	EXPECT_LE(1, pmw_stat("readers"));
}

TEST_F(stream, stats_count_readers)
{
	long long readers = pmw_stat("readers");
	int fd = open(PMW_EVENTS, O_RDONLY | O_CLOEXEC);

	ASSERT_LE(0, fd);
	EXPECT_EQ(readers + 1, pmw_stat("readers"));
	close(fd);
	EXPECT_EQ(readers, pmw_stat("readers"));
}

/*
 * Killable readers. In mode off no event ever comes, so a reader blocks
 * in read() for good; every other party sharing that open file (after
 * fork, through dup, or from another thread) must still die at SIGKILL
 * at once, and so must the reader.
 */
enum sharing { SHARE_FORK, SHARE_DUP, SHARE_THREAD };
enum party { PARTY_READ, PARTY_SEEK, PARTY_POLL };

static void wait_forever_in(int fd, enum party party)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char buf[PMW_RECORD_MAX];

	for (;;) {
		switch (party) {
		case PARTY_READ:
			read(fd, buf, sizeof(buf));
			break;
		case PARTY_SEEK:
			lseek(fd, 0, SEEK_END);
			lseek(fd, 0, SEEK_SET);
			break;
		case PARTY_POLL:
			poll(&pfd, 1, -1);
			break;
		}
	}
}

static void *read_forever(void *arg)
{
	wait_forever_in(*(int *)arg, PARTY_READ);
	return NULL;
}

static pid_t spawn_party(int fd, enum sharing sharing, enum party party)
{
	pthread_t thread;
	pid_t pid = fork();

	if (pid)
		return pid;
	if (sharing == SHARE_DUP)
		fd = dup(fd);
	if (sharing == SHARE_THREAD) {
		pthread_create(&thread, NULL, read_forever, &fd);
		usleep(100000);
	}
	wait_forever_in(fd, party);
	_exit(0);
}

/* True if pid died of SIGKILL within two seconds; reaps it either way. */
static bool killed_at_once(pid_t pid)
{
	int i, status;

	kill(pid, SIGKILL);
	for (i = 0; i < 200; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
		usleep(10000);
	}
	/* Stuck: an event releases it, so that the test can go on. */
	pmw_write_mode("detect", 6);
	make_events(1);
	waitpid(pid, &status, 0);
	return false;
}

static void expect_killable(struct __test_metadata *_metadata,
			    enum sharing sharing, enum party party)
{
	int fd = open(PMW_EVENTS, O_RDONLY | O_CLOEXEC);
	pid_t reader, second;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, pmw_write_mode("off", 3));
	reader = spawn_party(fd, SHARE_FORK, PARTY_READ);
	ASSERT_LT(0, reader);
	usleep(100000);
	second = spawn_party(fd, sharing, party);
	ASSERT_LT(0, second);
	usleep(300000);
	EXPECT_EQ(0, waitpid(second, NULL, WNOHANG));
	EXPECT_EQ(0, waitpid(reader, NULL, WNOHANG));
	/* The second party first: it comes after a reader blocked in read(). */
	EXPECT_TRUE(killed_at_once(second));
	EXPECT_TRUE(killed_at_once(reader));
	close(fd);
}

TEST_F(stream, killable_reader_beside_a_reader_after_fork)
{
	expect_killable(_metadata, SHARE_FORK, PARTY_READ);
}

TEST_F(stream, killable_seeker_beside_a_reader_after_fork)
{
	expect_killable(_metadata, SHARE_FORK, PARTY_SEEK);
}

TEST_F(stream, killable_poller_beside_a_reader_after_fork)
{
	expect_killable(_metadata, SHARE_FORK, PARTY_POLL);
}

TEST_F(stream, killable_reader_on_a_dup)
{
	expect_killable(_metadata, SHARE_DUP, PARTY_READ);
}

TEST_F(stream, killable_seeker_on_a_dup)
{
	expect_killable(_metadata, SHARE_DUP, PARTY_SEEK);
}

TEST_F(stream, killable_threads_reading)
{
	expect_killable(_metadata, SHARE_THREAD, PARTY_READ);
}

TEST_F(stream, killable_threads_reading_and_seeking)
{
	expect_killable(_metadata, SHARE_THREAD, PARTY_SEEK);
}

/* 0 if path cannot be opened with flags, with errno want; else 1, told on stderr. */
static int refused(const char *who, const char *path, int flags, int want)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0 && errno == want)
		return 0;
	fprintf(stderr, "# %s: opening %s %s: %s, expected %s\n", who, path,
		flags == O_RDONLY ? "to read" : "to write",
		fd < 0 ? strerror(errno) : "allowed", strerror(want));
	if (fd >= 0)
		close(fd);
	return 1;
}

/*
 * The events and stats need CAP_AUDIT_READ (EPERM), every setting is
 * root's and mode 0600 (EACCES), policy_error 0400, refresh 0200.
 */
static int as_uid_1000(void)
{
	const char *who = "uid 1000";
	int bad = 0;

	if (pmw_become(PMW_USER))
		return 100;
	bad += refused(who, PMW_EVENTS, O_RDONLY, EPERM);
	bad += refused(who, PMW_STATS, O_RDONLY, EPERM);
	bad += refused(who, PMW_MODE, O_WRONLY, EACCES);
	bad += refused(who, PMW_POLICY, O_WRONLY, EACCES);
	bad += refused(who, PMW_EVENT_RATE, O_WRONLY, EACCES);
	bad += refused(who, PMW_AUDIT_RATE, O_WRONLY, EACCES);
	bad += refused(who, PMW_LOCK, O_WRONLY, EACCES);
	bad += refused(who, PMW_POLICY_ERROR, O_RDONLY, EACCES);
	bad += refused(who, PMW_REFRESH, O_WRONLY, EACCES);
	return bad;
}

static int as_root_in_user_ns(void)
{
	const char *who = "root of a user namespace";
	int bad = 0;

	if (unshare(CLONE_NEWUSER))
		return 100;
	if (pmw_write_file("/proc/self/setgroups", "deny", 4) ||
	    pmw_write_file("/proc/self/uid_map", "0 0 1", 5) ||
	    pmw_write_file("/proc/self/gid_map", "0 0 1", 5))
		return 101;
	bad += refused(who, PMW_EVENTS, O_RDONLY, EPERM);
	bad += refused(who, PMW_MODE, O_WRONLY, EPERM);
	bad += refused(who, PMW_REFRESH, O_WRONLY, EPERM);
	return bad;
}

/* Reading events needs CAP_AUDIT_READ only; any write CAP_MAC_ADMIN. */
static int without_cap_mac_admin(void)
{
	const char *who = "root without CAP_MAC_ADMIN";
	int bad = 0, fd;

	if (pmw_drop_cap_mac_admin())
		return 100;
	fd = open(PMW_EVENTS, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "# %s: cannot read events: %s\n", who, strerror(errno));
		bad++;
	} else {
		close(fd);
	}
	bad += refused(who, PMW_MODE, O_WRONLY, EPERM);
	bad += refused(who, PMW_EVENT_RATE, O_WRONLY, EPERM);
	bad += refused(who, PMW_REFRESH, O_WRONLY, EPERM);
	return bad;
}

/* Each child's exit status counts its wrong answers (100 and up: it could not try). */
TEST(uid_1000_may_use_no_file)
{
	EXPECT_EQ(0, pmw_in_child(as_uid_1000));
}

TEST(root_in_user_namespace_may_use_no_file)
{
	EXPECT_EQ(0, pmw_in_child(as_root_in_user_ns));
}

TEST(root_without_cap_mac_admin_may_read_events_but_not_write)
{
	EXPECT_EQ(0, pmw_in_child(without_cap_mac_admin));
}

/* The stats need CAP_AUDIT_READ, as the events do. */
static int read_stats_as_uid_1000(void)
{
	int fd;

	if (pmw_become(PMW_USER))
		return 10;
	fd = open(PMW_STATS, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		return 1;
	return errno == EPERM ? 0 : 2;
}

TEST(uid_1000_may_not_read_stats)
{
	EXPECT_LE(0, pmw_stat("events")) TH_LOG("root cannot read the stats");
	EXPECT_EQ(0, pmw_in_child(read_stats_as_uid_1000));
}

TEST_HARNESS_MAIN
