// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: /sys/kernel/security/procmemwatch/, its event stream and
 * its counters (settings.c has the settings' files)
 *
 * events  the stream of records; each open is a reader with its own position
 * stats   counters, one "name value" per line
 *
 * Reading them is reading a security log: it needs CAP_AUDIT_READ in the
 * initial user namespace, as the audit log's multicast socket does, so
 * that a log shipper needs no power over the settings. Records name other
 * users' processes, and the counters would let anyone watch them tick or
 * learn whether anyone reads.
 */

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "audit.h"
#include "budget.h"
#include "decide.h"
#include "event.h"
#include "fs.h"
#include "mode.h"
#include "policy.h"
#include "settings.h"
#include "setup.h"

/**
 * struct pmw_events_file - state of one open of the events file
 * @reader: position in the stream
 * @lock: serialises reads and seeks through this open file; never held
 *	while waiting for a record, so that every party sharing the file
 *	(after fork, dup or between threads) can be killed
 * @buf: one record on its way to user space, when it cannot go straight
 */
struct pmw_events_file {
	struct pmw_reader reader;
	struct mutex lock;	/* see above */
	u8 buf[PMW_RECORD_MAX];
};

static int pmw_events_open(struct inode *inode, struct file *file)
{
	struct pmw_events_file *ef;

	if (!capable(CAP_AUDIT_READ))
		return -EPERM;
	if (file->f_mode & FMODE_WRITE)
		return -EINVAL;
	ef = kzalloc_obj(*ef);
	if (!ef)
		return -ENOMEM;
	mutex_init(&ef->lock);
	pmw_reader_attach(&pmw_stream, &ef->reader);
	file->private_data = ef;
	/*
	 * The position lives in ef->reader under ef->lock. Without this the
	 * VFS would hold the file's f_pos_lock, uninterruptibly, around a
	 * read that sleeps for the next record.
	 */
	file->f_mode &= ~FMODE_ATOMIC_POS;
	return 0;
}

static int pmw_events_release(struct inode *inode, struct file *file)
{
	struct pmw_events_file *ef = file->private_data;

	pmw_reader_detach(&pmw_stream, &ef->reader);
	kfree(ef);
	return 0;
}

/* Copies whole records while they fit; returns bytes copied or an error. */
static ssize_t pmw_events_copy(struct pmw_events_file *ef, char __user *buf,
			       size_t count)
{
	size_t done = 0;
	ssize_t len;

	lockdep_assert_held(&ef->lock);
	while (count - done >= PMW_RECORD_MAX) {
		len = pmw_reader_next(&pmw_stream, &ef->reader, buf + done,
				      ef->buf);
		if (len < 0)
			return done ? done : len;
		if (!len)
			break;
		done += len;
	}
	return done;
}

static ssize_t pmw_events_read(struct file *file, char __user *buf,
			       size_t count, loff_t *ppos)
{
	struct pmw_events_file *ef = file->private_data;
	ssize_t ret;

	/* A smaller buffer could not always hold the next record. */
	if (count < PMW_RECORD_MAX)
		return -EINVAL;
	for (;;) {
		if (mutex_lock_interruptible(&ef->lock))
			return -ERESTARTSYS;
		ret = pmw_events_copy(ef, buf, count);
		mutex_unlock(&ef->lock);
		if (ret)
			return ret;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(pmw_stream.wait,
					       pmw_reader_ready(&pmw_stream,
								&ef->reader));
		if (ret)
			return ret;
	}
}

static __poll_t pmw_events_poll(struct file *file, poll_table *wait)
{
	struct pmw_events_file *ef = file->private_data;

	poll_wait(file, &pmw_stream.wait, wait);
	return pmw_reader_ready(&pmw_stream, &ef->reader) ?
	       EPOLLIN | EPOLLRDNORM : 0;
}

/* SEEK_SET 0: back to the oldest record held; SEEK_END 0: only new records. */
static loff_t pmw_events_llseek(struct file *file, loff_t offset, int whence)
{
	struct pmw_events_file *ef = file->private_data;

	if (offset || (whence != SEEK_SET && whence != SEEK_END))
		return -EINVAL;
	if (mutex_lock_interruptible(&ef->lock))
		return -ERESTARTSYS;
	pmw_reader_seek(&pmw_stream, &ef->reader, whence == SEEK_END);
	mutex_unlock(&ef->lock);
	return 0;
}

static const struct file_operations pmw_events_fops = {
	.open = pmw_events_open,
	.release = pmw_events_release,
	.read = pmw_events_read,
	.poll = pmw_events_poll,
	.llseek = pmw_events_llseek,
};

static void pmw_stat(struct seq_file *m, const char *name, atomic64_t *count)
{
	seq_printf(m, "%s %lld\n", name, atomic64_read(count));
}

static void pmw_stats_stream(struct seq_file *m)
{
	struct pmw_ring_stats rs;
	u64 next;

	pmw_ring_snapshot(&pmw_stream, &rs, &next);
	seq_printf(m, "events %llu\n", next - 1);
	seq_printf(m, "buffered %u\n", rs.held);
	seq_printf(m, "buffered_bytes %u\n", rs.held_bytes);
	seq_printf(m, "capacity_bytes %u\n", pmw_stream.size);
	seq_printf(m, "overwritten %llu\n", rs.overwritten);
	seq_printf(m, "overwritten_unread %llu\n", rs.overwritten_unread);
	seq_printf(m, "lost_reported %llu\n", rs.lost_reported);
	seq_printf(m, "readers %u\n", rs.readers);
}

static int pmw_stats_show(struct seq_file *m, void *v)
{
	unsigned int rules, stale;
	int mode;

	seq_printf(m, "mode %s\n", pmw_mode_name(pmw_mode_get()));
	for (mode = 0; mode < PMW_MODE_COUNT; mode++)
		seq_printf(m, "seen_%s %lld\n", pmw_mode_name(mode),
			   atomic64_read(&pmw_seen[mode]));
	pmw_stat(m, "opened", &pmw_event_stats.opened);
	pmw_stat(m, "refused", &pmw_event_stats.refused);
	pmw_stat(m, "failed", &pmw_event_stats.failed);
	pmw_stat(m, "denied", &pmw_event_stats.denied);
	pmw_stat(m, "would_deny", &pmw_event_stats.would_deny);
	pmw_stat(m, "passed", &pmw_event_stats.passed);
	pmw_stat(m, "dropped", &pmw_event_stats.dropped);
	pmw_stat(m, "begun", &pmw_event_stats.begun);
	pmw_stat(m, "config_changes", &pmw_event_stats.config_changes);
	pmw_stat(m, "summarized", &pmw_budget_stats.summarized);
	pmw_stat(m, "summary_records", &pmw_budget_stats.summary_records);
	pmw_stats_stream(m);
	pmw_stat(m, "audit_emitted", &pmw_audit_stats.emitted);
	pmw_stat(m, "audit_suppressed", &pmw_budget_stats.audit_suppressed);
	pmw_stat(m, "audit_unavailable", &pmw_audit_stats.unavailable);
	pmw_policy_counts(&rules, &stale);
	seq_printf(m, "rules %u\n", rules);
	seq_printf(m, "stale_rules %u\n", stale);
	return 0;
}

static int pmw_stats_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_AUDIT_READ))
		return -EPERM;
	return single_open(file, pmw_stats_show, NULL);
}

static const struct file_operations pmw_stats_fops = {
	.open = pmw_stats_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

/**
 * pmw_fs_init - create /sys/kernel/security/procmemwatch/
 *
 * procmemwatch's fs initcall: after pmw_init(), for an enabled
 * procmemwatch (the VFS caches securityfs needs do not exist when an
 * LSM's init runs).
 *
 * Return: 0, or a negative errno.
 */
int __init pmw_fs_init(void)
{
	struct dentry *dir, *f;
	int err;

	/* pmw_init() ran out of memory: there is nothing to show. */
	if (!pmw_initialized)
		return 0;
	dir = securityfs_create_dir("procmemwatch", NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	f = securityfs_create_file("events", 0444, dir, NULL, &pmw_events_fops);
	err = PTR_ERR_OR_ZERO(f);
	if (!err) {
		f = securityfs_create_file("stats", 0444, dir, NULL,
					   &pmw_stats_fops);
		err = PTR_ERR_OR_ZERO(f);
	}
	if (!err)
		err = pmw_settings_create(dir);
	if (err)
		securityfs_remove(dir);
	return err;
}
