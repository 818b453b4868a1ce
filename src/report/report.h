/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A verdict written out: report.json, KTAP and a table for terminals, HTML
 * with its timeline, JUnit for CI, and the table of a whole matrix. Reads
 * verdicts and run directories; judges nothing itself.
 */
#ifndef LUTB_REPORT_H
#define LUTB_REPORT_H

#include "report_json.h"
#include "report_html.h"
#include "report_junit.h"
#include "matrix_report.h"

#endif
