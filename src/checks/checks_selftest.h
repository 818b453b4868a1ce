/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's own Live Update selftests a run took along (run.json's
 * selftests), one check selftest:NAME each, judged by their own protocol:
 * the exit status kselftest gives (0 pass, 4 skip, else fail), for a
 * two-stage test stage 1 before every kexec and stage 2 after it, and for
 * lib/test_kho.c what kernel B printed. A stage 2 that skips after its
 * stage 1 kept state (liveupdate=off in kernel B) fails: the state was
 * there to be found.
 */
#ifndef LUTB_CHECKS_SELFTEST_H
#define LUTB_CHECKS_SELFTEST_H

#include "checks.h"

void checks_selftest(const struct evidence *ev, GPtrArray *out);

#endif
