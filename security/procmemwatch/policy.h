/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * procmemwatch: the policy that enforce mode applies
 */

#ifndef _SECURITY_PROCMEMWATCH_POLICY_H
#define _SECURITY_PROCMEMWATCH_POLICY_H

#include <linux/fs.h>
#include <linux/path.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/types.h>
#include <linux/uidgid.h>

/* Bounds of a policy write. */
#define PMW_POLICY_BYTES_MAX	65536
#define PMW_POLICY_LINE_MAX	4096
#define PMW_POLICY_RULES_MAX	1024

/**
 * struct pmw_rule - one rule: the openers it allows, and to do what
 * @exe: the inode of the file the opener's program must have been exec'd
 *	from, held, so that it cannot be freed and its address reused; NULL
 *	once its filesystem went away. Not its mount: the rule must not
 *	keep a filesystem from being unmounted. Written under
 *	pmw_rule_exe_lock, read with rcu_access_pointer(), only compared
 * @pin: @exe's path, held from the parse until the policy is in force,
 *	so that the filesystem cannot go away in between, unseen
 * @exe_name: @exe's path as written, or NULL when any program will do
 * @uid: the opener's real uid, when @has_uid
 * @has_uid: whether @uid is a condition
 * @tracer: whether the opener must be the target's tracer, by an attach
 * @access: the PMW_ACCESS_* bits it allows
 * @routes: the routes it covers, a PMW_ROUTE_BIT() each
 */
struct pmw_rule {
	struct inode __rcu *exe;
	struct path pin;
	char *exe_name;
	kuid_t uid;
	bool has_uid;
	bool tracer;
	u16 access;
	u32 routes;
};

/**
 * struct pmw_policy - rules, in the order written
 * @count: how many
 * @rules: the rules
 */
struct pmw_policy {
	unsigned int count;
	struct pmw_rule rules[] __counted_by(count);
};

/**
 * struct pmw_subject - what the rules look at, gathered once per access
 * @exe: the inode exe= rules know the opener by, or NULL
 * @uid: the opener's real uid
 * @tracer: whether it is the target's tracer, by an attach
 * @access: the PMW_ACCESS_* bits the access asks for
 * @route: PMW_ROUTE_*
 */
struct pmw_subject {
	const struct inode *exe;
	kuid_t uid;
	bool tracer;
	u16 access;
	u32 route;
};

/**
 * struct pmw_policy_error - why a policy was refused
 * @line: the line, counted from 1
 * @why: the reason
 */
struct pmw_policy_error {
	unsigned int line;
	char why[96];
};

int pmw_policy_parse(char *text, bool boot, struct pmw_policy **policy,
		     struct pmw_policy_error *error);
void pmw_policy_free(struct pmw_policy *policy);
bool pmw_rule_allows(const struct pmw_rule *rule, const struct pmw_subject *s);

int pmw_policy_init(void);
bool pmw_policy_allows(const struct pmw_subject *s);
bool pmw_policy_names(const struct inode *inode);
void pmw_policy_install(struct pmw_policy *policy, unsigned int *old_rules,
			unsigned int *new_rules);
void pmw_policy_show(struct seq_file *m);
void pmw_policy_counts(unsigned int *rules, unsigned int *stale);
void pmw_policy_refresh(unsigned int *stale, unsigned int *moved);
void pmw_add_policy_hooks(void);

#endif /* _SECURITY_PROCMEMWATCH_POLICY_H */
