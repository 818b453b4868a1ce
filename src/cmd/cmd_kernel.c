// SPDX-License-Identifier: GPL-2.0-only
/*
 * lutb kernel build|list: guest kernels from a user's own Linux tree, or
 * from a patch series as posted to a list applied onto the pinned Linux,
 * built for the testbed (scripts/build-user-kernel.sh and
 * build-series-kernel.sh do the work) and then named to `lutb run
 * --kernel-a NAME`.
 */
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "kernel_named.h"
#include "kernel_variant.h"
#include "lutb-config.h"

#define STATUS_USAGE 2

static char *opt_name;
static char *opt_series;
static char *opt_fixups;
static char **opt_configs;
static char **opt_on;
static gboolean opt_faults;

static GOptionEntry kernel_options[] = {
	{ "name", 0, 0, G_OPTION_ARG_STRING, &opt_name,
	  "Name to run it by (default: the tree's or the series' file name)", "NAME" },
	{ "series", 0, 0, G_OPTION_ARG_FILENAME, &opt_series,
	  "Build the pinned Linux with this posted series applied (a folder of "
	  "patches, or an mbox): no TREE then", "PATH" },
	{ "fixups", 0, 0, G_OPTION_ARG_FILENAME, &opt_fixups,
	  "With --series: patches named as the series' own that replace them "
	  "(default: the series' rebased-VERSION/ for the pinned Linux, if any)", "DIR" },
	{ "on", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_on,
	  "With --series: a posted series it applies on top of, applied first with "
	  "its own rebased-VERSION/ (repeatable; e.g. the VFIO series --on the PCI "
	  "posting it names)", "PATH" },
	{ "config", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_configs,
	  "With --series: an extra config fragment (repeatable)", "FILE" },
	{ "faults", 0, 0, G_OPTION_ARG_NONE, &opt_faults,
	  "With --series: add lutb's test-only faults (guest-kernel/posted-faults/), "
	  "so that --fault pci-flb-* can be asked of the posting", NULL },
	{ NULL },
};

/* The build script's argv: the series' or the tree's. */
static GPtrArray *build_argv(const char *tree, const char *name)
{
	GPtrArray *argv = g_ptr_array_new();

	if (!opt_series) {
		g_ptr_array_add(argv, (char *)LUTB_BUILD_USER_KERNEL);
		g_ptr_array_add(argv, (char *)tree);
	} else {
		g_ptr_array_add(argv, (char *)LUTB_BUILD_SERIES_KERNEL);
		if (opt_fixups) {
			g_ptr_array_add(argv, "--fixups");
			g_ptr_array_add(argv, opt_fixups);
		}
		if (opt_faults)
			g_ptr_array_add(argv, "--faults");
		for (char **c = opt_configs; c && *c; c++) {
			g_ptr_array_add(argv, "--config");
			g_ptr_array_add(argv, *c);
		}
		for (char **b = opt_on; b && *b; b++) {
			g_ptr_array_add(argv, "--on");
			g_ptr_array_add(argv, *b);
		}
		g_ptr_array_add(argv, (char *)LUTB_LINUX_SRC);
		g_ptr_array_add(argv, opt_series);
	}
	g_ptr_array_add(argv, (char *)name);
	g_ptr_array_add(argv, NULL);
	return argv;
}

