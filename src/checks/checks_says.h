/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kernel-says:genN: the lines a scenario says generation N's kernel logs
 * ("kernel B says so in its log"), so that a kernel that stays silent
 * does not pass a claim nobody read; kernel-forbids:genN: the lines it
 * must not log (the patched kernel's "busn_res: [bus 05] end is updated"
 * is a bus given twice).
 */
#ifndef LUTB_CHECKS_SAYS_H
#define LUTB_CHECKS_SAYS_H

#include "checks.h"

void check_kernel_says(const struct evidence *ev, const struct kernel_says *says, guint n,
		       GPtrArray *out);

#endif
