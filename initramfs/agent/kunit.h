/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit suites built into the kernel run at boot; their KTAP results are in
 * debugfs (kunit/<suite>/results). Report each suite as a "kunit" event so
 * the host can fail a run whose kernel failed its own tests.
 */
#ifndef LUTB_AGENT_KUNIT_H
#define LUTB_AGENT_KUNIT_H

void kunit_report(void);

#endif
