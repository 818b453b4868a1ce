// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>

#include "cmd.h"
#include "report.h"
#include "report_html.h"
#include "report_junit.h"

enum verdict judge_run_dir(const char *run_dir)
{
	g_autofree char *json_path = g_build_filename(run_dir, "report.json", NULL);
	g_autofree char *junit_path = g_build_filename(run_dir, "junit.xml", NULL);
	g_autofree char *html_path = g_build_filename(run_dir, "report.html", NULL);
	g_autofree char *suite = g_path_get_basename(run_dir);
	g_autoptr(GError) error = NULL;
	struct verdict_report r = { 0 };
	struct evidence ev;
	enum verdict v;

	if (!evidence_load(run_dir, &ev, &error)) {
		fprintf(stderr, "lutb: %s\n", error->message);
		return VERDICT_SETUP_ERROR;
	}
	checks_judge(&ev, &r);
	report_ktap(&r, stdout);
	if (!report_write_json(&ev, &r, json_path, &error) ||
	    !report_write_junit(&r, suite, ev.run.wall_s, junit_path, &error) ||
	    !report_write_html(&ev, &r, suite, html_path, &error))
		fprintf(stderr, "lutb: %s\n", error->message);
	report_table(&r, stderr);
	fprintf(stderr, "lutb: report: %s/report.html; evidence in %s\n", run_dir, run_dir);
	v = r.verdict;
	verdict_report_clear(&r);
	evidence_clear(&ev);
	return v;
}

int cmd_report(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("RUN_DIR");
	g_autoptr(GError) error = NULL;

	g_set_prgname("lutb report");
	g_option_context_set_summary(ctx,
		"Judge a run directory again from the raw files it holds\n"
		"(run.json, console.log, agent.jsonl, qmp.jsonl) and print KTAP.");
	if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc != 2) {
		fprintf(stderr, "lutb report: %s\n",
			error ? error->message : "give exactly one RUN_DIR");
		return VERDICT_SETUP_ERROR;
	}
	return judge_run_dir(argv[1]);
}
