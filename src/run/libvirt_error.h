/* SPDX-License-Identifier: GPL-2.0-only */
/* libvirt's last error, as lutb reports it. */
#ifndef LUTB_LIBVIRT_ERROR_H
#define LUTB_LIBVIRT_ERROR_H

#include <glib.h>

/* What libvirt said last on this thread. */
const char *libvirt_last_error(void);
/* Sets @error to "@fmt: what libvirt said". */
void libvirt_set_error(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

#endif
