/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest kernels lutb builds itself. Setup builds only the patched one,
 * which a plain `lutb run` boots; stock and mutant, which scenarios and
 * tests ask for, are built the first time something needs them.
 */
#ifndef LUTB_KERNEL_VARIANT_H
#define LUTB_KERNEL_VARIANT_H

#include <glib.h>

/* TRUE for "patched", "stock" and "mutant". */
gboolean kernel_is_variant(const char *name);

/* Host path of the variant's bzImage, whether built yet or not. */
char *kernel_variant_path(const char *variant);

/* Builds @variant unless it is there already; the build's progress goes
 * to stderr. */
gboolean kernel_variant_ensure(const char *variant, GError **error);

/* Every variant the catalog names (not debug), for callers that start
 * several runs at once. */
gboolean kernel_variants_ensure_all(GError **error);

#endif
