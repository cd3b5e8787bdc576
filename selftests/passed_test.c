// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: descriptors that change hands. A process may read its own
 * memory through /proc/self/mem; the descriptor it opened must not become
 * another process's way into that memory without a record and without
 * the policy's say: taken with pidfd_getfd(2), received with SCM_RIGHTS,
 * inherited across fork or across fork and exec, read as a fixed file of
 * an io_uring ring another process shares, or sent into another ring with
 * IORING_OP_MSG_RING.
 *
 * Everything runs as uid 1000, the least a process needs to try: the
 * owner opens its own memory (allowed, even in enforce) and the holder,
 * another process of the same user, tries to read it. In detect the
 * holder's first take or read is one access record (PASSED, the holder
 * as opener, the owner as target, the file's path) and it gets the
 * owner's secret; in enforce with an empty policy it gets nothing and
 * the record says denied. A holder's second read makes no second record.
 */

#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "../kselftest_harness.h"
#include "common.h"
#include "uring.h"

#define SECRET_LEN	32
#define PASSED_READ_ARG	"--passed-read"

/* At the same address in every process of this program, exec'd or forked. */
static unsigned char secret[SECRET_LEN];

/* The owner's secret: bytes of its own pid, which no other process has. */
static void fill_secret(unsigned char *buf, pid_t owner)
{
	int i;

	for (i = 0; i < SECRET_LEN; i++)
		buf[i] = (unsigned char)(owner * 31 + i * 7 + 1);
}

enum how {
	HOW_PIDFD_GETFD,
	HOW_SCM_RIGHTS,
	HOW_FORK,
	HOW_EXEC,
	HOW_URING_FIXED,
	HOW_MSG_RING,
};

/* What the holder found: each read is bytes read, or -errno. */
struct outcome {
	pid_t owner, holder;
	int setup;		/* where the scene broke before the holder tried, 0 */
	int take;		/* 0, or -errno of pidfd_getfd(2), recvmsg(2) */
	int msg_flags;		/* recvmsg(2)'s, for SCM_RIGHTS */
	bool installed;		/* a descriptor came with the message */
	int first, second;	/* the two reads */
	unsigned char got[SECRET_LEN];
	bool skip;		/* the kernel cannot do this: not a failure */
	char why[128];
};

FIXTURE(passed) {
	int events;
	struct pmw_settings saved;
	struct outcome *out;
};

FIXTURE_VARIANT(passed) {
	const char *mode;
	enum how how;
};

FIXTURE_VARIANT_ADD(passed, pidfd_getfd_detect) { .mode = "detect", .how = HOW_PIDFD_GETFD };
FIXTURE_VARIANT_ADD(passed, pidfd_getfd_enforce) { .mode = "enforce", .how = HOW_PIDFD_GETFD };
FIXTURE_VARIANT_ADD(passed, scm_rights_detect) { .mode = "detect", .how = HOW_SCM_RIGHTS };
FIXTURE_VARIANT_ADD(passed, scm_rights_enforce) { .mode = "enforce", .how = HOW_SCM_RIGHTS };
FIXTURE_VARIANT_ADD(passed, fork_detect) { .mode = "detect", .how = HOW_FORK };
FIXTURE_VARIANT_ADD(passed, fork_enforce) { .mode = "enforce", .how = HOW_FORK };
FIXTURE_VARIANT_ADD(passed, exec_detect) { .mode = "detect", .how = HOW_EXEC };
FIXTURE_VARIANT_ADD(passed, exec_enforce) { .mode = "enforce", .how = HOW_EXEC };
FIXTURE_VARIANT_ADD(passed, uring_fixed_detect) { .mode = "detect", .how = HOW_URING_FIXED };
FIXTURE_VARIANT_ADD(passed, uring_fixed_enforce) { .mode = "enforce", .how = HOW_URING_FIXED };
FIXTURE_VARIANT_ADD(passed, msg_ring_detect) { .mode = "detect", .how = HOW_MSG_RING };
FIXTURE_VARIANT_ADD(passed, msg_ring_enforce) { .mode = "enforce", .how = HOW_MSG_RING };

