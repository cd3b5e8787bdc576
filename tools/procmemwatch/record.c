// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: decoding the binary records of the events file
 *
 * Each record says its size, and the uapi promises that readers skip what
 * they do not know by it: a record of a newer layout (larger, higher
 * version) is decoded as far as this reader knows it and the rest ignored;
 * a record of a type this reader does not know (a newer kernel's) is
 * skipped whole and counted, never searched for records inside it. Only a
 * header that cannot be right (size not a multiple of 8, smaller than a
 * header, larger than any record; type or version 0) means the input is
 * damaged: the decoder reports it and moves on 8 bytes at a time until a
 * plausible header comes back.
 */

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <linux/procmemwatch.h>

#include "container.h"
#include "record.h"

/* Far beyond any record a kernel writes, to tell growth from garbage. */
#define PMW_RECORD_LIMIT	65536

/*
 * Version 1 of an open record ends at its path; version 2 adds error and
 * open_flags; version 3 route, pad and bytes; version 4 where the opener
 * and the target run: cgroup ids, namespaces, cgroup paths. The uapi struct grows with
 * each version, so its sizeof is the newest layout, not the least a record
 * may hold. What follows a version's fixed part is its strings, so the
 * fields of a later version are read only from a record whose version has
 * them, never from the bytes past an older record's fixed part; they are
 * zero otherwise, and the route of a record before version 3 is mem, the
 * only one there was.
 */
#define PMW_OPEN_V1_SIZE	(offsetof(struct pmw_open_record, path) + \
				 sizeof(struct pmw_string))
#define PMW_OPEN_V2_SIZE	(offsetof(struct pmw_open_record, open_flags) + \
				 sizeof(__u32))
#define PMW_OPEN_V3_SIZE	(offsetof(struct pmw_open_record, bytes) + \
				 sizeof(__u64))
#define PMW_OPEN_V4_SIZE	(offsetof(struct pmw_open_record, target_cgroup) + \
				 sizeof(struct pmw_string))
_Static_assert(PMW_OPEN_V4_SIZE == sizeof(struct pmw_open_record),
	       "the newest layout this reader knows is the uapi struct");
_Static_assert(PMW_OPEN_V4_SIZE == 216 && sizeof(struct pmw_namespaces) == 16,
	       "open record layout, version 4");

static size_t open_known_size(uint16_t version)
{
	if (version >= 4)
		return PMW_OPEN_V4_SIZE;
	if (version >= 3)
		return PMW_OPEN_V3_SIZE;
	return version >= 2 ? PMW_OPEN_V2_SIZE : PMW_OPEN_V1_SIZE;
}

static struct pmw_bytes record_string(const unsigned char *rec, uint32_t size,
				      const struct pmw_string *s, int *bad)
{
	struct pmw_bytes b = { "", 0 };

	if (!s->len)
		return b;
	if ((uint32_t)s->offset + s->len > size) {
		*bad = 1;
		return b;
	}
	b.p = (const char *)rec + s->offset;
	b.len = s->len;
	return b;
}

static size_t comm_len(const char *comm)
{
	size_t n = 0;

	while (n < 16 && comm[n])
		n++;
	return n;
}

/* Where one side runs, from a version 4 record. */
static struct pmw_ctx record_context(const unsigned char *rec, uint32_t size, uint64_t cgroup_id,
				     const struct pmw_namespaces *ns,
				     const struct pmw_string *cgroup, int *bad)
{
	return (struct pmw_ctx){
		.cgroup_id = cgroup_id, .pid_ns = ns->pid, .mnt_ns = ns->mnt,
		.user_ns = ns->user, .net_ns = ns->net,
		.cgroup = record_string(rec, size, cgroup, bad),
	};
}

