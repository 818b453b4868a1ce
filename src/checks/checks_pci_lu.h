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

/* The PCI preservation API generation @gen's lu_dma driver was built
 * against ("lutb-series", "posted-series <header>", "none"), or NULL. */
const char *pci_lu_api(const struct evidence *ev, int gen);
/* Only lutb's series shows its bookkeeping (debugfs) and has KUnit tests. */
gboolean pci_lu_api_is_lutb(const struct evidence *ev, int gen);
/* The posted series shows its state only in its log (posted_log.h). */
gboolean pci_lu_api_is_posted(const struct evidence *ev, int gen);
/* Did generation @gen report the PCI core's bookkeeping (not its absence)? */
gboolean pci_lu_state_reported(const struct evidence *ev, int gen);

#endif
