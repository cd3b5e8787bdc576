// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch's policy file: every bad line is refused with EINVAL and
 * named in policy_error ("line N: REASON"), rules that could never hold
 * are refused, trailing comments are comments, the policy reads back in
 * its canonical form and says which exe= files were deleted, replaced or
 * are gone, refresh re-resolves them, and a rule never pins a mount.
 */

#define _GNU_SOURCE
#include <limits.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "common.h"
#include "guard.h"

#define SCRATCH		"/tmp/procmemwatch-policy"
#define OPENER		SCRATCH "/opener"
#define MNT		SCRATCH "/mnt"

FIXTURE(policy) {
	int events;
	struct pmw_settings saved;
};

/* Mode detect, an empty policy, no budget. */
FIXTURE_SETUP(policy)
{
	self->events = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, "detect", "\n", "0"));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
	mkdir(SCRATCH, 0755);
	ASSERT_EQ(0, chdir("/"));
}

FIXTURE_TEARDOWN_PARENT(policy)
{
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
	umount2(MNT, MNT_DETACH);
}

/* Writes 1024 or more rules "allow uid=N" to buf; returns the length. */
static size_t many_rules(char *buf, size_t size, int n)
{
	size_t len = 0;
	int i;

	for (i = 0; i < n && len < size; i++)
		len += snprintf(buf + len, size - len, "allow uid=%d\n", 20000 + i);
	return len;
}

/*
 * Fills buf up to exactly len bytes with the rule and comment lines of at
 * most 4000 bytes; returns len.
 */
static size_t rule_and_comments(char *buf, size_t len, const char *rule)
{
	size_t at = strlen(rule), line;

	memcpy(buf, rule, at);
	while (at < len) {
		line = len - at > 4000 ? 4000 : len - at;
		/* Never leave a last line too short for "#\n". */
		if (len - at - line == 1)
			line--;
		memset(buf + at, 'x', line);
		buf[at] = '#';
		buf[at + line - 1] = '\n';
		at += line;
	}
	return len;
}

/* A rule of exactly len bytes, its newline included: "allow", blanks, "uid=9". */
static size_t long_rule(char *buf, size_t len)
{
	memset(buf, ' ', len);
	memcpy(buf, "allow", 5);
	memcpy(buf + len - 7, " uid=9\n", 7);
	buf[5] = '\t';
	return len;
}

/* A bad policy, the line policy_error names and, when known, its reason. */
struct bad_policy {
	const char *name;
	const char *text;
	int line;
	const char *reason;	/* NULL: any reason, but one */
};

