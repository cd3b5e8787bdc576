// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: opens the kernel makes itself. A root fanotify listener
 * (FAN_CLASS_NOTIF, FAN_OPEN marks on a mem file and on /proc/kcore)
 * gets, with each event, a descriptor the kernel opened for it with
 * dentry_open(): an open of a mem file or of kcore outside any open(2),
 * reported as procfs opens the file, with the listener as its opener; a
 * process the listener passes the descriptors to with SCM_RIGHTS is a
 * holder of its own, judged as it receives them. No oops, no warning,
 * and the records say opened.
 */

#define _GNU_SOURCE
#include <sys/fanotify.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "common.h"

FIXTURE(fanotify) {
	int events;
	int kmsg;
	pid_t target;
	struct pmw_settings saved;
};

FIXTURE_VARIANT(fanotify) {
	bool pass;	/* the listener passes its descriptors on before it exits */
};

FIXTURE_VARIANT_ADD(fanotify, listener_exits_holding_them) { .pass = false };
FIXTURE_VARIANT_ADD(fanotify, passed_on_then_listener_exits) { .pass = true };

FIXTURE_SETUP(fanotify)
{
	int fd;

	self->events = -1;
	self->target = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	fd = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC, O_RDONLY);
	if (fd < 0)
		SKIP(return, "no fanotify here: %s", strerror(errno));
	close(fd);
	self->kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ASSERT_LE(0, self->kmsg) TH_LOG("cannot read the kernel log");
	ASSERT_LE(0, lseek(self->kmsg, 0, SEEK_END));
	self->target = pmw_spawn_target(0);
	ASSERT_LT(0, self->target);
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, "detect", "\n", "0"));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
}

FIXTURE_TEARDOWN_PARENT(fanotify)
{
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
	pmw_reap(self->target);
}

