// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: the stats file, explained
 *
 * The stats file is "name value" lines. Each counter this reader knows is
 * printed with one line of explanation; a counter it does not know (a
 * newer kernel's) is printed as it is, because a guessed meaning would be
 * worse than none. The explanations follow the kernel of ABI version 1
 * (spec: "stats"; security/procmemwatch/fs.c).
 */

#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "text.h"

static const struct {
	const char *name, *what;
} counters[] = {
	{ "mode", "the current mode: off (nothing reported), detect, or enforce (accesses the "
		  "policy does not allow are refused)" },
	{ "events", "records numbered since boot (accesses reported, begun calls, dropped "
		    "accesses, setting changes, summaries): the last sequence number" },
	{ "opened", "accesses that completed, those counted in summaries included" },
	{ "refused", "accesses the kernel's checks or an LSM refused (EACCES), those counted "
		     "in summaries included" },
	{ "failed", "accesses that failed otherwise: target gone or a kernel thread (ESRCH), "
		    "O_DIRECT (EINVAL), a fatal signal (EINTR); summarized ones included" },
	{ "denied", "accesses that procmemwatch's policy refused in enforce mode (EPERM)" },
	{ "would_deny", "accesses in detect mode that enforce mode would have refused (they "
			"went ahead)" },
	{ "passed", "accesses through a descriptor another process opened, or this one "
		    "before an exec (SCM_RIGHTS, pidfd_getfd, fork, exec, io_uring)" },
	{ "dropped", "accesses not reported in full for lack of memory (each a dropped record "
		     "in the stream)" },
	{ "begun", "process_vm calls that began (each a begun record, its access record "
		   "following when the call returns)" },
	{ "config_changes", "writes to the settings, each a config record in the stream" },
	{ "summarized", "accesses beyond a user's event_rate in a second, counted in a summary "
			"record instead of recorded one by one" },
	{ "summary_records", "summary records written" },
	{ "buffered", "records held in the buffer now" },
	{ "buffered_bytes", "bytes those records take in the buffer" },
	{ "capacity_bytes", "size of the buffer; each record takes the bytes it needs" },
	{ "overwritten", "records that left the buffer to make room" },
	{ "overwritten_unread", "of those, records an open reader had not read yet" },
	{ "lost_reported", "records reported lost to readers, summed over readers" },
	{ "readers", "readers that have the events file open" },
	{ "audit_emitted", "audit records logged" },
	{ "audit_suppressed", "audit records left out by a user's audit_rate (still in the "
			      "stream)" },
	{ "audit_unavailable", "audit records the audit subsystem refused (backlog full, no "
			       "memory)" },
	{ "rules", "rules in the policy in force" },
	{ "stale_rules", "exe= rules whose path no longer names their file (replaced, deleted, "
			 "unmounted): a refresh lets them follow it" },
};

/*
 * The explanation of counter name[0..len), or NULL. *per_mode: it is
 * one of the counters named after a mode (seen_off, seen_detect, ...),
 * whose name ends the explanation.
 */
static const char *explanation(const char *name, size_t len, int *per_mode)
{
	size_t i;

	*per_mode = len > 5 && !strncmp(name, "seen_", 5);
	if (*per_mode)
		return "accesses seen while the mode was ";
	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		if (strlen(counters[i].name) == len && !memcmp(name, counters[i].name, len))
			return counters[i].what;
	return NULL;
}

static void print_counter(FILE *out, const char *line, size_t len)
{
	const char *space = memchr(line, ' ', len);
	size_t nlen = space ? (size_t)(space - line) : len;
	struct pmw_bytes name = { line, nlen }, value = { NULL, 0 };
	const char *what = NULL;
	int per_mode = 0, width;

	if (space) {
		value = (struct pmw_bytes){ space + 1, len - nlen - 1 };
		what = explanation(line, nlen, &per_mode);
	}
	width = pmw_put_text(out, name);
	if (!what) {
		/* As it is, but with no byte a terminal would act on. */
		if (space) {
			fputc(' ', out);
			pmw_put_text(out, value);
		}
		fputc('\n', out);
		return;
	}
	fprintf(out, "%*s ", width < 20 ? 20 - width : 0, "");
	width = pmw_put_text(out, value);
	fprintf(out, "%*s %s", width < 10 ? 10 - width : 0, "", what);
	if (per_mode)
		pmw_put_text(out, (struct pmw_bytes){ line + 5, nlen - 5 });
	fputc('\n', out);
}

int pmw_print_stats(FILE *in, const char *name, FILE *out)
{
	size_t cap = 0;
	char *line = NULL;
	ssize_t len;

	while ((len = getline(&line, &cap, in)) >= 0) {
		if (len && line[len - 1] == '\n')
			len--;
		print_counter(out, line, len);
	}
	free(line);
	if (ferror(in)) {
		fprintf(stderr, "procmemwatch: %s: %m\n", name);
		return 1;
	}
	return fflush(out) ? 1 : 0;
}