static const struct bad_policy bad[] = {
	{ "unknown key", "allow uid=0\nallow colour=blue\n", 2, NULL },
	{ "unknown verb", "permit uid=0\n", 1, NULL },
	{ "deny", "deny uid=0\n", 1, NULL },
	{ "verb alone", "allow\n", 1, NULL },
	{ "exe= without a path", "allow exe=\n", 1, NULL },
	{ "exe without =", "allow exe\n", 1, NULL },
	{ "nonexistent path", "# first\nallow exe=/nonexistent/procmemwatch\n", 2, NULL },
	{ "a directory", "allow exe=" SCRATCH "\n", 1, NULL },
	{ "not a regular file", "allow exe=/dev/null\n", 1, NULL },
	{ "relative path", "allow exe=relative\n", 1, NULL },
	{ "relative path with ./", "allow exe=./relative\n", 1, NULL },
	{ "duplicate rule", "allow uid=0 access=read\nallow uid=0 access=read\n", 2, NULL },
	{ "duplicate, written otherwise",
	  "allow uid=0\n\nallow uid=0 access=read # again\n", 3, NULL },
	{ "uid twice", "allow uid=0 uid=1\n", 1, NULL },
	{ "tracer twice", "allow tracer tracer\n", 1, NULL },
	{ "access twice", "allow uid=0 access=rw access=read\n", 1, NULL },
	{ "route twice", "allow uid=0 route=mem route=kcore\n", 1, NULL },
	{ "exe twice", "allow exe=" SCRATCH "/relative exe=" SCRATCH "/relative\n", 1, NULL },
	{ "uid -1", "allow uid=-1\n", 1, NULL },
	{ "uid abc", "allow uid=abc\n", 1, NULL },
	{ "uid 2^32", "allow uid=4294967296\n", 1, NULL },
	{ "uid empty", "allow uid=\n", 1, NULL },
	{ "uid hex", "allow uid=0x10\n", 1, NULL },
	{ "uid with a tail", "allow uid=12x\n", 1, NULL },
	{ "uid with a # inside", "allow uid=1#2\n", 1, NULL },
	{ "access=write", "allow uid=0 access=write\n", 1, NULL },
	{ "access empty", "allow uid=0 access=\n", 1, NULL },
	{ "access, no condition", "allow access=rw\n", 1, NULL },
	{ "unknown route", "allow uid=0 route=mem,bogus\n", 1, NULL },
	{ "route empty", "allow uid=0 route=\n", 1, NULL },
	{ "route list with a hole", "allow uid=0 route=mem,,kcore\n", 1, NULL },
	{ "good rules, then a bad one",
	  "allow uid=7\nallow tracer access=rw\nallow uid=\n", 3, NULL },
	/* Rules that could never hold: the kernel says why. */
	{ "ptrace_attach, read only",
	  "allow uid=0 route=ptrace_attach\n", 1, "route=ptrace_attach needs access=rw" },
	{ "process_vm_writev, read only",
	  "allow uid=0 route=mem,process_vm_writev access=read\n", 1,
	  "route=process_vm_writev needs access=rw" },
	{ "tracer of an attach, read only",
	  "allow uid=0 access=rw\nallow tracer route=ptrace_attach\n",
	  2, "route=ptrace_attach needs access=rw" },
	{ "tracer of kcore", "allow tracer route=kcore\n", 1,
	  "tracer never holds for kcore: it has no target" },
	{ "tracer of kcore among others", "allow tracer route=mem,kcore access=rw\n", 1,
	  "tracer never holds for kcore: it has no target" },
};

/*
 * Every bad write fails with its errno, makes no record, leaves the
 * policy in force as it was (it reads back byte for byte the same, and
 * acts the same), and policy_error names its first bad line, once.
 */
