// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: one rule of guard mode's policy
 *
 * The kernel's grammar, step for step as security/procmemwatch/policy.c
 * takes a line, and its reasons word for word, so that what the checker
 * says of a line is what the kernel would say of it:
 *
 *	allow [exe=PATH] [uid=UID] [tracer] [access=read|rw] [route=R[,R]] [# ...]
 *
 * Words are separated by spaces and tabs; a word that starts with '#'
 * ends the rule (a comment: the policy read back says "# now: deleted"
 * after a stale exe= rule); a key is cut at its first '='; each key at
 * most once. A rule needs exe=, uid= or tracer; it allows
 * reads unless access=rw, and without route= the routes route.h marks as
 * the default. A rule can never match a route that it lists when the
 * route writes and it allows only reads, or when it asks for tracer and
 * the route has no target (kcore): the kernel refuses it, so that a
 * policy locked until reboot holds no rule that looks like it allows
 * something and does not. tracer may name ptrace_attach: a traced task
 * that execs hands its tracer the new program, which the kernel judges
 * as an attach by the tracer (traced_exec), so that "allow tracer
 * access=rw route=ptrace_attach" lets a debugger follow its tracee
 * across exec. The routes come from route.c's table, the one place that
 * knows them.
 */

#include <stdlib.h>
#include <string.h>
#include <linux/procmemwatch.h>

#include "policy_rule.h"
#include "route.h"

#define ROUTE_BIT(route)	((uint64_t)1 << (route))

uint64_t pmw_rule_default_routes(void)
{
	const struct pmw_route_info *r;
	uint64_t routes = 0;
	size_t i;

	for (i = 0; (r = pmw_route_at(i)); i++)
		if (r->policy_default)
			routes |= ROUTE_BIT(r->route);
	return routes;
}

int pmw_rule_is_line(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i < len && line[i] != '#';
}

/* route=R[,R...]: each name once, at least one. */
static const char *parse_routes(char *value, struct pmw_rule *rule)
{
	char *name;

	while ((name = strsep(&value, ","))) {
		const struct pmw_route_info *r = pmw_route_named(name, strlen(name));

		if (!r)
			return "route= names an unknown route";
		if (rule->routes & ROUTE_BIT(r->route))
			return "route= names a route twice";
		rule->routes |= ROUTE_BIT(r->route);
	}
	return NULL;
}

/* The kernel's pmw_unescape(): \ooo, three octal digits, not \000. */
static int unescape(char *s)
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
			return 0;
		byte = (s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0');
		if (!byte)
			return 0;
		*out++ = byte;
		s += 4;
	}
	*out = '\0';
	return 1;
}

static const char *parse_exe(char *value, const struct pmw_root *root, struct pmw_rule *rule)
{
	struct stat st;

	if (!unescape(value))
		return "exe= has a bad escape: use \\ooo, three octal digits, not \\000";
	if (value[0] != '/')
		return "exe= needs an absolute path";
	if (pmw_root_stat(root, value, &st))
		return "exe= names no file that can be reached";
	if (!S_ISREG(st.st_mode))
		return "exe= names something other than a regular file";
	rule->exe = strdup(value);
	rule->exe_dev = st.st_dev;
	rule->exe_ino = st.st_ino;
	return rule->exe ? NULL : "out of memory";
}

/* kstrtou32(value, 10): an optional '+', decimal digits, no more than 32 bits. */
static int parse_u32(const char *s, uint32_t *v)
{
	uint64_t n = 0;

	if (*s == '+')
		s++;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (*s - '0');
		if (n > UINT32_MAX)
			return -1;
	}
	*v = n;
	return 0;
}

