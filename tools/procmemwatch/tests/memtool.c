// SPDX-License-Identifier: GPL-2.0
/*
 * memtool: one access to another process's memory, by one route, for the
 * guest tests of guard mode (learn-guest.sh): the program a policy is
 * learned for, then enforced on, and copied elsewhere to show that the
 * rule holds the file, not its name. Built static on the host.
 *
 *   memtool read-mem PID | readv PID | write-mem PID | writev PID | attach PID
 *
 * Reads take 16 bytes of the target's first readable mapping; writes put
 * back what they read of its first writable one, so that a write that is
 * allowed changes nothing. Prints "ACTION ok", or the error, and exits 0
 * or 1; 2 on a usage error.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

/* The start of the target's first mapping whose permissions begin with perms. */
static unsigned long mapping(pid_t pid, const char *perms)
{
	char path[64], line[512], p[8];
	unsigned long start = 0, s;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (!start && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%*x %7s", &s, p) == 2 && !strncmp(p, perms, strlen(perms)))
			start = s;
	fclose(f);
	return start;
}

static int mem_file(pid_t pid, int write)
{
	unsigned long addr = mapping(pid, write ? "rw" : "r");
	char path[64], buf[16];
	int fd, ok;

	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	fd = open(path, write ? O_RDWR : O_RDONLY);
	if (fd < 0)
		return -1;
	ok = pread(fd, buf, sizeof(buf), addr) == sizeof(buf) &&
	     (!write || pwrite(fd, buf, sizeof(buf), addr) == sizeof(buf));
	close(fd);
	return ok ? 0 : -1;
}

static int vm(pid_t pid, int write)
{
	char buf[16];
	struct iovec local = { buf, sizeof(buf) };
	struct iovec remote = { (void *)mapping(pid, write ? "rw" : "r"), sizeof(buf) };

	if (process_vm_readv(pid, &local, 1, &remote, 1, 0) != sizeof(buf))
		return -1;
	if (write && process_vm_writev(pid, &local, 1, &remote, 1, 0) != sizeof(buf))
		return -1;
	return 0;
}

static int attach(pid_t pid)
{
	if (ptrace(PTRACE_ATTACH, pid, NULL, NULL))
		return -1;
	waitpid(pid, NULL, 0);
	return ptrace(PTRACE_DETACH, pid, NULL, NULL);
}

int main(int argc, char **argv)
{
	pid_t pid;
	int rc;

	if (argc != 3 || (pid = atoi(argv[2])) <= 0) {
		fputs("usage: memtool read-mem|readv|write-mem|writev|attach PID\n", stderr);
		return 2;
	}
	if (!strcmp(argv[1], "read-mem") || !strcmp(argv[1], "write-mem"))
		rc = mem_file(pid, argv[1][0] == 'w');
	else if (!strcmp(argv[1], "readv") || !strcmp(argv[1], "writev"))
		rc = vm(pid, argv[1][0] == 'w');
	else if (!strcmp(argv[1], "attach"))
		rc = attach(pid);
	else
		return fputs("memtool: unknown action\n", stderr), 2;
	if (rc) {
		printf("%s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	printf("%s ok\n", argv[1]);
	return 0;
}
