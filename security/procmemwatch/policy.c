// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the policy in force
 *
 * The policy is a list of rules, each allowing the openers that meet all
 * of its conditions (parse.c has the grammar). A write replaces the whole
 * policy: it is parsed in full first, and on any error the policy in force
 * stays. The hooks read the policy under RCU, so that they never wait for
 * a writer or a reader of the policy file.
 *
 * An exe= rule holds its file's inode, not its mount: a package upgrade
 * that replaces the file by rename leaves the rule holding the old inode,
 * which no new process runs (the rule reads back as stale until a refresh
 * follows its path again), and an unmounted filesystem takes its inodes
 * away from the rules (sb_delete) rather than being kept busy by them.
 *
 * Locks: pmw_policy_lock (a mutex) serialises the replacements, reads of
 * the policy file, refreshes and sb_delete: every change of a rule's @exe
 * is made under it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "policy.h"
#include "route.h"
#include "setup.h"

/* NULL is the empty policy: it allows nothing but a process's own memory. */
static struct pmw_policy __rcu *pmw_policy;

static DEFINE_MUTEX(pmw_policy_lock);

/* Rules from the command line: no file can be named before root is mounted. */
static char *pmw_boot_policy __initdata;
module_param_named(policy, pmw_boot_policy, charp, 0);
MODULE_PARM_DESC(policy, "rules without exe=, separated by ';'");

/**
 * pmw_policy_allows - whether the policy in force allows an access
 * @s: the access and its opener
 *
 * Never sleeps and takes no lock: it is called with a task_lock() held on
 * the routes without a file.
 *
 * Return: true when a rule allows it.
 */
bool pmw_policy_allows(const struct pmw_subject *s)
{
	const struct pmw_policy *policy;
	bool allowed = false;
	unsigned int i;

	rcu_read_lock();
	policy = rcu_dereference(pmw_policy);
	for (i = 0; policy && !allowed && i < policy->count; i++)
		allowed = pmw_rule_allows(&policy->rules[i], s);
	rcu_read_unlock();
	return allowed;
}

/**
 * pmw_policy_names - whether an exe= rule names a file
 * @inode: the file's inode
 *
 * Never sleeps.
 *
 * Return: true if a rule in force holds @inode.
 */
bool pmw_policy_names(const struct inode *inode)
{
	const struct pmw_policy *policy;
	bool named = false;
	unsigned int i;

	rcu_read_lock();
	policy = rcu_dereference(pmw_policy);
	for (i = 0; policy && !named && i < policy->count; i++)
		named = rcu_access_pointer(policy->rules[i].exe) == inode;
	rcu_read_unlock();
	return named;
}

static unsigned int pmw_policy_rules(const struct pmw_policy *policy)
{
	return policy ? policy->count : 0;
}

/* The policy in force, for a holder of pmw_policy_lock. */
static struct pmw_policy *pmw_policy_held(void)
{
	return rcu_dereference_protected(pmw_policy,
					 lockdep_is_held(&pmw_policy_lock));
}

/*
 * The policy is in force, where sb_delete finds it: its rules no longer
 * need their mounts held. A last mntput() defers the unmount: no
 * sb_delete runs under pmw_policy_lock.
 */
static void pmw_policy_unpin(struct pmw_policy *policy)
{
	unsigned int i;

	for (i = 0; i < pmw_policy_rules(policy); i++) {
		path_put(&policy->rules[i].pin);
		policy->rules[i].pin = (struct path) {};
	}
}

/**
 * pmw_policy_install - put a parsed policy in force
 * @policy: the policy, or NULL for the empty one; owned by procmemwatch
 *	from now on
 * @old_rules: set to the number of rules replaced
 * @new_rules: set to the number of rules now in force
 *
 * The new policy replaces the old one at once for every later access: a
 * hook sees either. Sleeps, to wait for the hooks still reading the old
 * policy before freeing it.
 */
void pmw_policy_install(struct pmw_policy *policy, unsigned int *old_rules,
			unsigned int *new_rules)
{
	struct pmw_policy *old;

	might_sleep();
	mutex_lock(&pmw_policy_lock);
	old = rcu_replace_pointer(pmw_policy, policy,
				  lockdep_is_held(&pmw_policy_lock));
	pmw_policy_unpin(policy);
	synchronize_rcu();
	*old_rules = pmw_policy_rules(old);
	*new_rules = pmw_policy_rules(policy);
	/* Under the lock: an unmount's sb_delete must find no inode held. */
	pmw_policy_free(old);
	mutex_unlock(&pmw_policy_lock);
}

