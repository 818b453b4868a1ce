/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * QMP questions to a QEMU binary that runs no machine (-machine none),
 * over its stdio: one QEMU process answers every question of a catalog.
 */
#ifndef LUTB_QEMU_QUERY_H
#define LUTB_QEMU_QUERY_H

#include <glib.h>
#include <jansson.h>

#include "topology.h"

/* A catalog that asks @qemu, started on the first question. */
struct qemu_catalog *qemu_catalog_for_binary(const char *qemu);

#endif
