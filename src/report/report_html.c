// SPDX-License-Identifier: GPL-2.0-only
#include "report_html.h"

#include <math.h>
#include <string.h>

#include "markup.h"
#include "report_fabric.h"
#include "rundir.h"

#define SVG_WIDTH 960
#define LANE_HEIGHT 110
#define LEFT 150
#define RIGHT 20
#define TOP 30

static gboolean engine_has_log(const struct run_device *d)
{
	return d->spec->lu_dma && d->log && d->log->events->len;
}

/* The virtual-time window every lane shares. */
static void time_range(const struct evidence *ev, gint64 *t0, gint64 *t1)
{
	*t0 = G_MAXINT64;
	*t1 = 0;
	for (guint i = 0; i < ev->devices->len; i++) {
		const struct run_device *d = g_ptr_array_index(ev->devices, i);
		const struct ludma_event *first, *last;

		if (!engine_has_log(d))
			continue;
		first = g_ptr_array_index(d->log->events, 0);
		last = g_ptr_array_index(d->log->events, d->log->events->len - 1);
		*t0 = MIN(*t0, first->t);
		*t1 = MAX(*t1, last->t);
	}
	if (*t1 <= *t0)
		*t1 = *t0 + 1;
}

static double x_of(gint64 t, gint64 t0, gint64 t1)
{
	return LEFT + (double)(t - t0) * (SVG_WIDTH - LEFT - RIGHT) / (double)(t1 - t0);
}

static void time_axis(GString *svg, gint64 t0, gint64 t1, int height)
{
	double span_s = (double)(t1 - t0) / 1e9;
	double step = pow(10, floor(log10(MAX(span_s, 1e-6)))) ;

	if (span_s / step < 4)
		step /= 2;
	for (double s = ceil(t0 / 1e9 / step) * step; s * 1e9 <= t1; s += step) {
		double x = x_of((gint64)(s * 1e9), t0, t1);

		markup_appendf(svg, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"grid\"/>"
			"<text x=\"%.1f\" y=\"%d\" class=\"tick\">%.3g s</text>\n",
			x, TOP - 5, x, height - 20, x, height - 6, s);
	}
}

/*
 * Marks close in time would print their labels over each other: each label
 * takes the first of a few rows that is free where it starts, the rows
 * stacked from @base_y by @step (down from the lane's top, up from its axis).
 */
#define LABEL_ROWS 4
#define LABEL_ROW_HEIGHT 11
#define LABEL_CHAR_WIDTH 5.5

struct label_rows {
	double end[LABEL_ROWS];	/* where each row's last label ends */
};

/*
 * Prints @text beside the mark at @x, in the first free row; a label that
 * would run past the plot's right edge ends at the mark instead.
 */
static void label(GString *svg, struct label_rows *rows, double x, const char *text,
		  int base_y, int step)
{
	double width = LABEL_CHAR_WIDTH * (double)strlen(text);
	gboolean left = x + 3 + width > SVG_WIDTH - RIGHT;
	double from = left ? x - 3 - width : x;
	int best = 0;

	for (int r = 0; r < LABEL_ROWS; r++) {
		if (rows->end[r] <= from) {
			best = r;
			break;
		}
		if (rows->end[r] < rows->end[best])
			best = r;
	}
	rows->end[best] = left ? x : x + 3 + width;
	/* Arguments are escaped, so the anchor is in the format, not an argument. */
	markup_appendf(svg, left ? "<text x=\"%.1f\" y=\"%d\" class=\"mark\" text-anchor=\"end\">%s</text>\n" :
		       "<text x=\"%.1f\" y=\"%d\" class=\"mark\">%s</text>\n",
		       left ? x - 3 : x + 3, base_y + best * step, text);
}

