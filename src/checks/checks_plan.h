/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Did the guest do what the run asked of it? Every engine the settings ask
 * to run must have started, and every one they ask to preserve must have
 * been preserved before the kexec; a failure names the step that did not
 * happen, so that a run without DMA can never pass.
 */
#ifndef LUTB_CHECKS_PLAN_H
#define LUTB_CHECKS_PLAN_H

#include "evidence.h"

void checks_plan(const struct evidence *ev, GPtrArray *out);
/* fault-injected:NAME, when the run asked kernel A for a kernel fault. */
void checks_plan_fault(const struct evidence *ev, GPtrArray *out);

#endif
