/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DMA through the machine's IOMMU, from each lu-dma engine's log (the
 * emulator's side): iommu-faults (did the IOMMU refuse the engine's DMA)
 * and dma-target (did the ring's DMA keep landing where it landed first).
 * Machines without an IOMMU get neither.
 */
#ifndef LUTB_CHECKS_IOMMU_H
#define LUTB_CHECKS_IOMMU_H

#include "checks.h"

void checks_iommu(const struct evidence *ev, GPtrArray *out);

#endif
