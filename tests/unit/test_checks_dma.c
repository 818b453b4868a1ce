// SPDX-License-Identifier: GPL-2.0-only
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "check_helpers.h"

#include "checks_dma.h"

#define L(t, rest) "{\"t\":" #t ",\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":" rest "}\n"

#define STARTED \
	L(0, "\"reset\",\"kind\":\"system\",\"by\":null,\"was_running\":false,\"seq\":0") \
	L(1, "\"bar\",\"bar\":0,\"old\":null,\"new\":\"0xfe200000\"") \
	L(2000000000, "\"rid\",\"old\":null,\"new\":\"0x0300\"") \
	L(2000000000, "\"start\",\"mode\":\"stream\",\"period_ns\":100000,\"seq\":0")

/* Patched kernels: the engine runs through the kexec. */
#define CLEAN STARTED \
	L(2010000000, "\"heartbeat\",\"seq\":100,\"ok\":100,\"blocked\":0,\"streaming\":true") \
	L(4000000000, "\"heartbeat\",\"seq\":20000,\"ok\":20000,\"blocked\":0,\"streaming\":true") \
	L(4100000000, "\"stop\",\"mode\":\"stream\",\"seq\":21000")

/* Stock kernels: kexec clears Bus Master Enable, the engine is stuck. */
#define STOCK STARTED \
	L(3000000000, "\"bme\",\"path_ok\":false,\"by\":\"self\"") \
	L(3000100000, "\"blocked\",\"reason\":\"bme\",\"addr\":\"0x1000\",\"dir\":\"write\",\"seq\":10000") \
	L(3000200000, "\"bme\",\"path_ok\":false,\"by\":\"rp0.sw0.dp0\",\"by_bdf\":\"0000:02:00.0\"") \
	L(4000000000, "\"heartbeat\",\"seq\":10000,\"ok\":10000,\"blocked\":9999,\"streaming\":true")

static struct run_device *engine(struct evidence *ev, const char *log)
{
	struct run_device *d = evidence_add_device(ev, "rp0/sw0/dp0/dma0", "rp0.sw0.dp0.dma0",
						   "lu-dma", TRUE, TRUE);

	d->role = ROLE_PRESERVED;
	d->log = log ? ludma_log_parse(log) : NULL;
	return d;
}

static void bridge(struct evidence *ev)
{
	struct run_device *d = evidence_add_device(ev, "rp0/sw0/dp0", "rp0.sw0.dp0",
						   "xio3130-downstream", FALSE, FALSE);

	d->role = ROLE_PATH;
}

/* Judges the engine across a kexec, in the role kernel A gave it. */
static void judge_as(const char *log, enum guest_role role, struct verdict_report *r)
{
	struct evidence ev = { 0 };
	struct run_device *d;

	evidence_parse_console(&ev, "");
	ev.expected_gens = 2;
	bridge(&ev);
	d = engine(&ev, log);
	d->role = role;
	r->checks = g_ptr_array_new();
	checks_dma(&ev, r->checks);
	evidence_clear(&ev);
}

static void judge(const char *log, struct verdict_report *r)
{
	judge_as(log, ROLE_PRESERVED, r);
}

static void an_engine_that_ran_through_passes_everything(void **state)
{
	struct verdict_report r = { 0 };

	(void)state;
	judge(CLEAN, &r);
	assert_int_equal(find(&r, "dma-continuity:rp0/sw0/dp0/dma0")->status, CHECK_PASS);
	assert_int_equal(find(&r, "bus-master-path:rp0/sw0/dp0/dma0")->status, CHECK_PASS);
	assert_int_equal(find(&r, "requester-id:rp0/sw0/dp0/dma0")->status, CHECK_PASS);
	assert_int_equal(find(&r, "bar-stable:rp0/sw0/dp0/dma0")->status, CHECK_PASS);
}

