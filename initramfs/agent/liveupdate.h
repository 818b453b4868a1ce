/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The generic live update steps on a set of engines, whatever their kind:
 * each preserved engine gets its own LUO session "lutb-<BDF>" holding its
 * fd (token 1), so one engine can be unpreserved (its session closed)
 * without touching the others. Each step reports one event.
 */
#ifndef LUTB_AGENT_LIVEUPDATE_H
#define LUTB_AGENT_LIVEUPDATE_H

#include "engine.h"

/* Kernel A: open and start every engine; "dma-start". */
int lu_start_engines(struct engine *e, int n, const struct engine_params *p);
/* Preserve the engines the scenario names; "luo-preserve". */
int lu_preserve_engines(struct engine *e, int n);
/* Close the sessions of the engines named by "unpreserve"; "luo-unpreserve". */
int lu_unpreserve_engines(struct engine *e, int n);
/* Kernel B: retrieve every engine's session and fd; "luo-retrieve". */
int lu_retrieve_engines(struct engine *e, int n);
/* Check every retrieved engine's ring; "ring". */
int lu_verify_engines(struct engine *e, int n, const struct engine_params *p);
/* Finish every retrieved session; "luo-finish". */
int lu_finish_engines(struct engine *e, int n);
/* The PCI core's view (debugfs pci_liveupdate); "pci-liveupdate". */
void lu_report_pci_state(const char *phase);

#endif
