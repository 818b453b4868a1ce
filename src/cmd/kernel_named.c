// SPDX-License-Identifier: GPL-2.0-only
/* Named kernels: where `lutb kernel build` leaves them, and finding one. */
#include <string.h>

#include "kernel_named.h"

/* The same cache as the build scripts' (scripts/lib.sh). */
char *lutb_cache_path(const char *sub)
{
	const char *env = g_getenv("LUTB_CACHE");

	if (env && *env)
		return g_build_filename(env, sub, NULL);
	return g_build_filename(g_get_user_cache_dir(), "lutb", sub, NULL);
}

gboolean kernel_name_is_valid(const char *name)
{
	return *name && name[0] != '.' && !strchr(name, '/');
}

char *kernel_named_path(const char *name)
{
	g_autofree char *dir = NULL;
	char *path;

	if (!kernel_name_is_valid(name))
		return NULL;
	dir = lutb_cache_path("named-kernels");
	path = g_build_filename(dir, name, NULL);
	if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
		return path;
	g_free(path);
	return NULL;
}
