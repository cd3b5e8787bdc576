// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of procmemwatch's event ring: positions, order and the exact
 * count of events reported lost
 */

#include <kunit/test.h>
#include <linux/mman.h>
#include <linux/uaccess.h>

#include "ring.h"

/**
 * struct ring_test_record - what the tests commit: the ring looks only at
 *	the header, so any record will do
 * @hdr: header
 * @mark: told apart by this
 * @body: room, to make it 256 bytes long
 */
struct ring_test_record {
	struct pmw_record_header hdr;
	u64 mark;
	u8 body[232];
};

/* Any type but the ring's own, PMW_RECORD_LOST and its pad. */
#define RING_TEST_TYPE	PMW_RECORD_CONFIG

/* Exactly RING_SLOTS bare test records fit in the test ring. */
#define RING_SLOTS	4
#define RING_BYTES	(RING_SLOTS * sizeof(struct ring_test_record))

/**
 * struct ring_test_ctx - a test's ring and buffers
 * @ring: the ring under test
 * @buf: a record to commit, or the last one read
 * @bounce: the reader's kernel buffer
 * @ubuf: user memory that records are read into
 */
struct ring_test_ctx {
	struct pmw_ring ring;
	u8 buf[PMW_RECORD_MAX];
	u8 bounce[PMW_RECORD_MAX];
	void __user *ubuf;
};

/* User memory mapped for the test's kthread, its pages not yet present. */
static void __user *ring_test_map(struct kunit *test, unsigned long prot)
{
	unsigned long addr = kunit_vm_mmap(test, NULL, 0, PMW_RECORD_MAX, prot,
					   MAP_ANONYMOUS | MAP_PRIVATE, 0);

	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_NE(test, addr, 0);
	return (void __user *)addr;
}

static int ring_test_init(struct kunit *test)
{
	struct ring_test_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->ubuf = ring_test_map(test, PROT_READ | PROT_WRITE);
	KUNIT_ASSERT_EQ(test, pmw_ring_init(&ctx->ring, RING_BYTES), 0);
	test->priv = ctx;
	return 0;
}

static void ring_test_exit(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;

	pmw_ring_free(&ctx->ring);
}

/* Commits n records, marked from first_mark on. */
static void ring_add(struct pmw_ring *ring, u64 first_mark, int n)
{
	struct ring_test_record rec;
	int i;

	for (i = 0; i < n; i++) {
		memset(&rec, 0, sizeof(rec));
		rec.hdr.size = sizeof(rec);
		rec.hdr.type = RING_TEST_TYPE;
		rec.mark = first_mark + i;
		pmw_ring_commit(ring, &rec.hdr);
	}
}

/* The reader's next record, read through user memory into ctx->buf. */
static ssize_t ring_read(struct kunit *test, struct ring_test_ctx *ctx,
			 struct pmw_ring *ring, struct pmw_reader *r)
{
	ssize_t len = pmw_reader_next(ring, r, ctx->ubuf, ctx->bounce);

	memset(ctx->buf, 0x5a, sizeof(ctx->buf));
	if (len > 0)
		KUNIT_ASSERT_EQ(test, copy_from_user(ctx->buf, ctx->ubuf, len), 0);
	return len;
}

static void expect_record(struct kunit *test, struct ring_test_ctx *ctx,
			  struct pmw_reader *r, u64 seq, u64 mark)
{
	struct ring_test_record *rec = (void *)ctx->buf;

	KUNIT_ASSERT_EQ(test, ring_read(test, ctx, &ctx->ring, r),
			(ssize_t)sizeof(*rec));
	KUNIT_EXPECT_EQ(test, rec->hdr.type, RING_TEST_TYPE);
	KUNIT_EXPECT_EQ(test, rec->hdr.seq, seq);
	KUNIT_EXPECT_EQ(test, rec->mark, mark);
}

static void expect_lost(struct kunit *test, struct ring_test_ctx *ctx,
			struct pmw_reader *r, u64 first, u64 count)
{
	struct pmw_lost_record *lost = (void *)ctx->buf;

