// SPDX-License-Identifier: GPL-2.0-only
#include "evidence.h"

#include <gio/gio.h>
#include <string.h>

#include "rundir.h"

/* How lib/test_kho.c (KBUILD_MODNAME "test_kho") starts its lines. */
#define KHO_TEST_LOG_PREFIX "test_kho: "

/* Console markers of a kernel that went wrong. */
static const char *const problem_markers[] = {
	"Kernel panic - not syncing", "BUG:", "WARNING:", "Oops:",
	"general protection fault",
	/* The debug kernel's finders: KASAN and lockdep say BUG: and WARNING:. */
	"UBSAN:", "suspected memory leaks",
};

static void console_gen_free(gpointer data)
{
	struct console_gen *c = data;

	g_ptr_array_unref(c->problems);
	g_ptr_array_unref(c->kho_test);
	g_ptr_array_unref(c->faults);
	g_array_unref(c->posted);
	g_ptr_array_unref(c->lines);
	g_free(c);
}

static void agent_event_free(gpointer data)
{
	struct agent_event *e = data;

	g_free(e->event);
	json_decref(e->msg);
	g_free(e);
}

static void run_device_free(gpointer data)
{
	struct run_device *d = data;

	g_free(d->bdf1);
	ludma_log_free(d->log);
	g_free(d);
}

/* A generation without a snapshot holds NULL. */
static void snapshot_free(gpointer data)
{
	if (data)
		g_ptr_array_unref(data);
}

static void pci_view_free(gpointer data)
{
	struct pci_view *v = data;

	if (v->qmp)
		g_ptr_array_unref(v->qmp);
	g_free(v->phase);
	g_free(v);
}

static void init_arrays(struct evidence *ev)
{
	if (!ev->views)
		ev->views = g_ptr_array_new_with_free_func(pci_view_free);
	if (!ev->qmp_pci)
		ev->qmp_pci = g_ptr_array_new_with_free_func(snapshot_free);
	if (!ev->devices)
		ev->devices = g_ptr_array_new_with_free_func(run_device_free);
	run_json_spec_init(&ev->spec);
	if (!ev->agent)
		ev->agent = g_ptr_array_new_with_free_func(agent_event_free);
	if (!ev->console)
		ev->console = g_ptr_array_new_with_free_func(console_gen_free);
	if (!ev->qmp_events)
		ev->qmp_events = g_ptr_array_new_with_free_func(
			(GDestroyNotify)json_decref);
	if (!ev->missing)
		ev->missing = g_ptr_array_new_with_free_func(g_free);
}

void evidence_parse_console(struct evidence *ev, const char *text)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	struct console_gen *cur = NULL;

	init_arrays(ev);
	for (guint i = 0; lines[i]; i++) {
		const char *line = lines[i];
		const char *fault, *kho;
		struct posted_line said;

		if (strstr(line, "] Linux version ") ||
		    g_str_has_prefix(line, "Linux version ")) {
			cur = g_new0(struct console_gen, 1);
			cur->problems = g_ptr_array_new_with_free_func(g_free);
			cur->faults = g_ptr_array_new_with_free_func(g_free);
			cur->kho_test = g_ptr_array_new_with_free_func(g_free);
			cur->posted = g_array_new(FALSE, FALSE, sizeof(struct posted_line));
			cur->lines = g_ptr_array_new_with_free_func(g_free);
			g_ptr_array_add(ev->console, cur);
		}
		if (!cur)
			continue;
		if (strstr(line, "luo: Retrieved live update data"))
			cur->luo_retrieved = TRUE;
		g_ptr_array_add(cur->lines, g_strchomp(g_strdup(line)));
		if (posted_log_parse(line, &said))
			g_array_append_val(cur->posted, said);
		if ((kho = strstr(line, KHO_TEST_LOG_PREFIX)))
			g_ptr_array_add(cur->kho_test, g_strchomp(g_strdup(kho)));
		fault = strstr(line, FAULT_KERNEL_LOG_PREFIX);
		if (fault)
			g_ptr_array_add(cur->faults, g_strchomp(g_strdup(fault)));
		for (guint m = 0; m < G_N_ELEMENTS(problem_markers); m++) {
			if (strstr(line, problem_markers[m])) {
				g_ptr_array_add(cur->problems,
						g_strchomp(g_strdup(line)));
				break;
			}
		}
	}
}

