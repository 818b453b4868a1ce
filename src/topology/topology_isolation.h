/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Behind an IOMMU, the state that keeps a preserved device's DMA translated
 * is the state of its IOMMU group, so a preserved device must be alone in
 * its group; Linux groups it alone only when every port above it has ACS
 * and no other function shares its device number.
 * Part of topology_check(); it reports into that check's errors.
 */
#ifndef LUTB_TOPOLOGY_ISOLATION_H
#define LUTB_TOPOLOGY_ISOLATION_H

#include "topology_model.h"

/* QEMU's default unless the file says: pcie-root-port has ACS, the XIO3130 not. */
gboolean topo_port_has_acs(const struct topo_node *port);

void topology_check_isolation(struct topology *t, struct topo_errors *err);

#endif
