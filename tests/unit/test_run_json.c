// SPDX-License-Identifier: GPL-2.0-only
/*
 * run.json's reader gives back what its writer was given, and tolerates a
 * record cut short.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib/gstdio.h>

#include "rundir.h"

static void cleanup(const char *dir)
{
	g_autofree char *path = g_build_filename(dir, RUN_FILE_RUN, NULL);

	g_remove(path);
	g_rmdir(dir);
}

static void what_is_written_reads_back(void **state)
{
	g_autofree char *dir = g_dir_make_tmp("lutb-run-json-XXXXXX", NULL);
	struct run_mark mark = { .event = "kexec", .gen = 1, .host_s = 2.5 };
	struct run_json out, in;
	const struct run_json_device *d;

	(void)state;
	run_json_init(&out);
	out.spec.machine = g_strdup("switch");
	run_json_add_device(&out.spec, "rp0/dma0", "rp0.dma0", "lu-dma", TRUE, FALSE);
	run_json_add_gen(&out.spec, "/k/a", "console=ttyS0");
	run_json_add_gen(&out.spec, "/k/b", "");
	out.spec.accel = g_strdup("tcg");
	out.spec.timeout_s = 60;
	out.spec.settings = g_strdup("dma=off\n");
	out.spec.fault = g_strdup("pci-flb-abi");
	out.spec.hotplug = g_new0(struct run_json_hotplug, 1);
	out.spec.hotplug->gen = 1;
	out.spec.hotplug->event = g_strdup("luo-preserve");
	out.spec.hotplug->id = g_strdup("hp0");
	out.spec.hotplug->device_add = json_pack("{s:s}", "driver", "lu-dma");
	out.result.end = RUN_END_TIMEOUT;
	out.result.term_signal = 9;
	out.result.guest_panicked = TRUE;
	out.result.wall_s = 4.25;
	g_array_append_val(out.result.marks, mark);
	assert_true(run_json_write(dir, &out.spec, &out.result, NULL));

	assert_true(run_json_read(dir, &in, NULL));
	assert_string_equal(in.spec.machine, "switch");
	assert_int_equal(in.spec.devices->len, 1);
	d = g_ptr_array_index(in.spec.devices, 0);
	assert_string_equal(d->qemu_id, "rp0.dma0");
	assert_true(d->lu_dma);
	assert_false(d->preserve);
	assert_int_equal(in.spec.gens->len, 2);
	assert_string_equal(((struct run_json_gen *)g_ptr_array_index(in.spec.gens, 0))->cmdline,
			    "console=ttyS0");
	assert_string_equal(in.spec.accel, "tcg");
	assert_int_equal(in.spec.timeout_s, 60);
	assert_string_equal(in.spec.settings, "dma=off\n");
	assert_null(in.spec.scenario);
	assert_string_equal(in.spec.fault, "pci-flb-abi");
	assert_string_equal(in.spec.hotplug->id, "hp0");
	assert_true(json_equal(in.spec.hotplug->device_add, out.spec.hotplug->device_add));
	assert_int_equal(in.result.end, RUN_END_TIMEOUT);
	assert_int_equal(in.result.term_signal, 9);
	assert_true(in.result.guest_panicked);
	assert_null(in.result.setup_error);
	assert_true(run_result_mark(&in.result, "kexec", 1) == 2.5);
	assert_true(run_result_mark(&in.result, "kexec", 2) < 0);
	run_json_clear(&out);
	run_json_clear(&in);
	cleanup(dir);
}

static void a_record_without_fields_reads_as_empty(void **state)
{
	g_autofree char *dir = g_dir_make_tmp("lutb-run-json-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, RUN_FILE_RUN, NULL);
	struct run_json in;
	GError *error = NULL;

	(void)state;
	assert_true(g_file_set_contents(path, "{}", -1, NULL));
	assert_true(run_json_read(dir, &in, NULL));
	assert_int_equal(in.spec.devices->len, 0);
	assert_int_equal(in.spec.gens->len, 0);
	assert_null(in.spec.hotplug);
	run_json_clear(&in);

	assert_true(g_file_set_contents(path, "{\"spec\":", -1, NULL));
	assert_false(run_json_read(dir, &in, &error));
	assert_non_null(strstr(error->message, RUN_FILE_RUN ":1:"));
	g_error_free(error);
	run_json_clear(&in);
	cleanup(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(what_is_written_reads_back),
		cmocka_unit_test(a_record_without_fields_reads_as_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
