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

/*
 * Generation @gen's lines of one kind (@forbidden or required), read in
 * its log: @hit gets each line found (with the regex, for a forbidden
 * one), @miss each regex with none. FALSE when the generation left no log.
 */
static gboolean read_lines(const struct console_gen *con, guint gen,
			   const struct kernel_says *says, guint n, gboolean forbidden,
			   GString *hit, GString *miss)
{
	for (guint i = 0; i < n; i++) {
		const char *line;

		if (says[i].gen != gen || says[i].forbidden != forbidden)
			continue;
		line = con ? first_match(con, says[i].regex) : NULL;
		if (line && forbidden)
			g_string_append_printf(hit, "%s%s (forbidden: %s)", hit->len ? "; " : "",
					       line, says[i].regex);
		else if (line)
			g_string_append_printf(hit, "%s%s", hit->len ? "; " : "", line);
		if (!line || forbidden)
			g_string_append_printf(miss, "%s%s", miss->len ? "; " : "", says[i].regex);
	}
	return con != NULL;
}

static void check_generation(const struct evidence *ev, guint gen,
			     const struct kernel_says *says, guint n, gboolean forbidden,
			     GPtrArray *out)
{
	const struct console_gen *con = evidence_console(ev, gen);
	g_autoptr(GString) hit = g_string_new(NULL);
	g_autoptr(GString) miss = g_string_new(NULL);
	char *name = g_strdup_printf("kernel-%s:gen%u", forbidden ? "forbids" : "says", gen);

	if (!read_lines(con, gen, says, n, forbidden, hit, miss))
		check_add(out, forbidden ? CHECK_NA : CHECK_FAIL, name, forbidden ?
			  "generation %u left no kernel log to read for: %s" :
			  "generation %u left no kernel log (it never booted), so it said none "
			  "of: %s", gen, miss->str);
	else if (forbidden && hit->len)
		check_add(out, CHECK_FAIL, name, "kernel %u logged %s", gen, hit->str);
	else if (forbidden)
		check_add(out, CHECK_PASS, name, "kernel %u logged no line matching: %s", gen,
			  miss->str);
	else if (miss->len)
		check_add(out, CHECK_FAIL, name, "kernel %u's log has no line matching: %s", gen,
			  miss->str);
	else
		check_add(out, CHECK_PASS, name, "kernel %u said: %s", gen, hit->str);
}

void check_kernel_says(const struct evidence *ev, const struct kernel_says *says, guint n,
		       GPtrArray *out)
{
	guint last = 0;

	for (guint i = 0; i < n; i++)
		last = MAX(last, says[i].gen);
	for (guint gen = 1; gen <= last; gen++) {
		gboolean required = FALSE, forbidden = FALSE;

		for (guint i = 0; i < n; i++) {
			required |= says[i].gen == gen && !says[i].forbidden;
			forbidden |= says[i].gen == gen && says[i].forbidden;
		}
		if (required)
			check_generation(ev, gen, says, n, FALSE, out);
		if (forbidden)
			check_generation(ev, gen, says, n, TRUE, out);
	}
}