	KUNIT_ASSERT_EQ(test, ring_read(test, ctx, &ctx->ring, r),
			(ssize_t)sizeof(*lost));
	KUNIT_EXPECT_EQ(test, lost->hdr.type, PMW_RECORD_LOST);
	KUNIT_EXPECT_EQ(test, lost->hdr.seq, first);
	KUNIT_EXPECT_EQ(test, lost->count, count);
}

static void expect_empty(struct kunit *test, struct ring_test_ctx *ctx,
			 struct pmw_reader *r)
{
	KUNIT_EXPECT_FALSE(test, pmw_reader_ready(&ctx->ring, r));
	KUNIT_EXPECT_EQ(test, ring_read(test, ctx, &ctx->ring, r), 0);
}

static void ring_numbers_events_in_order(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct pmw_reader r;

	pmw_reader_attach(&ctx->ring, &r);
	expect_empty(test, ctx, &r);
	ring_add(&ctx->ring, 100, 3);
	KUNIT_EXPECT_TRUE(test, pmw_reader_ready(&ctx->ring, &r));
	expect_record(test, ctx, &r, 1, 100);
	expect_record(test, ctx, &r, 2, 101);
	expect_record(test, ctx, &r, 3, 102);
	expect_empty(test, ctx, &r);
	pmw_reader_detach(&ctx->ring, &r);
}

static void ring_readers_are_independent(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct pmw_reader a, b;

	ring_add(&ctx->ring, 10, 2);
	pmw_reader_attach(&ctx->ring, &a);
	pmw_reader_attach(&ctx->ring, &b);
	expect_record(test, ctx, &a, 1, 10);
	expect_record(test, ctx, &a, 2, 11);
	expect_empty(test, ctx, &a);
	expect_record(test, ctx, &b, 1, 10);
	pmw_reader_seek(&ctx->ring, &b, true);
	expect_empty(test, ctx, &b);
	ring_add(&ctx->ring, 20, 1);
	expect_record(test, ctx, &a, 3, 20);
	expect_record(test, ctx, &b, 3, 20);
	pmw_reader_seek(&ctx->ring, &b, false);
	expect_record(test, ctx, &b, 1, 10);
	pmw_reader_detach(&ctx->ring, &a);
	pmw_reader_detach(&ctx->ring, &b);
}

static void ring_reports_exact_loss(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct pmw_ring_stats stats;
	struct pmw_reader slow, fast;
	u64 next;

	pmw_reader_attach(&ctx->ring, &slow);
	pmw_reader_attach(&ctx->ring, &fast);
	ring_add(&ctx->ring, 1, RING_SLOTS);
	expect_record(test, ctx, &slow, 1, 1);
	expect_record(test, ctx, &fast, 1, 1);
	expect_record(test, ctx, &fast, 2, 2);
	expect_record(test, ctx, &fast, 3, 3);
	expect_record(test, ctx, &fast, 4, 4);
	/* Records 5..10 push out 1..6: slow misses 2..6, fast misses none. */
	ring_add(&ctx->ring, 5, 6);
	expect_lost(test, ctx, &slow, 2, 5);
	expect_record(test, ctx, &slow, 7, 7);
	expect_lost(test, ctx, &fast, 5, 2);
	expect_record(test, ctx, &fast, 7, 7);

	pmw_ring_snapshot(&ctx->ring, &stats, &next);
	KUNIT_EXPECT_EQ(test, ctx->ring.first_seq, 7);
	KUNIT_EXPECT_EQ(test, next, 11);
	KUNIT_EXPECT_EQ(test, stats.held, RING_SLOTS);
	KUNIT_EXPECT_EQ(test, stats.held_bytes, RING_BYTES);
	KUNIT_EXPECT_EQ(test, stats.overwritten, 6);
	KUNIT_EXPECT_EQ(test, stats.overwritten_unread, 5);
	KUNIT_EXPECT_EQ(test, stats.lost_reported, 7);
	KUNIT_EXPECT_EQ(test, stats.readers, 2);
	pmw_reader_detach(&ctx->ring, &slow);
	pmw_reader_detach(&ctx->ring, &fast);
}

