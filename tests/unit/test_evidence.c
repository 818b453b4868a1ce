// SPDX-License-Identifier: GPL-2.0-only
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "evidence.h"
#include "fixtures.h"

static void console_is_split_at_each_kernel_banner(void **state)
{
	struct evidence ev = { 0 };

	(void)state;
	evidence_parse_console(&ev, CONSOLE_TWO_GENERATIONS);
	assert_int_equal(ev.console->len, 2);
	evidence_clear(&ev);
}

static void luo_retrieval_is_seen_only_in_the_kernel_that_logged_it(void **state)
{
	struct evidence ev = { 0 };
	const struct console_gen *a, *b;

	(void)state;
	evidence_parse_console(&ev, CONSOLE_TWO_GENERATIONS);
	a = g_ptr_array_index(ev.console, 0);
	b = g_ptr_array_index(ev.console, 1);
	assert_false(a->luo_retrieved);
	assert_true(b->luo_retrieved);
	evidence_clear(&ev);
}

static void kernel_warnings_are_collected_per_generation(void **state)
{
	struct evidence ev = { 0 };
	const struct console_gen *b;

	(void)state;
	evidence_parse_console(&ev, CONSOLE_TWO_GENERATIONS
			       "[    1.300000] WARNING: CPU: 0 PID: 1 at drivers/pci/probe.c:42\n");
	b = g_ptr_array_index(ev.console, 1);
	assert_int_equal(b->problems->len, 1);
	assert_non_null(strstr(g_ptr_array_index(b->problems, 0), "drivers/pci/probe.c"));
	evidence_clear(&ev);
}

static void truncated_agent_lines_are_dropped(void **state)
{
	struct evidence ev = { 0 };

	(void)state;
	evidence_parse_agent(&ev, AGENT_TWO_GENERATIONS "{\"event\":\"hel");
	assert_int_equal(ev.agent->len, 6);
	assert_non_null(evidence_agent_find(&ev, 2, "done"));
	assert_null(evidence_agent_find(&ev, 3, "hello"));
	evidence_clear(&ev);
}

static void qmp_transcript_keeps_events_only(void **state)
{
	struct evidence ev = { 0 };

	(void)state;
	evidence_parse_qmp(&ev, QMP_CLEAN_SHUTDOWN);
	assert_int_equal(ev.qmp_events->len, 2);
	assert_non_null(evidence_qmp_find(&ev, "SHUTDOWN"));
	evidence_clear(&ev);
}

/* The posted series' pci_info() lines, by the device name before them. */
static void posted_series_lines_name_their_device(void **state)
{
	struct posted_line l;

	(void)state;
	assert_true(posted_log_parse("[    1.088025] pcieport 0000:02:01.0: Device is finished "
				     "participating in Live Update", &l));
	assert_int_equal(l.said, POSTED_FINISHED);
	assert_string_equal(l.bdf, "0000:02:01.0");
	assert_true(posted_log_parse("pci 0000:0a:1f.7: Device will no longer be preserved "
				     "across next Live Update\r", &l));
	assert_int_equal(l.said, POSTED_NO_LONGER);
	assert_string_equal(l.bdf, "0000:0a:1f.7");
	/* Not pci_info()'s shape: no device name before the message. */
	assert_false(posted_log_parse("lu_dma: Device was preserved by previous kernel across "
				      "Live Update", &l));
	assert_false(posted_log_parse("Device will be preserved across next Live Update!", &l));
	/* The agent's mark of where it read the state. */
	assert_true(posted_log_parse("[    1.100000] lutb-agent: pci-liveupdate phase after-finish",
				     &l));
	assert_int_equal(l.said, POSTED_PHASE_MARK);
	assert_string_equal(l.phase, "after-finish");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(console_is_split_at_each_kernel_banner),
		cmocka_unit_test(luo_retrieval_is_seen_only_in_the_kernel_that_logged_it),
		cmocka_unit_test(kernel_warnings_are_collected_per_generation),
		cmocka_unit_test(truncated_agent_lines_are_dropped),
		cmocka_unit_test(qmp_transcript_keeps_events_only),
		cmocka_unit_test(posted_series_lines_name_their_device),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
