// SPDX-License-Identifier: GPL-2.0-only
#include "matrix_order.h"

#include <jansson.h>
#include <math.h>

#include "report.h"

GHashTable *matrix_times_load(const char *path)
{
	GHashTable *times = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	json_t *root = json_load_file(path, 0, NULL);
	const char *name;
	json_t *s;

	json_object_foreach(root, name, s) {
		double *seconds;

		if (!json_is_number(s))
			continue;
		seconds = g_new(double, 1);
		*seconds = json_number_value(s);
		g_hash_table_replace(times, g_strdup(name), seconds);
	}
	json_decref(root);
	return times;
}

void matrix_times_save(const char *path, GHashTable *times, GPtrArray *entries)
{
	json_t *root = json_object();
	g_autofree char *text = NULL;
	g_autofree char *dir = g_path_get_dirname(path);
	GHashTableIter it;
	gpointer name, seconds;

	for (guint i = 0; i < entries->len; i++) {
		struct matrix_entry *e = g_ptr_array_index(entries, i);
		double *s = g_new(double, 1);

		*s = e->wall_s;
		g_hash_table_replace(times, g_strdup(e->name), s);
	}
	g_hash_table_iter_init(&it, times);
	while (g_hash_table_iter_next(&it, &name, &seconds))
		json_object_set_new(root, name, json_real(*(double *)seconds));
	text = json_dumps(root, JSON_SORT_KEYS | JSON_INDENT(1) | JSON_REAL_PRECISION(3));
	json_decref(root);
	/* Only an order hangs on it: a cache that cannot be written is no error. */
	if (text && g_mkdir_with_parents(dir, 0755) == 0)
		g_file_set_contents(path, text, -1, NULL);
}

static gint longest_first(gconstpointer a, gconstpointer b, gpointer times)
{
	const struct matrix_entry *x = *(struct matrix_entry *const *)a;
	const struct matrix_entry *y = *(struct matrix_entry *const *)b;
	const double *tx = g_hash_table_lookup(times, x->name);
	const double *ty = g_hash_table_lookup(times, y->name);
	double sx = tx ? *tx : INFINITY, sy = ty ? *ty : INFINITY;

	if (sx != sy)
		return sx < sy ? 1 : -1;
	return g_strcmp0(x->name, y->name);
}

GPtrArray *matrix_start_order(GPtrArray *entries, GHashTable *times)
{
	GPtrArray *order = g_ptr_array_sized_new(entries->len);

	for (guint i = 0; i < entries->len; i++)
		g_ptr_array_add(order, g_ptr_array_index(entries, i));
	g_ptr_array_sort_with_data(order, longest_first, times);
	return order;
}
