/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A serial port of a libvirt domain (a pty on its host), reached through
 * a libvirt stream wherever the host is: its output appended to a file
 * (the console), or both ways through a relay socket (the agent's port).
 */
#ifndef LUTB_LIBVIRT_SERIAL_H
#define LUTB_LIBVIRT_SERIAL_H

#include <glib.h>
#include <libvirt/libvirt.h>

struct libvirt_serial;

/* The serial port whose alias is @alias, its output appended to @path. */
struct libvirt_serial *libvirt_serial_to_file(virDomainPtr dom, const char *alias,
					      const char *path, GError **error);
/* The serial port @alias through a unix socket lutb serves at @path. */
struct libvirt_serial *libvirt_serial_to_socket(virDomainPtr dom, const char *alias,
						const char *path, GError **error);
/* The stream has ended (the domain stopped): all its output is through. */
gboolean libvirt_serial_ended(struct libvirt_serial *s);
void libvirt_serial_free(struct libvirt_serial *s);

#endif
