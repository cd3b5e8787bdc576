// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the files of its settings in /sys/kernel/security/procmemwatch/
 *
 * mode          the mode, read and written as a word
 * policy        the rules that allow accesses, read and written as text
 * policy_error  why the last policy write was refused, or nothing
 * lock          0, or 1 once the settings are frozen until reboot
 * audit_rate    audit records per user and second at most, in decimal
 * event_rate    access records per user and second, in decimal
 * refresh       writing 1 makes exe= rules follow their paths to the files
 *               there now (allowed when locked: it widens nothing)
 *
 * Writing needs CAP_MAC_ADMIN in the initial user namespace, and is
 * refused to everyone once locked (but for refresh). Each accepted write
 * is a config record in the stream and an audit record naming the writer;
 * a bad one changes nothing. Reads are root's only (mode 0600): whether
 * anyone is watching, and how, is none of an unprivileged user's
 * business.
 *
 * Locks: pmw_settings_lock serialises the writes, so that each record has
 * the right old value; it is taken before the policy's own lock, and
 * nothing under it waits on user memory or for room in audit's backlog:
 * audit records are logged after it is dropped.
 */

#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/string_choices.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "audit.h"
#include "budget.h"
#include "event.h"
#include "lock.h"
#include "mode.h"
#include "policy.h"
#include "settings.h"

/* The longest valid write to a setting: a word or a number and a newline. */
#define PMW_SETTING_WRITE_MAX	16

static DEFINE_MUTEX(pmw_settings_lock);

/* Why the last policy write was refused: "line N: REASON", or empty. */
static char pmw_policy_error[128];

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

	lockdep_assert_held(&pmw_settings_lock);
	strscpy_pad(rec.setting, name);
	strscpy_pad(rec.old_value, old);
	strscpy_pad(rec.new_value, new);
	pmw_event_commit(&rec.hdr);
	atomic64_inc(&pmw_event_stats.config_changes);
}

/*
 * Starts a change of a setting, once the write is copied and checked:
 * takes pmw_settings_lock, unless the settings are locked (and @locked_too
 * is false). Writes check the lock first too, so that a locked setting
 * refuses every write alike, good or bad.
 */
static int pmw_setting_begin(bool locked_too)
{
	if (mutex_lock_killable(&pmw_settings_lock))
		return -EINTR;
	if (pmw_locked() && !locked_too) {
		mutex_unlock(&pmw_settings_lock);
		return -EPERM;
	}
	return 0;
}

/* Opening a setting to write needs CAP_MAC_ADMIN in the initial namespace. */
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
		err = pmw_setting_begin(false);
	if (err)
		return err;
	old = pmw_mode_get();
	pmw_mode_set(mode);
	pmw_setting_record("mode", pmw_mode_name(old), pmw_mode_name(mode));
	mutex_unlock(&pmw_settings_lock);
	pmw_audit_mode(old, mode);
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
 * @get: reads it
 * @set: changes it
 */
struct pmw_number_setting {
	const char *name;
	unsigned int (*get)(void);
	void (*set)(unsigned int value);
};

static const struct pmw_number_setting pmw_audit_rate_setting = {
	.name = "audit_rate",
	.get = pmw_audit_rate_get,
	.set = pmw_audit_rate_set,
};

static const struct pmw_number_setting pmw_event_rate_setting = {
	.name = "event_rate",
	.get = pmw_event_rate_get,
	.set = pmw_event_rate_set,
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
	if (!err && (kstrtouint(num, 10, &value) || value > PMW_RATE_MAX))
		err = -EINVAL;
	if (!err)
		err = pmw_setting_begin(false);
	if (err)
		return err;
	snprintf(old, sizeof(old), "%u", setting->get());
	setting->set(value);
	snprintf(new, sizeof(new), "%u", value);
	pmw_setting_record(setting->name, old, new);
	mutex_unlock(&pmw_settings_lock);
	pmw_audit_setting(setting->name, old, new);
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
		err = pmw_setting_begin(false);
	if (err)
		return err;
	pmw_lock();
	pmw_setting_record("lock", "0", "1");
	mutex_unlock(&pmw_settings_lock);
	pmw_audit_setting("lock", "0", "1");
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
			     loff_t *ppos, struct pmw_policy_error *error)
{
	char *text;

	error->line = 0;
	if (*ppos) {
		strscpy(error->why, "a second write to the same open file");
		return ERR_PTR(-EINVAL);
	}
	if (count > PMW_POLICY_BYTES_MAX) {
		strscpy(error->why, "larger than 65536 bytes");
		return ERR_PTR(-EFBIG);
	}
	text = memdup_user_nul(buf, count);
	if (!IS_ERR(text) && strlen(text) != count) {
		kfree(text);
		strscpy(error->why, "a NUL byte");
		return ERR_PTR(-EINVAL);
	}
	return text;
}

