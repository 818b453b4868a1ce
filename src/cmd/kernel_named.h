/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernels built from a user's own tree by `lutb kernel build`, known by the
 * name given there: links in the cache's named-kernels/ directory.
 */
#ifndef LUTB_KERNEL_NAMED_H
#define LUTB_KERNEL_NAMED_H

#include <glib.h>

/* lutb's cache directory ($LUTB_CACHE, else ~/.cache/lutb), joined with @sub. */
char *lutb_cache_path(const char *sub);

/* Can @name name a kernel: not empty, no '/', no leading '.'? */
gboolean kernel_name_is_valid(const char *name);

/* The bzImage of the kernel built as @name, or NULL when there is none. */
char *kernel_named_path(const char *name);

/*
 * The family of the kernel whose bzImage is @path, from what its build left
 * beside it: "lutb" (lutb's series: patched, mutant), "posted" (a series
 * as posted to the lists), "none" (no PCI preservation: stock), or
 * "unknown" (a bzImage lutb did not build).
 */
char *kernel_family(const char *path);
/* For a posted kernel, the posting it was built from ("pci-v7"), or NULL. */
char *kernel_posting(const char *path);

#endif
