// SPDX-License-Identifier: GPL-2.0-only
#include "run_record.h"

#include <gio/gio.h>
#include <jansson.h>

#include "accel.h"

gboolean run_record_write(const struct run_spec *spec,
			  const struct run_result *result, GError **error)
{
	g_autofree char *path = g_build_filename(spec->out_dir, RUN_FILE_RUN, NULL);
	json_t *gens = json_array();
	json_t *devices = json_array();
	json_t *marks = json_array();
	json_t *root;
	int rc;

	for (guint i = 0; i < spec->machine->devices->len; i++) {
		const struct machine_device *d =
			g_ptr_array_index(spec->machine->devices, i);

		json_array_append_new(devices, json_pack("{s:s, s:s, s:s, s:b, s:b}",
			"path", d->path, "qemu_id", d->qemu_id, "driver", d->driver,
			"lu_dma", d->is_lu_dma, "preserve", d->preserve));
	}
	for (guint i = 0; result->marks && i < result->marks->len; i++) {
		const struct run_mark *m = &g_array_index(result->marks, struct run_mark, i);

		json_array_append_new(marks, json_pack("{s:s, s:i, s:f}", "event", m->event,
						       "gen", m->gen, "host_s", m->host_s));
	}
	for (guint i = 0; i < spec->n_gens; i++)
		json_array_append_new(gens, json_pack("{s:s, s:s}",
			"kernel", spec->gens[i].kernel,
			"cmdline", spec->gens[i].cmdline));
	root = json_pack("{s:i, s:{s:s, s:o, s:o, s:s, s:i}, s:{s:s, s:b, s:i, s:i, s:b, s:f, s:s?, s:o}}",
		"lutb_run", 1,
		"spec", "machine", spec->machine->name, "devices", devices,
			"generations", gens,
			"accel", accel_name(spec->accel), "timeout_s", spec->timeout_s,
		"result", "end", run_end_name(result->end),
			"exited", result->exited, "exit_status", result->exit_status,
			"term_signal", result->term_signal,
			"guest_panicked", result->guest_panicked,
			"wall_s", result->wall_s, "setup_error", result->setup_error,
			"agent_events", marks);
	/* What the run asked the agent to do: the judge's expectations. */
	if (spec->scenario)
		json_object_set_new(json_object_get(root, "spec"), "settings",
				    json_string(spec->scenario));
	if (spec->scenario_name)
		json_object_set_new(json_object_get(root, "spec"), "scenario",
				    json_string(spec->scenario_name));
	if (spec->fault)
		json_object_set_new(json_object_get(root, "spec"), "fault",
				    json_string(spec->fault));
	if (spec->hotplug)
		json_object_set_new(json_object_get(root, "spec"), "hotplug",
				    json_pack("{s:i, s:s, s:s, s:O}", "gen", spec->hotplug->gen,
					      "event", spec->hotplug->event, "id", spec->hotplug->id,
					      "device_add", spec->hotplug->args));
	rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(root);
	if (rc) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", path);
		return FALSE;
	}
	return TRUE;
}
