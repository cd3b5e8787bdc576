// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: --suggest-policy
 *
 * Detect mode marks each access enforce mode would deny (would_deny), and
 * enforce mode reports each it denied: the rules below are the ones that
 * would have allowed exactly those, as audit2allow writes SELinux rules
 * from denials. Each is as narrow as the events allow: the opener's
 * executable by path, its real uid, read or rw, tracer when every access
 * it allows was by the target's tracer, and the routes seen. Accesses
 * that differ in nothing but the route share a rule; a rule is never
 * wider than what was seen: it allows the routes of its own accesses and
 * no other, and a rule whose accesses a wider one allows too (rw over
 * read, no tracer over tracer) gives them to that one and goes. A traced
 * exec is a ptrace_attach by the target's tracer: its rule asks for
 * tracer, which the kernel takes on that route; kcore has no target, and
 * its rule never does. Opens of the opener's own memory need no rule and
 * are left out.
 *
 * An access whose executable has no path to name (a deleted file, a path
 * the kernel cut to its tail, a kernel thread) gives no rule: a rule that
 * names another file would allow the wrong program. Neither does one
 * whose file is not on this machine (or under --root), which the policy
 * file would refuse, and with it the whole write. Neither does one marked
 * untrusted_exe: a rule names its program already, but its exec was
 * traced, shared its files or came before the rule, and no exe= rule can
 * name it until it is started again. Nor do the accesses a summary counts
 * (beyond event_rate), which name no executable: how many of them were
 * denied or marked would_deny is said. Each is said on stderr.
 * The rules come in one text the policy file takes in one write, in its
 * canonical form (policy_rule.c), so that reading the policy back gives
 * the same lines.
 */

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <linux/procmemwatch.h>

#include "policy_rule.h"
#include "route.h"
#include "suggest.h"
#include "text.h"
#include "timestamp.h"
#include "verdict.h"

/* The kernel's longest string in a record: a longer path is cut to its tail. */
#define STRING_MAX	256
#define ROUTES		64

struct seen {
	uint64_t count, denied, first_ns, last_ns;
};

struct group {
	struct pmw_bytes exe;		/* a copy */
	uint32_t uid;
	int rw, tracer;
	uint64_t routes;
	struct seen by_route[ROUTES];
};

/* Accesses that give no rule, counted by executable and reason. */
struct nameless {
	struct pmw_bytes exe;
	const char *why;
	uint64_t count, first_seq;
};

struct pmw_suggest {
	struct group *groups;
	size_t ngroups;
	struct nameless *skipped;
	size_t nskipped;
	uint64_t seen;			/* accesses denied or marked would_deny */
	uint64_t summarized;		/* of those, counted in summaries: no rule */
};

struct pmw_suggest *pmw_suggest_new(void)
{
	return calloc(1, sizeof(struct pmw_suggest));
}

static int same_bytes(struct pmw_bytes a, struct pmw_bytes b)
{
	return a.len == b.len && !memcmp(a.p, b.p, a.len);
}

static struct pmw_bytes copy_bytes(struct pmw_bytes b)
{
	char *p = malloc(b.len + 1);

	if (!p)
		return (struct pmw_bytes){ NULL, 0 };
	memcpy(p, b.p, b.len);
	p[b.len] = '\0';
	return (struct pmw_bytes){ p, b.len };
}

/* Grows an array of n elements of size bytes by one, zeroed; NULL without memory. */
static void *grow(void *array, size_t *n, size_t size)
{
	char *more = realloc(array, (*n + 1) * size);

	if (!more)
		return NULL;
	memset(more + *n * size, 0, size);
	(*n)++;
	return more;
}

/* Why the opener's executable cannot be named in exe=, or NULL. */
static const char *nameless_why(const struct pmw_event *ev)
{
	static const char deleted[] = " (deleted)";
	size_t dl = sizeof(deleted) - 1;

	if (!ev->exe.len)
		return "the kernel could not name its executable";
	if (ev->exe.p[0] != '/' || ((ev->info & PMW_INFO_TRUNCATED) && ev->exe.len >= STRING_MAX))
		return "the path of its executable was cut to its tail";
	if (memchr(ev->exe.p, '\0', ev->exe.len))
		return "the path of its executable holds a NUL byte";
	if (ev->exe.len > dl && !memcmp(ev->exe.p + ev->exe.len - dl, deleted, dl))
		return "its executable was deleted";
	if (ev->info & PMW_INFO_UNTRUSTED_EXE)
		return "an exe= rule names its program, but its exec was traced, shared its files "
		       "or came before the rule (untrusted_exe): start it again";
	return NULL;
}