void evidence_parse_agent(struct evidence *ev, const char *text)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

	init_arrays(ev);
	for (guint i = 0; lines[i]; i++) {
		json_t *msg = json_loads(lines[i], 0, NULL);
		const char *event = json_string_value(json_object_get(msg, "event"));
		struct agent_event *e;

		/* A line cut short by a dying guest is not evidence. */
		if (!event || !json_is_integer(json_object_get(msg, "gen"))) {
			json_decref(msg);
			continue;
		}
		e = g_new0(struct agent_event, 1);
		e->gen = (int)json_integer_value(json_object_get(msg, "gen"));
		e->event = g_strdup(event);
		e->msg = msg;
		g_ptr_array_add(ev->agent, e);
	}
}

void evidence_parse_qmp(struct evidence *ev, const char *text)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

	init_arrays(ev);
	for (guint i = 0; lines[i]; i++) {
		/* As qmp.c reads them: QMP's uint64 values overflow integers. */
		json_t *line = json_loads(lines[i], JSON_DECODE_INT_AS_REAL, NULL);
		json_t *msg = json_object_get(line, "msg");

		if (json_is_string(json_object_get(msg, "event")))
			g_ptr_array_add(ev->qmp_events, json_incref(msg));
		json_decref(line);
	}
}

static struct run_device *track_device(struct evidence *ev, const struct run_json_device *spec)
{
	struct run_device *d = g_new0(struct run_device, 1);

	d->spec = spec;
	g_ptr_array_add(ev->devices, d);
	return d;
}

static void load_devices(struct evidence *ev)
{
	for (guint i = 0; i < ev->spec.devices->len; i++)
		track_device(ev, g_ptr_array_index(ev->spec.devices, i));
}

struct run_device *evidence_add_device(struct evidence *ev, const char *path,
				       const char *qemu_id, const char *driver,
				       gboolean lu_dma, gboolean preserve)
{
	init_arrays(ev);
	run_json_add_device(&ev->spec, path, qemu_id, driver, lu_dma, preserve);
	return track_device(ev, g_ptr_array_index(ev->spec.devices, ev->spec.devices->len - 1));
}

/* Each lu-dma writes lu-dma-<qemu id>.jsonl in the run directory. */
static void load_ludma_logs(struct evidence *ev, const char *run_dir)
{
	for (guint i = 0; i < ev->devices->len; i++) {
		struct run_device *d = g_ptr_array_index(ev->devices, i);
		g_autofree char *file = NULL;
		g_autofree char *path = NULL;

		if (!d->spec->lu_dma || !d->spec->qemu_id)
			continue;
		file = rundir_ludma_log(d->spec->qemu_id);
		path = g_build_filename(run_dir, file, NULL);
		d->log = ludma_log_load(path, NULL);
		if (!d->log || !d->log->events->len)
			g_ptr_array_add(ev->missing, g_strdup_printf(
				"%s: %s's ground-truth log is missing or empty", file, d->spec->path));
		/* A line cut off when QEMU was killed is no fault of the log. */
		else if (d->log->bad_lines > (guint)d->log->last_line_cut) {
			guint n = d->log->bad_lines - (guint)d->log->last_line_cut;

			g_ptr_array_add(ev->missing, g_strdup_printf(
				"%s: %u line%s not a JSON object", file, n,
				n == 1 ? " is" : "s are"));
		}
	}
}

