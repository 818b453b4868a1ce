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

/* The aliases of a run's serial ports, by which lutb opens them. */
#define LIBVIRT_ALIAS_CONSOLE "ua-console"
#define LIBVIRT_ALIAS_AGENT "ua-agent"

/* The machine alone, as `lutb topology libvirt-xml` shows it. */
char *libvirt_domain_xml(const struct machine *m);
/*
 * The same domain, named @name, as `lutb run --libvirt` starts it: @run
 * adds the emulator, the kernel, initramfs and command line (paths on the
 * libvirt host), the console (ttyS0) and the agent's port (ttyS1) as ptys
 * named by the aliases above, each lu-dma's log (in @run's run_dir, its
 * name after @run's log_prefix), pvpanic, and destroy on poweroff, reboot
 * and crash. Its sockets are not used: lutb's QMP goes through libvirt.
 * Nothing else differs from the exported XML.
 */
char *libvirt_run_xml(const struct machine *m, const char *name,
		      const struct machine_run *run);

#endif
