// SPDX-License-Identifier: GPL-2.0-only
#include "report.h"

#include <gio/gio.h>
#include <jansson.h>

/* KTAP as the kernel's selftests print it; "#" starts a directive. */
void report_ktap(const struct verdict_report *r, FILE *out)
{
	fprintf(out, "KTAP version 1\n1..%u\n", r->checks->len);
	for (guint i = 0; i < r->checks->len; i++) {
		const struct check *c = g_ptr_array_index(r->checks, i);

		fprintf(out, "%s %u %s # %s%s\n",
			c->status == CHECK_FAIL ? "not ok" : "ok", i + 1, c->name,
			c->status == CHECK_NA ? "SKIP " : "", c->detail);
	}
	fprintf(out, "# verdict: %s: %s\n", verdict_name(r->verdict), r->summary);
}

gboolean report_write_json(const struct verdict_report *r, const char *path,
			   GError **error)
{
	json_t *checks = json_array();
	json_t *root;
	int rc;

	for (guint i = 0; i < r->checks->len; i++) {
		const struct check *c = g_ptr_array_index(r->checks, i);

		json_array_append_new(checks, json_pack("{s:s, s:s, s:s}",
			"name", c->name, "status", check_status_name(c->status),
			"detail", c->detail));
	}
	root = json_pack("{s:s, s:s, s:o}", "verdict", verdict_name(r->verdict),
			 "summary", r->summary, "checks", checks);
	rc = json_dump_file(root, path, JSON_INDENT(2));
	json_decref(root);
	if (rc) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", path);
		return FALSE;
	}
	return TRUE;
}
