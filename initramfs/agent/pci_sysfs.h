/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's view of its PCI devices, read from sysfs: address, IDs, BARs,
 * bridge bus numbers, command register and bound driver.
 */
#ifndef LUTB_AGENT_PCI_SYSFS_H
#define LUTB_AGENT_PCI_SYSFS_H

#include <jansson.h>

/* A JSON array with one object per device in /sys/bus/pci/devices. */
json_t *pci_snapshot(void);

#endif
