// SPDX-License-Identifier: GPL-2.0-only
#include "topology_isolation.h"

gboolean topo_port_has_acs(const struct topo_node *port)
{
	if (port->acs != TOPO_UNSET)
		return port->acs;
	return port->kind == TOPO_ROOT_PORT;
}

static const char *iommu_name(enum topo_iommu iommu)
{
	return iommu == TOPO_IOMMU_VIRTIO ? "virtio" : "intel";
}

static void check_endpoint(struct topology *t, struct topo_errors *err,
			   const struct topo_node *n)
{
	/* Functions without ACS can reach each other: Linux groups them. */
	if (n->fn > 0 || n->multifunction) {
		topo_error(err, n->mark,
			   "'%s' is preserved behind the %s IOMMU, but it is one function of a multi-function device, and functions without ACS share an IOMMU group, and a preserved device must be alone in its group: give it a device number of its own",
			   n->path, iommu_name(t->iommu));
		return;
	}
	for (const struct topo_node *p = n->parent; p; p = p->parent) {
		if (!topo_node_is_port(p) || topo_port_has_acs(p))
			continue;
		topo_error(err, n->mark,
			   "'%s' is preserved behind the %s IOMMU, but port '%s' above it has no ACS, so the device shares an IOMMU group with the devices around it, and a preserved device must be alone in its group: write `acs: true` on '%s'",
			   n->path, iommu_name(t->iommu), p->path, p->path);
		return;
	}
}

static void check_nodes(struct topology *t, struct topo_errors *err,
			GPtrArray *nodes)
{
	for (guint i = 0; i < nodes->len; i++) {
		const struct topo_node *n = g_ptr_array_index(nodes, i);

		if (n->kind == TOPO_ENDPOINT && n->preserve && !n->implicit)
			check_endpoint(t, err, n);
		check_nodes(t, err, n->children);
	}
}

void topology_check_isolation(struct topology *t, struct topo_errors *err)
{
	if (t->iommu != TOPO_IOMMU_NONE)
		check_nodes(t, err, t->roots);
}
