// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: the container, and the Kubernetes pod, that a
 * cgroup v2 path names, and how an access crosses pid namespaces
 *
 * Container runtimes put each container in a cgroup named after it. The
 * path is read from its root to its leaf, a component at a time, and a
 * component names a container when it is, exactly:
 *
 *   docker-ID.scope                   Docker, systemd driver     docker
 *   ID, below a component docker      Docker, cgroupfs driver    docker
 *   cri-containerd-ID.scope           containerd (CRI)           containerd
 *   crio-ID.scope                     CRI-O, systemd manager     cri-o
 *   crio-ID, below a pod's directory  CRI-O, cgroupfs manager    cri-o
 *   libpod-ID.scope                   Podman                     podman
 *   machine-NAME.scope, below machine.slice  machined     systemd-nspawn
 *   ID, below a pod's directory       a runtime with cgroupfs    (not said)
 *
 * ID is 64 lowercase hex digits, exactly: 63 digits, or upper case, are
 * no runtime's. crio-conmon-ID.scope and libpod-conmon-ID.scope hold the
 * runtimes' monitors, not containers, and so name none. NAME is a machine
 * name with systemd's unit name escapes undone (\x2d is '-'), valid as
 * systemd defines it: letters, digits, '-' and '.', at most 64. machined
 * registers libvirt's virtual machines as it does nspawn's containers:
 * theirs read as systemd-nspawn too.
 *
 * A component names a Kubernetes pod when it is a pod's slice of the
 * kubelet's systemd driver, [PREFIX-]kubepods[-QOS]-podUID.slice, the uid's
 * '-' written '_', or a pod's directory of its cgroupfs driver, podUID
 * below kubepods or kubepods/QOS; QOS is besteffort or burstable, a
 * guaranteed pod having none. UID is a UUID (8-4-4-4-12 lowercase hex), or
 * 32 hex digits, the uid of a static pod.
 *
 * The deepest container wins: a container's processes may run in cgroups
 * of their own below its one (a container running systemd has init.scope).
 * A pod forgets the container found above it, which is its node's: kind
 * runs Kubernetes nodes as Docker containers, and their pods below them.
 *
 * A path cut to its tail starts inside a component, whose name is not
 * whole: that component names nothing, nor is it anyone's parent.
 */

#include <string.h>
#include <linux/procmemwatch.h>

#include "container.h"
#include "route.h"

/* The fewest characters of an id or a uid that --container takes as a prefix. */
#define PREFIX_MIN	4

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int is_hex(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (hex_digit(p[i]) < 0)
			return 0;
	return 1;
}

/* A container's id, as every runtime here makes it. */
static int is_id(const char *p, size_t n)
{
	return n == 64 && is_hex(p, n);
}

/* Narrows b to what lies between prefix and suffix, when it has both and more. */
static int strip(struct pmw_bytes *b, const char *prefix, const char *suffix)
{
	size_t pl = strlen(prefix), sl = strlen(suffix);

	if (b->len <= pl + sl || memcmp(b->p, prefix, pl) ||
	    memcmp(b->p + b->len - sl, suffix, sl))
		return 0;
	b->p += pl;
	b->len -= pl + sl;
	return 1;
}

/* A pod's uid whose '-' are written sep, copied into uid with '-'. */
static int pod_uid(struct pmw_bytes b, char sep, char *uid)
{
	size_t i;

	if (b.len == 32 && is_hex(b.p, 32)) {
		memcpy(uid, b.p, 32);
		uid[32] = '\0';
		return 1;
	}
	if (b.len != PMW_POD_UID_MAX)
		return 0;
	for (i = 0; i < PMW_POD_UID_MAX; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? b.p[i] != sep : hex_digit(b.p[i]) < 0)
			return 0;
		uid[i] = dash ? '-' : b.p[i];
	}
	uid[PMW_POD_UID_MAX] = '\0';
	return 1;
}

/*
 * [PREFIX-]kubepods[-QOS]-podUID.slice: the slice's name is its path in the
 * kubelet's tree, '-' between the levels, so the uid follows the last '-'.
 */
