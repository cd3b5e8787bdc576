// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: the stats file, explained
 *
 * The stats file is "name value" lines. Each counter this reader knows is
 * printed with one line of explanation; a counter it does not know (a
 * newer kernel's) is printed as it is, because a guessed meaning would be
 * worse than none. The explanations follow the kernel's documentation of
 * the file (README, "The securityfs files").
 */

#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "text.h"

static const struct {
	const char *name, *what;
} counters[] = {
	{ "mode", "the current mode: off (nothing reported), detect, or enforce (opens the "
		  "policy does not allow are refused)" },
	{ "events", "events produced since boot (opens reported, dropped opens, setting "
		    "changes, self-opens records): the last sequence number" },
	{ "opened", "mem file opens that completed, those counted in self-opens records "
		    "included" },
	{ "refused", "mem file opens the ptrace check or an LSM refused (EACCES), those "
		     "counted in self-opens records included" },
	{ "failed", "mem file opens that failed otherwise: target gone or a kernel thread "
		    "(ESRCH), O_DIRECT (EINVAL), a fatal signal (EINTR); those counted in "
		    "self-opens records included" },
	{ "denied", "mem file opens that procmemwatch's policy refused in enforce mode (EPERM)" },
	{ "would_deny", "mem file opens in detect mode that enforce mode would have refused "
			"(they went ahead)" },
	{ "dropped_nomem", "mem file opens not reported in full for lack of memory "
			   "(each a dropped record in the stream)" },
	{ "dropped_exit", "kernel-internal opens (dentry_open, no file_post_open hook) "
			  "not reported in full: their task was freed before the event was "
			  "finished (each a dropped record in the stream)" },
	{ "config_changes", "writes to the settings, each a config record in the stream" },
	{ "self_opens_summarized", "opens of a process's own mem file counted in a self-opens "
				   "record instead of recorded one by one" },
	{ "self_opens_records", "self-opens records written" },
	{ "buffered", "events held in the buffer now" },
	{ "buffered_bytes", "bytes those events take in the buffer" },
	{ "capacity_bytes", "size of the buffer; each event takes the bytes it needs" },
	{ "overwritten", "events that left the buffer to make room" },
	{ "overwritten_unread", "of those, events an open reader had not read yet" },
	{ "lost_reported", "events reported lost to readers, summed over readers" },
	{ "readers", "readers that have the events file open" },
	{ "audit_emitted", "audit records logged" },
	{ "audit_suppressed", "audit records left out by the audit_rate limit (still in the stream)" },
	{ "audit_unavailable", "audit records the audit subsystem refused (backlog full, no memory)" },
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
		return "mem file opens seen while the mode was ";
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
