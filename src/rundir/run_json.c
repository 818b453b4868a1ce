// SPDX-License-Identifier: GPL-2.0-only
#include "run_json.h"

#include <gio/gio.h>

#include "run_files.h"

/* Bump when a field changes meaning; readers may check it. */
#define RUN_JSON_VERSION 1

static void device_free(gpointer p)
{
	struct run_json_device *d = p;

	g_free(d->path);
	g_free(d->qemu_id);
	g_free(d->driver);
	g_free(d);
}

static void gen_free(gpointer p)
{
	struct run_json_gen *g = p;

	g_free(g->kernel);
	g_free(g->cmdline);
	g_free(g);
}

static void hotplug_free(struct run_json_hotplug *h)
{
	if (!h)
		return;
	g_free(h->event);
	g_free(h->id);
	json_decref(h->device_add);
	g_free(h);
}

void run_json_selftest_free(gpointer selftest)
{
	struct run_json_selftest *t = selftest;

	g_free(t->name);
	g_free(t->kind);
	g_free(t);
}

void run_json_add_selftest(struct run_json_spec *spec, const char *name,
			   const char *kind)
{
	struct run_json_selftest *t = g_new0(struct run_json_selftest, 1);

	if (!spec->selftests)
		spec->selftests = g_ptr_array_new_with_free_func(run_json_selftest_free);
	t->name = g_strdup(name);
	t->kind = g_strdup(kind);
	g_ptr_array_add(spec->selftests, t);
}

void run_json_spec_init(struct run_json_spec *spec)
{
	if (!spec->devices)
		spec->devices = g_ptr_array_new_with_free_func(device_free);
	if (!spec->gens)
		spec->gens = g_ptr_array_new_with_free_func(gen_free);
}

void run_json_init(struct run_json *rj)
{
	memset(rj, 0, sizeof(*rj));
	run_json_spec_init(&rj->spec);
	rj->result.marks = g_array_new(FALSE, TRUE, sizeof(struct run_mark));
}

void run_result_clear(struct run_result *result)
{
	g_clear_pointer(&result->marks, g_array_unref);
	g_clear_pointer(&result->setup_error, g_free);
}

void run_json_clear(struct run_json *rj)
{
	struct run_json_spec *s = &rj->spec;

	g_clear_pointer(&s->machine, g_free);
	g_clear_pointer(&s->devices, g_ptr_array_unref);
	g_clear_pointer(&s->gens, g_ptr_array_unref);
	g_clear_pointer(&s->accel, g_free);
	g_clear_pointer(&s->settings, g_free);
	g_clear_pointer(&s->scenario, g_free);
	g_clear_pointer(&s->fault, g_free);
	g_clear_pointer(&s->iommu, g_free);
	g_clear_pointer(&s->libvirt, g_free);
	g_clear_pointer(&s->hotplug, hotplug_free);
	g_clear_pointer(&s->selftests, g_ptr_array_unref);
	run_result_clear(&rj->result);
}

void run_json_add_device(struct run_json_spec *spec, const char *path,
			 const char *qemu_id, const char *driver,
			 gboolean lu_dma, gboolean preserve)
{
	struct run_json_device *d = g_new0(struct run_json_device, 1);

	d->path = g_strdup(path);
	d->qemu_id = g_strdup(qemu_id);
	d->driver = g_strdup(driver);
	d->lu_dma = lu_dma;
	d->preserve = preserve;
	g_ptr_array_add(spec->devices, d);
}

void run_json_add_gen(struct run_json_spec *spec, const char *kernel,
		      const char *cmdline)
{
	struct run_json_gen *g = g_new0(struct run_json_gen, 1);

	g->kernel = g_strdup(kernel);
	g->cmdline = g_strdup(cmdline);
	g_ptr_array_add(spec->gens, g);
}

