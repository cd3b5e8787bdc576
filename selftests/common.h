/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procmemwatch selftests: reading the events file and the stats file
 */

#ifndef PROCMEMWATCH_SELFTEST_COMMON_H
#define PROCMEMWATCH_SELFTEST_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/procmemwatch.h>

#define PMW_DIR		"/sys/kernel/security/procmemwatch"
#define PMW_EVENTS	PMW_DIR "/events"
#define PMW_STATS	PMW_DIR "/stats"
#define PMW_MODE	PMW_DIR "/mode"

/* Why a test cannot use procmemwatch here, or NULL when it can. */
static inline const char *pmw_unusable(void)
{
	if (geteuid())
		return "needs root";
	if (access(PMW_DIR, F_OK))
		return "procmemwatch is not enabled (no " PMW_DIR ")";
	return NULL;
}

/* Room for any record the kernel writes. */
union pmw_any_record {
	struct pmw_record_header hdr;
	struct pmw_open_record open;
	struct pmw_lost_record lost;
	struct pmw_dropped_record dropped;
	struct pmw_config_record config;
	char raw[PMW_RECORD_MAX];
};

/* A reader that sees only the events from now on. */
static inline int pmw_open_new_events(int flags)
{
	int fd = open(PMW_EVENTS, O_RDONLY | O_CLOEXEC | flags);

	if (fd >= 0 && lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Reads the next record into buf (PMW_RECORD_MAX bytes). Waits at most
 * timeout_ms for one. Returns its size, 0 when none came, -1 on error.
 */
static inline ssize_t pmw_next_record(int fd, void *buf, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int n = poll(&pfd, 1, timeout_ms);

	if (n <= 0)
		return n;
	return read(fd, buf, PMW_RECORD_MAX);
}

/* Reads the next open record; fails on a lost record or none within 2 s. */
static inline bool pmw_next_open(int fd, union pmw_any_record *rec)
{
	ssize_t n = pmw_next_record(fd, rec->raw, 2000);

	return n >= (ssize_t)sizeof(rec->open) && rec->hdr.size == n &&
	       rec->hdr.type == PMW_RECORD_OPEN;
}

/* True if no record arrives within timeout_ms. */
static inline bool pmw_no_record(int fd, int timeout_ms)
{
	char buf[PMW_RECORD_MAX];

	return pmw_next_record(fd, buf, timeout_ms) == 0;
}

/* A string of a record, copied out and NUL-terminated. */
static inline const char *pmw_str(const struct pmw_open_record *rec,
				  const struct pmw_string *s, char *out,
				  size_t size)
{
	size_t len = s->len < size - 1 ? s->len : size - 1;

	memcpy(out, (const char *)rec + s->offset, len);
	out[len] = '\0';
	return out;
}

/* The value of one counter of the stats file, or -1. */
static inline long long pmw_stat(const char *name)
{
	char line[128], key[64];
	long long val, found = -1;
	FILE *f = fopen(PMW_STATS, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lld", key, &val) == 2 && !strcmp(key, name))
			found = val;
	fclose(f);
	return found;
}

/* Writes len bytes of buf to path in one write; returns 0 or -errno. */
static inline int pmw_write_file(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, buf, len);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return n;
	return (size_t)n == len ? 0 : -EIO;
}

/* Reads a one-line file into buf without its newline; "" when unreadable. */
static inline const char *pmw_read_line(const char *path, char *buf,
					size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, size - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0) {
		buf[0] = '\0';
		return buf;
	}
	buf[n] = '\0';
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return buf;
}

static inline int pmw_write_mode(const char *buf, size_t len)
{
	return pmw_write_file(PMW_MODE, buf, len);
}

/* The mode as the mode file reads, without the newline. */
static inline const char *pmw_read_mode(char *buf, size_t size)
{
	return pmw_read_line(PMW_MODE, buf, size);
}

/*
 * Drops CAP_MAC_ADMIN from the effective set: the process stays root but
 * may no longer change procmemwatch, nor is it exempt from its limits.
 * Returns 0 or -1.
 */
static inline int pmw_drop_cap_mac_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[CAP_TO_INDEX(CAP_MAC_ADMIN)].effective &= ~CAP_TO_MASK(CAP_MAC_ADMIN);
	return syscall(SYS_capset, &hdr, data) ? -1 : 0;
}

#endif /* PROCMEMWATCH_SELFTEST_COMMON_H */