TEST_F(policy, bad_policy_writes_change_nothing)
{
	static char before[PMW_POLICY_ROOM], now[PMW_POLICY_ROOM], big[PMW_POLICY_ROOM];
	const char *good = "allow uid=0 access=read\nallow tracer access=rw\n";
	char error[512], want[512];
	pid_t target = pmw_spawn_target(0);
	unsigned int i;
	size_t len;
	int fd;

	ASSERT_LT(0, target);
	ASSERT_EQ(0, pmw_make_file(SCRATCH "/relative"));
	ASSERT_EQ(0, chdir(SCRATCH));
	pmw_set_policy(_metadata, self->events, good, "0 rules", "2 rules");
	ASSERT_STREQ(good, pmw_policy_now(before));
	EXPECT_STREQ("", pmw_read_line(PMW_POLICY_ERROR, error, sizeof(error)))
		TH_LOG("policy_error after an accepted write");

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		const struct bad_policy *b = &bad[i];

		EXPECT_EQ(-EINVAL, pmw_write_str(PMW_POLICY, b->text))
			TH_LOG("%s:\n%s", b->name, b->text);
		EXPECT_STREQ(before, pmw_policy_now(now)) TH_LOG("changed by: %s", b->name);
		ASSERT_LT(0, pmw_read_file(PMW_POLICY_ERROR, error, sizeof(error)))
			TH_LOG("%s: policy_error is empty", b->name);
		snprintf(want, sizeof(want), "line %d: ", b->line);
		EXPECT_EQ(0, strncmp(want, error, strlen(want)))
			TH_LOG("%s: policy_error says \"%s\", expected \"%s...\"",
			       b->name, error, want);
		EXPECT_EQ('\n', error[strlen(error) - 1]) TH_LOG("%s: \"%s\"", b->name, error);
		EXPECT_EQ(strlen(error) - 1, (size_t)(strchr(error, '\n') - error))
			TH_LOG("%s: more than one line: \"%s\"", b->name, error);
		EXPECT_LT(strlen(want) + 1, strlen(error)) TH_LOG("%s: no reason", b->name);
		if (b->reason) {
			snprintf(want, sizeof(want), "line %d: %s\n", b->line, b->reason);
			EXPECT_STREQ(want, error) TH_LOG("%s", b->name);
		}
	}

	/* Embedded NUL bytes. */
	EXPECT_EQ(-EINVAL, pmw_write_policy("allow uid=5\0\n", 13)) TH_LOG("NUL in a line");
	EXPECT_STREQ(before, pmw_policy_now(now));
	EXPECT_EQ(-EINVAL, pmw_write_policy("allow uid=5\n\0", 13)) TH_LOG("NUL at the end");
	EXPECT_STREQ(before, pmw_policy_now(now));
	EXPECT_EQ(-EINVAL, pmw_write_policy("allow exe=/bin\0/sh\n", 19)) TH_LOG("NUL in a path");
	EXPECT_STREQ(before, pmw_policy_now(now));

	/* Lines too long: 5000 bytes, and 4098 (4097 and a newline). */
	len = long_rule(big, 5000);
	EXPECT_EQ(-EINVAL, pmw_write_policy(big, len)) TH_LOG("a line of 5000 bytes");
	EXPECT_STREQ(before, pmw_policy_now(now));
	len = long_rule(big, 4098);
	EXPECT_EQ(-EINVAL, pmw_write_policy(big, len)) TH_LOG("a line of 4098 bytes");
	EXPECT_STREQ(before, pmw_policy_now(now));
	big[0] = '#';
	memset(big + 1, 'x', 4998);
	big[4999] = '\n';
	EXPECT_EQ(-EINVAL, pmw_write_policy(big, 5000)) TH_LOG("a comment line of 5000 bytes");
	EXPECT_STREQ(before, pmw_policy_now(now));

	/* Too many rules, too many bytes. */
	len = many_rules(big, sizeof(big), 1025);
	EXPECT_EQ(-EINVAL, pmw_write_policy(big, len)) TH_LOG("1025 rules");
	EXPECT_STREQ(before, pmw_policy_now(now));
	len = rule_and_comments(big, 65537, "allow uid=7\n");
	EXPECT_EQ(-EFBIG, pmw_write_policy(big, len)) TH_LOG("65537 bytes");
	EXPECT_STREQ(before, pmw_policy_now(now));
	len = rule_and_comments(big, 70000, "allow uid=7\n");
	EXPECT_EQ(-EFBIG, pmw_write_policy(big, len)) TH_LOG("70000 bytes");
	EXPECT_STREQ(before, pmw_policy_now(now));

	/* Anywhere but at offset 0. */
	fd = open(PMW_POLICY, O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, pwrite(fd, "allow uid=5\n", 12, 1)) TH_LOG("a write at offset 1");
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	EXPECT_STREQ(before, pmw_policy_now(now));
	/* Nothing at all: changes nothing either. */
	EXPECT_EQ(0, pmw_write_policy("", 0)) TH_LOG("a write of 0 bytes");
	EXPECT_STREQ(before, pmw_policy_now(now));

	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("a refused write made a record");
	/* The policy in force is still the good one: read yes, write no. */
	ASSERT_EQ(0, chdir("/"));
	pmw_expect_my_open(_metadata, self->events, target, O_RDONLY, 0, 0,
			   "good policy, O_RDONLY, detect");
	pmw_expect_my_open(_metadata, self->events, target, O_RDWR, 0, PMW_INFO_WOULD_DENY,
			   "good policy, O_RDWR, detect");
	pmw_set_mode(_metadata, self->events, "enforce");
	pmw_expect_my_open(_metadata, self->events, target, O_RDONLY, 0, 0,
			   "good policy, O_RDONLY, enforce");
	pmw_expect_my_open(_metadata, self->events, target, O_RDWR, EPERM, 0,
			   "good policy, O_RDWR, enforce");
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("more records than opens");

	/* An accepted write empties policy_error. */
	pmw_set_policy(_metadata, self->events, "\n", "2 rules", "0 rules");
	EXPECT_EQ(0, pmw_read_file(PMW_POLICY_ERROR, error, sizeof(error)));
	pmw_reap(target);
	unlink(SCRATCH "/relative");
}

/*
 * A word that starts with '#' ends the rule: what follows is a comment.
 * The rule reads back without it, and acts.
 */
