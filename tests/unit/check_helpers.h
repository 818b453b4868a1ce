/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers for unit tests of checks; include after cmocka.h. */
#ifndef LUTB_TEST_CHECK_HELPERS_H
#define LUTB_TEST_CHECK_HELPERS_H

#include "checks.h"

/* The check named @name; the test fails if there is none. */
static inline const struct check *find(const struct verdict_report *r,
				       const char *name)
{
	const struct check *c = verdict_report_find(r, name);

	if (!c)
		fail_msg("no check %s", name);
	return c;
}

#endif
