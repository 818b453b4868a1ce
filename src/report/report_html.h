/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * report.html: the verdict for a person. A timeline (SVG, virtual time) of
 * each lu-dma engine's progress with blocked stretches, resets and Bus
 * Master drops marked; the checks with their evidence; links to raw logs.
 */
#ifndef LUTB_REPORT_HTML_H
#define LUTB_REPORT_HTML_H

#include "checks.h"

/* The timeline alone: an <svg> element (a note when there is no DMA log). */
char *report_timeline_svg(const struct evidence *ev);
char *report_html(const struct evidence *ev, const struct verdict_report *r,
		  const char *title);
gboolean report_write_html(const struct evidence *ev,
			   const struct verdict_report *r, const char *title,
			   const char *path, GError **error);

#endif
