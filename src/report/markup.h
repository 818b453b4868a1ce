/* SPDX-License-Identifier: GPL-2.0-only */
/* Writing HTML and XML: every value that reaches the page is escaped. */
#ifndef LUTB_MARKUP_H
#define LUTB_MARKUP_H

#include <glib.h>

/* g_string_append_printf() with every argument markup-escaped. */
void markup_appendf(GString *out, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

#endif
