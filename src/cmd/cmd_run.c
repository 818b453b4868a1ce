// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "machine.h"
#include "cmd.h"
#include "kernel_named.h"
#include "kernel_variant.h"
#include "rundir.h"
#include "lutb-config.h"
#include "run.h"
#include "scenario.h"

#define DEFAULT_TOPOLOGY LUTB_TOPOLOGIES_DIR "/default.yaml"

/* What every generation's kernel is booted with; see initramfs/agent. */
#define BASE_CMDLINE "console=ttyS0,115200 panic=-1 kho=on liveupdate=on retain_initrd"

/* NULL, -1 or 0: not given, so the scenario's value or the default holds. */
static char *opt_kernel_a;
static char *opt_kernel_b;
static char *opt_patched_as;
static char *opt_cmdline_a = "";
static char *opt_cmdline_b = "";
static char *opt_accel = "auto";
static char *opt_out;
static char *opt_fault;
static char *opt_scenario;
static char *opt_settings;
static char *opt_hotplug;
static char *opt_selftests;
static char *opt_libvirt;
static int opt_kexecs = -1;
static int opt_timeout;
static double opt_timeout_scale = 1.0;
static gboolean opt_unmutated;
static gboolean opt_fork;

static GOptionEntry run_options[] = {
	{ "kernel-a", 0, 0, G_OPTION_ARG_STRING, &opt_kernel_a,
	  "First kernel: patched, stock, mutant (with lutb_mutant=NAME on its "
	  "command line), debug (patched, with lockdep, KASAN, UBSAN, debug objects, "
	  "kmemleak and slub debug; built on first use), a name given to `lutb kernel build`, or a bzImage path "
	  "(default: patched)", "K" },
	{ "kernel-b", 0, 0, G_OPTION_ARG_STRING, &opt_kernel_b,
	  "Kernel of every later generation (default: patched)", "K" },
	{ "patched-as", 0, 0, G_OPTION_ARG_STRING, &opt_patched_as,
	  "Boot K wherever the scenario (or the default) names the patched kernel, "
	  "e.g. debug: a scenario's expectations on the patched kernel held to the "
	  "debug one", "K" },
	{ "kexecs", 0, 0, G_OPTION_ARG_INT, &opt_kexecs,
	  "Live updates in a row (default: 1)", "N" },
	{ "cmdline-a", 0, 0, G_OPTION_ARG_STRING, &opt_cmdline_a,
	  "Extra command line for the first kernel", "ARGS" },
	{ "cmdline-b", 0, 0, G_OPTION_ARG_STRING, &opt_cmdline_b,
	  "Extra command line for later kernels (e.g. pci=assign-busses)", "ARGS" },
	{ "accel", 0, 0, G_OPTION_ARG_STRING, &opt_accel,
	  "auto (probe KVM, fall back to TCG), kvm or tcg (default: auto)", "A" },
	{ "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout,
	  "Seconds before a hung guest is stopped (default: the scenario's, or 120)", "S" },
	{ "timeout-scale", 0, 0, G_OPTION_ARG_DOUBLE, &opt_timeout_scale,
	  "Multiply the timeout by F, for a run sharing the cores with others "
	  "(lutb matrix gives its runs side by side / cores when above 1)", "F" },
	{ "out", 0, 0, G_OPTION_ARG_FILENAME, &opt_out,
	  "Run directory (default: $LUTB_RESULTS_DIR or results/, then <UTC time>-<machine>-<kernels>)", "DIR" },
	{ "scenario", 0, 0, G_OPTION_ARG_FILENAME, &opt_scenario,
	  "Scenario file (YAML, scenarios/README.md): machine, kernels, settings and "
	  "the expected outcome; the exit status then says whether it was met. "
	  "Options given beside it win", "FILE" },
	{ "settings", 0, 0, G_OPTION_ARG_FILENAME, &opt_settings,
	  "Agent settings file, put in the guest as /etc/lutb/scenario "
	  "(KEY=VALUE lines, initramfs/README.md)", "FILE" },
	{ "hotplug", 0, 0, G_OPTION_ARG_STRING, &opt_hotplug,
	  "Add a device when the agent reports EVENT in generation GEN "
	  "(e.g. 1:luo-preserve:edu,bus=rp2,id=hp0)", "GEN:EVENT:DEVICE" },
	{ "selftests", 0, 0, G_OPTION_ARG_STRING, &opt_selftests,
	  "Run the kernel's own Live Update selftests (tools/testing/selftests/"
	  "liveupdate and kho of the guest's Linux tree) beside the engines: "
	  "stage 1 before each kexec, stage 2 after it; each is a check "
	  "selftest:NAME (LIST: names separated by commas, or all)", "LIST" },
	{ "libvirt", 0, 0, G_OPTION_ARG_STRING, &opt_libvirt,
	  "Run QEMU as a transient domain of this libvirt host (e.g. qemu:///session, "
	  "qemu+ssh://HOST/session), destroyed when the run ends; the host needs "
	  "lutb's QEMU at the same path, lutb copies the rest there and back", "URI" },
	{ "unmutated", 0, 0, G_OPTION_ARG_NONE, &opt_unmutated,
	  "Drop lutb_mutant= from every command line: the mutant kernel is then "
	  "the patched one, with its faults", NULL },
	{ "fork", 0, 0, G_OPTION_ARG_NONE, &opt_fork,
	  "Start from kernel A saved where runs start to differ, before the agent "
	  "reads the run's settings, instead of booting it (booted and saved "
	  "once per machine, kernel A and command line, kept in "
	  "$LUTB_CACHE/saved-vm; lutb matrix does this unless --no-fork)", NULL },
	{ "fault", 0, 0, G_OPTION_ARG_STRING, &opt_fault,
	  "Make kernel A or its agent inject a fault (listed below)", "NAME" },
	{ NULL },
};