static void lane(GString *svg, const struct evidence *ev,
		 const struct run_device *d, int index, gint64 t0, gint64 t1)
{
	/* Markers start with the guest's first start; before it is boot. */
	int start = ludma_log_first_start(d->log, NULL);
	gint64 marks_from = start < 0 ? G_MININT64 :
			    ((const struct ludma_event *)g_ptr_array_index(d->log->events, start))->t;
	int top = TOP + index * LANE_HEIGHT, bottom = top + LANE_HEIGHT - 25;
	gint64 max_seq = 1, blocked_since = -1;
	GString *points = g_string_new(NULL);
	struct label_rows top_rows = { { 0 } }, bottom_rows = { { 0 } };

	for (guint i = 0; i < d->log->events->len; i++) {
		const struct ludma_event *e = g_ptr_array_index(d->log->events, i);

		if (e->ev == LUDMA_HEARTBEAT || e->ev == LUDMA_STOP)
			max_seq = MAX(max_seq, e->seq);
	}
	markup_appendf(svg, "<text x=\"4\" y=\"%d\" class=\"lane\">%s</text>\n", top + 12, d->spec->path);
	markup_appendf(svg, "<text x=\"4\" y=\"%d\" class=\"tick\">%" G_GINT64_FORMAT " rec</text>\n",
		top + 26, max_seq);
	for (guint i = 0; i < d->log->events->len; i++) {
		const struct ludma_event *e = g_ptr_array_index(d->log->events, i);
		double x = x_of(e->t, t0, t1);

		if (e->t < marks_from && e->ev != LUDMA_HEARTBEAT && e->ev != LUDMA_EPOCH)
			continue;
		switch (e->ev) {
		case LUDMA_HEARTBEAT:
		case LUDMA_START:
		case LUDMA_STOP:
			g_string_append_printf(points, "%.1f,%.1f ", x,
				bottom - (double)e->seq * (bottom - top - 20) / (double)max_seq);
			break;
		case LUDMA_BLOCKED:
			blocked_since = e->t;
			break;
		case LUDMA_RESUMED:
		case LUDMA_RESET:
			if (blocked_since >= 0)
				markup_appendf(svg, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" class=\"blocked\"/>\n",
					x_of(blocked_since, t0, t1), top,
					MAX(1.0, x - x_of(blocked_since, t0, t1)), bottom - top);
			blocked_since = -1;
			if (e->ev == LUDMA_RESET) {
				g_autofree char *text = g_strdup_printf("reset: %s", e->kind ? e->kind : "?");

				markup_appendf(svg, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"reset\"/>\n",
					x, top, x, bottom);
				label(svg, &top_rows, x, text, top + 22, LABEL_ROW_HEIGHT);
			}
			break;
		case LUDMA_EPOCH: {
			/* Guests write EPOCH to mark their phases. */
			g_autofree char *text = g_strdup_printf("epoch %" G_GINT64_FORMAT, e->epoch);

			markup_appendf(svg, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"epoch\"/>\n",
				x, top, x, bottom);
			label(svg, &top_rows, x, text, top + 22, LABEL_ROW_HEIGHT);
			break;
		}
		case LUDMA_BME:
			if (!e->path_ok) {
				g_autofree char *text = g_strdup_printf("BME off: %s",
									evidence_path_by(ev, d, e->by));

				markup_appendf(svg, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"bme\"/>\n",
					x, top, x, bottom);
				label(svg, &bottom_rows, x, text, bottom - 4, -LABEL_ROW_HEIGHT);
			}
			break;
		default:
			break;
		}
	}
	if (blocked_since >= 0)
		markup_appendf(svg, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" class=\"blocked\"/>\n",
			x_of(blocked_since, t0, t1), top,
			MAX(1.0, x_of(t1, t0, t1) - x_of(blocked_since, t0, t1)), bottom - top);
	markup_appendf(svg, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>\n",
		LEFT, bottom, SVG_WIDTH - RIGHT, bottom);
	if (points->len)
		markup_appendf(svg, "<polyline points=\"%s\" class=\"progress\"/>\n", points->str);
	g_string_free(points, TRUE);
}

/* The agent's phase marks, from the first engine that logged any. */
static GPtrArray *phase_marks(const struct evidence *ev)
{
	GPtrArray *marks = g_ptr_array_new();

	for (guint i = 0; i < ev->devices->len && !marks->len; i++) {
		const struct run_device *d = g_ptr_array_index(ev->devices, i);

		for (guint j = 0; engine_has_log(d) && j < d->log->events->len; j++) {
			struct ludma_event *e = g_ptr_array_index(d->log->events, j);

			if (e->ev == LUDMA_MARK && ludma_mark_phase(e->mark))
				g_ptr_array_add(marks, e);
		}
	}
	return marks;
}

/*
 * The update's phases as bands behind the lanes, from each mark to the
 * next, labelled in rows under the lanes: "gen1 up", "kexec", "gen2 up",
 * "retrieved", "finished".
 */
static void phase_bands(GString *svg, GPtrArray *marks, gint64 t0, gint64 t1,
			int lanes_bottom)
{
	struct label_rows rows = { { 0 } };

	for (guint i = 0; i < marks->len; i++) {
		const struct ludma_event *e = g_ptr_array_index(marks, i);
		const char *phase = ludma_mark_phase(e->mark);
		gint64 end = i + 1 < marks->len ?
			     ((const struct ludma_event *)g_ptr_array_index(marks, i + 1))->t : t1;
		g_autofree char *text = g_str_equal(phase, "up") ?
			g_strdup_printf("gen%" G_GINT64_FORMAT " up", e->mark >> 8) : g_strdup(phase);
		double x = x_of(e->t, t0, t1);

		markup_appendf(svg, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
			       "class=\"phase phase-%s\"/>\n", x, TOP - 5,
			       MAX(1.0, x_of(end, t0, t1) - x), lanes_bottom - TOP + 5, phase);
		label(svg, &rows, x, text, lanes_bottom + 12, LABEL_ROW_HEIGHT);
	}
}

