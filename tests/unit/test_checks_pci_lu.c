// SPDX-License-Identifier: GPL-2.0-only
/* The guest PCI core's bookkeeping against what kernel A preserved. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "check_helpers.h"
#include "switch_fixture.h"

#include "checks_pci_lu.h"

#define HELD(bdf, pres, refs) \
	"{\"bdf\":\"" bdf "\",\"dir\":\"outgoing\",\"preserved\":" #pres ",\"refcount\":" #refs "}"
#define RP0 "0000:00:02.0"
#define SW0 "0000:01:00.0"
#define DP0 "0000:02:00.0"
#define DP1 "0000:02:01.0"

/* Kernel A preserved both engines, then unpreserved dma1. */
#define UNPRESERVED_DMA1 \
	"{\"gen\":1,\"event\":\"luo-preserve\",\"engines\":[" ENG(DMA0, true) "," ENG(DMA1, true) "]}\n" \
	"{\"gen\":1,\"event\":\"luo-unpreserve\",\"engines\":[" ENG(DMA1, true) "]}\n"

static const struct check *judge_named(const char *agent, const char *console,
				       const char *name, struct verdict_report *r)
{
	struct evidence ev;

	load(&ev, agent, NULL);
	if (console)
		evidence_parse_console(&ev, console);
	r->checks = g_ptr_array_new();
	checks_pci_lu(&ev, r->checks);
	evidence_clear(&ev);
	return find(r, name);
}

static const struct check *judge(const char *agent, struct verdict_report *r)
{
	return judge_named(agent, NULL, "pci-lu-state:gen1:before-kexec", r);
}

#define ABSENT \
	"{\"gen\":1,\"event\":\"pci-liveupdate\",\"phase\":\"before-kexec\"," \
	"\"absent\":\"this kernel has no /sys/kernel/debug/pci_liveupdate\"}\n"
#define HELLO(api) \
	"{\"gen\":1,\"event\":\"hello\",\"kernel\":\"7.3.4\",\"pci_preservation_api\":\"" api "\"}\n"

/* The posted series shows no bookkeeping; with no console to read its own
 * lines in, that is said, never a vanished check. */
static void a_kernel_without_the_debugfs_file_is_na_not_gone(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = judge(HELLO("posted-series <linux/pci_liveupdate.h>") UNPRESERVED_DMA1 ABSENT, &r);
	assert_non_null(c);
	assert_int_equal(c->status, CHECK_NA);
	assert_non_null(strstr(c->detail, "only lutb's series shows"));
	g_ptr_array_free(r.checks, TRUE);
}

/* lutb's own series must show it: its absence is a failure there. */
static void lutb_series_without_the_debugfs_file_fails(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = judge(HELLO("lutb-series") UNPRESERVED_DMA1 ABSENT, &r);
	assert_non_null(c);
	assert_int_equal(c->status, CHECK_FAIL);
	g_ptr_array_free(r.checks, TRUE);
}

static void the_held_set_follows_the_unpreserve(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = judge(UNPRESERVED_DMA1
		  "{\"gen\":1,\"event\":\"pci-liveupdate\",\"phase\":\"before-kexec\","
		  "\"inherit_buses\":true,\"devices\":[" HELD(DMA0, true, 1) ","
		  HELD(DP0, false, 1) "," HELD(SW0, false, 1) "," HELD(RP0, false, 1) "]}\n", &r);
	assert_int_equal(c->status, CHECK_PASS);
	g_ptr_array_free(r.checks, TRUE);
}

/* The bug the review threads worry about: the walk that drops references
 * stops early and leaves the unpreserved engine's port held. */
static void a_bridge_left_held_is_a_leak(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = judge(UNPRESERVED_DMA1
		  "{\"gen\":1,\"event\":\"pci-liveupdate\",\"phase\":\"before-kexec\","
		  "\"inherit_buses\":true,\"devices\":[" HELD(DMA0, true, 1) ","
		  HELD(DP0, false, 1) "," HELD(SW0, false, 2) "," HELD(RP0, false, 2) ","
		  HELD(DP1, false, 1) "]}\n", &r);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail,
		"rp0 (" RP0 ") has refcount 2, expected 1; rp0/sw0 (" SW0 ") has refcount 2, "
		"expected 1; rp0/sw0/dp1 (" DP1 ") is still held (refcount 1), though nothing "
		"at or below it is preserved: a leaked reference");
	g_ptr_array_free(r.checks, TRUE);
}

