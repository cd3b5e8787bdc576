/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procmemwatch reader: one rule of guard mode's policy, read and written
 * as security/procmemwatch/policy.c reads and writes it
 */

#ifndef PMW_POLICY_RULE_H
#define PMW_POLICY_RULE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "root.h"

/* The policy file's limits (security/procmemwatch/procmemwatch.h). */
#define PMW_POLICY_BYTES_MAX	65536	/* in one write */
#define PMW_POLICY_LINE_MAX	4096	/* bytes of a line, its newline not counted */
#define PMW_POLICY_RULES_MAX	1024

/* The longest reason, a route's name in it included. */
#define PMW_RULE_WHY_MAX	96

struct pmw_rule {
	char *exe;		/* exe=, its escapes decoded (malloc'd); NULL: any program */
	dev_t exe_dev;		/* the file exe= names: the rule holds it, not its name */
	ino_t exe_ino;
	uint32_t uid;		/* the opener's real uid, when has_uid */
	int has_uid;
	int tracer;
	uint32_t access;	/* PMW_ACCESS_* bits it allows */
	uint64_t routes;	/* bit N: route N (route.h) */
};

/*
 * Whether a line holds a rule: not empty, blank or a comment. line[0..len)
 * need not be NUL-terminated.
 */
int pmw_rule_is_line(const char *line, size_t len);
/*
 * Parses a rule's line, NUL-terminated and cut up while parsed, looking
 * exe= up under root. Returns NULL, or the kernel's reason for refusing
 * it (in why, or a constant). pmw_rule_free() it either way.
 */
const char *pmw_rule_parse(char *line, const struct pmw_root *root, struct pmw_rule *rule,
			   char why[PMW_RULE_WHY_MAX]);
/* The kernel's "repeats an earlier rule": the same conditions, access and routes. */
int pmw_rule_equal(const struct pmw_rule *a, const struct pmw_rule *b);
/* The rule in the policy file's canonical form, without a newline. */
void pmw_rule_print(FILE *out, const struct pmw_rule *rule);
/* The routes of a rule without route=. */
uint64_t pmw_rule_default_routes(void);
void pmw_rule_free(struct pmw_rule *rule);

#endif /* PMW_POLICY_RULE_H */
