/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: ending and reopening on signals, and waiting for input */

#ifndef PMW_SIGNALS_H
#define PMW_SIGNALS_H

/*
 * SIGINT and SIGTERM end the reader once what was read is written; SIGHUP
 * asks for the output file to be reopened. They are blocked but while
 * pmw_wait() waits, so that one cannot come between a check and a wait.
 */
void pmw_signals_init(void);

/* Has SIGINT or SIGTERM come? */
int pmw_stopping(void);

/* Has SIGHUP come since the last call? */
int pmw_reopen_asked(void);

/*
 * Waits until fd is readable (fd -1: for nothing), timeout_ms passes (-1:
 * no timeout) or a signal comes. Returns 1 when fd is readable, 0
 * otherwise, -1 on an error (said, errno kept).
 */
int pmw_wait(int fd, int timeout_ms);

#endif /* PMW_SIGNALS_H */