static void ring_new_reader_starts_at_oldest(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct pmw_reader r;

	ring_add(&ctx->ring, 1, RING_SLOTS + 3);
	pmw_reader_attach(&ctx->ring, &r);
	expect_record(test, ctx, &r, 4, 4);
	pmw_reader_detach(&ctx->ring, &r);
}

/*
 * A record goes straight from the ring to user memory whose page is
 * present, through the kernel buffer to one whose page is not yet, and is
 * consumed, with -EFAULT, when it cannot be written at all.
 */
static void ring_copies_to_user_memory(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct ring_test_record *bounced = (void *)ctx->bounce;
	void __user *fresh = ring_test_map(test, PROT_READ | PROT_WRITE);
	void __user *readonly = ring_test_map(test, PROT_READ);
	struct pmw_reader r;

	ring_add(&ctx->ring, 10, 3);
	pmw_reader_attach(&ctx->ring, &r);
	KUNIT_ASSERT_EQ(test, pmw_reader_next(&ctx->ring, &r, fresh, ctx->bounce),
			(ssize_t)sizeof(struct ring_test_record));
	KUNIT_EXPECT_EQ(test, bounced->mark, 10);
	KUNIT_ASSERT_EQ(test, copy_from_user(ctx->buf, fresh, sizeof(*bounced)), 0);
	KUNIT_EXPECT_EQ(test, ((struct ring_test_record *)ctx->buf)->mark, 10);

	memset(ctx->bounce, 0, sizeof(ctx->bounce));
	KUNIT_ASSERT_EQ(test, pmw_reader_next(&ctx->ring, &r, fresh, ctx->bounce),
			(ssize_t)sizeof(struct ring_test_record));
	KUNIT_EXPECT_NULL(test, memchr_inv(ctx->bounce, 0, sizeof(ctx->bounce)));
	KUNIT_ASSERT_EQ(test, copy_from_user(ctx->buf, fresh, sizeof(*bounced)), 0);
	KUNIT_EXPECT_EQ(test, ((struct ring_test_record *)ctx->buf)->mark, 11);
	KUNIT_EXPECT_EQ(test, ((struct ring_test_record *)ctx->buf)->hdr.seq, 2);

	KUNIT_EXPECT_EQ(test, pmw_reader_next(&ctx->ring, &r, readonly, ctx->bounce),
			-EFAULT);
	expect_empty(test, ctx, &r);
	pmw_reader_detach(&ctx->ring, &r);
}

/* Commits a record of @size bytes marked with its seq-to-be. */
static void ring_add_sized(struct pmw_ring *ring, u8 *buf, u32 size)
{
	struct ring_test_record *rec = (void *)buf;

	memset(buf, 0, size);
	rec->hdr.size = size;
	rec->hdr.type = RING_TEST_TYPE;
	rec->mark = ring->next_seq;
	memset(buf + sizeof(*rec), 0xa5, size - sizeof(*rec));
	pmw_ring_commit(ring, &rec->hdr);
}

/* Two of these fit in RING_BYTES, with room for less than a third. */
#define WIDE_RECORD	ALIGN(sizeof(struct ring_test_record) * 3 / 2, 8)

/*
 * A record that does not fit before the end of the buffer goes to its
 * beginning, and the bytes left behind are a pad that readers pass over.
 */
