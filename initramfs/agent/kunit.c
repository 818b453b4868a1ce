// SPDX-License-Identifier: GPL-2.0-only
#include "kunit.h"

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define KUNIT_DEBUGFS "/sys/kernel/debug/kunit"

/* Count "ok N" / "not ok N" lines at the top level of the suite's KTAP. */
static json_t *suite_result(const char *suite)
{
	char path[PATH_MAX], line[512];
	int passed = 0, failed = 0, skipped = 0;
	bool suite_failed = false, suite_ok = false;
	char text[4096] = "";
	size_t used = 0;
	FILE *f;

	snprintf(path, sizeof(path), KUNIT_DEBUGFS "/%s/results", suite);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		const char *p = line + strspn(line, " \t");
		bool nested = p != line;

		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s",
					 line);
		if (used >= sizeof(text))
			used = sizeof(text) - 1;
		/*
		 * Test cases are indented; the suite's own line is not. A suite
		 * that never ran still says "ok 1", so only passed cases count.
		 */
		if (!nested) {
			suite_failed |= strncmp(p, "not ok ", 7) == 0;
			suite_ok |= strncmp(p, "ok ", 3) == 0 && !strstr(p, "# SKIP");
			continue;
		}
		if (strncmp(p, "not ok ", 7) == 0)
			failed++;
		else if (strncmp(p, "ok ", 3) == 0)
			strstr(p, "# SKIP") ? skipped++ : passed++;
	}
	fclose(f);
	return json_pack("{s:s, s:i, s:i, s:i, s:b, s:s}", "suite", suite,
			 "passed", passed, "failed", failed, "skipped", skipped,
			 "ok", suite_ok && !suite_failed && !failed && passed > 0,
			 "ktap", text);
}

void kunit_report(void)
{
	json_t *suites = json_array();
	struct dirent *d;
	bool ok = true;
	DIR *dir;

	dir = opendir(KUNIT_DEBUGFS);
	if (!dir)
		return;	/* no KUnit in this kernel */
	while ((d = readdir(dir))) {
		json_t *s;

		if (d->d_name[0] == '.')
			continue;
		s = suite_result(d->d_name);
		if (!s)
			continue;
		ok = ok && json_is_true(json_object_get(s, "ok"));
		json_array_append_new(suites, s);
	}
	closedir(dir);
	/*
	 * Both kernel variants have KUnit (it changes struct task_struct, so
	 * one config keeps their builds incremental); only the patched one has
	 * suites. Whether a kernel ran the suites it should is the judge's.
	 */
	if (!json_array_size(suites)) {
		json_decref(suites);
		return;
	}
	report_send("kunit", json_pack("{s:o, s:b}", "suites", suites, "ok", ok));
}
