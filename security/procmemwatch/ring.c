// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the event ring, read by any number of readers
 *
 * Like /dev/kmsg, the ring keeps the last records and each reader its own
 * position. Writers never wait for readers: when the ring is full the
 * oldest records are overwritten, and a reader whose position fell behind
 * is given a lost record with the exact number of records it missed.
 *
 * No interrupt takes the lock (the wake-up timer only wakes), so it is
 * taken without disabling interrupts; a writer may hold a task_lock().
 */

#include <linux/jiffies.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "ring.h"

/*
 * Records lie one after the other in the buffer, each taking the bytes it
 * needs (a multiple of 8). One that does not fit before the end of the
 * buffer starts again at its beginning, and the bytes skipped are marked
 * with a pad record, which readers pass over. The oldest records are
 * dropped to make room. @count tells a full ring (head == tail) from an
 * empty one.
 */

/* The pad record: only its size and type are written (8 bytes at least). */
#define PMW_RECORD_PAD	0

static void pmw_ring_wake(struct timer_list *timer)
{
	struct pmw_ring *ring = timer_container_of(ring, timer, wake_timer);

	wake_up_interruptible(&ring->wait);
}

/*
 * Called with the lock held: whether to wake the readers now. A flood of
 * events wakes them once a jiffy, through the timer, so that a reader
 * reads many at a time instead of being switched to for each one.
 */
static bool pmw_ring_wake_now(struct pmw_ring *ring)
{
	lockdep_assert_held(&ring->lock);
	if (time_after(jiffies, ring->last_wake)) {
		ring->last_wake = jiffies;
		return true;
	}
	if (!timer_pending(&ring->wake_timer))
		mod_timer(&ring->wake_timer, jiffies + 1);
	return false;
}

/**
 * pmw_ring_init - set up an empty ring
 * @ring: the ring
 * @bytes: its buffer, a multiple of 8 and at least 4 * PMW_RECORD_MAX
 *
 * Return: 0, or -ENOMEM.
 */
int pmw_ring_init(struct pmw_ring *ring, u32 bytes)
{
	ring->buf = vzalloc(bytes);
	if (!ring->buf)
		return -ENOMEM;
	ring->size = bytes;
	ring->head = 0;
	ring->tail = 0;
	ring->count = 0;
	ring->used = 0;
	ring->first_seq = 1;
	ring->next_seq = 1;
	spin_lock_init(&ring->lock);
	init_waitqueue_head(&ring->wait);
	timer_setup(&ring->wake_timer, pmw_ring_wake, 0);
	ring->last_wake = jiffies - 1;
	INIT_LIST_HEAD(&ring->readers);
	memset(&ring->stats, 0, sizeof(ring->stats));
	return 0;
}

/**
 * pmw_ring_free - release the memory of a ring that has no readers
 * @ring: the ring
 */
void pmw_ring_free(struct pmw_ring *ring)
{
	timer_shutdown_sync(&ring->wake_timer);
	vfree(ring->buf);
	ring->buf = NULL;
}

static struct pmw_record_header *pmw_ring_at(struct pmw_ring *ring, u32 off)
{
	return (struct pmw_record_header *)(ring->buf + off);
}

/* Where the record at @off really starts: past a pad, at the beginning. */
static u32 pmw_ring_skip_pad(struct pmw_ring *ring, u32 off)
{
	if (off == ring->size || pmw_ring_at(ring, off)->type == PMW_RECORD_PAD)
		return 0;
	return off;
}

/* Called with the lock held: drops the oldest record. */
static void pmw_ring_drop_oldest(struct pmw_ring *ring)
{
	struct pmw_reader *reader;
	u32 off = pmw_ring_skip_pad(ring, ring->tail);

	lockdep_assert_held(&ring->lock);
	ring->used -= pmw_ring_at(ring, off)->size + (off != ring->tail ?
		      ring->size - ring->tail : 0);
	ring->tail = off + pmw_ring_at(ring, off)->size;
	if (ring->tail == ring->size)
		ring->tail = 0;
	ring->count--;
	ring->stats.overwritten++;
	list_for_each_entry(reader, &ring->readers, node) {
		if (reader->seq <= ring->first_seq) {
			ring->stats.overwritten_unread++;
			break;
		}
	}
	ring->first_seq++;
}

/*
 * Called with the lock held: the offset where @size bytes fit now, or -1.
 * A record never wraps: when the bytes before the end are too few, it
 * goes to the beginning, if the oldest record has left room there.
 */
static s64 pmw_ring_room(struct pmw_ring *ring, u32 size)
{
	bool full = ring->count && ring->head == ring->tail;

	lockdep_assert_held(&ring->lock);
	if (full)
		return -1;
	if (ring->head >= ring->tail || !ring->count) {
		if (ring->size - ring->head >= size)
			return ring->head;
		if (!ring->count || ring->tail >= size)
			return 0;
		return -1;
	}
	return ring->tail - ring->head >= size ? (s64)ring->head : -1;
}

/**
 * pmw_ring_commit - add a record, numbering it
 * @ring: the ring
 * @rec: the record; its size is a multiple of 8 and at most
 *	PMW_RECORD_MAX, and its seq is set here
 *
 * Never sleeps: callable from any hook, under a task_lock() too.
 */