/* An empty policy, no budget: uid 1000's accesses are records of their own. */
FIXTURE_SETUP(passed)
{
	self->events = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	if (variant->how == HOW_PIDFD_GETFD && pmw_user_cannot_ptrace())
		SKIP(return, "%s", pmw_user_cannot_ptrace());
	self->out = mmap(NULL, sizeof(*self->out), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->out);
	memset(self->out, 0, sizeof(*self->out));
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, variant->mode, "\n", "0"));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
}

FIXTURE_TEARDOWN_PARENT(passed)
{
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
}

/* Sends fd (or none, -1) with one byte on a unix socket. 0 or -errno. */
static int send_fd(int sock, int fd)
{
	char byte = 'x', control[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cmsg;

	if (fd >= 0) {
		msg.msg_control = control;
		msg.msg_controllen = sizeof(control);
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	}
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -errno;
}

/*
 * Receives one byte and the descriptor that came with it, or -1 when none
 * was installed. Returns 0 or -errno; *flags are the message's flags.
 */
static int recv_fd(int sock, int *fd, int *flags)
{
	char byte, control[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = sizeof(control),
	};
	struct cmsghdr *cmsg;

	*fd = -1;
	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		return -errno;
	*flags = msg.msg_flags;
	for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg))
		if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS &&
		    cmsg->cmsg_len >= CMSG_LEN(sizeof(int)))
			memcpy(fd, CMSG_DATA(cmsg), sizeof(int));
	return 0;
}

/* A read of the secret's bytes through a mem descriptor: bytes, or -errno. */
static int read_secret(int fd, unsigned char *buf)
{
	ssize_t n = pread(fd, buf, SECRET_LEN, (off_t)(uintptr_t)secret);

	return n < 0 ? -errno : (int)n;
}

/* Two reads through fd, told in out. */
static void read_twice(struct outcome *out, int fd)
{
	unsigned char again[SECRET_LEN];

	out->first = read_secret(fd, out->got);
	out->second = read_secret(fd, again);
}

/* A read of the secret's bytes from fixed file index of a ring: bytes, or -errno. */
static int ring_read_secret(struct pmw_ring *r, int index, unsigned char *buf)
{
	struct io_uring_cqe cqe;
	int err;

	pmw_ring_read_fixed(r, index, buf, SECRET_LEN, (uintptr_t)secret, 7);
	err = pmw_ring_submit(r, 1);
	/* The completion of a file MSG_RING sent may come first. */
	do
		err = err ?: pmw_ring_reap(r, &cqe, 5000);
	while (!err && cqe.user_data != 7);
	return err ?: cqe.res;
}

static void ring_read_twice(struct outcome *out, struct pmw_ring *r)
{
	unsigned char again[SECRET_LEN];

	out->first = ring_read_secret(r, 0, out->got);
	out->second = ring_read_secret(r, 0, again);
}

/* What this program does as "passed_test --passed-read FD RESULT-FD": the exec'd holder. */
static int passed_read_main(char **argv)
{
	struct outcome out = { 0 };
	int fd = atoi(argv[2]), result = atoi(argv[3]);

	read_twice(&out, fd);
	return write(result, &out, sizeof(out)) == sizeof(out) ? 0 : 1;
}

/* The holder's side of pidfd_getfd(2) and SCM_RIGHTS: it takes, then reads. */
static void holder_take(struct outcome *out, enum how how, int sock)
{
	int fd = -1, remote, pidfd;
	char byte;

	if (read(sock, &remote, sizeof(remote)) != sizeof(remote)) {
		out->setup = 20;
		return;
	}
	if (how == HOW_PIDFD_GETFD) {
		pidfd = syscall(SYS_pidfd_open, out->owner, 0);
		fd = pidfd < 0 ? -1 : syscall(SYS_pidfd_getfd, pidfd, remote, 0);
		out->take = fd < 0 ? -errno : 0;
	} else {
		if (write(sock, "r", 1) != 1) {
			out->setup = 21;
			return;
		}
		out->take = recv_fd(sock, &fd, &out->msg_flags);
	}
	out->installed = fd >= 0;
	if (fd >= 0)
		read_twice(out, fd);
	/* The owner waits for this, holding its memory. */
	byte = 'd';
	if (write(sock, &byte, 1) != 1)
		out->setup = 22;
}

/*
 * The owner's side, with io_uring: its descriptor becomes fixed file 0
 * of a ring and is closed. io_uring descriptors cannot be sent with
 * SCM_RIGHTS: the holder inherits the ring at a fork, or, for MSG_RING,
 * inherits an empty ring into which the owner then sends the file.
 */
