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

/* libvirt's user aliases start so; it then uses them as QEMU ids. */
#define LIBVIRT_ALIAS_PREFIX "ua-"

char *libvirt_domain_xml(const struct machine *m);

#endif
