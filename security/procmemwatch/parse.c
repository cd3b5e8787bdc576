// SPDX-License-Identifier: GPL-2.0-only
/*
 * procmemwatch: the grammar of the policy
 *
 * One rule per line:
 *
 *	allow [exe=PATH] [uid=UID] [tracer] [access=read|rw] [route=R[,R]] [# ...]
 *
 * exe= names the file the opener's program was exec'd from, by identity:
 * the rule holds the inode it named when it was written. uid= is the
 * opener's real uid. tracer asks that the opener be the target's tracer,
 * by an attach. access= says whether only reads or also writes are
 * allowed. route= lists the routes the rule covers; without it, every
 * route into another process's memory, but not /proc/kcore, which holds
 * the memory of every process and of the kernel: a rule written for a
 * debugger must not grant it. A word that starts with # ends the rule.
 *
 * A rule that can never match is refused, with the reason: one that lists
 * a route needing more access than it allows, or a tracer rule listing a
 * route where no tracer can be. Once locked, a policy that allows nothing
 * it seemed to would stay until reboot.
 */

#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/namei.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uidgid.h>

#include "policy.h"
#include "route.h"

static int pmw_refuse(struct pmw_policy_error *error, const char *why)
{
	strscpy(error->why, why);
	return -EINVAL;
}

/* route=R[,R...]: each name once, at least one. */
static int pmw_parse_routes(char *value, struct pmw_rule *rule,
			    struct pmw_policy_error *error)
{
	u32 route, bit;
	char *name;

	while ((name = strsep(&value, ","))) {
		route = pmw_route_by_name(name);
		if (!route)
			return pmw_refuse(error, "route= names an unknown route");
		bit = PMW_ROUTE_BIT(route);
		if (rule->routes & bit)
			return pmw_refuse(error, "route= names a route twice");
		rule->routes |= bit;
	}
	return 0;
}

/**
 * pmw_policy_free - free a policy that is not, or no longer, in force
 * @policy: the policy, or NULL
 */
