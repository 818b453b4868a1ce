// SPDX-License-Identifier: GPL-2.0-only
#include "qemu_query.h"

#include <signal.h>
#include <sys/prctl.h>

#include <gio/gio.h>

struct qemu_query {
	char *qemu;
	GSubprocess *proc;	/* NULL until the first question */
	GOutputStream *to_qemu;
	GDataInputStream *from_qemu;
};

/* The next reply to a command ("return" or "error"), past any event. */
static json_t *read_reply(struct qemu_query *q, GError **error)
{
	for (;;) {
		g_autofree char *line = g_data_input_stream_read_line(q->from_qemu, NULL,
								       NULL, error);
		json_t *msg;

		if (!line) {
			if (error && !*error)
				g_set_error(error, G_IO_ERROR, G_IO_ERROR_CLOSED,
					    "%s exited before it answered", q->qemu);
			return NULL;
		}
		msg = json_loads(line, 0, NULL);
		if (json_object_get(msg, "return") || json_object_get(msg, "error"))
			return msg;
		json_decref(msg);
	}
}

static json_t *execute(struct qemu_query *q, const char *command, json_t *arguments,
		       GError **error)
{
	json_t *cmd = json_pack("{s:s}", "execute", command);
	g_autofree char *text = NULL;
	json_t *reply, *ret;

	if (arguments)
		json_object_set(cmd, "arguments", arguments);
	text = json_dumps(cmd, JSON_COMPACT);
	json_decref(cmd);
	if (!g_output_stream_printf(q->to_qemu, NULL, NULL, error, "%s\n", text))
		return NULL;
	reply = read_reply(q, error);
	if (!reply)
		return NULL;
	ret = json_incref(json_object_get(reply, "return"));
	if (!ret)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", json_string_value(
			json_object_get(json_object_get(reply, "error"), "desc")) ?: "error");
	json_decref(reply);
	return ret;
}

static void die_with_parent(gpointer data)
{
	(void)data;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean start(struct qemu_query *q, GError **error)
{
	const char *argv[] = { q->qemu, "-nodefaults", "-machine", "none",
			       "-display", "none", "-qmp", "stdio", NULL };
	json_t *greeting;

	g_autoptr(GSubprocessLauncher) launcher =
		g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDIN_PIPE |
					  G_SUBPROCESS_FLAGS_STDOUT_PIPE |
					  G_SUBPROCESS_FLAGS_STDERR_SILENCE);

	/* QEMU does not quit when its QMP stdin closes: it goes with lutb. */
	g_subprocess_launcher_set_child_setup(launcher, die_with_parent, NULL, NULL);
	q->proc = g_subprocess_launcher_spawnv(launcher, argv, error);
	if (!q->proc)
		return FALSE;
	q->to_qemu = g_subprocess_get_stdin_pipe(q->proc);
	q->from_qemu = g_data_input_stream_new(g_subprocess_get_stdout_pipe(q->proc));
	greeting = execute(q, "qmp_capabilities", NULL, error);
	json_decref(greeting);
	return greeting != NULL;
}

static json_t *ask(void *opaque, const char *command, json_t *arguments, GError **error)
{
	struct qemu_query *q = opaque;

	if (!q->proc && !start(q, error))
		return NULL;
	return execute(q, command, arguments, error);
}

static void query_free(gpointer opaque)
{
	struct qemu_query *q = opaque;

	if (q->proc) {
		json_decref(execute(q, "quit", NULL, NULL));
		g_output_stream_close(q->to_qemu, NULL, NULL);
		if (!g_subprocess_wait(q->proc, NULL, NULL))
			g_subprocess_force_exit(q->proc);
		g_clear_object(&q->from_qemu);
		g_clear_object(&q->proc);
	}
	g_free(q->qemu);
	g_free(q);
}

struct qemu_catalog *qemu_catalog_for_binary(const char *qemu)
{
	struct qemu_query *q = g_new0(struct qemu_query, 1);

	q->qemu = g_strdup(qemu);
	return qemu_catalog_new_asking(qemu, ask, q, query_free);
}
