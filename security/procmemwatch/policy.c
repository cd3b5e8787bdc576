// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the policy, which openers may reach another's memory
 *
 * The policy is a list of rules, each allowing the openers that meet all
 * of its conditions. It is written as text, one rule per line:
 *
 *	allow [exe=PATH] [uid=UID] [tracer] [access=read|rw] [route=R[,R]]
 *
 * exe= names the file the opener's program was exec'd from, by identity:
 * the rule holds the file it named when it was written. uid= is the
 * opener's real uid. tracer asks that the opener be the target's ptrace
 * tracer. access= says whether only reads or also writes are allowed.
 * route= lists the routes the rule covers; without it, every route into
 * another process's memory, but not /proc/kcore, which holds the memory
 * of every process and of the kernel: a rule written for a debugger must
 * not grant it.
 * A write replaces the whole policy: it is parsed in full first, and on
 * any error the policy in force stays. The hook reads the policy under
 * RCU, so that it never waits for a writer or a reader of the policy file.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/overflow.h>
#include <linux/pid.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uidgid.h>

#include "procmemwatch.h"

/**
 * struct pmw_rule - one rule: the openers it allows, and to do what
 * @exe: the file the opener's program must have been exec'd from, held
 *	so that its inode cannot be freed and its number reused; no
 *	dentry when any program will do
 * @exe_name: @exe's path as written, or NULL
 * @uid: the opener's real uid, when @has_uid
 * @has_uid: whether @uid is a condition
 * @tracer: whether the opener must be the target's ptrace tracer
 * @access: the PMW_ACCESS_* bits it allows
 * @routes: the routes it covers, a bit (1 << PMW_ROUTE_*) each
 */
struct pmw_rule {
	struct path exe;
	char *exe_name;
	kuid_t uid;
	bool has_uid;
	bool tracer;
	u16 access;
	u32 routes;
};

#define PMW_ROUTE_BIT(route)	(1U << (route))

/* What a rule without route= covers: every route but /proc/kcore. */
#define PMW_ROUTES_DEFAULT	(PMW_ROUTE_BIT(PMW_ROUTE_MEM) |		\
				 PMW_ROUTE_BIT(PMW_ROUTE_PROCESS_VM_READV) |	\
				 PMW_ROUTE_BIT(PMW_ROUTE_PROCESS_VM_WRITEV) |	\
				 PMW_ROUTE_BIT(PMW_ROUTE_PTRACE_ATTACH))

/* The routes where the opener may already be the target's tracer. */
#define PMW_ROUTES_TRACED	(PMW_ROUTE_BIT(PMW_ROUTE_MEM) |		\
				 PMW_ROUTE_BIT(PMW_ROUTE_PROCESS_VM_READV) |	\
				 PMW_ROUTE_BIT(PMW_ROUTE_PROCESS_VM_WRITEV))

static const char *const pmw_route_names[] = {
	[PMW_ROUTE_MEM] = "mem",
	[PMW_ROUTE_PROCESS_VM_READV] = "process_vm_readv",
	[PMW_ROUTE_PROCESS_VM_WRITEV] = "process_vm_writev",
	[PMW_ROUTE_PTRACE_ATTACH] = "ptrace_attach",
	[PMW_ROUTE_KCORE] = "kcore",
};

/**
 * struct pmw_policy - the rules in force
 * @count: how many
 * @rules: the rules, in the order written
 */
struct pmw_policy {
	unsigned int count;
	struct pmw_rule rules[] __counted_by(count);
};

/* NULL is the empty policy: it allows nothing but self-opens. */
static struct pmw_policy __rcu *pmw_policy;

/* Serialises replacements, and keeps the policy file's reads whole. */
static DEFINE_MUTEX(pmw_policy_lock);

/* Rules from the command line; no file can be named before the root is mounted. */
static char *pmw_boot_policy __initdata;
module_param_named(policy, pmw_boot_policy, charp, 0);
MODULE_PARM_DESC(policy, "rules without exe=, separated by ';'");

