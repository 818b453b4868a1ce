/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The emulator's view of each lu-dma engine, from its first stream start:
 * dma-continuity, bus-master-path, requester-id and bar-stable checks.
 */
#ifndef LUTB_CHECKS_DMA_H
#define LUTB_CHECKS_DMA_H

#include "checks.h"

void checks_dma(const struct evidence *ev, GPtrArray *out);

#endif
