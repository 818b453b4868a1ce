// SPDX-License-Identifier: GPL-2.0-only
#include "markup.h"

void markup_appendf(GString *out, const char *fmt, ...)
{
	g_autofree char *text = NULL;
	va_list ap;

	va_start(ap, fmt);
	text = g_markup_vprintf_escaped(fmt, ap);
	va_end(ap);
	g_string_append(out, text);
}