/**
 * struct pmw_opener - what the rules look at, gathered once per access
 * @exec_inode: the inode the opener's program was exec'd from, or NULL
 * @uid: the opener's real uid
 * @tracer: whether it is the target's ptrace tracer
 * @access: the PMW_ACCESS_* bits the access asks for
 * @route: PMW_ROUTE_*
 */
struct pmw_opener {
	const struct inode *exec_inode;
	kuid_t uid;
	bool tracer;
	u16 access;
	u32 route;
};

static bool pmw_rule_allows(const struct pmw_rule *rule,
			    const struct pmw_opener *op)
{
	if ((op->access & rule->access) != op->access)
		return false;
	if (!(rule->routes & PMW_ROUTE_BIT(op->route)))
		return false;
	if (rule->has_uid && !uid_eq(rule->uid, op->uid))
		return false;
	if (rule->tracer && !op->tracer)
		return false;
	return !rule->exe.dentry || d_inode(rule->exe.dentry) == op->exec_inode;
}

static bool pmw_policy_matches(const struct pmw_policy *policy,
			       const struct pmw_opener *op)
{
	unsigned int i;

	for (i = 0; policy && i < policy->count; i++)
		if (pmw_rule_allows(&policy->rules[i], op))
			return true;
	return false;
}

/**
 * pmw_policy_allows - whether the policy allows an access by the current
 *	task to another's memory, or to the kernel's
 * @route: PMW_ROUTE_*, the way in
 * @access: PMW_ACCESS_* bits asked for
 * @target: the task whose memory it is, never the current task's thread
 *	group; NULL for /proc/kcore. The caller keeps it from being freed
 *
 * Never sleeps and takes no lock: it is called with the target's
 * task_lock() held on the ptrace routes.
 *
 * Return: true when the access is allowed.
 */
bool pmw_policy_allows(u32 route, u16 access, struct task_struct *target)
{
	struct file *exec_file = pmw_task(current)->exec_file;
	struct pmw_opener op = {
		.exec_inode = exec_file ? file_inode(exec_file) : NULL,
		.uid = current_uid(),
		.access = access,
		.route = route,
	};
	struct task_struct *tracer;
	bool allowed;

	rcu_read_lock();
	tracer = target ? ptrace_parent(target) : NULL;
	op.tracer = tracer && same_thread_group(tracer, current);
	allowed = pmw_policy_matches(rcu_dereference(pmw_policy), &op);
	rcu_read_unlock();
	return allowed;
}

/* route=R[,R...]: each name once, at least one. */
static const char *pmw_parse_routes(char *value, struct pmw_rule *rule)
{
	u32 route, bit;
	char *name;

	while ((name = strsep(&value, ","))) {
		for (route = 1; route < ARRAY_SIZE(pmw_route_names); route++)
			if (pmw_route_names[route] &&
			    !strcmp(name, pmw_route_names[route]))
				break;
		if (route == ARRAY_SIZE(pmw_route_names))
			return "route= names an unknown route";
		bit = PMW_ROUTE_BIT(route);
		if (rule->routes & bit)
			return "route= names a route twice";
		rule->routes |= bit;
	}
	return NULL;
}

/**
 * pmw_policy_free - free a policy that is not, or no longer, in force
 * @policy: the policy, or NULL
 */
void pmw_policy_free(struct pmw_policy *policy)
{
	unsigned int i;

	if (!policy)
		return;
	for (i = 0; i < policy->count; i++) {
		path_put(&policy->rules[i].exe);
		kfree(policy->rules[i].exe_name);
	}
	kvfree(policy);
}

