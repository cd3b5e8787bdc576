// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: the words every format uses for an event's values
 *
 * The same word in every format, so that a pipeline built on one reads
 * the others: they are listed in procmemwatch.1 and are an interface.
 */

#include <stdio.h>
#include <string.h>
#include <linux/procmemwatch.h>

#include "words.h"

const char *pmw_access_name(uint32_t access)
{
	switch (access & (PMW_ACCESS_READ | PMW_ACCESS_WRITE)) {
	case PMW_ACCESS_READ:
		return "read";
	case PMW_ACCESS_WRITE:
		return "write";
	case PMW_ACCESS_READ | PMW_ACCESS_WRITE:
		return "read-write";
	default:
		return "none";
	}
}

const char *pmw_outcome_name(uint32_t outcome)
{
	switch (outcome) {
	case PMW_OUTCOME_OPENED:
		return "opened";
	case PMW_OUTCOME_REFUSED:
		return "refused";
	case PMW_OUTCOME_FAILED:
		return "failed";
	case PMW_OUTCOME_DENIED:
		return "denied";
	default:
		return "unknown";
	}
}

int pmw_outcome_parse(const char *s, size_t len, uint32_t *outcome)
{
	uint32_t o;

	for (o = PMW_OUTCOME_OPENED; o <= PMW_OUTCOME_DENIED; o++)
		if (strlen(pmw_outcome_name(o)) == len && !memcmp(pmw_outcome_name(o), s, len)) {
			*outcome = o;
			return 0;
		}
	return -1;
}

/*
 * Only the numbers of the kernel's asm-generic/errno-base.h (1 to 34)
 * have a name, which every architecture shares but alpha (EAGAIN): the
 * numbers above differ between architectures, and the record does not
 * say which one the kernel runs on.
 */
const char *pmw_errno_word(uint32_t error, char *buf, size_t size)
{
	static const char *const names[] = {
		NULL, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG",
		"ENOEXEC", "EBADF", "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT",
		"ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR", "EISDIR",
		"EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC",
		"ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE",
	};

	if (error < sizeof(names) / sizeof(names[0]) && names[error])
		return names[error];
	snprintf(buf, size, "%u", error);
	return buf;
}

const char *pmw_dropped_reason(uint32_t reason, char *buf, size_t size)
{
	switch (reason) {
	case PMW_DROPPED_NOMEM:
		return "no memory";
	default:
		snprintf(buf, size, "reason %u", reason);
		return buf;
	}
}