static const char *parse_access(const char *value, struct pmw_rule *rule)
{
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

static const char *parse_key(char *word, const struct pmw_root *root, struct pmw_rule *rule)
{
	char *value = strchr(word, '=');

	if (value)
		*value++ = '\0';
	if (!strcmp(word, "tracer") && !value) {
		if (rule->tracer)
			return "tracer is given twice";
		rule->tracer = 1;
		return NULL;
	}
	if (!value)
		return "unknown keyword";
	if (!*value)
		return "a key without a value";
	if (!strcmp(word, "exe")) {
		if (rule->exe)
			return "exe= is given twice";
		return parse_exe(value, root, rule);
	}
	if (!strcmp(word, "uid")) {
		if (rule->has_uid)
			return "uid= is given twice";
		if (parse_u32(value, &rule->uid) || rule->uid == UINT32_MAX)
			return "uid= needs a uid in decimal";
		rule->has_uid = 1;
		return NULL;
	}
	if (!strcmp(word, "access"))
		return parse_access(value, rule);
	if (!strcmp(word, "route")) {
		if (rule->routes)
			return "route= is given twice";
		return parse_routes(value, rule);
	}
	return "unknown keyword";
}

/* A route the rule lists that it can never allow, and why. */
static const char *dead_route(const struct pmw_rule *rule, char why[PMW_RULE_WHY_MAX])
{
	const struct pmw_route_info *r;
	size_t i;

	for (i = 0; (r = pmw_route_at(i)); i++) {
		if (!(rule->routes & ROUTE_BIT(r->route)))
			continue;
		if (r->needs_rw && !(rule->access & PMW_ACCESS_WRITE)) {
			snprintf(why, PMW_RULE_WHY_MAX, "route=%s needs access=rw", r->name);
			return why;
		}
		if (rule->tracer && !r->target) {
			snprintf(why, PMW_RULE_WHY_MAX, "tracer never holds for %s: it has no target",
				 r->name);
			return why;
		}
	}
	return NULL;
}

const char *pmw_rule_parse(char *line, const struct pmw_root *root, struct pmw_rule *rule,
			   char why[PMW_RULE_WHY_MAX])
{
	const char *err;
	char *word;
	int first = 1;

	memset(rule, 0, sizeof(*rule));
	while ((word = strsep(&line, " \t")) && *word != '#') {
		if (!*word)
			continue;
		if (first) {
			if (strcmp(word, "allow"))
				return "a rule starts with allow";
			first = 0;
			continue;
		}
		err = parse_key(word, root, rule);
		if (err)
			return err;
	}
	if (!rule->exe && !rule->has_uid && !rule->tracer)
		return "a rule needs exe=, uid= or tracer";
	if (!rule->access)
		rule->access = PMW_ACCESS_READ;
	if (rule->routes)
		return dead_route(rule, why);
	rule->routes = pmw_rule_default_routes();
	return NULL;
}

int pmw_rule_equal(const struct pmw_rule *a, const struct pmw_rule *b)
{
	return a->access == b->access && a->tracer == b->tracer && a->routes == b->routes &&
	       a->has_uid == b->has_uid && (!a->has_uid || a->uid == b->uid) &&
	       !a->exe == !b->exe &&
	       (!a->exe || (a->exe_dev == b->exe_dev && a->exe_ino == b->exe_ino));
}

/* The kernel's pmw_show_path(): what would not read back as one word, as \ooo. */
static void print_path(FILE *out, const char *path)
{
	for (; *path; path++) {
		unsigned char c = *path;

		if (c <= ' ' || c == '\\' || c == '#' || c >= 0x7f)
			fprintf(out, "\\%03o", c);
		else
			fputc(c, out);
	}
}

void pmw_rule_print(FILE *out, const struct pmw_rule *rule)
{
	const struct pmw_route_info *r;
	char sep = '=';
	size_t i;

	fputs("allow", out);
	if (rule->exe) {
		fputs(" exe=", out);
		print_path(out, rule->exe);
	}
	if (rule->has_uid)
		fprintf(out, " uid=%u", rule->uid);
	if (rule->tracer)
		fputs(" tracer", out);
	fprintf(out, " access=%s", rule->access & PMW_ACCESS_WRITE ? "rw" : "read");
	if (rule->routes == pmw_rule_default_routes())
		return;
	fputs(" route", out);
	for (i = 0; (r = pmw_route_at(i)); i++)
		if (rule->routes & ROUTE_BIT(r->route)) {
			fprintf(out, "%c%s", sep, r->name);
			sep = ',';
		}
}

void pmw_rule_free(struct pmw_rule *rule)
{
	free(rule->exe);
	rule->exe = NULL;
}
