// SPDX-License-Identifier: GPL-2.0-only
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "report_html.h"

#define L(t, rest) "{\"t\":" #t ",\"dev\":\"dma0\",\"ev\":" rest "}\n"

/* An engine stuck behind a cleared Bus Master Enable from 3 s on. */
#define STUCK \
	L(2000000000, "\"start\",\"mode\":\"stream\",\"seq\":0") \
	L(2500000000, "\"heartbeat\",\"seq\":5000,\"ok\":5000,\"blocked\":0,\"streaming\":true") \
	L(3000000000, "\"bme\",\"path_ok\":false,\"by\":\"self\"") \
	L(3000100000, "\"blocked\",\"reason\":\"bme\",\"seq\":10000") \
	L(4000000000, "\"heartbeat\",\"seq\":10000,\"ok\":10000,\"blocked\":9999,\"streaming\":true")

static void load(struct evidence *ev, const char *log)
{
	struct run_device *d;

	memset(ev, 0, sizeof(*ev));
	evidence_parse_console(ev, "");
	d = evidence_add_device(ev, "rp0/sw0/dp0/dma<0>", "dma0", NULL, TRUE, FALSE);
	d->log = log ? ludma_log_parse(log) : NULL;
}

static void the_timeline_draws_progress_and_the_blocked_stretch(void **state)
{
	struct evidence ev;
	g_autofree char *svg = NULL;

	(void)state;
	load(&ev, STUCK);
	svg = report_timeline_svg(&ev);
	assert_non_null(strstr(svg, "<svg "));
	assert_non_null(strstr(svg, "<polyline points=\""));
	assert_non_null(strstr(svg, "class=\"blocked\""));
	assert_non_null(strstr(svg, "BME off: rp0/sw0/dp0/dma&lt;0&gt;"));
	assert_non_null(strstr(svg, "rp0/sw0/dp0/dma&lt;0&gt;"));
	evidence_clear(&ev);
}

static void without_a_dma_log_the_page_says_so(void **state)
{
	struct evidence ev;
	g_autofree char *svg = NULL;

	(void)state;
	load(&ev, NULL);
	svg = report_timeline_svg(&ev);
	assert_null(strstr(svg, "<svg"));
	assert_non_null(strstr(svg, "no timeline"));
	evidence_clear(&ev);
}

static void the_page_lists_checks_and_links_raw_logs(void **state)
{
	struct evidence ev;
	struct verdict_report r = { 0 };
	g_autofree char *html = NULL;

	(void)state;
	load(&ev, STUCK);
	ev.expected_gens = 1;
	checks_judge(&ev, &r);
	html = report_html(&ev, &r, "run <1>");
	assert_non_null(strstr(html, "<title>lutb: run &lt;1&gt;</title>"));
	assert_non_null(strstr(html, "dma-continuity:rp0/sw0/dp0/dma&lt;0&gt;"));
	assert_non_null(strstr(html, "<a href=\"lu-dma-dma0.jsonl\">"));
	assert_non_null(strstr(html, "<a href=\"console.log\">"));
	verdict_report_clear(&r);
	evidence_clear(&ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_timeline_draws_progress_and_the_blocked_stretch),
		cmocka_unit_test(without_a_dma_log_the_page_says_so),
		cmocka_unit_test(the_page_lists_checks_and_links_raw_logs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
