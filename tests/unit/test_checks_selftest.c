// SPDX-License-Identifier: GPL-2.0-only
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "check_helpers.h"

#include "checks_selftest.h"

/* The agent's report of one selftest run, as agent.jsonl has it. */
#define RUN(gen, name, stage, exit, output) \
	"{\"gen\":" #gen ",\"event\":\"selftest\",\"name\":\"" name "\",\"stage\":" #stage \
	",\"exit\":" #exit ",\"signal\":null,\"timed_out\":false,\"ns\":1000000," \
	"\"output\":\"" output "\"}\n"
#define HELLO(gen, kho) \
	"{\"gen\":" #gen ",\"event\":\"hello\",\"kho_test\":" #kho "}\n"

#define STAGE1_OK(gen) RUN(gen, "luo_kexec_simple", 1, 0, "# [STAGE 1] You may now perform kexec reboot.\\n")
#define STAGE2_OK(gen) RUN(gen, "luo_kexec_simple", 2, 0, "# \\n--- SIMPLE KEXEC TEST PASSED ---\\n")
#define STAGE2_SKIP(gen) RUN(gen, "luo_kexec_simple", 2, 4, \
	"1..0 # SKIP Failed to open /dev/liveupdate. Is the luo module loaded?\\n")
#define STAGE2_BAIL(gen) RUN(gen, "luo_kexec_simple", 2, 1, \
	"# [STAGE 2] Retrieving session 'test-session'...\\nBail out! [run_stage_2:58] luo_retrieve_session for 'test-session' (errno: No such file or directory)\\n")

#define KERNEL_A "[    0.000000] Linux version 7.3.4 (lutb)\n"
#define KERNEL_B "[    0.000000] Linux version 7.3.4 (lutb)\n"

static void judge(guint gens, const char *kind, const char *console, const char *agent,
		  struct verdict_report *r)
{
	struct evidence ev = { 0 };

	evidence_parse_console(&ev, console);
	evidence_parse_agent(&ev, agent);
	ev.expected_gens = gens;
	run_json_add_selftest(&ev.spec, g_str_equal(kind, "once") ? "liveupdate" :
			      g_str_equal(kind, "kernel") ? "kho" : "luo_kexec_simple", kind);
	r->checks = g_ptr_array_new();
	checks_selftest(&ev, r->checks);
	evidence_clear(&ev);
}

static const struct check *stages(guint gens, const char *agent, struct verdict_report *r)
{
	judge(gens, "kexec", "", agent, r);
	return find(r, "selftest:luo_kexec_simple");
}

static void both_stages_passing_pass_across_every_kexec(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = stages(3, STAGE1_OK(1) STAGE2_OK(2) STAGE1_OK(2) STAGE2_OK(3), &r);
	assert_int_equal(c->status, CHECK_PASS);
	assert_string_equal(c->detail, "2 of 2 kexecs: generation 1 -> 2 passed; "
			    "generation 2 -> 3 passed");
}

static void a_stage_2_that_skips_after_stage_1_kept_state_fails(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = stages(2, STAGE1_OK(1) STAGE2_SKIP(2), &r);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "stage 2 skipped itself in generation 2 although "
			    "stage 1 had preserved its state: exit 4: 1..0 # SKIP Failed to "
			    "open /dev/liveupdate. Is the luo module loaded?");
}

static void a_failing_stage_is_named_in_the_tests_own_words(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = stages(3, STAGE1_OK(1) STAGE2_OK(2) STAGE1_OK(2) STAGE2_BAIL(3), &r);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "stage 2 failed in generation 3: exit 1: Bail out! "
			    "[run_stage_2:58] luo_retrieve_session for 'test-session' (errno: "
			    "No such file or directory)");
}

static void a_stage_that_never_ran_fails(void **state)
{
	struct verdict_report r = { 0 };

	(void)state;
	assert_int_equal(stages(2, "", &r)->status, CHECK_FAIL);
	assert_string_equal(find(&r, "selftest:luo_kexec_simple")->detail,
			    "stage 1 never ran in generation 1");
	verdict_report_clear(&r);
	assert_int_equal(stages(2, STAGE1_OK(1), &r)->status, CHECK_FAIL);
	assert_string_equal(find(&r, "selftest:luo_kexec_simple")->detail,
			    "stage 1 passed in generation 1, but generation 2 never ran stage 2");
}

