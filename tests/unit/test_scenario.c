// SPDX-License-Identifier: GPL-2.0-only
/* Scenario files: what they say, where they are wrong, and how a run is
 * held to their expectations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "scenario.h"

static struct scenario *parse(const char *text, GError **error)
{
	return scenario_parse(text, strlen(text), "/s/assign-busses.yaml", error);
}

static void a_full_scenario_reads_back(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(scenario) s = parse(
		"description: stock kernel B renumbers\n"
		"topology: reserved\n"
		"kernels: [stock, stock, ../k/bzImage]\n"
		"cmdline:\n  2: pci=assign-busses\n"
		"agent:\n  unpreserve: 0000:04:00.0\n  gen2.rescan: after-finish\n"
		"fault: kexec-load\n"
		"timeout: 90\n"
		"expect:\n  verdict: fail\n  checks:\n"
		"    bdf-stable:rp1/dma0: fail\n"
		"    \"dma-*\":\n      status: pass\n      detail: ^no reset\n", &error);

	(void)state;
	assert_non_null(s);
	assert_string_equal(s->name, "assign-busses");
	assert_true(g_str_has_suffix(s->topology, "/topologies/reserved.yaml"));
	assert_int_equal(s->n_gens, 3);
	assert_string_equal(s->kernels[0], "stock");
	assert_string_equal(s->kernels[2], "/s/../k/bzImage");
	assert_null(s->cmdlines[0]);
	assert_string_equal(s->cmdlines[1], "pci=assign-busses");
	assert_string_equal(s->settings, "unpreserve=0000:04:00.0\ngen2.rescan=after-finish\n");
	assert_string_equal(s->fault, "kexec-load");
	assert_int_equal(s->timeout_s, 90);
	assert_int_equal(scenario_expected_verdict(s), VERDICT_FAIL);
	assert_int_equal(s->expects->len, 2);
	assert_string_equal(((struct scenario_expect *)g_ptr_array_index(s->expects, 1))->detail,
			    "^no reset");
}

static void mistakes_are_reported_where_they_are(void **state)
{
	static const struct {
		const char *text, *message;
	} cases[] = {
		{ "kernels: [patched]\nkernal: x\n",
		  "/s/assign-busses.yaml:2:1: unknown key 'kernal': a scenario takes description, "
		  "topology, kernels, cmdline, agent, fault, hotplug, selftests, libvirt, timeout, unmutated and expect" },
		{ "selftests: [luo_kexec_simple, no_such_test]\n",
		  "/s/assign-busses.yaml:1:31: no selftest is named 'no_such_test'; the guest's Linux tree has: " },
		{ "kernels: [patched, patched]\ncmdline:\n  b: x\n",
		  "/s/assign-busses.yaml:3:3: cmdline: 'b' is not a generation number (1 is the first kernel)" },
		{ "kernels: [patched]\ncmdline:\n  2: x\n",
		  "/s/assign-busses.yaml:1:1: cmdline names generation 2, but kernels lists 1" },
		{ "agent:\n  presrve: all\n",
		  "/s/assign-busses.yaml:2:3: agent: unknown setting 'presrve': it takes preserve, "
		  "unpreserve, rescan, unbind, reset, remove, finish, dma, period_ns, ring_entries, max_gap_ns, selftest_timeout_s, vfio, each also "
		  "as genN.KEY for generation N only" },
		{ "expect:\n  checks:\n    x: broken\n",
		  "/s/assign-busses.yaml:3:8: x: expect pass, fail, n/a, skip, some-fail or any, not 'broken'" },
		{ "unmutated: ../twin.yaml\n",
		  "/s/assign-busses.yaml:1:12: unmutated: '../twin.yaml' is no scenario's name "
		  "(a file NAME.yaml beside this one)" },
		{ "expect:\n  checks:\n    x: any\n",
		  "/s/assign-busses.yaml:3:5: x: any needs a why: (what timing decides), as "
		  "status: any with why: WHY" },
		{ "expect:\n  verdict: ok\n",
		  "/s/assign-busses.yaml:2:12: verdict: expect pass, fail, timeout or crashed, not 'ok'" },
		/* GLib's own words follow, in the locale's quotes. */
		{ "expect:\n  checks:\n    x:\n      detail: \"(\"\n",
		  "/s/assign-busses.yaml:4:16: detail: not a regular expression: " },
		{ "timeout: 0\n", "/s/assign-busses.yaml:1:10: timeout must be seconds from 1 to 3600, not '0'" },
		{ "fault: pci-flb-oops\n", "/s/assign-busses.yaml:1:8: unknown fault 'pci-flb-oops' "
		  "(lutb run --help lists the faults)" },
		{ "kernels: patched\n", "/s/assign-busses.yaml:1:10: kernels must be a list, not a scalar" },
		{ "expect:\n  posted:\n    verdict: fail\n",
		  "/s/assign-busses.yaml:2:3: expect: posted: needs a why: (the posting's stated "
		  "limit, its bug, or what differs by design)" },
		{ "expect:\n  postings:\n    pci-v4:\n      why: x\n      posted: {}\n",
		  "/s/assign-busses.yaml:5:7: unknown key 'posted' under expect: posted: it takes "
		  "why, verdict, checks and says" },
		{ "expect:\n  why: x\n",
		  "/s/assign-busses.yaml:2:3: unknown key 'why' under expect: it takes verdict, "
		  "checks, says, posted and postings" },
		{ "expect:\n  says:\n    B: x\n",
		  "/s/assign-busses.yaml:3:5: says: 'B' is no generation (1 to 8)" },
		{ "expect:\n  says:\n    2: [ok, \"(\"]\n",
		  "/s/assign-busses.yaml:3:14: says: not a regular expression: " },
		{ "", "/s/assign-busses.yaml:1:1: the file is empty: a scenario is a mapping with at "
		  "least `kernels:` (scenarios/README.md)" },
	};

	(void)state;
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(scenario) s = parse(cases[i].text, &error);

		assert_null(s);
		assert_non_null(error);
		if (g_str_has_suffix(cases[i].message, ": "))
			assert_true(g_str_has_prefix(error->message, cases[i].message));
		else
			assert_string_equal(error->message, cases[i].message);
	}
}

