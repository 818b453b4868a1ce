/* SPDX-License-Identifier: GPL-2.0-only */
/* A verdict as JUnit XML, for CI systems: one testcase per check, and a
 * "run" testcase that errors when the run itself did not complete. */
#ifndef LUTB_REPORT_JUNIT_H
#define LUTB_REPORT_JUNIT_H

#include "checks.h"

/* @suite names the run (e.g. its directory's name). */
char *report_junit(const struct verdict_report *r, const char *suite,
		   double wall_s);
gboolean report_write_junit(const struct verdict_report *r, const char *suite,
			    double wall_s, const char *path, GError **error);

#endif
