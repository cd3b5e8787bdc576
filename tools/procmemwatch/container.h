/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procmemwatch reader: the container and the Kubernetes pod that a cgroup
 * path names, and how an access crosses pid namespaces
 */

#ifndef PMW_CONTAINER_H
#define PMW_CONTAINER_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

/*
 * pmw_place_containers() fills an open's container and target_container
 * from its cgroup paths: each decoder calls it. pmw_ns_crossing() is the
 * word for how it crosses pid namespaces: no, host, inward or outward;
 * NULL when the event does not say.
 */
void pmw_container_of(struct pmw_bytes cgroup, struct pmw_container *c);
void pmw_place_containers(struct pmw_event *ev);
const char *pmw_ns_crossing(const struct pmw_event *ev);
/* nscross=WORD into its PMW_INFO_NS_* bits. Returns 0, or -1 for a word not known. */
int pmw_ns_crossing_parse(const char *s, size_t len, uint32_t *info);
/* The id as the human format shows it: 12 digits of a 64-hex id, a machine name whole. */
struct pmw_bytes pmw_container_short(const struct pmw_container *c);
/* --container: could s name a container or a pod (characters, length)? 1 or 0. */
int pmw_container_arg_valid(const char *s);
/*
 * Does s name c's container (its id, or 4 or more of its first digits; a
 * machine's name, whole) or its pod (its uid, or 4 or more of its first
 * characters)? 1 or 0.
 */
int pmw_container_matches(const struct pmw_container *c, const char *s);

#endif /* PMW_CONTAINER_H */
