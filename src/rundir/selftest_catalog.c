// SPDX-License-Identifier: GPL-2.0-only
#include "selftest_catalog.h"

#include <gio/gio.h>

static struct run_json_selftest *selftest_new(const char *name, const char *kind)
{
	struct run_json_selftest *t = g_new0(struct run_json_selftest, 1);

	t->name = g_strdup(name);
	t->kind = g_strdup(kind);
	return t;
}

GPtrArray *selftest_catalog_load(const char *dir, GError **error)
{
	g_autofree char *path = g_build_filename(dir, SELFTEST_MANIFEST, NULL);
	g_autofree char *text = NULL;
	g_auto(GStrv) lines = NULL;
	GPtrArray *catalog;

	if (!g_file_get_contents(path, &text, NULL, error)) {
		g_prefix_error(error, "the kernel's selftests were not built "
			       "(ninja -C build builds them): ");
		return NULL;
	}
	catalog = g_ptr_array_new_with_free_func(run_json_selftest_free);
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i]; i++) {
		g_auto(GStrv) words = g_strsplit_set(g_strstrip(lines[i]), " \t", -1);

		if (!words[0] || !*words[0] || words[0][0] == '#')
			continue;
		if (!words[1]) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    "%s:%u: a test without a kind", path, i + 1);
			g_ptr_array_unref(catalog);
			return NULL;
		}
		g_ptr_array_add(catalog, selftest_new(words[0], words[1]));
	}
	return catalog;
}

static const struct run_json_selftest *catalog_find(const GPtrArray *catalog,
						    const char *name)
{
	for (guint i = 0; i < catalog->len; i++) {
		const struct run_json_selftest *t = g_ptr_array_index(catalog, i);

		if (g_str_equal(t->name, name))
			return t;
	}
	return NULL;
}

static char *catalog_names(const GPtrArray *catalog)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < catalog->len; i++) {
		const struct run_json_selftest *t = g_ptr_array_index(catalog, i);

		g_string_append_printf(s, "%s%s (%s)", i ? ", " : "", t->name, t->kind);
	}
	return g_string_free(s, FALSE);
}

GPtrArray *selftest_select(const GPtrArray *catalog, const char *list,
			   GError **error)
{
	g_auto(GStrv) names = g_strsplit_set(list, ", ", -1);
	g_autoptr(GHashTable) wanted = g_hash_table_new(g_str_hash, g_str_equal);
	gboolean all = FALSE;
	GPtrArray *chosen;

	for (guint i = 0; names[i]; i++) {
		if (!*names[i])
			continue;
		if (g_str_equal(names[i], "all")) {
			all = TRUE;
		} else if (!catalog_find(catalog, names[i])) {
			g_autofree char *known = catalog_names(catalog);

			g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
				    "no selftest is named '%s'; the guest's Linux tree has: %s, or all",
				    names[i], known);
			return NULL;
		}
		g_hash_table_add(wanted, names[i]);
	}
	chosen = g_ptr_array_new_with_free_func(run_json_selftest_free);
	for (guint i = 0; i < catalog->len; i++) {
		const struct run_json_selftest *t = g_ptr_array_index(catalog, i);

		if (all || g_hash_table_contains(wanted, t->name))
			g_ptr_array_add(chosen, selftest_new(t->name, t->kind));
	}
	if (chosen->len == 0) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "no selftest named in '%s'", list);
		g_ptr_array_unref(chosen);
		return NULL;
	}
	return chosen;
}

char *selftest_setting(const GPtrArray *chosen)
{
	GString *s = g_string_new("selftests=");

	for (guint i = 0; i < chosen->len; i++) {
		const struct run_json_selftest *t = g_ptr_array_index(chosen, i);

		g_string_append_printf(s, "%s%s", i ? "," : "", t->name);
	}
	return g_string_free(s, FALSE);
}
