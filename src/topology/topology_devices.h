/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The devices of a topology: is each endpoint a PCI device this QEMU has,
 * does each property exist, and does its value fit the property's type.
 * lu-dma is judged by its contract (docs/specs/lu-dma.rst in the patched
 * QEMU), so files check before the QEMU that has it is built. Part of
 * topology_check(); it reports into that check's errors.
 */
#ifndef LUTB_TOPOLOGY_DEVICES_H
#define LUTB_TOPOLOGY_DEVICES_H

#include "qemu_catalog.h"
#include "topology_model.h"

/* With @qemu NULL only lu-dma and the properties lutb sets are judged. */
void topology_check_devices(struct topology *t, struct qemu_catalog *qemu,
			    struct topo_errors *err);

#endif
