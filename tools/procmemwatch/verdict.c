// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch reader: what an event comes to
 *
 * The policy's verdict on an access, whether the event succeeded, and how
 * severe it is are the same in every JSON format: ECS's event.type,
 * event.outcome and event.severity say what OCSF's disposition, status_id
 * and severity_id say.
 */

#include <stdint.h>
#include <linux/procmemwatch.h>

#include "verdict.h"

/*
 * What procmemwatch's policy made of an open: it refused it in enforce
 * mode (denied), or would have, in detect mode (would_deny), or neither.
 * Only enforce mode denies, so a record cannot rightly say both; if one
 * does, what happened, the denial, wins.
 */
enum pmw_verdict pmw_verdict_of(const struct pmw_event *ev)
{
	if (ev->outcome == PMW_OUTCOME_DENIED)
		return PMW_VERDICT_DENIED;
	return ev->info & PMW_INFO_WOULD_DENY ? PMW_VERDICT_WOULD_DENY : PMW_VERDICT_NONE;
}

/* How many of a summary's accesses did not complete; UINT64_MAX: more than it counts. */
static uint64_t summary_failures(const struct pmw_event *ev)
{
	uint64_t n = ev->refused;

	if (ev->failed > ev->count - n || n > ev->count)
		return UINT64_MAX;
	n += ev->failed;
	return ev->denied > ev->count - n ? UINT64_MAX : n + ev->denied;
}

/*
 * The outcome of the accesses a summary counts: a success when all
 * completed, a failure when none did, unknown when they differ (or a
 * record that cannot be right counts more failures than accesses).
 */
static enum pmw_result summary_result(const struct pmw_event *ev)
{
	uint64_t failures = summary_failures(ev);

	if (!ev->count || failures == UINT64_MAX)
		return PMW_RESULT_UNKNOWN;
	if (!failures)
		return PMW_RESULT_SUCCESS;
	return failures == ev->count ? PMW_RESULT_FAILURE : PMW_RESULT_UNKNOWN;
}

/*
 * An access succeeded only when it completed; what came of a begun call
 * its access says, and what came of a dropped one nobody knows; a config
 * change is made when it is reported, unless the kernel refused it.
 */
enum pmw_result pmw_result_of(const struct pmw_event *ev)
{
	switch (ev->kind) {
	case PMW_EV_ACCESS:
		return ev->outcome == PMW_OUTCOME_OPENED ? PMW_RESULT_SUCCESS : PMW_RESULT_FAILURE;
	case PMW_EV_CONFIG:
		return ev->error ? PMW_RESULT_FAILURE : PMW_RESULT_SUCCESS;
	case PMW_EV_SUMMARY:
		return summary_result(ev);
	default:
		return PMW_RESULT_UNKNOWN;
	}
}

/*
 * A change that stops protection: the mode becomes off (nothing reported)
 * or leaves enforce (nothing refused).
 */
static int stops_protection(const struct pmw_event *ev)
{
	return pmw_bytes_is(ev->setting, "mode") &&
	       (pmw_bytes_is(ev->new_value, "off") ||
		(pmw_bytes_is(ev->old_value, "enforce") && !pmw_bytes_is(ev->new_value, "enforce")));
}

/*
 * 1 (Informational), but 3 (Medium) for an access the policy denied or
 * would have denied (and a summary that counts one), for dropped and lost
 * events (accesses not reported in full), for a change that stops
 * protection and a policy write the kernel refused. An access's ATT&CK
 * classification does not raise it: without a policy, every debugger's
 * attach would be a finding of the same weight.
 */
int pmw_severity_of(const struct pmw_event *ev)
{
	switch (ev->kind) {
	case PMW_EV_ACCESS:
		return pmw_verdict_of(ev) == PMW_VERDICT_NONE ? 1 : 3;
	case PMW_EV_CONFIG:
		return stops_protection(ev) || ev->error ? 3 : 1;
	case PMW_EV_SUMMARY:
		return ev->denied || ev->would_deny ? 3 : 1;
	case PMW_EV_BEGUN:
		return 1;
	default:
		return 3;
	}
}
