// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rules that need a whole run directory or several reports at once:
 * missing evidence, the ring check's reach, the series' KUnit suite.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib/gstdio.h>

#include "check_helpers.h"
#include "fixtures.h"

#include "checks_guest.h"

/* run.json of a machine with @device, booting @n_gens kernels. */
static void put_run_json(const char *dir, const char *path, const char *qemu_id,
			 const char *driver, gboolean lu_dma, guint n_gens)
{
	struct run_json rj;

	run_json_init(&rj);
	rj.spec.machine = g_strdup("m");
	run_json_add_device(&rj.spec, path, qemu_id, driver, lu_dma, TRUE);
	for (guint i = 0; i < n_gens; i++)
		run_json_add_gen(&rj.spec, "bzImage", "");
	rj.result.end = RUN_END_EXITED;
	rj.result.exited = TRUE;
	assert_true(run_json_write(dir, &rj.spec, &rj.result, NULL));
	run_json_clear(&rj);
}

#define SNAP_RP0 \
	"[{\"bus\":0,\"devices\":[{\"bus\":0,\"slot\":2,\"function\":0,\"qdev_id\":\"rp0\"," \
	"\"id\":{\"vendor\":6966,\"device\":12},\"class_info\":{\"class\":1540},\"regions\":[]}]}]"

/* Both generations see rp0 where QMP put it. */
#define GUEST_RP0(gen, phase) \
	"{\"devices\":[{\"bdf\":\"0000:00:02.0\",\"vendor\":6966,\"device\":12}]," \
	"\"event\":\"pci\",\"phase\":\"" phase "\",\"gen\":" #gen "}\n"
#define AGENT_RP0 \
	"{\"event\":\"hello\",\"gen\":1,\"kernel\":\"7.3.4\"}\n" GUEST_RP0(1, "before-kexec") \
	"{\"event\":\"kexec\",\"gen\":1,\"kernel\":\"/boot/kernel-gen2\"}\n" \
	"{\"event\":\"hello\",\"gen\":2,\"kernel\":\"7.3.4\"}\n" GUEST_RP0(2, "last") \
	"{\"event\":\"done\",\"gen\":2}\n"

static void put(const char *dir, const char *file, const char *text)
{
	g_autofree char *path = g_build_filename(dir, file, NULL);

	assert_true(g_file_set_contents(path, text, -1, NULL));
}

/* Generation 2 reported its PCI view, but its snapshot was never saved. */
static void a_missing_snapshot_is_missing_evidence_not_a_move(void **state)
{
	g_autofree char *dir = g_dir_make_tmp("lutb-evidence-XXXXXX", NULL);
	struct verdict_report r = { 0 };
	struct evidence ev;
	const struct check *c;

	(void)state;
	g_autofree char *snap1 = rundir_qmp_pci(1, "before-kexec");
	g_autofree char *snap2 = rundir_qmp_pci(2, "last");
	g_autofree char *want = g_strdup_printf("%s: generation 2 reported its PCI "
						"view at last, but no QMP snapshot was saved", snap2);
	g_autofree char *name = g_strdup_printf("evidence:%s", snap2);

	put_run_json(dir, "rp0", "rp0", "pcie-root-port", FALSE, 2);
	put(dir, RUN_FILE_CONSOLE, CONSOLE_TWO_GENERATIONS);
	put(dir, RUN_FILE_REPORT, AGENT_RP0);
	put(dir, RUN_FILE_QMP, QMP_CLEAN_SHUTDOWN);
	put(dir, snap1, SNAP_RP0);
	assert_true(evidence_load(dir, &ev, NULL));
	((struct run_device *)g_ptr_array_index(ev.devices, 0))->role = ROLE_PATH;
	checks_judge(&ev, &r);
	c = find(&r, name);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, want);
	c = find(&r, "bdf-stable:rp0");
	assert_int_equal(c->status, CHECK_NA);
	assert_non_null(strstr(c->detail, "QMP 0000:00:02.0 -> (no snapshot)"));
	verdict_report_clear(&r);
	evidence_clear(&ev);
	for (const char *const *f = (const char *const[]){ RUN_FILE_RUN, RUN_FILE_CONSOLE,
		RUN_FILE_REPORT, RUN_FILE_QMP, snap1, NULL }; *f; f++) {
		g_autofree char *path = g_build_filename(dir, *f, NULL);

		g_remove(path);
	}
	g_rmdir(dir);
}

#define LUDMA_LINE "{\"t\":0,\"dev\":\"rp0.dma0\",\"ev\":\"realize\"}\n"

/* A garbled line inside the ground truth fails its evidence check; a last
 * line cut off when QEMU died does not. */
static void only_a_garbled_inner_line_fails_the_log(void **state)
{
	static const struct {
		const char *log;
		gboolean fails;
	} cases[] = {
		{ LUDMA_LINE "{\"t\":1,\"dev\":\"rp0.dma0\",\"ev\":\"sta", FALSE },
		{ LUDMA_LINE "garbage\n" LUDMA_LINE, TRUE },
	};

	(void)state;
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *dir = g_dir_make_tmp("lutb-evidence-XXXXXX", NULL);
		g_autofree char *run = g_build_filename(dir, RUN_FILE_RUN, NULL);
		g_autofree char *file = rundir_ludma_log("rp0.dma0");
		g_autofree char *log = g_build_filename(dir, file, NULL);
		g_autofree char *want = g_strdup_printf("%s: 1 line is not a JSON object", file);
		struct evidence ev;
		gboolean found = FALSE;

		put_run_json(dir, "rp0/dma0", "rp0.dma0", "lu-dma", TRUE, 1);
		put(dir, file, cases[i].log);
		assert_true(evidence_load(dir, &ev, NULL));
		for (guint k = 0; k < ev.missing->len; k++)
			found |= strstr(g_ptr_array_index(ev.missing, k),
					want) != NULL;
		assert_int_equal(found, cases[i].fails);
		evidence_clear(&ev);
		g_remove(run);
		g_remove(log);
		g_rmdir(dir);
	}
}