TEST_F(policy, trailing_comments_are_comments)
{
	static const struct {
		const char *text, *canonical;
	} cases[] = {
		{ "allow uid=0 # root may read\n", "allow uid=0 access=read\n" },
		{ "allow uid=5 access=rw #x uid=7 access=read\n", "allow uid=5 access=rw\n" },
		{ "allow tracer\t#\n", "allow tracer access=read\n" },
		{ "allow uid=9 route=kcore ## twice\n", "allow uid=9 access=read route=kcore\n" },
		{ "# a line\nallow uid=3 #and a rule\n#\n", "allow uid=3 access=read\n" },
	};
	static char now[PMW_POLICY_ROOM];
	pid_t target = pmw_spawn_target(0);
	unsigned int i;

	ASSERT_LT(0, target);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		pmw_set_policy(_metadata, self->events, cases[i].text, NULL, "1 rule");
		EXPECT_STREQ(cases[i].canonical, pmw_policy_now(now)) TH_LOG("%s", cases[i].text);
		EXPECT_EQ(1, pmw_stat("rules"));
	}
	/* The comment takes nothing from the rule before it. */
	pmw_set_policy(_metadata, self->events, "allow uid=0 # access=rw\n", "1 rule", "1 rule");
	pmw_set_mode(_metadata, self->events, "enforce");
	pmw_expect_my_open(_metadata, self->events, target, O_RDONLY, 0, 0, "a commented rule");
	pmw_expect_my_open(_metadata, self->events, target, O_RDWR, EPERM, 0,
			   "what its comment says");
	pmw_reap(target);
}

/*
 * Routes read back in the grammar's words, in its order; a rule without
 * route= covers every route but kcore and reads back without it.
 */
TEST_F(policy, routes_read_back_canonical)
{
	static char now[PMW_POLICY_ROOM];

	pmw_set_policy(_metadata, self->events,
		       "allow uid=1 route=core_dump,environ,mem access=read\n"
		       "allow uid=2 route=perf_sample\n"
		       "allow uid=3 access=rw route=ptrace_attach,process_vm_writev\n"
		       "allow uid=4 route=process_vm_readv,kcore\n", "0 rules", "4 rules");
	EXPECT_STREQ("allow uid=1 access=read route=mem,environ,core_dump\n"
		     "allow uid=2 access=read route=perf_sample\n"
		     "allow uid=3 access=rw route=process_vm_writev,ptrace_attach\n"
		     "allow uid=4 access=read route=process_vm_readv,kcore\n",
		     pmw_policy_now(now));
	EXPECT_EQ(4, pmw_stat("rules"));
}

/*
 * A tracer rule for ptrace_attach holds: a debugger that attached to a
 * program may follow it across its exec (a traced exec is judged as the
 * tracer's attach). It is taken, reads back as written, and acts.
 */
TEST_F(policy, tracer_rule_for_ptrace_attach_is_taken)
{
	static const struct {
		const char *text, *canonical;
	} cases[] = {
		{ "allow tracer access=rw route=ptrace_attach\n",
		  "allow tracer access=rw route=ptrace_attach\n" },
		{ "allow tracer route=mem,ptrace_attach access=rw\n",
		  "allow tracer access=rw route=mem,ptrace_attach\n" },
		{ "allow uid=1000 tracer access=rw route=ptrace_attach # gdb follows exec\n",
		  "allow uid=1000 tracer access=rw route=ptrace_attach\n" },
	};
	static char now[PMW_POLICY_ROOM];
	char error[256];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		EXPECT_EQ(0, pmw_write_str(PMW_POLICY, cases[i].text))
			TH_LOG("refused: %s (%s)", cases[i].text,
			       pmw_read_line(PMW_POLICY_ERROR, error, sizeof(error)));
		pmw_skip_config(_metadata, self->events);
		EXPECT_STREQ(cases[i].canonical, pmw_policy_now(now)) TH_LOG("%s", cases[i].text);
		EXPECT_STREQ("", pmw_read_line(PMW_POLICY_ERROR, error, sizeof(error)));
		EXPECT_EQ(1, pmw_stat("rules"));
	}
	/* With the attach rule taken, the other tracer rules are still refused. */
	EXPECT_EQ(-EINVAL, pmw_write_str(PMW_POLICY, "allow tracer route=kcore\n"));
	EXPECT_STREQ("line 1: tracer never holds for kcore: it has no target",
		     pmw_read_line(PMW_POLICY_ERROR, error, sizeof(error)));
	EXPECT_STREQ(cases[ARRAY_SIZE(cases) - 1].canonical, pmw_policy_now(now));
}

