// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: decoding the binary records of the events file
 *
 * The records of ABI version 1 (include/uapi/linux/procmemwatch.h). Each
 * record says its size, and the uapi promises that readers skip what they
 * do not know by it: a record of a newer layout (larger, higher version)
 * is decoded as far as this reader knows it and the rest ignored;
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
 * Every record type's layout is its uapi struct, version 1; a later
 * version may only append fields, which this reader ignores. A record
 * smaller than its struct cannot be right. The strings of an access
 * record follow its fixed fields, inside the record.
 */
_Static_assert(sizeof(struct pmw_access_record) == 256, "access record layout");
_Static_assert(sizeof(struct pmw_begun_record) == 96, "begun record layout");
_Static_assert(sizeof(struct pmw_lost_record) == 24, "lost record layout");
_Static_assert(sizeof(struct pmw_dropped_record) == 40, "dropped record layout");
_Static_assert(sizeof(struct pmw_config_record) == 88, "config record layout");
_Static_assert(sizeof(struct pmw_summary_record) == 136, "summary record layout");

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

/* A NUL-padded 16-byte field: up to its first NUL, or all 16 bytes. */
static struct pmw_bytes field16(const unsigned char *buf, size_t offset)
{
	const char *p = (const char *)buf + offset;
	size_t n = 0;

	while (n < 16 && p[n])
		n++;
	return (struct pmw_bytes){ p, n };
}

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

static struct pmw_file_ref file_ref(const struct pmw_file_id *id)
{
	return (struct pmw_file_ref){ id->dev_major, id->dev_minor, id->ino };
}

/* Returns NULL, or what is wrong with the record. */
static const char *decode_access(const unsigned char *buf, uint32_t size, struct pmw_event *ev)
{
	struct pmw_access_record r;
	int bad = 0;

	if (size < sizeof(r))
		return "access record too small";
	memcpy(&r, buf, sizeof(r));
	ev->kind = PMW_EV_ACCESS;
	ev->mono_ns = r.mono_ns;
	ev->real_ns = r.real_ns;
	ev->bytes = r.bytes;
	ev->begun_seq = r.begun_seq;
	ev->exe_id = file_ref(&r.exe_id);
	ev->target_exe_id = file_ref(&r.target_exe_id);
	ev->has_exe_id = 1;
	ev->route = r.route;
	ev->access = r.access;
	ev->outcome = r.outcome;
	ev->error = r.error;
	ev->info = r.info;
	ev->pid = r.pid;
	ev->tid = r.tid;
	ev->ppid = r.ppid;
	ev->ns_pid = r.ns_pid;
	ev->uid = r.uid;
	ev->euid = r.euid;
	ev->loginuid = r.loginuid;
	ev->sessionid = r.sessionid;
	ev->target_pid = r.target_pid;
	ev->target_tid = r.target_tid;
	ev->target_ns_pid = r.target_ns_pid;
	ev->target_uid = r.target_uid;
	ev->flags = r.flags;
	ev->open_flags = r.open_flags;
	ev->has_open_flags = 1;
	ev->comm = field16(buf, offsetof(struct pmw_access_record, comm));
	ev->target_comm = field16(buf, offsetof(struct pmw_access_record, target_comm));
	ev->exe = record_string(buf, size, &r.exe, &bad);
	ev->target_exe = record_string(buf, size, &r.target_exe, &bad);
	ev->path = record_string(buf, size, &r.path, &bad);
	ev->ctx = record_context(buf, size, r.cgroup_id, &r.ns, &r.cgroup, &bad);
	ev->target_ctx = record_context(buf, size, r.target_cgroup_id, &r.target_ns,
					&r.target_cgroup, &bad);
	ev->has_cgroup = ev->has_ns = ev->has_crossing = 1;
	pmw_place_containers(ev);
	return bad ? "access record with a string outside it" : NULL;
}

/* The caller of a record that names one uid: its real one, and no login. */
static void set_caller(struct pmw_event *ev, uint32_t pid, uint32_t tid, uint32_t uid)
{
	ev->pid = pid;
	ev->tid = tid;
	ev->uid = ev->euid = uid;
	ev->loginuid = ev->sessionid = UINT32_MAX;
}

static const char *decode_begun(const unsigned char *buf, uint32_t size, struct pmw_event *ev)
{
	struct pmw_begun_record r;

	if (size < sizeof(r))
		return "begun record too small";
	memcpy(&r, buf, sizeof(r));
	ev->kind = PMW_EV_BEGUN;
	ev->mono_ns = r.mono_ns;
	ev->real_ns = r.real_ns;
	ev->route = r.route;
	ev->access = r.access;
	set_caller(ev, r.pid, r.tid, r.uid);
	ev->target_pid = r.target_pid;
	ev->target_tid = r.target_tid;
	ev->comm = field16(buf, offsetof(struct pmw_begun_record, comm));
	ev->target_comm = field16(buf, offsetof(struct pmw_begun_record, target_comm));
	return NULL;
}

static const char *decode_dropped(const unsigned char *buf, uint32_t size, struct pmw_event *ev)
{
	struct pmw_dropped_record r;

	if (size < sizeof(r))
		return "dropped record too small";
	memcpy(&r, buf, sizeof(r));
	ev->kind = PMW_EV_DROPPED;
	ev->reason = r.reason;
	ev->route = r.route;
	set_caller(ev, r.pid, r.tid, r.uid);
	ev->target_pid = r.target_pid;
	return NULL;
}

static const char *decode_config(const unsigned char *buf, uint32_t size, struct pmw_event *ev)
{
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
	ev->setting = field16(buf, offsetof(struct pmw_config_record, setting));
	ev->old_value = field16(buf, offsetof(struct pmw_config_record, old_value));
	ev->new_value = field16(buf, offsetof(struct pmw_config_record, new_value));
	return NULL;
}

static const char *decode_summary(const unsigned char *buf, uint32_t size, struct pmw_event *ev)
{
	struct pmw_summary_record r;

	if (size < sizeof(r))
		return "summary record too small";
	memcpy(&r, buf, sizeof(r));
	ev->kind = PMW_EV_SUMMARY;
	ev->first_real_ns = r.first_real_ns;
	ev->real_ns = r.last_real_ns;
	ev->count = r.count;
	ev->self = r.self;
	ev->refused = r.refused;
	ev->failed = r.failed;
	ev->denied = r.denied;
	ev->would_deny = r.would_deny;
	set_caller(ev, r.pid, 0, r.uid);
	ev->routes = r.routes;
	ev->has_routes = 1;
	ev->target_pid = r.target_pid;
	ev->route = r.route;
	ev->outcome = r.outcome;
	ev->comm = field16(buf, offsetof(struct pmw_summary_record, comm));
	ev->target_comm = field16(buf, offsetof(struct pmw_summary_record, target_comm));
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
	case PMW_RECORD_ACCESS:
		why = decode_access(buf, h.size, ev);
		break;
	case PMW_RECORD_BEGUN:
		why = decode_begun(buf, h.size, ev);
		break;
	case PMW_RECORD_DROPPED:
		why = decode_dropped(buf, h.size, ev);
		break;
	case PMW_RECORD_CONFIG:
		why = decode_config(buf, h.size, ev);
		break;
	case PMW_RECORD_SUMMARY:
		why = decode_summary(buf, h.size, ev);
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