void pmw_ring_commit(struct pmw_ring *ring, struct pmw_record_header *rec)
{
	bool wake;
	s64 off;

	spin_lock(&ring->lock);
	while ((off = pmw_ring_room(ring, rec->size)) < 0)
		pmw_ring_drop_oldest(ring);
	if (off != ring->head) {
		/* ring->size - ring->head >= 8: both are multiples of 8. */
		pmw_ring_at(ring, ring->head)->size = ring->size - ring->head;
		pmw_ring_at(ring, ring->head)->type = PMW_RECORD_PAD;
		if (ring->count)
			ring->used += ring->size - ring->head;
		else
			ring->tail = 0;
	}
	rec->seq = ring->next_seq++;
	memcpy(ring->buf + off, rec, rec->size);
	ring->head = off + rec->size;
	if (ring->head == ring->size)
		ring->head = 0;
	ring->used += rec->size;
	ring->count++;
	wake = pmw_ring_wake_now(ring);
	spin_unlock(&ring->lock);
	if (wake)
		wake_up_interruptible(&ring->wait);
}

/**
 * pmw_reader_attach - add a reader, positioned at the oldest record held
 * @ring: the ring
 * @reader: the new reader
 */
void pmw_reader_attach(struct pmw_ring *ring, struct pmw_reader *reader)
{
	spin_lock(&ring->lock);
	reader->seq = ring->first_seq;
	reader->off = ring->tail;
	list_add(&reader->node, &ring->readers);
	ring->stats.readers++;
	spin_unlock(&ring->lock);
}

/**
 * pmw_reader_detach - remove a reader
 * @ring: the ring
 * @reader: a reader attached to @ring
 */
void pmw_reader_detach(struct pmw_ring *ring, struct pmw_reader *reader)
{
	spin_lock(&ring->lock);
	list_del(&reader->node);
	ring->stats.readers--;
	spin_unlock(&ring->lock);
}

/**
 * pmw_reader_seek - move a reader to the oldest record held or past the newest
 * @ring: the ring
 * @reader: a reader attached to @ring
 * @to_end: false for the oldest record, true to read only new records
 */
void pmw_reader_seek(struct pmw_ring *ring, struct pmw_reader *reader,
		     bool to_end)
{
	spin_lock(&ring->lock);
	reader->seq = to_end ? ring->next_seq : ring->first_seq;
	reader->off = to_end ? ring->head : ring->tail;
	spin_unlock(&ring->lock);
}

/**
 * pmw_reader_next - copy the next record for a reader to user space
 * @ring: the ring
 * @reader: a reader attached to @ring
 * @ubuf: where the record goes, room for PMW_RECORD_MAX bytes
 * @bounce: PMW_RECORD_MAX bytes of kernel memory
 *
 * The next record is the reader's next one, or a lost record when records
 * it had not read were overwritten. A record is copied from the ring
 * straight to @ubuf while the ring is locked, when @ubuf's pages are
 * present and writable; otherwise (and for a lost record) it is copied
 * to @bounce first, and from there once the lock is dropped, when a page
 * fault may sleep. The record is consumed either way, as /dev/kmsg
 * consumes one it fails to copy.
 *
 * Return: the record's size, 0 when the reader has read everything, or
 * -EFAULT.
 */
ssize_t pmw_reader_next(struct pmw_ring *ring, struct pmw_reader *reader,
			void __user *ubuf, void *bounce)
{
	struct pmw_record_header *hdr;
	bool bounced = true;
	ssize_t len = 0;

	spin_lock(&ring->lock);
	if (reader->seq < ring->first_seq) {
		struct pmw_lost_record *lost = bounce;

		*lost = (struct pmw_lost_record) {
			.hdr.size = sizeof(*lost),
			.hdr.type = PMW_RECORD_LOST,
			.hdr.version = 1,
			.hdr.seq = reader->seq,
			.count = ring->first_seq - reader->seq,
		};
		ring->stats.lost_reported += lost->count;
		reader->seq = ring->first_seq;
		reader->off = ring->tail;
		len = sizeof(*lost);
	} else if (reader->seq < ring->next_seq) {
		reader->off = pmw_ring_skip_pad(ring, reader->off);
		hdr = pmw_ring_at(ring, reader->off);
		len = hdr->size;
		bounced = copy_to_user_nofault(ubuf, hdr, len);
		if (bounced)
			memcpy(bounce, hdr, len);
		reader->off += hdr->size;
		reader->seq++;
	}
	spin_unlock(&ring->lock);
	if (len && bounced && copy_to_user(ubuf, bounce, len))
		return -EFAULT;
	return len;
}

/**
 * pmw_reader_ready - whether a reader has a record to read
 * @ring: the ring
 * @reader: a reader attached to @ring
 *
 * Return: true if pmw_reader_next() would copy a record.
 */
bool pmw_reader_ready(struct pmw_ring *ring, struct pmw_reader *reader)
{
	return READ_ONCE(reader->seq) < READ_ONCE(ring->next_seq);
}

/**
 * pmw_ring_snapshot - the ring's counters at one instant
 * @ring: the ring
 * @stats: set to the counters, with the records and bytes held now
 * @next_seq: set to the number of the next record
 */
void pmw_ring_snapshot(struct pmw_ring *ring, struct pmw_ring_stats *stats,
		       u64 *next_seq)
{
	spin_lock(&ring->lock);
	*stats = ring->stats;
	stats->held = ring->count;
	stats->held_bytes = ring->used;
	*next_seq = ring->next_seq;
	spin_unlock(&ring->lock);
}