static int pod_slice(struct pmw_bytes b, char *uid)
{
	struct pmw_bytes head, tail;
	size_t dash;

	if (!strip(&b, "", ".slice"))
		return 0;
	for (dash = b.len; dash && b.p[dash - 1] != '-'; dash--)
		;
	if (!dash)
		return 0;
	head = (struct pmw_bytes){ b.p, dash - 1 };
	tail = (struct pmw_bytes){ b.p + dash, b.len - dash };
	if (!strip(&tail, "pod", ""))
		return 0;
	if (!strip(&head, "", "-besteffort"))
		strip(&head, "", "-burstable");
	if (!pmw_bytes_is(head, "kubepods") && !strip(&head, "", "-kubepods"))
		return 0;
	return pod_uid(tail, '_', uid);
}

/* podUID below kubepods or kubepods/QOS: the kubelet's cgroupfs driver. */
static int pod_dir(struct pmw_bytes b, struct pmw_bytes parent, struct pmw_bytes grand,
		   char *uid)
{
	int qos = pmw_bytes_is(parent, "besteffort") || pmw_bytes_is(parent, "burstable");

	if (!pmw_bytes_is(parent, "kubepods") && !(qos && pmw_bytes_is(grand, "kubepods")))
		return 0;
	return strip(&b, "pod", "") && pod_uid(b, '-', uid);
}

/*
 * systemd's rule for a machine name, that of a host name: labels of
 * letters, digits and '-', joined by '.', none empty and none starting or
 * ending with '-'.
 */
static int machine_name_valid(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i], prev = i ? s[i - 1] : '.';

		if (c == '.' || c == '-') {
			if (prev == '.' || (c == '.' && prev == '-'))
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			     (c >= 'A' && c <= 'Z'))) {
			return 0;
		}
	}
	return n && s[n - 1] != '.' && s[n - 1] != '-';
}

/*
 * NAME of machine-NAME.scope into name, systemd's escapes undone: \xHH is
 * the byte HH. A bare '-' stands for a '/', which no machine name has.
 */
static int machine_name(struct pmw_bytes b, char *name)
{
	size_t i, n = 0;

	for (i = 0; i < b.len && n < PMW_CONTAINER_ID_MAX; i++, n++) {
		if (b.p[i] == '-')
			return 0;
		if (b.p[i] != '\\') {
			name[n] = b.p[i];
			continue;
		}
		if (b.len - i < 4 || b.p[i + 1] != 'x' || !is_hex(b.p + i + 2, 2))
			return 0;
		name[n] = hex_digit(b.p[i + 2]) << 4 | hex_digit(b.p[i + 3]);
		i += 3;
	}
	name[n] = '\0';
	return i == b.len && machine_name_valid(name, n);
}

/* Each runtime's scope for a container under systemd: PREFIX-ID.scope. */
static const struct {
	const char *prefix, *runtime;
} scopes[] = {
	{ "docker-", "docker" },
	{ "cri-containerd-", "containerd" },
	{ "crio-", "cri-o" },
	{ "libpod-", "podman" },
};

/* What the walk knows of the components above the one it reads. */
struct walk {
	struct pmw_bytes parent, grand;
	int parent_pod;		/* the parent is a pod's directory (cgroupfs) */
};

static void put_id(struct pmw_container *c, const char *runtime, struct pmw_bytes id)
{
	memcpy(c->id, id.p, id.len);
	c->id[id.len] = '\0';
	c->runtime = runtime;
}

/* Does comp name a container? Its id and runtime go into found. */
static int container_in(struct pmw_bytes comp, const struct walk *w,
			struct pmw_container *found)
{
	struct pmw_bytes b;
	size_t i;

	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		b = comp;
		if (strip(&b, scopes[i].prefix, ".scope") && is_id(b.p, b.len)) {
			put_id(found, scopes[i].runtime, b);
			return 1;
		}
	}
	b = comp;
	if (pmw_bytes_is(w->parent, "machine.slice") && strip(&b, "machine-", ".scope") &&
	    machine_name(b, found->id)) {
		found->runtime = "systemd-nspawn";
		return 1;
	}
	if (is_id(comp.p, comp.len) && (pmw_bytes_is(w->parent, "docker") || w->parent_pod)) {
		put_id(found, w->parent_pod ? NULL : "docker", comp);
		return 1;
	}
	b = comp;
	if (w->parent_pod && strip(&b, "crio-", "") && is_id(b.p, b.len)) {
		put_id(found, "cri-o", b);
		return 1;
	}
	return 0;
}