/*
 * A refresh of a policy whose rules name no file (uid= and tracer rules
 * only) follows nothing: a config record "0 stale" -> "0 moved", the
 * rules as they were, and they still act.
 */
TEST_F(policy, refresh_without_exe_rules)
{
	static const char *const policies[] = {
		"allow uid=0 access=read\n",
		"allow tracer access=rw\n",
		"allow uid=0 access=read\nallow tracer access=rw\nallow uid=7 route=kcore\n",
	};
	static char before[PMW_POLICY_ROOM], now[PMW_POLICY_ROOM];
	pid_t target = pmw_spawn_target(0);
	unsigned int i;

	ASSERT_LT(0, target);
	for (i = 0; i < ARRAY_SIZE(policies); i++) {
		pmw_set_policy(_metadata, self->events, policies[i], NULL, NULL);
		pmw_policy_now(before);
		EXPECT_EQ(0, pmw_write_str(PMW_REFRESH, "1")) TH_LOG("%s", policies[i]);
		pmw_expect_config(_metadata, self->events, "refresh", "0 stale", "0 moved");
		EXPECT_STREQ(before, pmw_policy_now(now));
		EXPECT_EQ(0, pmw_stat("stale_rules"));
	}
	/* An empty policy too. */
	pmw_set_policy(_metadata, self->events, "\n", NULL, "0 rules");
	EXPECT_EQ(0, pmw_write_str(PMW_REFRESH, "1"));
	pmw_expect_config(_metadata, self->events, "refresh", "0 stale", "0 moved");
	/* The uid= rule still acts after a refresh: root reads, does not write. */
	pmw_set_policy(_metadata, self->events, policies[0], "0 rules", "1 rule");
	EXPECT_EQ(0, pmw_write_str(PMW_REFRESH, "1"));
	pmw_expect_config(_metadata, self->events, "refresh", "0 stale", "0 moved");
	pmw_set_mode(_metadata, self->events, "enforce");
	pmw_expect_my_open(_metadata, self->events, target, O_RDONLY, 0, 0,
			   "uid=0 read, after a refresh");
	pmw_expect_my_open(_metadata, self->events, target, O_RDWR, EPERM, 0,
			   "uid=0 read, after a refresh, O_RDWR");
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("more records than opens");
	pmw_reap(target);
}

/* policy_error is root's to read only, and nobody's to write. */
TEST_F(policy, policy_error_is_read_only)
{
	struct stat st;

	ASSERT_EQ(0, stat(PMW_POLICY_ERROR, &st));
	EXPECT_EQ(0400U, st.st_mode & 07777);
	ASSERT_EQ(0, stat(PMW_REFRESH, &st));
	EXPECT_EQ(0200U, st.st_mode & 07777);
	EXPECT_NE(0, pmw_write_str(PMW_POLICY_ERROR, "line 1: x\n"));
}

/*
 * A binary a rule names, replaced by a rename as package managers do:
 * the rule still holds the old file, reads back "# now: replaced" and is
 * counted stale, and the new file is no more allowed than any other. A
 * refresh (a config record "1 stale" -> "1 moved") makes the rule name
 * the new file: it reads back plain, and the new program, run after it,
 * is allowed.
 */
