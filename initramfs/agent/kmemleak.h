/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A kmemleak scan on kernels built with it (the debug variant): what the
 * kernel leaked is reported and put in the kernel log, where the judge's
 * no-kernel-errors finds it.
 */
#ifndef LUTB_AGENT_KMEMLEAK_H
#define LUTB_AGENT_KMEMLEAK_H

/* Scans for leaks if the kernel has kmemleak; nothing otherwise. */
void kmemleak_check(void);

#endif
