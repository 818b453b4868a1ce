// SPDX-License-Identifier: GPL-2.0-only
#include "libvirt_error.h"

#include <gio/gio.h>
#include <libvirt/virterror.h>

const char *libvirt_last_error(void)
{
	virErrorPtr e = virGetLastError();

	return e && e->message ? e->message : "unknown libvirt error";
}

void libvirt_set_error(GError **error, const char *fmt, ...)
{
	g_autofree char *what = NULL;
	va_list ap;

	va_start(ap, fmt);
	what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what,
		    libvirt_last_error());
}