/* Generation @gen's last "pci" report at @phase (any phase if NULL). */
static const struct agent_event *pci_report(const struct evidence *ev, guint gen,
					    const char *phase)
{
	const struct agent_event *found = NULL;

	for (guint i = 0; i < ev->agent->len; i++) {
		const struct agent_event *e = g_ptr_array_index(ev->agent, i);

		if (e->gen == (int)gen && g_str_equal(e->event, "pci") &&
		    (!phase || !g_strcmp0(phase, json_string_value(json_object_get(e->msg,
										   "phase")))))
			found = e;
	}
	return found;
}

/* A view for each time the agent reported its PCI view. */
static void load_views(struct evidence *ev, const char *run_dir)
{
	for (guint i = 0; i < ev->agent->len; i++) {
		const struct agent_event *e = g_ptr_array_index(ev->agent, i);
		const char *phase = json_string_value(json_object_get(e->msg, "phase")) ?: "";
		g_autofree char *file = NULL;
		g_autofree char *path = NULL;
		GPtrArray *snap = NULL;

		if (!g_str_equal(e->event, "pci") || e->gen < 1)
			continue;
		file = rundir_qmp_pci(e->gen, phase);
		if (file) {
			path = g_build_filename(run_dir, file, NULL);
			snap = qmp_pci_load(path, NULL);
		}
		/* Runs from before phases left one snapshot a generation, its last. */
		if (!snap && pci_report(ev, (guint)e->gen, NULL) == e) {
			g_autofree char *legacy = rundir_qmp_pci_legacy(e->gen);

			g_free(path);
			path = g_build_filename(run_dir, legacy, NULL);
			snap = qmp_pci_load(path, NULL);
		}
		if (!snap)
			g_ptr_array_add(ev->missing, g_strdup_printf(
				"%s: generation %d reported its PCI view at %s, but no QMP "
				"snapshot was saved", file ? file : phase, e->gen, phase));
		evidence_add_view(ev, (guint)e->gen, *phase ? phase : NULL, snap);
	}
}

void evidence_add_view(struct evidence *ev, guint gen, const char *phase, GPtrArray *qmp)
{
	struct pci_view *v = g_new0(struct pci_view, 1);

	init_arrays(ev);
	v->gen = gen;
	v->phase = g_strdup(phase);
	v->qmp = qmp;
	g_ptr_array_add(ev->views, v);
	while (ev->qmp_pci->len < gen)
		g_ptr_array_add(ev->qmp_pci, NULL);
	if (qmp) {
		snapshot_free(g_ptr_array_index(ev->qmp_pci, gen - 1));
		g_ptr_array_index(ev->qmp_pci, gen - 1) = g_ptr_array_ref(qmp);
	}
}

gboolean run_device_below(const struct run_device *d, const struct run_device *up)
{
	size_t n = strlen(up->spec->path);

	return !strncmp(d->spec->path, up->spec->path, n) && d->spec->path[n] == '/';
}

static void set_roles_from(struct evidence *ev, const char *event,
			   enum guest_role role)
{
	const struct agent_event *e = evidence_agent_find(ev, 1, event);
	size_t i;
	json_t *eng;

	json_array_foreach(e ? json_object_get(e->msg, "engines") : NULL, i, eng) {
		struct run_device *d = evidence_device_at(ev,
			json_string_value(json_object_get(eng, "bdf")));

		if (d && json_is_true(json_object_get(eng, "ok")))
			d->role = role;
	}
}

/*
 * The preserved set is what kernel A's agent preserved minus what it
 * unpreserved; every bridge above a preserved engine is on its path.
 */
