/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A QMP client for one QEMU process. Replies arrive in command order, so
 * callbacks are matched FIFO; events go to one handler. Every message in
 * both directions is appended to a JSON-lines transcript.
 */
#ifndef LUTB_QMP_H
#define LUTB_QMP_H

#include <glib.h>
#include <jansson.h>

struct qmp;

/* @reply is the whole reply object ({"return": ...} or {"error": ...}), or
 * NULL when the connection went away before QEMU answered. */
typedef void (*qmp_reply_fn)(json_t *reply, void *opaque);
typedef void (*qmp_event_fn)(const char *event, json_t *msg, void *opaque);

/* Connects (retrying until @deadline_us, monotonic) and negotiates. */
struct qmp *qmp_connect(const char *socket_path, const char *transcript,
			gint64 deadline_us, GError **error);
/* Starts reading asynchronously on the thread-default main context. */
void qmp_start(struct qmp *q, qmp_event_fn on_event, void *opaque);
/* Sends @command (with optional @args, stolen); @done may be NULL. */
void qmp_execute(struct qmp *q, const char *command, json_t *args,
		 qmp_reply_fn done, void *opaque);
/* TRUE once QEMU has closed the socket. */
gboolean qmp_closed(const struct qmp *q);
void qmp_free(struct qmp *q);

#endif
