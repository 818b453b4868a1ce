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

static const struct check *judge(const char *agent, struct verdict_report *r)
{
	struct evidence ev;

	load(&ev, agent, NULL);
	r->checks = g_ptr_array_new();
	checks_pci_lu(&ev, r->checks);
	evidence_clear(&ev);
	return find(r, "pci-lu-state:gen1:before-kexec");
}

#define ABSENT \
	"{\"gen\":1,\"event\":\"pci-liveupdate\",\"phase\":\"before-kexec\"," \
	"\"absent\":\"this kernel has no /sys/kernel/debug/pci_liveupdate\"}\n"
#define HELLO(api) \
	"{\"gen\":1,\"event\":\"hello\",\"kernel\":\"7.3.4\",\"pci_preservation_api\":\"" api "\"}\n"

/* The posted series shows no bookkeeping: said, never a vanished check. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_held_set_follows_the_unpreserve),
		cmocka_unit_test(a_kernel_without_the_debugfs_file_is_na_not_gone),
		cmocka_unit_test(lutb_series_without_the_debugfs_file_fails),
		cmocka_unit_test(a_bridge_left_held_is_a_leak),
		cmocka_unit_test(inheritance_must_be_on_while_anything_is_held),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