/* Returns NULL, or what is wrong with the record. */
static const char *decode_open(const unsigned char *buf, uint32_t size,
			       uint16_t version, struct pmw_event *ev)
{
	const char *comm = (const char *)buf + offsetof(struct pmw_open_record, comm);
	const char *tcomm = (const char *)buf + offsetof(struct pmw_open_record, target_comm);
	size_t known = open_known_size(version);
	struct pmw_open_record rec;
	const struct pmw_open_record *r = &rec;
	int bad = 0;

	if (size < PMW_OPEN_V1_SIZE)
		return "open record too small or with a string outside it";
	if (size < known)
		return "open record too small for its version";
	memset(&rec, 0, sizeof(rec));
	memcpy(&rec, buf, known);
	ev->kind = PMW_EV_OPEN;
	ev->mono_ns = r->mono_ns;
	ev->real_ns = r->real_ns;
	ev->pid = r->pid;
	ev->tid = r->tid;
	ev->ppid = r->ppid;
	ev->ns_pid = r->ns_pid;
	ev->uid = r->uid;
	ev->euid = r->euid;
	ev->loginuid = r->loginuid;
	ev->sessionid = r->sessionid;
	ev->target_pid = r->target_pid;
	ev->target_tid = r->target_tid;
	ev->target_uid = r->target_uid;
	ev->target_ns_pid = r->target_ns_pid;
	ev->flags = r->flags;
	ev->access = r->access;
	ev->outcome = r->outcome;
	ev->info = r->info;
	ev->error = r->error;
	ev->open_flags = r->open_flags;
	ev->has_open_flags = version >= 2;
	ev->route = version >= 3 ? r->route : PMW_ROUTE_MEM;
	ev->bytes = r->bytes;
	ev->comm = (struct pmw_bytes){ comm, comm_len(comm) };
	ev->target_comm = (struct pmw_bytes){ tcomm, comm_len(tcomm) };
	ev->exe = record_string(buf, size, &r->exe, &bad);
	ev->target_exe = record_string(buf, size, &r->target_exe, &bad);
	ev->path = record_string(buf, size, &r->path, &bad);
	if (version >= 4) {
		ev->ctx = record_context(buf, size, r->cgroup_id, &r->ns, &r->cgroup, &bad);
		ev->target_ctx = record_context(buf, size, r->target_cgroup_id, &r->target_ns,
						&r->target_cgroup, &bad);
		ev->has_cgroup = ev->has_ns = ev->has_crossing = 1;
		pmw_place_containers(ev);
	}
	return bad ? "open record too small or with a string outside it" : NULL;
}

/*
 * The dropped, config and self-opens records keep one size: version 1 is
 * the uapi struct, and a later version may only append to it. Version 2 of
 * the dropped record gave its last field, zero padding before, to the
 * route: a version 1 dropped record is of a mem open, the only route then.
 */
_Static_assert(sizeof(struct pmw_dropped_record) == 40, "dropped record layout");
_Static_assert(sizeof(struct pmw_config_record) == 88, "config record layout");
_Static_assert(sizeof(struct pmw_self_opens_record) == 80, "self-opens record layout");

static const char *decode_dropped(const unsigned char *buf, uint32_t size,
				  uint16_t version, struct pmw_event *ev)
{
	struct pmw_dropped_record r;

	if (size < sizeof(r))
		return "dropped record too small";
	memcpy(&r, buf, sizeof(r));
	ev->kind = PMW_EV_DROPPED;
	ev->reason = r.reason;
	ev->pid = r.pid;
	ev->tid = r.tid;
	ev->uid = ev->euid = r.uid;
	ev->loginuid = ev->sessionid = UINT32_MAX;
	ev->target_pid = r.target_pid;
	ev->route = version >= 2 ? r.route : PMW_ROUTE_MEM;
	return NULL;
}

/*
 * The strings of a config record are NUL-padded in 16-byte fields: each
 * ends at its first NUL or at the end of its field, whatever follows.
 */
static const char *decode_config(const unsigned char *buf, uint32_t size,
				 struct pmw_event *ev)
{
	const char *setting = (const char *)buf + offsetof(struct pmw_config_record, setting);
	const char *old = (const char *)buf + offsetof(struct pmw_config_record, old_value);
	const char *new = (const char *)buf + offsetof(struct pmw_config_record, new_value);
	struct pmw_config_record r;

	if (size < sizeof(r))
		return "config record too small";
	memcpy(&r, buf, sizeof(r));
	ev->kind = PMW_EV_CONFIG;
	ev->real_ns = r.real_ns;
	ev->pid = r.pid;
	ev->uid = ev->euid = r.uid;
	ev->loginuid = r.loginuid;
	ev->sessionid = r.sessionid;
	ev->setting = (struct pmw_bytes){ setting, comm_len(setting) };
	ev->old_value = (struct pmw_bytes){ old, comm_len(old) };
	ev->new_value = (struct pmw_bytes){ new, comm_len(new) };
	return NULL;
}