/* Decodes \ooo escapes in place; false on a malformed one or a NUL. */
static bool pmw_unescape(char *s)
{
	char *out = s;
	unsigned int byte;

	while (*s) {
		if (*s != '\\') {
			*out++ = *s++;
			continue;
		}
		if (s[1] < '0' || s[1] > '3' || s[2] < '0' || s[2] > '7' ||
		    s[3] < '0' || s[3] > '7')
			return false;
		byte = (s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0');
		if (!byte)
			return false;
		*out++ = byte;
		s += 4;
	}
	*out = '\0';
	return true;
}

/* Resolves exe=PATH; returns an error message or NULL. */
static const char *pmw_parse_exe(char *value, struct pmw_rule *rule,
				 bool boot)
{
	struct inode *inode;

	if (boot)
		return "exe= cannot be used on the command line";
	if (!pmw_unescape(value))
		return "exe= has a bad escape: use \\ooo, three octal digits, not \\000";
	if (value[0] != '/')
		return "exe= needs an absolute path";
	if (kern_path(value, LOOKUP_FOLLOW, &rule->exe))
		return "exe= names no file that can be reached";
	inode = d_inode(rule->exe.dentry);
	if (!S_ISREG(inode->i_mode))
		return "exe= names something other than a regular file";
	rule->exe_name = kstrdup(value, GFP_KERNEL);
	return rule->exe_name ? NULL : "out of memory";
}

static const char *pmw_parse_key(char *word, struct pmw_rule *rule,
				 bool boot)
{
	char *value = strchr(word, '=');
	u32 uid;

	if (value)
		*value++ = '\0';
	if (!strcmp(word, "tracer") && !value) {
		if (rule->tracer)
			return "tracer is given twice";
		rule->tracer = true;
		return NULL;
	}
	if (!value)
		return "unknown keyword";
	if (!*value)
		return "a key without a value";
	if (!strcmp(word, "exe")) {
		if (rule->exe.dentry || rule->exe_name)
			return "exe= is given twice";
		return pmw_parse_exe(value, rule, boot);
	}
	if (!strcmp(word, "uid")) {
		if (rule->has_uid)
			return "uid= is given twice";
		if (kstrtou32(value, 10, &uid) || uid == (u32)-1)
			return "uid= needs a uid in decimal";
		rule->uid = make_kuid(&init_user_ns, uid);
		rule->has_uid = true;
		return NULL;
	}
	if (!strcmp(word, "access")) {
		if (rule->access)
			return "access= is given twice";
		if (!strcmp(value, "read"))
			rule->access = PMW_ACCESS_READ;
		else if (!strcmp(value, "rw"))
			rule->access = PMW_ACCESS_READ | PMW_ACCESS_WRITE;
		else
			return "access= is read or rw";
		return NULL;
	}
	if (!strcmp(word, "route")) {
		if (rule->routes)
			return "route= is given twice";
		return pmw_parse_routes(value, rule);
	}
	return "unknown keyword";
}

static const char *pmw_parse_rule(char *line, struct pmw_rule *rule,
				  bool boot)
{
	const char *why;
	char *word;
	bool first = true;

	while ((word = strsep(&line, " \t"))) {
		if (!*word)
			continue;
		if (first) {
			if (strcmp(word, "allow"))
				return "a rule starts with allow";
			first = false;
			continue;
		}
		why = pmw_parse_key(word, rule, boot);
		if (why)
			return why;
	}
	if (!rule->exe.dentry && !rule->has_uid && !rule->tracer)
		return "a rule needs exe=, uid= or tracer";
	if (!rule->access)
		rule->access = PMW_ACCESS_READ;
	if (!rule->routes)
		rule->routes = PMW_ROUTES_DEFAULT;
	if (rule->tracer && !(rule->routes & PMW_ROUTES_TRACED))
		return "tracer never holds for ptrace_attach or kcore";
	return NULL;
}

static bool pmw_rules_equal(const struct pmw_rule *a, const struct pmw_rule *b)
{
	return a->access == b->access && a->tracer == b->tracer &&
	       a->routes == b->routes &&
	       a->has_uid == b->has_uid &&
	       (!a->has_uid || uid_eq(a->uid, b->uid)) &&
	       (a->exe.dentry ? d_inode(a->exe.dentry) : NULL) ==
	       (b->exe.dentry ? d_inode(b->exe.dentry) : NULL);
}

/* A line that is empty, blank or a comment holds no rule. */
static bool pmw_line_is_rule(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i < len && line[i] != '#';
}

static int pmw_policy_error(unsigned int lineno, const char *why)
{
	pr_notice("policy line %u: %s\n", lineno, why);
	return -EINVAL;
}

/* Counts the rules of @text, checking line lengths and the rule limit. */
static int pmw_policy_count(const char *text, unsigned int *count)
{
	unsigned int lineno = 0, rules = 0;
	const char *end;

	for (; *text; text = *end ? end + 1 : end) {
		end = strchrnul(text, '\n');
		lineno++;
		if (end - text > PMW_POLICY_LINE_MAX)
			return pmw_policy_error(lineno, "line too long");
		if (pmw_line_is_rule(text, end - text) &&
		    ++rules > PMW_POLICY_RULES_MAX)
			return pmw_policy_error(lineno, "too many rules");
	}
	*count = rules;
	return 0;
}

/* Parses @text, which it cuts up, into a policy of @count rules. */
static int pmw_policy_parse(char *text, unsigned int count, bool boot,
			    struct pmw_policy **out)
{
	struct pmw_policy *policy;
	unsigned int lineno = 0, i;
	struct pmw_rule *rule;
	const char *why;
	char *line;

	*out = NULL;
	if (!count)
		return 0;
	policy = kvzalloc(struct_size(policy, rules, count), GFP_KERNEL);
	if (!policy)
		return -ENOMEM;
	while ((line = strsep(&text, "\n"))) {
		lineno++;
		if (!pmw_line_is_rule(line, strlen(line)))
			continue;
		rule = &policy->rules[policy->count];
		policy->count++;
		why = pmw_parse_rule(line, rule, boot);
		for (i = 0; !why && i + 1 < policy->count; i++)
			if (pmw_rules_equal(&policy->rules[i], rule))
				why = "repeats an earlier rule";
		if (why) {
			pmw_policy_free(policy);
			return pmw_policy_error(lineno, why);
		}
	}
	*out = policy;
	return 0;
}

static unsigned int pmw_policy_rules(const struct pmw_policy *policy)
{
	return policy ? policy->count : 0;
}

/**
 * pmw_policy_build - parse a policy's text
 * @text: the text, NUL-terminated; cut up while parsed
 * @policy: set to the policy, which nothing uses yet, or NULL
 *
 * Resolves the paths of exe= rules, so it sleeps; takes no lock.
 *
 * Return: 0; -EINVAL naming the bad line in the kernel log; -ENOMEM.
 */
int pmw_policy_build(char *text, struct pmw_policy **policy)
{
	unsigned int count;
	int err;

	*policy = NULL;
	err = pmw_policy_count(text, &count);
	return err ? err : pmw_policy_parse(text, count, false, policy);
}

/**
 * pmw_policy_install - put a built policy in force
 * @policy: the policy, or NULL for the empty one; owned by the module
 *	from now on
 * @old_rules: set to the number of rules replaced
 * @new_rules: set to the number of rules now in force
 *
 * The new policy replaces the old one at once for every later open: a
 * hook sees either. Sleeps, to wait for the hooks still reading the old
 * policy before freeing it.
 */
void pmw_policy_install(struct pmw_policy *policy, unsigned int *old_rules,
			unsigned int *new_rules)
{
	struct pmw_policy *old;

	mutex_lock(&pmw_policy_lock);
	old = rcu_replace_pointer(pmw_policy, policy,
				  lockdep_is_held(&pmw_policy_lock));
	mutex_unlock(&pmw_policy_lock);
	synchronize_rcu();
	*old_rules = pmw_policy_rules(old);
	*new_rules = pmw_policy_rules(policy);
	pmw_policy_free(old);
}

/* Bytes of a path that would not read back as one word, as \ooo. */
static void pmw_show_path(struct seq_file *m, const char *path)
{
	for (; *path; path++) {
		unsigned char c = *path;

		if (c <= ' ' || c == '\\' || c >= 0x7f)
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
	for (route = 1; route < ARRAY_SIZE(pmw_route_names); route++) {
		if (routes & PMW_ROUTE_BIT(route)) {
			seq_printf(m, "%c%s", sep, pmw_route_names[route]);
			sep = ',';
		}
	}
}

/**
 * pmw_policy_show - write the policy in force, one rule per line
 * @m: the policy file being read
 *
 * Each rule is written in one canonical form: the keys in a fixed order,
 * access= always, route= when it is not the default, in the order of the
 * route numbers, the path of exe= as it was written, escaped.
 */
void pmw_policy_show(struct seq_file *m)
{
	const struct pmw_policy *policy;
	const struct pmw_rule *rule;
	unsigned int i;

	mutex_lock(&pmw_policy_lock);
	policy = rcu_dereference_protected(pmw_policy,
					   lockdep_is_held(&pmw_policy_lock));
	for (i = 0; i < pmw_policy_rules(policy); i++) {
		rule = &policy->rules[i];
		seq_puts(m, "allow");
		if (rule->exe_name) {
			seq_puts(m, " exe=");
			pmw_show_path(m, rule->exe_name);
		}
		if (rule->has_uid)
			seq_printf(m, " uid=%u",
				   from_kuid(&init_user_ns, rule->uid));
		if (rule->tracer)
			seq_puts(m, " tracer");
		seq_printf(m, " access=%s",
			   rule->access & PMW_ACCESS_WRITE ? "rw" : "read");
		if (rule->routes != PMW_ROUTES_DEFAULT)
			pmw_show_routes(m, rule->routes);
		seq_putc(m, '\n');
	}
	mutex_unlock(&pmw_policy_lock);
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
	struct pmw_policy *policy;
	unsigned int count;
	char *text;
	int err;

	if (!pmw_boot_policy)
		return 0;
	text = kstrdup(pmw_boot_policy, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	strreplace(text, ';', '\n');
	err = pmw_policy_count(text, &count);
	if (!err)
		err = pmw_policy_parse(text, count, true, &policy);
	kfree(text);
	if (err == -ENOMEM)
		return err;
	if (err)
		pr_err("procmemwatch.policy= is not valid: no rule is in force\n");
	else
		RCU_INIT_POINTER(pmw_policy, policy);
	return 0;
}

#ifdef CONFIG_SECURITY_PROCMEMWATCH_KUNIT_TEST
#include <kunit/test.h>

/* Parses @text as the command line's rules are parsed: no exe=. */
static int pmw_test_parse(struct kunit *test, const char *text,
			  struct pmw_policy **policy)
{
	char *copy = kunit_kstrdup(test, text, GFP_KERNEL);
	unsigned int count;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, copy);
	*policy = NULL;
	err = pmw_policy_count(copy, &count);
	return err ? err : pmw_policy_parse(copy, count, true, policy);
}

static void pmw_policy_test_grammar(struct kunit *test)
{
	static const char text[] =
		"allow tracer\n# a comment\n\n \t\n  allow uid=1000 access=rw\n"
		"allow\ttracer  uid=0 access=read";
	struct pmw_policy *policy;
	const struct pmw_rule *r;

	KUNIT_ASSERT_EQ(test, pmw_test_parse(test, text, &policy), 0);
	KUNIT_ASSERT_NOT_NULL(test, policy);
	KUNIT_ASSERT_EQ(test, policy->count, 3);
	r = &policy->rules[0];
	KUNIT_EXPECT_TRUE(test, r->tracer);
	KUNIT_EXPECT_FALSE(test, r->has_uid);
	KUNIT_EXPECT_EQ(test, r->access, PMW_ACCESS_READ);
	r = &policy->rules[1];
	KUNIT_EXPECT_FALSE(test, r->tracer);
	KUNIT_EXPECT_TRUE(test, r->has_uid);
	KUNIT_EXPECT_EQ(test, from_kuid(&init_user_ns, r->uid), 1000);
	KUNIT_EXPECT_EQ(test, r->access, PMW_ACCESS_READ | PMW_ACCESS_WRITE);
	r = &policy->rules[2];
	KUNIT_EXPECT_TRUE(test, r->tracer && r->has_uid);
	KUNIT_EXPECT_EQ(test, from_kuid(&init_user_ns, r->uid), 0);
	KUNIT_EXPECT_EQ(test, r->routes, PMW_ROUTES_DEFAULT);
	pmw_policy_free(policy);

	KUNIT_ASSERT_EQ(test,
			pmw_test_parse(test, "allow uid=0 route=kcore\n"
				       "allow tracer route=ptrace_attach,mem", &policy),
			0);
	KUNIT_ASSERT_EQ(test, policy->count, 2);
	KUNIT_EXPECT_EQ(test, policy->rules[0].routes,
			PMW_ROUTE_BIT(PMW_ROUTE_KCORE));
	KUNIT_EXPECT_EQ(test, policy->rules[1].routes,
			PMW_ROUTE_BIT(PMW_ROUTE_MEM) |
			PMW_ROUTE_BIT(PMW_ROUTE_PTRACE_ATTACH));
	pmw_policy_free(policy);

	KUNIT_EXPECT_EQ(test, pmw_test_parse(test, "# nothing\n\n", &policy), 0);
	KUNIT_EXPECT_NULL(test, policy);
}

static void pmw_policy_test_rejects(struct kunit *test)
{
	static const char *const bad[] = {
		"deny tracer", "allow", "Allow tracer", "allow Tracer",
		"allow access=rw", "allow uid=", "allow uid=-1",
		"allow uid=4294967295", "allow uid=4294967296", "allow uid=1x",
		"allow uid= 1", "allow tracer tracer", "allow uid=1 uid=2",
		"allow tracer access=write", "allow tracer access=read access=rw",
		"allow tracer=1", "allow =tracer", "allow exe=/bin/sh",
		"allow tracer\nallow tracer access=read",
		"allow uid=7 access=rw\nallow access=rw uid=7",
		"allow tracer\nallow bogus",
		"allow tracer route=", "allow tracer route=Mem",
		"allow tracer route=mem,", "allow tracer route=,mem",
		"allow tracer route=mem,mem", "allow tracer route=unknown",
		"allow tracer route=mem route=kcore",
		"allow uid=1 route=kcore\nallow route=kcore uid=1",
		"allow tracer route=kcore", "allow tracer route=ptrace_attach,kcore",
	};
	struct pmw_policy *policy;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, pmw_test_parse(test, bad[i], &policy),
				    -EINVAL, "%s", bad[i]);
		KUNIT_EXPECT_NULL_MSG(test, policy, "%s", bad[i]);
	}
}

