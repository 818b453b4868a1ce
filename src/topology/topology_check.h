/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Judging a parsed topology as a PCIe fabric, and settling what the file
 * left to lutb: every node's path, PCI address, chassis/slot numbers,
 * multifunction bits, and the bus numbers firmware will give (depth first,
 * as SeaBIOS and Linux number them, bus-reserve included).
 */
#ifndef LUTB_TOPOLOGY_CHECK_H
#define LUTB_TOPOLOGY_CHECK_H

#include "qemu_catalog.h"
#include "topology_model.h"

/* The name of the device lutb adds for `iommu: virtio`. */
#define TOPO_VIRTIO_IOMMU_NAME "viommu"

/*
 * FALSE with every error found. With @qemu, device names and properties
 * are asked of QEMU; lu-dma is judged by its contract instead, so a file
 * checks before the QEMU that has lu-dma is built.
 */
gboolean topology_check(struct topology *t, struct qemu_catalog *qemu,
			GError **error);

/* Parses and checks @file. */
struct topology *topology_load(const char *file, struct qemu_catalog *qemu,
			       GError **error);

#endif
