// SPDX-License-Identifier: GPL-2.0-only
#include "phase_mark.h"

void phase_mark(struct engine *engines, int n, int generation, enum phase_mark phase)
{
	for (int i = 0; i < n; i++)
		if (engines[i].ops->mark)
			engines[i].ops->mark(&engines[i], (uint32_t)generation << 8 | phase);
}
