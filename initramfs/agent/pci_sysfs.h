/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's view of its PCI devices, read from sysfs: address, IDs, BARs,
 * bridge bus numbers and windows, command register, ACS and ARI, bound driver.
 */
#ifndef LUTB_AGENT_PCI_SYSFS_H
#define LUTB_AGENT_PCI_SYSFS_H

#include <jansson.h>

/* A JSON array with one object per device in /sys/bus/pci/devices. */
json_t *pci_snapshot(void);
/* A hex sysfs attribute of a device (vendor, subsystem_device, ...), or 0. */
unsigned long pci_sysfs_hex(const char *bdf, const char *attr);

#endif
