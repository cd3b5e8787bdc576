// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: a small JSON writer, for JSON Lines
 *
 * After util-linux's lib/jsonwrt.c: the writer keeps, for each object or
 * array open, whether it has a value yet, so that callers never write a
 * comma or a bracket and adding a member is one call. Member names are
 * the reader's own (an interface, in procmemwatch.1) and are written as
 * they are; every string value, the kernel's or the reader's, is written
 * by text.c, whose encoding cannot be taken for other text. The depth is
 * that of the formats' objects, far below the 64 the bit masks hold.
 */

#include <inttypes.h>
#include <string.h>

#include "json.h"
#include "text.h"

/* What comes before a value: a comma after another, and the member's name. */
static void put_key(struct pmw_json *j, const char *name)
{
	uint64_t bit = (uint64_t)1 << j->depth;

	if (j->filled & bit)
		fputc(',', j->out);
	j->filled |= bit;
	if (name)
		fprintf(j->out, "\"%s\":", name);
}

static void open_nested(struct pmw_json *j, const char *name, int array)
{
	uint64_t bit;

	put_key(j, name);
	fputc(array ? '[' : '{', j->out);
	bit = (uint64_t)1 << ++j->depth;
	j->filled &= ~bit;
	j->array = array ? j->array | bit : j->array & ~bit;
}

void pmw_json_begin(struct pmw_json *j, FILE *out)
{
	*j = (struct pmw_json){ .out = out };
	fputc('{', out);
}

void pmw_json_end(struct pmw_json *j)
{
	while (j->depth)
		pmw_json_close(j);
	fputs("}\n", j->out);
}

void pmw_json_object(struct pmw_json *j, const char *name)
{
	open_nested(j, name, 0);
}

void pmw_json_array(struct pmw_json *j, const char *name)
{
	open_nested(j, name, 1);
}

void pmw_json_close(struct pmw_json *j)
{
	fputc(j->array & (uint64_t)1 << j->depth ? ']' : '}', j->out);
	j->depth--;
}

void pmw_json_string(struct pmw_json *j, const char *name, const char *s)
{
	pmw_json_bytes(j, name, (struct pmw_bytes){ s, strlen(s) });
}

void pmw_json_bytes(struct pmw_json *j, const char *name, struct pmw_bytes b)
{
	put_key(j, name);
	pmw_put_json_string(j->out, b);
}

void pmw_json_uint(struct pmw_json *j, const char *name, uint64_t v)
{
	put_key(j, name);
	fprintf(j->out, "%" PRIu64, v);
}

void pmw_json_int(struct pmw_json *j, const char *name, long long v)
{
	put_key(j, name);
	fprintf(j->out, "%lld", v);
}

void pmw_json_bool(struct pmw_json *j, const char *name, int v)
{
	put_key(j, name);
	fputs(v ? "true" : "false", j->out);
}

void pmw_json_null(struct pmw_json *j, const char *name)
{
	put_key(j, name);
	fputs("null", j->out);
}

void pmw_json_id(struct pmw_json *j, const char *name, uint32_t id)
{
	put_key(j, name);
	fprintf(j->out, "\"%" PRIu32 "\"", id);
}