/* The variants built so far: a saved VM carries them all, so that runs
 * kexecing into any of them share it. */
static GStrv named_kernels(void)
{
	static const char *const variants[] = { "patched", "stock", "mutant" };
	GStrvBuilder *b = g_strv_builder_new();
	GStrv paths;

	for (guint i = 0; i < G_N_ELEMENTS(variants); i++) {
		g_autofree char *path = kernel_variant_path(variants[i]);

		if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
			g_strv_builder_add(b, path);
	}
	paths = g_strv_builder_end(b);
	g_strv_builder_unref(b);
	return paths;
}

/* "patched", "stock" and "mutant" name a variant lutb builds (on first use
 * for the last two); a name given to `lutb kernel build` names that kernel;
 * anything else is a path. */
static char *resolve_kernel(const char *what, GError **error)
{
	char *path;

	if (kernel_is_variant(what)) {
		if (!kernel_variant_ensure(what, error))
			return NULL;
		path = kernel_variant_path(what);
	} else if (!(path = kernel_named_path(what))) {
		path = g_canonicalize_filename(what, NULL);
	}
	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
			    "kernel '%s': %s does not exist", what, path);
		g_free(path);
		return NULL;
	}
	return path;
}

static char *kernel_label(const char *what)
{
	g_autofree char *base = g_path_get_basename(what);

	return g_strdelimit(g_strdup(base), "/. ", '_');
}

const char *results_root(void)
{
	const char *root = g_getenv("LUTB_RESULTS_DIR");

	return root && *root ? root : LUTB_RESULTS_DIR;
}

