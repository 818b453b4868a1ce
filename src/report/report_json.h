/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writing a verdict out: KTAP for terminals and CI, report.json for tools
 * (schema: results/README.md), a table for people.
 */
#ifndef LUTB_REPORT_JSON_H
#define LUTB_REPORT_JSON_H

#include <stdio.h>

#include "checks.h"

void report_ktap(const struct verdict_report *r, FILE *out);
/* @scenario: the expectations' outcome ({name, met, problems}), or NULL. */
gboolean report_write_json(const struct evidence *ev, const struct verdict_report *r,
			   json_t *scenario,
			   const char *path, GError **error);
/* One line per check, failures first, for a terminal. */
void report_table(const struct verdict_report *r, FILE *out);

#endif
