// SPDX-License-Identifier: GPL-2.0-only
#include "agent_port.h"

#include <errno.h>
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <stdio.h>

/* What the agent waits for after each line (initramfs/agent/report.c). */
#define AGENT_ACK "ack\n"

struct agent_port {
	GSocket *socket;
	GSource *source;
	FILE *copy;
	GString *partial;	/* a line the agent has not finished */
	agent_line_fn on_line;
	void *opaque;
};

static void take(struct agent_port *port, const char *buf, gssize n)
{
	for (gssize i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			g_string_append_c(port->partial, buf[i]);
			continue;
		}
		fprintf(port->copy, "%s\n", port->partial->str);
		fflush(port->copy);
		port->on_line(port->partial->str, port->opaque);
		g_string_truncate(port->partial, 0);
	}
}

/* FALSE once the agent's side is closed (QEMU gone). */
static gboolean read_available(struct agent_port *port)
{
	char buf[4096];
	gssize n;

	for (;;) {
		n = g_socket_receive(port->socket, buf, sizeof(buf), NULL, NULL);
		if (n > 0) {
			take(port, buf, n);
			continue;
		}
		return n < 0;	/* 0: EOF; < 0: nothing more for now */
	}
}

static gboolean on_readable(GSocket *socket, GIOCondition cond, gpointer data)
{
	struct agent_port *port = data;

	(void)socket;
	(void)cond;
	if (read_available(port))
		return G_SOURCE_CONTINUE;
	port->source = NULL;
	return G_SOURCE_REMOVE;
}

struct agent_port *agent_port_connect(const char *socket_path, const char *copy_path,
				      agent_line_fn on_line, void *opaque,
				      GError **error)
{
	g_autoptr(GSocketAddress) addr = g_unix_socket_address_new(socket_path);
	struct agent_port *port = g_new0(struct agent_port, 1);

	port->on_line = on_line;
	port->opaque = opaque;
	port->partial = g_string_new(NULL);
	port->copy = fopen(copy_path, "w");
	if (!port->copy) {
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno),
			    "%s: %s", copy_path, g_strerror(errno));
		agent_port_free(port);
		return NULL;
	}
	port->socket = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
				    G_SOCKET_PROTOCOL_DEFAULT, error);
	if (!port->socket || !g_socket_connect(port->socket, addr, NULL, error)) {
		g_prefix_error(error, "the agent's port %s: ", socket_path);
		agent_port_free(port);
		return NULL;
	}
	g_socket_set_blocking(port->socket, FALSE);
	port->source = g_socket_create_source(port->socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
					      NULL);
	g_source_set_callback(port->source, G_SOURCE_FUNC(on_readable), port, NULL);
	g_source_attach(port->source, NULL);
	g_source_unref(port->source);
	return port;
}

void agent_port_ack(struct agent_port *port)
{
	/* A few bytes into an idle socket: they fit, or the guest is gone. */
	g_socket_send(port->socket, AGENT_ACK, strlen(AGENT_ACK), NULL, NULL);
}

gboolean agent_port_send(struct agent_port *port, const char *line, GError **error)
{
	g_autofree char *text = g_strconcat(line, "\n", NULL);
	gsize len = strlen(text), done = 0;
	gssize n = 0;

	/* Kilobytes at most, which the socket takes at once: block until then. */
	g_socket_set_blocking(port->socket, TRUE);
	while (done < len && n >= 0) {
		n = g_socket_send(port->socket, text + done, len - done, NULL, error);
		done += n > 0 ? (gsize)n : 0;
	}
	g_socket_set_blocking(port->socket, FALSE);
	return n >= 0;
}

void agent_port_drain(struct agent_port *port)
{
	if (port->source && !read_available(port)) {
		g_source_destroy(port->source);
		port->source = NULL;
	}
}

void agent_port_free(struct agent_port *port)
{
	if (!port)
		return;
	if (port->source)
		g_source_destroy(port->source);
	g_clear_object(&port->socket);
	/* A line cut off when QEMU died is evidence too. */
	if (port->copy && port->partial->len)
		fputs(port->partial->str, port->copy);
	if (port->copy)
		fclose(port->copy);
	g_string_free(port->partial, TRUE);
	g_free(port);
}
