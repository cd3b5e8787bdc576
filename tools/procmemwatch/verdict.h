/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procmemwatch reader: what an event comes to: the policy's verdict on an
 * access, whether the event succeeded, its severity
 */

#ifndef PMW_VERDICT_H
#define PMW_VERDICT_H

#include "event.h"

enum pmw_verdict { PMW_VERDICT_NONE, PMW_VERDICT_DENIED, PMW_VERDICT_WOULD_DENY };

/* ECS event.outcome, OCSF status_id: in that order, unknown, success, failure. */
enum pmw_result { PMW_RESULT_UNKNOWN, PMW_RESULT_SUCCESS, PMW_RESULT_FAILURE };

enum pmw_verdict pmw_verdict_of(const struct pmw_event *ev);
enum pmw_result pmw_result_of(const struct pmw_event *ev);
/* OCSF's severity_id, and ECS's event.severity: 1 (Informational) or 3 (Medium). */
int pmw_severity_of(const struct pmw_event *ev);

#endif /* PMW_VERDICT_H */
