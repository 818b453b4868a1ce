// SPDX-License-Identifier: GPL-2.0-only
#include "selftests.h"

void selftest_guest_files(const GPtrArray *chosen, const char *dir,
			  GPtrArray *files)
{
	g_autofree char *manifest = g_build_filename(dir, SELFTEST_MANIFEST, NULL);

	g_ptr_array_add(files, initrd_file_new(SELFTEST_GUEST_DIR "/" SELFTEST_MANIFEST,
					       manifest, 0644));
	for (guint i = 0; i < chosen->len; i++) {
		const struct run_json_selftest *t = g_ptr_array_index(chosen, i);
		g_autofree char *host = g_build_filename(dir, t->name, NULL);
		g_autofree char *guest = g_strdup_printf(SELFTEST_GUEST_DIR "/%s", t->name);

		/* An in-kernel test (kind "kernel") has no program of its own. */
		if (g_file_test(host, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(files, initrd_file_new(guest, host, 0755));
	}
}
