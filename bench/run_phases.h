/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The phases of one lutb run, from the marks its run.json keeps (host
 * seconds since lutb started), shared by the benchmarks that split runs:
 *   boot A   QEMU start -> kernel A's agent reports
 *   setup    -> its kexec (engines started, preserved)
 *   kexec    -> kernel B's agent reports (kexec, boot B)
 *   finish   -> @end_s (QEMU gone, or lutb done)
 */
#ifndef LUTB_BENCH_RUN_PHASES_H
#define LUTB_BENCH_RUN_PHASES_H

#include "rundir.h"

enum { PHASE_BOOT_A, PHASE_SETUP, PHASE_KEXEC, PHASE_FINISH, N_RUN_PHASES };
extern const char *const run_phase_names[N_RUN_PHASES];

void run_phases(const struct run_result *result, double end_s, double out[N_RUN_PHASES]);
/* Sorts @v. */
double median(double *v, int n);

#endif