void pmw_policy_free(struct pmw_policy *policy)
{
	struct inode *exe;
	unsigned int i;

	if (!policy)
		return;
	for (i = 0; i < policy->count; i++) {
		exe = rcu_dereference_protected(policy->rules[i].exe, true);
		iput(exe);
		path_put(&policy->rules[i].pin);
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

/*
 * Resolves exe=PATH to the file's inode, held. The path is held too, only
 * until the policy is in force: the rule does not pin the mount.
 */
static int pmw_parse_exe(char *value, struct pmw_rule *rule, bool boot,
			 struct pmw_policy_error *error)
{
	struct inode *inode;
	struct path path;

	if (boot)
		return pmw_refuse(error, "exe= cannot be used on the command line");
	if (!pmw_unescape(value))
		return pmw_refuse(error,
				  "exe= has a bad escape: use \\ooo, three octal digits, not \\000");
	if (value[0] != '/')
		return pmw_refuse(error, "exe= needs an absolute path");
	if (kern_path(value, LOOKUP_FOLLOW, &path))
		return pmw_refuse(error, "exe= names no file that can be reached");
	inode = d_inode(path.dentry);
	if (!S_ISREG(inode->i_mode)) {
		path_put(&path);
		return pmw_refuse(error, "exe= names something other than a regular file");
	}
	ihold(inode);
	RCU_INIT_POINTER(rule->exe, inode);
	rule->pin = path;
	rule->exe_name = kstrdup(value, GFP_KERNEL);
	return rule->exe_name ? 0 : -ENOMEM;
}

static int pmw_parse_uid(const char *value, struct pmw_rule *rule,
			 struct pmw_policy_error *error)
{
	u32 uid;

	if (rule->has_uid)
		return pmw_refuse(error, "uid= is given twice");
	if (kstrtou32(value, 10, &uid) || uid == (u32)-1)
		return pmw_refuse(error, "uid= needs a uid in decimal");
	rule->uid = make_kuid(&init_user_ns, uid);
	rule->has_uid = true;
	return 0;
}

static int pmw_parse_access(const char *value, struct pmw_rule *rule,
			    struct pmw_policy_error *error)
{
	if (rule->access)
		return pmw_refuse(error, "access= is given twice");
	if (!strcmp(value, "read"))
		rule->access = PMW_ACCESS_READ;
	else if (!strcmp(value, "rw"))
		rule->access = PMW_ACCESS_READ | PMW_ACCESS_WRITE;
	else
		return pmw_refuse(error, "access= is read or rw");
	return 0;
}

static int pmw_parse_key(char *word, struct pmw_rule *rule, bool boot,
			 struct pmw_policy_error *error)
{
	char *value = strchr(word, '=');

	if (value)
		*value++ = '\0';
	if (!strcmp(word, "tracer") && !value) {
		if (rule->tracer)
			return pmw_refuse(error, "tracer is given twice");
		rule->tracer = true;
		return 0;
	}
	if (!value)
		return pmw_refuse(error, "unknown keyword");
	if (!*value)
		return pmw_refuse(error, "a key without a value");
	if (!strcmp(word, "exe")) {
		if (rule->exe_name)
			return pmw_refuse(error, "exe= is given twice");
		return pmw_parse_exe(value, rule, boot, error);
	}
	if (!strcmp(word, "uid"))
		return pmw_parse_uid(value, rule, error);
	if (!strcmp(word, "access"))
		return pmw_parse_access(value, rule, error);
	if (!strcmp(word, "route")) {
		if (rule->routes)
			return pmw_refuse(error, "route= is given twice");
		return pmw_parse_routes(value, rule, error);
	}
	return pmw_refuse(error, "unknown keyword");
}

/* Each route a rule names must be one it can match. */
static int pmw_check_routes(const struct pmw_rule *rule,
			    struct pmw_policy_error *error)
{
	const struct pmw_route *r;
	u32 route;

	for (route = 1; route < PMW_ROUTE_COUNT; route++) {
		r = pmw_route(route);
		if (!(rule->routes & PMW_ROUTE_BIT(route)))
			continue;
		if (r->access & ~rule->access) {
			snprintf(error->why, sizeof(error->why),
				 "route=%s needs access=rw", r->name);
			return -EINVAL;
		}
		if (rule->tracer && !(r->flags & PMW_ROUTE_TARGET)) {
			snprintf(error->why, sizeof(error->why),
				 "tracer never holds for %s: it has no target", r->name);
			return -EINVAL;
		}
	}
	return 0;
}

static int pmw_parse_rule(char *line, struct pmw_rule *rule, bool boot,
			  struct pmw_policy_error *error)
{
	bool first = true, routes;
	char *word;
	int err;

	while ((word = strsep(&line, " \t")) && *word != '#') {
		if (!*word)
			continue;
		if (first) {
			if (strcmp(word, "allow"))
				return pmw_refuse(error, "a rule starts with allow");
			first = false;
			continue;
		}
		err = pmw_parse_key(word, rule, boot, error);
		if (err)
			return err;
	}
	if (!rule->exe_name && !rule->has_uid && !rule->tracer)
		return pmw_refuse(error, "a rule needs exe=, uid= or tracer");
	if (!rule->access)
		rule->access = PMW_ACCESS_READ;
	routes = rule->routes;
	if (!routes)
		rule->routes = pmw_routes_with(PMW_ROUTE_DEFAULT);
	return routes ? pmw_check_routes(rule, error) : 0;
}

static bool pmw_rules_equal(const struct pmw_rule *a, const struct pmw_rule *b)
{
	return a->access == b->access && a->tracer == b->tracer &&
	       a->routes == b->routes &&
	       a->has_uid == b->has_uid &&
	       (!a->has_uid || uid_eq(a->uid, b->uid)) &&
	       !a->exe_name == !b->exe_name &&
	       rcu_access_pointer(a->exe) == rcu_access_pointer(b->exe);
}

/* A line that is empty, blank or a comment holds no rule. */
static bool pmw_line_is_rule(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i < len && line[i] != '#';
}

/* Counts the rules of @text, checking line lengths and the rule limit. */
static int pmw_policy_count(const char *text, unsigned int *count,
			    struct pmw_policy_error *error)
{
	unsigned int rules = 0;
	const char *end;

	error->line = 0;
	for (; *text; text = *end ? end + 1 : end) {
		end = strchrnul(text, '\n');
		error->line++;
		if (end - text > PMW_POLICY_LINE_MAX)
			return pmw_refuse(error, "line too long");
		if (pmw_line_is_rule(text, end - text) &&
		    ++rules > PMW_POLICY_RULES_MAX)
			return pmw_refuse(error, "too many rules");
	}
	*count = rules;
	return 0;
}

/* Parses the rules of @text, which it cuts up, into @policy. */
static int pmw_policy_fill(char *text, bool boot, struct pmw_policy *policy,
			   struct pmw_policy_error *error)
{
	struct pmw_rule *rule;
	unsigned int i;
	char *line;
	int err;

	error->line = 0;
	while ((line = strsep(&text, "\n"))) {
		error->line++;
		if (!pmw_line_is_rule(line, strlen(line)))
			continue;
		rule = &policy->rules[policy->count++];
		err = pmw_parse_rule(line, rule, boot, error);
		for (i = 0; !err && i + 1 < policy->count; i++)
			if (pmw_rules_equal(&policy->rules[i], rule))
				err = pmw_refuse(error, "repeats an earlier rule");
		if (err)
			return err;
	}
	return 0;
}

/**
 * pmw_policy_parse - parse a policy's text
 * @text: the text, NUL-terminated; cut up while parsed
 * @boot: whether it comes from the command line: no file can be named
 *	before the root is mounted, so exe= is refused
 * @policy: set to the policy, which nothing uses yet; NULL when it has
 *	no rule or on error
 * @error: set to the line at fault and why, on -EINVAL
 *
 * Resolves the paths of exe= rules, so it sleeps; takes no lock.
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int pmw_policy_parse(char *text, bool boot, struct pmw_policy **policy,
		     struct pmw_policy_error *error)
{
	struct pmw_policy *p;
	unsigned int count;
	int err;

	*policy = NULL;
	err = pmw_policy_count(text, &count, error);
	if (err || !count)
		return err;
	p = kvzalloc(struct_size(p, rules, count), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	err = pmw_policy_fill(text, boot, p, error);
	if (err) {
		pmw_policy_free(p);
		return err;
	}
	*policy = p;
	return 0;
}

/**
 * pmw_rule_allows - whether one rule allows an access
 * @rule: the rule
 * @s: the access and its opener
 *
 * Return: true when every condition of @rule holds for @s.
 */
bool pmw_rule_allows(const struct pmw_rule *rule, const struct pmw_subject *s)
{
	if ((s->access & rule->access) != s->access)
		return false;
	if (!(rule->routes & PMW_ROUTE_BIT(s->route)))
		return false;
	if (rule->has_uid && !uid_eq(rule->uid, s->uid))
		return false;
	if (rule->tracer && !s->tracer)
		return false;
	if (!rule->exe_name)
		return true;
	return s->exe && rcu_access_pointer(rule->exe) == s->exe;
}

#ifdef CONFIG_SECURITY_PROCMEMWATCH_KUNIT_TEST
#include <kunit/test.h>

/* Parses @text as the command line's rules are parsed: no exe=. */
static int pmw_test_parse(struct kunit *test, const char *text,
			  struct pmw_policy **policy,
			  struct pmw_policy_error *error)
{
	char *copy = kunit_kstrdup(test, text, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, copy);
	return pmw_policy_parse(copy, true, policy, error);
}

static void pmw_parse_test_grammar(struct kunit *test)
{
	static const char text[] =
		"allow tracer\n# a comment\n\n \t\n  allow uid=1000 access=rw\n"
		"allow\ttracer  uid=0 access=read # why: a debugger\n";
	struct pmw_policy_error error;
	struct pmw_policy *policy;
	const struct pmw_rule *r;

	KUNIT_ASSERT_EQ(test, pmw_test_parse(test, text, &policy, &error), 0);
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
	KUNIT_EXPECT_EQ(test, r->routes, pmw_routes_with(PMW_ROUTE_DEFAULT));
	pmw_policy_free(policy);

	KUNIT_ASSERT_EQ(test,
			pmw_test_parse(test, "allow uid=0 route=kcore\n"
				       "allow tracer route=environ,mem", &policy, &error),
			0);
	KUNIT_ASSERT_EQ(test, policy->count, 2);
	KUNIT_EXPECT_EQ(test, policy->rules[0].routes,
			PMW_ROUTE_BIT(PMW_ROUTE_KCORE));
	KUNIT_EXPECT_EQ(test, policy->rules[1].routes,
			PMW_ROUTE_BIT(PMW_ROUTE_MEM) |
			PMW_ROUTE_BIT(PMW_ROUTE_ENVIRON));
	pmw_policy_free(policy);

	KUNIT_EXPECT_EQ(test, pmw_test_parse(test, "# nothing\n\n", &policy, &error), 0);
	KUNIT_EXPECT_NULL(test, policy);
}

static void pmw_parse_test_refusals(struct kunit *test)
{
	static const struct {
		const char *text;
		unsigned int line;
		const char *why;
	} bad[] = {
		{ "deny tracer", 1, "a rule starts with allow" },
		{ "allow", 1, "a rule needs exe=, uid= or tracer" },
		{ "Allow tracer", 1, "a rule starts with allow" },
		{ "allow Tracer", 1, "unknown keyword" },
		{ "allow access=rw", 1, "a rule needs exe=, uid= or tracer" },
		{ "allow uid=", 1, "a key without a value" },
		{ "allow uid=-1", 1, "uid= needs a uid in decimal" },
		{ "allow uid=4294967295", 1, "uid= needs a uid in decimal" },
		{ "allow uid=4294967296", 1, "uid= needs a uid in decimal" },
		{ "allow uid=1x", 1, "uid= needs a uid in decimal" },
		{ "allow uid= 1", 1, "a key without a value" },
		{ "allow tracer tracer", 1, "tracer is given twice" },
		{ "allow uid=1 uid=2", 1, "uid= is given twice" },
		{ "allow tracer access=write", 1, "access= is read or rw" },
		{ "allow tracer access=read access=rw", 1, "access= is given twice" },
		{ "allow tracer=1", 1, "unknown keyword" },
		{ "allow =tracer", 1, "unknown keyword" },
		{ "allow exe=/bin/sh", 1, "exe= cannot be used on the command line" },
		{ "allow tracer\nallow tracer access=read", 2, "repeats an earlier rule" },
		{ "allow uid=7 access=rw\nallow access=rw uid=7", 2, "repeats an earlier rule" },
		{ "allow tracer\n\n# x\nallow bogus", 4, "unknown keyword" },
		{ "allow tracer route=", 1, "a key without a value" },
		{ "allow tracer route=Mem", 1, "route= names an unknown route" },
		{ "allow tracer route=mem,", 1, "route= names an unknown route" },
		{ "allow tracer route=,mem", 1, "route= names an unknown route" },
		{ "allow tracer route=mem,mem", 1, "route= names a route twice" },
		{ "allow tracer route=unknown", 1, "route= names an unknown route" },
		{ "allow tracer route=mem route=kcore", 1, "route= is given twice" },
		{ "allow uid=1 route=kcore\nallow route=kcore uid=1", 2,
		  "repeats an earlier rule" },
		{ "allow tracer route=kcore", 1, "tracer never holds for kcore: it has no target" },
		{ "allow uid=0 route=ptrace_attach", 1, "route=ptrace_attach needs access=rw" },
		{ "allow uid=0 route=mem,process_vm_writev", 1,
		  "route=process_vm_writev needs access=rw" },
	};
	struct pmw_policy_error error;
	struct pmw_policy *policy;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, pmw_test_parse(test, bad[i].text, &policy, &error),
				    -EINVAL, "%s", bad[i].text);
		KUNIT_EXPECT_NULL_MSG(test, policy, "%s", bad[i].text);
		KUNIT_EXPECT_EQ_MSG(test, error.line, bad[i].line, "%s", bad[i].text);
		KUNIT_EXPECT_STREQ_MSG(test, error.why, bad[i].why, "%s", bad[i].text);
	}
}