static void bus_master_cleared_at_kexec_fails_continuity_and_path(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(STOCK, &r);
	c = find(&r, "dma-continuity:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "blocked (bme)"));
	c = find(&r, "bus-master-path:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "rp0/sw0/dp0/dma0 cleared Bus Master Enable at 3000.000 ms; "
			    "then rp0/sw0/dp0 (0000:02:00.0) cleared Bus Master Enable at 3000.200 ms");
	assert_int_equal(find(&r, "requester-id:rp0/sw0/dp0/dma0")->status, CHECK_PASS);
}

static void a_bridge_that_drops_bus_master_is_named_by_its_path(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(STARTED L(3000000000, "\"bme\",\"path_ok\":false,\"by\":\"rp0.sw0.dp0\",\"by_bdf\":\"0000:02:00.0\""),
	      &r);
	c = find(&r, "bus-master-path:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "rp0/sw0/dp0 (0000:02:00.0) cleared"));
}

/*
 * The guest cleared the port's bit, then the root port's, with no DMA tick
 * between: the sampled path event sees only the nearest blocker, the
 * bme-bit lines give both, in the guest's order.
 */
static void every_bus_master_write_is_named_in_the_guests_order(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(STARTED
	      L(3000000000, "\"bme-bit\",\"who\":\"rp0.sw0.dp0\",\"bdf\":\"0000:02:00.0\",\"set\":false")
	      L(3000000000, "\"bme\",\"path_ok\":false,\"by\":\"rp0.sw0.dp0\",\"by_bdf\":\"0000:02:00.0\"")
	      L(3000050000, "\"bme-bit\",\"who\":\"rp0\",\"bdf\":\"0000:00:02.0\",\"set\":false")
	      L(3000060000, "\"bme-bit\",\"who\":\"rp0\",\"bdf\":\"0000:00:02.0\",\"set\":true"),
	      &r);
	c = find(&r, "bus-master-path:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "rp0/sw0/dp0 (0000:02:00.0) cleared Bus Master Enable at 3000.000 ms; "
			    "then rp0 (0000:00:02.0) cleared Bus Master Enable at 3000.050 ms");
}

static void a_reset_after_start_fails_continuity_with_its_cause(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(STARTED L(3000000000, "\"reset\",\"kind\":\"secondary-bus\",\"by\":\"rp0.sw0.dp0\",\"was_running\":true,\"seq\":10000"),
	      &r);
	c = find(&r, "dma-continuity:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "reset (secondary-bus by rp0/sw0/dp0)"));
}

static void an_engine_error_fails_continuity_naming_it(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(CLEAN L(4200000000, "\"error\",\"what\":\"bad ring\",\"ring\":\"0x0\",\"entries\":3"),
	      &r);
	c = find(&r, "dma-continuity:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "refused what the guest programmed (bad ring)"));
	verdict_report_clear(&r);
}

static void renumbering_changes_the_requester_id(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(STARTED L(3000000000, "\"rid\",\"old\":\"0x0300\",\"new\":\"0x0600\""), &r);
	c = find(&r, "requester-id:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "03:00.0 -> 06:00.0"));
}

static void a_long_stop_is_a_gap_but_a_final_stop_is_not(void **state)
{
	struct verdict_report r = { 0 };
	struct verdict_report r2 = { 0 };

	(void)state;
	judge(STARTED L(3000000000, "\"stop\",\"mode\":\"stream\",\"seq\":1")
	      L(3600000000, "\"start\",\"mode\":\"stream\",\"seq\":1"), &r);
	assert_int_equal(find(&r, "dma-continuity:rp0/sw0/dp0/dma0")->status, CHECK_FAIL);
	judge(STARTED L(3000000000, "\"stop\",\"mode\":\"stream\",\"seq\":1")
	      L(9000000000, "\"heartbeat\",\"seq\":1,\"ok\":1,\"blocked\":0,\"streaming\":false"), &r2);
	assert_int_equal(find(&r2, "dma-continuity:rp0/sw0/dp0/dma0")->status, CHECK_PASS);
}

/*
 * A stop the run went on after (the agent marked later phases on the
 * engine) ended the DMA a preserved engine should have kept up: kernel A
 * unbinding its driver before the kexec, say.
 */
static void a_stop_the_run_went_on_after_fails(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(L(1000000000, "\"mark\",\"value\":257") STARTED
	      L(3000000000, "\"stop\",\"mode\":\"stream\",\"seq\":1")
	      L(3100000000, "\"mark\",\"value\":260")
	      L(5000000000, "\"mark\",\"value\":513"), &r);
	c = find(&r, "dma-continuity:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "the guest stopped the stream at 3000.000 ms (record 1) in "
			    "generation 1 after its 'up' mark and never started it again, while "
			    "the run went on");
}

static void bar_sizing_is_not_a_move_but_a_new_address_is(void **state)
{
	struct verdict_report r = { 0 }, r2 = { 0 };
	const struct check *c;

	(void)state;
	judge(L(1, "\"bar\",\"bar\":2,\"old\":null,\"new\":\"0xfea00000\"")
	      STARTED
	      L(3000000000, "\"bar\",\"bar\":2,\"old\":\"0xfea00000\",\"new\":null")
	      L(3000000100, "\"bar\",\"bar\":2,\"old\":null,\"new\":\"0xfea00000\""), &r);
	c = find(&r, "bar-stable:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_PASS);
	assert_non_null(strstr(c->detail, "1 transient unmaps"));
	judge(L(1, "\"bar\",\"bar\":2,\"old\":null,\"new\":\"0xfea00000\"")
	      STARTED
	      L(3000000000, "\"bar\",\"bar\":2,\"old\":\"0xfea00000\",\"new\":null")
	      L(3000000100, "\"bar\",\"bar\":2,\"old\":null,\"new\":\"0xfe000000\""), &r2);
	c = find(&r2, "bar-stable:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "BAR2 moved 0xfea00000 -> 0xfe000000"));
}

/* 10 ms between heartbeats but only 10 records at 100 us: a 9 ms gap. */
static void heartbeats_bound_a_gap_the_log_did_not_see(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(STARTED
	      L(2000000000, "\"heartbeat\",\"seq\":0,\"ok\":0,\"blocked\":0,\"streaming\":true")
	      L(2010000000, "\"heartbeat\",\"seq\":10,\"ok\":10,\"blocked\":0,\"streaming\":true"),
	      &r);
	c = find(&r, "dma-continuity:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_PASS);
	assert_non_null(strstr(c->detail, "largest gap at most 9.100 ms"));
}

static void an_engine_never_started_is_not_applicable(void **state)
{
	struct verdict_report r = { 0 };

	(void)state;
	judge(L(0, "\"realize\""), &r);
	assert_int_equal(find(&r, "dma-continuity:rp0/sw0/dp0/dma0")->status, CHECK_NA);
}

/* A stream with no requester ID or BAR in QEMU's log proved nothing. */
static void a_stream_without_rid_or_bar_events_fails(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(L(0, "\"reset\",\"kind\":\"system\",\"by\":null,\"was_running\":false,\"seq\":0")
	      L(2000000000, "\"start\",\"mode\":\"stream\",\"period_ns\":100000,\"seq\":0")
	      L(4000000000, "\"heartbeat\",\"seq\":20000,\"ok\":20000,\"blocked\":0,\"streaming\":true"),
	      &r);
	c = find(&r, "requester-id:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "lu-dma logged no requester ID, though the engine "
			    "streamed: nothing to hold it to");
	c = find(&r, "bar-stable:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "lu-dma logged no BAR mapped, though the engine "
			    "streamed: nothing to hold the BARs to");
	g_ptr_array_free(r.checks, TRUE);
}

/* The agent saying it started the stream is not QEMU seeing it start. */
static void a_start_only_the_agent_saw_fails(void **state)
{
	struct evidence ev = { 0 };
	struct verdict_report r = { 0 };
	struct run_device *d;

	(void)state;
	evidence_parse_console(&ev, "");
	evidence_parse_agent(&ev, "{\"gen\":1,\"event\":\"dma-start\",\"engines\":"
			     "[{\"bdf\":\"0000:03:00.0\",\"ok\":true}]}\n");
	ev.expected_gens = 2;
	d = engine(&ev, L(0, "\"realize\""));
	d->bdf1 = g_strdup("0000:03:00.0");
	r.checks = g_ptr_array_new();
	checks_dma(&ev, r.checks);
	evidence_clear(&ev);
	assert_int_equal(find(&r, "dma-continuity:rp0/sw0/dp0/dma0")->status, CHECK_FAIL);
	assert_string_equal(find(&r, "dma-continuity:rp0/sw0/dp0/dma0")->detail,
			    "the agent says kernel 1 started rp0/sw0/dp0/dma0's stream, but "
			    "lu-dma logged no stream start");
	g_ptr_array_free(r.checks, TRUE);
}

/* Kernel A let the engine go: the normal shutdown must stop its DMA. */
static void an_unpreserved_engine_must_lose_bus_master(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge_as(STOCK, ROLE_UNPRESERVED, &r);
	c = find(&r, "bus-master-cleared:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_PASS);
	assert_null(verdict_report_find(&r, "dma-continuity:rp0/sw0/dp0/dma0"));
	g_ptr_array_free(r.checks, TRUE);

	judge_as(CLEAN, ROLE_UNPRESERVED, &r);
	c = find(&r, "bus-master-cleared:rp0/sw0/dp0/dma0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "unpreserved by kernel 1, yet Bus Master Enable stayed "
			    "set on rp0/sw0/dp0/dma0 and its path through the kexec");
	g_ptr_array_free(r.checks, TRUE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_unpreserved_engine_must_lose_bus_master),
		cmocka_unit_test(an_engine_that_ran_through_passes_everything),
		cmocka_unit_test(bus_master_cleared_at_kexec_fails_continuity_and_path),
		cmocka_unit_test(a_bridge_that_drops_bus_master_is_named_by_its_path),
		cmocka_unit_test(every_bus_master_write_is_named_in_the_guests_order),
		cmocka_unit_test(a_reset_after_start_fails_continuity_with_its_cause),
		cmocka_unit_test(an_engine_error_fails_continuity_naming_it),
		cmocka_unit_test(renumbering_changes_the_requester_id),
		cmocka_unit_test(a_long_stop_is_a_gap_but_a_final_stop_is_not),
		cmocka_unit_test(a_stop_the_run_went_on_after_fails),
		cmocka_unit_test(bar_sizing_is_not_a_move_but_a_new_address_is),
		cmocka_unit_test(heartbeats_bound_a_gap_the_log_did_not_see),
		cmocka_unit_test(an_engine_never_started_is_not_applicable),
		cmocka_unit_test(a_stream_without_rid_or_bar_events_fails),
		cmocka_unit_test(a_start_only_the_agent_saw_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
