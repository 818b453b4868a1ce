// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>

#include "cmd.h"
#include "kernel_named.h"
#include "report.h"
#include "scenario.h"
#include "rundir.h"

/* Which expectations the run's kernels call for (scenario_for_family):
 * their family, and the posting of the last posted one in *@posting. */
static char *run_family(const struct evidence *ev, char **posting)
{
	g_autoptr(GPtrArray) families = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < ev->spec.gens->len; i++) {
		const struct run_json_gen *g = g_ptr_array_index(ev->spec.gens, i);
		char *one = kernel_posting(g->kernel);

		g_ptr_array_add(families, kernel_family(g->kernel));
		if (one) {
			g_free(*posting);
			*posting = one;
		}
	}
	return g_strdup(scenario_run_family((const char *const *)families->pdata, families->len));
}

/* The run's scenario file (NULL if none; a file that does not load adds to
 * @problems) and the expectations its kernels hold it to in *@held. */
static struct scenario *load_scenario(const char *run_dir, const struct evidence *ev,
				      GPtrArray *problems, const struct scenario **held,
				      char **family, char **posting)
{
	g_autofree char *path = g_build_filename(run_dir, RUN_FILE_SCENARIO, NULL);
	g_autoptr(GError) error = NULL;
	struct scenario *sc;

	*held = NULL;
	if (!g_file_test(path, G_FILE_TEST_EXISTS))
		return NULL;
	sc = scenario_load(path, &error);
	if (sc && ev->spec.scenario) {
		g_free(sc->name);
		sc->name = g_strdup(ev->spec.scenario);
	}
	if (!sc)
		g_ptr_array_add(problems, g_strdup(error->message));
	*family = run_family(ev, posting);
	*held = sc ? scenario_for_family(sc, *family, *posting) : NULL;
	return sc;
}

/* What the held expectations say the kernels log, as checks of @r. */
static void judge_says(const struct evidence *ev, const struct scenario *held,
		       struct verdict_report *r)
{
	guint n = held && held->says ? held->says->len : 0;
	g_autofree struct kernel_says *says = g_new0(struct kernel_says, n + 1);

	for (guint i = 0; i < n; i++) {
		const struct scenario_says *one = g_ptr_array_index(held->says, i);

		says[i] = (struct kernel_says){ .gen = one->gen, .regex = one->regex,
						.forbidden = one->forbidden };
	}
	checks_kernel_says(ev, says, n, r);
}

/* The run's scenario against its verdict: prints, and returns as JSON. */
static json_t *judge_scenario(const struct scenario *sc, const struct scenario *held,
			      const char *family, const char *posting,
			      const struct verdict_report *r, GPtrArray *problems, gboolean *met)
{
	json_t *list = json_array();
	json_t *open = json_array();

	if (held && held != sc)
		printf("# scenario %s: a posted kernel%s%s, held to: %s\n", sc->name,
		       posting ? " from " : "", posting ?: "", held->description);
	*met = held && scenario_met(held, r, problems);
	for (guint i = 0; i < problems->len; i++) {
		const char *p = g_ptr_array_index(problems, i);

		printf("#   %s\n", p);
		json_array_append_new(list, json_string(p));
	}
	printf("# scenario %s: %s\n", sc ? sc->name : "?",
	       *met ? "as expected" : "NOT as expected");
	if (sc) {
		g_autoptr(GPtrArray) names = scenario_open_checks(held, r);

		for (guint i = 0; i < names->len; i++)
			json_array_append_new(open, json_string(g_ptr_array_index(names, i)));
	}
	return json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:b, s:o, s:o}", "name",
			 sc ? sc->name : "?", "expected_verdict",
			 held ? verdict_name(scenario_expected_verdict(held)) : "?",
			 "kernel_family", family, "posting", posting,
			 "posted_why", held && held != sc ? held->description : NULL,
			 "met", *met, "problems", list, "left_open", open);
}

int judge_run_dir(const char *run_dir)
{
	json_t *scenario = NULL;
	gboolean met = FALSE;
	g_autofree char *json_path = g_build_filename(run_dir, RUN_FILE_REPORT_JSON, NULL);
	g_autofree char *junit_path = g_build_filename(run_dir, RUN_FILE_JUNIT, NULL);
	g_autofree char *html_path = g_build_filename(run_dir, RUN_FILE_REPORT_HTML, NULL);
	g_autofree char *suite = g_path_get_basename(run_dir);
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *family = NULL;
	g_autofree char *posting = NULL;
	g_autoptr(scenario) sc = NULL;
	const struct scenario *held;
	g_autoptr(GError) error = NULL;
	struct verdict_report r = { 0 };
	struct evidence ev;
	enum verdict v;

	if (!evidence_load(run_dir, &ev, &error)) {
		fprintf(stderr, "lutb: %s\n", error->message);
		return VERDICT_SETUP_ERROR;
	}
	sc = load_scenario(run_dir, &ev, problems, &held, &family, &posting);
	checks_judge(&ev, &r);
	if (ev.run.end != RUN_END_SETUP_ERROR)
		judge_says(&ev, held, &r);
	report_ktap(&r, stdout);
	if (sc || problems->len)
		scenario = judge_scenario(sc, held, family, posting, &r, problems, &met);
	if (!report_write_json(&ev, &r, scenario, json_path, &error) ||
	    !report_write_junit(&r, suite, ev.run.wall_s, junit_path, &error) ||
	    !report_write_html(&ev, &r, suite, html_path, &error))
		fprintf(stderr, "lutb: %s\n", error->message);
	report_table(&r, stderr);
	fprintf(stderr, "lutb: report: %s/" RUN_FILE_REPORT_HTML "; evidence in %s\n", run_dir,
		run_dir);
	v = r.verdict;
	verdict_report_clear(&r);
	evidence_clear(&ev);
	if (scenario) {
		json_decref(scenario);
		if (v != VERDICT_SETUP_ERROR && v != VERDICT_INTERRUPTED)
			return met ? 0 : 1;
	}
	return v;
}

int cmd_report(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("RUN_DIR");
	g_autoptr(GError) error = NULL;

	g_set_prgname("lutb report");
	g_option_context_set_summary(ctx,
		"Judge a run directory again from the raw files it holds\n"
		"(" RUN_FILE_RUN ", " RUN_FILE_CONSOLE ", " RUN_FILE_REPORT ", " RUN_FILE_QMP
		", ...) and print KTAP.");
	if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc != 2) {
		fprintf(stderr, "lutb report: %s\n",
			error ? error->message : "give exactly one RUN_DIR");
		return VERDICT_SETUP_ERROR;
	}
	return judge_run_dir(argv[1]);
}
