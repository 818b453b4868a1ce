/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Files of a run on a libvirt host, which may be another machine: a
 * directory storage pool there (libvirt's only way to move files to and
 * from a host), shared by every run on it, each run's files named after
 * its domain. The kernel and initramfs go up before the domain starts;
 * each lu-dma log is made empty beforehand (so QEMU may write it, whoever
 * it runs as) and comes down after the domain stopped. Freeing deletes
 * every file the run made there. A pool of that name defined on the host
 * beforehand, anywhere, is used as it is.
 */
#ifndef LUTB_LIBVIRT_STAGING_H
#define LUTB_LIBVIRT_STAGING_H

#include <glib.h>
#include <libvirt/libvirt.h>

#define LIBVIRT_STAGING_POOL "lutb-staging"
#define LIBVIRT_STAGING_DIR "/tmp/lutb-staging"

struct libvirt_staging;

/* The pool on @conn (made if missing); @prefix begins every file's name. */
struct libvirt_staging *libvirt_staging_open(virConnectPtr conn, const char *prefix,
					     GError **error);
/* Copies @local to the host as PREFIX-@name; returns its path there. */
char *libvirt_staging_upload(struct libvirt_staging *s, const char *local,
			     const char *name, GError **error);
/*
 * An empty file PREFIX-@name that anyone on the host may write, in the
 * directory of the uploads.
 */
gboolean libvirt_staging_create(struct libvirt_staging *s, const char *name,
				GError **error);
/* Copies the host's @name to @local. */
gboolean libvirt_staging_download(struct libvirt_staging *s, const char *name,
				  const char *local, GError **error);
/* Deletes the run's files on the host. */
void libvirt_staging_free(struct libvirt_staging *s);

#endif
