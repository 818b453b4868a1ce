/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libvirt's event loop (its default implementation) on a thread of its
 * own: lifecycle events, console streams and lutb's relays run there,
 * while lutb's main loop goes on.
 */
#ifndef LUTB_LIBVIRT_EVENTS_H
#define LUTB_LIBVIRT_EVENTS_H

/* Starts the thread, once; call before opening a connection. */
void libvirt_events_start(void);
/*
 * Returns once every callback under way on the event thread has returned:
 * after removing a handle, nothing of it runs any more.
 */
void libvirt_events_sync(void);

#endif
