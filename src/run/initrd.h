/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The initramfs of one run: the base archive built with the testbed, then a
 * second cpio archive (Linux unpacks concatenated archives in order) with
 * what this run adds: /boot/kernel-genN and /etc/lutb/cmdline-genN for each
 * generation after the first, the scenario the agent follows, and any
 * other file the run takes along (the kernel's selftests).
 */
#ifndef LUTB_INITRD_H
#define LUTB_INITRD_H

#include <glib.h>

struct generation {
	const char *kernel;	/* host path of the bzImage */
	char *cmdline;
};

/* A host file to put into the guest, with the directories above it. */
struct initrd_file {
	char *guest_path;	/* relative to /, e.g. "usr/lib/lutb/x" */
	char *host_path;	/* NULL: @data is the content */
	char *data;
	unsigned int mode;
};

/* A file whose content is @data, not a host file's. */
struct initrd_file *initrd_file_new_data(const char *guest_path, const char *data);
struct initrd_file *initrd_file_new(const char *guest_path, const char *host_path,
				    unsigned int mode);
void initrd_file_free(gpointer file);

/*
 * Writes @output from @base plus @gens[1..n-1] (gens[0] boots via -kernel),
 * when @scenario is not NULL /etc/lutb/scenario with its text, when
 * @host_waits is not NULL /etc/lutb/host-waits with it (the events, one a
 * line, after which the host acts before the agent may go on), and @files
 * (struct initrd_file *, or NULL).
 */
gboolean initrd_compose(const char *base, const struct generation *gens,
			guint n, const char *scenario, const char *host_waits,
			const GPtrArray *files, const char *output, GError **error);

#endif