static void skip(struct pmw_suggest *s, const struct pmw_event *ev, const char *why)
{
	struct nameless *n, *more;
	size_t i;

	for (i = 0; i < s->nskipped; i++)
		if (s->skipped[i].why == why && same_bytes(s->skipped[i].exe, ev->exe))
			break;
	if (i == s->nskipped) {
		struct pmw_bytes exe = copy_bytes(ev->exe);

		more = exe.p ? grow(s->skipped, &s->nskipped, sizeof(*more)) : NULL;
		if (!more) {
			free((char *)exe.p);
			return;
		}
		s->skipped = more;
		more[i].exe = exe;
		more[i].why = why;
		more[i].first_seq = ev->seq;
	}
	n = &s->skipped[i];
	n->count++;
}

static struct group *group_of(struct pmw_suggest *s, struct pmw_bytes exe, uint32_t uid,
			      int rw, int tracer)
{
	struct group *g, *more;
	size_t i;

	for (i = 0; i < s->ngroups; i++) {
		g = &s->groups[i];
		if (g->uid == uid && g->rw == rw && g->tracer == tracer && same_bytes(g->exe, exe))
			return g;
	}
	exe = copy_bytes(exe);
	more = exe.p ? grow(s->groups, &s->ngroups, sizeof(*more)) : NULL;
	if (!more) {
		free((char *)exe.p);
		return NULL;
	}
	s->groups = more;
	g = &more[i];
	g->exe = exe;
	g->uid = uid;
	g->rw = rw;
	g->tracer = tracer;
	return g;
}

/* Adds what was seen of a route in b to a. */
static void add_seen(struct seen *a, const struct seen *b)
{
	if (!b->count)
		return;
	if (!a->count || b->first_ns < a->first_ns)
		a->first_ns = b->first_ns;
	if (!a->count || b->last_ns > a->last_ns)
		a->last_ns = b->last_ns;
	a->count += b->count;
	a->denied += b->denied;
}

void pmw_suggest_add(void *suggest, const struct pmw_event *ev)
{
	struct pmw_suggest *s = suggest;
	const struct pmw_route_info *r;
	const char *why;
	struct group *g;
	struct seen one;

	if (ev->kind == PMW_EV_SUMMARY) {
		s->summarized += ev->denied + ev->would_deny;
		s->seen += ev->denied + ev->would_deny;
		return;
	}
	if (ev->kind != PMW_EV_ACCESS || (ev->info & PMW_INFO_SELF) ||
	    pmw_verdict_of(ev) == PMW_VERDICT_NONE)
		return;
	s->seen++;
	r = pmw_route(ev->route);
	why = r && ev->route < ROUTES ? nameless_why(ev) :
	      "its route has no name this version can write in route=";
	if (why) {
		skip(s, ev, why);
		return;
	}
	g = group_of(s, ev->exe, ev->uid, (ev->access & PMW_ACCESS_WRITE) || r->needs_rw,
		     (ev->info & PMW_INFO_TRACER) && r->target);
	if (!g)
		return;
	g->routes |= (uint64_t)1 << ev->route;
	one = (struct seen){ 1, pmw_verdict_of(ev) == PMW_VERDICT_DENIED, ev->real_ns, ev->real_ns };
	add_seen(&g->by_route[ev->route], &one);
}

/* Whether b allows all that a does, and more: the same opener, rw over read, no tracer over tracer. */
static int wider(const struct group *b, const struct group *a)
{
	return b != a && b->uid == a->uid && same_bytes(b->exe, a->exe) &&
	       b->rw >= a->rw && (!b->tracer || a->tracer) &&
	       (b->rw > a->rw || b->tracer < a->tracer);
}

/* Narrowest first: read before rw, tracer before none. */
static int width(const struct group *g)
{
	return g->rw + !g->tracer;
}