static void ring_wraps_with_a_pad(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct pmw_ring_stats stats;
	struct pmw_reader r;
	u64 next;

	pmw_reader_attach(&ctx->ring, &r);
	ring_add_sized(&ctx->ring, ctx->buf, WIDE_RECORD);
	ring_add_sized(&ctx->ring, ctx->buf, WIDE_RECORD);
	/* Less than one fits at the end: the third goes first, the oldest leaves. */
	ring_add_sized(&ctx->ring, ctx->buf, WIDE_RECORD);
	pmw_ring_snapshot(&ctx->ring, &stats, &next);
	KUNIT_EXPECT_EQ(test, stats.held, 2);
	KUNIT_EXPECT_EQ(test, stats.held_bytes, RING_BYTES);
	expect_lost(test, ctx, &r, 1, 1);
	KUNIT_EXPECT_EQ(test, ring_read(test, ctx, &ctx->ring, &r),
			WIDE_RECORD);
	KUNIT_EXPECT_EQ(test, ((struct ring_test_record *)ctx->buf)->mark, 2);
	KUNIT_EXPECT_EQ(test, ring_read(test, ctx, &ctx->ring, &r),
			WIDE_RECORD);
	KUNIT_EXPECT_EQ(test, ((struct ring_test_record *)ctx->buf)->mark, 3);
	expect_empty(test, ctx, &r);
	/* Small records fill the room the second one leaves. */
	ring_add_sized(&ctx->ring, ctx->buf, sizeof(struct ring_test_record));
	expect_record(test, ctx, &r, 4, 4);
	pmw_reader_detach(&ctx->ring, &r);
}

/* Records of many sizes, read now and then: every byte as committed. */
static void ring_keeps_records_of_any_size(struct kunit *test)
{
	static const u32 sizes[] = {
		sizeof(struct ring_test_record), sizeof(struct ring_test_record) + 40,
		sizeof(struct ring_test_record) + 152, sizeof(struct ring_test_record) + 296,
		PMW_RECORD_MAX, sizeof(struct ring_test_record) + 8,
	};
	struct ring_test_ctx *ctx = test->priv;
	struct ring_test_record *rec = (void *)ctx->buf;
	struct pmw_ring *ring = kunit_kzalloc(test, sizeof(*ring), GFP_KERNEL);
	struct pmw_reader r;
	u64 expected = 1, delivered = 0, lost = 0;
	ssize_t len;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, ring);
	KUNIT_ASSERT_EQ(test, pmw_ring_init(ring, 4 * PMW_RECORD_MAX), 0);
	pmw_reader_attach(ring, &r);
	/* About ten records fit: reading after every 13th commit loses some. */
	for (i = 1; i <= 600; i++) {
		ring_add_sized(ring, ctx->buf, sizes[(i - 1) % ARRAY_SIZE(sizes)]);
		if (i % 13 && i != 600)
			continue;
		while ((len = ring_read(test, ctx, ring, &r))) {
			KUNIT_ASSERT_EQ(test, rec->hdr.seq, expected);
			if (rec->hdr.type == PMW_RECORD_LOST) {
				lost += ((struct pmw_lost_record *)rec)->count;
				expected += ((struct pmw_lost_record *)rec)->count;
				continue;
			}
			/* A u32 modulo: a u64 one does not link on 32-bit kernels. */
			KUNIT_EXPECT_EQ(test, len, sizes[(u32)(expected - 1) % ARRAY_SIZE(sizes)]);
			KUNIT_EXPECT_EQ(test, rec->mark, expected);
			if (len > sizeof(*rec))
				KUNIT_EXPECT_EQ(test, ctx->buf[len - 1], 0xa5);
			delivered++;
			expected++;
		}
		KUNIT_EXPECT_LE(test, ring->used, ring->size);
	}
	KUNIT_EXPECT_EQ(test, delivered + lost, 600);
	KUNIT_EXPECT_LT(test, 0, lost);
	pmw_reader_detach(ring, &r);
	pmw_ring_free(ring);
}

static struct kunit_case ring_test_cases[] = {
	KUNIT_CASE(ring_numbers_events_in_order),
	KUNIT_CASE(ring_readers_are_independent),
	KUNIT_CASE(ring_reports_exact_loss),
	KUNIT_CASE(ring_new_reader_starts_at_oldest),
	KUNIT_CASE(ring_wraps_with_a_pad),
	KUNIT_CASE(ring_keeps_records_of_any_size),
	KUNIT_CASE(ring_copies_to_user_memory),
	{}
};

static struct kunit_suite ring_test_suite = {
	.name = "procmemwatch_ring",
	.init = ring_test_init,
	.exit = ring_test_exit,
	.test_cases = ring_test_cases,
};

kunit_test_suite(ring_test_suite);