/* results/<UTC>-<machine>-<a>-<b>, made unique if two runs start together. */
static char *make_run_dir(const char *machine, const char *kernel_a,
			  const char *kernel_b, GError **error)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autofree char *stamp = g_date_time_format(now, "%Y%m%dT%H%M%SZ");
	g_autofree char *a = kernel_label(kernel_a);
	g_autofree char *b = kernel_label(kernel_b);
	const char *root = results_root();
	char *dir;

	if (opt_out) {
		dir = g_canonicalize_filename(opt_out, NULL);
		if (g_mkdir_with_parents(dir, 0755) == 0)
			return dir;
	} else {
		for (int n = 0; n < 1000; n++) {
			dir = n ? g_strdup_printf("%s/%s-%s-%s-%s.%d", root,
						  stamp, machine, a, b, n)
				: g_strdup_printf("%s/%s-%s-%s-%s", root,
						  stamp, machine, a, b);
			g_mkdir_with_parents(root, 0755);
			if (g_mkdir(dir, 0755) == 0)
				return dir;
			if (errno != EEXIST)
				break;
			g_free(dir);
		}
	}
	g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		    "cannot create the run directory %s: %s", dir, g_strerror(errno));
	g_free(dir);
	return NULL;
}

/* @line without its lutb_mutant= words. */
static char *without_mutant(const char *line)
{
	g_auto(GStrv) words = g_strsplit(line, " ", -1);
	GString *out = g_string_new(NULL);

	for (guint i = 0; words[i]; i++) {
		if (!*words[i] || g_str_has_prefix(words[i], "lutb_mutant="))
			continue;
		if (out->len)
			g_string_append_c(out, ' ');
		g_string_append(out, words[i]);
	}
	return g_string_free(out, FALSE);
}

/* The scenario's line for @gen, then the option's. Only kernel A injects
 * a fault: the kernels after it must cope with what it handed over. */
static char *generation_cmdline(const struct scenario *sc, guint gen, const char *fault)
{
	const char *extra = gen == 1 ? opt_cmdline_a : opt_cmdline_b;
	const char *planned = sc && gen <= SCENARIO_MAX_GENERATIONS ? sc->cmdlines[gen - 1] : NULL;

	g_autofree char *line = NULL;

	if (gen > 1)
		fault = NULL;
	line = g_strdup_printf(BASE_CMDLINE " lutb.gen=%u%s%s%s%s%s%s", gen,
			       fault ? " lutb.fault=" : "", fault ? fault : "",
			       planned ? " " : "", planned ? planned : "",
			       *extra ? " " : "", extra);
	return opt_unmutated ? without_mutant(line) : g_steal_pointer(&line);
}

static const char *topology_arg(int argc, char **argv, const struct scenario *sc,
				GError **error)
{
	if (argc > 2) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "one topology file at most, not '%s' too", argv[2]);
		return NULL;
	}
	if (argc == 2)
		return argv[1];
	return sc && sc->topology ? sc->topology : DEFAULT_TOPOLOGY;
}

static gboolean load_scenario(struct scenario **out, GError **error)
{
	if (!opt_scenario)
		return TRUE;
	if (!g_str_has_suffix(opt_scenario, ".yaml") && !g_str_has_suffix(opt_scenario, ".yml")) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--scenario takes a YAML scenario file (scenarios/README.md); "
			    "agent settings as KEY=VALUE lines go to --settings");
		return FALSE;
	}
	*out = scenario_load(opt_scenario, error);
	return *out != NULL;
}

static GPtrArray *choose_selftests(const char *list, GError **error)
{
	g_autoptr(GPtrArray) catalog = selftest_catalog_load(LUTB_SELFTESTS, error);

	return catalog ? selftest_select(catalog, list, error) : NULL;
}

/* The kernel of generation @gen (1-based): option, scenario, or patched
 * (or what --patched-as says patched is). */
static const char *kernel_of(const struct scenario *sc, guint gen)
{
	const char *opt = gen == 1 ? opt_kernel_a : opt_kernel_b;
	const char *k = opt ?: sc && sc->n_gens ? sc->kernels[MIN(gen, sc->n_gens) - 1] :
		"patched";

	return opt_patched_as && g_str_equal(k, "patched") ? opt_patched_as : k;
}

