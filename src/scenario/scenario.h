/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario files (YAML): the machine, the kernel of each generation and
 * its command line, the agent's settings, faults and hotplug events, and
 * the expected outcome of the run's checks, met or not by a verdict. The
 * format is in scenarios/README.md; errors come as file:line:col.
 */
#ifndef LUTB_SCENARIO_H
#define LUTB_SCENARIO_H

#include "checks.h"
#include "topology.h"

#define SCENARIO_MAX_GENERATIONS 8

struct scenario_expect {
	char *pattern;		/* a check name; '*' and '?' match any text */
	enum check_status status;
	gboolean any;		/* any status: a consequence that depends on timing */
	/*
	 * some-fail: the checks it matches pass or fail, and at least one
	 * fails (the engines that meet a brief renumbering: which of them,
	 * timing decides; that one does, the bug).
	 */
	gboolean some_fail;
	char *detail;		/* a regex the check's detail must match, or NULL */
	char *why;		/* why the outcome is what it is; required with any */
	struct topo_mark mark;
	gboolean inherited;	/* a posted block's copy of the file's own */
};

/* expect: says: a line generation @gen's kernel must log; forbids: one
 * it must not. */
struct scenario_says {
	guint gen;
	char *regex;
	gboolean forbidden;
};

struct scenario {
	char *file;
	char *name;		/* the file name without .yaml */
	char *description;
	char *topology;		/* a path, or NULL for the default machine */
	char *kernels[SCENARIO_MAX_GENERATIONS];
	char *cmdlines[SCENARIO_MAX_GENERATIONS];	/* NULL: none */
	guint n_gens;		/* 0: not given */
	char *settings;		/* the agent's settings as KEY=VALUE lines, or NULL */
	char *fault;
	char *hotplug;
	char *selftests;	/* the kernel's selftests to run ("all", "a,b"), or NULL */
	char *libvirt;		/* a libvirt URI to run QEMU under, or NULL */
	/* A mutant scenario's twin: the scenario (beside it) whose outcome the
	 * same kernel without lutb_mutant= must meet, when that is not "the
	 * mutant's failures gone" (a crash the unmutated kernel must have). */
	char *unmutated;
	int timeout_s;		/* 0: not given */
	gboolean has_verdict;
	enum verdict verdict;
	GPtrArray *expects;	/* struct scenario_expect * */
	/* struct scenario_says *: the judge adds a check kernel-says:genN
	 * per generation named; a posted block without its own takes the
	 * file's, and an empty one requires nothing. */
	GPtrArray *says;
	/*
	 * expect: posted: what the series as posted to the lists does instead
	 * (its stated limits, its bugs), with `why` in description; a run
	 * whose kernels include a posted one is held to it. Its checks come
	 * first, then the file's own (inherited: one that matches no check is
	 * no mistake there), and so does the file's verdict unless it gives
	 * one. NULL: the same as the file's.
	 */
	struct scenario *posted;
	/*
	 * expect: postings: NAME: the same for one posting only (a kernel
	 * built with `lutb kernel build --series .../NAME`): a review finding
	 * that posting must show, with `why` naming it. NAME -> scenario *.
	 */
	GHashTable *postings;
};

/* NULL with every error found ("file:line:col: ...", one a line). */
struct scenario *scenario_load(const char *file, GError **error);
/* The same for text in memory; @file names it in messages and anchors
 * relative topology paths. */
struct scenario *scenario_parse(const char *text, size_t len, const char *file,
				GError **error);
void scenario_free(struct scenario *s);
typedef struct scenario scenario;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(scenario, scenario_free)

/*
 * Compares a judged run with the scenario's expectations: the verdict
 * (given, or fail when some check is expected to fail, else pass), every
 * expected check's status and detail, and no other check failing. Adds a
 * line to @problems for each difference; TRUE when there is none.
 */
gboolean scenario_met(const struct scenario *s, const struct verdict_report *r,
		      GPtrArray *problems);
/*
 * The expectations a run on kernels of @family ("lutb", "posted", "none",
 * as scenario_run_family() names them) and, for a posted one, @posting
 * (or NULL) is held to: its postings: block, its posted: block, or @s.
 */
const struct scenario *scenario_for_family(const struct scenario *s, const char *family,
					   const char *posting);
/* A run's family from each generation's: "posted" when one is posted. */
const char *scenario_run_family(const char *const *gen_families, guint n);
/* The verdict the scenario expects. */
enum verdict scenario_expected_verdict(const struct scenario *s);
/*
 * The names of @r's checks the scenario expects `any` status of (a status
 * that depends on timing), for a comparison of two runs to leave out.
 */
GPtrArray *scenario_open_checks(const struct scenario *s, const struct verdict_report *r);

#endif