static void judge_agent(const char *agent, struct verdict_report *r)
{
	struct evidence ev = { 0 };

	evidence_parse_agent(&ev, agent);
	ev.expected_gens = 2;
	r->checks = g_ptr_array_new();
	checks_guest(&ev, r->checks);
	evidence_clear(&ev);
}

/* A ring read only from after the preservation proves nothing about the
 * records that crossed the kexec. */
static void a_ring_checked_only_after_the_kexec_fails(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge_agent("{\"gen\":1,\"event\":\"luo-preserve\",\"engines\":[{\"bdf\":\"0000:03:00.0\","
		    "\"ok\":true,\"status\":{\"seq\":5000}}]}\n"
		    "{\"gen\":2,\"event\":\"luo-retrieve\",\"engines\":[{\"bdf\":\"0000:03:00.0\",\"ok\":true}]}\n"
		    "{\"gen\":2,\"event\":\"ring\",\"engines\":[{\"bdf\":\"0000:03:00.0\",\"ok\":true,"
		    "\"first_seq\":6000,\"last_seq\":9000}]}\n", &r);
	c = find(&r, "dma-continuity-guest:0000:03:00.0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "but it checked only from record 6000, after the "
			       "preservation at record 5000"));
	g_ptr_array_free(r.checks, TRUE);
}

/* An engine whose ring the agent could not read fails with the reason,
 * not with a line of zeros that reads like a check made. */
static void a_ring_not_read_fails_with_the_reason(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge_agent("{\"gen\":2,\"event\":\"ring\",\"engines\":[{\"bdf\":\"0000:06:00.0\",\"ok\":false,"
		    "\"error\":\"vfio-pci: the ring was the previous kernel's user memory\"}]}\n", &r);
	c = find(&r, "dma-continuity-guest:0000:06:00.0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "kernel 2 read no ring: vfio-pci: the ring was the "
			    "previous kernel's user memory");
	g_ptr_array_free(r.checks, TRUE);
}

static void a_preserved_engine_not_retrieved_fails(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge_agent("{\"gen\":1,\"event\":\"luo-preserve\",\"engines\":[{\"bdf\":\"0000:06:00.0\",\"ok\":true}]}\n"
		    "{\"gen\":2,\"event\":\"hello\"}\n"
		    "{\"gen\":2,\"event\":\"luo-retrieve\",\"engines\":[]}\n", &r);
	c = find(&r, "luo-retrieve:0000:06:00.0");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "generation 1 preserved 0000:06:00.0, but generation 2 "
			    "did not retrieve it");
	g_ptr_array_free(r.checks, TRUE);
}

static void a_series_kernel_must_run_its_kunit_suite(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge_agent("{\"gen\":1,\"event\":\"pci-liveupdate\",\"phase\":\"before-kexec\",\"devices\":[]}\n",
		    &r);
	c = find(&r, "kunit:pci_liveupdate:gen1");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "generation 1's kernel has lutb's PCI series, but its "
			    "KUnit suite pci_liveupdate did not run");
	g_ptr_array_free(r.checks, TRUE);
}

/* A KUnit case that skipped tested nothing: its suite is skip, not pass. */
static void a_kunit_suite_with_skipped_cases_is_skip(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge_agent("{\"gen\":1,\"event\":\"kunit\",\"suites\":[{\"suite\":\"pci_liveupdate\","
		    "\"ok\":true,\"passed\":7,\"failed\":0,\"skipped\":2},{\"suite\":\"other\","
		    "\"ok\":true,\"passed\":3,\"failed\":0,\"skipped\":0}]}\n", &r);
	c = find(&r, "kunit:pci_liveupdate:gen1");
	assert_int_equal(c->status, CHECK_SKIP);
	assert_string_equal(c->detail, "0 failed, 2 skipped");
	assert_int_equal(find(&r, "kunit:other:gen1")->status, CHECK_PASS);
	g_ptr_array_free(r.checks, TRUE);
}

/* The posted series has no KUnit suite: n/a, said, not a vanished check. */
static void a_posted_kernel_has_no_kunit_suite_and_says_so(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge_agent("{\"gen\":1,\"event\":\"hello\",\"kernel\":\"7.3.4\","
		    "\"pci_preservation_api\":\"posted-series <linux/pci_liveupdate.h>\"}\n", &r);
	c = find(&r, "kunit:pci_liveupdate:gen1");
	assert_int_equal(c->status, CHECK_NA);
	assert_string_equal(c->detail, "generation 1's kernel has no KUnit suite pci_liveupdate: "
			    "only lutb's series has one (this kernel: posted-series "
			    "<linux/pci_liveupdate.h>)");
	g_ptr_array_free(r.checks, TRUE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_missing_snapshot_is_missing_evidence_not_a_move),
		cmocka_unit_test(only_a_garbled_inner_line_fails_the_log),
		cmocka_unit_test(a_ring_checked_only_after_the_kexec_fails),
		cmocka_unit_test(a_ring_not_read_fails_with_the_reason),
		cmocka_unit_test(a_preserved_engine_not_retrieved_fails),
		cmocka_unit_test(a_series_kernel_must_run_its_kunit_suite),
		cmocka_unit_test(a_posted_kernel_has_no_kunit_suite_and_says_so),
		cmocka_unit_test(a_kunit_suite_with_skipped_cases_is_skip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