const char *run_end_name(enum run_end end)
{
	static const char *const names[] = {
		[RUN_END_EXITED] = "exited",
		[RUN_END_TIMEOUT] = "timeout",
		[RUN_END_INTERRUPTED] = "interrupted",
		[RUN_END_SETUP_ERROR] = "setup-error",
	};
	return names[end];
}

double run_result_mark(const struct run_result *result, const char *event, int gen)
{
	for (guint i = 0; result->marks && i < result->marks->len; i++) {
		const struct run_mark *m = &g_array_index(result->marks, struct run_mark, i);

		if (m->gen == gen && g_str_equal(m->event, event))
			return m->host_s;
	}
	return -1;
}

static void set_string(json_t *obj, const char *key, const char *value)
{
	if (value)
		json_object_set_new(obj, key, json_string(value));
}

json_t *run_json_spec_to_json(const struct run_json_spec *spec)
{
	json_t *devices = json_array();
	json_t *gens = json_array();
	json_t *obj;

	for (guint i = 0; i < spec->devices->len; i++) {
		const struct run_json_device *d = g_ptr_array_index(spec->devices, i);

		json_array_append_new(devices, json_pack("{s:s?, s:s?, s:s?, s:b, s:b}",
			"path", d->path, "qemu_id", d->qemu_id, "driver", d->driver,
			"lu_dma", d->lu_dma, "preserve", d->preserve));
	}
	for (guint i = 0; i < spec->gens->len; i++) {
		const struct run_json_gen *g = g_ptr_array_index(spec->gens, i);

		json_array_append_new(gens, json_pack("{s:s?, s:s?}",
			"kernel", g->kernel, "cmdline", g->cmdline));
	}
	obj = json_pack("{s:s?, s:o, s:o, s:s?, s:i}", "machine", spec->machine,
			"devices", devices, "generations", gens,
			"accel", spec->accel, "timeout_s", spec->timeout_s);
	/* What the run asked the agent to do: the judge's expectations. */
	set_string(obj, "settings", spec->settings);
	set_string(obj, "scenario", spec->scenario);
	set_string(obj, "fault", spec->fault);
	set_string(obj, "iommu", spec->iommu);
	set_string(obj, "libvirt", spec->libvirt);
	if (spec->hotplug)
		json_object_set_new(obj, "hotplug", json_pack("{s:i, s:s?, s:s?, s:O?}",
			"gen", spec->hotplug->gen, "event", spec->hotplug->event,
			"id", spec->hotplug->id, "device_add", spec->hotplug->device_add));
	if (spec->selftests) {
		json_t *tests = json_array();

		for (guint i = 0; i < spec->selftests->len; i++) {
			const struct run_json_selftest *t = g_ptr_array_index(spec->selftests, i);

			json_array_append_new(tests, json_pack("{s:s, s:s}", "name", t->name,
							       "kind", t->kind));
		}
		json_object_set_new(obj, "selftests", tests);
	}
	return obj;
}

static json_t *result_to_json(const struct run_result *r)
{
	json_t *marks = json_array();

	for (guint i = 0; r->marks && i < r->marks->len; i++) {
		const struct run_mark *m = &g_array_index(r->marks, struct run_mark, i);

		json_array_append_new(marks, json_pack("{s:s, s:i, s:f}", "event", m->event,
						       "gen", m->gen, "host_s", m->host_s));
	}
	return json_pack("{s:s, s:b, s:i, s:i, s:b, s:f, s:s?, s:o}",
			 "end", run_end_name(r->end), "exited", r->exited,
			 "exit_status", r->exit_status, "term_signal", r->term_signal,
			 "guest_panicked", r->guest_panicked, "wall_s", r->wall_s,
			 "setup_error", r->setup_error, "agent_events", marks);
}

gboolean run_json_write(const char *run_dir, const struct run_json_spec *spec,
			const struct run_result *result, GError **error)
{
	g_autofree char *path = g_build_filename(run_dir, RUN_FILE_RUN, NULL);
	json_t *root = json_pack("{s:i, s:o, s:o}", "lutb_run", RUN_JSON_VERSION,
				 "spec", run_json_spec_to_json(spec),
				 "result", result_to_json(result));
	int rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_SORT_KEYS);

	json_decref(root);
	if (rc) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", path);
		return FALSE;
	}
	return TRUE;
}

