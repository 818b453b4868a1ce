// SPDX-License-Identifier: GPL-2.0-only
#include "run_record.h"

#include "machine.h"

gboolean run_record_write(const struct run_spec *spec,
			  const struct run_result *result, GError **error)
{
	struct run_json rj;
	gboolean ok;

	run_json_init(&rj);
	rj.spec.machine = g_strdup(spec->machine->name);
	for (guint i = 0; i < spec->machine->devices->len; i++) {
		const struct machine_device *d =
			g_ptr_array_index(spec->machine->devices, i);
		/* Under libvirt a bridge is a controller, and QEMU knows it by
		 * its libvirt alias. */
		g_autofree char *qemu_id = spec->libvirt_uri && d->kind != MDEV_ENDPOINT ?
					   machine_libvirt_alias(d->qemu_id) :
					   g_strdup(d->qemu_id);

		run_json_add_device(&rj.spec, d->path, qemu_id, d->driver,
				    d->is_lu_dma, d->preserve);
	}
	for (guint i = 0; i < spec->n_gens; i++)
		run_json_add_gen(&rj.spec, spec->gens[i].kernel, spec->gens[i].cmdline);
	rj.spec.accel = g_strdup(accel_name(spec->accel));
	rj.spec.timeout_s = (int)spec->timeout_s;
	rj.spec.settings = g_strdup(spec->scenario);
	rj.spec.scenario = g_strdup(spec->scenario_name);
	rj.spec.fault = g_strdup(spec->fault);
	rj.spec.libvirt = g_strdup(spec->libvirt_uri);
	if (spec->machine->iommu != MACHINE_IOMMU_NONE)
		rj.spec.iommu = g_strdup(machine_iommu_name(spec->machine->iommu));
	for (guint i = 0; spec->selftests && i < spec->selftests->len; i++) {
		const struct run_json_selftest *t = g_ptr_array_index(spec->selftests, i);

		run_json_add_selftest(&rj.spec, t->name, t->kind);
	}
	if (spec->hotplug) {
		rj.spec.hotplug = g_new0(struct run_json_hotplug, 1);
		rj.spec.hotplug->gen = spec->hotplug->gen;
		rj.spec.hotplug->event = g_strdup(spec->hotplug->event);
		rj.spec.hotplug->id = g_strdup(spec->hotplug->id);
		rj.spec.hotplug->device_add = json_incref(spec->hotplug->args);
	}
	ok = run_json_write(spec->out_dir, &rj.spec, result, error);
	run_json_clear(&rj);
	return ok;
}
