// SPDX-License-Identifier: GPL-2.0-only
#include "checks_selftest.h"

#include <string.h>

/* kselftest's exit status for a test that could not run here. */
#define KSFT_SKIP 4

enum outcome { OUTCOME_PASS, OUTCOME_SKIP, OUTCOME_FAIL, OUTCOME_MISSING };

/* The agent's report of @name's run in generation @gen at @stage, or NULL. */
static json_t *find_run(const struct evidence *ev, const char *name, int gen, int stage)
{
	for (guint i = 0; i < ev->agent->len; i++) {
		const struct agent_event *e = g_ptr_array_index(ev->agent, i);

		if (e->gen == gen && g_str_equal(e->event, "selftest") &&
		    g_strcmp0(json_string_value(json_object_get(e->msg, "name")), name) == 0 &&
		    json_integer_value(json_object_get(e->msg, "stage")) == stage)
			return e->msg;
	}
	return NULL;
}

static enum outcome outcome_of(json_t *run)
{
	json_t *exit_status = json_object_get(run, "exit");

	if (!run)
		return OUTCOME_MISSING;
	if (json_is_true(json_object_get(run, "timed_out")) || !json_is_integer(exit_status))
		return OUTCOME_FAIL;
	if (json_integer_value(exit_status) == 0)
		return OUTCOME_PASS;
	return json_integer_value(exit_status) == KSFT_SKIP ? OUTCOME_SKIP : OUTCOME_FAIL;
}

/*
 * Why a run failed or skipped, in the test's own words: its "not ok" lines
 * (a harness test), else its last "Bail out!" or SKIP line, else its last
 * line; and how it ended when that was not an exit.
 */
static char *reason_of(json_t *run)
{
	const char *output = json_string_value(json_object_get(run, "output"));
	g_auto(GStrv) lines = g_strsplit(output ? output : "", "\n", -1);
	GString *not_ok = g_string_new(NULL);
	const char *telling = NULL, *last = NULL;
	g_autofree char *words = NULL;
	guint n_not_ok = 0;

	for (guint i = 0; lines[i]; i++) {
		const char *l = g_strstrip(lines[i]);

		if (!*l || g_str_equal(l, "#"))
			continue;
		last = l;
		if (g_str_has_prefix(l, "not ok ") && n_not_ok++ < 3)
			g_string_append_printf(not_ok, "%s%s", not_ok->len ? "; " : "", l);
		if (g_str_has_prefix(l, "Bail out!") || strstr(l, "# SKIP"))
			telling = l;
	}
	if (n_not_ok > 3)
		g_string_append_printf(not_ok, "; %u more", n_not_ok - 3);
	words = not_ok->len ? g_strdup(not_ok->str) :
		g_strdup(telling ? telling : last ? last : "no output");
	g_string_free(not_ok, TRUE);
	if (json_is_true(json_object_get(run, "timed_out")))
		return g_strdup_printf("timed out (killed): %s", words);
	if (json_is_integer(json_object_get(run, "signal")))
		return g_strdup_printf("killed by signal %" JSON_INTEGER_FORMAT ": %s",
				       json_integer_value(json_object_get(run, "signal")), words);
	return g_strdup_printf("exit %" JSON_INTEGER_FORMAT ": %s",
			       json_integer_value(json_object_get(run, "exit")), words);
}

/* A passing run's summary: its last line ("# Totals: pass:15 ..."). */
static char *summary_of(json_t *run)
{
	const char *output = json_string_value(json_object_get(run, "output"));
	g_auto(GStrv) lines = g_strsplit(output ? output : "", "\n", -1);
	const char *last = "no output";

	for (guint i = 0; lines[i]; i++) {
		const char *l = g_strstrip(lines[i]);

		if (*l && !g_str_equal(l, "#"))
			last = l;
	}
	return g_strdup(last);
}

