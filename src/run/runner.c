// SPDX-License-Identifier: GPL-2.0-only
#include "runner.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "agent_port.h"
#include "machine.h"
#include "progress.h"
#include "selftests.h"
#include "vm.h"

#define QMP_CONNECT_TIMEOUT_S 20
#define KILL_GRACE_MS 5000

struct run_state {
	const struct run_spec *spec;
	struct run_result *result;
	GMainLoop *loop;
	struct vm *qemu;
	struct qmp *qmp;
	struct progress *progress;
	struct agent_port *port;
	/* What is still to be done before the agent may go on (see hold()). */
	guint holds;
	gboolean stopping;
	guint kill_timer;
	guint run_timer;
	gint64 start_us;
	gboolean hotplugged;
};

static char *run_path(const struct run_spec *spec, const char *file)
{
	return g_build_filename(spec->out_dir, file, NULL);
}

static void write_argv_file(const struct run_spec *spec, GStrv argv)
{
	g_autofree char *path = run_path(spec, RUN_FILE_ARGV);
	GString *text = g_string_new(NULL);
	guint i;

	for (i = 0; argv[i]; i++) {
		g_autofree char *quoted = g_shell_quote(argv[i]);

		g_string_append_printf(text, "%s%s", i ? " \\\n  " : "", quoted);
	}
	g_string_append_c(text, '\n');
	g_file_set_contents(path, text->str, -1, NULL);
	g_string_free(text, TRUE);
}

static gboolean force_kill(gpointer data)
{
	struct run_state *st = data;

	st->kill_timer = 0;
	vm_kill(st->qemu);
	return G_SOURCE_REMOVE;
}

/* Ask QEMU to go (SIGTERM keeps its logs whole), then make it. */
static void stop_qemu(struct run_state *st, enum run_end why)
{
	if (st->stopping)
		return;
	st->stopping = TRUE;
	st->result->end = why;
	vm_stop(st->qemu);
	st->kill_timer = g_timeout_add(KILL_GRACE_MS, force_kill, st);
}

static gboolean on_timeout(gpointer data)
{
	struct run_state *st = data;

	st->run_timer = 0;
	progress_note(st->progress, "timeout after %u s: stopping QEMU",
		      st->spec->timeout_s);
	stop_qemu(st, RUN_END_TIMEOUT);
	return G_SOURCE_REMOVE;
}

static gboolean on_signal(gpointer data)
{
	struct run_state *st = data;

	progress_note(st->progress, "interrupted: stopping QEMU");
	stop_qemu(st, RUN_END_INTERRUPTED);
	return G_SOURCE_CONTINUE;
}

static void on_qmp_event(const char *event, json_t *msg, void *opaque)
{
	struct run_state *st = opaque;

	(void)msg;
	if (g_str_equal(event, "GUEST_PANICKED")) {
		st->result->guest_panicked = TRUE;
		progress_note(st->progress, "guest kernel panicked");
		/* The VM is paused (panic=pause); the logs are complete. */
		qmp_execute(st->qmp, "quit", NULL, NULL, NULL);
	}
}

static void on_qemu_exit(void *data)
{
	struct run_state *st = data;

	g_main_loop_quit(st->loop);
}

/*
 * The agent waits after each report line until the host has done what that
 * line asks for: each step that is still under way holds it back.
 */
static void hold(struct run_state *st)
{
	st->holds++;
}

static void release(struct run_state *st)
{
	if (--st->holds == 0 && !st->stopping)
		agent_port_ack(st->port);
}

struct snapshot {
	struct run_state *st;
	int gen;
};

static void on_query_pci(json_t *reply, void *opaque)
{
	struct snapshot *snap = opaque;
	g_autofree char *file = rundir_qmp_pci(snap->gen);
	g_autofree char *path = run_path(snap->st->spec, file);
	json_t *ret = json_object_get(reply, "return");

	if (ret && json_dump_file(ret, path, JSON_INDENT(1)) == 0)
		progress_note(snap->st->progress,
			      "QMP snapshot of PCI in generation %d: %s",
			      snap->gen, file);
	else
		progress_note(snap->st->progress,
			      "QMP query-pci failed in generation %d", snap->gen);
	release(snap->st);
	g_free(snap);
}

static void on_device_add(json_t *reply, void *opaque)
{
	struct run_state *st = opaque;
	json_t *err = json_object_get(reply, "error");

	if (!reply)
		progress_note(st->progress, "hotplug of %s: QEMU never answered",
			      st->spec->hotplug->id);
	else if (err)
		progress_note(st->progress, "hotplug of %s failed: %s", st->spec->hotplug->id,
			      json_string_value(json_object_get(err, "desc")));
	else
		progress_note(st->progress, "hotplugged %s", st->spec->hotplug->id);
	release(st);
}

