// SPDX-License-Identifier: GPL-2.0-only
#include "report_junit.h"

#include "markup.h"

/* Did the run get far enough for its checks to mean anything? */
static gboolean run_completed(enum verdict v)
{
	return v == VERDICT_PASS || v == VERDICT_FAIL;
}

char *report_junit(const struct verdict_report *r, const char *suite,
		   double wall_s)
{
	GString *out = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	guint failures = 0, skipped = 0, errors = !run_completed(r->verdict);
	guint tests = r->checks->len + errors;

	for (guint i = 0; i < r->checks->len; i++) {
		const struct check *c = g_ptr_array_index(r->checks, i);

		failures += c->status == CHECK_FAIL;
		skipped += c->status == CHECK_NA || c->status == CHECK_SKIP;
	}
	markup_appendf(out, "<testsuites name=\"lutb\" tests=\"%u\" failures=\"%u\" "
		       "errors=\"%u\" skipped=\"%u\" time=\"%.3f\">\n",
		       tests, failures, errors, skipped, wall_s);
	markup_appendf(out, "  <testsuite name=\"%s\" tests=\"%u\" failures=\"%u\" "
		       "errors=\"%u\" skipped=\"%u\" time=\"%.3f\">\n", suite,
		       tests, failures, errors, skipped, wall_s);
	if (errors)
		markup_appendf(out, "    <testcase classname=\"%s\" name=\"run\">\n"
			       "      <error type=\"%s\" message=\"%s\"/>\n"
			       "    </testcase>\n", suite, verdict_name(r->verdict),
			       r->summary);
	for (guint i = 0; i < r->checks->len; i++) {
		const struct check *c = g_ptr_array_index(r->checks, i);

		markup_appendf(out, "    <testcase classname=\"%s\" name=\"%s\">\n",
			       suite, c->name);
		if (c->status == CHECK_FAIL)
			markup_appendf(out, "      <failure message=\"%s\"/>\n", c->detail);
		else if (c->status == CHECK_NA || c->status == CHECK_SKIP)
			markup_appendf(out, "      <skipped message=\"%s\"/>\n", c->detail);
		else
			markup_appendf(out, "      <system-out>%s</system-out>\n", c->detail);
		g_string_append(out, "    </testcase>\n");
	}
	g_string_append(out, "  </testsuite>\n</testsuites>\n");
	return g_string_free(out, FALSE);
}

gboolean report_write_junit(const struct verdict_report *r, const char *suite,
			    double wall_s, const char *path, GError **error)
{
	g_autofree char *xml = report_junit(r, suite, wall_s);

	return g_file_set_contents(path, xml, -1, error);
}
