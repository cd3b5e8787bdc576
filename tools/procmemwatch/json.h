/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procmemwatch reader: a small JSON writer, for JSON Lines
 *
 * The caller says what comes, in order; the writer puts the commas,
 * quotes, colons and brackets. A member has a name; a value in an array
 * has none (NULL). Strings go through text.c's encoding.
 */

#ifndef PMW_JSON_H
#define PMW_JSON_H

#include <stdint.h>
#include <stdio.h>

#include "event.h"

struct pmw_json {
	FILE *out;
	unsigned int depth;	/* objects and arrays open, the line's own first */
	uint64_t filled;	/* bit N: the object or array at depth N has a value */
	uint64_t array;		/* bit N: the one at depth N is an array */
};

/* A line's object: begin opens it, end closes all that is open and the line. */
void pmw_json_begin(struct pmw_json *j, FILE *out);
void pmw_json_end(struct pmw_json *j);

void pmw_json_object(struct pmw_json *j, const char *name);
void pmw_json_array(struct pmw_json *j, const char *name);
/* Closes the innermost object or array. */
void pmw_json_close(struct pmw_json *j);

void pmw_json_string(struct pmw_json *j, const char *name, const char *s);
void pmw_json_bytes(struct pmw_json *j, const char *name, struct pmw_bytes b);
void pmw_json_uint(struct pmw_json *j, const char *name, uint64_t v);
void pmw_json_int(struct pmw_json *j, const char *name, long long v);
void pmw_json_bool(struct pmw_json *j, const char *name, int v);
void pmw_json_null(struct pmw_json *j, const char *name);
/* An id that ECS and OCSF want as a string of its digits, as user.id. */
void pmw_json_id(struct pmw_json *j, const char *name, uint32_t id);

#endif /* PMW_JSON_H */
