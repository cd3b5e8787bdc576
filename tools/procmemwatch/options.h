/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: what the command line asks for */

#ifndef PMW_OPTIONS_H
#define PMW_OPTIONS_H

#include "filter.h"
#include "output.h"
#include "user.h"

enum pmw_source {
	PMW_SRC_DUMP,		/* what the events file holds now */
	PMW_SRC_FOLLOW,		/* that, then each new event */
	PMW_SRC_FOLLOW_NEW,	/* only new events */
};

struct pmw_options {
	enum pmw_source source;
	const char *input, *audit, *stats;	/* NULL: not asked for; "-": stdin */
	const char *color, *since, *until;	/* as given, read by the checks */
	const char *hostname;	/* --hostname; NULL: this machine's for the events file */
	const char *cursor_file, *output_file;	/* NULL: none, standard output */
	int audit_bare;		/* --audit without "=FILE" */
	int raw, verbose;
	enum pmw_names names;	/* --names, or the source's default */
	int names_given;
	int summary, suggest;		/* --summary, --suggest-policy */
	const char *check_policy, *root;	/* --check-policy=FILE, --root=DIR */
	struct pmw_filter filter;
	struct pmw_output out;
};

/*
 * Fills op from the command line. Exits 2 after saying what is wrong with
 * it, 0 after --help or --version.
 */
void pmw_options_parse(int argc, char **argv, struct pmw_options *op);

#endif /* PMW_OPTIONS_H */