static int owner_ring(struct outcome *out, enum how how, const int *sv)
{
	struct pmw_ring ring, target;
	int fd, empty = -1, status;
	struct io_uring_cqe cqe;
	pid_t holder;
	char byte;

	fill_secret(secret, getpid());
	fd = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || pmw_ring_init(&ring, 4, 0, 0) || pmw_ring_register_files(&ring, &fd, 1))
		return 30;
	close(fd);
	if (how == HOW_MSG_RING &&
	    (pmw_ring_init(&target, 4, 0, 0) || pmw_ring_register_files(&target, &empty, 1)))
		return 31;
	holder = fork();
	if (holder == 0) {
		memset(secret, 0, sizeof(secret));
		out->holder = getpid();
		if (how == HOW_URING_FIXED) {
			ring_read_twice(out, &ring);
			_exit(0);
		}
		/* Nothing of the owner's but the empty ring. */
		pmw_ring_exit(&ring);
		if (read(sv[1], &byte, 1) != 1)
			_exit(1);
		if (byte == 'y') {
			ring_read_twice(out, &target);
		} else {
			out->skip = true;
			snprintf(out->why, sizeof(out->why),
				 "IORING_OP_MSG_RING cannot send a file here (%c)", byte);
		}
		_exit(0);
	}
	if (how == HOW_MSG_RING) {
		pmw_ring_send_fd(&ring, target.fd, 0, 0, 9);
		byte = 'y';
		if (pmw_ring_submit(&ring, 1) || pmw_ring_reap(&ring, &cqe, 5000))
			byte = 'e';
		else if (cqe.res < 0)
			byte = cqe.res == -EINVAL ? 'n' : 'e';
		if (write(sv[0], &byte, 1) != 1)
			return 32;
		if (byte == 'e')
			out->setup = 33;
	}
	return waitpid(holder, &status, 0) == holder && WIFEXITED(status) &&
	       !WEXITSTATUS(status) ? 0 : 34;
}

/* The owner's side: its memory, its descriptor, given away as how says. */
static int owner(struct outcome *out, enum how how)
{
	int sv[2], fd, status, result[2];
	pid_t holder = -1;
	char byte, fdarg[16], resarg[16];

	if (pmw_become(PMW_USER))
		return 10;
	out->owner = getpid();
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) || pipe(result))
		return 11;
	if (how == HOW_URING_FIXED || how == HOW_MSG_RING)
		return owner_ring(out, how, sv);
	if (how != HOW_FORK && how != HOW_EXEC) {
		/* Forked before the owner opens anything: it inherits nothing. */
		holder = fork();
		if (holder == 0) {
			close(sv[0]);
			out->holder = getpid();
			holder_take(out, how, sv[1]);
			_exit(0);
		}
		close(sv[1]);
	}
	fill_secret(secret, getpid());
	/* Not O_CLOEXEC: the exec'd holder inherits it. */
	fd = open("/proc/self/mem", O_RDONLY);
	if (fd < 0)
		return 12;
	switch (how) {
	case HOW_FORK:
	case HOW_EXEC:
		holder = fork();
		if (holder == 0) {
			/* Its own copy is not what it reads: the owner's memory is. */
			memset(secret, 0, sizeof(secret));
			out->holder = getpid();
			if (how == HOW_FORK) {
				read_twice(out, fd);
				_exit(0);
			}
			snprintf(fdarg, sizeof(fdarg), "%d", fd);
			snprintf(resarg, sizeof(resarg), "%d", result[1]);
			execl("/proc/self/exe", "passed_test", PASSED_READ_ARG, fdarg, resarg,
			      (char *)NULL);
			_exit(13);
		}
		close(result[1]);
		if (how == HOW_EXEC) {
			struct outcome exec_out;

			out->holder = holder;
			if (read(result[0], &exec_out, sizeof(exec_out)) != sizeof(exec_out))
				return 14;
			out->first = exec_out.first;
			out->second = exec_out.second;
			memcpy(out->got, exec_out.got, sizeof(out->got));
		}
		return waitpid(holder, &status, 0) == holder && WIFEXITED(status) &&
		       !WEXITSTATUS(status) ? 0 : 15;
	case HOW_PIDFD_GETFD:
		if (write(sv[0], &fd, sizeof(fd)) != sizeof(fd))
			return 16;
		break;
	case HOW_SCM_RIGHTS:
		if (write(sv[0], &fd, sizeof(fd)) != sizeof(fd) || read(sv[0], &byte, 1) != 1 ||
		    send_fd(sv[0], fd))
			return 17;
		break;
	default:
		return 24;
	}
	/* Alive, and its memory with it, until the holder is done. */
	if (read(sv[0], &byte, 1) != 1)
		return 22;
	return waitpid(holder, &status, 0) == holder && WIFEXITED(status) &&
	       !WEXITSTATUS(status) ? 0 : 23;
}

