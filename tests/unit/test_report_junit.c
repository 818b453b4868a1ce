// SPDX-License-Identifier: GPL-2.0-only
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib/gstdio.h>

#include "report_json.h"
#include "report_junit.h"

static void add_check(struct verdict_report *r, const char *name,
		      enum check_status status, const char *detail)
{
	struct check *c = g_new0(struct check, 1);

	c->name = g_strdup(name);
	c->status = status;
	c->detail = g_strdup(detail);
	g_ptr_array_add(r->checks, c);
}

static void check_free(gpointer data)
{
	struct check *c = data;

	g_free(c->name);
	g_free(c->detail);
	g_free(c);
}

static struct verdict_report *sample(enum verdict v)
{
	struct verdict_report *r = g_new0(struct verdict_report, 1);

	r->verdict = v;
	r->summary = g_strdup("1 of 3 checks failed");
	r->checks = g_ptr_array_new_with_free_func(check_free);
	add_check(r, "gen1-booted", CHECK_PASS, "agent reported");
	add_check(r, "bdf-stable", CHECK_FAIL, "0000:06:00.0 -> 0000:04:00.0 <moved> & \"renumbered\"");
	add_check(r, "bar-stable", CHECK_NA, "no preserved device");
	return r;
}

static void sample_free(struct verdict_report *r)
{
	verdict_report_clear(r);
	g_free(r);
}

/* GMarkup refuses XML that is not well formed. */
static void assert_well_formed(const char *xml)
{
	static const GMarkupParser no_callbacks = { 0 };
	GMarkupParseContext *ctx = g_markup_parse_context_new(&no_callbacks, 0, NULL, NULL);
	const char *body = strstr(xml, "?>") + 2;
	GError *error = NULL;
	gboolean ok = g_markup_parse_context_parse(ctx, body, -1, &error) &&
		      g_markup_parse_context_end_parse(ctx, &error);

	if (!ok)
		fail_msg("not well formed: %s", error->message);
	g_markup_parse_context_free(ctx);
}

static void every_check_is_a_testcase_with_its_outcome(void **state)
{
	struct verdict_report *r = sample(VERDICT_FAIL);
	g_autofree char *xml = report_junit(r, "20261121T050000Z-default", 3.5);

	(void)state;
	assert_well_formed(xml);
	assert_non_null(strstr(xml, "tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""));
	assert_non_null(strstr(xml, "name=\"bdf-stable\">\n      <failure message="));
	assert_non_null(strstr(xml, "&lt;moved&gt; &amp; &quot;renumbered&quot;"));
	assert_non_null(strstr(xml, "<skipped message=\"no preserved device\"/>"));
	sample_free(r);
}

static void a_run_that_did_not_complete_is_an_error(void **state)
{
	struct verdict_report *r = sample(VERDICT_TIMEOUT);
	g_autofree char *xml = report_junit(r, "run", 120.0);

	(void)state;
	assert_well_formed(xml);
	assert_non_null(strstr(xml, "errors=\"1\""));
	assert_non_null(strstr(xml, "<error type=\"timeout\""));
	sample_free(r);
}

/* report.json counts every status, skip included, and is whole. */
static void report_json_counts_each_status(void **state)
{
	struct verdict_report *r = sample(VERDICT_FAIL);
	g_autofree char *dir = g_dir_make_tmp("lutb-report-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "report.json", NULL);
	struct evidence ev = { 0 };
	struct run_json rj;
	json_t *root, *counts;

	(void)state;
	run_json_init(&rj);
	ev.spec = rj.spec;
	add_check(r, "selftest:kho", CHECK_SKIP, "the test skipped itself");
	assert_true(report_write_json(&ev, r, NULL, path, NULL));
	root = json_load_file(path, 0, NULL);
	assert_non_null(root);
	counts = json_object_get(root, "counts");
	assert_int_equal(json_integer_value(json_object_get(counts, "pass")), 1);
	assert_int_equal(json_integer_value(json_object_get(counts, "fail")), 1);
	assert_int_equal(json_integer_value(json_object_get(counts, "n/a")), 1);
	assert_int_equal(json_integer_value(json_object_get(counts, "skip")), 1);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(json_object_get(root, "checks"), 3), "status")), "skip");
	json_decref(root);
	g_remove(path);
	g_rmdir(dir);
	sample_free(r);
	run_json_clear(&rj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_check_is_a_testcase_with_its_outcome),
		cmocka_unit_test(a_run_that_did_not_complete_is_an_error),
		cmocka_unit_test(report_json_counts_each_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
