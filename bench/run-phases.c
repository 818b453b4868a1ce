// SPDX-License-Identifier: GPL-2.0-only
/*
 * Wall time of one lutb run, split by phase, median of N runs:
 *   boot A   QEMU start -> kernel A's agent reports
 *   setup    kernel A's report -> its kexec (engines started, preserved)
 *   kexec    kexec -> kernel B's agent reports (kexec, boot B)
 *   finish   kernel B's report -> QEMU gone (verify, finish, poweroff)
 *   verdict  `lutb report` on the run directory
 * Usage: run-phases LUTB [RUNS] [-- lutb run options]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run_phases.h"

/* After run_phases.h's own. */
enum { VERDICT = N_RUN_PHASES, TOTAL, N_PHASES };

static const char *phase_name(int p)
{
	return p < N_RUN_PHASES ? run_phase_names[p] : p == VERDICT ? "verdict" : "total";
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		freopen("/dev/null", "w", stdout);
		freopen("/dev/null", "w", stderr);
		execv(argv[0], argv);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int main(int argc, char **argv)
{
	int runs = argc > 2 && strcmp(argv[2], "--") ? atoi(argv[2]) : 5;
	double t[N_PHASES][64];
	char dir[] = "/tmp/lutb-phases-XXXXXX";
	char out[64], *run_argv[32], *report_argv[4];
	int extra = 0, n = 0;

	if (argc < 2 || runs < 1 || runs > 64) {
		fprintf(stderr, "usage: %s LUTB [RUNS] [-- lutb run options]\n", argv[0]);
		return 2;
	}
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--"))
			extra = i + 1;
	if (!mkdtemp(dir))
		return 1;
	for (int r = 0; r < runs; r++) {
		struct run_json rj;
		double t0, start, phases[N_RUN_PHASES];

		snprintf(out, sizeof(out), "%s/run%d", dir, r);
		n = 0;
		run_argv[n++] = argv[1];
		run_argv[n++] = "run";
		run_argv[n++] = "--out";
		run_argv[n++] = out;
		for (int i = extra; extra && i < argc && n < 30; i++)
			run_argv[n++] = argv[i];
		run_argv[n] = NULL;
		t0 = now_s();
		if (run(run_argv) != 0) {
			fprintf(stderr, "run %d did not pass; see %s\n", r + 1, out);
			return 1;
		}
		t[TOTAL][r] = now_s() - t0;
		if (!run_json_read(out, &rj, NULL)) {
			fprintf(stderr, "run %d left no readable run.json in %s\n", r + 1, out);
			return 1;
		}
		run_phases(&rj.result, rj.result.wall_s, phases);
		for (int p = 0; p < N_RUN_PHASES; p++)
			t[p][r] = phases[p];
		run_json_clear(&rj);
		report_argv[0] = argv[1];
		report_argv[1] = "report";
		report_argv[2] = out;
		report_argv[3] = NULL;
		start = now_s();
		run(report_argv);
		t[VERDICT][r] = now_s() - start;
	}
	printf("%-16s %8s %8s %8s   (seconds, %d runs)\n", "phase", "median", "min", "max", runs);
	for (int p = 0; p < N_PHASES; p++) {
		double mid = median(t[p], runs);	/* sorted: min and max at the ends */

		printf("%-16s %8.3f %8.3f %8.3f\n", phase_name(p), mid, t[p][0], t[p][runs - 1]);
	}
	printf("run directories kept in %s\n", dir);
	return 0;
}
