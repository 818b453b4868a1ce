/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The initramfs handed to the next kernel, without what it will not use:
 * a saved VM's initramfs holds every kernel any run may kexec into, and
 * each megabyte more is copied at kexec and unpacked by the next kernel
 * (a third of a second per run for two unused kernels, under TCG).
 */
#ifndef LUTB_AGENT_INITRD_TRIM_H
#define LUTB_AGENT_INITRD_TRIM_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the entry named @name (no leading '/') goes on. */
typedef bool (*initrd_keep_fn)(const char *name);

/*
 * Writes the "newc" cpio archives of @in to @fd, each entry @keep refuses
 * left out. From the first byte that is neither an archive entry nor the
 * zeros between archives (a compressed archive), the rest goes as it is.
 * 0, or -1 with errno.
 */
int initrd_write_kept(const unsigned char *in, size_t len, int fd, initrd_keep_fn keep);

#endif