static void add(struct verdict_report *r, const char *name, enum check_status st,
		const char *detail)
{
	check_add(r->checks, st, g_strdup(name), "%s", detail);
}

static struct verdict_report report(enum verdict v)
{
	struct verdict_report r = { .verdict = v, .summary = g_strdup("summary") };

	r.checks = g_ptr_array_new();
	add(&r, "gen2-booted", CHECK_PASS, "ok");
	add(&r, "dma-continuity:rp0/dma0", CHECK_FAIL, "DMA blocked (bme)");
	add(&r, "dma-continuity:rp0/dma1", CHECK_FAIL, "DMA blocked (bme)");
	add(&r, "bdf-stable:rp0/dma0", CHECK_NA, "no snapshot");
	return r;
}

static void expectations_hold_a_run_to_them(void **state)
{
	g_autoptr(scenario) s = parse("expect:\n  checks:\n    dma-continuity:*:\n"
				      "      status: fail\n      detail: blocked\n", NULL);
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	struct verdict_report r = report(VERDICT_FAIL);

	(void)state;
	assert_non_null(s);
	assert_true(scenario_met(s, &r, problems));
	assert_int_equal(problems->len, 0);
	verdict_report_clear(&r);
}

static void an_unexpected_pass_and_an_unexpected_failure_are_both_wrong(void **state)
{
	g_autoptr(scenario) s = parse("expect:\n  checks:\n    gen2-booted: fail\n"
				      "    no-such-check: fail\n", NULL);
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	struct verdict_report r = report(VERDICT_FAIL);

	(void)state;
	assert_false(scenario_met(s, &r, problems));
	assert_int_equal(problems->len, 4);
	assert_string_equal(g_ptr_array_index(problems, 0),
			    "gen2-booted unexpectedly pass, expected fail: ok");
	assert_string_equal(g_ptr_array_index(problems, 1),
			    "dma-continuity:rp0/dma0 failed, expected to pass: DMA blocked (bme)");
	assert_string_equal(g_ptr_array_index(problems, 3),
			    "/s/assign-busses.yaml:4:5: no check matches no-such-check (expected fail)");
	verdict_report_clear(&r);
}

