// SPDX-License-Identifier: GPL-2.0-only
#include "matrix_report.h"

#include <jansson.h>

#include "markup.h"
#include "rundir.h"

void matrix_entry_load(struct matrix_entry *e, const char *out_dir)
{
	g_autofree char *path = g_build_filename(out_dir, e->name, RUN_FILE_REPORT_JSON, NULL);
	json_t *root = json_load_file(path, 0, NULL);
	json_t *sc = json_object_get(root, "scenario");
	size_t i;
	json_t *p;

	e->problems = g_ptr_array_new_with_free_func(g_free);
	e->verdict = g_strdup(json_string_value(json_object_get(root, "verdict")) ?: "none");
	e->summary = g_strdup(json_string_value(json_object_get(root, "summary")) ?: "");
	e->expected = g_strdup(json_string_value(json_object_get(sc, "expected_verdict")) ?: "?");
	e->met = json_is_true(json_object_get(sc, "met"));
	json_array_foreach(json_object_get(sc, "problems"), i, p)
		g_ptr_array_add(e->problems, g_strdup(json_string_value(p)));
	if (!root)
		g_ptr_array_add(e->problems, g_strdup_printf(
			"no " RUN_FILE_REPORT_JSON ": `lutb run` ended with status %d before judging "
			"(see " MATRIX_FILE_RUN_LOG_FMT ")", e->exit_status, e->name));
	json_decref(root);
}

void matrix_entry_free(gpointer data)
{
	struct matrix_entry *e = data;

	g_free(e->name);
	g_free(e->file);
	g_free(e->verdict);
	g_free(e->expected);
	g_free(e->summary);
	if (e->problems)
		g_ptr_array_unref(e->problems);
	g_free(e);
}

void matrix_write_ktap(GPtrArray *entries, FILE *out)
{
	guint met = 0;

	fprintf(out, "KTAP version 1\n1..%u\n", entries->len);
	for (guint i = 0; i < entries->len; i++) {
		const struct matrix_entry *e = g_ptr_array_index(entries, i);

		met += e->met;
		for (guint j = 0; j < e->problems->len; j++)
			fprintf(out, "#   %s: %s\n", e->name, (char *)g_ptr_array_index(e->problems, j));
		fprintf(out, "%s %u %s # verdict %s, expected %s (%.1f s)\n",
			e->met ? "ok" : "not ok", i + 1, e->name, e->verdict, e->expected,
			e->wall_s);
	}
	fprintf(out, "# %u of %u scenarios as expected\n", met, entries->len);
}

gboolean matrix_write_junit(GPtrArray *entries, const char *path, GError **error)
{
	g_autoptr(GString) x = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	guint failed = 0;

	for (guint i = 0; i < entries->len; i++)
		failed += !((struct matrix_entry *)g_ptr_array_index(entries, i))->met;
	g_string_append_printf(x, "<testsuite name=\"lutb-matrix\" tests=\"%u\" failures=\"%u\">\n",
			       entries->len, failed);
	for (guint i = 0; i < entries->len; i++) {
		const struct matrix_entry *e = g_ptr_array_index(entries, i);
		g_autofree char *all = NULL;

		markup_appendf(x, "  <testcase classname=\"lutb.scenario\" name=\"%s\" time=\"%.1f\">",
			       e->name, e->wall_s);
		if (!e->met) {
			g_ptr_array_add(e->problems, NULL);
			all = g_strjoinv("\n", (char **)e->problems->pdata);
			g_ptr_array_remove_index(e->problems, e->problems->len - 1);
			markup_appendf(x, "<failure message=\"verdict %s, expected %s\">%s</failure>",
				       e->verdict, e->expected, all);
		}
		g_string_append(x, "</testcase>\n");
	}
	g_string_append(x, "</testsuite>\n");
	return g_file_set_contents(path, x->str, (gssize)x->len, error);
}

gboolean matrix_write_index(GPtrArray *entries, const char *path, GError **error)
{
	g_autoptr(GString) h = g_string_new(
		"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<title>lutb matrix</title><style>body{font:14px sans-serif;margin:2em}"
		"table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;"
		"text-align:left;vertical-align:top}.no{background:#fbe3e4}.yes{background:#e6f4ea}"
		"</style></head><body><h1>lutb matrix</h1>\n<table><tr><th>scenario</th>"
		"<th>as expected</th><th>verdict</th><th>expected</th><th>seconds</th>"
		"<th>what differs</th></tr>\n");

	for (guint i = 0; i < entries->len; i++) {
		const struct matrix_entry *e = g_ptr_array_index(entries, i);

		markup_appendf(h, "<tr class=\"%s\"><td><a href=\"%s/" RUN_FILE_REPORT_HTML "\">%s</a></td>"
			       "<td>%s</td><td>%s</td><td>%s</td><td>%.1f</td><td>",
			       e->met ? "yes" : "no", e->name, e->name, e->met ? "yes" : "no",
			       e->verdict, e->expected, e->wall_s);
		for (guint j = 0; j < e->problems->len; j++)
			markup_appendf(h, "%s<br>", (char *)g_ptr_array_index(e->problems, j));
		g_string_append(h, "</td></tr>\n");
	}
	g_string_append(h, "</table></body></html>\n");
	return g_file_set_contents(path, h->str, (gssize)h->len, error);
}