static void maybe_hotplug(struct run_state *st, const char *event, int gen)
{
	const struct hotplug *h = st->spec->hotplug;

	if (!h || h->gen != gen || !g_str_equal(h->event, event) || st->hotplugged)
		return;
	st->hotplugged = TRUE;
	hold(st);
	qmp_execute(st->qmp, "device_add", json_deep_copy(h->args), on_device_add, st);
}

/*
 * The emulator's view of PCI when the guest reports its own: the agent
 * waits for it, and the VM pauses so that it is of one instant.
 */
static void on_agent_event(const char *event, int gen, void *opaque)
{
	struct run_state *st = opaque;
	struct run_mark mark = { .gen = gen };
	struct snapshot *snap;

	g_strlcpy(mark.event, event, sizeof(mark.event));
	mark.host_s = (double)(g_get_monotonic_time() - st->start_us) / G_USEC_PER_SEC;
	g_array_append_val(st->result->marks, mark);

	if (st->stopping || qmp_closed(st->qmp))
		return;
	maybe_hotplug(st, event, gen);
	if (!g_str_equal(event, "pci"))
		return;
	snap = g_new0(struct snapshot, 1);
	snap->st = st;
	snap->gen = gen;
	hold(st);
	qmp_execute(st->qmp, "stop", NULL, NULL, NULL);
	qmp_execute(st->qmp, "query-pci", NULL, on_query_pci, snap);
	qmp_execute(st->qmp, "cont", NULL, NULL, NULL);
}

/* A selftest's output gets a file of its own as soon as it arrives. */
static void keep_selftest_output(struct run_state *st, const char *line)
{
	json_t *msg = json_loads(line, 0, NULL);
	const char *name = json_string_value(json_object_get(msg, "name"));
	const char *output = json_string_value(json_object_get(msg, "output"));

	if (name && output && !strchr(name, '/') &&
	    g_strcmp0(json_string_value(json_object_get(msg, "event")), "selftest") == 0) {
		g_autofree char *file = rundir_selftest_log(
			name, (int)json_integer_value(json_object_get(msg, "gen")),
			(int)json_integer_value(json_object_get(msg, "stage")));
		g_autofree char *path = run_path(st->spec, file);

		g_file_set_contents(path, output, -1, NULL);
	}
	json_decref(msg);
}

static void on_agent_line(const char *line, void *opaque)
{
	struct run_state *st = opaque;

	if (strstr(line, "\"selftest\""))
		keep_selftest_output(st, line);
	hold(st);
	progress_line(st->progress, line);
	release(st);
}

/*
 * The domain's name says which run it is, lutb-<run directory>-<lutb's
 * pid>: two matrices on one host may have run directories of one name.
 */
static char *domain_name(const struct run_spec *spec)
{
	g_autofree char *base = g_path_get_basename(spec->out_dir);
	char *name = g_strdup_printf("lutb-%s-%d", base, (int)getpid());

	for (char *c = name; *c; c++)
		if (!g_ascii_isalnum(*c) && *c != '-' && *c != '_' && *c != '.')
			*c = '_';
	return name;
}

static struct vm *start_qemu(const struct run_spec *spec, const struct machine_run *mr,
			     GError **error)
{
	g_autofree char *log = run_path(spec, RUN_FILE_QEMU_LOG);
	g_autofree char *name = NULL;
	g_autofree char *xml_path = NULL;
	GStrv argv;
	struct vm *vm;

	if (!spec->libvirt_uri) {
		argv = machine_qemu_argv(spec->machine, mr);
		write_argv_file(spec, argv);
		vm = vm_spawn(argv, log, error);
		g_strfreev(argv);
		return vm;
	}
	name = domain_name(spec);
	xml_path = run_path(spec, RUN_FILE_DOMAIN_XML);
	return vm_libvirt_create(spec->libvirt_uri, name, spec->machine, mr, xml_path, log,
				 error);
}

/* QEMU may die before it listens; notice instead of waiting out the retry. */
static struct qmp *attach_qmp(struct run_state *st, const char *sock,
			      GError **error)
{
	g_autofree char *transcript = run_path(st->spec, RUN_FILE_QMP);
	gint64 deadline = g_get_monotonic_time() +
			  QMP_CONNECT_TIMEOUT_S * G_USEC_PER_SEC;
	struct qmp *q;

	for (;;) {
		g_clear_error(error);
		q = qmp_connect(sock, transcript,
				g_get_monotonic_time() + G_USEC_PER_SEC / 2,
				error);
		if (q)
			return q;
		while (g_main_context_pending(NULL))
			g_main_context_iteration(NULL, FALSE);
		if (!vm_alive(st->qemu)) {
			g_clear_error(error);
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
				    "QEMU exited before QMP was up; see %s/" RUN_FILE_QEMU_LOG,
				    st->spec->out_dir);
			return NULL;
		}
		if (g_get_monotonic_time() > deadline)
			return NULL;
	}
}