/* A consequence that depends on timing may go either way, but must exist. */
static void any_status_takes_either_outcome(void **state)
{
	g_autoptr(scenario) s = parse("expect:\n  verdict: fail\n  checks:\n"
				      "    \"dma-continuity:*\": {status: any, why: timing}\n"
				      "    gen2-booted: {status: any, why: timing}\n", NULL);
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	struct verdict_report r = report(VERDICT_FAIL);

	(void)state;
	assert_true(scenario_met(s, &r, problems));
	verdict_report_clear(&r);
}

/* A skip is no pass: unexpected, it fails the scenario; expected, it meets it. */
static void a_skip_must_be_expected(void **state)
{
	g_autoptr(scenario) plain = parse("expect:\n  checks:\n    \"dma-continuity:*\": fail\n",
					  NULL);
	g_autoptr(scenario) skips = parse("expect:\n  checks:\n    \"dma-continuity:*\": fail\n"
					  "    selftest:kho: skip\n", NULL);
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	struct verdict_report r = report(VERDICT_FAIL);

	(void)state;
	add(&r, "selftest:kho", CHECK_SKIP, "the test skipped itself in generation 1: no KHO");
	assert_false(scenario_met(plain, &r, problems));
	assert_int_equal(problems->len, 1);
	assert_string_equal(g_ptr_array_index(problems, 0), "selftest:kho skipped, expected to "
			    "pass: the test skipped itself in generation 1: no KHO");
	g_ptr_array_set_size(problems, 0);
	assert_true(scenario_met(skips, &r, problems));
	verdict_report_clear(&r);
}

/* some-fail: which of them fails, timing decides; that one does is the claim. */
static void some_fail_needs_one_failure(void **state)
{
	g_autoptr(scenario) s = parse("expect:\n  checks:\n    \"dma-continuity:*\":\n"
				      "      status: some-fail\n      detail: blocked\n", NULL);
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	struct verdict_report r = report(VERDICT_FAIL);

	(void)state;
	assert_true(scenario_met(s, &r, problems));
	/* One passes, one fails: still met. */
	((struct check *)g_ptr_array_index(r.checks, 1))->status = CHECK_PASS;
	assert_true(scenario_met(s, &r, problems));
	/* None fails: not met, and said where. */
	((struct check *)g_ptr_array_index(r.checks, 2))->status = CHECK_PASS;
	r.verdict = VERDICT_PASS;
	assert_false(scenario_met(s, &r, problems));
	assert_string_equal(g_ptr_array_index(problems, problems->len - 1),
			    "/s/assign-busses.yaml:3:6: none of dma-continuity:* failed "
			    "(expected some-fail: at least one)");
	verdict_report_clear(&r);
}

/* What a comparison of two runs must leave out: only what `any` covers. */
static void checks_left_open_are_those_expected_any(void **state)
{
	g_autoptr(scenario) s = parse("expect:\n  checks:\n    dma-continuity:rp0/dma0: fail\n"
				      "    \"dma-continuity:*\": {status: any, why: timing}\n", NULL);
	struct verdict_report r = report(VERDICT_FAIL);
	g_autoptr(GPtrArray) open = NULL;

	(void)state;
	assert_non_null(s);
	open = scenario_open_checks(s, &r);
	assert_int_equal(open->len, 1);
	assert_string_equal(g_ptr_array_index(open, 0), "dma-continuity:rp0/dma1");
	verdict_report_clear(&r);
}

/* A posted kernel is held to what the scenario says the posting does, and
 * one posting to what the review found in it; others to the rest. */
