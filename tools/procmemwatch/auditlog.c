// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: reading an audit log, or a journal's audit entries
 *
 * The input is told by its first line: a JSON object is journalctl -o
 * json, a KEY=VALUE line in capitals journalctl -o export (journal.c),
 * anything else an audit log's lines (audit.c). What is skipped is said
 * at the end, on stderr, so that a clean-looking output is not taken for
 * the whole story: lines of an audit log that carry the text of a
 * procmemwatch record without being one (a forgery from user space,
 * another module's record), journal entries with that text that journald
 * did not take from the kernel's audit. --verbose names each.
 *
 * An input with no audit record at all is not an audit log, and is said
 * to be one that is not understood: compressed (the reader does not
 * decompress), a journal file (journalctl reads those), a syslog file or
 * journalctl's text output (whose lines could be anybody's).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "auditlog.h"
#include "journal.h"
#include "lines.h"
#include "outfile.h"
#include "signals.h"

enum input_kind { IN_AUDIT, IN_JSON, IN_EXPORT };

/* What an audit log's reading counted, said at the end. */
struct audit_counts {
	const char *name;
	unsigned long lines, records, errors, lookalikes, other_transport, before_v1;
	enum input_kind kind;
};

/* A line that carries the text of a procmemwatch access record, whoever wrote it. */
static int lookalike(const char *text)
{
	static const char *const ops[] = {
		"op=proc_mem_open", "op=proc_kcore_open", "op=proc_environ_open",
		"op=process_vm_readv", "op=process_vm_writev", "op=ptrace_attach",
		"op=perf_sample", "op=core_dump", "op=summary", "op=dropped",
	};
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strstr(text, ops[i]))
			return 1;
	return 0;
}

/* Formats whose first bytes say what they are, and what to do instead. */
static const char *not_a_log(const char *b, size_t n)
{
	static const struct {
		const char *magic;
		size_t len;
		const char *what;
	} magics[] = {
		{ "\x1f\x8b", 2, "gzip-compressed: decompress it first (zcat FILE | "
				 "procmemwatch --audit)" },
		{ "\xfd" "7zXZ", 5, "xz-compressed: decompress it first (xzcat FILE | "
				    "procmemwatch --audit)" },
		{ "\x28\xb5\x2f\xfd", 4, "zstd-compressed: decompress it first (zstdcat FILE | "
					 "procmemwatch --audit)" },
		{ "BZh", 3, "bzip2-compressed: decompress it first (bzcat FILE | "
			    "procmemwatch --audit)" },
		{ "LPKSHHRH", 8, "a journal file: read it with journalctl --file=FILE -o json "
				 "_TRANSPORT=audit | procmemwatch --audit" },
	};
	size_t i;

	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (n >= magics[i].len && !memcmp(b, magics[i].magic, magics[i].len))
			return magics[i].what;
	return NULL;
}

#define FIELD_NAME_CHARS	"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"

/* A field of journalctl -o export: NAME=VALUE, or NAME alone (binary), in capitals. */
static int export_field(const char *line)
{
	size_t n = strspn(line, FIELD_NAME_CHARS);

	return n && (line[n] == '=' || line[n] == '\0') && (line[0] < '0' || line[0] > '9');
}

/* The same at the start of the input's first bytes b[0..n). */
static int export_field_start(const char *b, size_t n)
{
	size_t k = 0;

	while (k < n && strchr(FIELD_NAME_CHARS, b[k]) && b[k])
		k++;
	return k && k < n && (b[k] == '=' || b[k] == '\n') && (b[0] < '0' || b[0] > '9');
}

static void print_event(const struct pmw_run *r, struct pmw_event *ev)
{
	if (r->host)
		pmw_host_stamp(r->host, ev);
	pmw_name_users(ev, r->names);
	if (!pmw_filter_match(r->filter, ev))
		return;
	if (r->output_file && pmw_reopen_asked())
		pmw_outfile_reopen(r->out->out, r->output_file);
	pmw_deliver(r, ev);
}