/* A test that needs no kexec: generation 1 runs it once. */
static void judge_once(const struct evidence *ev, const char *name, GPtrArray *out)
{
	json_t *run = find_run(ev, name, 1, 0);
	enum outcome o = outcome_of(run);
	g_autofree char *check = g_strdup_printf("selftest:%s", name);
	g_autofree char *why = run ? (o == OUTCOME_PASS ? summary_of(run) : reason_of(run)) : NULL;

	switch (o) {
	case OUTCOME_MISSING:
		check_add(out, CHECK_FAIL, g_steal_pointer(&check),
			  "generation 1's agent never reported running it");
		break;
	case OUTCOME_PASS:
		check_add(out, CHECK_PASS, g_steal_pointer(&check),
			  "generation 1, beside the preserved engines: %s", why);
		break;
	case OUTCOME_SKIP:
		check_add(out, CHECK_SKIP, g_steal_pointer(&check),
			  "the test skipped itself in generation 1: %s", why);
		break;
	case OUTCOME_FAIL:
		check_add(out, CHECK_FAIL, g_steal_pointer(&check), "generation 1: %s", why);
		break;
	}
}

/* One kexec of a two-stage test: stage 1 in @gen, stage 2 in @gen + 1. */
static enum outcome judge_kexec(const struct evidence *ev, const char *name, int gen,
				GString *words)
{
	json_t *s1 = find_run(ev, name, gen, 1), *s2 = find_run(ev, name, gen + 1, 2);
	g_autofree char *why1 = s1 ? reason_of(s1) : NULL;
	g_autofree char *why2 = s2 ? reason_of(s2) : NULL;

	switch (outcome_of(s1)) {
	case OUTCOME_MISSING:
		g_string_append_printf(words, "stage 1 never ran in generation %d", gen);
		return OUTCOME_FAIL;
	case OUTCOME_SKIP:
		g_string_append_printf(words, "stage 1 skipped itself in generation %d: %s",
				       gen, why1);
		return OUTCOME_SKIP;
	case OUTCOME_FAIL:
		g_string_append_printf(words, "stage 1 failed in generation %d: %s", gen, why1);
		return OUTCOME_FAIL;
	case OUTCOME_PASS:
		break;
	}
	switch (outcome_of(s2)) {
	case OUTCOME_MISSING:
		g_string_append_printf(words, "stage 1 passed in generation %d, but generation "
				       "%d never ran stage 2", gen, gen + 1);
		return OUTCOME_FAIL;
	case OUTCOME_SKIP:
		g_string_append_printf(words, "stage 2 skipped itself in generation %d although "
				       "stage 1 had preserved its state: %s", gen + 1, why2);
		return OUTCOME_FAIL;
	case OUTCOME_FAIL:
		g_string_append_printf(words, "stage 2 failed in generation %d: %s", gen + 1, why2);
		return OUTCOME_FAIL;
	case OUTCOME_PASS:
		break;
	}
	g_string_append_printf(words, "generation %d -> %d passed", gen, gen + 1);
	return OUTCOME_PASS;
}

/* A two-stage test, across every kexec of the run. */
static void judge_stages(const struct evidence *ev, const char *name, GPtrArray *out)
{
	g_autofree char *check = g_strdup_printf("selftest:%s", name);
	GString *failed = g_string_new(NULL), *all = g_string_new(NULL);
	guint passed = 0, skipped = 0;

	if (ev->expected_gens < 2) {
		check_add(out, CHECK_NA, g_steal_pointer(&check),
			  "it needs a kexec; the run has none");
		goto out;
	}
	for (guint gen = 1; gen < ev->expected_gens; gen++) {
		GString *words = g_string_new(NULL);

		switch (judge_kexec(ev, name, (int)gen, words)) {
		case OUTCOME_PASS:
			passed++;
			break;
		case OUTCOME_SKIP:
			skipped++;
			break;
		default:
			g_string_append_printf(failed, "%s%s", failed->len ? "; " : "", words->str);
		}
		g_string_append_printf(all, "%s%s", all->len ? "; " : "", words->str);
		g_string_free(words, TRUE);
	}
	/* A kexec the test skipped was not tested: no pass. */
	if (failed->len)
		check_add(out, CHECK_FAIL, g_steal_pointer(&check), "%s", failed->str);
	else if (skipped)
		check_add(out, CHECK_SKIP, g_steal_pointer(&check), "%u of %u kexecs passed: %s",
			  passed, passed + skipped, all->str);
	else
		check_add(out, CHECK_PASS, g_steal_pointer(&check), "%u of %u kexecs: %s",
			  passed, passed, all->str);
out:
	g_string_free(failed, TRUE);
	g_string_free(all, TRUE);
}