TEST_F(policy, refresh_after_a_rename_replace)
{
	static char now[PMW_POLICY_ROOM];
	const char *rule = "allow exe=" OPENER " access=rw\n";
	pid_t target = pmw_spawn_target(0), opener;
	struct pmw_want w;
	struct stat old, new;
	int err;

	ASSERT_LT(0, target);
	ASSERT_EQ(0, pmw_copy_file("/proc/self/exe", OPENER));
	ASSERT_EQ(0, stat(OPENER, &old));
	pmw_set_policy(_metadata, self->events, rule, "0 rules", "1 rule");
	pmw_set_mode(_metadata, self->events, "enforce");
	EXPECT_STREQ(rule, pmw_policy_now(now));
	EXPECT_EQ(0, pmw_stat("stale_rules"));
	opener = pmw_open_from_exe(OPENER, 0, target, O_RDWR, &err);
	EXPECT_EQ(0, err) TH_LOG("the program the rule names");
	w = pmw_want_mem(opener, 0, target, O_RDWR, false, 0);
	w.exe = OPENER;
	pmw_expect_access(_metadata, self->events, &w, "the program the rule names");

	ASSERT_EQ(0, pmw_copy_file("/proc/self/exe", OPENER ".new"));
	ASSERT_EQ(0, rename(OPENER ".new", OPENER));
	ASSERT_EQ(0, stat(OPENER, &new));
	ASSERT_NE(old.st_ino, new.st_ino);
	EXPECT_STREQ("allow exe=" OPENER " access=rw # now: replaced\n", pmw_policy_now(now));
	EXPECT_EQ(1, pmw_stat("stale_rules"));
	opener = pmw_open_from_exe(OPENER, 0, target, O_RDONLY, &err);
	EXPECT_EQ(EPERM, err) TH_LOG("the new file, before a refresh");
	w = pmw_want_mem(opener, 0, target, O_RDONLY, true, 0);
	pmw_expect_access(_metadata, self->events, &w, "the new file, before a refresh");

	/* Bad writes to refresh change nothing. */
	EXPECT_EQ(-EINVAL, pmw_write_str(PMW_REFRESH, "0"));
	EXPECT_EQ(-EINVAL, pmw_write_str(PMW_REFRESH, "2"));
	EXPECT_EQ(-EINVAL, pmw_write_str(PMW_REFRESH, "yes"));
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("a refused refresh made a record");
	EXPECT_EQ(1, pmw_stat("stale_rules"));

	ASSERT_EQ(0, pmw_write_str(PMW_REFRESH, "1"));
	pmw_expect_config(_metadata, self->events, "refresh", "1 stale", "1 moved");
	EXPECT_STREQ(rule, pmw_policy_now(now));
	EXPECT_EQ(0, pmw_stat("stale_rules"));
	EXPECT_EQ(1, pmw_stat("rules"));
	opener = pmw_open_from_exe(OPENER, 0, target, O_RDWR, &err);
	EXPECT_EQ(0, err) TH_LOG("the new file, after the refresh");
	w = pmw_want_mem(opener, 0, target, O_RDWR, false, 0);
	w.exe = OPENER;
	pmw_expect_access(_metadata, self->events, &w, "the new file, after the refresh");
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("more records than opens");
	pmw_reap(target);
	unlink(OPENER);
}

/* A rule whose file was deleted reads back so; a refresh moves nothing then. */
TEST_F(policy, deleted_file_reads_back_deleted)
{
	static char now[PMW_POLICY_ROOM];
	const char *rule = "allow exe=" OPENER " access=read\n";

	ASSERT_EQ(0, pmw_copy_file("/proc/self/exe", OPENER));
	pmw_set_policy(_metadata, self->events, rule, "0 rules", "1 rule");
	ASSERT_EQ(0, unlink(OPENER));
	EXPECT_STREQ("allow exe=" OPENER " access=read # now: deleted\n", pmw_policy_now(now));
	/* Written back, its comment is a comment, and the path names nothing. */
	EXPECT_EQ(-EINVAL, pmw_write_str(PMW_POLICY, now));
}

/*
 * An exe= rule holds its file, not the mount it is on: the filesystem
 * can be unmounted while the rule names it (no EBUSY), the rule then
 * matches nothing and reads back "# now: gone".
 */
TEST_F(policy, exe_rule_does_not_pin_the_mount)
{
	static char now[PMW_POLICY_ROOM];
	const char *rule = "allow exe=" MNT "/opener access=read\n";

	mkdir(MNT, 0755);
	ASSERT_EQ(0, mount("tmpfs", MNT, "tmpfs", 0, "size=16m"));
	ASSERT_EQ(0, pmw_copy_file("/proc/self/exe", MNT "/opener"));
	pmw_set_policy(_metadata, self->events, rule, "0 rules", "1 rule");
	EXPECT_EQ(0, umount(MNT)) TH_LOG("unmounting a filesystem a rule names: %s",
					 strerror(errno));
	EXPECT_STREQ("allow exe=" MNT "/opener access=read # now: gone\n", pmw_policy_now(now));
	EXPECT_EQ(1, pmw_stat("rules"));
	/* A refresh finds nothing at the path: the rule stays gone, nothing moves. */
	ASSERT_EQ(0, pmw_write_str(PMW_REFRESH, "1"));
	pmw_expect_config(_metadata, self->events, "refresh", NULL, "0 moved");
	pmw_set_policy(_metadata, self->events, "\n", "1 rule", "0 rules");
}

