/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * QMP to a libvirt domain's QEMU, wherever its host is: a unix socket
 * lutb's own QMP client connects to as it would to QEMU's, each command
 * passed through libvirt (virDomainQemuMonitorCommand) and each QEMU
 * event libvirt forwards written out as QEMU would. Commands must carry
 * no "id" (libvirt adds its own); replies come as QEMU wrote them.
 */
#ifndef LUTB_LIBVIRT_QMP_H
#define LUTB_LIBVIRT_QMP_H

#include <glib.h>
#include <libvirt/libvirt.h>

struct libvirt_qmp;

struct libvirt_qmp *libvirt_qmp_serve(virDomainPtr dom, const char *path, GError **error);
void libvirt_qmp_free(struct libvirt_qmp *q);

#endif
