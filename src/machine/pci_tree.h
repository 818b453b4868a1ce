/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PCI tree a machine should show once firmware has numbered its buses:
 * printed like `lspci -tv` with the file's names, so it can be read beside
 * the guest's own `lspci -tv`, and listed one function a line, so it can be
 * compared with what QMP query-pci reports.
 */
#ifndef LUTB_PCI_TREE_H
#define LUTB_PCI_TREE_H

#include "machine_model.h"

/* Functions q35 always has on pcie.0, even with -nodefaults. */
struct q35_function {
	guint dev, fn;
	const char *what;
};
extern const struct q35_function q35_functions[];
extern const gsize n_q35_functions;

/* lspci -tv: "-[0000:00]-+-02.0-[01-05] rp0----00.0-[02-05] sw0--+-...". */
char *pci_tree_print(const struct machine *m);
/*
 * One line per function, sorted: "BB:DD.F QEMU-ID" and, for bridges,
 * " [SEC-SUB]"; q35's own functions have the id "-".
 */
GPtrArray *pci_tree_lines(const struct machine *m);
/* The same lines for what QEMU built (qmp_pci_parse() of query-pci). */
GPtrArray *pci_tree_lines_qmp(GPtrArray *qmp_devices);

#endif