char *report_timeline_svg(const struct evidence *ev)
{
	g_autoptr(GPtrArray) marks = phase_marks(ev);
	GString *svg = g_string_new(NULL);
	int lanes = 0, height;
	gint64 t0, t1;

	for (guint i = 0; i < ev->devices->len; i++)
		lanes += engine_has_log(g_ptr_array_index(ev->devices, i));
	if (!lanes) {
		g_string_append(svg, "<p class=\"note\">No lu-dma log in this run: no timeline.</p>\n");
		return g_string_free(svg, FALSE);
	}
	/* Room for every row label() may give a phase, above the time ticks. */
	height = TOP + lanes * LANE_HEIGHT + 10 +
		 (marks->len ? LABEL_ROWS * LABEL_ROW_HEIGHT + 10 : 0);
	time_range(ev, &t0, &t1);
	markup_appendf(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timeline\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\">\n", SVG_WIDTH, height, SVG_WIDTH, height);
	g_string_append(svg, "<text x=\"4\" y=\"14\" class=\"tick\">DMA records against "
			"virtual time; red: blocked; bands: the update's phases</text>\n");
	phase_bands(svg, marks, t0, t1, TOP + lanes * LANE_HEIGHT);
	time_axis(svg, t0, t1, height);
	lanes = 0;
	for (guint i = 0; i < ev->devices->len; i++) {
		const struct run_device *d = g_ptr_array_index(ev->devices, i);

		if (engine_has_log(d))
			lane(svg, ev, d, lanes++, t0, t1);
	}
	g_string_append(svg, "</svg>\n");
	return g_string_free(svg, FALSE);
}

static const char style[] =
	"body{font-family:sans-serif;margin:2em;color:#222}"
	"h1{font-size:1.4em}.pass{color:#176e2a}.fail{color:#b3261e}.na{color:#666}.skip{color:#8a5a00}"
	".verdict{font-size:1.2em;padding:.4em .8em;display:inline-block;border-radius:4px}"
	".verdict.pass{background:#e3f4e6}.verdict.fail{background:#fbe4e2}"
	"table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
	"text-align:left;vertical-align:top}th{background:#f3f3f3}"
	"pre{margin:.3em 0;font-size:12px;white-space:pre-wrap}"
	"svg{border:1px solid #ccc;background:#fff}.grid{stroke:#eee}.axis{stroke:#888}"
	".tick{font-size:10px;fill:#666}.lane{font-size:11px;font-weight:bold}"
	".progress{fill:none;stroke:#1a5fb4;stroke-width:2}.blocked{fill:#b3261e;opacity:.25}"
	".reset{stroke:#b3261e;stroke-width:2}.bme{stroke:#e66100;stroke-dasharray:4 2}"
	".mark{font-size:10px;fill:#444}.epoch{stroke:#888;stroke-dasharray:2 3}"
	".phase{fill:#f2f2f2}.phase-kexec{fill:#fdeedd}.phase-retrieved{fill:#e6eefa}"
	".phase-finished{fill:#e9f5ec}";

static const char *const raw_files[] = {
	RUN_FILE_RUN, RUN_FILE_REPORT_JSON, RUN_FILE_JUNIT, RUN_FILE_CONSOLE, RUN_FILE_REPORT,
	RUN_FILE_QMP, RUN_FILE_QEMU_LOG, RUN_FILE_ARGV,
};

/* The answer first: what failed, where, and why, before any detail. */
static void failed_checks(GString *out, const struct verdict_report *r)
{
	guint failed = 0;

	for (guint i = 0; i < r->checks->len; i++)
		failed += ((const struct check *)g_ptr_array_index(r->checks, i))->status == CHECK_FAIL;
	if (!failed)
		return;
	markup_appendf(out, "<h2>Failed checks (%u of %u)</h2>\n<table id=\"failed\"><tr>"
		       "<th>check</th><th>device</th><th>evidence</th></tr>\n", failed, r->checks->len);
	for (guint i = 0; i < r->checks->len; i++) {
		const struct check *c = g_ptr_array_index(r->checks, i);
		g_autofree char *kind = NULL;

		if (c->status != CHECK_FAIL)
			continue;
		kind = check_kind(c);
		markup_appendf(out, "<tr><td class=\"fail\">%s</td><td>%s</td><td>%s</td></tr>\n",
			       kind, check_device(c) ? check_device(c) : "", c->detail);
	}
	g_string_append(out, "</table>\n");
}