/* Reads comp, below what w says: a container, a pod, or neither. */
static void read_component(struct pmw_bytes comp, struct walk *w, struct pmw_container *c)
{
	struct pmw_container found = { NULL, "", "" };
	int dir = 0;

	if (container_in(comp, w, &found)) {
		memcpy(c->id, found.id, sizeof(c->id));
		c->runtime = found.runtime;
	} else if (pod_slice(comp, found.pod) ||
		   (dir = pod_dir(comp, w->parent, w->grand, found.pod))) {
		memcpy(c->pod, found.pod, sizeof(c->pod));
		c->id[0] = '\0';
		c->runtime = NULL;
	}
	w->grand = w->parent;
	w->parent = comp;
	w->parent_pod = dir;
}

void pmw_container_of(struct pmw_bytes cgroup, struct pmw_container *c)
{
	struct walk w = { { "", 0 }, { "", 0 }, 0 };
	const char *p = cgroup.p, *end;

	memset(c, 0, sizeof(*c));
	if (!cgroup.len)	/* of a zeroed event, p is NULL */
		return;
	end = p + cgroup.len;
	/* Cut to its tail: the first component is not whole. */
	if (*p != '/') {
		p = memchr(p, '/', cgroup.len);
		if (!p)
			return;
	}
	while (p < end) {
		const char *slash = memchr(p + 1, '/', end - p - 1);
		const char *next = slash ? slash : end;

		read_component((struct pmw_bytes){ p + 1, next - p - 1 }, &w, c);
		p = next;
	}
}

void pmw_place_containers(struct pmw_event *ev)
{
	pmw_container_of(ev->ctx.cgroup, &ev->container);
	pmw_container_of(ev->target_ctx.cgroup, &ev->target_container);
}

/*
 * The words of the audit record's nscross=, by the PMW_INFO_NS_* bits they
 * stand for, in the kernel's order of precedence: the first whose bits a
 * record has all of is its word.
 */
static const struct {
	const char *word;
	uint32_t info;
} crossings[] = {
	{ "outward", PMW_INFO_NS_CROSS | PMW_INFO_NS_OUTWARD },
	{ "host", PMW_INFO_NS_CROSS | PMW_INFO_NS_FROM_HOST },
	{ "inward", PMW_INFO_NS_CROSS },
	{ "no", 0 },
};

#define NCROSSINGS	(sizeof(crossings) / sizeof(crossings[0]))

const char *pmw_ns_crossing(const struct pmw_event *ev)
{
	size_t i;

	if (!ev->has_crossing || !pmw_has_target(ev))
		return NULL;
	for (i = 0; i < NCROSSINGS - 1; i++)
		if ((ev->info & crossings[i].info) == crossings[i].info)
			break;
	return crossings[i].word;
}

int pmw_ns_crossing_parse(const char *s, size_t len, uint32_t *info)
{
	size_t i;

	for (i = 0; i < NCROSSINGS; i++)
		if (strlen(crossings[i].word) == len && !memcmp(crossings[i].word, s, len)) {
			*info = crossings[i].info;
			return 0;
		}
	return -1;
}

struct pmw_bytes pmw_container_short(const struct pmw_container *c)
{
	size_t len = strlen(c->id);

	return (struct pmw_bytes){ c->id, is_id(c->id, len) ? 12 : len };
}

/* The characters of ids, uids and machine names, and so of --container. */
int pmw_container_arg_valid(const char *s)
{
	size_t n = strlen(s);

	return n && n <= PMW_CONTAINER_ID_MAX &&
	       strspn(s, "0123456789abcdefghijklmnopqrstuvwxyz"
			 "ABCDEFGHIJKLMNOPQRSTUVWXYZ.-") == n;
}

/* All of name, or, where prefix_ok, its first PREFIX_MIN characters or more. */
static int names(const char *name, const char *s, int prefix_ok)
{
	size_t n = strlen(s);

	if (!*name)
		return 0;
	if (!strcmp(name, s))
		return 1;
	return prefix_ok && n >= PREFIX_MIN && !strncmp(name, s, n);
}

/* A machine name is matched whole: "web" is not "web2". */
int pmw_container_matches(const struct pmw_container *c, const char *s)
{
	return names(c->id, s, is_id(c->id, strlen(c->id))) || names(c->pod, s, 1);
}
