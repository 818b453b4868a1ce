// SPDX-License-Identifier: GPL-2.0-only
#include "topology_machine.h"

#include "topology.h"

static const enum machine_dev_kind kinds[] = {
	[TOPO_ROOT_PORT] = MDEV_ROOT_PORT,
	[TOPO_SWITCH] = MDEV_UPSTREAM_PORT,
	[TOPO_DOWNSTREAM_PORT] = MDEV_DOWNSTREAM_PORT,
	[TOPO_ENDPOINT] = MDEV_ENDPOINT,
};

static void add_prop(struct machine_device *d, const char *key,
		     const char *value)
{
	struct machine_prop *p = g_new0(struct machine_prop, 1);

	p->key = g_strdup(key);
	p->value = g_strdup(value);
	g_ptr_array_add(d->props, p);
}

static void compile_nodes(struct machine *m, GPtrArray *nodes, int parent)
{
	for (guint i = 0; i < nodes->len; i++) {
		const struct topo_node *n = g_ptr_array_index(nodes, i);
		struct machine_device *d = machine_device_new();

		d->path = g_strdup(n->path);
		d->qemu_id = topo_path_to_qemu_id(n->path);
		d->driver = g_strdup(n->driver);
		d->kind = kinds[n->kind];
		d->parent = parent;
		d->dev = (guint)n->dev;
		d->fn = (guint)n->fn;
		d->multifunction = n->multifunction;
		if (topo_node_is_port(n)) {
			d->chassis = n->chassis;
			d->slot = n->slot;
			d->hotplug = n->hotplug;
		}
		d->bus_reserve = n->bus_reserve;
		if (topo_node_is_port(n) && n->acs != TOPO_UNSET)
			add_prop(d, "disable-acs", n->acs ? "off" : "on");
		for (guint j = 0; j < n->props->len; j++) {
			const struct topo_prop *tp = g_ptr_array_index(n->props, j);

			add_prop(d, tp->key, tp->value);
		}
		d->is_lu_dma = g_str_equal(n->driver, TOPO_LU_DMA);
		d->preserve = n->preserve;
		d->implicit = n->implicit;
		d->bus = n->bus;
		d->secondary = n->secondary;
		d->subordinate = n->subordinate;
		d->device_arg = machine_device_arg(m, d);
		g_ptr_array_add(m->devices, d);
		compile_nodes(m, n->children, (int)m->devices->len - 1);
	}
}

struct machine *topology_compile(const struct topology *t)
{
	static const enum machine_iommu iommus[] = {
		[TOPO_IOMMU_NONE] = MACHINE_IOMMU_NONE,
		[TOPO_IOMMU_INTEL] = MACHINE_IOMMU_INTEL,
		[TOPO_IOMMU_VIRTIO] = MACHINE_IOMMU_VIRTIO,
	};
	struct machine *m = machine_new(t->name);

	m->description = g_strdup(t->description);
	m->memory_mib = t->memory_mib;
	m->cpus = t->cpus;
	m->iommu = iommus[t->iommu];
	compile_nodes(m, t->roots, -1);
	return m;
}

struct machine *machine_from_file(const char *file, struct qemu_catalog *qemu,
				  GError **error)
{
	g_autoptr(topology) t = topology_load(file, qemu, error);

	return t ? topology_compile(t) : NULL;
}

gboolean machine_check_drivers(const struct machine *m,
			       struct qemu_catalog *qemu, GError **error)
{
	for (guint i = 0; i < m->devices->len; i++) {
		const struct machine_device *d = g_ptr_array_index(m->devices, i);

		if (qemu_catalog_device(qemu, d->driver, error))
			continue;
		if (error && *error)
			return FALSE;
		g_set_error(error, TOPO_ERROR, 0,
			    "%s has no '%s' device, which %s needs%s",
			    qemu_catalog_source(qemu), d->driver, d->path,
			    d->is_lu_dma ? ": build the QEMU with lutb's patches (qemu-patches/, `meson compile -C build`)"
					 : "");
		return FALSE;
	}
	return TRUE;
}
