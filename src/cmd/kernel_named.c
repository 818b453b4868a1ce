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

/* The cache entry a bzImage (or a link to it) was built in. */
static char *kernel_build_dir(const char *path)
{
	g_autofree char *real = g_canonicalize_filename(path, NULL);
	g_autofree char *target = NULL;

	/* Builds leave links to the bzImage in their cache entry. */
	while ((target = g_file_read_link(real, NULL))) {
		g_autofree char *base = g_path_get_dirname(real);

		g_free(real);
		real = g_canonicalize_filename(target, base);
		g_clear_pointer(&target, g_free);
	}
	return g_path_get_dirname(real);
}

/* The first line of a file the build left beside the bzImage, or NULL. */
static char *kernel_build_fact(const char *path, const char *fact)
{
	g_autofree char *dir = kernel_build_dir(path);
	g_autofree char *file = g_build_filename(dir, fact, NULL);
	char *text = NULL;

	if (!g_file_get_contents(file, &text, NULL, NULL))
		return NULL;
	text[strcspn(text, "\n")] = '\0';
	return text;
}

char *kernel_family(const char *path)
{
	g_autofree char *variant = NULL;
	char *family = kernel_build_fact(path, "family");

	if (family)
		return family;
	variant = kernel_build_fact(path, "variant");
	if (variant)
		return g_strdup(g_str_equal(variant, "stock") ? "none" : "lutb");
	return g_strdup("unknown");
}

char *kernel_posting(const char *path)
{
	return kernel_build_fact(path, "posting");
}
