// SPDX-License-Identifier: GPL-2.0-only
#include "fault.h"

static const struct fault faults[] = {
	{ "kexec-load", FAULT_AGENT, "the agent breaks its kexec load" },
	{ "pci-flb-unretrievable", FAULT_KERNEL,
	  "kernel A hands over PCI state that names no address" },
	{ "pci-flb-abi", FAULT_KERNEL,
	  "kernel A hands over PCI state in an ABI no kernel knows" },
	{ "pci-flb-corrupt", FAULT_KERNEL,
	  "kernel A's list of preserved devices loses the bridge above a device "
	  "being unpreserved" },
};

const struct fault *fault_find(const char *name)
{
	for (guint i = 0; i < G_N_ELEMENTS(faults); i++)
		if (g_str_equal(faults[i].name, name))
			return &faults[i];
	return NULL;
}

char *fault_list(void)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < G_N_ELEMENTS(faults); i++)
		g_string_append_printf(s, "  %-22s %s%s\n", faults[i].name, faults[i].what,
				       faults[i].actor == FAULT_KERNEL ?
				       " (mutant kernel variant)" : "");
	return g_string_free(s, FALSE);
}

char *fault_kernel_marker(const char *name)
{
	return g_strdup_printf(FAULT_KERNEL_LOG_PREFIX "%s: injected", name);
}
