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
#include "saved_vm.h"
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
	/* For the agent at the fork point, once the saved VM runs; then NULL. */
	char *run_files;
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

static void add_mark(struct run_state *st, const char *event, int gen)
{
	struct run_mark mark = { .gen = gen };

	g_strlcpy(mark.event, event, sizeof(mark.event));
	mark.host_s = (double)(g_get_monotonic_time() - st->start_us) / G_USEC_PER_SEC;
	g_array_append_val(st->result->marks, mark);
}

/* The saved VM runs (the state is loaded): the agent waits for its files. */
static void send_run_files(struct run_state *st)
{
	g_autoptr(GError) error = NULL;

	if (!agent_port_send(st->port, st->run_files, &error))
		progress_note(st->progress, "sending the run's files to the agent: %s",
			      error->message);
	else
		progress_note(st->progress, "saved VM loaded; the run's files sent to the agent");
	g_clear_pointer(&st->run_files, g_free);
}

static void on_migration(struct run_state *st, json_t *msg)
{
	const char *status = json_string_value(json_object_get(json_object_get(msg, "data"),
							       "status"));

	if (g_strcmp0(status, "completed") == 0 && st->spec->save_to) {
		add_mark(st, RUN_MARK_VM_SAVED, 1);
		progress_note(st->progress, "VM saved at the fork point: %s", st->spec->save_to);
		qmp_execute(st->qmp, "quit", NULL, NULL, NULL);
	} else if (g_strcmp0(status, "completed") == 0) {
		/* Saved paused, loaded paused: the run starts here. */
		qmp_execute(st->qmp, "cont", NULL, NULL, NULL);
	} else if (g_strcmp0(status, "failed") == 0) {
		progress_note(st->progress, "%s the VM failed; see " RUN_FILE_QMP " and "
			      RUN_FILE_QEMU_LOG, st->spec->save_to ? "saving" : "loading");
		qmp_execute(st->qmp, "quit", NULL, NULL, NULL);
	}
}

/*
 * A saved VM's RAM is a file with each page at its own offset
 * (mapped-ram): only the pages the guest used are written and read, not
 * a gigabyte of zeros scanned on either side.
 */
static json_t *migration_capabilities(void)
{
	return json_pack("{s:[{s:s, s:b}, {s:s, s:b}]}", "capabilities",
			 "capability", "events", "state", 1,
			 "capability", "mapped-ram", "state", 1);
}

/* The saved VM's state goes in before the guest runs on. */
static void load_saved_vm(struct run_state *st, const char *state)
{
	g_autofree char *uri = g_strdup_printf("file:%s", state);

	qmp_execute(st->qmp, "migrate-set-capabilities", migration_capabilities(), NULL, NULL);
	qmp_execute(st->qmp, "migrate-incoming", json_pack("{s:s}", "uri", uri), NULL, NULL);
}

static void on_qmp_event(const char *event, json_t *msg, void *opaque)
{
	struct run_state *st = opaque;

	if (g_str_equal(event, "RESUME") && st->run_files)
		send_run_files(st);
	if (g_str_equal(event, "MIGRATION"))
		on_migration(st, msg);
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
	char *phase;
};

