// SPDX-License-Identifier: GPL-2.0-only
#include "relay_socket.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <libvirt/libvirt.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "libvirt_events.h"

struct relay_socket {
	char *path;
	int listen_fd, fd;		/* -1: none */
	int listen_watch, watch;	/* -1: none */
	GString *unsent;		/* what came before the peer did */
	relay_connected_fn on_connected;
	relay_data_fn on_data;
	void *opaque;
};

static void write_all(int fd, const char *buf, gsize len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;	/* the peer is gone; so is what it would have read */
		buf += n;
		len -= (gsize)n;
	}
}

void relay_socket_send(struct relay_socket *r, const char *buf, gsize len)
{
	if (r->fd < 0)
		g_string_append_len(r->unsent, buf, (gssize)len);
	else
		write_all(r->fd, buf, len);
}

static void on_readable(int watch, int fd, int events, void *opaque)
{
	struct relay_socket *r = opaque;
	char buf[4096];
	ssize_t n;

	(void)events;
	n = read(fd, buf, sizeof(buf));
	if (n > 0) {
		r->on_data(buf, (gsize)n, r->opaque);
		return;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	virEventRemoveHandle(watch);
	r->watch = -1;
}

/* One peer: the first to connect; the listener is done then. */
static void on_connect(int watch, int fd, int events, void *opaque)
{
	struct relay_socket *r = opaque;

	(void)events;
	r->fd = accept(fd, NULL, NULL);
	if (r->fd < 0)
		return;
	fcntl(r->fd, F_SETFD, FD_CLOEXEC);
	virEventRemoveHandle(watch);
	r->listen_watch = -1;
	if (r->on_connected)
		r->on_connected(r, r->opaque);
	write_all(r->fd, r->unsent->str, r->unsent->len);
	g_string_truncate(r->unsent, 0);
	r->watch = virEventAddHandle(r->fd, VIR_EVENT_HANDLE_READABLE, on_readable, r, NULL);
}

struct relay_socket *relay_socket_listen(const char *path, relay_connected_fn on_connected,
					 relay_data_fn on_data, void *opaque, GError **error)
{
	struct relay_socket *r = g_new0(struct relay_socket, 1);
	struct sockaddr_un addr = { .sun_family = AF_UNIX };

	r->path = g_strdup(path);
	r->fd = r->listen_fd = r->watch = r->listen_watch = -1;
	r->unsent = g_string_new(NULL);
	r->on_connected = on_connected;
	r->on_data = on_data;
	r->opaque = opaque;
	if (strlen(path) >= sizeof(addr.sun_path)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG,
			    "socket path too long: %s", path);
		goto fail;
	}
	strcpy(addr.sun_path, path);
	unlink(path);
	r->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (r->listen_fd < 0 || bind(r->listen_fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    listen(r->listen_fd, 1) < 0) {
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno), "%s: %s", path,
			    g_strerror(errno));
		goto fail;
	}
	r->listen_watch = virEventAddHandle(r->listen_fd, VIR_EVENT_HANDLE_READABLE,
					    on_connect, r, NULL);
	if (r->listen_watch < 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
			    "%s: libvirt's event loop refused the socket", path);
		goto fail;
	}
	return r;
fail:
	relay_socket_free(r);
	return NULL;
}

void relay_socket_free(struct relay_socket *r)
{
	if (!r)
		return;
	if (r->listen_watch >= 0)
		virEventRemoveHandle(r->listen_watch);
	if (r->watch >= 0)
		virEventRemoveHandle(r->watch);
	libvirt_events_sync();
	if (r->listen_fd >= 0) {
		close(r->listen_fd);
		unlink(r->path);
	}
	if (r->fd >= 0)
		close(r->fd);
	g_string_free(r->unsent, TRUE);
	g_free(r->path);
	g_free(r);
}
