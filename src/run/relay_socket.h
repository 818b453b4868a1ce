/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A unix socket lutb serves where a local QEMU would serve its own, for a
 * QEMU on a libvirt host: lutb's own code connects to it as it would to
 * QEMU's (one peer, once), and the relay carries what the domain says
 * through libvirt. Everything after relay_socket_listen() runs on
 * libvirt's event thread.
 */
#ifndef LUTB_RELAY_SOCKET_H
#define LUTB_RELAY_SOCKET_H

#include <glib.h>

struct relay_socket;

typedef void (*relay_connected_fn)(struct relay_socket *r, void *opaque);
typedef void (*relay_data_fn)(const char *buf, gsize len, void *opaque);

/* Listens at @path; @on_data gets what the peer sends. */
struct relay_socket *relay_socket_listen(const char *path, relay_connected_fn on_connected,
					 relay_data_fn on_data, void *opaque, GError **error);
/* To the peer; kept until it connects. */
void relay_socket_send(struct relay_socket *r, const char *buf, gsize len);
/* Stops listening and reading; call only once nothing more can arrive. */
void relay_socket_free(struct relay_socket *r);

#endif