/* A socket's path must fit sun_path: a long run directory's go to /tmp. */
static char *socket_path(const struct run_spec *spec, const char *file, gint64 start)
{
	char *path = run_path(spec, file);

	if (strlen(path) < 100)
		return path;
	g_free(path);
	return g_strdup_printf("%s/lutb-%d-%" G_GINT64_FORMAT "-%s", g_get_tmp_dir(),
			       getpid(), start, file);
}

static void setup_error(struct run_result *result, const char *what,
			GError *error)
{
	result->end = RUN_END_SETUP_ERROR;
	result->setup_error = g_strdup_printf("%s: %s", what, error->message);
}


/*
 * The reports after which the host does something (on_agent_event()): the
 * agent waits for the host's ack of these only, and runs on after the
 * rest, whose acks it counts but need not wait for. "kexec": the line must
 * have left the guest before kernel A is gone.
 */
static char *host_waits(const struct run_spec *spec)
{
	return g_strdup_printf("pci\nkexec\n%s%s", spec->hotplug ? spec->hotplug->event : "",
			       spec->hotplug ? "\n" : "");
}

void runner_run(const struct run_spec *spec, struct run_result *result)
{
	struct run_state st = { .spec = spec, .result = result };
	g_autofree char *initrd = run_path(spec, RUN_FILE_INITRD);
	g_autofree char *sock = socket_path(spec, RUN_FILE_QMP_SOCKET, g_get_monotonic_time());
	g_autofree char *agent_sock = socket_path(spec, RUN_FILE_AGENT_SOCKET,
						  g_get_monotonic_time());
	g_autofree char *report = run_path(spec, RUN_FILE_REPORT);
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) files = NULL;
	g_autofree char *waits = NULL;
	struct machine_run mr = { 0 };
	gint64 start = g_get_monotonic_time();
	guint sigint, sigterm;

	memset(result, 0, sizeof(*result));
	result->marks = g_array_new(FALSE, TRUE, sizeof(struct run_mark));
	st.start_us = start;
	files = g_ptr_array_new_with_free_func(initrd_file_free);
	if (spec->selftests)
		selftest_guest_files(spec->selftests, spec->selftest_dir, files);
	waits = host_waits(spec);
	if (!initrd_compose(spec->base_initrd, spec->gens, spec->n_gens, spec->scenario, waits,
			    files, initrd, &error)) {
		setup_error(result, "composing the initramfs", error);
		return;
	}
	mr.qemu = spec->qemu;
	mr.firmware_dirs = spec->firmware_dirs;
	mr.kernel = spec->gens[0].kernel;
	mr.initrd = initrd;
	mr.cmdline = spec->gens[0].cmdline;
	mr.console_log = run_path(spec, RUN_FILE_CONSOLE);
	mr.report_socket = agent_sock;
	mr.qmp_socket = sock;
	mr.run_dir = spec->out_dir;
	mr.accel = spec->accel;

	st.qemu = start_qemu(spec, &mr, &error);
	if (!st.qemu) {
		setup_error(result, "starting QEMU", error);
		goto out_free;
	}
	st.progress = progress_new(start, on_agent_event, &st);
	st.qmp = attach_qmp(&st, sock, &error);
	if (!st.qmp) {
		vm_kill(st.qemu);
		vm_wait(st.qemu);
		setup_error(result, "connecting to QMP", error);
		goto out_progress;
	}
	/* QEMU is still paused: the agent cannot have said anything yet. */
	st.port = agent_port_connect(agent_sock, report, on_agent_line, &st, &error);
	if (!st.port) {
		qmp_free(st.qmp);
		vm_kill(st.qemu);
		vm_wait(st.qemu);
		setup_error(result, "connecting to the agent's port", error);
		goto out_progress;
	}
	st.loop = g_main_loop_new(NULL, FALSE);
	qmp_start(st.qmp, on_qmp_event, &st);
	qmp_execute(st.qmp, "cont", NULL, NULL, NULL);
	progress_note(st.progress, "QEMU started (%s), guest running",
		      accel_name(spec->accel));

	vm_watch(st.qemu, on_qemu_exit, &st);
	st.run_timer = g_timeout_add_seconds(spec->timeout_s, on_timeout, &st);
	sigint = g_unix_signal_add(SIGINT, on_signal, &st);
	sigterm = g_unix_signal_add(SIGTERM, on_signal, &st);
	g_main_loop_run(st.loop);
	g_source_remove(sigint);
	g_source_remove(sigterm);
	if (st.run_timer)
		g_source_remove(st.run_timer);
	if (st.kill_timer)
		g_source_remove(st.kill_timer);
	st.stopping = TRUE; /* QEMU is gone: report, but take no snapshot */
	agent_port_drain(st.port);
	vm_result(st.qemu, result);
	g_main_loop_unref(st.loop);
	qmp_free(st.qmp);
	agent_port_free(st.port);
out_progress:
	progress_free(st.progress);
out_free:
	g_clear_pointer(&st.qemu, vm_free);
	unlink(sock);
	unlink(agent_sock);
	g_free((char *)mr.console_log);
	result->wall_s = (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
}