static void pmw_parse_test_limits(struct kunit *test)
{
	size_t size = (PMW_POLICY_RULES_MAX + 1) * 16 + 1;
	char *text = kunit_kzalloc(test, size, GFP_KERNEL);
	struct pmw_policy_error error;
	struct pmw_policy *policy;
	size_t len = 0;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, text);
	memset(text, ' ', PMW_POLICY_LINE_MAX - 6);
	memcpy(text + PMW_POLICY_LINE_MAX - 6, "tracer", 7);
	memcpy(text, "allow", 5);
	KUNIT_EXPECT_EQ(test, pmw_test_parse(test, text, &policy, &error), 0);
	pmw_policy_free(policy);
	text[PMW_POLICY_LINE_MAX - 6] = ' ';
	memcpy(text + PMW_POLICY_LINE_MAX - 5, "tracer", 7);
	KUNIT_EXPECT_EQ(test, pmw_test_parse(test, text, &policy, &error), -EINVAL);
	KUNIT_EXPECT_STREQ(test, error.why, "line too long");

	for (i = 0; i < PMW_POLICY_RULES_MAX; i++)
		len += scnprintf(text + len, size - len, "allow uid=%d\n", i);
	KUNIT_EXPECT_EQ(test, pmw_test_parse(test, text, &policy, &error), 0);
	KUNIT_EXPECT_EQ(test, policy->count, PMW_POLICY_RULES_MAX);
	pmw_policy_free(policy);
	scnprintf(text + len, size - len, "allow uid=%d\n", i);
	KUNIT_EXPECT_EQ(test, pmw_test_parse(test, text, &policy, &error), -EINVAL);
	KUNIT_EXPECT_EQ(test, error.line, PMW_POLICY_RULES_MAX + 1);
	KUNIT_EXPECT_STREQ(test, error.why, "too many rules");
}

