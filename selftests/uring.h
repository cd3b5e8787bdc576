/* SPDX-License-Identifier: GPL-2.0 */
/*
 * io_uring for the procmemwatch selftests, by raw system calls (no
 * liburing): a ring, its submission and completion queues, fixed files.
 */
#ifndef PMW_SELFTEST_URING_H
#define PMW_SELFTEST_URING_H

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/io_uring.h>

struct pmw_ring {
	int fd;
	struct io_uring_params p;
	void *rings;
	size_t rings_len;
	struct io_uring_sqe *sqes;
	size_t sqes_len;
	unsigned int *sq_tail, *sq_mask, *sq_array, *sq_flags;
	unsigned int *cq_head, *cq_tail, *cq_mask;
	struct io_uring_cqe *cqes;
	unsigned int queued;	/* sqes filled since the last submit */
};

/*
 * Maps the queues of a ring this process did not set up, by its
 * descriptor fd (received, inherited), with the layout p that a ring of
 * the same entries and flags has. Returns 0 or -errno.
 */
static inline int pmw_ring_attach(struct pmw_ring *r, int fd,
				  const struct io_uring_params *layout)
{
	struct io_uring_params copy = *layout, *p = &copy;	/* layout may be r->p */
	char *rings;

	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->p = copy;
	r->rings_len = p->sq_off.array + p->sq_entries * sizeof(unsigned int);
	if (r->rings_len < p->cq_off.cqes + p->cq_entries * sizeof(struct io_uring_cqe))
		r->rings_len = p->cq_off.cqes + p->cq_entries * sizeof(struct io_uring_cqe);
	r->rings = mmap(NULL, r->rings_len, PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQ_RING);
	r->sqes_len = p->sq_entries * sizeof(struct io_uring_sqe);
	r->sqes = mmap(NULL, r->sqes_len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
	if (r->rings == MAP_FAILED || r->sqes == MAP_FAILED)
		return -ENOMEM;
	rings = r->rings;
	r->sq_tail = (unsigned int *)(rings + p->sq_off.tail);
	r->sq_mask = (unsigned int *)(rings + p->sq_off.ring_mask);
	r->sq_array = (unsigned int *)(rings + p->sq_off.array);
	r->sq_flags = (unsigned int *)(rings + p->sq_off.flags);
	r->cq_head = (unsigned int *)(rings + p->cq_off.head);
	r->cq_tail = (unsigned int *)(rings + p->cq_off.tail);
	r->cq_mask = (unsigned int *)(rings + p->cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(rings + p->cq_off.cqes);
	return 0;
}

/*
 * Sets up a ring of entries with these IORING_SETUP_* flags; for
 * IORING_SETUP_SQPOLL, its thread idles sq_idle_ms before it sleeps.
 * Returns 0 or -errno.
 */
static inline int pmw_ring_init(struct pmw_ring *r, unsigned int entries,
				unsigned int flags, unsigned int sq_idle_ms)
{
	memset(r, 0, sizeof(*r));
	r->p.flags = flags;
	r->p.sq_thread_idle = sq_idle_ms;
	r->fd = syscall(__NR_io_uring_setup, entries, &r->p);
	if (r->fd < 0)
		return -errno;
	if (!(r->p.features & IORING_FEAT_SINGLE_MMAP)) {
		close(r->fd);
		return -EOPNOTSUPP;
	}
	if (pmw_ring_attach(r, r->fd, &r->p)) {
		close(r->fd);
		return -ENOMEM;
	}
	return 0;
}

static inline void pmw_ring_exit(struct pmw_ring *r)
{
	if (r->fd < 0)
		return;
	munmap(r->sqes, r->sqes_len);
	munmap(r->rings, r->rings_len);
	close(r->fd);
	r->fd = -1;
}

/* The next submission entry, zeroed, queued at the next submit. */
static inline struct io_uring_sqe *pmw_ring_sqe(struct pmw_ring *r)
{
	unsigned int tail = *r->sq_tail + r->queued;
	unsigned int index = tail & *r->sq_mask;
	struct io_uring_sqe *sqe = &r->sqes[index];

	memset(sqe, 0, sizeof(*sqe));
	r->sq_array[index] = index;
	r->queued++;
	return sqe;
}

/*
 * Submits the queued entries and waits until wait completions are there
 * (an SQPOLL ring's thread submits them itself: it is only woken).
 * Returns 0 or -errno.
 */
static inline int pmw_ring_submit(struct pmw_ring *r, unsigned int wait)
{
	unsigned int n = r->queued, flags = wait ? IORING_ENTER_GETEVENTS : 0;

	__atomic_store_n(r->sq_tail, *r->sq_tail + n, __ATOMIC_RELEASE);
	r->queued = 0;
	if (r->p.flags & IORING_SETUP_SQPOLL)
		flags |= IORING_ENTER_SQ_WAKEUP;
	if (syscall(__NR_io_uring_enter, r->fd, n, wait, flags, NULL, 0) < 0)
		return -errno;
	return 0;
}

/*
 * Takes the next completion into cqe, waiting at most timeout_ms.
 * Returns 0, or -ETIMEDOUT.
 */
static inline int pmw_ring_reap(struct pmw_ring *r, struct io_uring_cqe *cqe, int timeout_ms)
{
	struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
	unsigned int head;

	for (;;) {
		head = *r->cq_head;
		if (head != __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE)) {
			*cqe = r->cqes[head & *r->cq_mask];
			__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
			return 0;
		}
		if (timeout_ms <= 0 || poll(&pfd, 1, 10) < 0)
			return -ETIMEDOUT;
		timeout_ms -= 10;
	}
}

/* Registers nfds descriptors as fixed files (-1: an empty slot). 0 or -errno. */
static inline int pmw_ring_register_files(struct pmw_ring *r, const int *fds, unsigned int nfds)
{
	if (syscall(__NR_io_uring_register, r->fd, IORING_REGISTER_FILES, fds, nfds) < 0)
		return -errno;
	return 0;
}

/* An IORING_OP_OPENAT of path with flags, relative to the working directory. */
static inline struct io_uring_sqe *pmw_ring_openat(struct pmw_ring *r, const char *path,
						   int flags, __u64 user_data)
{
	struct io_uring_sqe *sqe = pmw_ring_sqe(r);

	sqe->opcode = IORING_OP_OPENAT;
	sqe->fd = AT_FDCWD;
	sqe->addr = (uintptr_t)path;
	sqe->open_flags = flags;
	sqe->user_data = user_data;
	return sqe;
}

/* An IORING_OP_READ of len bytes at off from fixed file index into buf. */
static inline struct io_uring_sqe *pmw_ring_read_fixed(struct pmw_ring *r, int index,
						       void *buf, unsigned int len,
						       __u64 off, __u64 user_data)
{
	struct io_uring_sqe *sqe = pmw_ring_sqe(r);

	sqe->opcode = IORING_OP_READ;
	sqe->flags = IOSQE_FIXED_FILE;
	sqe->fd = index;
	sqe->addr = (uintptr_t)buf;
	sqe->len = len;
	sqe->off = off;
	sqe->user_data = user_data;
	return sqe;
}

/*
 * An IORING_OP_MSG_RING that installs this ring's fixed file src into
 * slot dst of the ring whose descriptor is target.
 */
static inline struct io_uring_sqe *pmw_ring_send_fd(struct pmw_ring *r, int target,
						    unsigned int src, unsigned int dst,
						    __u64 user_data)
{
	struct io_uring_sqe *sqe = pmw_ring_sqe(r);

	sqe->opcode = IORING_OP_MSG_RING;
	sqe->fd = target;
	sqe->addr = IORING_MSG_SEND_FD;
	sqe->addr3 = src;
	sqe->file_index = dst + 1;
	sqe->user_data = user_data;
	return sqe;
}

/* Opens path through one IORING_OP_OPENAT on a ring of its own: fd or -errno. */
static inline int pmw_uring_open(const char *path, int flags, unsigned int sqe_flags)
{
	struct io_uring_cqe cqe;
	struct pmw_ring r;
	int err = pmw_ring_init(&r, 4, 0, 0);

	if (err)
		return err;
	pmw_ring_openat(&r, path, flags, 1)->flags = sqe_flags;
	err = pmw_ring_submit(&r, 1);
	if (!err)
		err = pmw_ring_reap(&r, &cqe, 5000) ?: cqe.res;
	pmw_ring_exit(&r);
	return err;
}

#endif /* PMW_SELFTEST_URING_H */
