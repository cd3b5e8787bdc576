// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: /sys/kernel/security/procmemwatch/
 *
 * events  the event stream; each open is a reader with its own position
 * stats   counters, one "name value" per line
 * mode    the mode, read and written as a word
 * policy  the rules that allow accesses, read and written as text
 * lock    0, or 1 once the settings are frozen until reboot
 * audit_rate  audit records of accesses per second at most, in decimal
 * self_rate   self-opens per user and second recorded one by one, in decimal
 *
 * Reading events and stats is reading a security log: it needs
 * CAP_AUDIT_READ in the initial user namespace, as the audit log's
 * multicast socket does, so that a log shipper needs no power over the
 * settings. Events name other users' processes, and the counters would let
 * anyone watch them tick or learn whether anyone reads. Writing a setting
 * needs CAP_MAC_ADMIN there, and is refused to everyone once locked.
 */

#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/string_choices.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "procmemwatch.h"

/* The longest valid write to a setting: a word or a number and a newline. */
#define PMW_SETTING_WRITE_MAX	16

/* Serialises changes of settings, so that each record of one has the right old value. */
static DEFINE_MUTEX(pmw_settings_lock);

/**
 * struct pmw_events_file - state of one open of the events file
 * @reader: position in the ring
 * @lock: serialises reads and seeks through this open file; never held
 *	while waiting for an event, so that every party sharing the file
 *	(after fork, dup or between threads) can be killed
 * @buf: one record on its way to user space, when it cannot go straight
 */
struct pmw_events_file {
	struct pmw_reader reader;
	struct mutex lock;	/* serialises reads and seeks through this open file */
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
	pmw_reader_attach(&pmw_events, &ef->reader);
	file->private_data = ef;
	/*
	 * The position lives in ef->reader under ef->lock. Without this the
	 * VFS would hold the file's f_pos_lock, uninterruptibly, around a
	 * read that sleeps for the next event.
	 */
	file->f_mode &= ~FMODE_ATOMIC_POS;
	return 0;
}

static int pmw_events_release(struct inode *inode, struct file *file)
{
	struct pmw_events_file *ef = file->private_data;

	pmw_reader_detach(&pmw_events, &ef->reader);
	kfree(ef);
	return 0;
}

