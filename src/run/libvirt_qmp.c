// SPDX-License-Identifier: GPL-2.0-only
#include "libvirt_qmp.h"

#include <jansson.h>
#include <libvirt/libvirt-qemu.h>
#include <stdlib.h>
#include <string.h>

#include "libvirt_error.h"
#include "libvirt_events.h"
#include "relay_socket.h"

struct libvirt_qmp {
	virDomainPtr dom;
	int events;		/* monitor event callback id, or -1 */
	struct relay_socket *relay;
	GString *partial;	/* a command line not yet whole */
};

static void send_line(struct libvirt_qmp *q, const char *text)
{
	gsize len = strlen(text);

	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	relay_socket_send(q->relay, text, len);
	relay_socket_send(q->relay, "\n", 1);
}

static void send_json(struct libvirt_qmp *q, json_t *msg)
{
	g_autofree char *text = json_dumps(msg, JSON_COMPACT);

	send_line(q, text);
	json_decref(msg);
}

/* libvirt already negotiated capabilities with QEMU: greet as QEMU would. */
static void on_connected(struct relay_socket *r, void *opaque)
{
	struct libvirt_qmp *q = opaque;

	(void)r;
	send_json(q, json_pack("{s:{s:{}, s:[]}}", "QMP", "version", "capabilities"));
}

static void run_command(struct libvirt_qmp *q, const char *line)
{
	json_t *cmd = json_loads(line, 0, NULL);
	const char *name = json_string_value(json_object_get(cmd, "execute"));
	char *reply = NULL;

	if (!name) {
		send_json(q, json_pack("{s:{s:s, s:s}}", "error", "class", "GenericError",
				       "desc", "lutb's QMP relay: not a command"));
	} else if (g_str_equal(name, "qmp_capabilities")) {
		send_json(q, json_pack("{s:{}}", "return"));
	} else if (virDomainQemuMonitorCommand(q->dom, line, &reply, 0) < 0) {
		send_json(q, json_pack("{s:{s:s, s:s}}", "error", "class", "GenericError",
				       "desc", libvirt_last_error()));
	} else {
		/* Passed on as text: QMP's uint64 values do not survive jansson. */
		send_line(q, reply);
		free(reply);
	}
	json_decref(cmd);
}

static void on_data(const char *buf, gsize len, void *opaque)
{
	struct libvirt_qmp *q = opaque;
	char *nl;

	g_string_append_len(q->partial, buf, (gssize)len);
	while ((nl = memchr(q->partial->str, '\n', q->partial->len))) {
		g_autofree char *line = g_strndup(q->partial->str, (gsize)(nl - q->partial->str));

		g_string_erase(q->partial, 0, nl - q->partial->str + 1);
		if (*g_strstrip(line))
			run_command(q, line);
	}
}

static void on_event(virConnectPtr conn, virDomainPtr dom, const char *event,
		     long long seconds, unsigned int micros, const char *details,
		     void *opaque)
{
	struct libvirt_qmp *q = opaque;
	json_t *name = json_string(event);
	g_autofree char *quoted = json_dumps(name, JSON_ENCODE_ANY);
	g_autofree char *line = g_strdup_printf(
		"{\"event\": %s, \"data\": %s, \"timestamp\": {\"seconds\": %lld, "
		"\"microseconds\": %u}}", quoted, details ? details : "{}", seconds, micros);

	(void)conn;
	(void)dom;
	json_decref(name);
	send_line(q, line);
}

struct libvirt_qmp *libvirt_qmp_serve(virDomainPtr dom, const char *path, GError **error)
{
	struct libvirt_qmp *q = g_new0(struct libvirt_qmp, 1);

	q->dom = dom;
	q->events = -1;
	q->partial = g_string_new(NULL);
	q->relay = relay_socket_listen(path, on_connected, on_data, q, error);
	if (!q->relay)
		goto fail;
	q->events = virConnectDomainQemuMonitorEventRegister(virDomainGetConnect(dom), dom,
							     NULL, on_event, q, NULL, 0);
	if (q->events < 0) {
		libvirt_set_error(error, "QEMU's events through libvirt");
		goto fail;
	}
	return q;
fail:
	libvirt_qmp_free(q);
	return NULL;
}

void libvirt_qmp_free(struct libvirt_qmp *q)
{
	if (!q)
		return;
	if (q->events >= 0) {
		virConnectDomainQemuMonitorEventDeregister(virDomainGetConnect(q->dom), q->events);
		libvirt_events_sync();
	}
	relay_socket_free(q->relay);
	g_string_free(q->partial, TRUE);
	g_free(q);
}