/* Gives the routes of each group that a wider group allows too to that group. */
static void fold_covered(struct pmw_suggest *s)
{
	size_t i, j, w;
	unsigned int route;

	for (w = 0; w < 2; w++)
		for (i = 0; i < s->ngroups; i++) {
			struct group *a = &s->groups[i];

			if (width(a) != (int)w)
				continue;
			for (j = 0; j < s->ngroups; j++) {
				struct group *b = &s->groups[j];
				uint64_t moved = wider(b, a) ? a->routes & b->routes : 0;

				for (route = 0; route < ROUTES; route++)
					if (moved & (uint64_t)1 << route) {
						add_seen(&b->by_route[route], &a->by_route[route]);
						a->by_route[route] = (struct seen){ 0 };
					}
				a->routes &= ~moved;
			}
		}
}

static int cmp_groups(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;
	int c = memcmp(a->exe.p, b->exe.p, a->exe.len < b->exe.len ? a->exe.len : b->exe.len);

	if (c)
		return c;
	if (a->exe.len != b->exe.len)
		return a->exe.len < b->exe.len ? -1 : 1;
	if (a->uid != b->uid)
		return a->uid < b->uid ? -1 : 1;
	if (a->rw != b->rw)
		return a->rw - b->rw;
	return b->tracer - a->tracer;
}

/* A rule that made it: its text and what it comes from. */
struct made {
	struct pmw_rule rule;
	char *text;
	struct seen by_route[ROUTES];
};

static void put_time(FILE *f, const struct pmw_output *o, uint64_t ns)
{
	char t[PMW_TIME_SIZE];

	fputs(pmw_format_time(t, sizeof(t), ns, o->time_style, o->utc), f);
}

/* What a rule comes from: how many accesses, of which verdict, by which route, when. */
static void put_origin(const struct pmw_output *o, size_t n, const struct made *m)
{
	const struct pmw_route_info *r;
	struct seen all = { 0 };
	const char *sep = "";
	size_t i;

	for (i = 0; i < ROUTES; i++)
		add_seen(&all, &m->by_route[i]);
	fprintf(stderr, "procmemwatch: rule %zu: %" PRIu64 " access%s (", n, all.count,
		all.count == 1 ? "" : "es");
	for (i = 0; (r = pmw_route_at(i)); i++)
		if (m->by_route[r->route].count) {
			fprintf(stderr, "%s%s %" PRIu64, sep, r->name, m->by_route[r->route].count);
			sep = ", ";
		}
	fprintf(stderr, "; %" PRIu64 " would_deny, %" PRIu64 " denied), first ",
		all.count - all.denied, all.denied);
	put_time(stderr, o, all.first_ns);
	fputs(", last ", stderr);
	put_time(stderr, o, all.last_ns);
	fputc('\n', stderr);
}

/* The group as a rule's line; NULL without memory. */
static char *rule_text(const struct group *g)
{
	struct pmw_rule rule = {
		.exe = (char *)g->exe.p, .uid = g->uid, .has_uid = 1, .tracer = g->tracer,
		.access = g->rw ? PMW_ACCESS_READ | PMW_ACCESS_WRITE : PMW_ACCESS_READ,
		.routes = g->routes,
	};
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	pmw_rule_print(f, &rule);
	return fclose(f) ? (free(text), NULL) : text;
}

static void warn_left_out(const struct group *g, const char *why)
{
	fputs("procmemwatch: warning: no rule for the accesses of ", stderr);
	pmw_put_text(stderr, g->exe);
	fprintf(stderr, " by uid %" PRIu32 ": the policy file would refuse it here: %s\n",
		g->uid, why);
}

/* The line of g's rule as the policy file would take it here; NULL and *err when not. */
static char *checked_text(const struct group *g, const struct pmw_root *root,
			  struct pmw_rule *rule, const char **err, char why[PMW_RULE_WHY_MAX])
{
	char *text = rule_text(g), *line = text ? strdup(text) : NULL;

	memset(rule, 0, sizeof(*rule));
	if (!line)
		*err = "out of memory";
	else if (strlen(line) > PMW_POLICY_LINE_MAX)
		*err = "line too long";
	else
		*err = pmw_rule_parse(line, root, rule, why);
	free(line);
	if (!*err)
		return text;
	pmw_rule_free(rule);
	free(text);
	return NULL;
}

/*
 * Makes g's rule into made[n], or gives its accesses to an earlier rule
 * that is the same (another path to the same file, which the kernel
 * would refuse as a repeat). Returns 1 when it adds a rule.
 */