static void each_kernel_family_meets_its_own_expectations(void **state)
{
	g_autoptr(scenario) s = parse(
		"expect:\n"
		"  checks:\n    dma-continuity:*: fail\n"
		"  posted:\n    why: no BAR guarding (stated future work)\n"
		"    verdict: pass\n"
		"  postings:\n    pci-v4:\n      why: the review finding\n"
		"      checks:\n        gen2-booted: fail\n", NULL);
	const char *lutb[] = { "lutb", "lutb" }, *mixed[] = { "none", "posted" };

	(void)state;
	assert_non_null(s);
	assert_ptr_equal(scenario_for_family(s, "lutb", NULL), s);
	assert_ptr_equal(scenario_for_family(s, "none", "pci-v4"), s);
	assert_ptr_equal(scenario_for_family(s, "posted", "pci-v7"), s->posted);
	assert_ptr_equal(scenario_for_family(s, "posted", NULL), s->posted);
	assert_string_equal(s->posted->description, "no BAR guarding (stated future work)");
	assert_int_equal(scenario_expected_verdict(s->posted), VERDICT_PASS);
	assert_int_equal(scenario_expected_verdict(scenario_for_family(s, "posted", "pci-v4")),
			 VERDICT_FAIL);
	assert_string_equal(scenario_for_family(s, "posted", "pci-v4")->description,
			    "the review finding");
	assert_string_equal(scenario_run_family(lutb, 2), "lutb");
	assert_string_equal(scenario_run_family(mixed, 2), "posted");
}

/* What a kernel must log, by generation; a posted block without its own
 * takes the file's. */
static void says_reads_by_generation_and_is_inherited(void **state)
{
	g_autoptr(scenario) s = parse(
		"expect:\n  says:\n    2: [another ABI, nothing is inherited]\n    3: x\n"
		"  posted:\n    why: w\n"
		"  postings:\n    pci-v6:\n      why: v\n      says:\n        2: No incoming\n"
		"    pci-v4:\n      why: silent\n      says: {}\n",
		NULL);
	const struct scenario_says *one;

	(void)state;
	assert_non_null(s);
	assert_int_equal(s->says->len, 3);
	one = g_ptr_array_index(s->says, 1);
	assert_int_equal(one->gen, 2);
	assert_string_equal(one->regex, "nothing is inherited");
	assert_ptr_equal(s->posted->says, s->says);
	one = g_ptr_array_index(scenario_for_family(s, "posted", "pci-v6")->says, 0);
	assert_string_equal(one->regex, "No incoming");
	/* An empty says: requires nothing, and takes nothing from the file. */
	assert_int_equal(scenario_for_family(s, "posted", "pci-v4")->says->len, 0);
}

static void the_verdict_is_expected_too(void **state)
{
	g_autoptr(scenario) s = parse("expect:\n  verdict: crashed\n", NULL);
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	struct verdict_report r = { .verdict = VERDICT_PASS, .summary = g_strdup("0 of 0") };

	(void)state;
	r.checks = g_ptr_array_new();
	assert_false(scenario_met(s, &r, problems));
	assert_string_equal(g_ptr_array_index(problems, 0),
			    "verdict pass, expected crashed (0 of 0)");
	verdict_report_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_full_scenario_reads_back),
		cmocka_unit_test(mistakes_are_reported_where_they_are),
		cmocka_unit_test(expectations_hold_a_run_to_them),
		cmocka_unit_test(an_unexpected_pass_and_an_unexpected_failure_are_both_wrong),
		cmocka_unit_test(any_status_takes_either_outcome),
		cmocka_unit_test(a_skip_must_be_expected),
		cmocka_unit_test(some_fail_needs_one_failure),
		cmocka_unit_test(checks_left_open_are_those_expected_any),
		cmocka_unit_test(each_kernel_family_meets_its_own_expectations),
		cmocka_unit_test(the_verdict_is_expected_too),
		cmocka_unit_test(says_reads_by_generation_and_is_inherited),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
