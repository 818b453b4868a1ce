/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lu-dma's registers through sysfs (resource0), whichever driver holds the
 * engine: for MARK, and for the engine's ops under vfio-pci.
 */
#ifndef LUTB_AGENT_LU_DMA_BAR_H
#define LUTB_AGENT_LU_DMA_BAR_H

#include <stdint.h>

#include "../engine.h"

/* BAR0 mapped (QEMU_LU_DMA_BAR0_SIZE bytes), or NULL. */
volatile uint32_t *lu_dma_bar0(const char *bdf);
/* Has the engine log @value in QEMU's timeline (its MARK register). */
void lu_dma_mark(struct engine *e, uint32_t value);

#endif
