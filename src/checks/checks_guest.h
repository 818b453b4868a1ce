/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the guest says about itself, checked and set beside the emulator's
 * view: LUO sessions retrieved and finished, the ring as kernel B read it,
 * preserved devices bound to the same driver, the kernel's own KUnit tests.
 */
#ifndef LUTB_CHECKS_GUEST_H
#define LUTB_CHECKS_GUEST_H

#include "checks.h"

void checks_guest(const struct evidence *ev, GPtrArray *out);

#endif