static void on_query_pci(json_t *reply, void *opaque)
{
	struct snapshot *snap = opaque;
	g_autofree char *file = rundir_qmp_pci(snap->gen, snap->phase);
	g_autofree char *path = file ? run_path(snap->st->spec, file) : NULL;
	json_t *ret = json_object_get(reply, "return");

	if (ret && path && json_dump_file(ret, path, JSON_INDENT(1)) == 0)
		progress_note(snap->st->progress,
			      "QMP snapshot of PCI in generation %d (%s): %s",
			      snap->gen, snap->phase, file);
	else
		progress_note(snap->st->progress,
			      "QMP query-pci failed in generation %d (%s)", snap->gen,
			      snap->phase);
	release(snap->st);
	g_free(snap->phase);
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

/* QEMU may refuse: a device that cannot migrate (nvme) makes the machine
 * one to boot in every run, which @save_to's ".refused" file says. */
static void on_migrate_reply(json_t *reply, void *opaque)
{
	struct run_state *st = opaque;
	const char *desc = json_string_value(json_object_get(json_object_get(reply, "error"),
							     "desc"));
	g_autofree char *refused = NULL;

	if (!desc)
		return;
	refused = g_strconcat(st->spec->save_to, SAVED_VM_REFUSED_SUFFIX, NULL);
	g_file_set_contents(refused, desc, -1, NULL);
	progress_note(st->progress, "QEMU cannot save this machine: %s", desc);
	qmp_execute(st->qmp, "quit", NULL, NULL, NULL);
}

/*
 * The agent of a VM to be saved is at the fork point: save it there. It
 * gets no ack; a run that loads the state answers it with its files.
 */
static void save_vm(struct run_state *st)
{
	g_autofree char *uri = g_strdup_printf("file:%s", st->spec->save_to);

	hold(st);
	qmp_execute(st->qmp, "migrate-set-capabilities", migration_capabilities(), NULL, NULL);
	qmp_execute(st->qmp, "stop", NULL, NULL, NULL);
	qmp_execute(st->qmp, "migrate", json_pack("{s:s}", "uri", uri), on_migrate_reply, st);
}

/*
 * The emulator's view of PCI when the guest reports its own: the agent
 * waits for it, and the VM pauses so that it is of one instant.
 */
static void on_agent_event(const char *event, int gen, json_t *msg, void *opaque)
{
	struct run_state *st = opaque;
	struct snapshot *snap;

	add_mark(st, event, gen);
	if (st->stopping || qmp_closed(st->qmp))
		return;
	if (g_str_equal(event, "fork-point") && st->spec->save_to) {
		save_vm(st);
		return;
	}
	maybe_hotplug(st, event, gen);
	if (!g_str_equal(event, "pci"))
		return;
	snap = g_new0(struct snapshot, 1);
	snap->st = st;
	snap->gen = gen;
	snap->phase = g_strdup(json_string_value(json_object_get(msg, "phase")) ?: "");
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

/* Which saved VM the run started from: its logs are the run's first part. */
static void keep_saved_vm_name(const struct run_spec *spec, const struct saved_vm *saved)
{
	g_autofree char *path = run_path(spec, RUN_FILE_SAVED_VM);
	g_autofree char *text = g_strdup_printf("%s\n", saved->dir);

	g_file_set_contents(path, text, -1, NULL);
	fprintf(stderr, "lutb: starting from saved VM %s%s\n", saved->key,
		saved->booted ? " (booted and saved just now)" : "");
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

static gboolean compose_run_initrd(const struct run_spec *spec, struct machine_run *mr,
				   const char *initrd, GError **error)
{
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(initrd_file_free);
	g_autofree char *waits = host_waits(spec);

	if (spec->selftests)
		selftest_guest_files(spec->selftests, spec->selftest_dir, files);
	mr->initrd = initrd;
	return initrd_compose(spec->base_initrd, spec->gens, spec->n_gens, spec->scenario,
			      waits, files, initrd, error);
}

/*
 * Kernel A's initramfs: the run's own, or a saved VM's, whose agent gets
 * the run's files at the fork point (@st->run_files) and whose logs the
 * run's begin with.
 */
static gboolean prepare_initrd(struct run_state *st, struct saved_vm **saved,
			       struct machine_run *mr, char *initrd, GError **error)
{
	const struct run_spec *spec = st->spec;
	g_autofree char *waits = host_waits(spec);

	if (spec->save_to) {
		mr->initrd = spec->base_initrd;
		return TRUE;
	}
	if (spec->fork_cache) {
		if (spec->libvirt_uri) {
			fprintf(stderr, "lutb: booting kernel A: a run through libvirt "
				"cannot start from a saved VM\n");
			return compose_run_initrd(spec, mr, initrd, error);
		}
		*saved = saved_vm_get(spec, error);
		if (!*saved && g_error_matches(*error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED)) {
			fprintf(stderr, "lutb: booting kernel A: %s\n", (*error)->message);
			g_clear_error(error);
			return compose_run_initrd(spec, mr, initrd, error);
		}
		if (!*saved || !saved_vm_copy_logs(*saved, spec, error) ||
		    !(st->run_files = saved_vm_run_files(spec, waits, error)))
			return FALSE;
		mr->initrd = (*saved)->initrd;
		mr->incoming = (*saved)->state;
		return TRUE;
	}
	return compose_run_initrd(spec, mr, initrd, error);
}

void runner_run(const struct run_spec *spec, struct run_result *result)
{
	struct run_state st = { .spec = spec, .result = result };
	g_autofree char *initrd = run_path(spec, RUN_FILE_INITRD);
	g_autofree char *sock = NULL, *agent_sock = NULL;
	g_autofree char *report = run_path(spec, RUN_FILE_REPORT);
	g_autoptr(GError) error = NULL;
	struct saved_vm *saved = NULL;
	struct machine_run mr = { 0 };
	gint64 start;
	guint sigint, sigterm;

	memset(result, 0, sizeof(*result));
	result->marks = g_array_new(FALSE, TRUE, sizeof(struct run_mark));
	if (!prepare_initrd(&st, &saved, &mr, initrd, &error)) {
		setup_error(result, spec->fork_cache ? "starting from a saved VM" :
			    "composing the initramfs", error);
		saved_vm_free(saved);
		return;
	}
	/* A saved VM booted for this run is not this run's time. */
	start = g_get_monotonic_time();
	st.start_us = start;
	sock = socket_path(spec, RUN_FILE_QMP_SOCKET, start);
	agent_sock = socket_path(spec, RUN_FILE_AGENT_SOCKET, start);
	if (saved)
		keep_saved_vm_name(spec, saved);
	mr.qemu = spec->qemu;
	mr.firmware_dirs = spec->firmware_dirs;
	mr.kernel = spec->gens[0].kernel;
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
	if (mr.incoming)
		load_saved_vm(&st, mr.incoming);
	else
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
	g_free(st.run_files);
	saved_vm_free(saved);
	result->wall_s = (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
}