/* Each run of the kernel's own selftests, with the test's own output. */
static void selftest_runs(GString *out, const struct evidence *ev)
{
	static const char *const stages[] = { "once", "stage 1", "stage 2" };
	gboolean any = FALSE;

	for (guint i = 0; i < ev->agent->len; i++) {
		const struct agent_event *e = g_ptr_array_index(ev->agent, i);
		const char *name = json_string_value(json_object_get(e->msg, "name"));
		json_int_t stage = json_integer_value(json_object_get(e->msg, "stage"));
		json_t *exit_status = json_object_get(e->msg, "exit");
		g_autofree char *file = NULL;
		g_autofree char *ended = NULL;

		if (!g_str_equal(e->event, "selftest") || !name || stage < 0 || stage > 2)
			continue;
		if (!any)
			g_string_append(out, "<h2>Kernel selftests</h2>\n<table><tr><th>test</th>"
					"<th>generation</th><th>stage</th><th>ended</th>"
					"<th>ms</th><th>output</th></tr>\n");
		any = TRUE;
		file = rundir_selftest_log(name, e->gen, (int)stage);
		if (json_is_true(json_object_get(e->msg, "timed_out")))
			ended = g_strdup("timed out");
		else if (json_is_integer(exit_status))
			ended = g_strdup_printf("exit %" JSON_INTEGER_FORMAT,
						json_integer_value(exit_status));
		else
			ended = g_strdup("killed");
		markup_appendf(out, "<tr><td>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%.0f</td>"
			       "<td><details><summary><a href=\"%s\">%s</a></summary><pre>%s</pre>"
			       "</details></td></tr>\n", name, e->gen, stages[stage], ended,
			       (double)json_integer_value(json_object_get(e->msg, "ns")) / 1e6,
			       file, file,
			       json_string_value(json_object_get(e->msg, "output")) ?: "");
	}
	if (any)
		g_string_append(out, "</table>\n");
}

char *report_html(const struct evidence *ev, const struct verdict_report *r,
		  const char *title)
{
	GString *out = g_string_new("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">");
	g_autofree char *svg = report_timeline_svg(ev);
	g_autofree char *fabric = report_fabric_html(ev);
	const char *cls = r->verdict == VERDICT_PASS ? "pass" : "fail";

	markup_appendf(out, "<title>lutb: %s</title><style>%s%s</style></head><body>\n", title,
		       style, report_fabric_style);
	markup_appendf(out, "<h1>%s</h1>\n<p class=\"verdict %s\">%s: %s</p>\n", title, cls,
		verdict_name(r->verdict), r->summary);
	failed_checks(out, r);
	g_string_append(out, "<h2>Fabric</h2>\n");
	g_string_append(out, fabric);
	g_string_append(out, "<h2>Timeline</h2>\n");
	g_string_append(out, svg);
	selftest_runs(out, ev);
	g_string_append(out, "<h2>All checks</h2>\n<table><tr><th>check</th><th>result</th>"
			"<th>evidence</th></tr>\n");
	for (guint i = 0; i < r->checks->len; i++) {
		const struct check *c = g_ptr_array_index(r->checks, i);
		const char *s = c->status == CHECK_PASS ? "pass" :
				c->status == CHECK_FAIL ? "fail" :
				c->status == CHECK_SKIP ? "skip" : "na";

		markup_appendf(out, "<tr><td>%s</td><td class=\"%s\">%s</td><td>%s</td></tr>\n",
			c->name, s, check_status_name(c->status), c->detail);
	}
	g_string_append(out, "</table>\n<h2>Raw evidence</h2>\n<ul>\n");
	for (guint i = 0; i < G_N_ELEMENTS(raw_files); i++)
		markup_appendf(out, "<li><a href=\"%s\">%s</a></li>\n", raw_files[i], raw_files[i]);
	for (guint i = 0; i < ev->devices->len; i++) {
		const struct run_device *d = g_ptr_array_index(ev->devices, i);
		g_autofree char *file = NULL;

		if (!d->spec->lu_dma)
			continue;
		file = rundir_ludma_log(d->spec->qemu_id);
		markup_appendf(out, "<li><a href=\"%s\">%s</a> (%s)</li>\n", file, file, d->spec->path);
	}
	g_string_append(out, "</ul>\n</body></html>\n");
	return g_string_free(out, FALSE);
}

gboolean report_write_html(const struct evidence *ev,
			   const struct verdict_report *r, const char *title,
			   const char *path, GError **error)
{
	g_autofree char *html = report_html(ev, r, title);

	return g_file_set_contents(path, html, -1, error);
}