static void inheritance_must_be_on_while_anything_is_held(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = judge(UNPRESERVED_DMA1
		  "{\"gen\":1,\"event\":\"pci-liveupdate\",\"phase\":\"before-kexec\","
		  "\"inherit_buses\":false,\"devices\":[" HELD(DMA0, true, 1) ","
		  HELD(DP0, false, 1) "," HELD(SW0, false, 1) "," HELD(RP0, false, 1) "]}\n", &r);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "bus-number inheritance is off while devices are held");
	g_ptr_array_free(r.checks, TRUE);
}

#define IN(bdf, pres, refs) \
	"{\"bdf\":\"" bdf "\",\"dir\":\"incoming\",\"preserved\":" #pres ",\"refcount\":" #refs "}"

/* Kernel A preserved both engines, kernel B retrieved both. */
#define BOTH_RETRIEVED \
	"{\"gen\":1,\"event\":\"luo-preserve\",\"engines\":[" ENG(DMA0, true) "," ENG(DMA1, true) "]}\n" \
	"{\"gen\":1,\"event\":\"pci-liveupdate\",\"phase\":\"before-kexec\"," \
	"\"inherit_buses\":true,\"devices\":[]}\n" \
	"{\"gen\":2,\"event\":\"luo-retrieve\",\"engines\":[" ENG(DMA0, true) "," ENG(DMA1, true) "]}\n"

/*
 * Kernel B retrieved both engines and finished dma0 only: dma1 and its
 * path stay held, inheritance stays on; dma0's port is let go.
 */
static void a_partial_finish_keeps_what_was_not_finished(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = judge_named(BOTH_RETRIEVED
			"{\"gen\":2,\"event\":\"luo-finish\",\"engines\":[" ENG(DMA0, true) "]}\n"
			"{\"gen\":2,\"event\":\"pci-liveupdate\",\"phase\":\"after-finish\","
			"\"inherit_buses\":true,\"devices\":[" IN(DMA1, true, 1) "," IN(DP1, false, 1)
			"," IN(SW0, false, 1) "," IN(RP0, false, 1) "]}\n", NULL,
			"pci-lu-state:gen2:after-finish", &r);
	assert_int_equal(c->status, CHECK_PASS);
	g_ptr_array_free(r.checks, TRUE);
	/* Finishing dma1 too while the kernel still holds it is a leak. */
	c = judge_named(BOTH_RETRIEVED
			"{\"gen\":2,\"event\":\"luo-finish\",\"engines\":[" ENG(DMA0, true) ","
			ENG(DMA1, true) "]}\n"
			"{\"gen\":2,\"event\":\"pci-liveupdate\",\"phase\":\"after-finish\","
			"\"inherit_buses\":true,\"devices\":[" IN(DMA1, true, 1) "]}\n", NULL,
			"pci-lu-state:gen2:after-finish", &r);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "rp0/sw0/dp1/dma1 (" DMA1 ") is still held (refcount 1)"));
	g_ptr_array_free(r.checks, TRUE);
}

#define POSTED HELLO("posted-series <linux/pci_liveupdate.h>")
#define POSTED_GEN2 \
	"{\"gen\":2,\"event\":\"hello\",\"pci_preservation_api\":" \
	"\"posted-series <linux/pci_liveupdate.h>\"}\n"
#define ABSENT_AT(gen, phase) \
	"{\"gen\":" #gen ",\"event\":\"pci-liveupdate\",\"phase\":\"" phase "\"," \
	"\"absent\":\"this kernel has no /sys/kernel/debug/pci_liveupdate\"}\n"
#define BOTH_PRESERVED \
	"{\"gen\":1,\"event\":\"luo-preserve\",\"engines\":[" ENG(DMA0, true) "," ENG(DMA1, true) "]}\n"
#define SAID(drv, bdf, what) "[    1.000000] " drv " " bdf ": Device " what "\n"
#define WILL "will be preserved across next Live Update"
#define NO_LONGER "will no longer be preserved across next Live Update"
#define WAS "was preserved by previous kernel across Live Update"
#define DONE "is finished participating in Live Update"
#define GEN(n) "[    0.000000] Linux version 7.3.4 (lutb) #" #n "\n"
/* Kernel A's log as v7 writes it when lu_dma preserves both engines and
 * then unpreserves dma1: the first reference says "will", the last "no longer". */
#define A_UNPRESERVED_DMA1 \
	GEN(1) SAID("lu_dma", DMA0, WILL) SAID("pcieport", DP0, WILL) SAID("pcieport", SW0, WILL) \
	SAID("pcieport", RP0, WILL) SAID("lu_dma", DMA1, WILL) SAID("pcieport", DP1, WILL) \
	SAID("lu_dma", DMA1, NO_LONGER) SAID("pcieport", DP1, NO_LONGER)

