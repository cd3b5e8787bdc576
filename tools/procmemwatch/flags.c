// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: open flags by name
 *
 * The access mode comes first (O_RDONLY 0, O_WRONLY 1, O_RDWR 2 on every
 * architecture), then each flag: of a version 2 or later record, from its
 * portable open_flags; of a version 1 record or an audit record, which have
 * only the raw O_* value, by the values of the kernel's asm-generic/fcntl.h.
 */

#include <stdint.h>
#include <stdio.h>
#include <linux/procmemwatch.h>

#include "flags.h"

static void add(struct pmw_flag_names *f, const char *name)
{
	f->name[f->count++] = name;
}

/*
 * The raw O_* value, by x86's values and those of riscv and most others,
 * not this libc's: a capture may be read on another machine, and libc
 * hides O_LARGEFILE on 64-bit systems. Right only for a kernel of such an
 * architecture (arm64, for one, has its own O_DIRECT, O_LARGEFILE,
 * O_DIRECTORY and O_NOFOLLOW).
 */
static void add_raw_flags(struct pmw_flag_names *f, uint32_t flags)
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
			add(f, names[i].name);
}

/*
 * The PMW_OPEN_* bits, which mean the same everywhere. A bit this reader
 * does not know (a newer kernel's) is given as its hex value.
 */
static void add_portable_flags(struct pmw_flag_names *f, uint32_t open_flags)
{
	static const char *const names[] = {
		"O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND",
		"O_NONBLOCK", "O_DSYNC", "O_SYNC", "O_DIRECT", "O_LARGEFILE",
		"O_NOFOLLOW", "O_NOATIME",
	};
	uint32_t bit;
	size_t i;

	for (i = 0; i < 32; i++) {
		bit = (uint32_t)1 << i;
		if (!(open_flags & bit))
			continue;
		if (i < sizeof(names) / sizeof(names[0])) {
			add(f, names[i]);
		} else {
			snprintf(f->unknown[i], sizeof(f->unknown[i]), "0x%x", bit);
			add(f, f->unknown[i]);
		}
	}
}

void pmw_flag_names(const struct pmw_event *ev, struct pmw_flag_names *f)
{
	static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };

	f->count = 0;
	add(f, acc[ev->flags & 3]);
	if (ev->has_open_flags)
		add_portable_flags(f, ev->open_flags);
	else
		add_raw_flags(f, ev->flags);
}
