// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: --summary
 *
 * A week of events is read as aureport reads an audit log: a row for each
 * kind of access, who (the opener's executable and real uid) reached
 * what (the target's executable) by which route, for reading or writing,
 * and what came of it (the outcome, and detect mode's would_deny), with
 * how often and when first and last. Rows come most frequent first. The
 * events that are not accesses (lost and dropped ones, setting changes,
 * the accesses summaries count, begun calls) are not rows: they are
 * counted on stderr, so that a gap in the stream cannot pass for a quiet
 * week. The strings are
 * written as every format writes them (text.c), in JSON through json.c.
 */

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <linux/procmemwatch.h>

#include "json.h"
#include "route.h"
#include "summary.h"
#include "text.h"
#include "words.h"

struct row {
	/* the kind of access */
	uint32_t uid, route, access, outcome;
	int would_deny, self, has_target;
	struct pmw_bytes user;			/* the opener's user name (--names); a copy */
	struct pmw_bytes exe, target_exe;	/* copies */
	/* how often, and when */
	uint64_t count, first_ns, last_ns;
};

struct pmw_summary {
	struct row *rows;
	size_t nrows, cap;
	uint64_t lost, dropped, config, summarized, begun;
};

struct pmw_summary *pmw_summary_new(void)
{
	return calloc(1, sizeof(struct pmw_summary));
}

static int same_bytes(struct pmw_bytes a, struct pmw_bytes b)
{
	return a.len == b.len && !memcmp(a.p, b.p, a.len);
}

static int same_kind(const struct row *r, const struct row *k)
{
	return r->uid == k->uid && r->route == k->route && r->access == k->access &&
	       r->outcome == k->outcome && r->would_deny == k->would_deny &&
	       r->self == k->self && r->has_target == k->has_target &&
	       same_bytes(r->user, k->user) && same_bytes(r->exe, k->exe) &&
	       same_bytes(r->target_exe, k->target_exe);
}

static struct pmw_bytes copy_bytes(struct pmw_bytes b)
{
	char *p = malloc(b.len ? b.len : 1);

	if (p)
		memcpy(p, b.p, b.len);
	return (struct pmw_bytes){ p, p ? b.len : 0 };
}

/* The row of k's kind, made when it is the first. */
static struct row *row_of(struct pmw_summary *s, const struct row *k)
{
	struct row *r;
	size_t i;

	for (i = s->nrows; i-- > 0;)
		if (same_kind(&s->rows[i], k))
			return &s->rows[i];
	if (s->nrows == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct row *more = realloc(s->rows, cap * sizeof(*more));

		if (!more)
			return NULL;
		s->rows = more;
		s->cap = cap;
	}
	r = &s->rows[s->nrows++];
	*r = *k;
	r->user = copy_bytes(k->user);
	r->exe = copy_bytes(k->exe);
	r->target_exe = copy_bytes(k->target_exe);
	r->first_ns = r->last_ns = 0;
	r->count = 0;
	return r;
}

static void count_other(struct pmw_summary *s, const struct pmw_event *ev)
{
	if (ev->kind == PMW_EV_LOST)
		s->lost += ev->lost;
	else if (ev->kind == PMW_EV_DROPPED)
		s->dropped++;
	else if (ev->kind == PMW_EV_CONFIG)
		s->config++;
	else if (ev->kind == PMW_EV_SUMMARY)
		s->summarized += ev->count;
	else if (ev->kind == PMW_EV_BEGUN)
		s->begun++;
}

void pmw_summary_add(void *summary, const struct pmw_event *ev)
{
	struct pmw_summary *s = summary;
	struct row k = { 0 }, *r;

	if (ev->kind != PMW_EV_ACCESS) {
		count_other(s, ev);
		return;
	}
	k.uid = ev->uid;
	k.user = ev->uid_name;
	k.route = ev->route;
	k.access = ev->access;
	k.outcome = ev->outcome;
	k.would_deny = !!(ev->info & PMW_INFO_WOULD_DENY);
	k.self = !!(ev->info & PMW_INFO_SELF);
	k.has_target = pmw_has_target(ev);
	k.exe = ev->exe;
	if (k.has_target)
		k.target_exe = ev->target_exe;
	r = row_of(s, &k);
	if (!r)
		return;
	if (!r->count || ev->real_ns < r->first_ns)
		r->first_ns = ev->real_ns;
	if (!r->count || ev->real_ns > r->last_ns)
		r->last_ns = ev->real_ns;
	r->count++;
}

static int cmp_bytes(struct pmw_bytes a, struct pmw_bytes b)
{
	int c = memcmp(a.p, b.p, a.len < b.len ? a.len : b.len);

	return c ? c : (a.len > b.len) - (a.len < b.len);
}

#define CMP(a, b)	((a) != (b) ? ((a) < (b) ? -1 : 1) : 0)

/* Most frequent first, then the earliest; the rest only so that the order is always the same. */
static int cmp_rows(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int c = CMP(b->count, a->count);

	c = c ? c : CMP(a->first_ns, b->first_ns);
	c = c ? c : cmp_bytes(a->exe, b->exe);
	c = c ? c : CMP(a->uid, b->uid);
	c = c ? c : cmp_bytes(a->user, b->user);
	c = c ? c : cmp_bytes(a->target_exe, b->target_exe);
	c = c ? c : CMP(a->route, b->route);
	c = c ? c : CMP(a->access, b->access);
	c = c ? c : CMP(a->outcome, b->outcome);
	c = c ? c : CMP(a->would_deny, b->would_deny);
	return c ? c : CMP(a->self, b->self);
}

static void put_json_row(const struct pmw_output *o, const struct row *r)
{
	char t[PMW_TIME_SIZE], num[12];
	struct pmw_json j;

	pmw_json_begin(&j, o->out);
	pmw_json_uint(&j, "count", r->count);
	pmw_json_string(&j, "first", pmw_format_time(t, sizeof(t), r->first_ns, PMW_TIME_JSON, 1));
	pmw_json_string(&j, "last", pmw_format_time(t, sizeof(t), r->last_ns, PMW_TIME_JSON, 1));
	pmw_json_object(&j, "user");
	pmw_json_id(&j, "id", r->uid);
	if (r->user.len)
		pmw_json_bytes(&j, "name", r->user);
	pmw_json_close(&j);
	pmw_json_object(&j, "opener");
	pmw_json_bytes(&j, "executable", r->exe);
	pmw_json_close(&j);
	if (r->has_target) {
		pmw_json_object(&j, "target");
		pmw_json_bytes(&j, "executable", r->target_exe);
		pmw_json_close(&j);
	}
	pmw_json_string(&j, "route", pmw_route_name(r->route, num, sizeof(num)));
	pmw_json_string(&j, "access", pmw_access_name(r->access));
	pmw_json_string(&j, "outcome", pmw_outcome_name(r->outcome));
	pmw_json_bool(&j, "would_deny", r->would_deny);
	pmw_json_bool(&j, "self", r->self);
	pmw_json_end(&j);
}

/*
 * The human table's columns, the last one not padded. A column is as wide
 * as its widest cell up to PAD_MAX: a longer cell (a path cut to its 256
 * bytes) pushes the rest of its own row, not every row.
 */
#define PAD_MAX	40

enum { C_COUNT, C_FIRST, C_LAST, C_USER, C_OPENER, C_TARGET, C_ROUTE, C_ACCESS, C_OUTCOME,
       NCOLS };

static const char *const headings[NCOLS] = {
	"COUNT", "FIRST", "LAST", "USER", "OPENER", "TARGET", "ROUTE", "ACCESS", "OUTCOME",
};

/* A string of the kernel's for people, or "-" when there is none. */
static void put_name(FILE *f, struct pmw_bytes b)
{
	if (b.len)
		pmw_put_text(f, b);
	else
		fputc('-', f);
}

static void put_user_cell(FILE *f, const struct row *r)
{
	if (r->user.len)
		pmw_put_text(f, r->user);
	else
		fprintf(f, "%" PRIu32, r->uid);
}

/* The row's cells, as text, written into cells[] (malloc'd). */
static void make_cells(const struct pmw_output *o, const struct row *r, char *cells[NCOLS])
{
	char t[PMW_TIME_SIZE], num[12];
	size_t len;
	int c;

	for (c = 0; c < NCOLS; c++) {
		FILE *f = open_memstream(&cells[c], &len);

		if (!f) {
			cells[c] = NULL;
			continue;
		}
		if (c == C_COUNT)
			fprintf(f, "%" PRIu64, r->count);
		else if (c == C_FIRST || c == C_LAST)
			fputs(pmw_format_time(t, sizeof(t), c == C_FIRST ? r->first_ns : r->last_ns,
					      o->time_style, o->utc), f);
		else if (c == C_USER)
			put_user_cell(f, r);
		else if (c == C_OPENER || c == C_TARGET)
			put_name(f, c == C_OPENER ? r->exe : r->target_exe);
		else if (c == C_ROUTE)
			fputs(pmw_route_name(r->route, num, sizeof(num)), f);
		else if (c == C_ACCESS)
			fputs(pmw_access_name(r->access), f);
		else
			fprintf(f, "%s%s%s", pmw_outcome_name(r->outcome),
				r->would_deny ? " would_deny" : "", r->self ? " self" : "");
		fclose(f);
	}
}

static void put_line(FILE *out, char *const cells[NCOLS], const size_t width[NCOLS])
{
	int c;

	for (c = 0; c < NCOLS; c++) {
		const char *cell = cells[c] ? cells[c] : "?";

		if (c == C_COUNT)
			fprintf(out, "%*s", (int)width[c], cell);
		else if (c == NCOLS - 1)
			fprintf(out, " %s\n", cell);
		else
			fprintf(out, " %-*s", (int)width[c], cell);
	}
}

static void put_table(const struct pmw_output *o, const struct pmw_summary *s)
{
	char *(*cells)[NCOLS] = calloc(s->nrows + 1, sizeof(*cells));
	size_t width[NCOLS] = { 0 }, i;
	int c;

	if (!cells)
		return;
	for (c = 0; c < NCOLS; c++)
		cells[0][c] = strdup(headings[c]);
	for (i = 0; i < s->nrows; i++)
		make_cells(o, &s->rows[i], cells[i + 1]);
	for (i = 0; i <= s->nrows; i++)
		for (c = 0; c < NCOLS; c++)
			if (cells[i][c] && strlen(cells[i][c]) > width[c])
				width[c] = strlen(cells[i][c]) < PAD_MAX ? strlen(cells[i][c]) : PAD_MAX;
	for (i = 0; i <= s->nrows; i++) {
		put_line(o->out, cells[i], width);
		for (c = 0; c < NCOLS; c++)
			free(cells[i][c]);
	}
	free(cells);
}

/* What the table leaves out, said so that a gap cannot pass for a quiet time. */
static void put_left_out(const struct pmw_summary *s)
{
	if (!s->lost && !s->dropped && !s->config && !s->summarized && !s->begun)
		return;
	fprintf(stderr, "procmemwatch: not in the table: %" PRIu64 " lost, %" PRIu64
		" dropped, %" PRIu64 " setting changes, %" PRIu64 " accesses summarized, %"
		PRIu64 " begun\n", s->lost, s->dropped, s->config, s->summarized, s->begun);
}

int pmw_summary_print(struct pmw_summary *s, const struct pmw_output *o)
{
	size_t i;
	int rc;

	qsort(s->rows, s->nrows, sizeof(*s->rows), cmp_rows);
	if (o->format == PMW_FMT_JSON)
		for (i = 0; i < s->nrows; i++)
			put_json_row(o, &s->rows[i]);
	else
		put_table(o, s);
	put_left_out(s);
	rc = fflush(o->out) ? 1 : 0;
	for (i = 0; i < s->nrows; i++) {
		free((char *)s->rows[i].user.p);
		free((char *)s->rows[i].exe.p);
		free((char *)s->rows[i].target_exe.p);
	}
	free(s->rows);
	free(s);
	return rc;
}
