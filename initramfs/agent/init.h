/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The agent as the initramfs's /init: it mounts the pseudo filesystems,
 * runs the agent in a child, reaps whatever else ends (a selftest's
 * children), and powers the machine off when the agent ends, however it
 * ends, so that a failed agent ends the run at once instead of leaving the
 * host to wait out its timeout. No shell, no busybox: every exec and every
 * megabyte of initramfs costs each boot time under TCG.
 */
#ifndef LUTB_AGENT_INIT_H
#define LUTB_AGENT_INIT_H

/* Never returns. */
void init_run(int (*agent)(void));

#endif