/* The counted opens have no target: each was of its opener's own memory. */
static const char *decode_self_opens(const unsigned char *buf, uint32_t size,
				     struct pmw_event *ev)
{
	const char *comm = (const char *)buf + offsetof(struct pmw_self_opens_record, comm);
	struct pmw_self_opens_record r;

	if (size < sizeof(r))
		return "self-opens record too small";
	memcpy(&r, buf, sizeof(r));
	ev->kind = PMW_EV_SELF_OPENS;
	ev->first_real_ns = r.first_real_ns;
	ev->real_ns = r.last_real_ns;
	ev->count = r.count;
	ev->refused = r.refused;
	ev->failed = r.failed;
	ev->uid = r.uid;
	ev->pid = r.pid;
	ev->comm = (struct pmw_bytes){ comm, comm_len(comm) };
	ev->route = PMW_ROUTE_MEM;
	return NULL;
}

static int plausible(const struct pmw_record_header *h)
{
	return h->size >= sizeof(*h) && h->size % 8 == 0 &&
	       h->size <= PMW_RECORD_LIMIT && h->version >= 1 && h->type != 0;
}

/* A record of a type this reader does not know: skipped by its size. */
static size_t unknown_type(struct pmw_decoder *d, const struct pmw_record_header *h,
			   struct pmw_event *ev, int *ok)
{
	if (d->verbose)
		fprintf(stderr, "procmemwatch: %s: offset %llu: record of unknown type %u "
			"(version %u, %u bytes) skipped\n", d->name,
			(unsigned long long)d->offset, h->type, h->version, h->size);
	d->unknown++;
	d->offset += h->size;
	ev->kind = PMW_EV_UNKNOWN;
	*ok = 1;
	return h->size;
}

static size_t bad_input(struct pmw_decoder *d, size_t skip, const char *why)
{
	fprintf(stderr, "procmemwatch: %s: offset %llu: %s\n", d->name,
		(unsigned long long)d->offset, why);
	d->errors++;
	d->offset += skip;
	return skip;
}

size_t pmw_decode(struct pmw_decoder *d, const unsigned char *buf, size_t len,
		  int at_eof, struct pmw_event *ev, int *ok)
{
	struct pmw_record_header h;
	const char *why;

	*ok = 0;
	if (len < sizeof(h)) {
		if (at_eof && len)
			return bad_input(d, len, "truncated record header");
		return 0;
	}
	memcpy(&h, buf, sizeof(h));
	if (!plausible(&h)) {
		if (d->skipping) {
			d->offset += 8;
			return 8;
		}
		d->skipping = 1;
		return bad_input(d, 8, "not a record (bad size, type or version), skipping to the next one");
	}
	if (len < h.size) {
		if (at_eof)
			return bad_input(d, len, "truncated record");
		return 0;
	}
	memset(ev, 0, sizeof(*ev));
	ev->seq = h.seq;
	d->skipping = 0;
	switch (h.type) {
	case PMW_RECORD_LOST: {
		struct pmw_lost_record l;

		if (h.size < sizeof(l))
			return bad_input(d, h.size, "lost record too small");
		memcpy(&l, buf, sizeof(l));
		ev->kind = PMW_EV_LOST;
		ev->lost = l.count;
		why = NULL;
		break;
	}
	case PMW_RECORD_OPEN:
		why = decode_open(buf, h.size, h.version, ev);
		break;
	case PMW_RECORD_DROPPED:
		why = decode_dropped(buf, h.size, h.version, ev);
		break;
	case PMW_RECORD_CONFIG:
		why = decode_config(buf, h.size, ev);
		break;
	case PMW_RECORD_SELF_OPENS:
		why = decode_self_opens(buf, h.size, ev);
		break;
	default:
		return unknown_type(d, &h, ev, ok);
	}
	if (why)
		return bad_input(d, h.size, why);
	d->offset += h.size;
	*ok = 1;
	return h.size;
}
