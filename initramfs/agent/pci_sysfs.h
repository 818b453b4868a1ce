/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's view of its PCI devices, read from sysfs: address, IDs, BARs,
 * bridge bus numbers and windows, command register, ACS and ARI, bound driver;
 * and what an administrator does to a device: bind, unbind, reset, remove.
 */
#ifndef LUTB_AGENT_PCI_SYSFS_H
#define LUTB_AGENT_PCI_SYSFS_H

#include <jansson.h>
#include <stddef.h>

/* A JSON array with one object per device in /sys/bus/pci/devices. */
json_t *pci_snapshot(void);
/* A hex sysfs attribute of a device (vendor, subsystem_device, ...), or 0. */
unsigned long pci_sysfs_hex(const char *bdf, const char *attr);
/* The name of the driver bound to a device, into @buf ("" for none). */
void pci_sysfs_driver(const char *bdf, char *buf, size_t len);
/* Unbinds a device from its driver: 0, or -errno. */
int pci_sysfs_unbind(const char *bdf);
/* Resets a device the way the kernel chooses (its reset_method): 0, or
 * -errno. */
int pci_sysfs_reset(const char *bdf);
/* The reset methods the kernel would try, into @buf ("" if none). */
void pci_sysfs_reset_method(const char *bdf, char *buf, size_t len);
/* Removes a device (and all below it) from the kernel: 0, or -errno. */
int pci_sysfs_remove(const char *bdf);
/* Binds an unbound device to @driver (driver_override, then a probe): 0,
 * or -errno. */
int pci_sysfs_bind(const char *bdf, const char *driver);

#endif
