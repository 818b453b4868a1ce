/* SPDX-License-Identifier: GPL-2.0-only */
/* run.json: what a run was asked to do and how QEMU ended, so that a run
 * directory can be judged again later without rerunning it. */
#ifndef LUTB_RUN_RECORD_H
#define LUTB_RUN_RECORD_H

#include "runner.h"

gboolean run_record_write(const struct run_spec *spec,
			  const struct run_result *result, GError **error);

#endif