/* What one line or entry came to: printed, skipped, or damaged. */
static void tally(const struct pmw_run *r, struct audit_counts *c, int rc, const char *text,
		  const char *why, unsigned long n)
{
	if (rc < 0)
		c->errors++;
	else if (!rc && r->verbose)
		fprintf(stderr, "procmemwatch: %s: line %lu: skipped: %s\n", c->name, n, why);
	else if (!rc && strstr(why, "before ABI version 1"))
		c->before_v1++;
	else if (!rc && c->kind == IN_AUDIT)
		c->lookalikes += lookalike(text);
}

static void audit_line(const struct pmw_run *r, struct audit_counts *c, const char *line)
{
	struct pmw_event ev;
	char why[160];
	int rc;

	c->records += pmw_audit_is_record(line);
	rc = pmw_audit_parse_line(line, c->name, c->lines, &ev, why, sizeof(why));
	if (rc > 0)
		print_event(r, &ev);
	tally(r, c, rc, line, why, c->lines);
}

static void journal_entry(const struct pmw_run *r, struct audit_counts *c,
			  const struct pmw_journal_entry *e)
{
	struct pmw_event ev;
	char why[160];
	int rc, other;

	c->records++;
	rc = pmw_journal_event(e, c->name, c->lines, &ev, why, sizeof(why), &other);
	if (rc > 0)
		print_event(r, &ev);
	if (!rc && other && !r->verbose && lookalike(e->field[PMW_J_MESSAGE].p))
		c->other_transport++;
	tally(r, c, rc, "", why, c->lines);
}

static void json_line(const struct pmw_run *r, struct audit_counts *c, const char *line,
		      size_t len)
{
	static struct pmw_journal_entry e;
	char why[160];

	if (pmw_journal_json(&e, line, len, why, sizeof(why))) {
		fprintf(stderr, "procmemwatch: %s: line %lu: %s\n", c->name, c->lines, why);
		c->errors++;
		return;
	}
	journal_entry(r, c, &e);
}

static int too_large(const struct audit_counts *c)
{
	fprintf(stderr, "procmemwatch: %s: line %lu: an entry too large (over 64 KiB of the "
		"fields read)\n", c->name, c->lines);
	return -1;
}

/* A binary field of -o export: its length, its bytes, a newline. Errors said. */
static int export_binary(struct pmw_lines *l, struct pmw_journal_entry *e, const char *key,
			 struct audit_counts *c)
{
	char *b, keep[256];
	uint64_t n = 0;
	int i;

	snprintf(keep, sizeof(keep), "%s", key);
	if (pmw_lines_bytes(l, &b, 8) <= 0) {
		fprintf(stderr, "procmemwatch: %s: field %s: no length after it\n", c->name, keep);
		return -1;
	}
	for (i = 7; i >= 0; i--)
		n = n << 8 | (unsigned char)b[i];
	if (n > sizeof(e->store) || pmw_lines_bytes(l, &b, n + 1) <= 0 || b[n] != '\n') {
		fprintf(stderr, "procmemwatch: %s: field %s: a binary value cut short\n",
			c->name, keep);
		return -1;
	}
	return pmw_journal_field(e, keep, strlen(keep), b, n) ? too_large(c) : 0;
}

static int export_line(struct pmw_lines *l, const struct pmw_run *r, struct audit_counts *c,
		       const char *line, size_t len)
{
	static struct pmw_journal_entry e;
	static unsigned long fields;
	const char *eq = memchr(line, '=', len);

	if (!fields++)
		pmw_journal_begin(&e);
	if (len == 0) {
		if (fields > 1)
			journal_entry(r, c, &e);
		fields = 0;
		return 0;
	}
	if (!export_field(line)) {
		fprintf(stderr, "procmemwatch: %s: line %lu: not a field of journalctl -o export\n",
			c->name, c->lines);
		return -1;
	}
	if (!eq)
		return export_binary(l, &e, line, c);
	if (!pmw_journal_field(&e, line, eq - line, eq + 1, len - (eq + 1 - line)))
		return 0;
	return too_large(c);
}

