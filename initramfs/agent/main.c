// SPDX-License-Identifier: GPL-2.0-only
/*
 * lutb-agent: the in-guest half of a live update run. In every kernel
 * generation it reports who it is and what PCI looks like. Generation 1
 * starts DMA on every engine; a later one retrieves the engines from the
 * previous kernel, checks their rings and finishes them. If there is a
 * next generation the engines are preserved again and the agent kexecs;
 * otherwise it says it is done and init (init.c: the agent itself, as the
 * initramfs's /init) powers the machine off.
 * scenario.h lists what a run can change.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cmdline.h"
#include "device_actions.h"
#include "engine.h"
#include "fork_point.h"
#include "init.h"
#include "kexec.h"
#include "kmemleak.h"
#include "kunit.h"
#include "liveupdate.h"
#include "pci_sysfs.h"
#include "phase_mark.h"
#include "report.h"
#include "scenario.h"
#include "selftests.h"

#define REPORT_PORT "/dev/ttyS1"
#define PCI_RESCAN "/sys/bus/pci/rescan"

#define LU_DMA_PARAMS "/sys/module/lu_dma/parameters/"
/* lib/test_kho.c, the kernel's KHO selftest, when built in (its parameter
 * gives it a sysfs directory). */
#define KHO_TEST_MODULE "/sys/module/test_kho"

/*
 * One of the lu_dma driver's read-only parameters: pci_api, the PCI
 * preservation API it was built against ("lutb-series", "posted-series
 * <header>" or "none"), and pci_api_calls, the calls of it the tree has;
 * null without the driver (or a driver too old to have it).
 */
static json_t *lu_dma_param(const char *name)
{
	char path[128], value[128] = "";
	FILE *f;

	snprintf(path, sizeof(path), LU_DMA_PARAMS "%s", name);
	f = fopen(path, "r");
	if (!f)
		return json_null();
	if (!fgets(value, sizeof(value), f))
		value[0] = '\0';
	fclose(f);
	value[strcspn(value, "\n")] = '\0';
	return json_string(value);
}

static void report_hello(void)
{
	struct utsname uts;

	uname(&uts);
	report_send("hello",
		    json_pack("{s:s, s:s, s:b, s:b, s:o, s:o, s:o}", "kernel", uts.release,
			      "cmdline", cmdline_text(),
			      "liveupdate_dev", access("/dev/liveupdate", F_OK) == 0,
			      "kho_test", access(KHO_TEST_MODULE, F_OK) == 0,
			      "pci_preservation_api", lu_dma_param("pci_api"),
			      "pci_preservation_calls", lu_dma_param("pci_api_calls"),
			      "scenario", scenario_json()));
}

/*
 * The guest's view of PCI at @phase; the host takes QEMU's at the same
 * instant. Taken at boot, after each action that can change the fabric
 * and at the end, so that a change kernel A makes before the kexec is
 * seen, not only what the next kernel finds.
 */
static void report_pci(const char *phase)
{
	report_send("pci", json_pack("{s:s, s:o}", "phase", phase,
				     "devices", pci_snapshot()));
}

static void report_pci_after(const char *action, const char *phase)
{
	char name[64];

	snprintf(name, sizeof(name), "%s@%s", action, phase);
	report_pci(name);
}

/* A sysfs rescan at @phase if the scenario asks for one. */
static void maybe_rescan(const char *phase)
{
	FILE *f;
	int ok;

	if (!scenario_list_has("rescan", phase, NULL))
		return;
	f = fopen(PCI_RESCAN, "w");
	ok = f && fputs("1", f) >= 0;
	if (f && fclose(f))
		ok = 0;
	report_send("rescan", json_pack("{s:s, s:b}", "phase", phase, "ok", ok));
	lu_report_pci_state(phase);
	report_pci_after("rescan", phase);
}

static struct engine_params scenario_params(void)
{
	return (struct engine_params){
		.ring_entries = (uint32_t)scenario_get_long("ring_entries", 65536),
		.period_ns = (uint32_t)scenario_get_long("period_ns", 200000),
		/*
		 * Generous: under TCG a loaded host delays QEMU's timers by
		 * 100 ms and more. A stopped engine (Bus Master cleared at
		 * kexec) shows as a gap of a second and blocked transactions.
		 */
		.max_gap_ns = (uint64_t)scenario_get_long("max_gap_ns", 500000000),
	};
}

static int agent_main(void)
{
	int generation = (int)cmdline_get_long("gen", 1);
	struct engine engines[ENGINE_MAX];
	struct engine_params params;
	int n;

	/*
	 * A fixed hash seed: jansson would otherwise ask getrandom() for one,
	 * which blocks until the kernel's entropy pool is ready, a second
	 * into kernel A's boot under TCG (a kexec'd kernel gets a seed).
	 * The agent hashes nothing an attacker chooses.
	 */
	json_object_seed(1);
	if (report_open(REPORT_PORT, generation))
		fprintf(stderr, "lutb-agent: no report port, console only\n");
	if (fork_point_here(generation) &&
	    (report_fd_get() < 0 || fork_point_wait(report_fd_get())))
		return 1;
	report_load_host_waits();
	scenario_init(generation);
	params = scenario_params();
	report_hello();
	report_pci("boot");
	n = engines_discover(engines, ENGINE_MAX);
	phase_mark(engines, n, generation, PHASE_UP);
	kunit_report();

	if (generation == 1) {
		if (n && strcmp(scenario_get("dma", "on"), "off") != 0)
			lu_start_engines(engines, n, &params);
	} else {
		lu_report_pci_state("boot");
		lu_retrieve_engines(engines, n);
		phase_mark(engines, n, generation, PHASE_RETRIEVED);
		device_actions_run("after-retrieve", report_pci_after);
		maybe_rescan("after-retrieve");
		lu_verify_engines(engines, n, &params);
		if (strcmp(scenario_get("finish", "yes"), "no") != 0) {
			lu_finish_engines(engines, n);
			phase_mark(engines, n, generation, PHASE_FINISHED);
			lu_report_pci_state("after-finish");
		}
		device_actions_run("after-finish", report_pci_after);
		maybe_rescan("after-finish");
		selftests_run(SELFTEST_AFTER_KEXEC);
	}

	if (kexec_has_generation(generation + 1)) {
		lu_preserve_engines(engines, n);
		lu_unpreserve_engines(engines, n);
		/* Beside the preserved engines, as a user of LUO would be. */
		if (generation == 1)
			selftests_run(SELFTEST_ONCE);
		selftests_run(SELFTEST_BEFORE_KEXEC);
		device_actions_run("before-kexec", report_pci_after);
		maybe_rescan("before-kexec");
		lu_report_pci_state("before-kexec");
		report_pci("before-kexec");
		phase_mark(engines, n, generation, PHASE_KEXEC);
		return kexec_into(generation + 1) ? 1 : 0;
	}
	if (generation == 1)
		selftests_run(SELFTEST_ONCE);
	report_pci("last");
	kmemleak_check();
	report_send("done", NULL);
	return 0;
}

int main(void)
{
	if (getpid() == 1)
		init_run(agent_main);
	return agent_main();
}
