// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of procmemwatch's mode names
 */

#include <kunit/test.h>
#include <linux/string.h>

#include "mode.h"

static void pmw_parse_ok(struct kunit *test, const char *s, enum pmw_mode want)
{
	enum pmw_mode mode = PMW_MODE_COUNT;

	KUNIT_EXPECT_EQ_MSG(test, pmw_mode_parse(s, strlen(s), &mode), 0, "%s", s);
	KUNIT_EXPECT_EQ_MSG(test, mode, want, "%s", s);
}

static void pmw_parse_bad(struct kunit *test, const char *s, size_t len)
{
	enum pmw_mode mode = PMW_MODE_COUNT;

	KUNIT_EXPECT_EQ(test, pmw_mode_parse(s, len, &mode), -EINVAL);
	KUNIT_EXPECT_EQ(test, mode, PMW_MODE_COUNT);
}

static void pmw_mode_parse_names(struct kunit *test)
{
	pmw_parse_ok(test, "off", PMW_MODE_OFF);
	pmw_parse_ok(test, "detect", PMW_MODE_DETECT);
	pmw_parse_ok(test, "detect\n", PMW_MODE_DETECT);
	pmw_parse_ok(test, "off\n", PMW_MODE_OFF);
	pmw_parse_ok(test, "enforce", PMW_MODE_ENFORCE);
	pmw_parse_ok(test, "enforce\n", PMW_MODE_ENFORCE);
}

static void pmw_mode_parse_rejects(struct kunit *test)
{
	pmw_parse_bad(test, "", 0);
	pmw_parse_bad(test, "\n", 1);
	pmw_parse_bad(test, "detec", 5);
	pmw_parse_bad(test, "detects", 7);
	pmw_parse_bad(test, "Detect", 6);
	pmw_parse_bad(test, " detect", 7);
	pmw_parse_bad(test, "detect ", 7);
	pmw_parse_bad(test, "detect\n\n", 8);
	pmw_parse_bad(test, "off\0detect", 10);
	pmw_parse_bad(test, "enforced", 8);
	pmw_parse_bad(test, "on", 2);
}

static void pmw_mode_names_round_trip(struct kunit *test)
{
	enum pmw_mode mode, parsed;
	const char *name;

	for (mode = 0; mode < PMW_MODE_COUNT; mode++) {
		name = pmw_mode_name(mode);
		KUNIT_ASSERT_EQ(test, pmw_mode_parse(name, strlen(name), &parsed), 0);
		KUNIT_EXPECT_EQ(test, parsed, mode);
	}
}

static struct kunit_case pmw_mode_test_cases[] = {
	KUNIT_CASE(pmw_mode_parse_names),
	KUNIT_CASE(pmw_mode_parse_rejects),
	KUNIT_CASE(pmw_mode_names_round_trip),
	{}
};

static struct kunit_suite pmw_mode_test_suite = {
	.name = "procmemwatch_mode",
	.test_cases = pmw_mode_test_cases,
};

kunit_test_suite(pmw_mode_test_suite);