TEST_F(passed, first_use_is_one_record)
{
	bool enforce = !strcmp(variant->mode, "enforce");
	unsigned char want_secret[SECRET_LEN];
	struct outcome *out = self->out;
	union pmw_any_record rec;
	char path[64], why[512];
	const char *wrong;
	struct pmw_want w;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(owner(out, variant->how));
	ASSERT_EQ(0, pmw_wait(pid)) TH_LOG("the owner's scene broke");
	if (out->skip)
		SKIP(return, "%s", out->why);
	ASSERT_EQ(0, out->setup) TH_LOG("the holder's scene broke");
	fill_secret(want_secret, out->owner);
	snprintf(path, sizeof(path), "/proc/%d/mem", out->owner);

	/* The owner's open of its own memory, which enforce allows. */
	w = (struct pmw_want){
		.pid = out->owner, .uid = PMW_USER, .euid = PMW_USER,
		.target_pid = out->owner, .access = PMW_ACCESS_READ,
		.outcome = PMW_OUTCOME_OPENED, .info = PMW_INFO_SELF, .path = path,
	};
	pmw_expect_access(_metadata, self->events, &w, "the owner's own open");

	/* The holder's first take or read. */
	w.pid = out->holder;
	/* io_uring reads from a worker thread of the holder. */
	w.tid = variant->how >= HOW_URING_FIXED ? -1 : 0;
	w.info = PMW_INFO_PASSED | (enforce ? 0 : PMW_INFO_WOULD_DENY);
	w.info_ignored = PMW_INFO_IO_URING | (enforce ? PMW_INFO_WOULD_DENY : 0);
	w.outcome = enforce ? PMW_OUTCOME_DENIED : PMW_OUTCOME_OPENED;
	w.error = enforce ? EPERM : 0;
	wrong = pmw_check_access(self->events, &w, &rec, why, sizeof(why));
	EXPECT_TRUE(!wrong) TH_LOG("the holder's record: %s", wrong);
	EXPECT_EQ((unsigned int)PMW_USER, rec.access.target_uid);
	/* Once per holder, allowed or denied: its second read is none. */
	EXPECT_TRUE(pmw_no_record(self->events, 300)) TH_LOG("more than one record");

	TH_LOG("take %d, flags %#x, installed %d, reads %d then %d", out->take,
	       out->msg_flags, out->installed, out->first, out->second);
	if (!enforce) {
		EXPECT_EQ(0, out->take);
		EXPECT_EQ(SECRET_LEN, out->first);
		EXPECT_EQ(SECRET_LEN, out->second);
		EXPECT_EQ(0, memcmp(want_secret, out->got, SECRET_LEN))
			TH_LOG("the holder did not read the owner's memory");
		return;
	}
	/* Enforce: not a byte of the owner's secret, by any way. */
	EXPECT_NE(0, memcmp(want_secret, out->got, SECRET_LEN)) TH_LOG("the secret leaked");
	switch (variant->how) {
	case HOW_PIDFD_GETFD:
		EXPECT_EQ(-EPERM, out->take);
		EXPECT_FALSE(out->installed);
		break;
	case HOW_SCM_RIGHTS:
		EXPECT_EQ(0, out->take) TH_LOG("recvmsg should succeed");
		EXPECT_TRUE(out->msg_flags & MSG_CTRUNC);
		EXPECT_FALSE(out->installed) TH_LOG("the descriptor was installed");
		break;
	default:
		EXPECT_EQ(-EPERM, out->first);
		EXPECT_EQ(-EPERM, out->second);
	}
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], PASSED_READ_ARG))
		return passed_read_main(argv);
	return test_harness_run(argc, argv);
}