static void pmw_policy_test_limits(struct kunit *test)
{
	size_t size = (PMW_POLICY_RULES_MAX + 1) * 16 + 1;
	char *text = kunit_kzalloc(test, size, GFP_KERNEL);
	struct pmw_policy *policy;
	size_t len = 0;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, text);
	memset(text, ' ', PMW_POLICY_LINE_MAX - 6);
	memcpy(text + PMW_POLICY_LINE_MAX - 6, "tracer", 7);
	memcpy(text, "allow", 5);
	KUNIT_EXPECT_EQ(test, pmw_test_parse(test, text, &policy), 0);
	pmw_policy_free(policy);
	text[PMW_POLICY_LINE_MAX - 6] = ' ';
	memcpy(text + PMW_POLICY_LINE_MAX - 5, "tracer", 7);
	KUNIT_EXPECT_EQ(test, pmw_test_parse(test, text, &policy), -EINVAL);

	for (i = 0; i < PMW_POLICY_RULES_MAX; i++)
		len += scnprintf(text + len, size - len, "allow uid=%d\n", i);
	KUNIT_EXPECT_EQ(test, pmw_test_parse(test, text, &policy), 0);
	KUNIT_EXPECT_EQ(test, pmw_policy_rules(policy), PMW_POLICY_RULES_MAX);
	pmw_policy_free(policy);
	scnprintf(text + len, size - len, "allow uid=%d\n", i);
	KUNIT_EXPECT_EQ(test, pmw_test_parse(test, text, &policy), -EINVAL);
}

