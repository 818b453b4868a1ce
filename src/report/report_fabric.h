/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fabric picture of report.html: the machine's PCI tree with each
 * device's address in the first and the last generation (from QEMU), the
 * devices that moved and those whose Bus Master Enable the guest cleared
 * marked in colour.
 */
#ifndef LUTB_REPORT_FABRIC_H
#define LUTB_REPORT_FABRIC_H

#include "checks.h"

/* An HTML fragment (a <div>), or a note when the run took no snapshot. */
char *report_fabric_html(const struct evidence *ev);

/* Its styles, for the page's <style>. */
extern const char report_fabric_style[];

#endif
