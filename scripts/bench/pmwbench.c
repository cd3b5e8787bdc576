// SPDX-License-Identifier: GPL-2.0
/*
 * pmwbench: timings taken inside the guest for make bench
 *
 *   pmwbench open PATH ITER ROUNDS      ns per open+close of PATH, per round
 *   pmwbench read PATH ITER ROUNDS      ns per pread() at 0 of PATH, one open
 *   pmwbench rw PATH ITER ROUNDS        ns per pread() and pwrite() of 64 bytes
 *                                       at 0 of PATH, one open
 *   pmwbench reader                     drain the events file until killed
 *   pmwbench auditlisten                be the audit daemon, drain records
 *   pmwbench burst OPENERS ITER         openers each open /proc/self/mem
 *                                       ITER times; one reader counts
 *
 * Each prints "name value..." lines that scripts/bench turns into a table.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <linux/procmemwatch.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void print_rounds(double *ns, int rounds)
{
	qsort(ns, rounds, sizeof(*ns), cmp_double);
	printf("median %.1f min %.1f max %.1f\n", ns[rounds / 2], ns[0], ns[rounds - 1]);
}

static int bench_open(const char *path, long iter, int rounds)
{
	double *ns = calloc(rounds, sizeof(*ns)), t;
	long i;
	int r, fd;

	for (r = 0; r < rounds; r++) {
		t = now_ns();
		for (i = 0; i < iter; i++) {
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0) {
				perror(path);
				return 1;
			}
			close(fd);
		}
		ns[r] = (now_ns() - t) / iter;
	}
	print_rounds(ns, rounds);
	return 0;
}

/* /proc/PID/stat of another process: a read-mode ptrace check per read. */
static int bench_read(const char *path, long iter, int rounds)
{
	double *ns = calloc(rounds, sizeof(*ns)), t;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char buf[4096];
	long i;
	int r;

	if (fd < 0) {
		perror(path);
		return 1;
	}
	for (r = 0; r < rounds; r++) {
		t = now_ns();
		for (i = 0; i < iter; i++) {
			if (pread(fd, buf, sizeof(buf), 0) <= 0) {
				perror(path);
				return 1;
			}
		}
		ns[r] = (now_ns() - t) / iter;
	}
	close(fd);
	print_rounds(ns, rounds);
	return 0;
}

/* An open file read and written: the hooks of every read and write. */
static int bench_rw(const char *path, long iter, int rounds)
{
	double *ns = calloc(rounds, sizeof(*ns)), t;
	int fd = open(path, O_RDWR | O_CLOEXEC);
	char buf[64] = { 0 };
	long i;
	int r;

	if (fd < 0) {
		perror(path);
		return 1;
	}
	for (r = 0; r < rounds; r++) {
		t = now_ns();
		for (i = 0; i < iter; i++) {
			if (pwrite(fd, buf, sizeof(buf), 0) != sizeof(buf) ||
			    pread(fd, buf, sizeof(buf), 0) != sizeof(buf)) {
				perror(path);
				return 1;
			}
		}
		ns[r] = (now_ns() - t) / iter;
	}
	close(fd);
	print_rounds(ns, rounds);
	return 0;
}

/* Reads events until killed; on SIGTERM prints what it read. */
static long long delivered, lost;

static void report(int sig)
{
	(void)sig;
	printf("delivered %lld lost %lld\n", delivered, lost);
	fflush(stdout);
	_exit(0);
}

static int reader(void)
{
	union {
		struct pmw_record_header hdr;
		struct pmw_lost_record lost;
		char raw[PMW_RECORD_MAX * 16];
	} buf;
	int fd = open("/sys/kernel/security/procmemwatch/events", O_RDONLY);
	ssize_t n, off;

	if (fd < 0 || lseek(fd, 0, SEEK_END) < 0)
		return 1;
	signal(SIGTERM, report);
	for (;;) {
		n = read(fd, buf.raw, sizeof(buf.raw));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 1;
		for (off = 0; off < n; off += ((struct pmw_record_header *)(buf.raw + off))->size) {
			struct pmw_record_header *h = (void *)(buf.raw + off);

			if (h->type == PMW_RECORD_LOST)
				lost += ((struct pmw_lost_record *)h)->count;
			else
				delivered++;
		}
	}
}

