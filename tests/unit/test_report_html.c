// SPDX-License-Identifier: GPL-2.0-only
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
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

/* The page of the stuck engine, judged as a one-generation run. */
static char *judged_page(struct evidence *ev, struct verdict_report *r, const char *title)
{
	load(ev, STUCK);
	ev->expected_gens = 1;
	checks_judge(ev, r);
	return report_html(ev, r, title);
}

static void the_page_lists_checks_and_links_raw_logs(void **state)
{
	struct evidence ev;
	struct verdict_report r = { 0 };
	g_autofree char *html = NULL;

	(void)state;
	html = judged_page(&ev, &r, "run <1>");
	assert_non_null(strstr(html, "<title>lutb: run &lt;1&gt;</title>"));
	assert_non_null(strstr(html, "dma-continuity:rp0/sw0/dp0/dma&lt;0&gt;"));
	assert_non_null(strstr(html, "<a href=\"lu-dma-dma0.jsonl\">"));
	assert_non_null(strstr(html, "<a href=\"console.log\">"));
	verdict_report_clear(&r);
	evidence_clear(&ev);
}

/* The failures come first, before the timeline, with the device's path. */
static void the_page_shows_the_failed_checks_first(void **state)
{
	struct evidence ev;
	struct verdict_report r = { 0 };
	g_autofree char *html = NULL;
	const char *failed, *timeline;

	(void)state;
	html = judged_page(&ev, &r, "run");
	failed = strstr(html, "<table id=\"failed\">");
	timeline = strstr(html, "<h2>Timeline</h2>");
	assert_non_null(failed);
	assert_non_null(timeline);
	assert_true(failed < timeline);
	assert_non_null(strstr(failed, "<td class=\"fail\">dma-continuity</td>"
			       "<td>rp0/sw0/dp0/dma&lt;0&gt;</td><td>DMA blocked (bme)"));
	verdict_report_clear(&r);
	evidence_clear(&ev);
}

static void a_passing_run_has_no_failed_section(void **state)
{
	struct evidence ev;
	struct verdict_report r = { 0 };
	g_autofree char *html = NULL;

	(void)state;
	load(&ev, STUCK);
	r.checks = g_ptr_array_new();
	html = report_html(&ev, &r, "run");
	assert_null(strstr(html, "Failed checks"));
	g_ptr_array_unref(r.checks);
	evidence_clear(&ev);
}

/* The y of the <text> element whose content is @text, or -1. */
static int label_y_of(const char *svg, const char *text)
{
	const char *at = strstr(svg, text);

	if (!at)
		return -1;
	while (at > svg && strncmp(at, " y=\"", 4))
		at--;
	return atoi(at + 4);
}

/* label()'s rows in report_html.c. */
#define LABEL_ROWS 4
#define LABEL_ROW_HEIGHT 11

/* The y of the time axis's tick labels ("1 s"). */
static int tick_y_of(const char *svg)
{
	return label_y_of(svg, " s</text>");
}

/* Two marks 1 ms apart would print their labels on top of each other. */
static void labels_of_close_marks_take_different_rows(void **state)
{
	struct evidence ev;
	g_autofree char *svg = NULL;
	int y1, y2;

	(void)state;
	load(&ev, STUCK L(3001000000, "\"bme\",\"path_ok\":false,\"by\":\"dp0\""));
	svg = report_timeline_svg(&ev);
	y1 = label_y_of(svg, ">BME off: rp0/sw0/dp0/dma&lt;0&gt;<");
	y2 = label_y_of(svg, ">BME off: dp0<");
	assert_int_not_equal(y1, -1);
	assert_int_not_equal(y2, -1);
	assert_int_not_equal(y1, y2);
	evidence_clear(&ev);
}

/* A label at the right edge ends at its mark instead of leaving the plot. */
static void a_label_at_the_right_edge_ends_at_its_mark(void **state)
{
	struct evidence ev;
	g_autofree char *svg = NULL;

	(void)state;
	load(&ev, STUCK L(4000000000, "\"bme\",\"path_ok\":false,\"by\":\"dp9\""));
	svg = report_timeline_svg(&ev);
	assert_non_null(strstr(svg, "text-anchor=\"end\">BME off: dp9<"));
	assert_null(strstr(svg, "text-anchor=\"end\">BME off: rp0"));
	evidence_clear(&ev);
}

/* The agent's marks: gen1 up, kexec, gen2 up, retrieved, finished. */
#define PHASES \
	L(1000000000, "\"mark\",\"value\":257") L(2900000000, "\"mark\",\"value\":260") \
	L(3200000000, "\"mark\",\"value\":513") L(3300000000, "\"mark\",\"value\":514") \
	L(3310000000, "\"mark\",\"value\":515")

static void the_update_s_phases_are_bands_with_labels(void **state)
{
	struct evidence ev;
	g_autofree char *svg = NULL;
	const char *kexec, *gen2;

	(void)state;
	load(&ev, STUCK PHASES);
	svg = report_timeline_svg(&ev);
	kexec = strstr(svg, "class=\"phase phase-kexec\"");
	assert_non_null(kexec);
	assert_non_null(strstr(svg, "class=\"mark\">gen1 up<"));
	gen2 = strstr(svg, "class=\"mark\">gen2 up<");
	assert_non_null(gen2);
	assert_non_null(strstr(svg, ">retrieved<"));
	assert_non_null(strstr(svg, ">finished<"));
	/* retrieved and finished are 10 ms apart: their labels take two rows. */
	assert_int_not_equal(label_y_of(svg, ">retrieved<"), label_y_of(svg, ">finished<"));
	/* Even a label in the last row a phase can take clears the tick labels. */
	assert_true(label_y_of(svg, ">gen1 up<") + (LABEL_ROWS - 1) * LABEL_ROW_HEIGHT + 8 <=
		    tick_y_of(svg));
	/* Bands come first, so that the lanes draw over them. */
	assert_true(kexec < strstr(svg, "<polyline"));
	evidence_clear(&ev);
}

static void without_marks_there_are_no_bands(void **state)
{
	struct evidence ev;
	g_autofree char *svg = NULL;

	(void)state;
	load(&ev, STUCK);
	svg = report_timeline_svg(&ev);
	assert_null(strstr(svg, "class=\"phase"));
	evidence_clear(&ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_timeline_draws_progress_and_the_blocked_stretch),
		cmocka_unit_test(without_a_dma_log_the_page_says_so),
		cmocka_unit_test(the_page_lists_checks_and_links_raw_logs),
		cmocka_unit_test(the_page_shows_the_failed_checks_first),
		cmocka_unit_test(a_passing_run_has_no_failed_section),
		cmocka_unit_test(labels_of_close_marks_take_different_rows),
		cmocka_unit_test(a_label_at_the_right_edge_ends_at_its_mark),
		cmocka_unit_test(the_update_s_phases_are_bands_with_labels),
		cmocka_unit_test(without_marks_there_are_no_bands),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
