// SPDX-License-Identifier: GPL-2.0-only
#include "libvirt_serial.h"

#include <errno.h>
#include <gio/gio.h>
#include <stdio.h>

#include "libvirt_error.h"
#include "libvirt_events.h"
#include "relay_socket.h"

struct libvirt_serial {
	virStreamPtr stream;
	gint ended;
	FILE *file;			/* to a file, or */
	struct relay_socket *relay;	/* to lutb through a socket */
};

static void finish(struct libvirt_serial *s, gboolean eof)
{
	virStreamEventRemoveCallback(s->stream);
	if (eof)
		virStreamFinish(s->stream);
	else
		virStreamAbort(s->stream);
	g_atomic_int_set(&s->ended, 1);
}

static void on_stream(virStreamPtr st, int events, void *opaque)
{
	struct libvirt_serial *s = opaque;
	char buf[4096];
	int n;

	(void)events;
	for (;;) {
		n = virStreamRecv(st, buf, sizeof(buf));
		if (n == -2)
			return;	/* nothing more for now */
		if (n <= 0)
			break;	/* 0: the end; -1: the domain went */
		if (s->file) {
			fwrite(buf, 1, (size_t)n, s->file);
			fflush(s->file);
		} else {
			relay_socket_send(s->relay, buf, (gsize)n);
		}
	}
	finish(s, n == 0);
}

/* The agent's acknowledgements: a few bytes, seldom. */
static void on_relay_data(const char *buf, gsize len, void *opaque)
{
	struct libvirt_serial *s = opaque;

	while (len) {
		int n = virStreamSend(s->stream, buf, len);

		if (n == -2) {
			g_usleep(1000);
			continue;
		}
		if (n < 0)
			return;
		buf += n;
		len -= (gsize)n;
	}
}

static struct libvirt_serial *open_serial(virDomainPtr dom, const char *alias,
					  FILE *file, const char *socket_path,
					  GError **error)
{
	struct libvirt_serial *s = g_new0(struct libvirt_serial, 1);

	s->file = file;
	if (socket_path) {
		s->relay = relay_socket_listen(socket_path, NULL, on_relay_data, s, error);
		if (!s->relay)
			goto fail;
	}
	s->stream = virStreamNew(virDomainGetConnect(dom), VIR_STREAM_NONBLOCK);
	if (!s->stream || virDomainOpenConsole(dom, alias, s->stream, 0) < 0) {
		libvirt_set_error(error, "opening the domain's serial port %s", alias);
		goto fail;
	}
	if (virStreamEventAddCallback(s->stream, VIR_STREAM_EVENT_READABLE |
				      VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP,
				      on_stream, s, NULL) < 0) {
		libvirt_set_error(error, "watching the domain's serial port %s", alias);
		goto fail;
	}
	return s;
fail:
	libvirt_serial_free(s);
	return NULL;
}

struct libvirt_serial *libvirt_serial_to_file(virDomainPtr dom, const char *alias,
					      const char *path, GError **error)
{
	FILE *file = fopen(path, "a");

	if (!file) {
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno), "%s: %s", path,
			    g_strerror(errno));
		return NULL;
	}
	return open_serial(dom, alias, file, NULL, error);
}

struct libvirt_serial *libvirt_serial_to_socket(virDomainPtr dom, const char *alias,
						const char *path, GError **error)
{
	return open_serial(dom, alias, NULL, path, error);
}

gboolean libvirt_serial_ended(struct libvirt_serial *s)
{
	return g_atomic_int_get(&s->ended);
}

void libvirt_serial_free(struct libvirt_serial *s)
{
	if (!s)
		return;
	if (s->stream && !g_atomic_int_get(&s->ended)) {
		virStreamEventRemoveCallback(s->stream);
		libvirt_events_sync();
		virStreamAbort(s->stream);
	}
	relay_socket_free(s->relay);
	if (s->stream)
		virStreamFree(s->stream);
	if (s->file)
		fclose(s->file);
	g_free(s);
}
