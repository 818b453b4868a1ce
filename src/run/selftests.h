/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest files of the kernel selftests a run takes along
 * (rundir/selftest_catalog.h): their programs and the manifest, where the
 * agent looks for them (initramfs/agent/selftests.h).
 */
#ifndef LUTB_SELFTESTS_H
#define LUTB_SELFTESTS_H

#include <glib.h>

#include "initrd.h"
#include "rundir.h"

#define SELFTEST_GUEST_DIR "usr/lib/lutb/selftests"

/* Adds the programs of @chosen and the manifest, from @dir, to @files
 * (struct initrd_file *). */
void selftest_guest_files(const GPtrArray *chosen, const char *dir,
			  GPtrArray *files);

#endif