static int audit_set(int fd, struct audit_status *s)
{
	struct {
		struct nlmsghdr nlh;
		struct audit_status s;
	} msg = {
		.nlh = { .nlmsg_len = sizeof(msg), .nlmsg_type = AUDIT_SET,
			 .nlmsg_flags = NLM_F_REQUEST },
		.s = *s,
	};
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };

	return sendto(fd, &msg, sizeof(msg), 0, (struct sockaddr *)&addr, sizeof(addr));
}

static int audit_listen(void)
{
	struct audit_status s = { .mask = AUDIT_STATUS_ENABLED, .enabled = 1 };
	char buf[9000];
	int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT);
	int big = 8 << 20;

	if (fd < 0)
		return 1;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
	audit_set(fd, &s);
	s = (struct audit_status){ .mask = AUDIT_STATUS_PID, .pid = getpid() };
	audit_set(fd, &s);
	s = (struct audit_status){ .mask = AUDIT_STATUS_BACKLOG_LIMIT, .backlog_limit = 65536 };
	audit_set(fd, &s);
	signal(SIGTERM, report);
	for (;;)
		if (recv(fd, buf, sizeof(buf), 0) > 0)
			delivered++;
}

static long long stat_value(const char *name)
{
	FILE *f = fopen("/sys/kernel/security/procmemwatch/stats", "r");
	char line[128], key[64];
	long long v, found = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lld", key, &v) == 2 && !strcmp(key, name))
			found = v;
	if (f)
		fclose(f);
	return found;
}

/* Openers flat out, one reader: the rate produced, and what the reader lost. */
static int burst(int openers, long iter)
{
	long long before = stat_value("events");
	int pipefd[2], i, status;
	pid_t rd, pids[64];
	char line[128];
	double t;

	if (pipe(pipefd))
		return 1;
	rd = fork();
	if (rd == 0) {
		dup2(pipefd[1], 1);
		_exit(reader());
	}
	usleep(100000);
	t = now_ns();
	for (i = 0; i < openers && i < 64; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			long k;

			for (k = 0; k < iter; k++)
				close(open("/proc/self/mem", O_RDONLY));
			_exit(0);
		}
	}
	for (i = 0; i < openers && i < 64; i++)
		waitpid(pids[i], &status, 0);
	t = now_ns() - t;
	usleep(200000);
	kill(rd, SIGTERM);
	waitpid(rd, &status, 0);
	close(pipefd[1]);
	if (read(pipefd[0], line, sizeof(line) - 1) <= 0)
		return 1;
	line[strcspn(line, "\n")] = '\0';
	printf("events %lld per_sec %.0f %s\n", stat_value("events") - before,
	       (stat_value("events") - before) / (t / 1e9), line);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "open"))
		return bench_open(argv[2], atol(argv[3]), atoi(argv[4]));
	if (argc == 5 && !strcmp(argv[1], "read"))
		return bench_read(argv[2], atol(argv[3]), atoi(argv[4]));
	if (argc == 5 && !strcmp(argv[1], "rw"))
		return bench_rw(argv[2], atol(argv[3]), atoi(argv[4]));
	if (argc == 2 && !strcmp(argv[1], "reader"))
		return reader();
	if (argc == 2 && !strcmp(argv[1], "auditlisten"))
		return audit_listen();
	if (argc == 4 && !strcmp(argv[1], "burst"))
		return burst(atoi(argv[2]), atol(argv[3]));
	fprintf(stderr, "usage: see the comment at the top of pmwbench.c\n");
	return 2;
}
