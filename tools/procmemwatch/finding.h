/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procmemwatch reader: an access's ATT&CK classification, the same in
 * every format, and the Tracee signature that reports the same finding
 */

#ifndef PMW_FINDING_H
#define PMW_FINDING_H

#include "event.h"

struct pmw_attack_ref {
	const char *id, *name;	/* id NULL: none */
};

struct pmw_finding {
	const char *rule_id, *rule_name;	/* ECS rule.* */
	struct pmw_attack_ref tactic, technique, subtechnique;
	const char *tracee_event;	/* Tracee's eventName */
	const char *tracee_id;		/* signatureID: Tracee's, or rule_id */
	const char *tracee_name;	/* signatureName */
	const char *tracee_category;	/* Properties.Category */
	int tracee_severity;		/* Properties.Severity */
	const char *stix_id;		/* Properties.id: ATT&CK's STIX id */
	const char *description;	/* metadata.Description */
	const char *trigger;		/* the Tracee event it is detected from */
};

/* NULL for an event that is no finding: see finding.c. */
const struct pmw_finding *pmw_finding_of(const struct pmw_event *ev);

#endif /* PMW_FINDING_H */