static int make_rule(const struct group *g, const struct pmw_root *root, struct made *made,
		     size_t n)
{
	struct made *m = &made[n];
	char why[PMW_RULE_WHY_MAX];
	const char *err;
	size_t i, r;

	m->text = checked_text(g, root, &m->rule, &err, why);
	if (!m->text) {
		warn_left_out(g, err);
		return 0;
	}
	for (i = 0; i < n && !pmw_rule_equal(&made[i].rule, &m->rule); i++)
		;
	for (r = 0; r < ROUTES; r++)
		add_seen(&made[i].by_route[r], &g->by_route[r]);
	if (i == n)
		return 1;
	pmw_rule_free(&m->rule);
	free(m->text);
	m->text = NULL;
	return 0;
}

static void warn_nameless(const struct pmw_suggest *s)
{
	size_t i;

	for (i = 0; i < s->nskipped; i++) {
		const struct nameless *n = &s->skipped[i];

		fprintf(stderr, "procmemwatch: warning: no rule for %" PRIu64 " access%s of ",
			n->count, n->count == 1 ? "" : "es");
		if (n->exe.len)
			pmw_put_text(stderr, n->exe);
		else
			fputs("an executable without a name", stderr);
		fprintf(stderr, " (#%" PRIu64 " the first): %s\n", n->first_seq, n->why);
	}
}

/* Prints the rules if they fit in one write of the policy file. Returns 0, or 1. */
static int put_rules(const struct pmw_output *o, const struct made *made, size_t n)
{
	size_t i, bytes = 0;

	for (i = 0; i < n; i++)
		bytes += strlen(made[i].text) + 1;
	if (n > PMW_POLICY_RULES_MAX || bytes > PMW_POLICY_BYTES_MAX) {
		fprintf(stderr, "procmemwatch: %zu rules, %zu bytes: more than the policy file "
			"takes in one write (%d rules, %d bytes); narrow the events with the "
			"filters\n", n, bytes, PMW_POLICY_RULES_MAX, PMW_POLICY_BYTES_MAX);
		return 1;
	}
	for (i = 0; i < n; i++) {
		fprintf(o->out, "%s\n", made[i].text);
		put_origin(o, i + 1, &made[i]);
	}
	return 0;
}

static void free_suggest(struct pmw_suggest *s)
{
	size_t i;

	for (i = 0; i < s->ngroups; i++)
		free((char *)s->groups[i].exe.p);
	for (i = 0; i < s->nskipped; i++)
		free((char *)s->skipped[i].exe.p);
	free(s->groups);
	free(s->skipped);
	free(s);
}

static int suggest_rules(struct pmw_suggest *s, const struct pmw_output *o,
			 const struct pmw_root *root)
{
	struct made *made = calloc(s->ngroups + 1, sizeof(*made));
	size_t i, n = 0;
	int rc;

	if (!made) {
		fputs("procmemwatch: out of memory\n", stderr);
		return 1;
	}
	fold_covered(s);
	qsort(s->groups, s->ngroups, sizeof(*s->groups), cmp_groups);
	for (i = 0; i < s->ngroups; i++)
		if (s->groups[i].routes)
			n += make_rule(&s->groups[i], root, made, n);
	rc = put_rules(o, made, n);
	warn_nameless(s);
	if (s->summarized)
		fprintf(stderr, "procmemwatch: warning: no rule for %" PRIu64 " access%s denied or "
			"marked would_deny that summaries count (beyond event_rate): they name no "
			"executable; raise event_rate while learning\n", s->summarized,
			s->summarized == 1 ? "" : "es");
	if (!s->seen)
		fputs("procmemwatch: no access was denied or marked would_deny: no rule to "
		      "suggest\n", stderr);
	for (i = 0; i < n; i++) {
		pmw_rule_free(&made[i].rule);
		free(made[i].text);
	}
	free(made);
	return rc;
}

int pmw_suggest_print(struct pmw_suggest *s, const struct pmw_output *o, const char *root_dir)
{
	struct pmw_root root;
	int err = pmw_root_open(&root, root_dir), rc = 1;

	if (err)
		fprintf(stderr, "procmemwatch: --root=%s: %s\n", root_dir, strerror(-err));
	else
		rc = suggest_rules(s, o, &root);
	pmw_root_close(&root);
	free_suggest(s);
	return rc || fflush(o->out) ? 1 : 0;
}