static guint generations(const struct scenario *sc)
{
	if (opt_kexecs >= 0)
		return (guint)opt_kexecs + 1;
	return sc && sc->n_gens ? sc->n_gens : 2;
}

static gboolean check_options(GError **error)
{
	if (opt_kexecs < -1 || opt_kexecs >= RUNNER_MAX_GENERATIONS) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--kexecs must be between 0 and %d", RUNNER_MAX_GENERATIONS - 1);
		return FALSE;
	}
	if (opt_fault && !fault_find(opt_fault)) {
		g_autofree char *list = fault_list();

		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "no fault is named '%s'; the faults are:\n%s", opt_fault, list);
		return FALSE;
	}
	if (opt_timeout < 0) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--timeout must be a positive number of seconds");
		return FALSE;
	}
	if (!(opt_timeout_scale >= 1.0 && opt_timeout_scale <= 64.0)) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--timeout-scale must be from 1 to 64, not %g", opt_timeout_scale);
		return FALSE;
	}
	return TRUE;
}

/* The scenario goes into the run directory, so that `lutb report` can
 * judge the run against it again. */
static gboolean keep_scenario(const struct scenario *sc, const char *run_dir,
			      GError **error)
{
	g_autofree char *text = NULL;
	g_autofree char *path = NULL;
	gsize len;

	if (!sc)
		return TRUE;
	path = g_build_filename(run_dir, RUN_FILE_SCENARIO, NULL);
	return g_file_get_contents(sc->file, &text, &len, error) &&
	       g_file_set_contents(path, text, (gssize)len, error);
}