/*
 * The limits are inclusive: 65536 bytes, 1024 rules, a line of 4096
 * bytes with its newline.
 */
TEST_F(policy, policy_limits_are_inclusive)
{
	static char big[PMW_POLICY_ROOM], want_text[PMW_POLICY_ROOM], now[PMW_POLICY_ROOM];
	size_t len, at = 0;
	int i;

	len = rule_and_comments(big, 65536, "allow uid=7 access=rw\n");
	EXPECT_EQ(0, pmw_write_policy(big, len)) TH_LOG("65536 bytes");
	pmw_expect_config(_metadata, self->events, "policy", "0 rules", "1 rule");
	EXPECT_STREQ("allow uid=7 access=rw\n", pmw_policy_now(now));

	len = long_rule(big, 4096);
	EXPECT_EQ(0, pmw_write_policy(big, len)) TH_LOG("a line of 4096 bytes");
	pmw_expect_config(_metadata, self->events, "policy", "1 rule", "1 rule");
	EXPECT_STREQ("allow uid=9 access=read\n", pmw_policy_now(now));

	len = many_rules(big, sizeof(big), 1024);
	EXPECT_EQ(0, pmw_write_policy(big, len)) TH_LOG("1024 rules");
	pmw_expect_config(_metadata, self->events, "policy", "1 rule", "1024 rules");
	for (i = 0; i < 1024; i++)
		at += snprintf(want_text + at, sizeof(want_text) - at,
			       "allow uid=%d access=read\n", 20000 + i);
	EXPECT_STREQ(want_text, pmw_policy_now(now));
	EXPECT_TRUE(pmw_no_record(self->events, 0));
}

/*
 * The policy reads back in its canonical form; each write is a config
 * record with the numbers of rules before and after.
 */
TEST_F(policy, policy_reads_back_canonical)
{
	static char now[PMW_POLICY_ROOM], again[PMW_POLICY_ROOM];
	const char *canonical;

	ASSERT_EQ(0, pmw_make_file(SCRATCH "/gdb"));
	EXPECT_STREQ("", pmw_policy_now(now)) TH_LOG("an empty policy reads as nothing");

	pmw_set_policy(_metadata, self->events, "allow uid=1000\n", "0 rules", "1 rule");
	EXPECT_STREQ("allow uid=1000 access=read\n", pmw_policy_now(now));

	pmw_set_policy(_metadata, self->events,
		       "allow  tracer\n# x\nallow exe=" SCRATCH "/gdb access=rw uid=1000\n",
		   "1 rule", "2 rules");
	canonical = "allow tracer access=read\n"
		    "allow exe=" SCRATCH "/gdb uid=1000 access=rw\n";
	EXPECT_STREQ(canonical, pmw_policy_now(now));

	/* Tabs, blank lines, comments, keys in any order. */
	pmw_set_policy(_metadata, self->events,
		       "# guard\n\nallow\ttracer\taccess=rw\n\n"
		   "allow access=read uid=0\n#allow uid=5\n"
		   "allow tracer uid=3 exe=" SCRATCH "/gdb\n",
		   "2 rules", "3 rules");
	canonical = "allow tracer access=rw\n"
		    "allow uid=0 access=read\n"
		    "allow exe=" SCRATCH "/gdb uid=3 tracer access=read\n";
	EXPECT_STREQ(canonical, pmw_policy_now(now));

	/* The canonical form, written back, is the same policy. */
	pmw_set_policy(_metadata, self->events, canonical, "3 rules", "3 rules");
	EXPECT_STREQ(canonical, pmw_policy_now(again));

	/* A write of 0 bytes changes nothing and is no record. */
	EXPECT_EQ(0, pmw_write_policy("", 0));
	EXPECT_STREQ(canonical, pmw_policy_now(now));
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("a write of 0 bytes made a record");

	pmw_set_policy(_metadata, self->events, "\n", "3 rules", "0 rules");
	EXPECT_STREQ("", pmw_policy_now(now)) TH_LOG("\"\\n\" leaves an empty policy");

	pmw_set_policy(_metadata, self->events, "allow uid=1\nallow uid=2\n", "0 rules", "2 rules");
	pmw_set_policy(_metadata, self->events, "# nothing but\n# comments\n",
		       "2 rules", "0 rules");
	EXPECT_STREQ("", pmw_policy_now(now)) TH_LOG("comments only leave an empty policy");
	EXPECT_TRUE(pmw_no_record(self->events, 0));
	unlink(SCRATCH "/gdb");
}