static void pmw_parse_test_unescape(struct kunit *test)
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
static void pmw_parse_test_matching(struct kunit *test)
{
	static const struct {
		const char *policy;
		u32 route;
		u16 access;
		bool tracer, allowed;
	} cases[] = {
		{ "allow uid=0", PMW_ROUTE_MEM, PMW_ACCESS_READ, false, true },
		{ "allow uid=0", PMW_ROUTE_ENVIRON, PMW_ACCESS_READ, false, true },
		{ "allow uid=0", PMW_ROUTE_PROCESS_VM_READV, PMW_ACCESS_READ, false, true },
		{ "allow uid=0", PMW_ROUTE_PROCESS_VM_WRITEV, PMW_ACCESS_WRITE, false, false },
		{ "allow uid=0", PMW_ROUTE_KCORE, PMW_ACCESS_READ, false, false },
		{ "allow uid=0", PMW_ROUTE_PERF_SAMPLE, PMW_ACCESS_READ, false, true },
		{ "allow uid=0", PMW_ROUTE_CORE_DUMP, PMW_ACCESS_READ, false, true },
		{ "allow uid=0 access=rw", PMW_ROUTE_PTRACE_ATTACH,
		  PMW_ACCESS_READ | PMW_ACCESS_WRITE, false, true },
		{ "allow uid=0 access=rw", PMW_ROUTE_KCORE, PMW_ACCESS_READ, false, false },
		{ "allow uid=0 route=kcore", PMW_ROUTE_KCORE, PMW_ACCESS_READ, false, true },
		{ "allow uid=0 route=kcore", PMW_ROUTE_MEM, PMW_ACCESS_READ, false, false },
		{ "allow uid=0 route=mem,ptrace_attach access=rw", PMW_ROUTE_PROCESS_VM_READV,
		  PMW_ACCESS_READ, false, false },
		{ "allow uid=1 access=rw", PMW_ROUTE_MEM, PMW_ACCESS_READ, false, false },
		{ "allow tracer", PMW_ROUTE_PROCESS_VM_READV, PMW_ACCESS_READ, true, true },
		{ "allow tracer", PMW_ROUTE_PROCESS_VM_READV, PMW_ACCESS_READ, false, false },
		{ "allow tracer access=rw", PMW_ROUTE_PTRACE_ATTACH,
		  PMW_ACCESS_READ | PMW_ACCESS_WRITE, false, false },
		/* A traced exec: the tracer attached to the program before. */
		{ "allow tracer access=rw route=ptrace_attach", PMW_ROUTE_PTRACE_ATTACH,
		  PMW_ACCESS_READ | PMW_ACCESS_WRITE, true, true },
	};
	struct pmw_subject s = { .uid = GLOBAL_ROOT_UID };
	struct pmw_policy_error error;
	struct pmw_policy *policy;
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		KUNIT_ASSERT_EQ(test, pmw_test_parse(test, cases[i].policy, &policy,
						     &error), 0);
		s.route = cases[i].route;
		s.access = cases[i].access;
		s.tracer = cases[i].tracer;
		KUNIT_EXPECT_EQ_MSG(test, pmw_rule_allows(&policy->rules[0], &s),
				    cases[i].allowed, "case %d: %s", i, cases[i].policy);
		pmw_policy_free(policy);
	}
}

static struct kunit_case pmw_parse_test_cases[] = {
	KUNIT_CASE(pmw_parse_test_grammar),
	KUNIT_CASE(pmw_parse_test_refusals),
	KUNIT_CASE(pmw_parse_test_limits),
	KUNIT_CASE(pmw_parse_test_unescape),
	KUNIT_CASE(pmw_parse_test_matching),
	{}
};

static struct kunit_suite pmw_parse_test_suite = {
	.name = "procmemwatch_policy",
	.test_cases = pmw_parse_test_cases,
};

kunit_test_suite(pmw_parse_test_suite);
#endif /* CONFIG_SECURITY_PROCMEMWATCH_KUNIT_TEST */
