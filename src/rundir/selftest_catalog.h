/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's own Live Update selftests that a run can take along: the
 * catalog scripts/build-selftests.sh built from the guest's Linux tree. Its
 * manifest names each test and its kind ("once", "kexec" or "kernel", as
 * run.json records them).
 */
#ifndef LUTB_SELFTEST_CATALOG_H
#define LUTB_SELFTEST_CATALOG_H

#include <glib.h>

#include "run_json.h"

#define SELFTEST_MANIFEST "manifest"

/* The tests in @dir's manifest (struct run_json_selftest *), in its order. */
GPtrArray *selftest_catalog_load(const char *dir, GError **error);
/*
 * The tests @list names ("all", or names separated by commas or spaces),
 * in catalog order; an unknown name is an error that lists the known ones.
 */
GPtrArray *selftest_select(const GPtrArray *catalog, const char *list,
			   GError **error);
/* "selftests=a,b": the agent's setting for @chosen. */
char *selftest_setting(const GPtrArray *chosen);

#endif
