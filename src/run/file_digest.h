/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A file's SHA-256, for cache keys and content-named files. Computed by
 * libcrypto (which uses the CPU's SHA instructions: GLib's portable code
 * took 0.15 s of every forked run for the ~20 MB of kernels it names),
 * and once per file and process: a matrix asks about the same kernels
 * again and again.
 */
#ifndef LUTB_FILE_DIGEST_H
#define LUTB_FILE_DIGEST_H

#include <glib.h>

/* Lower-case hex; NULL and @error when @path cannot be read. */
char *file_sha256(const char *path, GError **error);

#endif