static char *dup_string(json_t *obj, const char *key)
{
	return g_strdup(json_string_value(json_object_get(obj, key)));
}

static void read_spec(json_t *s, struct run_json_spec *spec)
{
	json_t *h = json_object_get(s, "hotplug");
	size_t i;
	json_t *e;

	spec->machine = dup_string(s, "machine");
	json_array_foreach(json_object_get(s, "devices"), i, e)
		run_json_add_device(spec, json_string_value(json_object_get(e, "path")),
				    json_string_value(json_object_get(e, "qemu_id")),
				    json_string_value(json_object_get(e, "driver")),
				    json_is_true(json_object_get(e, "lu_dma")),
				    json_is_true(json_object_get(e, "preserve")));
	json_array_foreach(json_object_get(s, "generations"), i, e)
		run_json_add_gen(spec, json_string_value(json_object_get(e, "kernel")),
				 json_string_value(json_object_get(e, "cmdline")));
	spec->accel = dup_string(s, "accel");
	spec->timeout_s = (int)json_integer_value(json_object_get(s, "timeout_s"));
	spec->settings = dup_string(s, "settings");
	spec->scenario = dup_string(s, "scenario");
	spec->fault = dup_string(s, "fault");
	spec->iommu = dup_string(s, "iommu");
	spec->libvirt = dup_string(s, "libvirt");
	json_array_foreach(json_object_get(s, "selftests"), i, e)
		run_json_add_selftest(spec, json_string_value(json_object_get(e, "name")) ?: "?",
				      json_string_value(json_object_get(e, "kind")) ?: "?");
	if (json_is_object(h)) {
		spec->hotplug = g_new0(struct run_json_hotplug, 1);
		spec->hotplug->gen = (int)json_integer_value(json_object_get(h, "gen"));
		spec->hotplug->event = dup_string(h, "event");
		spec->hotplug->id = dup_string(h, "id");
		spec->hotplug->device_add = json_incref(json_object_get(h, "device_add"));
	}
}

static void read_result(json_t *r, struct run_result *result)
{
	const char *end = json_string_value(json_object_get(r, "end"));
	size_t i;
	json_t *e;

	for (int k = RUN_END_EXITED; k <= RUN_END_SETUP_ERROR; k++)
		if (end && g_str_equal(end, run_end_name(k)))
			result->end = k;
	result->exited = json_is_true(json_object_get(r, "exited"));
	result->exit_status = (int)json_integer_value(json_object_get(r, "exit_status"));
	result->term_signal = (int)json_integer_value(json_object_get(r, "term_signal"));
	result->guest_panicked = json_is_true(json_object_get(r, "guest_panicked"));
	result->wall_s = json_real_value(json_object_get(r, "wall_s"));
	result->setup_error = dup_string(r, "setup_error");
	json_array_foreach(json_object_get(r, "agent_events"), i, e) {
		struct run_mark m = { 0 };

		g_strlcpy(m.event, json_string_value(json_object_get(e, "event")) ?: "",
			  sizeof(m.event));
		m.gen = (int)json_integer_value(json_object_get(e, "gen"));
		m.host_s = json_real_value(json_object_get(e, "host_s"));
		g_array_append_val(result->marks, m);
	}
}

gboolean run_json_read(const char *run_dir, struct run_json *rj, GError **error)
{
	g_autofree char *path = g_build_filename(run_dir, RUN_FILE_RUN, NULL);
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);

	run_json_init(rj);
	if (!root) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
			    "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
		return FALSE;
	}
	read_spec(json_object_get(root, "spec"), &rj->spec);
	read_result(json_object_get(root, "result"), &rj->result);
	json_decref(root);
	return TRUE;
}
