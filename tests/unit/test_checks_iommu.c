// SPDX-License-Identifier: GPL-2.0-only
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "check_helpers.h"

#include "checks_iommu.h"

#define L(t, rest) "{\"t\":" #t ",\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":" rest "}\n"

#define STARTED \
	L(2000000000, "\"start\",\"mode\":\"stream\",\"period_ns\":100000,\"seq\":0") \
	L(2000100000, "\"xlat\",\"iova\":\"0xfffff000\",\"gpa\":\"0x3e000000\",\"old\":null,\"seq\":0")

/* Passthrough, kept across the kexec: the ring lands where it did. */
#define CLEAN STARTED \
	L(3000000000, "\"heartbeat\",\"seq\":10000,\"ok\":10000,\"blocked\":0,\"iommu_faults\":0,\"streaming\":true")

/* A renumbered bus: the IOMMU has no root entry for the new requester ID. */
#define RENUMBERED STARTED \
	L(3000000000, "\"rid\",\"old\":\"0x0300\",\"new\":\"0x0500\"") \
	L(3000000100, "\"iommu-fault\",\"iommu\":\"intel-iommu\",\"addr\":\"0xfffff020\",\"rid\":\"0x0500\",\"reason\":1,\"why\":\"root entry not present\",\"dir\":\"write\",\"seq\":10001") \
	L(3000100100, "\"iommu-fault\",\"iommu\":\"intel-iommu\",\"addr\":\"0xfffff020\",\"rid\":\"0x0500\",\"reason\":1,\"why\":\"root entry not present\",\"dir\":\"write\",\"seq\":10001") \
	L(4000000000, "\"heartbeat\",\"seq\":10001,\"ok\":10001,\"blocked\":9999,\"iommu_faults\":9999,\"streaming\":true")

/* Translation turned off at the kexec: the IOVA is taken for an address. */
#define STALE STARTED \
	L(3000000000, "\"xlat\",\"iova\":\"0xfffff000\",\"gpa\":\"0xfffff000\",\"old\":\"0x3e000000\",\"seq\":640")

/* The guest starting a new ring is not a move. */
#define RESTARTED STARTED \
	L(3000000000, "\"start\",\"mode\":\"stream\",\"period_ns\":100000,\"seq\":0") \
	L(3000100000, "\"xlat\",\"iova\":\"0xffffe000\",\"gpa\":\"0x3f000000\",\"old\":\"0x3e000000\",\"seq\":0")

static void judge_on(const char *iommu, const char *log, enum guest_role role,
		     struct verdict_report *r)
{
	struct evidence ev = { 0 };
	struct run_device *d;

	evidence_parse_console(&ev, "");
	ev.expected_gens = 2;
	ev.spec.iommu = g_strdup(iommu);
	d = evidence_add_device(&ev, "rp0/sw0/dp0/dma0", "rp0.sw0.dp0.dma0", "lu-dma",
				TRUE, TRUE);
	d->role = role;
	d->log = ludma_log_parse(log);
	r->checks = g_ptr_array_new();
	checks_iommu(&ev, r->checks);
	evidence_clear(&ev);
}

static void judge(const char *log, struct verdict_report *r)
{
	judge_on("intel", log, ROLE_PRESERVED, r);
}

static void a_clean_run_passes_both(void **state)
{
	struct verdict_report r = { 0 };

	(void)state;
	judge(CLEAN, &r);
	assert_int_equal(find(&r, "iommu-faults:rp0/sw0/dp0/dma0")->status, CHECK_PASS);
	assert_int_equal(find(&r, "dma-target:rp0/sw0/dp0/dma0")->status, CHECK_PASS);
	assert_non_null(strstr(find(&r, "dma-target:rp0/sw0/dp0/dma0")->detail,
			       "0xfffff000 reached 0x3e000000 throughout"));
}

static void a_fault_names_the_requester_and_the_reason(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(RENUMBERED, &r);
	c = find(&r, "iommu-faults:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail,
			    "9999 IOMMU faults; the first at 3000.000 ms: intel-iommu refused a write of 0xfffff020 from requester ID 05:00.0: root entry not present (reason 0x1)");
	assert_string_equal(c->old_value, "05:00.0");
}

static void a_moved_ring_is_dma_to_a_stale_address(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(STALE, &r);
	c = find(&r, "dma-target:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "reached 0x3e000000, then 0xfffff000"));
	assert_int_equal(find(&r, "iommu-faults:rp0/sw0/dp0/dma0")->status, CHECK_PASS);
}

static void a_new_stream_starts_a_new_target(void **state)
{
	struct verdict_report r = { 0 };

	(void)state;
	judge(RESTARTED, &r);
	assert_int_equal(find(&r, "dma-target:rp0/sw0/dp0/dma0")->status, CHECK_PASS);
}

static void no_iommu_no_checks(void **state)
{
	struct verdict_report r = { 0 };

	(void)state;
	judge_on(NULL, RENUMBERED, ROLE_PRESERVED, &r);
	assert_int_equal(r.checks->len, 0);
}

/* An engine kernel A let go is shut down, not judged on its DMA. */
static void an_unpreserved_engine_is_not_judged(void **state)
{
	struct verdict_report r = { 0 };

	(void)state;
	judge_on("intel", RENUMBERED, ROLE_UNPRESERVED, &r);
	assert_int_equal(r.checks->len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_clean_run_passes_both),
		cmocka_unit_test(a_fault_names_the_requester_and_the_reason),
		cmocka_unit_test(a_moved_ring_is_dma_to_a_stale_address),
		cmocka_unit_test(a_new_stream_starts_a_new_target),
		cmocka_unit_test(no_iommu_no_checks),
		cmocka_unit_test(an_unpreserved_engine_is_not_judged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
