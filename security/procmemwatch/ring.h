/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: a ring of records, read by any number of readers
 */

#ifndef _SECURITY_PROCMEMWATCH_RING_H
#define _SECURITY_PROCMEMWATCH_RING_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <uapi/linux/procmemwatch.h>

/**
 * struct pmw_ring_stats - what happened to the records of a ring
 * @overwritten: records that left the ring to make room for new ones
 * @overwritten_unread: of those, records that an open reader had not read
 * @lost_reported: records reported missing to readers, summed over readers
 * @readers: open readers
 * @held: records in the ring now (filled in by pmw_ring_snapshot())
 * @held_bytes: bytes they take, pads included (likewise)
 */
struct pmw_ring_stats {
	u64 overwritten;
	u64 overwritten_unread;
	u64 lost_reported;
	u32 readers;
	u32 held;
	u32 held_bytes;
};

/**
 * struct pmw_ring - records kept for readers, each with its own position
 * @lock: guards everything below; taken by the hooks, some of them under
 *	a task's task_lock(), never held to sleep, never taken in interrupt
 * @wait: readers waiting for a record
 * @wake_timer: wakes the readers of records that came too soon after the
 *	last wake-up to wake them at once
 * @last_wake: jiffies of the last wake-up
 * @buf: @size bytes of records, each as long as it needs
 * @size: capacity in bytes
 * @head: offset where the next record goes
 * @tail: offset of the oldest record (or of a pad before it)
 * @count: records held
 * @used: bytes they take, pads between them included
 * @first_seq: oldest record held
 * @next_seq: number the next record gets; records are numbered from 1
 * @readers: the open readers, to know whether an overwritten record was read
 * @stats: counters reported in the stats file
 */
struct pmw_ring {
	spinlock_t lock;	/* guards the fields below */
	wait_queue_head_t wait;
	struct timer_list wake_timer;
	unsigned long last_wake;
	u8 *buf;
	u32 size;
	u32 head;
	u32 tail;
	u32 count;
	u32 used;
	u64 first_seq;
	u64 next_seq;
	struct list_head readers;
	struct pmw_ring_stats stats;
};

/**
 * struct pmw_reader - one reader of a ring
 * @node: in pmw_ring.readers
 * @seq: next record this reader will read
 * @off: where that record lies in the ring, while @seq is held
 */
struct pmw_reader {
	struct list_head node;
	u64 seq;
	u32 off;
};

int pmw_ring_init(struct pmw_ring *ring, u32 bytes);
void pmw_ring_free(struct pmw_ring *ring);
void pmw_ring_commit(struct pmw_ring *ring, struct pmw_record_header *rec);
void pmw_reader_attach(struct pmw_ring *ring, struct pmw_reader *reader);
void pmw_reader_detach(struct pmw_ring *ring, struct pmw_reader *reader);
void pmw_reader_seek(struct pmw_ring *ring, struct pmw_reader *reader,
		     bool to_end);
ssize_t pmw_reader_next(struct pmw_ring *ring, struct pmw_reader *reader,
			void __user *ubuf, void *bounce);
bool pmw_reader_ready(struct pmw_ring *ring, struct pmw_reader *reader);
void pmw_ring_snapshot(struct pmw_ring *ring, struct pmw_ring_stats *stats,
		       u64 *next_seq);

#endif /* _SECURITY_PROCMEMWATCH_RING_H */
