// SPDX-License-Identifier: GPL-2.0
/*
 * identity_test's dynamically linked program: an exe= rule names it, and
 * the loader picks its plugin (libpmw_plugin.so) from the RUNPATH, or
 * from LD_LIBRARY_PATH and LD_PRELOAD when the exec was not made secure.
 *
 *   pmw_dyn REPORT-FD PID ADDR LEN [WAIT-FD]
 *
 * Writes to REPORT-FD "secure=N plugin=NAME" and what reading LEN bytes
 * at ADDR of PID's memory gave: "read=HEX" or "errno=N". With WAIT-FD,
 * reads a byte from it first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

const char *pmw_plugin_name(void);

int main(int argc, char **argv)
{
	char path[64], out[512], hex[2 * 64 + 1] = "";
	unsigned char buf[64];
	size_t len, i;
	int report, fd, n;
	ssize_t got;
	char c;

	if (argc < 5 || argc > 6)
		return 100;
	report = atoi(argv[1]);
	len = strtoul(argv[4], NULL, 0);
	if (len > sizeof(buf))
		return 101;
	if (argc == 6 && read(atoi(argv[5]), &c, 1) != 1)
		return 102;
	snprintf(path, sizeof(path), "/proc/%s/mem", argv[2]);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	got = fd < 0 ? -1 : pread(fd, buf, len, (off_t)strtoull(argv[3], NULL, 0));
	if (got < 0) {
		snprintf(hex, sizeof(hex), "-");
		n = snprintf(out, sizeof(out), "secure=%lu plugin=%s errno=%d\n",
			     getauxval(AT_SECURE), pmw_plugin_name(), errno);
	} else {
		for (i = 0; i < (size_t)got; i++)
			sprintf(hex + 2 * i, "%02x", buf[i]);
		n = snprintf(out, sizeof(out), "secure=%lu plugin=%s read=%s\n",
			     getauxval(AT_SECURE), pmw_plugin_name(), hex);
	}
	return write(report, out, n) == n ? 0 : 103;
}
