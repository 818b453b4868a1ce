// SPDX-License-Identifier: GPL-2.0-only
/*
 * What kernel A really did decides how each device is judged, and a run
 * whose engines never started or were never preserved cannot pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "check_helpers.h"

#include "checks_plan.h"
#include "settings.h"

#include "switch_fixture.h"

static void judge(const char *agent, const char *settings, struct verdict_report *r)
{
	struct evidence ev;

	load(&ev, agent, settings);
	r->checks = g_ptr_array_new();
	checks_plan(&ev, r->checks);
	evidence_clear(&ev);
}

static enum guest_role role_of(const struct evidence *ev, const char *path)
{
	for (guint i = 0; i < ev->devices->len; i++) {
		const struct run_device *d = g_ptr_array_index(ev->devices, i);

		if (g_str_equal(d->spec->path, path))
			return d->role;
	}
	fail_msg("no device %s", path);
	return ROLE_NONE;
}

static void preserved_set_is_preserved_minus_unpreserved(void **state)
{
	struct evidence ev;

	(void)state;
	load(&ev, "{\"gen\":1,\"event\":\"luo-preserve\",\"engines\":[" ENG(DMA0, true) ","
		  ENG(DMA1, true) "]}\n"
		  "{\"gen\":1,\"event\":\"luo-unpreserve\",\"engines\":[" ENG(DMA1, true) "]}\n",
	     NULL);
	assert_int_equal(role_of(&ev, "rp0/sw0/dp0/dma0"), ROLE_PRESERVED);
	assert_int_equal(role_of(&ev, "rp0/sw0/dp1/dma1"), ROLE_UNPRESERVED);
	assert_int_equal(role_of(&ev, "rp0"), ROLE_PATH);
	assert_int_equal(role_of(&ev, "rp0/sw0"), ROLE_PATH);
	assert_int_equal(role_of(&ev, "rp0/sw0/dp0"), ROLE_PATH);
	/* The unpreserved engine's own port is on no preserved path. */
	assert_int_equal(role_of(&ev, "rp0/sw0/dp1"), ROLE_NONE);
	evidence_clear(&ev);
}

static void a_failed_preserve_leaves_the_device_unjudged(void **state)
{
	struct evidence ev;

	(void)state;
	load(&ev, "{\"gen\":1,\"event\":\"luo-preserve\",\"engines\":[" ENG(DMA0, false) "]}\n",
	     NULL);
	assert_int_equal(role_of(&ev, "rp0/sw0/dp0/dma0"), ROLE_NONE);
	assert_int_equal(role_of(&ev, "rp0"), ROLE_NONE);
	evidence_clear(&ev);
}

static void started_and_preserved_engines_pass(void **state)
{
	struct verdict_report r = { 0 };

	(void)state;
	judge("{\"gen\":1,\"event\":\"dma-start\",\"engines\":[" ENG(DMA0, true) "," ENG(DMA1, true) "]}\n"
	      "{\"gen\":1,\"event\":\"luo-preserve\",\"engines\":[" ENG(DMA0, true) "," ENG(DMA1, true) "]}\n",
	      NULL, &r);
	assert_int_equal(find(&r, "dma-started:rp0/sw0/dp0/dma0")->status, CHECK_PASS);
	assert_int_equal(find(&r, "dma-started:rp0/sw0/dp1/dma1")->status, CHECK_PASS);
	assert_int_equal(find(&r, "luo-preserved:rp0/sw0/dp0/dma0")->status, CHECK_PASS);
	assert_int_equal(find(&r, "luo-preserved:rp0/sw0/dp1/dma1")->status, CHECK_PASS);
	g_ptr_array_free(r.checks, TRUE);
}

/* lutb run --cmdline-a lutb.dma=off: the run asked for DMA and got none. */
static void dma_switched_off_in_the_guest_fails_naming_the_step(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge("{\"gen\":1,\"event\":\"hello\",\"scenario\":{\"dma\":\"off\"}}\n", NULL, &r);
	c = find(&r, "dma-started:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "kernel 1's agent never reported dma-start (kernel 1's "
			    "agent ran with dma=off; the run asked for dma=on)");
	assert_int_equal(find(&r, "luo-preserved:rp0/sw0/dp0/dma0")->status, CHECK_FAIL);
	g_ptr_array_free(r.checks, TRUE);
}

/* initcall_blacklist=lu_dma_init: the agent finds no engine to start. */
static void an_engine_without_its_driver_fails_naming_the_driver(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge("{\"gen\":1,\"event\":\"dma-start\",\"engines\":[]}\n"
	      "{\"gen\":1,\"event\":\"pci\",\"devices\":[{\"bdf\":\"" DMA0 "\"}]}\n", NULL, &r);
	c = find(&r, "dma-started:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "kernel 1's agent did not find it: " DMA0
			    " is bound to driver none, not lu_dma");
	g_ptr_array_free(r.checks, TRUE);
}

static void a_failed_preserve_fails_with_its_error(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge("{\"gen\":1,\"event\":\"dma-start\",\"engines\":[" ENG(DMA0, true) "," ENG(DMA1, true) "]}\n"
	      "{\"gen\":1,\"event\":\"luo-preserve\",\"engines\":[" ENG(DMA0, true) ","
	      "{\"bdf\":\"" DMA1 "\",\"ok\":false,\"error\":\"Operation not permitted\"}]}\n",
	      NULL, &r);
	c = find(&r, "luo-preserved:rp0/sw0/dp1/dma1");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "generation 1, " DMA1 ": luo-preserve failed: "
			    "Operation not permitted");
	g_ptr_array_free(r.checks, TRUE);
}

