/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The lutb command line, the top layer: each subcommand parses its options,
 * wires the layers below together and returns the process exit status.
 */
#ifndef LUTB_CMD_H
#define LUTB_CMD_H

#include "checks.h"

int cmd_run(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_topology(int argc, char **argv);
int cmd_kernel(int argc, char **argv);

/* Where run directories go: $LUTB_RESULTS_DIR, or the repository's results/. */
const char *results_root(void);

/*
 * Judges @run_dir, prints KTAP, writes report.json, report.html and
 * junit.xml. Returns the verdict's exit status; for a run of a scenario,
 * 0 when it met the scenario's expectations and 1 when not.
 */
int judge_run_dir(const char *run_dir);

#endif