/* What became of the file an exe= rule named. */
enum pmw_rule_state {
	PMW_RULE_CURRENT,	/* its path still names it */
	PMW_RULE_REPLACED,	/* its path names another file now */
	PMW_RULE_DELETED,	/* its path names nothing now */
	PMW_RULE_GONE,		/* its filesystem was unmounted */
};

static const char *const pmw_rule_state_names[] = {
	[PMW_RULE_REPLACED] = "replaced",
	[PMW_RULE_DELETED] = "deleted",
	[PMW_RULE_GONE] = "gone",
};

/*
 * Resolves the rule's path again; sleeps. @now is set to the file it names
 * now, held, or NULL.
 */
static enum pmw_rule_state pmw_rule_state(const struct pmw_rule *rule,
					  struct inode **now)
{
	struct inode *held = rcu_access_pointer(rule->exe);
	struct path path;

	*now = NULL;
	if (kern_path(rule->exe_name, LOOKUP_FOLLOW, &path))
		return held ? PMW_RULE_DELETED : PMW_RULE_GONE;
	if (S_ISREG(d_inode(path.dentry)->i_mode)) {
		*now = d_inode(path.dentry);
		ihold(*now);
	}
	path_put(&path);
	if (!held)
		return PMW_RULE_GONE;
	return *now == held ? PMW_RULE_CURRENT : PMW_RULE_REPLACED;
}

/* Bytes of a path that would not read back as one word, as \ooo. */
static void pmw_show_path(struct seq_file *m, const char *path)
{
	for (; *path; path++) {
		unsigned char c = *path;

		if (c <= ' ' || c == '\\' || c == '#' || c >= 0x7f)
			seq_printf(m, "\\%03o", c);
		else
			seq_putc(m, c);
	}
}

static void pmw_show_routes(struct seq_file *m, u32 routes)
{
	char sep = '=';
	u32 route;

	seq_puts(m, " route");
	for (route = 1; route < PMW_ROUTE_COUNT; route++) {
		if (routes & PMW_ROUTE_BIT(route)) {
			seq_printf(m, "%c%s", sep, pmw_route(route)->name);
			sep = ',';
		}
	}
}

static void pmw_show_rule(struct seq_file *m, const struct pmw_rule *rule)
{
	enum pmw_rule_state state = PMW_RULE_CURRENT;
	struct inode *now = NULL;

	seq_puts(m, "allow");
	if (rule->exe_name) {
		seq_puts(m, " exe=");
		pmw_show_path(m, rule->exe_name);
		state = pmw_rule_state(rule, &now);
		iput(now);
	}
	if (rule->has_uid)
		seq_printf(m, " uid=%u", from_kuid(&init_user_ns, rule->uid));
	if (rule->tracer)
		seq_puts(m, " tracer");
	seq_printf(m, " access=%s",
		   rule->access & PMW_ACCESS_WRITE ? "rw" : "read");
	if (rule->routes != pmw_routes_with(PMW_ROUTE_DEFAULT))
		pmw_show_routes(m, rule->routes);
	if (state != PMW_RULE_CURRENT)
		seq_printf(m, " # now: %s", pmw_rule_state_names[state]);
	seq_putc(m, '\n');
}

/**
 * pmw_policy_show - write the policy in force, one rule per line
 * @m: the policy file being read
 *
 * Each rule is written in one canonical form: the keys in a fixed order,
 * access= always, route= when it is not the default, in the order of the
 * route numbers, the path of exe= as it was written, escaped; then, for
 * an exe= rule whose path no longer names its file, a comment saying so,
 * which reads back as nothing.
 */
void pmw_policy_show(struct seq_file *m)
{
	const struct pmw_policy *policy;
	unsigned int i;

	mutex_lock(&pmw_policy_lock);
	policy = pmw_policy_held();
	for (i = 0; i < pmw_policy_rules(policy); i++)
		pmw_show_rule(m, &policy->rules[i]);
	mutex_unlock(&pmw_policy_lock);
}

/**
 * pmw_policy_counts - how many rules are in force, and how many are stale
 * @rules: set to the number of rules
 * @stale: set to the number of exe= rules whose path no longer names
 *	their file
 *
 * Resolves every exe= rule's path: sleeps.
 */
