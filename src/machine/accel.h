/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Choosing KVM or TCG. /dev/kvm can exist while KVM guests hang (seen on
 * this project's machines: a reset-vector test passes, SeaBIOS plus Linux
 * never prints a line), so "auto" boots the run's own kernel under KVM with
 * no root file system: it must print its banner and panic (QEMU then exits,
 * -no-reboot) within a short timeout. The answer is cached per host kernel,
 * QEMU build and guest kernel, so the probe runs once.
 */
#ifndef LUTB_ACCEL_H
#define LUTB_ACCEL_H

#include "machine_model.h"

struct accel_probe {
	const char *qemu;
	GStrv firmware_dirs;
	const char *kernel;
	const char *scratch_dir;	/* where the probe's console goes */
	const char *cache_dir;		/* where answers are kept; may be NULL */
};

/* Parses "auto", "kvm" or "tcg"; returns FALSE for anything else. */
gboolean accel_parse(const char *text, enum accel *out);
const char *accel_name(enum accel a);
/* Resolves ACCEL_AUTO; when it picks TCG, *why says why (free it). */
enum accel accel_resolve(enum accel requested, const struct accel_probe *p,
			 char **why);

#endif