/* Copies whole records while they fit; returns bytes copied or an error. */
static ssize_t pmw_events_copy(struct pmw_events_file *ef, char __user *buf,
			       size_t count)
{
	size_t done = 0;
	ssize_t len;

	while (count - done >= PMW_RECORD_MAX) {
		len = pmw_reader_next(&pmw_events, &ef->reader, buf + done,
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
		ret = wait_event_interruptible(pmw_events.wait,
					       pmw_reader_ready(&pmw_events,
								&ef->reader));
		if (ret)
			return ret;
	}
}

static __poll_t pmw_events_poll(struct file *file, poll_table *wait)
{
	struct pmw_events_file *ef = file->private_data;

	poll_wait(file, &pmw_events.wait, wait);
	return pmw_reader_ready(&pmw_events, &ef->reader) ?
	       EPOLLIN | EPOLLRDNORM : 0;
}

/*
 * Copies a write to a setting into buf, NUL-terminated: one write of at
 * most PMW_SETTING_WRITE_MAX bytes at offset 0, with no NUL byte in it.
 */
static int pmw_setting_copy(char *buf, const char __user *ubuf, size_t count,
			    loff_t *ppos)
{
	if (*ppos || !count || count > PMW_SETTING_WRITE_MAX)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	if (memchr(buf, '\0', count))
		return -EINVAL;
	buf[count] = '\0';
	return 0;
}

/* SEEK_SET 0: back to the oldest event held; SEEK_END 0: only new events. */
static loff_t pmw_events_llseek(struct file *file, loff_t offset, int whence)
{
	struct pmw_events_file *ef = file->private_data;

	if (offset || (whence != SEEK_SET && whence != SEEK_END))
		return -EINVAL;
	if (mutex_lock_interruptible(&ef->lock))
		return -ERESTARTSYS;
	pmw_reader_seek(&pmw_events, &ef->reader, whence == SEEK_END);
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

static int pmw_stats_show(struct seq_file *m, void *v)
{
	struct pmw_ring_stats rs;
	u64 next;
	int mode;

	pmw_ring_snapshot(&pmw_events, &rs, &next);
	seq_printf(m, "mode %s\n", pmw_mode_name(pmw_mode_get()));
	for (mode = 0; mode < PMW_MODE_COUNT; mode++)
		seq_printf(m, "seen_%s %lld\n", pmw_mode_name(mode),
			   atomic64_read(&pmw_event_stats.seen[mode]));
	seq_printf(m, "events %llu\n", next - 1);
	seq_printf(m, "opened %lld\n", atomic64_read(&pmw_event_stats.opened));
	seq_printf(m, "refused %lld\n", atomic64_read(&pmw_event_stats.refused));
	seq_printf(m, "failed %lld\n", atomic64_read(&pmw_event_stats.failed));
	seq_printf(m, "denied %lld\n", atomic64_read(&pmw_event_stats.denied));
	seq_printf(m, "would_deny %lld\n",
		   atomic64_read(&pmw_event_stats.would_deny));
	seq_printf(m, "dropped_nomem %lld\n",
		   atomic64_read(&pmw_event_stats.dropped_nomem));
	seq_printf(m, "dropped_exit %lld\n",
		   atomic64_read(&pmw_event_stats.dropped_exit));
	seq_printf(m, "config_changes %lld\n",
		   atomic64_read(&pmw_event_stats.config_changes));
	seq_printf(m, "self_opens_summarized %lld\n",
		   atomic64_read(&pmw_self_stats.summarized));
	seq_printf(m, "self_opens_records %lld\n",
		   atomic64_read(&pmw_self_stats.records));
	seq_printf(m, "buffered %u\n", rs.held);
	seq_printf(m, "buffered_bytes %u\n", rs.held_bytes);
	seq_printf(m, "capacity_bytes %u\n", pmw_events.size);
	seq_printf(m, "overwritten %llu\n", rs.overwritten);
	seq_printf(m, "overwritten_unread %llu\n", rs.overwritten_unread);
	seq_printf(m, "lost_reported %llu\n", rs.lost_reported);
	seq_printf(m, "readers %u\n", rs.readers);
	seq_printf(m, "audit_emitted %lld\n", atomic64_read(&pmw_audit_stats.emitted));
	seq_printf(m, "audit_suppressed %lld\n",
		   atomic64_read(&pmw_audit_stats.suppressed));
	seq_printf(m, "audit_unavailable %lld\n",
		   atomic64_read(&pmw_audit_stats.unavailable));
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

/*
 * A setting was written: a numbered record in the stream, so that readers
 * see when what they read stopped or started being reported.
 */
static void pmw_setting_record(const char *name, const char *old,
			       const char *new)
{
	struct pmw_config_record rec = {
		.hdr.size = sizeof(rec),
		.hdr.type = PMW_RECORD_CONFIG,
		.hdr.version = 1,
		.real_ns = ktime_get_real_ns(),
		.pid = task_tgid_nr(current),
		.uid = from_kuid(&init_user_ns, current_uid()),
		.loginuid = from_kuid(&init_user_ns, audit_get_loginuid(current)),
		.sessionid = audit_get_sessionid(current),
	};

	strscpy_pad(rec.setting, name);
	strscpy_pad(rec.old_value, old);
	strscpy_pad(rec.new_value, new);
	pmw_ring_commit(&pmw_events, &rec.hdr);
	atomic64_inc(&pmw_event_stats.config_changes);
}

/* A setting was written: a record in the stream and one in audit. */
static void pmw_setting_changed(const char *name, const char *old,
				const char *new)
{
	pmw_setting_record(name, old, new);
	pmw_audit_setting(name, old, new);
}

/*
 * Starts a change of a setting, once the write is copied and checked:
 * takes pmw_settings_lock, unless the settings are locked. Writes check
 * the lock first too, so that a locked setting refuses every write alike,
 * good or bad. Nothing that can wait on user memory or a file system is
 * done under the mutex, so no writer can hold the others up for long.
 */
static int pmw_setting_begin(void)
{
	if (mutex_lock_killable(&pmw_settings_lock))
		return -EINTR;
	if (pmw_locked()) {
		mutex_unlock(&pmw_settings_lock);
		return -EPERM;
	}
	return 0;
}

/* Opening a setting for writing needs CAP_MAC_ADMIN in the initial namespace. */
static int pmw_setting_open(struct inode *inode, struct file *file)
{
	if ((file->f_mode & FMODE_WRITE) && !capable(CAP_MAC_ADMIN))
		return -EPERM;
	return 0;
}

static ssize_t pmw_mode_read(struct file *file, char __user *buf,
			     size_t count, loff_t *ppos)
{
	char line[PMW_SETTING_WRITE_MAX];
	int len;

	len = scnprintf(line, sizeof(line), "%s\n",
			pmw_mode_name(pmw_mode_get()));
	return simple_read_from_buffer(buf, count, ppos, line, len);
}

static ssize_t pmw_mode_write(struct file *file, const char __user *buf,
			      size_t count, loff_t *ppos)
{
	char word[PMW_SETTING_WRITE_MAX + 1];
	enum pmw_mode mode, old;
	int err;

	if (pmw_locked())
		return -EPERM;
	err = pmw_setting_copy(word, buf, count, ppos);
	if (!err && pmw_mode_parse(word, count, &mode))
		err = -EINVAL;
	if (!err)
		err = pmw_setting_begin();
	if (err)
		return err;
	old = pmw_mode_get();
	pmw_mode_set(mode);
	pmw_setting_record("mode", pmw_mode_name(old), pmw_mode_name(mode));
	pmw_audit_mode(old, mode);
	mutex_unlock(&pmw_settings_lock);
	return count;
}

static const struct file_operations pmw_mode_fops = {
	.open = pmw_setting_open,
	.read = pmw_mode_read,
	.write = pmw_mode_write,
	.llseek = generic_file_llseek,
};

/**
 * struct pmw_number_setting - a setting read and written in decimal
 * @name: its file's name
 * @max: the highest value accepted
 * @get: reads it
 * @set: changes it
 */
struct pmw_number_setting {
	const char *name;
	unsigned int max;
	unsigned int (*get)(void);
	void (*set)(unsigned int value);
};

static const struct pmw_number_setting pmw_audit_rate_setting = {
	.name = "audit_rate",
	.max = PMW_AUDIT_RATE_MAX,
	.get = pmw_audit_rate_get,
	.set = pmw_audit_rate_set,
};

static const struct pmw_number_setting pmw_self_rate_setting = {
	.name = "self_rate",
	.max = PMW_SELF_RATE_MAX,
	.get = pmw_self_rate_get,
	.set = pmw_self_rate_set,
};

static ssize_t pmw_number_read(struct file *file, char __user *buf,
			       size_t count, loff_t *ppos)
{
	const struct pmw_number_setting *setting = file_inode(file)->i_private;
	char line[PMW_SETTING_WRITE_MAX];
	int len;

	len = scnprintf(line, sizeof(line), "%u\n", setting->get());
	return simple_read_from_buffer(buf, count, ppos, line, len);
}

static ssize_t pmw_number_write(struct file *file, const char __user *buf,
				size_t count, loff_t *ppos)
{
	const struct pmw_number_setting *setting = file_inode(file)->i_private;
	char num[PMW_SETTING_WRITE_MAX + 1], old[16], new[16];
	unsigned int value;
	int err;

	if (pmw_locked())
		return -EPERM;
	err = pmw_setting_copy(num, buf, count, ppos);
	if (!err && (kstrtouint(num, 10, &value) || value > setting->max))
		err = -EINVAL;
	if (!err)
		err = pmw_setting_begin();
	if (err)
		return err;
	snprintf(old, sizeof(old), "%u", setting->get());
	setting->set(value);
	snprintf(new, sizeof(new), "%u", value);
	pmw_setting_changed(setting->name, old, new);
	mutex_unlock(&pmw_settings_lock);
	return count;
}

static const struct file_operations pmw_number_fops = {
	.open = pmw_setting_open,
	.read = pmw_number_read,
	.write = pmw_number_write,
	.llseek = generic_file_llseek,
};

static ssize_t pmw_lock_read(struct file *file, char __user *buf,
			     size_t count, loff_t *ppos)
{
	char line[] = { pmw_locked() ? '1' : '0', '\n' };

	return simple_read_from_buffer(buf, count, ppos, line, sizeof(line));
}

/* Only "1" is accepted: there is nothing to unlock to. */
static ssize_t pmw_lock_write(struct file *file, const char __user *buf,
			      size_t count, loff_t *ppos)
{
	char word[PMW_SETTING_WRITE_MAX + 1];
	int err;

	if (pmw_locked())
		return -EPERM;
	err = pmw_setting_copy(word, buf, count, ppos);
	if (!err && strcmp(word, "1") && strcmp(word, "1\n"))
		err = -EINVAL;
	if (!err)
		err = pmw_setting_begin();
	if (err)
		return err;
	pmw_lock();
	pmw_setting_changed("lock", "0", "1");
	mutex_unlock(&pmw_settings_lock);
	return count;
}

static const struct file_operations pmw_lock_fops = {
	.open = pmw_setting_open,
	.read = pmw_lock_read,
	.write = pmw_lock_write,
	.llseek = generic_file_llseek,
};

static int pmw_policy_show_file(struct seq_file *m, void *v)
{
	pmw_policy_show(m);
	return 0;
}

static int pmw_policy_open(struct inode *inode, struct file *file)
{
	int err = pmw_setting_open(inode, file);

	if (err || !(file->f_mode & FMODE_READ))
		return err;
	return single_open(file, pmw_policy_show_file, NULL);
}

static int pmw_policy_release(struct inode *inode, struct file *file)
{
	if (file->f_mode & FMODE_READ)
		return single_release(inode, file);
	return 0;
}

/* Copies a policy write, NUL-terminated: one write at offset 0, no NUL. */
static char *pmw_policy_copy(const char __user *buf, size_t count,
			     loff_t *ppos)
{
	char *text;

	if (*ppos)
		return ERR_PTR(-EINVAL);
	if (count > PMW_POLICY_BYTES_MAX)
		return ERR_PTR(-EFBIG);
	text = memdup_user_nul(buf, count);
	if (!IS_ERR(text) && strlen(text) != count) {
		kfree(text);
		return ERR_PTR(-EINVAL);
	}
	return text;
}

static void pmw_rules_name(char *buf, size_t size, unsigned int rules)
{
	snprintf(buf, size, "%u rule%s", rules, str_plural(rules));
}

/*
 * A write replaces the whole policy, or changes nothing. The position
 * moves past it, so that a policy cut into several writes (stdio, a pipe)
 * fails at its second piece instead of each piece replacing the last.
 */
static ssize_t pmw_policy_write(struct file *file, const char __user *buf,
				size_t count, loff_t *ppos)
{
	unsigned int old_rules, new_rules;
	struct pmw_policy *policy;
	char old[16], new[16];
	char *text;
	int err;

	if (pmw_locked())
		return -EPERM;
	if (!count)
		return 0;
	text = pmw_policy_copy(buf, count, ppos);
	if (IS_ERR(text))
		return PTR_ERR(text);
	err = pmw_policy_build(text, &policy);
	kfree(text);
	if (!err)
		err = pmw_setting_begin();
	if (err) {
		pmw_policy_free(policy);
		return err;
	}
	pmw_policy_install(policy, &old_rules, &new_rules);
	pmw_rules_name(old, sizeof(old), old_rules);
	pmw_rules_name(new, sizeof(new), new_rules);
	pmw_setting_record("policy", old, new);
	pmw_audit_policy_load(old_rules, new_rules);
	mutex_unlock(&pmw_settings_lock);
	*ppos += count;
	return count;
}

static loff_t pmw_policy_llseek(struct file *file, loff_t offset, int whence)
{
	if (file->f_mode & FMODE_READ)
		return seq_lseek(file, offset, whence);
	return generic_file_llseek(file, offset, whence);
}

static const struct file_operations pmw_policy_fops = {
	.open = pmw_policy_open,
	.read = seq_read,
	.write = pmw_policy_write,
	.llseek = pmw_policy_llseek,
	.release = pmw_policy_release,
};

/**
 * pmw_init_securityfs - create /sys/kernel/security/procmemwatch/
 *
 * Runs from fs_initcall() for an enabled procmemwatch, after pmw_init()
 * (the VFS caches securityfs needs do not exist when an LSM's init runs).
 *
 * Return: 0, or a negative errno.
 */
int __init pmw_init_securityfs(void)
{
	struct dentry *dir, *f;

	/* pmw_init() ran out of memory: there is nothing to show. */
	if (!pmw_enabled)
		return 0;
	dir = securityfs_create_dir("procmemwatch", NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	f = securityfs_create_file("events", 0444, dir, NULL, &pmw_events_fops);
	if (IS_ERR(f))
		goto err;
	f = securityfs_create_file("stats", 0444, dir, NULL, &pmw_stats_fops);
	if (IS_ERR(f))
		goto err;
	f = securityfs_create_file("mode", 0600, dir, NULL, &pmw_mode_fops);
	if (IS_ERR(f))
		goto err;
	f = securityfs_create_file("policy", 0600, dir, NULL, &pmw_policy_fops);
	if (IS_ERR(f))
		goto err;
	f = securityfs_create_file("lock", 0600, dir, NULL, &pmw_lock_fops);
	if (IS_ERR(f))
		goto err;
	f = securityfs_create_file("audit_rate", 0600, dir,
				   (void *)&pmw_audit_rate_setting,
				   &pmw_number_fops);
	if (IS_ERR(f))
		goto err;
	f = securityfs_create_file("self_rate", 0600, dir,
				   (void *)&pmw_self_rate_setting,
				   &pmw_number_fops);
	if (IS_ERR(f))
		goto err;
	return 0;
err:
	securityfs_remove(dir);
	return PTR_ERR(f);
}
