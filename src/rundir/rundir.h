/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The run directory's schema, the lowest layer: its file names, run.json
 * with its reader and writer, and the words a run's spec uses (faults, the
 * agent's settings, the kernel's selftests). Writers (machine, run) and
 * readers (evidence) meet here.
 */
#ifndef LUTB_RUNDIR_H
#define LUTB_RUNDIR_H

#include "run_files.h"
#include "run_json.h"
#include "fault.h"
#include "selftest_catalog.h"
#include "settings.h"

#endif