/*
 * A policy cut into several writes on one open file (stdio, a pipe) must
 * not have each piece replace the last: the first piece is the policy,
 * the second fails, and a piece cut mid-rule never widens what was meant.
 */
TEST_F(policy, policy_in_two_writes_is_refused_at_the_second)
{
	static char now[PMW_POLICY_ROOM];
	int fd = open(PMW_POLICY, O_WRONLY | O_CLOEXEC);

	ASSERT_LE(0, fd);
	ASSERT_EQ(13, write(fd, "allow tracer\n", 13));
	pmw_expect_config(_metadata, self->events, "policy", "0 rules", "1 rule");
	errno = 0;
	EXPECT_EQ(-1, write(fd, "allow uid=0\n", 12));
	EXPECT_EQ(EINVAL, errno) TH_LOG("a second write on the same open file");
	close(fd);
	EXPECT_STREQ("allow tracer access=read\n", pmw_policy_now(now))
		TH_LOG("the second piece changed the policy");
	EXPECT_TRUE(pmw_no_record(self->events, 0)) TH_LOG("the refused piece made a record");
}

/*
 * Paths with blanks and other bytes are written and read back with \ooo
 * octal escapes, and name the file with those bytes.
 */
TEST_F(policy, policy_paths_are_escaped)
{
	static const struct {
		const char *file;
		const char *escaped;
	} names[] = {
		{ SCRATCH "/with space", SCRATCH "/with\\040space" },
		{ SCRATCH "/tab\there", SCRATCH "/tab\\011here" },
		{ SCRATCH "/new\nline", SCRATCH "/new\\012line" },
		{ SCRATCH "/back\\slash", SCRATCH "/back\\134slash" },
		{ SCRATCH "/ctl\001byte", SCRATCH "/ctl\\001byte" },
	};
	static char policy[4096], canonical[4096], now[PMW_POLICY_ROOM];
	pid_t target = pmw_spawn_target(0), opener;
	size_t len = 0, clen = 0;
	struct pmw_want w;
	unsigned int i;
	int err;

	ASSERT_LT(0, target);
	ASSERT_EQ(0, pmw_copy_file("/proc/self/exe", names[0].file));
	for (i = 1; i < ARRAY_SIZE(names); i++)
		ASSERT_EQ(0, pmw_make_file(names[i].file)) TH_LOG("file %u", i);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		len += snprintf(policy + len, sizeof(policy) - len, "allow exe=%s%s\n",
				names[i].escaped, i ? "" : " access=rw");
		clen += snprintf(canonical + clen, sizeof(canonical) - clen,
				 "allow exe=%s access=%s\n", names[i].escaped, i ? "read" : "rw");
	}
	pmw_set_policy(_metadata, self->events, policy, "0 rules", "5 rules");
	EXPECT_STREQ(canonical, pmw_policy_now(now));

	pmw_set_mode(_metadata, self->events, "enforce");
	opener = pmw_open_from_exe(names[0].file, 0, target, O_RDWR, &err);
	EXPECT_EQ(0, err) TH_LOG("the program at \"%s\"", names[0].file);
	w = pmw_want_mem(opener, 0, target, O_RDWR, false, 0);
	w.exe = names[0].file;
	pmw_expect_access(_metadata, self->events, &w, "the program whose path has a space");
	pmw_expect_my_open(_metadata, self->events, target, O_RDONLY, EPERM, 0,
			   "a program none of the rules names");
	EXPECT_TRUE(pmw_no_record(self->events, 0));
	pmw_reap(target);
	for (i = 0; i < ARRAY_SIZE(names); i++)
		unlink(names[i].file);
}

int main(int argc, char **argv)
{
	int err = pmw_open_mem_main(argc, argv);

	return err >= 0 ? err : test_harness_run(argc, argv);
}
