// SPDX-License-Identifier: GPL-2.0-only
/* lutb matrix's start order: longest first by the times the last matrix kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib/gstdio.h>

#include "matrix_order.h"
#include "report.h"

static GPtrArray *entries_named(const char *const *names, const double *wall_s)
{
	GPtrArray *entries = g_ptr_array_new_with_free_func(matrix_entry_free);

	for (guint i = 0; names[i]; i++) {
		struct matrix_entry *e = g_new0(struct matrix_entry, 1);

		e->name = g_strdup(names[i]);
		e->wall_s = wall_s ? wall_s[i] : 0;
		g_ptr_array_add(entries, e);
	}
	return entries;
}

static const char *name_at(GPtrArray *order, guint i)
{
	return ((struct matrix_entry *)g_ptr_array_index(order, i))->name;
}

static void unknown_first_then_longest(void **state)
{
	static const char *const names[] = { "a-short", "b-long", "c-new", "d-mid", NULL };
	g_autoptr(GPtrArray) entries = entries_named(names, NULL);
	g_autoptr(GHashTable) times = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	g_autoptr(GPtrArray) order = NULL;

	(void)state;
	g_hash_table_insert(times, "a-short", g_memdup2(&(double){ 1.5 }, sizeof(double)));
	g_hash_table_insert(times, "b-long", g_memdup2(&(double){ 9.0 }, sizeof(double)));
	g_hash_table_insert(times, "d-mid", g_memdup2(&(double){ 3.0 }, sizeof(double)));
	order = matrix_start_order(entries, times);
	assert_int_equal(order->len, 4);
	assert_string_equal(name_at(order, 0), "c-new");
	assert_string_equal(name_at(order, 1), "b-long");
	assert_string_equal(name_at(order, 2), "d-mid");
	assert_string_equal(name_at(order, 3), "a-short");
	/* The reports' order is left alone. */
	assert_string_equal(name_at(entries, 0), "a-short");
}

static void times_kept_across_matrices(void **state)
{
	static const char *const first[] = { "x", "y", NULL };
	static const char *const second[] = { "y", NULL };
	g_autofree char *dir = g_dir_make_tmp("lutb-matrix-order-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "sub", "times.json", NULL);
	g_autoptr(GPtrArray) a = entries_named(first, (double[]){ 4.2, 2.0 });
	g_autoptr(GPtrArray) b = entries_named(second, (double[]){ 7.0 });
	g_autoptr(GHashTable) times = matrix_times_load(path);
	g_autoptr(GHashTable) again = NULL;
	g_autoptr(GHashTable) last = NULL;
	g_autofree char *sub = g_path_get_dirname(path);

	(void)state;
	assert_int_equal(g_hash_table_size(times), 0);
	matrix_times_save(path, times, a);
	again = matrix_times_load(path);
	matrix_times_save(path, again, b);
	last = matrix_times_load(path);
	assert_int_equal(g_hash_table_size(last), 2);
	assert_true(*(double *)g_hash_table_lookup(last, "x") == 4.2);
	assert_true(*(double *)g_hash_table_lookup(last, "y") == 7.0);
	g_unlink(path);
	g_rmdir(sub);
	g_rmdir(dir);
}

static void a_bad_times_file_is_no_times(void **state)
{
	g_autofree char *path = NULL;
	int fd = g_file_open_tmp("lutb-times-XXXXXX.json", &path, NULL);
	g_autoptr(GHashTable) times = NULL;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_true(g_file_set_contents(path, "{\"x\": \"slow\", \"y\": [", -1, NULL));
	times = matrix_times_load(path);
	assert_int_equal(g_hash_table_size(times), 0);
	g_unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unknown_first_then_longest),
		cmocka_unit_test(times_kept_across_matrices),
		cmocka_unit_test(a_bad_times_file_is_no_times),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