static void pmw_policy_test_unescape(struct kunit *test)
{
	static const char *const bad[] = {
		"\\", "\\0", "\\07", "\\08x", "\\400", "\\000", "a\\x41",
	};
	char s[32];
	int i;

	strscpy(s, "/a\\040b\\134c\\011");
	KUNIT_EXPECT_TRUE(test, pmw_unescape(s));
	KUNIT_EXPECT_STREQ(test, s, "/a b\\c\t");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		strscpy(s, bad[i]);
		KUNIT_EXPECT_FALSE_MSG(test, pmw_unescape(s), "%s", bad[i]);
	}
}

/*
 * A rule covers the routes it names; without route=, every route into a
 * process but kcore; access and tracer hold on every route alike.
 */
static void pmw_policy_test_routes(struct kunit *test)
{
	static const struct {
		const char *policy;
		u32 route;
		u16 access;
		bool tracer, allowed;
	} cases[] = {
		{ "allow uid=0", PMW_ROUTE_MEM, PMW_ACCESS_READ, false, true },
		{ "allow uid=0", PMW_ROUTE_PROCESS_VM_READV, PMW_ACCESS_READ, false, true },
		{ "allow uid=0", PMW_ROUTE_PROCESS_VM_WRITEV, PMW_ACCESS_WRITE, false, false },
		{ "allow uid=0", PMW_ROUTE_KCORE, PMW_ACCESS_READ, false, false },
		{ "allow uid=0 access=rw", PMW_ROUTE_PTRACE_ATTACH,
		  PMW_ACCESS_READ | PMW_ACCESS_WRITE, false, true },
		{ "allow uid=0 access=rw", PMW_ROUTE_KCORE, PMW_ACCESS_READ, false, false },
		{ "allow uid=0 route=kcore", PMW_ROUTE_KCORE, PMW_ACCESS_READ, false, true },
		{ "allow uid=0 route=kcore", PMW_ROUTE_MEM, PMW_ACCESS_READ, false, false },
		{ "allow uid=0 route=mem,ptrace_attach access=rw", PMW_ROUTE_PROCESS_VM_READV,
		  PMW_ACCESS_READ, false, false },
		{ "allow tracer", PMW_ROUTE_PROCESS_VM_READV, PMW_ACCESS_READ, true, true },
		{ "allow tracer", PMW_ROUTE_PROCESS_VM_READV, PMW_ACCESS_READ, false, false },
		{ "allow tracer access=rw", PMW_ROUTE_PTRACE_ATTACH,
		  PMW_ACCESS_READ | PMW_ACCESS_WRITE, false, false },
	};
	struct pmw_opener op = { .uid = GLOBAL_ROOT_UID };
	struct pmw_policy *policy;
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		KUNIT_ASSERT_EQ(test, pmw_test_parse(test, cases[i].policy, &policy), 0);
		op.route = cases[i].route;
		op.access = cases[i].access;
		op.tracer = cases[i].tracer;
		KUNIT_EXPECT_EQ_MSG(test, pmw_policy_matches(policy, &op),
				    cases[i].allowed, "case %d: %s", i, cases[i].policy);
		pmw_policy_free(policy);
	}
}

static struct kunit_case pmw_policy_test_cases[] = {
	KUNIT_CASE(pmw_policy_test_grammar),
	KUNIT_CASE(pmw_policy_test_rejects),
	KUNIT_CASE(pmw_policy_test_limits),
	KUNIT_CASE(pmw_policy_test_unescape),
	KUNIT_CASE(pmw_policy_test_routes),
	{}
};

static struct kunit_suite pmw_policy_test_suite = {
	.name = "procmemwatch_policy",
	.test_cases = pmw_policy_test_cases,
};

kunit_test_suite(pmw_policy_test_suite);
#endif /* CONFIG_SECURITY_PROCMEMWATCH_KUNIT_TEST */