static int kernel_build(const char *tree)
{
	g_autofree char *base = g_path_get_basename(tree);
	const char *name = opt_name ? opt_name : base;
	g_autoptr(GSubprocessLauncher) launcher = NULL;
	g_autoptr(GSubprocess) build = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) argv = NULL;
	int status;

	if (!kernel_name_is_valid(name) || kernel_is_variant(name)) {
		fprintf(stderr, "lutb kernel build: '%s' cannot name a kernel (patched, stock and "
			"mutant are lutb's own; no '/', no leading '.'); give --name\n", name);
		return STATUS_USAGE;
	}
	argv = build_argv(tree, name);
	launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_NONE);
	build = g_subprocess_launcher_spawnv(launcher, (const char *const *)argv->pdata, &error);
	if (!build || !g_subprocess_wait(build, NULL, &error)) {
		fprintf(stderr, "lutb kernel build: %s\n", error->message);
		return VERDICT_SETUP_ERROR;
	}
	if (!g_subprocess_get_if_exited(build))
		return VERDICT_SETUP_ERROR;
	status = g_subprocess_get_exit_status(build);
	if (status == STATUS_USAGE)
		return STATUS_USAGE;
	if (status != 0)
		return VERDICT_SETUP_ERROR;
	fprintf(stderr, "lutb: run it with: lutb run --kernel-a %s --kernel-b %s\n", name, name);
	return 0;
}

/* Each name, the tree and commit it was built from. */
static int kernel_list(void)
{
	g_autofree char *dir = lutb_cache_path("named-kernels");
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *link = g_build_filename(dir, name, NULL);
		g_autofree char *target = g_file_read_link(link, NULL);
		g_autofree char *entry = target ? g_path_get_dirname(target) : NULL;
		g_autofree char *tree_file = entry ? g_build_filename(entry, "tree", NULL) : NULL;
		g_autofree char *tree = NULL;
		g_auto(GStrv) lines = NULL;

		if (!tree_file || !g_file_get_contents(tree_file, &tree, NULL, NULL))
			continue;
		lines = g_strsplit(tree, "\n", 3);
		printf("%-20s %s (%s)\n", name, lines[0], lines[1] ? lines[1] : "?");
	}
	return 0;
}

int cmd_kernel(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("build TREE | build --series PATH | list");
	g_autoptr(GError) error = NULL;

	g_set_prgname("lutb kernel");
	g_option_context_set_summary(ctx,
		"build TREE: build a guest kernel from your own Linux tree (a git checkout\n"
		"or an unpacked source) with the testbed's config and the lu_dma driver, out\n"
		"of tree (TREE is never written to), cached by TREE's commit and uncommitted\n"
		"changes. Then `lutb run --kernel-a NAME`. TREE needs Kexec HandOver and the\n"
		"Live Update Orchestrator; without a PCI preservation series lu_dma preserves\n"
		"through LUO only, and the run's report says so.\n"
		"build --series PATH: apply a series as posted to a list (a folder of\n"
		"mails, or an mbox as `b4 am` writes it) onto the pinned Linux with git am's\n"
		"patch engine and build it the same way, in the tree lutb's own kernels are\n"
		"built in (incremental), cached by the series' content. A patch that does\n"
		"not apply stops the build, naming the patch, its first failing hunk and\n"
		"whether a --fixups patch would help. A series on top of another: --on, e.g.\n"
		"--series .../vfio-v5 --on .../pci-v7 --config\n"
		"guest-kernel/config/vfio-liveupdate.config.\n"
		"list: the kernels built so far, by name.\n\n"
		"Exit status: 0 built (or found in the cache), 125 when TREE or the series\n"
		"does not apply or build, or cannot be used (so that `git bisect run` skips\n"
		"that commit), 2 usage.");
	g_option_context_add_main_entries(ctx, kernel_options, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
		fprintf(stderr, "lutb kernel: %s\n", error->message);
		return STATUS_USAGE;
	}
	if (!opt_series && (opt_fixups || opt_configs || opt_on || opt_faults)) {
		fprintf(stderr, "lutb kernel: --fixups, --config, --on and --faults go with --series\n");
		return STATUS_USAGE;
	}
	if (argc == 3 && !strcmp(argv[1], "build") && !opt_series)
		return kernel_build(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "build") && opt_series)
		return kernel_build(opt_series);
	if (argc == 2 && !strcmp(argv[1], "list"))
		return kernel_list();
	{
		g_autofree char *help = g_option_context_get_help(ctx, TRUE, NULL);

		fputs(help, stderr);
	}
	return STATUS_USAGE;
}
