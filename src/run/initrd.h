/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The initramfs of one run: the base archive built with the testbed, then a
 * second cpio archive (Linux unpacks concatenated archives in order) with
 * what this run adds: /boot/kernel-genN and /etc/lutb/cmdline-genN for each
 * generation after the first, and the scenario the agent follows.
 */
#ifndef LUTB_INITRD_H
#define LUTB_INITRD_H

#include <glib.h>

struct generation {
	const char *kernel;	/* host path of the bzImage */
	char *cmdline;
};

/*
 * Writes @output from @base plus @gens[1..n-1] (gens[0] boots via -kernel)
 * and, when @scenario is not NULL, /etc/lutb/scenario with its text.
 */
gboolean initrd_compose(const char *base, const struct generation *gens,
			guint n, const char *scenario, const char *output,
			GError **error);

#endif
