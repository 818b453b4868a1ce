/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One live update run: the initramfs, QEMU started and followed to its end,
 * hotplug on the agent's cue, and run.json written. Everything it makes
 * lands in the run directory (rundir.h), which is all the judge reads.
 */
#ifndef LUTB_RUN_H
#define LUTB_RUN_H

#include "runner.h"
#include "run_record.h"
#include "selftests.h"

#endif