/* Sends n descriptors with one byte on a unix socket. 0 or -1. */
static int send_fds(int sock, const int *fds, int n)
{
	char byte = 'x', control[CMSG_SPACE(4 * sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = CMSG_SPACE(n * sizeof(int)),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(cmsg), fds, n * sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

/* Receives descriptors and keeps them: how many came, or -1. */
static int recv_fds(int sock)
{
	char byte, control[CMSG_SPACE(4 * sizeof(int))];
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = sizeof(control),
	};
	struct cmsghdr *cmsg;

	if (recvmsg(sock, &msg, 0) != 1)
		return -1;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
		return 0;
	return (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
}

/*
 * The listener: marks the mem file and kcore, says it is ready, reads the
 * two events, passes their descriptors to the receiver or not, and holds
 * them until told to go on, then exits with them. Its exit status: 0, or
 * where it failed.
 */
static int listener(const char *mem, int ready, int go, int sock, bool pass)
{
	char buf[4096];
	int fan, fds[2], n = 0;
	ssize_t len;
	struct fanotify_event_metadata *ev;

	fan = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC, O_RDONLY | O_LARGEFILE);
	if (fan < 0)
		return 10;
	if (fanotify_mark(fan, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, mem) ||
	    fanotify_mark(fan, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/proc/kcore"))
		return 11;
	if (write(ready, "r", 1) != 1)
		return 12;
	while (n < 2) {
		len = read(fan, buf, sizeof(buf));
		if (len <= 0)
			return 13;
		for (ev = (void *)buf; FAN_EVENT_OK(ev, len); ev = FAN_EVENT_NEXT(ev, len))
			if (ev->fd >= 0 && n < 2)
				fds[n++] = ev->fd;
	}
	if (pass && send_fds(sock, fds, 2))
		return 14;
	if (read(go, buf, 1) != 1)
		return 15;
	/* Exits with them: the kernel frees them in its exit. */
	return 0;
}

/* What one record found should be, and whether it was. */
struct expected {
	const char *what;
	pid_t pid;
	unsigned int route;
	unsigned int info;
	bool found;
};

TEST_F(fanotify, kernel_opens_are_reported_as_they_open)
{
	int ready[2], go[2], sv[2], status, i, n;
	pid_t lst, receiver = -1;
	union pmw_any_record rec;
	char mem[64], line[2048];
	ssize_t len;
	struct expected want[6];
	int wanted;

	snprintf(mem, sizeof(mem), "/proc/%d/mem", self->target);
	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	if (variant->pass) {
		receiver = fork();
		ASSERT_LE(0, receiver);
		if (receiver == 0) {
			close(sv[0]);
			n = recv_fds(sv[1]);
			_exit(n == 2 ? 0 : 20);
		}
	}
	lst = fork();
	ASSERT_LE(0, lst);
	if (lst == 0) {
		close(go[1]);
		_exit(listener(mem, ready[1], go[0], sv[0], variant->pass));
	}
	close(ready[1]);
	close(go[0]);
	ASSERT_EQ(1, read(ready[0], line, 1)) TH_LOG("the listener did not get ready");
	ASSERT_EQ(0, pmw_try_open(mem, O_RDONLY));
	ASSERT_EQ(0, pmw_try_open("/proc/kcore", O_RDONLY));
	if (variant->pass)
		ASSERT_EQ(0, pmw_wait(receiver)) TH_LOG("the receiver did not get both");

	wanted = 0;
	want[wanted++] = (struct expected){ "the test's open of the mem file", getpid(),
					    PMW_ROUTE_MEM, PMW_INFO_WOULD_DENY, false };
	want[wanted++] = (struct expected){ "the test's open of kcore", getpid(),
					    PMW_ROUTE_KCORE, PMW_INFO_WOULD_DENY, false };
	want[wanted++] = (struct expected){ "the listener's descriptor of the mem file", lst,
					    PMW_ROUTE_MEM, PMW_INFO_WOULD_DENY, false };
	want[wanted++] = (struct expected){ "the listener's descriptor of kcore", lst,
					    PMW_ROUTE_KCORE, PMW_INFO_WOULD_DENY, false };
	if (variant->pass) {
		want[wanted++] = (struct expected){ "the receiver's mem file", receiver,
						    PMW_ROUTE_MEM,
						    PMW_INFO_PASSED | PMW_INFO_WOULD_DENY, false };
		want[wanted++] = (struct expected){ "the receiver's kcore", receiver,
						    PMW_ROUTE_KCORE,
						    PMW_INFO_PASSED | PMW_INFO_WOULD_DENY, false };
	}
	/*
	 * While the listener still holds its descriptors: in whatever order
	 * they came, each once, nothing else.
	 */
	while (pmw_next_record(self->events, rec.raw, 1500) > 0) {
		bool matched = false;

		ASSERT_EQ(PMW_RECORD_ACCESS, rec.hdr.type)
			TH_LOG("a record of type %u (a dropped one?)", rec.hdr.type);
		for (i = 0; i < wanted && !matched; i++) {
			if (want[i].found || rec.access.pid != (__u32)want[i].pid ||
			    rec.access.route != want[i].route ||
			    (PMW_INFO(&rec.access) & PMW_INFO_PASSED) !=
			    (int)(want[i].info & PMW_INFO_PASSED))
				continue;
			matched = true;
			want[i].found = true;
			EXPECT_EQ(PMW_OUTCOME_OPENED, rec.access.outcome)
				TH_LOG("%s", want[i].what);
			EXPECT_EQ(0U, rec.access.error) TH_LOG("%s", want[i].what);
			EXPECT_EQ((int)want[i].info, PMW_INFO(&rec.access))
				TH_LOG("%s", want[i].what);
			EXPECT_EQ(want[i].route == PMW_ROUTE_MEM ? (__u32)self->target : 0U,
				  rec.access.target_pid) TH_LOG("%s", want[i].what);
		}
		EXPECT_TRUE(matched) TH_LOG("a record of pid %u, route %u, info %#x: whose?",
					    rec.access.pid, rec.access.route, rec.access.info);
	}
	for (i = 0; i < wanted; i++)
		EXPECT_TRUE(want[i].found) TH_LOG("no record of %s", want[i].what);

	/* The listener exits with its descriptors: their release says nothing. */
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(lst, waitpid(lst, &status, 0));
	ASSERT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
		TH_LOG("listener: %d", WEXITSTATUS(status));
	EXPECT_TRUE(pmw_no_record(self->events, 500));

	/* And the kernel said nothing of it. */
	while ((len = read(self->kmsg, line, sizeof(line) - 1)) != 0) {
		if (len < 0 && errno == EPIPE)
			continue;
		if (len < 0)
			break;
		line[len] = '\0';
		EXPECT_EQ(NULL, strstr(line, "BUG")) TH_LOG("%s", line);
		EXPECT_EQ(NULL, strstr(line, "WARNING")) TH_LOG("%s", line);
		EXPECT_EQ(NULL, strstr(line, "Oops")) TH_LOG("%s", line);
	}
}

TEST_HARNESS_MAIN
