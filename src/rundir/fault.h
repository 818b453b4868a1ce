/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The faults `lutb run --fault NAME` can inject, to show that the testbed
 * and the kernel cope with them. Kernel A (generation 1) gets
 * lutb.fault=NAME on its command line; its agent or, in the mutant kernel
 * variant, its PCI core acts on it.
 */
#ifndef LUTB_FAULT_H
#define LUTB_FAULT_H
#include <glib.h>

enum fault_actor {
	FAULT_AGENT,		/* initramfs/agent/ */
	FAULT_KERNEL,		/* guest-kernel/mutants/, logs that it acted */
};

struct fault {
	const char *name;
	enum fault_actor actor;
	const char *what;
};

/* The fault named @name, or NULL. */
const struct fault *fault_find(const char *name);
/* "NAME (what it does)" lines for --help and errors. */
char *fault_list(void);
/* How a kernel's lines about its faults start (guest-kernel/mutants/)... */
#define FAULT_KERNEL_LOG_PREFIX "lutb fault "
/* ...and the line it logs when it injected @name. */
char *fault_kernel_marker(const char *name);
#endif