static void say_counts(const struct pmw_run *r, const struct audit_counts *c)
{
	if (c->lookalikes && !r->verbose)
		fprintf(stderr, "procmemwatch: %s: %lu line%s with op=proc_mem_open or "
			"another op= of procmemwatch's accesses skipped: not procmemwatch records "
			"of the kernel (--verbose says which and why)\n",
			c->name, c->lookalikes, c->lookalikes == 1 ? "" : "s");
	if (c->before_v1)
		fprintf(stderr, "procmemwatch: %s: %lu record%s of a kernel before ABI version 1 "
			"skipped: this reader reads version 1's (--verbose says which)\n", c->name,
			c->before_v1, c->before_v1 == 1 ? "" : "s");
	if (c->other_transport)
		fprintf(stderr, "procmemwatch: %s: %lu journal entr%s with the text of procmemwatch's "
			"records skipped: not taken from the kernel's audit (_TRANSPORT=audit); "
			"--verbose says which\n", c->name, c->other_transport,
			c->other_transport == 1 ? "y" : "ies");
}

/* The kind of input its first bytes and line say, or -1 after saying it is none. */
static int input_kind(struct pmw_lines *l, const char *name)
{
	const char *b, *what;
	ssize_t n = pmw_lines_peek(l, &b, 256);

	if (n < 0)
		return -1;
	what = not_a_log(b, n);
	if (what) {
		fprintf(stderr, "procmemwatch: %s: not an audit log: %s\n", name, what);
		return -1;
	}
	if (n && b[0] == '{')
		return IN_JSON;
	return n && export_field_start(b, n) ? IN_EXPORT : IN_AUDIT;
}

/* The input's lines, each read as its kind says. Returns 0, or -1 on a read error. */
static int read_lines(struct pmw_lines *l, const struct pmw_run *r, struct audit_counts *c)
{
	size_t len;
	char *line;
	int rc;

	while ((rc = pmw_lines_next(l, &line, &len)) > 0) {
		c->lines++;
		if (c->kind == IN_JSON && len)
			json_line(r, c, line, len);
		else if (c->kind == IN_EXPORT && export_line(l, r, c, line, len))
			c->errors++;
		else if (c->kind == IN_AUDIT)
			audit_line(r, c, line);
		if (fflush(r->out->out)) {
			perror("procmemwatch: write");
			return -1;
		}
	}
	/* An export whose last entry has no empty line after it. */
	if (c->kind == IN_EXPORT)
		export_line(l, r, c, "", 0);
	return rc;
}

int pmw_read_audit(const char *path, int from_end, const struct pmw_run *r)
{
	struct audit_counts c = { .name = strcmp(path, "-") ? path : "stdin" };
	struct pmw_lines l;
	int kind, rc;

	if (!strcmp(path, "-") && isatty(STDIN_FILENO))
		fputs("procmemwatch: reading an audit log from standard input, a terminal: paste "
		      "it and end with Ctrl-D, or give --audit=FILE\n", stderr);
	if (pmw_lines_open(&l, path, r->follow, from_end))
		return 1;
	kind = input_kind(&l, c.name);
	if (kind < 0) {
		pmw_lines_close(&l);
		return 1;
	}
	c.kind = kind;
	rc = read_lines(&l, r, &c);
	pmw_lines_close(&l);
	say_counts(r, &c);
	if (rc < 0)
		return 1;
	if (c.lines && !c.records && !from_end) {
		fprintf(stderr, "procmemwatch: %s: not an audit log: none of its %lu lines is an "
			"audit record as auditd, ausearch --raw, the kernel console or journalctl -o "
			"json or export write them (a syslog file's or journalctl's text lines could "
			"be anybody's)\n", c.name, c.lines);
		return 1;
	}
	return c.errors ? 1 : 0;
}
