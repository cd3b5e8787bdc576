// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the event ring, read by any number of readers
 *
 * Like /dev/kmsg, the ring keeps the last events and each reader its own
 * position. Writers never wait for readers: when the ring is full the
 * oldest event is overwritten, and a reader whose position fell behind is
 * given a lost record with the exact number of events it missed.
 */

#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "procmemwatch.h"

/**
 * pmw_ring_init - set up an empty ring
 * @ring: the ring
 * @nslots: how many events it holds
 *
 * Return: 0, or -ENOMEM.
 */
int pmw_ring_init(struct pmw_ring *ring, u32 nslots)
{
	ring->slots = vzalloc(array_size(nslots, PMW_RECORD_MAX));
	if (!ring->slots)
		return -ENOMEM;
	ring->nslots = nslots;
	ring->first_seq = 1;
	ring->next_seq = 1;
	spin_lock_init(&ring->lock);
	init_waitqueue_head(&ring->wait);
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
	vfree(ring->slots);
	ring->slots = NULL;
}

static void *pmw_ring_slot(struct pmw_ring *ring, u64 seq)
{
	u32 slot;

	/* div_u64_rem(): a u64 modulo does not link on 32-bit kernels. */
	div_u64_rem(seq, ring->nslots, &slot);
	return ring->slots + (size_t)slot * PMW_RECORD_MAX;
}

/* Called with the lock held, before the oldest event is overwritten. */
static void pmw_ring_drop_oldest(struct pmw_ring *ring)
{
	struct pmw_reader *reader;

	ring->stats.overwritten++;
	list_for_each_entry(reader, &ring->readers, node) {
		if (reader->seq <= ring->first_seq) {
			ring->stats.overwritten_unread++;
			break;
		}
	}
	ring->first_seq++;
}

/**
 * pmw_ring_commit - add an event, numbering it
 * @ring: the ring
 * @rec: the record; its size is at most PMW_RECORD_MAX and its seq is set
 *	here
 *
 * Never sleeps: callable from any hook.
 */
void pmw_ring_commit(struct pmw_ring *ring, struct pmw_record_header *rec)
{
	unsigned long flags;

	spin_lock_irqsave(&ring->lock, flags);
	if (ring->next_seq - ring->first_seq == ring->nslots)
		pmw_ring_drop_oldest(ring);
	rec->seq = ring->next_seq;
	memcpy(pmw_ring_slot(ring, rec->seq), rec, rec->size);
	ring->next_seq++;
	spin_unlock_irqrestore(&ring->lock, flags);
	wake_up_interruptible(&ring->wait);
}

/**
 * pmw_reader_attach - add a reader, positioned at the oldest event held
 * @ring: the ring
 * @reader: the new reader
 */
void pmw_reader_attach(struct pmw_ring *ring, struct pmw_reader *reader)
{
	unsigned long flags;

	spin_lock_irqsave(&ring->lock, flags);
	reader->seq = ring->first_seq;
	list_add(&reader->node, &ring->readers);
	ring->stats.readers++;
	spin_unlock_irqrestore(&ring->lock, flags);
}

/**
 * pmw_reader_detach - remove a reader
 * @ring: the ring
 * @reader: a reader attached to @ring
 */
void pmw_reader_detach(struct pmw_ring *ring, struct pmw_reader *reader)
{
	unsigned long flags;

	spin_lock_irqsave(&ring->lock, flags);
	list_del(&reader->node);
	ring->stats.readers--;
	spin_unlock_irqrestore(&ring->lock, flags);
}

/**
 * pmw_reader_seek - move a reader to the oldest event held or past the newest
 * @ring: the ring
 * @reader: a reader attached to @ring
 * @to_end: false for the oldest event, true to read only new events
 */
void pmw_reader_seek(struct pmw_ring *ring, struct pmw_reader *reader,
		     bool to_end)
{
	unsigned long flags;

	spin_lock_irqsave(&ring->lock, flags);
	reader->seq = to_end ? ring->next_seq : ring->first_seq;
	spin_unlock_irqrestore(&ring->lock, flags);
}

/**
 * pmw_reader_next - copy the next record for a reader
 * @ring: the ring
 * @reader: a reader attached to @ring
 * @buf: where the record goes
 * @size: room in @buf, at least PMW_RECORD_MAX
 *
 * The next record is the reader's next event, or a lost record when events
 * it had not read were overwritten.
 *
 * Return: the record's size, or 0 when the reader has read everything.
 */
ssize_t pmw_reader_next(struct pmw_ring *ring, struct pmw_reader *reader,
			void *buf, size_t size)
{
	struct pmw_record_header *hdr;
	unsigned long flags;
	ssize_t len = 0;

	spin_lock_irqsave(&ring->lock, flags);
	if (reader->seq < ring->first_seq) {
		struct pmw_lost_record *lost = buf;

		*lost = (struct pmw_lost_record) {
			.hdr.size = sizeof(*lost),
			.hdr.type = PMW_RECORD_LOST,
			.hdr.version = 1,
			.hdr.seq = reader->seq,
			.count = ring->first_seq - reader->seq,
		};
		ring->stats.lost_reported += lost->count;
		reader->seq = ring->first_seq;
		len = sizeof(*lost);
	} else if (reader->seq < ring->next_seq) {
		hdr = pmw_ring_slot(ring, reader->seq);
		len = min_t(size_t, hdr->size, size);
		memcpy(buf, hdr, len);
		reader->seq++;
	}
	spin_unlock_irqrestore(&ring->lock, flags);
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
 * @stats: set to the counters
 * @first_seq: set to the oldest event held
 * @next_seq: set to the number of the next event
 */
void pmw_ring_snapshot(struct pmw_ring *ring, struct pmw_ring_stats *stats,
		       u64 *first_seq, u64 *next_seq)
{
	unsigned long flags;

	spin_lock_irqsave(&ring->lock, flags);
	*stats = ring->stats;
	*first_seq = ring->first_seq;
	*next_seq = ring->next_seq;
	spin_unlock_irqrestore(&ring->lock, flags);
}
