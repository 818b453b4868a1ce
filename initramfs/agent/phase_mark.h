/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Phase marks: the agent writes each phase of a live update into every
 * lu-dma engine's MARK register, which QEMU logs in virtual time, so that
 * lutb can draw the phases on the engines' DMA timeline (a kernel's own
 * clocks start again at every kexec).
 */
#ifndef LUTB_AGENT_PHASE_MARK_H
#define LUTB_AGENT_PHASE_MARK_H

/* Must match src/evidence/ludma_log.h's reading of the mark value. */
enum phase_mark {
	PHASE_UP = 1,		/* the agent of a generation started */
	PHASE_RETRIEVED = 2,	/* engines retrieved from the previous kernel */
	PHASE_FINISHED = 3,	/* engines finished */
	PHASE_KEXEC = 4,	/* about to kexec into the next generation */
};

/* Writes generation << 8 | @phase to every lu-dma engine; best effort. */
void phase_mark(int generation, enum phase_mark phase);

#endif
