// SPDX-License-Identifier: GPL-2.0-only
#include "run_phases.h"

#include <stdlib.h>

const char *const run_phase_names[N_RUN_PHASES] = {
	"boot A", "setup", "kexec + boot B", "finish",
};

void run_phases(const struct run_result *result, double end_s, double out[N_RUN_PHASES])
{
	double hello_a = run_result_mark(result, "hello", 1);
	double kexec = run_result_mark(result, "kexec", 1);
	double hello_b = run_result_mark(result, "hello", 2);

	out[PHASE_BOOT_A] = hello_a;
	out[PHASE_SETUP] = kexec - hello_a;
	out[PHASE_KEXEC] = hello_b - kexec;
	out[PHASE_FINISH] = end_s - hello_b;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double median(double *v, int n)
{
	qsort(v, n, sizeof(double), by_value);
	return v[(n - 1) / 2];
}
