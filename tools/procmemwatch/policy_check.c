// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: --check-policy
 *
 * The kernel takes a policy in one write, or nothing: it counts the lines
 * and rules first (line too long, too many rules), then parses each rule
 * and compares it with those before (repeats an earlier rule), and names
 * the first line it refuses. The checker does the same, but goes on to
 * the end, so that every bad line is said at once, each with the reason
 * the kernel would give it (policy_rule.c). What the kernel refuses as a
 * whole, with no line in policy_error ("larger than 65536 bytes", "a NUL
 * byte"), it says in the kernel's words too, with the line of the NUL.
 *
 * exe= names a file of the machine the policy is written on: the checker
 * looks it up on this one, or under --root, and says which.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_check.h"
#include "policy_rule.h"

/* What a file bigger than this holds past it is not read: far above the limit anyway. */
#define READ_MAX	(16 << 20)

struct check {
	const char *name;
	const struct pmw_root *root;
	struct pmw_rule *rules;		/* the good ones so far */
	unsigned int good, counted;	/* rules parsed without fault; rule lines */
	unsigned long lines, bad;
};

static void refuse(struct check *c, unsigned long lineno, const char *why)
{
	fprintf(stderr, "%s:%lu: %s\n", c->name, lineno, why);
	c->bad++;
}

/* A rule's line, parsed and compared with the good rules before it. */
static void check_rule(struct check *c, unsigned long lineno, const char *line, size_t len)
{
	char *copy = strndup(line, len), why[PMW_RULE_WHY_MAX];
	struct pmw_rule rule;
	const char *err;
	unsigned int i;

	if (!copy) {
		refuse(c, lineno, "out of memory");
		return;
	}
	err = pmw_rule_parse(copy, c->root, &rule, why);
	for (i = 0; !err && i < c->good; i++)
		if (pmw_rule_equal(&c->rules[i], &rule))
			err = "repeats an earlier rule";
	free(copy);
	if (err) {
		pmw_rule_free(&rule);
		refuse(c, lineno, err);
		return;
	}
	c->rules[c->good++] = rule;
}

static void check_line(struct check *c, const char *line, size_t len)
{
	unsigned long lineno = ++c->lines;
	int is_rule = pmw_rule_is_line(line, len);

	if (memchr(line, '\0', len)) {
		refuse(c, lineno, "a NUL byte");
		return;
	}
	if (len > PMW_POLICY_LINE_MAX) {
		refuse(c, lineno, "line too long");
		return;
	}
	if (is_rule && ++c->counted == PMW_POLICY_RULES_MAX + 1)
		refuse(c, lineno, "too many rules");
	if (is_rule && c->good < PMW_POLICY_RULES_MAX)
		check_rule(c, lineno, line, len);
}

/* The whole file, up to READ_MAX bytes; NULL with errno set. */
static char *read_all(FILE *in, size_t *len)
{
	size_t cap = 65536, n;
	char *text = malloc(cap), *more;

	*len = 0;
	while (text && (n = fread(text + *len, 1, cap - *len, in))) {
		*len += n;
		if (*len < cap)
			continue;
		more = cap < READ_MAX ? realloc(text, cap * 2) : NULL;
		if (!more)
			break;
		text = more;
		cap *= 2;
	}
	if (text && ferror(in)) {
		free(text);
		return NULL;
	}
	if (!text)
		errno = ENOMEM;
	return text;
}

static void summary(const struct check *c, size_t len)
{
	if (!len) {
		printf("%s: empty: writing nothing changes nothing (a blank line empties the "
		       "policy)\n", c->name);
		return;
	}
	printf("%s: %u rule%s on %lu line%s, %zu bytes: the policy file takes it in one "
	       "write; exe= paths looked up under %s\n", c->name, c->good,
	       c->good == 1 ? "" : "s", c->lines, c->lines == 1 ? "" : "s", len,
	       pmw_root_name(c->root));
}

static int check_text(struct check *c, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;
	unsigned int i;

	while (p < end) {
		nl = memchr(p, '\n', end - p);
		check_line(c, p, (nl ? nl : end) - p);
		p = nl ? nl + 1 : end;
	}
	if (len > PMW_POLICY_BYTES_MAX) {
		fprintf(stderr, "%s: larger than %d bytes (%zu: EFBIG)\n", c->name,
			PMW_POLICY_BYTES_MAX, len);
		c->bad++;
	}
	if (c->bad)
		fprintf(stderr, "%s: the policy file would refuse it: %lu problem%s; exe= paths "
			"looked up under %s\n", c->name, c->bad, c->bad == 1 ? "" : "s",
			pmw_root_name(c->root));
	else
		summary(c, len);
	for (i = 0; i < c->good; i++)
		pmw_rule_free(&c->rules[i]);
	return c->bad ? 1 : 0;
}

static int check_file(struct check *c, FILE *in, const char *path)
{
	size_t len;
	char *text = read_all(in, &len);
	int rc;

	c->rules = calloc(PMW_POLICY_RULES_MAX, sizeof(*c->rules));
	if (!text || !c->rules) {
		fprintf(stderr, "procmemwatch: %s: %s\n", path, strerror(text ? ENOMEM : errno));
		rc = 1;
	} else {
		rc = check_text(c, text, len);
	}
	free(text);
	free(c->rules);
	return rc;
}

int pmw_check_policy(const char *path, const char *root_dir)
{
	struct check c = { .name = strcmp(path, "-") ? path : "stdin" };
	FILE *in = strcmp(path, "-") ? fopen(path, "re") : stdin;
	struct pmw_root root;
	int rc = 1, err;

	if (!in) {
		fprintf(stderr, "procmemwatch: %s: %s\n", path, strerror(errno));
		return 1;
	}
	err = pmw_root_open(&root, root_dir);
	if (err) {
		fprintf(stderr, "procmemwatch: --root=%s: %s\n", root_dir, strerror(-err));
	} else {
		c.root = &root;
		rc = check_file(&c, in, path);
		pmw_root_close(&root);
	}
	if (in != stdin)
		fclose(in);
	return rc;
}
