// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: open flags by name
 *
 * The access mode comes first (O_RDONLY 0, O_WRONLY 1, O_RDWR 2 on every
 * architecture), then each flag: of a version 2 or later record, from its
 * portable open_flags; of a version 1 record or an audit record, which have
 * only the raw O_* value, by the values of the kernel's asm-generic/fcntl.h.
 */

#include <linux/procmemwatch.h>

#include "flags.h"

struct names {
	FILE *out;
	const char *sep;
	int quote;
};

static void put_name(const struct names *n, const char *name, int first)
{
	const char *q = n->quote ? "\"" : "";

	fprintf(n->out, "%s%s%s%s", first ? "" : n->sep, q, name, q);
}

/*
 * The raw O_* value, by x86's values and those of riscv and most others,
 * not this libc's: a capture may be read on another machine, and libc
 * hides O_LARGEFILE on 64-bit systems. Right only for a kernel of such an
 * architecture (arm64, for one, has its own O_DIRECT, O_LARGEFILE,
 * O_DIRECTORY and O_NOFOLLOW).
 */
static void put_raw_flags(const struct names *n, uint32_t flags)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ 0100, "O_CREAT" }, { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" },
		{ 01000, "O_TRUNC" }, { 02000, "O_APPEND" },
		{ 04000, "O_NONBLOCK" }, { 010000, "O_DSYNC" },
		{ 020000, "FASYNC" }, { 040000, "O_DIRECT" },
		{ 0100000, "O_LARGEFILE" }, { 0200000, "O_DIRECTORY" },
		{ 0400000, "O_NOFOLLOW" }, { 01000000, "O_NOATIME" },
		{ 02000000, "O_CLOEXEC" }, { 04000000, "__O_SYNC" },
		{ 010000000, "O_PATH" }, { 020000000, "__O_TMPFILE" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & names[i].bit)
			put_name(n, names[i].name, 0);
}

/*
 * The PMW_OPEN_* bits, which mean the same everywhere. A bit this reader
 * does not know (a newer kernel's) is given as its hex value.
 */
static void put_portable_flags(const struct names *n, uint32_t open_flags)
{
	static const char *const names[] = {
		"O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND",
		"O_NONBLOCK", "O_DSYNC", "O_SYNC", "O_DIRECT", "O_LARGEFILE",
		"O_NOFOLLOW", "O_NOATIME",
	};
	char hex[16];
	uint32_t bit;
	size_t i;

	for (i = 0; i < 32; i++) {
		bit = (uint32_t)1 << i;
		if (!(open_flags & bit))
			continue;
		if (i < sizeof(names) / sizeof(names[0])) {
			put_name(n, names[i], 0);
		} else {
			snprintf(hex, sizeof(hex), "0x%x", bit);
			put_name(n, hex, 0);
		}
	}
}

void pmw_put_flag_names(FILE *out, const struct pmw_event *ev, const char *sep, int quote)
{
	static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
	const struct names n = { out, sep, quote };

	put_name(&n, acc[ev->flags & 3], 1);
	if (ev->has_open_flags)
		put_portable_flags(&n, ev->open_flags);
	else
		put_raw_flags(&n, ev->flags);
}
