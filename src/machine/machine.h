/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A QEMU machine: compiled from a topology, shown as a PCI tree or libvirt
 * XML, started with an accelerator, talked to over QMP (query-pci parsed
 * here). Knows nothing of a run's timeline or its verdict.
 */
#ifndef LUTB_MACHINE_H
#define LUTB_MACHINE_H

#include "machine_model.h"
#include "topology_machine.h"
#include "accel.h"
#include "qemu_query.h"
#include "qmp.h"
#include "qmp_pci.h"
#include "pci_tree.h"
#include "libvirt_xml.h"

#endif
