// SPDX-License-Identifier: GPL-2.0-only
#include "report_json.h"

#include <gio/gio.h>
#include <jansson.h>
#include <string.h>

/* KTAP as the kernel's selftests print it; "#" starts a directive. */
void report_ktap(const struct verdict_report *r, FILE *out)
{
	fprintf(out, "KTAP version 1\n1..%u\n", r->checks->len);
	for (guint i = 0; i < r->checks->len; i++) {
		const struct check *c = g_ptr_array_index(r->checks, i);

		fprintf(out, "%s %u %s # %s%s\n",
			c->status == CHECK_FAIL ? "not ok" : "ok", i + 1, c->name,
			c->status == CHECK_NA || c->status == CHECK_SKIP ? "SKIP " : "", c->detail);
	}
	fprintf(out, "# verdict: %s: %s\n", verdict_name(r->verdict), r->summary);
}

/* KIND:DEVICE names: the part after the first ':' is a topology path. */
static json_t *check_json(const struct check *c)
{
	g_autofree char *kind = check_kind(c);

	return json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s?, s:s?, s:o}",
			 "name", c->name, "kind", kind, "device", check_device(c),
			 "status", check_status_name(c->status), "detail", c->detail,
			 "old", c->old_value, "new", c->new_value,
			 "t_ns", c->t_ns >= 0 ? json_integer(c->t_ns) : json_null());
}

gboolean report_write_json(const struct evidence *ev, const struct verdict_report *r,
			   json_t *scenario, const char *path, GError **error)
{
	json_t *checks = json_array();
	guint counts[4] = { 0 };
	json_t *root;
	int rc;

	for (guint i = 0; i < r->checks->len; i++) {
		const struct check *c = g_ptr_array_index(r->checks, i);

		counts[c->status]++;
		json_array_append_new(checks, check_json(c));
	}
	root = json_pack("{s:i, s:o, s:{s:s, s:f}, s:s, s:s, s:{s:i, s:i, s:i, s:i}, s:o}",
			 "lutb_report", 1, "run", run_json_spec_to_json(&ev->spec),
			 "qemu", "end", run_end_name(ev->run.end), "wall_s", ev->run.wall_s,
			 "verdict", verdict_name(r->verdict), "summary", r->summary,
			 "counts", "pass", counts[CHECK_PASS], "fail", counts[CHECK_FAIL],
			 "n/a", counts[CHECK_NA], "skip", counts[CHECK_SKIP], "checks", checks);
	if (!root) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot make %s", path);
		return FALSE;
	}
	if (scenario)
		json_object_set(root, "scenario", scenario);
	rc = json_dump_file(root, path, JSON_INDENT(2));
	json_decref(root);
	if (rc) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", path);
		return FALSE;
	}
	return TRUE;
}

void report_table(const struct verdict_report *r, FILE *out)
{
	guint passed = 0;

	fprintf(out, "\n%-6s %-44s %s\n", "result", "check", "evidence");
	for (guint k = 0; k < 2; k++) {
		enum check_status want = k ? CHECK_NA : CHECK_FAIL;

		for (guint i = 0; i < r->checks->len; i++) {
			const struct check *c = g_ptr_array_index(r->checks, i);

			passed += !k && c->status == CHECK_PASS;
			if (c->status == want)
				fprintf(out, "%-6s %-44s %.*s%s\n", check_status_name(c->status),
					c->name, 100, c->detail, strlen(c->detail) > 100 ? "..." : "");
		}
	}
	fprintf(out, "%-6s %u more checks (report.html lists them all)\n", "pass", passed);
	fprintf(out, "%s: %s\n", verdict_name(r->verdict), r->summary);
}
