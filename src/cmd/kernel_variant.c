// SPDX-License-Identifier: GPL-2.0-only
/* Builds a guest kernel variant on first use through scripts/build-kernel.sh,
 * which serialises concurrent builds with a lock on the shared kernel tree. */
#include <gio/gio.h>
#include <stdio.h>
#include <unistd.h>

#include "lutb-config.h"
#include "kernel_variant.h"

static const char *const variants[] = { "patched", "stock", "mutant", "debug" };
/* The catalog's kernels; debug is built only when a run asks for it. */
#define CATALOG_VARIANTS 3

gboolean kernel_is_variant(const char *name)
{
	for (guint i = 0; i < G_N_ELEMENTS(variants); i++)
		if (g_str_equal(name, variants[i]))
			return TRUE;
	return FALSE;
}

char *kernel_variant_path(const char *variant)
{
	return g_strdup_printf("%s/bzImage-%s", LUTB_KERNEL_DIR, variant);
}

gboolean kernel_variant_ensure(const char *variant, GError **error)
{
	g_autofree char *path = kernel_variant_path(variant);
	g_autoptr(GSubprocessLauncher) launcher = NULL;
	g_autoptr(GSubprocess) build = NULL;

	if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
		return TRUE;
	fprintf(stderr, "lutb: the %s kernel is not built yet; building it now (about a "
		"minute after the patched one, from the cache if built before)\n", variant);
	launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_NONE);
	/* Our stdout carries KTAP; the build's chatter belongs with progress. */
	g_subprocess_launcher_take_stdout_fd(launcher, dup(STDERR_FILENO));
	build = g_subprocess_launcher_spawn(launcher, error, LUTB_BUILD_KERNEL, variant,
					    LUTB_LINUX_SRC, LUTB_KERNEL_DIR, NULL);
	if (!build || !g_subprocess_wait_check(build, NULL, error)) {
		g_prefix_error(error, "building the %s kernel (%s %s %s %s): ", variant,
			       LUTB_BUILD_KERNEL, variant, LUTB_LINUX_SRC, LUTB_KERNEL_DIR);
		return FALSE;
	}
	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
			    "the %s kernel was built but %s is not there", variant, path);
		return FALSE;
	}
	return TRUE;
}

gboolean kernel_variants_ensure_all(GError **error)
{
	for (guint i = 0; i < CATALOG_VARIANTS; i++)
		if (!kernel_variant_ensure(variants[i], error))
			return FALSE;
	return TRUE;
}
