// SPDX-License-Identifier: GPL-2.0-only
#include "qmp.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <stdio.h>

/*
 * QMP prints uint64 values that do not fit jansson's signed integers (an
 * unassigned BAR is 2^64 - 1); read numbers as doubles, exact below 2^53.
 */
#define QMP_JSON_FLAGS JSON_DECODE_INT_AS_REAL

struct pending {
	qmp_reply_fn done;
	void *opaque;
};

struct qmp {
	GSocketConnection *conn;
	GDataInputStream *in;
	GOutputStream *out;
	GCancellable *cancel;
	FILE *transcript;
	GQueue pending;		/* struct pending *, FIFO */
	qmp_event_fn on_event;
	void *event_opaque;
	gboolean closed;
};

static void log_message(struct qmp *q, const char *direction, const char *text)
{
	if (!q->transcript)
		return;
	fprintf(q->transcript, "{\"dir\":\"%s\",\"host_us\":%" G_GINT64_FORMAT
		",\"msg\":%s}\n", direction, g_get_monotonic_time(), text);
	fflush(q->transcript);
}

static json_t *read_message(struct qmp *q, GError **error)
{
	g_autofree char *line = NULL;
	json_error_t jerr;
	json_t *msg;

	line = g_data_input_stream_read_line(q->in, NULL, q->cancel, error);
	if (!line) {
		if (error && !*error)
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_CLOSED,
				    "QMP: QEMU closed the connection");
		return NULL;
	}
	log_message(q, "in", line);
	msg = json_loads(line, QMP_JSON_FLAGS, &jerr);
	if (!msg)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
			    "QMP: bad JSON from QEMU: %s", jerr.text);
	return msg;
}

static gboolean send_message(struct qmp *q, json_t *msg, GError **error)
{
	g_autofree char *text = json_dumps(msg, JSON_COMPACT);
	g_autofree char *line = g_strconcat(text, "\n", NULL);

	log_message(q, "out", text);
	return g_output_stream_write_all(q->out, line, strlen(line), NULL,
					 q->cancel, error);
}

static GSocketConnection *connect_until(const char *path, gint64 deadline_us,
					GError **error)
{
	g_autoptr(GSocketClient) client = g_socket_client_new();
	g_autoptr(GSocketAddress) addr = g_unix_socket_address_new(path);
	GSocketConnection *conn;

	for (;;) {
		g_autoptr(GError) err = NULL;

		conn = g_socket_client_connect(client, G_SOCKET_CONNECTABLE(addr),
					       NULL, &err);
		if (conn)
			return conn;
		if (g_get_monotonic_time() > deadline_us) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
				    "QMP: cannot connect to %s: %s", path,
				    err->message);
			return NULL;
		}
		g_usleep(20 * 1000);
	}
}

struct qmp *qmp_connect(const char *socket_path, const char *transcript,
			gint64 deadline_us, GError **error)
{
	struct qmp *q = g_new0(struct qmp, 1);
	json_t *msg;
	gboolean ok;

	g_queue_init(&q->pending);
	q->cancel = g_cancellable_new();
	q->transcript = transcript ? fopen(transcript, "a") : NULL;
	q->conn = connect_until(socket_path, deadline_us, error);
	if (!q->conn)
		goto fail;
	q->in = g_data_input_stream_new(
		g_io_stream_get_input_stream(G_IO_STREAM(q->conn)));
	g_data_input_stream_set_newline_type(q->in, G_DATA_STREAM_NEWLINE_TYPE_ANY);
	q->out = g_io_stream_get_output_stream(G_IO_STREAM(q->conn));

	msg = read_message(q, error); /* the greeting */
	if (!msg)
		goto fail;
	json_decref(msg);
	msg = json_pack("{s:s}", "execute", "qmp_capabilities");
	ok = send_message(q, msg, error);
	json_decref(msg);
	if (!ok)
		goto fail;
	msg = read_message(q, error);
	if (!msg)
		goto fail;
	ok = json_object_get(msg, "return") != NULL;
	json_decref(msg);
	if (!ok) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
			    "QMP: qmp_capabilities was refused");
		goto fail;
	}
	return q;
fail:
	qmp_free(q);
	return NULL;
}

static void dispatch(struct qmp *q, json_t *msg)
{
	json_t *event = json_object_get(msg, "event");
	struct pending *p;

	if (json_is_string(event)) {
		if (q->on_event)
			q->on_event(json_string_value(event), msg, q->event_opaque);
		return;
	}
	p = g_queue_pop_head(&q->pending);
	if (p) {
		if (p->done)
			p->done(msg, p->opaque);
		g_free(p);
	}
}

static void on_line(GObject *source, GAsyncResult *res, gpointer data)
{
	struct qmp *q = data;
	g_autoptr(GError) err = NULL;
	g_autofree char *line = NULL;
	json_t *msg;

	line = g_data_input_stream_read_line_finish(G_DATA_INPUT_STREAM(source),
						    res, NULL, &err);
	/* Cancelled by qmp_free(): @q is gone, touch nothing. */
	if (g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		return;
	if (!line) {
		q->closed = TRUE;
		return;
	}
	log_message(q, "in", line);
	msg = json_loads(line, QMP_JSON_FLAGS, NULL);
	if (msg) {
		dispatch(q, msg);
		json_decref(msg);
	}
	g_data_input_stream_read_line_async(q->in, G_PRIORITY_DEFAULT,
					    q->cancel, on_line, q);
}

void qmp_start(struct qmp *q, qmp_event_fn on_event, void *opaque)
{
	q->on_event = on_event;
	q->event_opaque = opaque;
	g_data_input_stream_read_line_async(q->in, G_PRIORITY_DEFAULT,
					    q->cancel, on_line, q);
}

void qmp_execute(struct qmp *q, const char *command, json_t *args,
		 qmp_reply_fn done, void *opaque)
{
	json_t *msg = json_pack("{s:s}", "execute", command);
	struct pending *p = g_new0(struct pending, 1);

	if (args)
		json_object_set_new(msg, "arguments", args);
	p->done = done;
	p->opaque = opaque;
	g_queue_push_tail(&q->pending, p);
	if (!send_message(q, msg, NULL))
		q->closed = TRUE;
	json_decref(msg);
}

gboolean qmp_closed(const struct qmp *q)
{
	return q->closed;
}

void qmp_free(struct qmp *q)
{
	struct pending *p;

	if (!q)
		return;
	g_cancellable_cancel(q->cancel);
	g_clear_object(&q->in);
	g_clear_object(&q->conn);
	g_clear_object(&q->cancel);
	/* Commands QEMU never answered: their callers own what they passed. */
	while ((p = g_queue_pop_head(&q->pending))) {
		if (p->done)
			p->done(NULL, p->opaque);
		g_free(p);
	}
	if (q->transcript)
		fclose(q->transcript);
	g_free(q);
}
