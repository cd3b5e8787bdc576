// SPDX-License-Identifier: GPL-2.0
/*
 * procmemwatch: perf_event_open(2) on another process, sampling its user
 * stack (PERF_SAMPLE_STACK_USER) or registers (PERF_SAMPLE_REGS_USER),
 * copies that process's memory into the caller's buffer at every sample:
 * an access record of route PERF_SAMPLE, decided by the policy in enforce
 * (EPERM). Counting without those samples, or sampling itself, is none.
 *
 * The caller is uid 1000, the least a process needs to try (with
 * perf_event_paranoid at most 2), and its target another process of the
 * same user.
 */

#define _GNU_SOURCE
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/perf_event.h>

#include "../kselftest_harness.h"
#include "common.h"

FIXTURE(perf) {
	int events;
	pid_t target;
	struct pmw_settings saved;
};

FIXTURE_VARIANT(perf) {
	const char *mode;
	const char *policy;
	bool allowed;
};

FIXTURE_VARIANT_ADD(perf, detect) { .mode = "detect", .policy = "\n" };
FIXTURE_VARIANT_ADD(perf, enforce) { .mode = "enforce", .policy = "\n" };
FIXTURE_VARIANT_ADD(perf, enforce_perf_rule) {
	.mode = "enforce", .policy = "allow uid=1000 route=perf_sample\n", .allowed = true,
};

static int perf_open(pid_t pid, __u64 sample_type)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_TASK_CLOCK,
		.sample_period = 1000000,
		.sample_type = sample_type,
		.exclude_kernel = 1,
		.exclude_hv = 1,
		.disabled = 1,
	};

	if (sample_type & PERF_SAMPLE_STACK_USER)
		attr.sample_stack_user = 4096;
	if (sample_type & PERF_SAMPLE_REGS_USER)
		attr.sample_regs_user = 0xff;
	return syscall(SYS_perf_event_open, &attr, pid, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

/* Why perf cannot be tried by uid 1000 here, or NULL. */
static const char *perf_unusable(void)
{
	char paranoid[16];

	/* Its sysctl is there when perf_event_open(2) is. */
	if (!pmw_read_line("/proc/sys/kernel/perf_event_paranoid", paranoid, sizeof(paranoid))[0])
		return "no perf_event_open(2) in this kernel (CONFIG_PERF_EVENTS)";
	if (atoi(paranoid) > 2)
		return "perf_event_paranoid above 2: uid 1000 may not profile (read, not changed)";
	return NULL;
}

FIXTURE_SETUP(perf)
{
	self->events = -1;
	self->target = -1;
	if (pmw_unusable())
		SKIP(return, "%s", pmw_unusable());
	if (perf_unusable())
		SKIP(return, "%s", perf_unusable());
	if (pmw_user_cannot_ptrace())
		SKIP(return, "%s", pmw_user_cannot_ptrace());
	self->target = pmw_spawn_target(PMW_USER);
	ASSERT_LT(0, self->target);
	ASSERT_EQ(0, pmw_settings_save(&self->saved));
	ASSERT_EQ(0, pmw_settings_apply(&self->saved, variant->mode, variant->policy, "0"));
	self->events = pmw_open_new_events(O_NONBLOCK);
	ASSERT_LE(0, self->events);
}

FIXTURE_TEARDOWN_PARENT(perf)
{
	EXPECT_EQ(0, pmw_settings_restore(&self->saved));
	pmw_reap(self->target);
}

/* A uid 1000 child opens a perf event on pid; its pid, *err 0 or the errno. */
static pid_t perf_as_user(pid_t pid, __u64 sample_type, int *err)
{
	pid_t child = fork();

	if (child == 0) {
		int fd;

		if (pmw_become(PMW_USER))
			_exit(100);
		fd = perf_open(pid ?: getpid(), sample_type);
		_exit(fd < 0 ? errno : 0);
	}
	*err = pmw_wait(child);
	return child;
}

TEST_F(perf, sampling_another_process)
{
	static const __u64 types[] = {
		PERF_SAMPLE_IP | PERF_SAMPLE_STACK_USER,
		PERF_SAMPLE_REGS_USER,
	};
	bool denied = !strcmp(variant->mode, "enforce") && !variant->allowed;
	struct pmw_want w;
	union pmw_any_record rec;
	unsigned int i;
	pid_t opener;
	int err;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		opener = perf_as_user(self->target, types[i], &err);
		EXPECT_EQ(denied ? EPERM : 0, err) TH_LOG("sample_type %#llx",
							  (unsigned long long)types[i]);
		w = (struct pmw_want){
			.pid = opener, .uid = PMW_USER, .euid = PMW_USER,
			.target_pid = self->target, .route = PMW_ROUTE_PERF_SAMPLE,
			.access = PMW_ACCESS_READ,
			.outcome = denied ? PMW_OUTCOME_DENIED : PMW_OUTCOME_OPENED,
			.error = denied ? EPERM : 0,
			.info = strcmp(variant->mode, "detect") ? 0 : PMW_INFO_WOULD_DENY,
			.info_ignored = denied ? PMW_INFO_WOULD_DENY : 0,
		};
		pmw_expect_access_rec(_metadata, self->events, &w, &rec, "perf sampling");
		EXPECT_EQ(0U, rec.access.path.len);
	}
	EXPECT_TRUE(pmw_no_record(self->events, 100));
}

/* Counting another process, or sampling itself: no record, never refused. */
TEST_F(perf, no_record_without_its_memory)
{
	int err;

	perf_as_user(self->target, PERF_SAMPLE_IP | PERF_SAMPLE_TID, &err);
	EXPECT_EQ(0, err) TH_LOG("sampling another process's instruction pointer");
	perf_as_user(0, PERF_SAMPLE_STACK_USER | PERF_SAMPLE_REGS_USER, &err);
	EXPECT_EQ(0, err) TH_LOG("sampling its own stack");
	EXPECT_TRUE(pmw_no_record(self->events, 200));
}

TEST_HARNESS_MAIN
