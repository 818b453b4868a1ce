// SPDX-License-Identifier: GPL-2.0-only
#include "checks_says.h"

/* The first line of @con matching @regex, or NULL (a bad regex matches
 * nothing: the scenario parser refuses one before a run). */
static const char *first_match(const struct console_gen *con, const char *regex)
{
	g_autoptr(GRegex) re = g_regex_new(regex, 0, 0, NULL);

	for (guint i = 0; re && i < con->lines->len; i++) {
		const char *line = g_ptr_array_index(con->lines, i);

		if (g_regex_match(re, line, 0, NULL))
			return line;
	}
	return NULL;
}

static void check_generation(const struct evidence *ev, guint gen,
			     const struct kernel_says *says, guint n, GPtrArray *out)
{
	const struct console_gen *con = evidence_console(ev, gen);
	g_autoptr(GString) missing = g_string_new(NULL);
	g_autoptr(GString) found = g_string_new(NULL);
	char *name = g_strdup_printf("kernel-says:gen%u", gen);

	for (guint i = 0; i < n; i++) {
		const char *line;

		if (says[i].gen != gen)
			continue;
		line = con ? first_match(con, says[i].regex) : NULL;
		g_string_append_printf(line ? found : missing, "%s%s", (line ? found : missing)->len ?
				       "; " : "", line ?: says[i].regex);
	}
	if (!con)
		check_add(out, CHECK_FAIL, name, "generation %u left no kernel log (it never "
			  "booted), so it said none of: %s", gen, missing->str);
	else if (missing->len)
		check_add(out, CHECK_FAIL, name, "kernel %u's log has no line matching: %s", gen,
			  missing->str);
	else
		check_add(out, CHECK_PASS, name, "kernel %u said: %s", gen, found->str);
}

void check_kernel_says(const struct evidence *ev, const struct kernel_says *says, guint n,
		       GPtrArray *out)
{
	guint last = 0;

	for (guint i = 0; i < n; i++)
		last = MAX(last, says[i].gen);
	for (guint gen = 1; gen <= last; gen++) {
		gboolean named = FALSE;

		for (guint i = 0; i < n && !named; i++)
			named = says[i].gen == gen;
		if (named)
			check_generation(ev, gen, says, n, out);
	}
}