static gboolean hello_has_kho_test(const struct evidence *ev, int gen)
{
	const struct agent_event *h = evidence_agent_find(ev, gen, "hello");

	return h && json_is_true(json_object_get(h->msg, "kho_test"));
}

/*
 * lib/test_kho.c saves its data at kernel A's boot when it finds none, and
 * kernel B checks it at boot: the first kexec only.
 */
static void judge_kho(const struct evidence *ev, const char *name, GPtrArray *out)
{
	g_autofree char *check = g_strdup_printf("selftest:%s", name);
	const struct console_gen *b = evidence_console(ev, 2);
	GString *lines = g_string_new(NULL);
	gboolean succeeded = FALSE;

	if (ev->expected_gens < 2) {
		check_add(out, CHECK_NA, g_steal_pointer(&check), "it needs a kexec; the run has none");
	} else if (!evidence_agent_find(ev, 1, "hello")) {
		check_add(out, CHECK_FAIL, g_steal_pointer(&check),
			  "generation 1's agent never reported: unknown whether kernel A saved "
			  "the KHO test's data");
	} else if (!hello_has_kho_test(ev, 1)) {
		check_add(out, CHECK_NA, g_steal_pointer(&check),
			  "kernel A has no KHO test (CONFIG_TEST_KEXEC_HANDOVER)");
	} else if (!b) {
		check_add(out, CHECK_FAIL, g_steal_pointer(&check),
			  "kernel A saved the KHO test's data; kernel B never booted");
	} else {
		for (guint i = 0; i < b->kho_test->len; i++) {
			const char *l = g_ptr_array_index(b->kho_test, i);

			succeeded |= strstr(l, "KHO restore succeeded") != NULL;
			g_string_append_printf(lines, "%s%s", lines->len ? "; " : "", l);
		}
		if (succeeded && b->kho_test->len == 1)
			check_add(out, CHECK_PASS, g_steal_pointer(&check),
				  "kernel B: %s%s", lines->str, ev->expected_gens > 2 ?
				  " (the test saves its data on the first boot only)" : "");
		else if (lines->len)
			check_add(out, CHECK_FAIL, g_steal_pointer(&check), "kernel B: %s",
				  lines->str);
		else if (!hello_has_kho_test(ev, 2) && evidence_agent_find(ev, 2, "hello"))
			check_add(out, CHECK_NA, g_steal_pointer(&check),
				  "kernel B has no KHO test (CONFIG_TEST_KEXEC_HANDOVER)");
		else
			check_add(out, CHECK_FAIL, g_steal_pointer(&check),
				  "kernel A saved the KHO test's data, and kernel B said nothing "
				  "of it: it found no KHO data from kernel A, or KHO is off");
	}
	g_string_free(lines, TRUE);
}

void checks_selftest(const struct evidence *ev, GPtrArray *out)
{
	for (guint i = 0; ev->spec.selftests && i < ev->spec.selftests->len; i++) {
		const struct run_json_selftest *t = g_ptr_array_index(ev->spec.selftests, i);

		if (g_str_equal(t->kind, "once"))
			judge_once(ev, t->name, out);
		else if (g_str_equal(t->kind, "kexec"))
			judge_stages(ev, t->name, out);
		else if (g_str_equal(t->kind, "kernel"))
			judge_kho(ev, t->name, out);
		else
			check_add(out, CHECK_NA, g_strdup_printf("selftest:%s", t->name),
				  "lutb does not know how to run a test of kind '%s'", t->kind);
	}
}
