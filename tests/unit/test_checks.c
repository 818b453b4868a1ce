// SPDX-License-Identifier: GPL-2.0-only
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "checks.h"
#include "fixtures.h"

static void load(struct evidence *ev, const char *console, const char *agent,
		 const char *qmp)
{
	memset(ev, 0, sizeof(*ev));
	ev->expected_gens = 2;
	ev->run.end = RUN_END_EXITED;
	ev->run.exited = TRUE;
	evidence_parse_console(ev, console);
	evidence_parse_agent(ev, agent);
	evidence_parse_qmp(ev, qmp);
}

static enum check_status status_of(const struct verdict_report *r, const char *name)
{
	const struct check *c = verdict_report_find(r, name);

	assert_non_null(c);
	return c->status;
}

static void a_clean_live_update_passes(void **state)
{
	struct evidence ev;
	struct verdict_report r = { 0 };

	(void)state;
	load(&ev, CONSOLE_TWO_GENERATIONS, AGENT_TWO_GENERATIONS, QMP_CLEAN_SHUTDOWN);
	checks_judge(&ev, &r);
	assert_int_equal(r.verdict, VERDICT_PASS);
	assert_int_equal(status_of(&r, "luo-retrieved-gen2"), CHECK_PASS);
	verdict_report_clear(&r);
	evidence_clear(&ev);
}

static void kernel_b_without_luo_data_fails(void **state)
{
	struct evidence ev;
	struct verdict_report r = { 0 };
	g_autofree char *console = g_strdup(CONSOLE_TWO_GENERATIONS);
	char *luo = strstr(console, "luo: Retrieved");

	(void)state;
	luo[0] = 'X';
	load(&ev, console, AGENT_TWO_GENERATIONS, QMP_CLEAN_SHUTDOWN);
	checks_judge(&ev, &r);
	assert_int_equal(r.verdict, VERDICT_FAIL);
	assert_int_equal(status_of(&r, "luo-retrieved-gen2"), CHECK_FAIL);
	verdict_report_clear(&r);
	evidence_clear(&ev);
}

static void an_agent_error_fails_the_kexec_with_its_message(void **state)
{
	struct evidence ev;
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	load(&ev, CONSOLE_TWO_GENERATIONS,
	     "{\"event\":\"hello\",\"gen\":1,\"kernel\":\"7.3.4\"}\n"
	     "{\"event\":\"error\",\"gen\":1,\"step\":\"kexec-load\",\"message\":\"kexec failed\"}\n",
	     QMP_CLEAN_SHUTDOWN);
	checks_judge(&ev, &r);
	c = verdict_report_find(&r, "kexec-into-gen2");
	assert_non_null(c);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "kexec failed"));
	assert_int_equal(r.verdict, VERDICT_FAIL);
	verdict_report_clear(&r);
	evidence_clear(&ev);
}

static void a_hung_guest_is_a_timeout_not_a_fail(void **state)
{
	struct evidence ev;
	struct verdict_report r = { 0 };

	(void)state;
	load(&ev, CONSOLE_TWO_GENERATIONS, "", "");
	ev.run.end = RUN_END_TIMEOUT;
	checks_judge(&ev, &r);
	assert_int_equal(r.verdict, VERDICT_TIMEOUT);
	verdict_report_clear(&r);
	evidence_clear(&ev);
}

static void a_panicking_guest_is_a_crash(void **state)
{
	struct evidence ev;
	struct verdict_report r = { 0 };

	(void)state;
	load(&ev, CONSOLE_TWO_GENERATIONS "[ 1.0] Kernel panic - not syncing: boom\n",
	     AGENT_TWO_GENERATIONS, "");
	ev.run.guest_panicked = TRUE;
	checks_judge(&ev, &r);
	assert_int_equal(r.verdict, VERDICT_CRASHED);
	assert_int_equal(status_of(&r, "no-kernel-errors:gen2"), CHECK_FAIL);
	assert_int_equal(status_of(&r, "no-kernel-errors:gen1"), CHECK_PASS);
	verdict_report_clear(&r);
	evidence_clear(&ev);
}

/* Kernel A's expected warning does not hide kernel B's. */
static void each_kernels_errors_are_a_check_of_their_own(void **state)
{
	struct evidence ev;
	struct verdict_report r = { 0 };

	(void)state;
	load(&ev, "[    0.000000] Linux version 7.3.4 #1\n"
	     "[    1.0] WARNING: at pci_lu_unpreserve_path+0x10/0x80\n"
	     "[    0.000000] Linux version 7.3.4 #1\n"
	     "[    1.0] BUG: kernel NULL pointer dereference, address: 0000000000000008\n",
	     AGENT_TWO_GENERATIONS, "");
	checks_judge(&ev, &r);
	assert_int_equal(status_of(&r, "no-kernel-errors:gen1"), CHECK_FAIL);
	assert_int_equal(status_of(&r, "no-kernel-errors:gen2"), CHECK_FAIL);
	assert_non_null(strstr(verdict_report_find(&r, "no-kernel-errors:gen2")->detail,
			       "BUG: kernel NULL pointer"));
	verdict_report_clear(&r);
	evidence_clear(&ev);
}

/* Early panics come before pvpanic's driver: QEMU sees only a reset. */
static void a_panic_on_the_console_is_a_crash_without_pvpanic(void **state)
{
	struct evidence ev;
	struct verdict_report r = { 0 };

	(void)state;
	load(&ev, CONSOLE_TWO_GENERATIONS
	     "[    0.872854] Kernel panic - not syncing: DMAR hardware is malfunctioning\n",
	     AGENT_TWO_GENERATIONS, "");
	checks_judge(&ev, &r);
	assert_int_equal(r.verdict, VERDICT_CRASHED);
	assert_string_equal(r.summary, "generation 2's kernel panicked: "
			    "Kernel panic - not syncing: DMAR hardware is malfunctioning");
	verdict_report_clear(&r);
	evidence_clear(&ev);
}

static void a_setup_error_has_no_checks(void **state)
{
	struct evidence ev;
	struct verdict_report r = { 0 };

	(void)state;
	load(&ev, "", "", "");
	ev.run.end = RUN_END_SETUP_ERROR;
	ev.run.setup_error = g_strdup("starting QEMU: no such file");
	checks_judge(&ev, &r);
	assert_int_equal(r.verdict, VERDICT_SETUP_ERROR);
	assert_int_equal(r.checks->len, 0);
	assert_string_equal(r.summary, "starting QEMU: no such file");
	verdict_report_clear(&r);
	evidence_clear(&ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_clean_live_update_passes),
		cmocka_unit_test(kernel_b_without_luo_data_fails),
		cmocka_unit_test(an_agent_error_fails_the_kexec_with_its_message),
		cmocka_unit_test(a_hung_guest_is_a_timeout_not_a_fail),
		cmocka_unit_test(a_panicking_guest_is_a_crash),
		cmocka_unit_test(each_kernels_errors_are_a_check_of_their_own),
		cmocka_unit_test(a_panic_on_the_console_is_a_crash_without_pvpanic),
		cmocka_unit_test(a_setup_error_has_no_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
