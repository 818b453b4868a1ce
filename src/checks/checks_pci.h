/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PCI layout of preserved devices and bridges across generations:
 * bdf-stable (QMP, requester ID and guest views), bars-stable /
 * windows-stable and bus-numbers checks.
 */
#ifndef LUTB_CHECKS_PCI_H
#define LUTB_CHECKS_PCI_H

#include "checks.h"

void checks_pci(const struct evidence *ev, GPtrArray *out);

#endif