static void settings_without_dma_say_so(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge("", "# no engines running\ndma=off\n", &r);
	c = find(&r, "dma-started:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_NA);
	assert_string_equal(c->detail, "the run's settings run no DMA (dma=off)");
	assert_null(verdict_report_find(&r, "luo-preserved:rp0/sw0/dp0/dma0"));
	g_ptr_array_free(r.checks, TRUE);
}

static void a_preserve_subset_expects_only_its_engines(void **state)
{
	struct verdict_report r = { 0 };

	(void)state;
	judge("{\"gen\":1,\"event\":\"dma-start\",\"engines\":[" ENG(DMA0, true) "," ENG(DMA1, true) "]}\n"
	      "{\"gen\":1,\"event\":\"luo-preserve\",\"engines\":[" ENG(DMA1, true) "]}\n",
	      "gen1.preserve=" DMA1 "\n", &r);
	assert_null(verdict_report_find(&r, "luo-preserved:rp0/sw0/dp0/dma0"));
	assert_int_equal(find(&r, "luo-preserved:rp0/sw0/dp1/dma1")->status, CHECK_PASS);
	g_ptr_array_free(r.checks, TRUE);
}

static void settings_follow_the_agents_rules(void **state)
{
	const char *text = "preserve=all\n gen2.preserve = 0000:03:00.0,0000:04:00.0 # two\n"
			   "#dma=off\nfinish=no\n";
	g_autofree char *p1 = settings_get(text, 1, "preserve", "x");
	g_autofree char *p2 = settings_get(text, 2, "preserve", "x");
	g_autofree char *dma = settings_get(text, 1, "dma", "on");
	g_autofree char *none = settings_get(NULL, 1, "dma", "on");

	(void)state;
	assert_string_equal(p1, "all");
	assert_string_equal(p2, "0000:03:00.0,0000:04:00.0");
	assert_string_equal(dma, "on");
	assert_string_equal(none, "on");
	assert_true(settings_list_has(p2, "0000:04:00.0"));
	assert_false(settings_list_has(p2, "0000:05:00.0"));
}

/* A kernel fault is proven by kernel A's own log line, not by asking. */
static void judge_fault(const char *fault, const char *console, struct verdict_report *r)
{
	struct evidence ev;

	load(&ev, "", NULL);
	ev.spec.fault = g_strdup(fault);
	evidence_parse_console(&ev, console);
	r->checks = g_ptr_array_new();
	checks_plan_fault(&ev, r->checks);
	evidence_clear(&ev);
}

static void a_kernel_fault_passes_only_when_kernel_a_logged_it(void **state)
{
	struct verdict_report done = { 0 }, ignored = { 0 }, later = { 0 }, agent = { 0 };

	(void)state;
	judge_fault("pci-flb-abi", "[    0.000000] Linux version 7.3.4\n"
		    "[    1.2] PCI: liveupdate: lutb fault pci-flb-abi: injected: handing over\n",
		    &done);
	assert_int_equal(find(&done, "fault-injected:pci-flb-abi")->status, CHECK_PASS);
	/* A kernel without the test-only patches ignores lutb.fault=. */
	judge_fault("pci-flb-abi", "[    0.000000] Linux version 7.3.4\n", &ignored);
	assert_int_equal(find(&ignored, "fault-injected:pci-flb-abi")->status, CHECK_FAIL);
	assert_non_null(strstr(find(&ignored, "fault-injected:pci-flb-abi")->detail,
			       "--kernel-a mutant"));
	/* Only kernel A injects: a later kernel's line does not count. */
	judge_fault("pci-flb-corrupt", "Linux version 7.3.4\nLinux version 7.3.4\n"
		    "lutb fault pci-flb-corrupt: injected\n", &later);
	assert_int_equal(find(&later, "fault-injected:pci-flb-corrupt")->status, CHECK_FAIL);
	/* The agent's faults show in the step they break. */
	judge_fault("kexec-load", "Linux version 7.3.4\n", &agent);
	assert_int_equal(agent.checks->len, 0);
	verdict_report_clear(&done);
	verdict_report_clear(&ignored);
	verdict_report_clear(&later);
	verdict_report_clear(&agent);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(preserved_set_is_preserved_minus_unpreserved),
		cmocka_unit_test(a_failed_preserve_leaves_the_device_unjudged),
		cmocka_unit_test(started_and_preserved_engines_pass),
		cmocka_unit_test(dma_switched_off_in_the_guest_fails_naming_the_step),
		cmocka_unit_test(an_engine_without_its_driver_fails_naming_the_driver),
		cmocka_unit_test(a_failed_preserve_fails_with_its_error),
		cmocka_unit_test(settings_without_dma_say_so),
		cmocka_unit_test(a_preserve_subset_expects_only_its_engines),
		cmocka_unit_test(settings_follow_the_agents_rules),
		cmocka_unit_test(a_kernel_fault_passes_only_when_kernel_a_logged_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
