/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Phase marks: the agent writes each phase of a live update into every
 * engine that can log it (lu-dma's MARK register, logged by QEMU in
 * virtual time), so that lutb can draw the phases on the engines' DMA
 * timeline (a kernel's own clocks start again at every kexec).
 */
#ifndef LUTB_AGENT_PHASE_MARK_H
#define LUTB_AGENT_PHASE_MARK_H

#include "engine.h"

/* Must match src/evidence/ludma_log.c's reading of the mark value. */
enum phase_mark {
	PHASE_UP = 1,		/* the agent of a generation started */
	PHASE_RETRIEVED = 2,	/* engines retrieved from the previous kernel */
	PHASE_FINISHED = 3,	/* engines finished */
	PHASE_KEXEC = 4,	/* about to kexec into the next generation */
};

/* Marks generation << 8 | @phase on every engine whose ops can; best effort. */
void phase_mark(struct engine *engines, int n, int generation, enum phase_mark phase);

#endif
