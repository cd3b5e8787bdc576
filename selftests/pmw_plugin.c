// SPDX-License-Identifier: GPL-2.0
/*
 * identity_test's plugin of pmw_dyn, in two builds of one soname,
 * libpmw_plugin.so: the good one, which the program's RUNPATH names, and
 * the evil one (PMW_EVIL), which an attacker offers with LD_PRELOAD or
 * LD_LIBRARY_PATH. The evil one, loaded into a program an exe= rule
 * allows, reads another process's memory before main() runs, and says
 * what it got on the descriptor $PMW_REPORT_FD: "evil-read=HEX" or
 * "evil-errno=N".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef PMW_EVIL
__attribute__((constructor)) static void steal(void)
{
	const char *fd_s = getenv("PMW_REPORT_FD"), *pid = getenv("PMW_TARGET");
	const char *addr = getenv("PMW_ADDR"), *len_s = getenv("PMW_LEN");
	char path[64], out[256], hex[2 * 64 + 1] = "";
	unsigned char buf[64];
	size_t len, i;
	ssize_t got;
	int fd, n;

	if (!fd_s || !pid || !addr || !len_s)
		return;
	len = strtoul(len_s, NULL, 0);
	if (len > sizeof(buf))
		len = sizeof(buf);
	snprintf(path, sizeof(path), "/proc/%s/mem", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	got = fd < 0 ? -1 : pread(fd, buf, len, (off_t)strtoull(addr, NULL, 0));
	if (got < 0) {
		n = snprintf(out, sizeof(out), "evil-errno=%d\n", errno);
	} else {
		for (i = 0; i < (size_t)got; i++)
			sprintf(hex + 2 * i, "%02x", buf[i]);
		n = snprintf(out, sizeof(out), "evil-read=%s\n", hex);
	}
	if (write(atoi(fd_s), out, n) != n)
		_exit(104);
}

const char *pmw_plugin_name(void)
{
	return "evil";
}
#else
const char *pmw_plugin_name(void)
{
	return "good";
}
#endif
