// SPDX-License-Identifier: GPL-2.0-only
/*
 * lutb topology check|qemu-args|libvirt-xml|tree FILE: what a topology file
 * compiles to, without booting it.
 */
#include <stdio.h>

#include "cmd.h"
#include "machine.h"
#include "lutb-config.h"

#define STATUS_INVALID 1
#define STATUS_USAGE 2

static char *opt_qemu = LUTB_QEMU;
static gboolean opt_no_qemu;

static GOptionEntry topology_options[] = {
	{ "qemu", 0, 0, G_OPTION_ARG_FILENAME, &opt_qemu,
	  "QEMU asked which devices and properties exist (default: the built one)", "PATH" },
	{ "no-qemu", 0, 0, G_OPTION_ARG_NONE, &opt_no_qemu,
	  "Do not ask QEMU: stock device names and properties go unchecked", NULL },
	{ NULL },
};

static void print_check(const struct machine *m, const char *file,
			struct qemu_catalog *qemu)
{
	g_autoptr(GError) error = NULL;
	int last_bus = 0;

	for (guint i = 0; i < m->devices->len; i++) {
		const struct machine_device *d = g_ptr_array_index(m->devices, i);

		last_bus = MAX(last_bus, MAX(d->bus, d->subordinate));
	}
	printf("%s: ok: %u devices on buses 00-%02x, iommu %s, %u MiB, %u cpus\n",
	       file, m->devices->len, last_bus, machine_iommu_name(m->iommu),
	       m->memory_mib, m->cpus);
	if (qemu && !machine_check_drivers(m, qemu, &error))
		printf("%s: note: it cannot boot yet: %s\n", file, error->message);
}

static void print_qemu_args(const struct machine *m)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);

	machine_append_args(m, argv, NULL, FALSE);
	for (guint i = 0; i < argv->len; i += 2) {
		g_autofree char *value = g_shell_quote(g_ptr_array_index(argv, i + 1));

		printf("%s %s%s\n", (char *)g_ptr_array_index(argv, i), value,
		       i + 2 < argv->len ? " \\" : "");
	}
}

static int usage(GOptionContext *ctx)
{
	g_autofree char *help = g_option_context_get_help(ctx, TRUE, NULL);

	fputs(help, stderr);
	return STATUS_USAGE;
}

int cmd_topology(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("check|qemu-args|libvirt-xml|tree FILE");
	g_autoptr(GError) error = NULL;
	g_autoptr(qemu_catalog) qemu = NULL;
	g_autoptr(machine) m = NULL;
	g_autofree char *out = NULL;
	const char *verb, *file;

	g_set_prgname("lutb topology");
	g_option_context_set_summary(ctx,
		"Check a topology file (topologies/README.md) and show what it compiles to:\n"
		"  check        validate; errors say file:line:col and what to do\n"
		"  qemu-args    the QEMU options that build the machine\n"
		"  libvirt-xml  a libvirt domain with the same PCIe fabric\n"
		"  tree         the PCI tree firmware will number, like `lspci -tv`\n"
		"Exit status: 0 valid, 1 invalid, 2 usage error.");
	g_option_context_add_main_entries(ctx, topology_options, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
		fprintf(stderr, "lutb topology: %s\n", error->message);
		return STATUS_USAGE;
	}
	if (argc != 3)
		return usage(ctx);
	verb = argv[1];
	file = argv[2];
	if (!g_strv_contains((const char *const[]){ "check", "qemu-args",
		"libvirt-xml", "tree", NULL }, verb))
		return usage(ctx);

	if (!opt_no_qemu)
		qemu = qemu_catalog_for_binary(opt_qemu);
	m = machine_from_file(file, qemu, &error);
	if (!m) {
		fprintf(stderr, "%s\n", error->message);
		return STATUS_INVALID;
	}
	if (g_str_equal(verb, "check")) {
		print_check(m, file, qemu);
	} else if (g_str_equal(verb, "qemu-args")) {
		print_qemu_args(m);
	} else if (g_str_equal(verb, "libvirt-xml")) {
		out = libvirt_domain_xml(m);
		fputs(out, stdout);
	} else {
		out = pci_tree_print(m);
		fputs(out, stdout);
	}
	return 0;
}