void evidence_derive_roles(struct evidence *ev)
{
	/* Kernel A's agent names engines by where they were at boot. */
	GPtrArray *snap = evidence_qmp_pci_first(ev, 1);

	for (guint i = 0; i < ev->devices->len; i++) {
		struct run_device *d = g_ptr_array_index(ev->devices, i);
		const struct qmp_pci_dev *q = qmp_pci_find(snap, d->spec->qemu_id);
		char bdf[16];

		if (q) {
			qmp_pci_bdf(q, bdf, sizeof(bdf));
			d->bdf1 = g_strdup(bdf);
		}
	}
	set_roles_from(ev, "luo-preserve", ROLE_PRESERVED);
	set_roles_from(ev, "luo-unpreserve", ROLE_UNPRESERVED);
	for (guint i = 0; i < ev->devices->len; i++) {
		const struct run_device *d = g_ptr_array_index(ev->devices, i);

		if (d->role != ROLE_PRESERVED)
			continue;
		for (guint j = 0; j < ev->devices->len; j++) {
			struct run_device *up = g_ptr_array_index(ev->devices, j);

			if (up->role == ROLE_NONE && run_device_below(d, up))
				up->role = ROLE_PATH;
		}
	}
}

static gboolean load_run_record(struct evidence *ev, const char *run_dir,
				GError **error)
{
	struct run_json rj;

	if (!run_json_read(run_dir, &rj, error)) {
		run_json_clear(&rj);
		return FALSE;
	}
	ev->spec = rj.spec;
	ev->run = rj.result;
	ev->expected_gens = ev->spec.gens->len;
	load_devices(ev);
	return TRUE;
}

/* A file the run may not have got to write is simply empty evidence. */
static char *read_optional(const char *dir, const char *file)
{
	g_autofree char *path = g_build_filename(dir, file, NULL);
	char *text = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return g_strdup("");
	return text;
}

gboolean evidence_load(const char *run_dir, struct evidence *ev, GError **error)
{
	g_autofree char *console = read_optional(run_dir, RUN_FILE_CONSOLE);
	g_autofree char *agent = read_optional(run_dir, RUN_FILE_REPORT);
	g_autofree char *qmp = read_optional(run_dir, RUN_FILE_QMP);

	memset(ev, 0, sizeof(*ev));
	init_arrays(ev);
	if (!load_run_record(ev, run_dir, error))
		return FALSE;
	evidence_parse_console(ev, console);
	evidence_parse_agent(ev, agent);
	evidence_parse_qmp(ev, qmp);
	load_ludma_logs(ev, run_dir);
	load_views(ev, run_dir);
	evidence_derive_roles(ev);
	if (ev->run.end != RUN_END_SETUP_ERROR && !*console)
		g_ptr_array_add(ev->missing, g_strdup(RUN_FILE_CONSOLE
			": missing or empty: no kernel printed anything"));
	if (ev->run.end != RUN_END_SETUP_ERROR && !*agent)
		g_ptr_array_add(ev->missing, g_strdup(RUN_FILE_REPORT
			": missing or empty: no agent reported"));
	return TRUE;
}

void evidence_clear(struct evidence *ev)
{
	struct run_json rj = { .spec = ev->spec, .result = ev->run };

	g_clear_pointer(&ev->devices, g_ptr_array_unref);
	g_clear_pointer(&ev->qmp_pci, g_ptr_array_unref);
	g_clear_pointer(&ev->views, g_ptr_array_unref);
	g_clear_pointer(&ev->agent, g_ptr_array_unref);
	g_clear_pointer(&ev->console, g_ptr_array_unref);
	g_clear_pointer(&ev->qmp_events, g_ptr_array_unref);
	g_clear_pointer(&ev->missing, g_ptr_array_unref);
	run_json_clear(&rj);
	memset(&ev->spec, 0, sizeof(ev->spec));
	memset(&ev->run, 0, sizeof(ev->run));
}

const struct agent_event *evidence_agent_find(const struct evidence *ev,
					      int gen, const char *event)
{
	for (guint i = 0; i < ev->agent->len; i++) {
		const struct agent_event *e = g_ptr_array_index(ev->agent, i);

		if (e->gen == gen && g_str_equal(e->event, event))
			return e;
	}
	return NULL;
}

