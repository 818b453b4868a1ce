/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * QMP query-pci, flattened: every function with its address, IDs, BARs and,
 * for bridges, bus numbers and windows, as QEMU reads them from config
 * space at that instant.
 */
#ifndef LUTB_QMP_PCI_H
#define LUTB_QMP_PCI_H

#include <glib.h>
#include <jansson.h>

struct pci_window {
	gint64 base, limit;	/* -1, -1: absent */
};

struct qmp_pci_region {
	int bar;
	gboolean io;
	gint64 address, size;
};

struct qmp_pci_dev {
	char *qdev_id;		/* "" for devices the machine adds itself */
	int bus, slot, fn;
	int vendor, device, class_code;
	GArray *regions;	/* struct qmp_pci_region */
	gboolean bridge;
	int number, secondary, subordinate;
	struct pci_window io, memory, prefetch;
};

/* Parses query-pci's "return" value; NULL if it is not one. */
GPtrArray *qmp_pci_parse(json_t *ret);
GPtrArray *qmp_pci_load(const char *path, GError **error);
const struct qmp_pci_dev *qmp_pci_find(GPtrArray *devs, const char *qdev_id);
/* "0000:03:00.0" into @buf. */
void qmp_pci_bdf(const struct qmp_pci_dev *d, char *buf, gsize len);

#endif
