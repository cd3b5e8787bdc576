/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: the output file (--output-file), reopened for logrotate */

#ifndef PMW_OUTFILE_H
#define PMW_OUTFILE_H

#include <stdio.h>

/* path opened for appending, created 0666 less the umask. NULL after saying why. */
FILE *pmw_outfile_open(const char *path);

/*
 * Writes out what is buffered, then points out at path anew: logrotate
 * moved the file, and SIGHUP says so. Returns 0, or -1 after saying why,
 * out still writing where it did, so that nothing is lost.
 */
int pmw_outfile_reopen(FILE *out, const char *path);

#endif /* PMW_OUTFILE_H */
