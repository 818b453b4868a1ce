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

#define RUN_JSON \
	"{\"lutb_run\":1,\"spec\":{\"machine\":\"m\",\"devices\":[" \
	"{\"path\":\"rp0\",\"qemu_id\":\"rp0\",\"driver\":\"pcie-root-port\"," \
	"\"lu_dma\":false,\"preserve\":true}]," \
	"\"generations\":[{\"kernel\":\"a\",\"cmdline\":\"\"},{\"kernel\":\"b\",\"cmdline\":\"\"}]}," \
	"\"result\":{\"end\":\"exited\",\"exited\":true,\"exit_status\":0}}"
#define SNAP_RP0 \
	"[{\"bus\":0,\"devices\":[{\"bus\":0,\"slot\":2,\"function\":0,\"qdev_id\":\"rp0\"," \
	"\"id\":{\"vendor\":6966,\"device\":12},\"class_info\":{\"class\":1540},\"regions\":[]}]}]"

/* Both generations see rp0 where QMP put it. */
#define GUEST_RP0(gen) \
	"{\"devices\":[{\"bdf\":\"0000:00:02.0\",\"vendor\":6966,\"device\":12}]," \
	"\"event\":\"pci\",\"gen\":" #gen "}\n"
#define AGENT_RP0 \
	"{\"event\":\"hello\",\"gen\":1,\"kernel\":\"7.3.4\"}\n" GUEST_RP0(1) \
	"{\"event\":\"kexec\",\"gen\":1,\"kernel\":\"/boot/kernel-gen2\"}\n" \
	"{\"event\":\"hello\",\"gen\":2,\"kernel\":\"7.3.4\"}\n" GUEST_RP0(2) \
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
	put(dir, "run.json", RUN_JSON);
	put(dir, "console.log", CONSOLE_TWO_GENERATIONS);
	put(dir, "agent.jsonl", AGENT_RP0);
	put(dir, "qmp.jsonl", QMP_CLEAN_SHUTDOWN);
	put(dir, "qmp-pci-gen1.json", SNAP_RP0);
	assert_true(evidence_load(dir, &ev, NULL));
	((struct run_device *)g_ptr_array_index(ev.devices, 0))->role = ROLE_PATH;
	checks_judge(&ev, &r);
	c = find(&r, "evidence:qmp-pci-gen2.json");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "qmp-pci-gen2.json: generation 2 reported its PCI "
			    "view, but no QMP snapshot was saved");
	c = find(&r, "bdf-stable:rp0");
	assert_int_equal(c->status, CHECK_NA);
	assert_non_null(strstr(c->detail, "QMP 0000:00:02.0 -> (no snapshot)"));
	verdict_report_clear(&r);
	evidence_clear(&ev);
	for (const char *const *f = (const char *const[]){ "run.json", "console.log",
		"agent.jsonl", "qmp.jsonl", "qmp-pci-gen1.json", NULL }; *f; f++) {
		g_autofree char *path = g_build_filename(dir, *f, NULL);

		g_remove(path);
	}
	g_rmdir(dir);
}

#define RUN_JSON_ENGINE \
	"{\"lutb_run\":1,\"spec\":{\"machine\":\"m\",\"devices\":[" \
	"{\"path\":\"rp0/dma0\",\"qemu_id\":\"rp0.dma0\",\"driver\":\"lu-dma\"," \
	"\"lu_dma\":true,\"preserve\":true}]," \
	"\"generations\":[{\"kernel\":\"a\",\"cmdline\":\"\"}]}," \
	"\"result\":{\"end\":\"exited\",\"exited\":true,\"exit_status\":0}}"
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
		g_autofree char *run = g_build_filename(dir, "run.json", NULL);
		g_autofree char *log = g_build_filename(dir, "lu-dma-rp0.dma0.jsonl", NULL);
		struct evidence ev;
		gboolean found = FALSE;

		put(dir, "run.json", RUN_JSON_ENGINE);
		put(dir, "lu-dma-rp0.dma0.jsonl", cases[i].log);
		assert_true(evidence_load(dir, &ev, NULL));
		for (guint k = 0; k < ev.missing->len; k++)
			found |= strstr(g_ptr_array_index(ev.missing, k),
					"lu-dma-rp0.dma0.jsonl: 1 line is not a JSON object") != NULL;
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
	assert_string_equal(c->detail, "generation 1's kernel has PCI preservation, but its "
			    "KUnit suite pci_liveupdate did not run");
	g_ptr_array_free(r.checks, TRUE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_missing_snapshot_is_missing_evidence_not_a_move),
		cmocka_unit_test(only_a_garbled_inner_line_fails_the_log),
		cmocka_unit_test(a_ring_checked_only_after_the_kexec_fails),
		cmocka_unit_test(a_preserved_engine_not_retrieved_fails),
		cmocka_unit_test(a_series_kernel_must_run_its_kunit_suite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
