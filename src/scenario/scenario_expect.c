// SPDX-License-Identifier: GPL-2.0-only
/* A judged run against a scenario's expectations. */
#include "scenario.h"

#include <string.h>

const struct scenario *scenario_for_family(const struct scenario *s, const char *family,
					   const char *posting)
{
	const struct scenario *one;

	if (g_strcmp0(family, "posted") != 0)
		return s;
	one = posting && s->postings ? g_hash_table_lookup(s->postings, posting) : NULL;
	return one ?: s->posted ?: s;
}

const char *scenario_run_family(const char *const *gen_families, guint n)
{
	const char *family = n ? gen_families[0] : "unknown";

	for (guint i = 0; i < n; i++)
		if (g_strcmp0(gen_families[i], "posted") == 0)
			return "posted";
	return family ?: "unknown";
}

enum verdict scenario_expected_verdict(const struct scenario *s)
{
	if (s->has_verdict)
		return s->verdict;
	for (guint i = 0; i < s->expects->len; i++)
		if (((struct scenario_expect *)g_ptr_array_index(s->expects, i))->status ==
		    CHECK_FAIL)
			return VERDICT_FAIL;
	return VERDICT_PASS;
}

/* The first expectation whose pattern matches @name, or NULL. */
static const struct scenario_expect *expect_for(const struct scenario *s,
						const char *name, guint *index)
{
	for (guint i = 0; i < s->expects->len; i++) {
		const struct scenario_expect *e = g_ptr_array_index(s->expects, i);

		if (g_pattern_match_simple(e->pattern, name)) {
			*index = i;
			return e;
		}
	}
	return NULL;
}

gboolean scenario_met(const struct scenario *s, const struct verdict_report *r,
		      GPtrArray *problems)
{
	g_autofree gboolean *matched = g_new0(gboolean, s->expects->len + 1);
	g_autofree gboolean *one_failed = g_new0(gboolean, s->expects->len + 1);
	enum verdict want = scenario_expected_verdict(s);
	guint before = problems->len;

	if (r->verdict != want)
		g_ptr_array_add(problems, g_strdup_printf("verdict %s, expected %s (%s)",
			verdict_name(r->verdict), verdict_name(want), r->summary));
	for (guint i = 0; i < r->checks->len; i++) {
		const struct check *c = g_ptr_array_index(r->checks, i);
		guint at = 0;
		const struct scenario_expect *e = expect_for(s, c->name, &at);

		if (!e) {
			if (c->status == CHECK_FAIL || c->status == CHECK_SKIP)
				g_ptr_array_add(problems, g_strdup_printf(
					"%s %s, expected to pass: %s", c->name,
					c->status == CHECK_FAIL ? "failed" : "skipped", c->detail));
			continue;
		}
		matched[at] = TRUE;
		one_failed[at] |= c->status == CHECK_FAIL;
		if (e->some_fail && c->status != CHECK_PASS && c->status != CHECK_FAIL)
			g_ptr_array_add(problems, g_strdup_printf("%s %s, expected pass or fail "
				"(some-fail): %s", c->name, check_status_name(c->status), c->detail));
		else if (e->some_fail && c->status == CHECK_FAIL && e->detail &&
			 !g_regex_match_simple(e->detail, c->detail, 0, 0))
			g_ptr_array_add(problems, g_strdup_printf(
				"%s: detail '%s' does not match /%s/", c->name, c->detail,
				e->detail));
		else if (e->some_fail)
			continue;
		else if (!e->any && c->status != e->status)
			g_ptr_array_add(problems, g_strdup_printf("%s %s%s, expected %s: %s",
				c->name, e->status == CHECK_FAIL && c->status == CHECK_PASS ?
				"unexpectedly " : "", check_status_name(c->status),
				check_status_name(e->status), c->detail));
		else if (e->detail && !g_regex_match_simple(e->detail, c->detail, 0, 0))
			g_ptr_array_add(problems, g_strdup_printf(
				"%s: detail '%s' does not match /%s/", c->name, c->detail,
				e->detail));
	}
	for (guint i = 0; i < s->expects->len; i++) {
		const struct scenario_expect *e = g_ptr_array_index(s->expects, i);

		if (e->some_fail && matched[i] && !one_failed[i])
			g_ptr_array_add(problems, g_strdup_printf(
				"%s:%d:%d: none of %s failed (expected some-fail: at least one)",
				s->file, e->mark.line, e->mark.col, e->pattern));
		/* A posted block answers for what its kernels no longer make. */
		if (!matched[i] && !e->inherited)
			g_ptr_array_add(problems, g_strdup_printf(
				"%s:%d:%d: no check matches %s (expected %s)", s->file,
				e->mark.line, e->mark.col, e->pattern,
				e->any ? "any" : check_status_name(e->status)));
	}
	return problems->len == before;
}

GPtrArray *scenario_open_checks(const struct scenario *s, const struct verdict_report *r)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < r->checks->len; i++) {
		const struct check *c = g_ptr_array_index(r->checks, i);
		guint at = 0;
		const struct scenario_expect *e = expect_for(s, c->name, &at);

		/* Which of some-fail's checks fail is left open too. */
		if (e && (e->any || e->some_fail))
			g_ptr_array_add(names, g_strdup(c->name));
	}
	return names;
}
