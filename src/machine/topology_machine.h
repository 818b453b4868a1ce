/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * From a checked topology to the machine the runner boots: the last step
 * of file -> topology -> machine. Nothing here judges the file; it only
 * writes down what topology_check() settled.
 */
#ifndef LUTB_TOPOLOGY_MACHINE_H
#define LUTB_TOPOLOGY_MACHINE_H

#include "machine_model.h"
#include "topology.h"

/* @t must have passed topology_check(). */
struct machine *topology_compile(const struct topology *t);
/* Parses, checks and compiles @file. */
struct machine *machine_from_file(const char *file, struct qemu_catalog *qemu,
				  GError **error);
/*
 * FALSE, saying which device needs what, when @qemu lacks a device the
 * machine uses: lu-dma, before the QEMU that has its patch is built.
 */
gboolean machine_check_drivers(const struct machine *m,
			       struct qemu_catalog *qemu, GError **error);

#endif