void pmw_policy_counts(unsigned int *rules, unsigned int *stale)
{
	const struct pmw_policy *policy;
	struct inode *now;
	unsigned int i;

	*stale = 0;
	mutex_lock(&pmw_policy_lock);
	policy = pmw_policy_held();
	*rules = pmw_policy_rules(policy);
	for (i = 0; i < *rules; i++) {
		if (!policy->rules[i].exe_name)
			continue;
		if (pmw_rule_state(&policy->rules[i], &now) != PMW_RULE_CURRENT)
			(*stale)++;
		iput(now);
	}
	mutex_unlock(&pmw_policy_lock);
}

/* Puts @inode in the rule's place; the caller waits for RCU and puts the old. */
static struct inode *pmw_rule_swap_exe(struct pmw_rule *rule,
				       struct inode *inode)
{
	return rcu_replace_pointer(rule->exe, inode,
				   lockdep_is_held(&pmw_policy_lock));
}

/**
 * pmw_policy_refresh - make every exe= rule hold the file its path names now
 * @stale: set to how many rules did not hold it
 * @moved: set to how many now hold another file than before
 *
 * Follows the paths the rules were written with, and nothing else: it
 * cannot make a rule allow a program that no rule named by path, so it is
 * allowed after the lock. For package upgrades, which replace a program's
 * file by a rename. Sleeps.
 */
void pmw_policy_refresh(unsigned int *stale, unsigned int *moved)
{
	struct pmw_policy *policy;
	struct inode *now, *old;
	struct pmw_rule *rule;
	unsigned int i;

	*stale = 0;
	*moved = 0;
	mutex_lock(&pmw_policy_lock);
	policy = pmw_policy_held();
	for (i = 0; i < pmw_policy_rules(policy); i++) {
		rule = &policy->rules[i];
		if (!rule->exe_name)
			continue;
		if (pmw_rule_state(rule, &now) == PMW_RULE_CURRENT) {
			iput(now);
			continue;
		}
		(*stale)++;
		if (!now)
			continue;
		old = pmw_rule_swap_exe(rule, now);
		(*moved)++;
		synchronize_rcu();
		iput(old);
	}
	mutex_unlock(&pmw_policy_lock);
}

/*
 * A filesystem is going away: the rules let go of its inodes, which must
 * not outlive it, and match nothing until a refresh finds their files
 * again. Runs before the VFS evicts the filesystem's inodes.
 */
static void pmw_sb_delete(struct super_block *sb)
{
	struct pmw_policy *policy;
	struct inode *exe;
	unsigned int i;

	mutex_lock(&pmw_policy_lock);
	policy = pmw_policy_held();
	for (i = 0; i < pmw_policy_rules(policy); i++) {
		exe = rcu_access_pointer(policy->rules[i].exe);
		if (!exe || exe->i_sb != sb)
			continue;
		exe = pmw_rule_swap_exe(&policy->rules[i], NULL);
		synchronize_rcu();
		iput(exe);
	}
	mutex_unlock(&pmw_policy_lock);
}

static struct security_hook_list pmw_policy_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(sb_delete, pmw_sb_delete),
};

/**
 * pmw_add_policy_hooks - let go of the files of unmounted filesystems
 */
void __init pmw_add_policy_hooks(void)
{
	security_add_hooks(pmw_policy_hooks, ARRAY_SIZE(pmw_policy_hooks),
			   &pmw_lsmid);
}

/**
 * pmw_policy_init - put the command line's rules in force
 *
 * procmemwatch.policy= holds rules separated by ';'. A policy that does
 * not parse leaves the empty one, which denies more, not less.
 *
 * Return: 0, or -ENOMEM.
 */
int __init pmw_policy_init(void)
{
	struct pmw_policy_error error;
	struct pmw_policy *policy;
	char *text;
	int err;

	if (!pmw_boot_policy)
		return 0;
	text = kstrdup(pmw_boot_policy, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	strreplace(text, ';', '\n');
	err = pmw_policy_parse(text, true, &policy, &error);
	kfree(text);
	if (err == -ENOMEM)
		return err;
	if (err)
		pr_err("procmemwatch.policy= rule %u: %s: no rule is in force\n",
		       error.line, error.why);
	else
		RCU_INIT_POINTER(pmw_policy, policy);
	return 0;
}
