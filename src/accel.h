/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Choosing KVM or TCG. /dev/kvm can exist while KVM guests hang, so "auto"
 * runs a real guest: a 64 KiB BIOS whose reset vector writes to
 * isa-debug-exit. KVM is used only if QEMU exits that way within a short
 * timeout; anything else falls back to TCG.
 */
#ifndef LUTB_ACCEL_H
#define LUTB_ACCEL_H

#include "machine.h"

/* Parses "auto", "kvm" or "tcg"; returns FALSE for anything else. */
gboolean accel_parse(const char *text, enum accel *out);
const char *accel_name(enum accel a);
/* Resolves ACCEL_AUTO by probing; @scratch_dir holds the probe BIOS. */
enum accel accel_resolve(enum accel requested, const char *qemu,
			 const char *scratch_dir, char **why);

#endif
