/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procmemwatch reader: the members ECS and OCSF write alike, ECS under
 * procmem, OCSF under unmapped, each into the object the caller has open
 */

#ifndef PMW_JSON_FIELDS_H
#define PMW_JSON_FIELDS_H

#include <stdint.h>
#include <stdio.h>

#include "event.h"
#include "json.h"

/* What a JSON format writes of each kind of event, into the line's object. */
struct pmw_json_format {
	void (*open)(struct pmw_json *j, const struct pmw_event *ev);
	void (*lost)(struct pmw_json *j, const struct pmw_event *ev);
	void (*dropped)(struct pmw_json *j, const struct pmw_event *ev);
	void (*config)(struct pmw_json *j, const struct pmw_event *ev);
	void (*summary)(struct pmw_json *j, const struct pmw_event *ev);
	void (*begun)(struct pmw_json *j, const struct pmw_event *ev);
};

/* ev as a line of format f: an object of what f writes of its kind. */
void pmw_put_json_event(FILE *out, const struct pmw_json_format *f, const struct pmw_event *ev);

/* audit_serial, for an event read from an audit log or a journal. */
void pmw_put_audit_serial(struct pmw_json *j, const struct pmw_event *ev);
/* An access's access, outcome and errno, and the booleans of its info. */
void pmw_put_access(struct pmw_json *j, const struct pmw_event *ev);
/* An executable's file f of ev, as an object name: its device and inode. */
void pmw_put_exe_id(struct pmw_json *j, const char *name, const struct pmw_event *ev,
		    const struct pmw_file_ref *f);
/* An array name of the names of the routes set in routes. */
void pmw_put_routes(struct pmw_json *j, const char *name, uint32_t routes);
/* route: the route's name, or its number for one this reader does not know. */
void pmw_put_route(struct pmw_json *j, uint32_t route);
/* The route, and what only some routes have: bytes moved, the begun record, open flags. */
void pmw_put_route_fields(struct pmw_json *j, const struct pmw_event *ev);
/* What a side's context says: a cgroup object and a namespaces object, named so. */
void pmw_put_context(struct pmw_json *j, const char *cgroup_name, const char *ns_name,
		     const struct pmw_ctx *c);
/* ns_crossing, when the event says how the access crosses pid namespaces. */
void pmw_put_crossing(struct pmw_json *j, const struct pmw_event *ev);
/* container, of a side that runs in one: its id under id_name; its pod where pod is set. */
void pmw_put_container(struct pmw_json *j, const struct pmw_container *c, const char *id_name,
		       int pod);

#endif /* PMW_JSON_FIELDS_H */
