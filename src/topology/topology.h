/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Topology files: YAML with the place of every value, parsed into a tree of
 * named PCIe nodes and checked against what this QEMU offers. Knows nothing
 * of machines or runs; errors come as file:line:col.
 */
#ifndef LUTB_TOPOLOGY_H
#define LUTB_TOPOLOGY_H

#include "yaml_doc.h"
#include "topology_model.h"
#include "topology_parse.h"
#include "topology_check.h"
#include "qemu_catalog.h"

#endif