static void pmw_rules_name(char *buf, size_t size, unsigned int rules)
{
	snprintf(buf, size, "%u rule%s", rules, str_plural(rules));
}

/* Remembers why a policy write was refused, for the policy_error file. */
static void pmw_policy_refused(const struct pmw_policy_error *error)
{
	lockdep_assert_held(&pmw_settings_lock);
	if (error->line)
		snprintf(pmw_policy_error, sizeof(pmw_policy_error),
			 "line %u: %s\n", error->line, error->why);
	else
		snprintf(pmw_policy_error, sizeof(pmw_policy_error), "%s\n",
			 error->why);
}

/* Parses a policy write; on error, says why in the policy_error file. */
static int pmw_policy_take(const char __user *buf, size_t count, loff_t *ppos,
			   struct pmw_policy **policy)
{
	struct pmw_policy_error error = {};
	char *text;
	int err;

	*policy = NULL;
	text = pmw_policy_copy(buf, count, ppos, &error);
	if (IS_ERR(text)) {
		err = PTR_ERR(text);
	} else {
		err = pmw_policy_parse(text, false, policy, &error);
		kfree(text);
	}
	if (err == -EINVAL || err == -EFBIG) {
		if (!mutex_lock_killable(&pmw_settings_lock)) {
			pmw_policy_refused(&error);
			mutex_unlock(&pmw_settings_lock);
		}
		pmw_audit_policy_load(0, 0, err, error.line);
	}
	return err;
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
	int err;

	if (pmw_locked())
		return -EPERM;
	if (!count)
		return 0;
	err = pmw_policy_take(buf, count, ppos, &policy);
	if (!err)
		err = pmw_setting_begin(false);
	if (err) {
		pmw_policy_free(policy);
		return err;
	}
	pmw_policy_install(policy, &old_rules, &new_rules);
	pmw_rules_name(old, sizeof(old), old_rules);
	pmw_rules_name(new, sizeof(new), new_rules);
	pmw_setting_record("policy", old, new);
	pmw_policy_error[0] = '\0';
	mutex_unlock(&pmw_settings_lock);
	pmw_audit_policy_load(old_rules, new_rules, 0, 0);
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

static ssize_t pmw_policy_error_read(struct file *file, char __user *buf,
				     size_t count, loff_t *ppos)
{
	char error[sizeof(pmw_policy_error)];

	if (mutex_lock_killable(&pmw_settings_lock))
		return -EINTR;
	strscpy(error, pmw_policy_error);
	mutex_unlock(&pmw_settings_lock);
	return simple_read_from_buffer(buf, count, ppos, error, strlen(error));
}

static const struct file_operations pmw_policy_error_fops = {
	.read = pmw_policy_error_read,
	.llseek = generic_file_llseek,
};

/* Only "1": follow the exe= rules' paths now. */
static ssize_t pmw_refresh_write(struct file *file, const char __user *buf,
				 size_t count, loff_t *ppos)
{
	char word[PMW_SETTING_WRITE_MAX + 1], old[16], new[16];
	unsigned int stale, moved;
	int err;

	err = pmw_setting_copy(word, buf, count, ppos);
	if (!err && strcmp(word, "1") && strcmp(word, "1\n"))
		err = -EINVAL;
	if (!err)
		err = pmw_setting_begin(true);
	if (err)
		return err;
	pmw_policy_refresh(&stale, &moved);
	snprintf(old, sizeof(old), "%u stale", stale);
	snprintf(new, sizeof(new), "%u moved", moved);
	pmw_setting_record("refresh", old, new);
	mutex_unlock(&pmw_settings_lock);
	pmw_audit_refresh(stale, moved);
	return count;
}

static const struct file_operations pmw_refresh_fops = {
	.open = pmw_setting_open,
	.write = pmw_refresh_write,
	.llseek = generic_file_llseek,
};

/**
 * pmw_settings_create - create the settings' files
 * @dir: procmemwatch's securityfs directory
 *
 * Return: 0, or a negative errno; the caller removes the directory.
 */
int __init pmw_settings_create(struct dentry *dir)
{
	static const struct {
		const char *name;
		umode_t mode;
		const void *data;
		const struct file_operations *fops;
	} files[] = {
		{ "mode", 0600, NULL, &pmw_mode_fops },
		{ "policy", 0600, NULL, &pmw_policy_fops },
		{ "policy_error", 0400, NULL, &pmw_policy_error_fops },
		{ "lock", 0600, NULL, &pmw_lock_fops },
		{ "audit_rate", 0600, &pmw_audit_rate_setting, &pmw_number_fops },
		{ "event_rate", 0600, &pmw_event_rate_setting, &pmw_number_fops },
		{ "refresh", 0200, NULL, &pmw_refresh_fops },
	};
	struct dentry *f;
	int i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		f = securityfs_create_file(files[i].name, files[i].mode, dir,
					   (void *)files[i].data, files[i].fops);
		if (IS_ERR(f))
			return PTR_ERR(f);
	}
	return 0;
}
