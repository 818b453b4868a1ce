/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine as a libvirt domain: ports and switches as libvirt's PCIe
 * controllers (pcie-root-port, pcie-switch-upstream-port,
 * pcie-switch-downstream-port) at the same addresses, endpoints (lu-dma
 * and stock devices alike, named by QEMU driver in the file) through
 * <qemu:commandline>, and what libvirt has no attribute for (slot numbers,
 * bus-reserve, extra properties) through <qemu:override>.
 */
#ifndef LUTB_LIBVIRT_XML_H
#define LUTB_LIBVIRT_XML_H

#include "machine_model.h"

/* The machine alone, as `lutb topology libvirt-xml` shows it. */
char *libvirt_domain_xml(const struct machine *m);
/*
 * The same domain, named @name, as `lutb run --libvirt` starts it: @run
 * adds the emulator, the kernel, initramfs and command line, the console
 * (ttyS0, a file) and the agent's port (ttyS1, a socket QEMU serves), each
 * lu-dma's log, lutb's own QMP monitor, pvpanic, and destroy on poweroff,
 * reboot and crash. Nothing else differs from the exported XML.
 */
char *libvirt_run_xml(const struct machine *m, const char *name,
		      const struct machine_run *run);

#endif
