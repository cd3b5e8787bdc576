// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: ending and reopening on signals, and waiting for input
 *
 * A reader that follows is a service: SIGTERM must end it cleanly, after
 * what it read is written and its cursor saved, or a restart would show
 * events twice; SIGHUP is how logrotate says the output file was moved.
 * A flag set by a handler and checked before a blocking read() misses the
 * signal that comes between the check and the read: so the signals stay
 * blocked, and only ppoll() lets them in, atomically, while it waits.
 */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "signals.h"

static volatile sig_atomic_t stop, reopen;
static sigset_t waiting_mask;	/* the mask while waiting: these let in */

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		reopen = 1;
	else
		stop = 1;
}

void pmw_signals_init(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block;

	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &waiting_mask);
	sigdelset(&waiting_mask, SIGINT);
	sigdelset(&waiting_mask, SIGTERM);
	sigdelset(&waiting_mask, SIGHUP);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int pmw_stopping(void)
{
	return stop;
}

int pmw_reopen_asked(void)
{
	int asked = reopen;

	reopen = 0;
	return asked;
}

int pmw_wait(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct timespec ts = { timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000 };
	int n;

	if (stop)
		return 0;
	n = ppoll(fd < 0 ? NULL : &p, fd < 0 ? 0 : 1, timeout_ms < 0 ? NULL : &ts,
		  &waiting_mask);
	if (n < 0 && errno == EINTR)
		return 0;
	if (n < 0) {
		perror("procmemwatch: waiting for input");
		return -1;
	}
	return n > 0;
}
