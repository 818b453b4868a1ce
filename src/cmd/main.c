// SPDX-License-Identifier: GPL-2.0-only
/*
 * lutb: the Linux Live Update testbed's host tool.
 *   lutb run      boot a machine, drive a live update, judge it
 *   lutb report   judge a run directory again from its raw files
 *   lutb matrix   run scenario files and compare them with their expectations
 *   lutb topology check a topology file, show what it compiles to
 *   lutb kernel   build a guest kernel from the user's own Linux tree
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "lutb-config.h"

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "run", cmd_run, "boot a machine, kexec through a live update, judge it" },
	{ "report", cmd_report, "judge an existing run directory again" },
	{ "matrix", cmd_matrix, "run scenario files; say which met their expectations" },
	{ "topology", cmd_topology, "check a topology file; its QEMU args, libvirt XML, PCI tree" },
	{ "kernel", cmd_kernel, "build a guest kernel from your own Linux tree; list them" },
};

static void usage(FILE *out)
{
	fprintf(out, "Usage: lutb COMMAND [OPTIONS]\n\n"
		"Linux Live Update testbed: boots a QEMU PCIe fabric, kexecs the\n"
		"guest through a live update and checks what stayed stable.\n\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n`lutb COMMAND --help` describes a command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return VERDICT_SETUP_ERROR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("lutb %s\n", LUTB_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "lutb: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return VERDICT_SETUP_ERROR;
}
