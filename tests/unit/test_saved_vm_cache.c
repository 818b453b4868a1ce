// SPDX-License-Identifier: GPL-2.0-only
/* The saved-VM cache kept under its size, on directories made here. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib/gstdio.h>

#include "saved_vm_cache.h"

#define MIB (1u << 20)

/* KEY/ holding one MiB of state, last used @age seconds ago, and KEY.lock. */
static void make_saved(const char *root, const char *key, int age)
{
	g_autofree char *dir = g_build_filename(root, key, NULL);
	g_autofree char *state = g_build_filename(dir, "vm.state", NULL);
	g_autofree char *done = g_build_filename(dir, SAVED_VM_DONE_MARK, NULL);
	g_autofree char *lock = g_strconcat(dir, ".lock", NULL);
	g_autofree char *bytes = g_malloc0(MIB);
	struct timespec when[2] = { { .tv_sec = time(NULL) - age }, { .tv_sec = time(NULL) - age } };

	memset(bytes, 'x', MIB);
	assert_int_equal(g_mkdir_with_parents(dir, 0755), 0);
	assert_true(g_file_set_contents(state, bytes, MIB, NULL));
	assert_true(g_file_set_contents(done, "", 0, NULL));
	assert_true(g_file_set_contents(lock, "", 0, NULL));
	assert_int_equal(utimensat(AT_FDCWD, done, when, 0), 0);
}

static gboolean present(const char *root, const char *key)
{
	g_autofree char *dir = g_build_filename(root, key, NULL);
	g_autofree char *lock = g_strconcat(dir, ".lock", NULL);

	return g_file_test(dir, G_FILE_TEST_IS_DIR) && g_file_test(lock, G_FILE_TEST_EXISTS);
}

static int make_root(void **state)
{
	*state = g_dir_make_tmp("lutb-saved-vm-XXXXXX", NULL);
	return *state ? 0 : -1;
}

static int remove_root(void **state)
{
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", (char *)*state);

	g_free(*state);
	return system(cmd);
}

static void those_used_longest_ago_go_first(void **state)
{
	const char *root = *state;

	make_saved(root, "old", 300);
	make_saved(root, "older", 400);
	make_saved(root, "new", 100);
	assert_int_equal(saved_vm_prune(root, NULL, 2 * MIB + MIB / 2), 1);
	assert_false(present(root, "older"));
	assert_true(present(root, "old"));
	assert_true(present(root, "new"));
	assert_int_equal(saved_vm_prune(root, NULL, 3 * MIB), 0);
}

static void one_held_or_just_made_stays(void **state)
{
	const char *root = *state;
	int held;

	make_saved(root, "held", 400);
	make_saved(root, "free", 300);
	make_saved(root, "just-made", 500);
	held = saved_vm_lock(root, "held", NULL);
	assert_true(held >= 0);
	assert_int_equal(saved_vm_prune(root, "just-made", 0), 1);
	assert_false(present(root, "free"));
	assert_true(present(root, "held"));
	assert_true(present(root, "just-made"));
	close(held);
	assert_int_equal(saved_vm_prune(root, NULL, 0), 2);
}

static void a_lock_on_a_pruned_saved_vm_is_taken_again(void **state)
{
	const char *root = *state;
	g_autofree char *lock = g_build_filename(root, "gone.lock", NULL);
	int fd;

	make_saved(root, "gone", 100);
	fd = saved_vm_lock(root, "gone", NULL);
	assert_true(fd >= 0);
	g_unlink(lock);
	assert_false(saved_vm_lock_exclusive(fd, root, "gone"));
	close(fd);
	fd = saved_vm_lock(root, "gone", NULL);
	assert_true(saved_vm_lock_exclusive(fd, root, "gone"));
	close(fd);
}

static void the_budget_comes_from_the_environment(void **state)
{
	(void)state;
	g_setenv("LUTB_SAVED_VM_BUDGET_MB", "10", TRUE);
	assert_int_equal(saved_vm_budget(), 10ull << 20);
	g_setenv("LUTB_SAVED_VM_BUDGET_MB", "ten", TRUE);
	assert_int_equal(saved_vm_budget(), 4096ull << 20);
	g_unsetenv("LUTB_SAVED_VM_BUDGET_MB");
	assert_int_equal(saved_vm_budget(), 4096ull << 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(those_used_longest_ago_go_first, make_root,
						remove_root),
		cmocka_unit_test_setup_teardown(one_held_or_just_made_stays, make_root,
						remove_root),
		cmocka_unit_test_setup_teardown(a_lock_on_a_pruned_saved_vm_is_taken_again,
						make_root, remove_root),
		cmocka_unit_test(the_budget_comes_from_the_environment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