int cmd_run(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("[TOPOLOGY]");
	g_autofree char *faults = NULL;
	g_autofree char *faults_help = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *run_dir = NULL;
	g_autofree char *settings = NULL;
	char *kernels[RUNNER_MAX_GENERATIONS] = { 0 };
	struct hotplug *hotplug = NULL;
	g_autofree char *accel_why = NULL;
	g_autofree char *probe_cache = NULL;
	g_autofree char *fork_cache = NULL;
	g_auto(GStrv) fork_kernels = NULL;
	g_auto(GStrv) firmware = g_strsplit(LUTB_FIRMWARE_DIRS, ":", -1);
	g_autoptr(qemu_catalog) qemu = qemu_catalog_for_binary(LUTB_QEMU);
	g_autoptr(scenario) sc = NULL;
	g_autoptr(GPtrArray) selftests = NULL;
	struct machine *machine = NULL;
	const char *topology, *fault, *hotplug_text, *selftest_list;
	struct run_spec spec = { 0 };
	struct run_result result;
	gboolean ok = TRUE;
	enum accel accel;
	guint n_gens = 0;
	int status;

	g_set_prgname("lutb run");
	g_option_context_set_summary(ctx,
		"Boot the machine a topology file describes (default: topologies/default.yaml,\n"
		"a root port, a switch and two lu-dma engines) on kernel A, kexec through a\n"
		"live update into kernel B, and judge the run.\n"
		"Exit status: 0 pass, 1 fail, 2 timeout, 3 crashed, 125 setup error (which\n"
		"git bisect run takes as \"skip\"); with --scenario, 0 when the run met the\n"
		"scenario's expectations, 1 when not, 125 on a setup error.");
	faults = fault_list();
	faults_help = g_strdup_printf("Faults (--fault NAME):\n%s", faults);
	g_option_context_set_description(ctx, faults_help);
	g_option_context_add_main_entries(ctx, run_options, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error) || !check_options(&error) ||
	    !load_scenario(&sc, &error))
		ok = FALSE;
	if (ok && !accel_parse(opt_accel, &accel)) {
		g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--accel must be auto, kvm or tcg, not '%s'", opt_accel);
		ok = FALSE;
	}
	if (ok) {
		n_gens = generations(sc);
		for (guint i = 0; ok && i < n_gens; i++)
			ok = (kernels[i] = resolve_kernel(kernel_of(sc, i + 1), &error)) != NULL;
	}
	fault = opt_fault ? opt_fault : sc ? sc->fault : NULL;
	hotplug_text = opt_hotplug ? opt_hotplug : sc ? sc->hotplug : NULL;
	selftest_list = opt_selftests ? opt_selftests : sc ? sc->selftests : NULL;
	if (!ok ||
	    (selftest_list && !(selftests = choose_selftests(selftest_list, &error))) ||
	    !(topology = topology_arg(argc, argv, sc, &error)) ||
	    !(machine = machine_from_file(topology, qemu, &error)) ||
	    !machine_check_drivers(machine, qemu, &error) ||
	    (opt_settings && !g_file_get_contents(opt_settings, &settings, NULL, &error)) ||
	    (hotplug_text && !(hotplug = hotplug_parse(hotplug_text, &error))) ||
	    !(run_dir = make_run_dir(machine->name, kernel_of(sc, 1), kernel_of(sc, 2), &error)) ||
	    !keep_scenario(sc, run_dir, &error)) {
		fprintf(stderr, "lutb run: %s\n", error->message);
		machine_free(machine);
		for (guint i = 0; i < n_gens; i++)
			g_free(kernels[i]);
		return VERDICT_SETUP_ERROR;
	}
	/* Its QEMU answered what the machine needed; it must not outlive lutb. */
	g_clear_pointer(&qemu, qemu_catalog_free);
	if (!settings && sc && sc->settings)
		settings = g_strdup(sc->settings);
	if (selftests) {
		g_autofree char *line = selftest_setting(selftests);
		char *with = g_strdup_printf("%s%s\n", settings ? settings : "", line);

		g_free(settings);
		settings = with;
	}

	spec.machine = machine;
	spec.qemu = LUTB_QEMU;
	spec.firmware_dirs = firmware;
	spec.base_initrd = LUTB_INITRAMFS;
	spec.scenario = settings;
	spec.scenario_name = sc ? sc->name : NULL;
	spec.hotplug = hotplug;
	spec.fault = fault;
	spec.selftests = selftests;
	spec.libvirt_uri = opt_libvirt ? opt_libvirt : sc ? sc->libvirt : NULL;
	spec.selftest_dir = LUTB_SELFTESTS;
	spec.timeout_s = (guint)ceil(opt_timeout_scale *
				     (opt_timeout ? opt_timeout : sc && sc->timeout_s ? sc->timeout_s : 120));
	spec.out_dir = run_dir;
	if (opt_fork) {
		fork_cache = lutb_cache_path("saved-vm");
		spec.fork_cache = fork_cache;
		spec.fork_kernels = fork_kernels = named_kernels();
	}
	spec.n_gens = n_gens;
	for (guint i = 0; i < spec.n_gens; i++) {
		spec.gens[i].kernel = kernels[i];
		spec.gens[i].cmdline = generation_cmdline(sc, i + 1, fault);
	}
	probe_cache = lutb_cache_path("accel-probe");
	spec.accel = accel_resolve(accel, &(struct accel_probe){
		.qemu = LUTB_QEMU, .firmware_dirs = firmware, .kernel = kernels[0],
		.scratch_dir = run_dir, .cache_dir = probe_cache }, &accel_why);
	if (accel_why)
		fprintf(stderr, "lutb: using TCG: %s\n", accel_why);
	fprintf(stderr, "lutb: run directory %s\n", run_dir);

	runner_run(&spec, &result);
	if (!run_record_write(&spec, &result, &error))
		fprintf(stderr, "lutb: %s\n", error->message);
	run_result_clear(&result);
	for (guint i = 0; i < spec.n_gens; i++) {
		g_free(spec.gens[i].cmdline);
		g_free(kernels[i]);
	}
	machine_free(machine);
	hotplug_free(hotplug);

	status = judge_run_dir(run_dir);
	return status;
}