/*
 * A test that skipped itself tested nothing: skip, with its reason, which
 * a scenario must expect; a run with no kexec leaves a two-stage test
 * nothing to do: n/a.
 */
static void a_test_that_skips_is_skip_and_one_without_a_kexec_na(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = stages(2, RUN(1, "luo_kexec_simple", 1, 4,
			  "1..0 # SKIP Failed to open /dev/liveupdate. Is the luo module loaded?\\n"),
		   &r);
	assert_int_equal(c->status, CHECK_SKIP);
	assert_string_equal(c->detail, "0 of 1 kexecs passed: stage 1 skipped itself in "
			    "generation 1: exit 4: 1..0 # SKIP Failed to open /dev/liveupdate. Is "
			    "the luo module loaded?");
	assert_non_null(strstr(c->detail, "stage 1 skipped itself in generation 1"));
	verdict_report_clear(&r);
	assert_int_equal(stages(1, "", &r)->status, CHECK_NA);
}

static void a_once_test_reports_its_failed_cases(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(2, "once", "", RUN(1, "liveupdate", 0, 1,
		"ok 1 liveupdate_device.basic_open_close\\nnot ok 2 liveupdate_device.exclusive_open\\n"
		"# Totals: pass:14 fail:1\\n"), &r);
	c = find(&r, "selftest:liveupdate");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "generation 1: exit 1: not ok 2 liveupdate_device.exclusive_open");
	verdict_report_clear(&r);
	judge(2, "once", "", RUN(1, "liveupdate", 0, 0, "ok 1 x\\n# Totals: pass:15 fail:0\\n"), &r);
	c = find(&r, "selftest:liveupdate");
	assert_int_equal(c->status, CHECK_PASS);
	assert_string_equal(c->detail, "generation 1, beside the preserved engines: "
			    "# Totals: pass:15 fail:0");
}

static void kernel_b_judges_the_kho_test(void **state)
{
	struct verdict_report r = { 0 };
	const char *hellos = HELLO(1, true) HELLO(2, true);

	(void)state;
	judge(2, "kernel", KERNEL_A KERNEL_B "[    0.73] test_kho: KHO restore succeeded\n",
	      hellos, &r);
	assert_int_equal(find(&r, "selftest:kho")->status, CHECK_PASS);
	verdict_report_clear(&r);
	judge(2, "kernel", KERNEL_A KERNEL_B "[    0.73] test_kho: KHO restore failed\n",
	      hellos, &r);
	assert_int_equal(find(&r, "selftest:kho")->status, CHECK_FAIL);
	assert_string_equal(find(&r, "selftest:kho")->detail, "kernel B: test_kho: KHO restore failed");
	verdict_report_clear(&r);
	/* KHO off in kernel B: the test finds nothing and says nothing. */
	judge(2, "kernel", KERNEL_A KERNEL_B, hellos, &r);
	assert_int_equal(find(&r, "selftest:kho")->status, CHECK_FAIL);
	verdict_report_clear(&r);
	judge(2, "kernel", KERNEL_A KERNEL_B, HELLO(1, false) HELLO(2, false), &r);
	assert_int_equal(find(&r, "selftest:kho")->status, CHECK_NA);
	assert_non_null(strstr(find(&r, "selftest:kho")->detail, "CONFIG_TEST_KEXEC_HANDOVER"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(both_stages_passing_pass_across_every_kexec),
		cmocka_unit_test(a_stage_2_that_skips_after_stage_1_kept_state_fails),
		cmocka_unit_test(a_failing_stage_is_named_in_the_tests_own_words),
		cmocka_unit_test(a_stage_that_never_ran_fails),
		cmocka_unit_test(a_test_that_skips_is_skip_and_one_without_a_kexec_na),
		cmocka_unit_test(a_once_test_reports_its_failed_cases),
		cmocka_unit_test(kernel_b_judges_the_kho_test),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