json_t *evidence_agent_engine(const struct evidence *ev, int gen,
			      const char *event, const char *bdf)
{
	const struct agent_event *e = evidence_agent_find(ev, gen, event);
	size_t i;
	json_t *eng;

	json_array_foreach(e ? json_object_get(e->msg, "engines") : NULL, i, eng) {
		const char *b = json_string_value(json_object_get(eng, "bdf"));

		if (bdf && b && g_str_equal(b, bdf))
			return eng;
	}
	return NULL;
}

struct run_device *evidence_device_at(const struct evidence *ev, const char *bdf)
{
	for (guint i = 0; bdf && i < ev->devices->len; i++) {
		struct run_device *d = g_ptr_array_index(ev->devices, i);

		if (d->bdf1 && g_str_equal(d->bdf1, bdf))
			return d;
	}
	return NULL;
}

const struct run_device *evidence_device(const struct evidence *ev,
					 const char *qemu_id)
{
	for (guint i = 0; i < ev->devices->len; i++) {
		const struct run_device *d = g_ptr_array_index(ev->devices, i);

		if (d->spec->qemu_id && g_str_equal(d->spec->qemu_id, qemu_id))
			return d;
	}
	return NULL;
}

const char *evidence_path_of(const struct evidence *ev, const char *qemu_id)
{
	const struct run_device *d = qemu_id ? evidence_device(ev, qemu_id) : NULL;

	return d ? d->spec->path : qemu_id ? qemu_id : "?";
}

const char *evidence_path_by(const struct evidence *ev, const struct run_device *engine,
			     const char *by)
{
	return by && g_str_equal(by, "self") ? engine->spec->path : evidence_path_of(ev, by);
}

GPtrArray *evidence_qmp_pci(const struct evidence *ev, guint gen)
{
	return gen >= 1 && gen <= ev->qmp_pci->len ?
	       g_ptr_array_index(ev->qmp_pci, gen - 1) : NULL;
}

const struct console_gen *evidence_console(const struct evidence *ev, guint gen)
{
	return gen >= 1 && gen <= ev->console->len ?
	       g_ptr_array_index(ev->console, gen - 1) : NULL;
}

GPtrArray *evidence_qmp_pci_first(const struct evidence *ev, guint gen)
{
	for (guint i = 0; ev->views && i < ev->views->len; i++) {
		const struct pci_view *v = g_ptr_array_index(ev->views, i);

		if (v->gen == gen && v->qmp)
			return v->qmp;
	}
	return evidence_qmp_pci(ev, gen);
}

json_t *evidence_guest_pci(const struct evidence *ev, guint gen)
{
	const struct agent_event *e = pci_report(ev, gen, NULL);

	return e ? json_object_get(e->msg, "devices") : NULL;
}

json_t *evidence_view_guest(const struct evidence *ev, const struct pci_view *view)
{
	const struct agent_event *e = pci_report(ev, view->gen, view->phase);

	return e ? json_object_get(e->msg, "devices") : NULL;
}

char *evidence_view_name(const struct pci_view *view)
{
	return view->phase && *view->phase ?
	       g_strdup_printf("gen%u %s", view->gen, view->phase) :
	       g_strdup_printf("gen%u", view->gen);
}

json_t *evidence_guest_device(json_t *devices, const char *bdf)
{
	size_t i;
	json_t *d;

	json_array_foreach(devices, i, d) {
		const char *b = json_string_value(json_object_get(d, "bdf"));

		if (bdf && b && g_str_equal(b, bdf))
			return d;
	}
	return NULL;
}

json_t *evidence_qmp_find(const struct evidence *ev, const char *name)
{
	for (guint i = 0; i < ev->qmp_events->len; i++) {
		json_t *msg = g_ptr_array_index(ev->qmp_events, i);

		if (g_str_equal(json_string_value(json_object_get(msg, "event")), name))
			return msg;
	}
	return NULL;
}
