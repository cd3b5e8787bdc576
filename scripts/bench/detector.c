// SPDX-License-Identifier: GPL-2.0
/*
 * detector: the user-space half of make bench's eBPF peer, a small
 * detector of /proc/PID/mem opens written for this comparison in the way
 * Tracee's proc_mem_access detector works (it is not Tracee's code).
 *
 *   detector all|mem OBJECT
 *
 * Loads OBJECT (detector.bpf.o), attaches its program send_all (every open
 * is sent) or send_mem (only mem files of procfs are sent) to a kprobe on
 * security_file_open, prints "attached", and then matches every path that
 * arrives through the ring buffer against the POSIX regex
 * /proc/([0-9]+|self)/mem$, as Tracee's signature does with
 * /proc/(?:\d+|self)/mem$. On SIGTERM it drains the ring and prints
 * "received N matched N seen N sent N dropped N": paths received and
 * matched here, and the program's own counts of opens seen, sent, and
 * dropped for a full ring.
 */
#include <errno.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define PATH_LEN 512

struct event {
	unsigned int pid;
	unsigned int len;
	char path[PATH_LEN];
};

static regex_t re;
static unsigned long long received, matched;
static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int on_event(void *ctx, void *data, size_t size)
{
	const struct event *e = data;
	char path[PATH_LEN + 1];
	unsigned int len;

	(void)ctx;
	if (size < sizeof(*e))
		return 0;
	len = e->len < PATH_LEN ? e->len : PATH_LEN;
	memcpy(path, e->path, len);
	path[len] = '\0';
	received++;
	if (regexec(&re, path, 0, NULL, 0) == 0)
		matched++;
	return 0;
}

static unsigned long long counter(int fd, unsigned int key)
{
	int ncpus = libbpf_num_possible_cpus();
	unsigned long long *v, sum = 0;

	if (ncpus <= 0)
		return 0;
	v = calloc(ncpus, sizeof(*v));
	if (v && bpf_map_lookup_elem(fd, &key, v) == 0)
		for (int i = 0; i < ncpus; i++)
			sum += v[i];
	free(v);
	return sum;
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_DEBUG ? 0 : vfprintf(stderr, fmt, ap);
}

int main(int argc, char **argv)
{
	const char *keep, *skip;
	struct sigaction sa = { .sa_handler = on_term };
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	struct ring_buffer *rb;
	int err, counters;

	if (argc != 3 || (strcmp(argv[1], "all") && strcmp(argv[1], "mem"))) {
		fprintf(stderr, "usage: detector all|mem OBJECT\n");
		return 2;
	}
	keep = strcmp(argv[1], "all") ? "send_mem" : "send_all";
	skip = strcmp(argv[1], "all") ? "send_all" : "send_mem";
	if (regcomp(&re, "/proc/([0-9]+|self)/mem$", REG_EXTENDED | REG_NOSUB))
		return 1;
	libbpf_set_print(quiet);

	obj = bpf_object__open_file(argv[2], NULL);
	if (!obj) {
		fprintf(stderr, "detector: cannot open %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	bpf_program__set_autoload(bpf_object__find_program_by_name(obj, skip), false);
	prog = bpf_object__find_program_by_name(obj, keep);
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "detector: loading %s: %s\n", argv[2], strerror(-err));
		return 1;
	}
	link = bpf_program__attach_kprobe(prog, false, "security_file_open");
	if (!link) {
		fprintf(stderr, "detector: kprobe on security_file_open: %s\n", strerror(errno));
		return 1;
	}
	rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "events"), on_event, NULL, NULL);
	if (!rb) {
		fprintf(stderr, "detector: ring buffer: %s\n", strerror(errno));
		return 1;
	}
	counters = bpf_object__find_map_fd_by_name(obj, "counters");
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	printf("attached %s\n", keep);
	fflush(stdout);

	while (!stop) {
		err = ring_buffer__poll(rb, -1);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "detector: polling: %s\n", strerror(-err));
			return 1;
		}
	}
	bpf_link__destroy(link);
	ring_buffer__consume(rb);
	printf("received %llu matched %llu seen %llu sent %llu dropped %llu\n",
	       received, matched, counter(counters, 0), counter(counters, 1), counter(counters, 2));
	ring_buffer__free(rb);
	bpf_object__close(obj);
	return 0;
}
