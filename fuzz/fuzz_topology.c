// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: any bytes through the whole topology path -- YAML
 * parse, check, compile, and every view of the machine -- must end in a
 * machine or a message, never a crash, a leak or undefined behaviour.
 * QEMU's answers are the unit tests' canned ones.
 */
#include <stddef.h>
#include <stdint.h>

#include "libvirt_xml.h"
#include "pci_tree.h"
#include "topology_check.h"
#include "topology_machine.h"
#include "topology_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise(const struct machine *m)
{
	GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);

	machine_append_args(m, argv, "/run", FALSE);
	g_ptr_array_unref(argv);
	g_free(pci_tree_print(m));
	g_ptr_array_unref(pci_tree_lines(m));
	g_free(libvirt_domain_xml(m));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qemu_catalog *qemu;
	GError *error = NULL;
	struct topology *t;
	struct machine *m;

	if (!qemu)
		qemu = qemu_catalog_new_canned(FUZZ_CANNED_QEMU);
	t = topology_parse_text((const char *)data, size, "fuzz.yaml", &error);
	if (t && topology_check(t, qemu, &error)) {
		m = topology_compile(t);
		exercise(m);
		machine_free(m);
	}
	g_clear_error(&error);
	topology_free(t);
	return 0;
}
