/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pci-lu-state:genN:PHASE: the guest PCI core's preserved set, bridge
 * reference counts and bus-number inheritance at each phase the agent
 * reported, against what kernel A really preserved.
 */
#ifndef LUTB_CHECKS_PCI_LU_H
#define LUTB_CHECKS_PCI_LU_H

#include "checks.h"

void checks_pci_lu(const struct evidence *ev, GPtrArray *out);

#endif
