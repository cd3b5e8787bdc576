/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: the stats file, explained */

#ifndef PMW_STATS_H
#define PMW_STATS_H

#include <stdio.h>

#define PMW_STATS_FILE	"/sys/kernel/security/procmemwatch/stats"

/* Prints the stats file read from in, each counter explained. */
int pmw_print_stats(FILE *in, const char *name, FILE *out);

#endif /* PMW_STATS_H */
