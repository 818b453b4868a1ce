/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host's end of the agent's report port (the guest's ttyS1, a socket
 * QEMU serves): each line the agent sends is kept in the run directory and
 * handed on, and the agent waits for an acknowledgement of each, so that
 * what the host does on a report (a QMP snapshot, a hotplug) happens at a
 * defined point of the guest's run, never by polling.
 */
#ifndef LUTB_AGENT_PORT_H
#define LUTB_AGENT_PORT_H

#include <glib.h>

struct agent_port;

typedef void (*agent_line_fn)(const char *line, void *opaque);

/* Connects to QEMU's end at @socket_path; every line is appended to
 * @copy_path before @on_line sees it. */
struct agent_port *agent_port_connect(const char *socket_path, const char *copy_path,
				      agent_line_fn on_line, void *opaque,
				      GError **error);
/* Lets the agent go on after the line it sent last. */
void agent_port_ack(struct agent_port *port);
/* Sends @line and a newline to the agent (a saved VM's run files). */
gboolean agent_port_send(struct agent_port *port, const char *line, GError **error);
/* Reads what QEMU left after it exited. */
void agent_port_drain(struct agent_port *port);
void agent_port_free(struct agent_port *port);

#endif