/* The posting's own lines are its state: the outgoing set follows them. */
static void the_posting_log_is_its_outgoing_state(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = judge_named(POSTED UNPRESERVED_DMA1 ABSENT, A_UNPRESERVED_DMA1,
			"pci-lu-state:gen1:before-kexec", &r);
	assert_int_equal(c->status, CHECK_PASS);
	assert_non_null(strstr(c->detail, "4 devices said preserved"));
	g_ptr_array_free(r.checks, TRUE);
}

/* A bridge the posting never says it keeps fails, by name. */
static void a_bridge_the_posting_never_names_fails(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = judge_named(POSTED BOTH_PRESERVED ABSENT,
			GEN(1) SAID("lu_dma", DMA0, WILL) SAID("pcieport", DP0, WILL)
			SAID("pcieport", SW0, WILL) SAID("pcieport", RP0, WILL)
			SAID("lu_dma", DMA1, WILL), "pci-lu-state:gen1:before-kexec", &r);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "in kernel 1's log (the posted series' own lines): "
			    "rp0/sw0/dp1 (" DP1 ") is not said preserved for the next kernel, "
			    "though 1 preserved device is at or below it");
	g_ptr_array_free(r.checks, TRUE);
}

/* Kernel B finds what came in, and after finish holds none of it. */
static void kernel_b_finds_then_finishes(void **state)
{
	static const char log[] = A_UNPRESERVED_DMA1 GEN(2)
		SAID("pci", RP0, WAS) SAID("pci", SW0, WAS) SAID("pci", DP0, WAS)
		SAID("pci", DMA0, WAS) SAID("lu_dma", DMA0, DONE) SAID("pcieport", DP0, DONE)
		SAID("pcieport", SW0, DONE);
	static const char agent[] = POSTED UNPRESERVED_DMA1 ABSENT POSTED_GEN2
		ABSENT_AT(2, "boot") ABSENT_AT(2, "after-finish");
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = judge_named(agent, log, "pci-lu-state:gen2:boot", &r);
	assert_int_equal(c->status, CHECK_PASS);
	g_ptr_array_free(r.checks, TRUE);
	c = judge_named(agent, log, "pci-lu-state:gen2:after-finish", &r);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "in kernel 2's log (the posted series' own lines): "
			    "rp0 (" RP0 ") is found incoming and never finished, though the "
			    "agent finished its sessions");
	g_ptr_array_free(r.checks, TRUE);
}

/* The state at a phase is the log up to the agent's mark of it: what the
 * agent's exit undoes after a failed kexec load was not handed over. */
static void the_log_is_read_up_to_the_agents_mark(void **state)
{
	static const char log[] = GEN(1)
		SAID("lu_dma", DMA0, WILL) SAID("pcieport", DP0, WILL) SAID("pcieport", SW0, WILL)
		SAID("pcieport", RP0, WILL) SAID("lu_dma", DMA1, WILL) SAID("pcieport", DP1, WILL)
		"[    1.100000] lutb-agent: pci-liveupdate phase before-kexec\n"
		SAID("lu_dma", DMA0, NO_LONGER);
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = judge_named(POSTED BOTH_PRESERVED ABSENT, log, "pci-lu-state:gen1:before-kexec", &r);
	assert_int_equal(c->status, CHECK_PASS);
	assert_non_null(strstr(c->detail, "6 devices said preserved"));
	g_ptr_array_free(r.checks, TRUE);
}

/* Another ABI: kernel B finds nothing that kernel A handed over. */
static void kernel_b_that_finds_nothing_fails(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = judge_named(POSTED UNPRESERVED_DMA1 ABSENT POSTED_GEN2 ABSENT_AT(2, "boot"),
			A_UNPRESERVED_DMA1 GEN(2), "pci-lu-state:gen2:boot", &r);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "rp0/sw0/dp0/dma0 (" DMA0 ") is not found incoming"));
	g_ptr_array_free(r.checks, TRUE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_held_set_follows_the_unpreserve),
		cmocka_unit_test(a_kernel_without_the_debugfs_file_is_na_not_gone),
		cmocka_unit_test(lutb_series_without_the_debugfs_file_fails),
		cmocka_unit_test(a_bridge_left_held_is_a_leak),
		cmocka_unit_test(inheritance_must_be_on_while_anything_is_held),
		cmocka_unit_test(a_partial_finish_keeps_what_was_not_finished),
		cmocka_unit_test(the_posting_log_is_its_outgoing_state),
		cmocka_unit_test(a_bridge_the_posting_never_names_fails),
		cmocka_unit_test(kernel_b_finds_then_finishes),
		cmocka_unit_test(kernel_b_that_finds_nothing_fails),
		cmocka_unit_test(the_log_is_read_up_to_the_agents_mark),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
