/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The judge: evidence in, a verdict out, as a list of named checks, each
 * pass / fail / n/a with the evidence that decided it, and the run's
 * overall kind. Every rule lives in this folder and nowhere else.
 */
#ifndef LUTB_CHECKS_H
#define LUTB_CHECKS_H

#include "evidence.h"

/*
 * n/a: the check has nothing to judge here (no such device, no kexec).
 * skip: a test that should have run skipped itself; that is no pass, so
 * a scenario must expect it.
 */
enum check_status { CHECK_PASS, CHECK_FAIL, CHECK_NA, CHECK_SKIP };

struct check {
	char *name;		/* KIND or KIND:DEVICE-PATH */
	enum check_status status;
	char *detail;		/* why: the evidence, in words */
	char *old_value;	/* what was, when something changed; or NULL */
	char *new_value;	/* what it became */
	gint64 t_ns;		/* when (QEMU virtual time), or -1 */
};

/* Overall kinds, with the exit status `lutb run` returns for each. */
enum verdict {
	VERDICT_PASS = 0,
	VERDICT_FAIL = 1,
	VERDICT_TIMEOUT = 2,
	VERDICT_CRASHED = 3,
	VERDICT_SETUP_ERROR = 125,	/* "skip" to git bisect run */
	VERDICT_INTERRUPTED = 130,
};

struct verdict_report {
	enum verdict verdict;
	char *summary;
	GPtrArray *checks;	/* struct check * */
};

/* Appends a check; takes @name, formats the detail. */
void check_add(GPtrArray *checks, enum check_status status, char *name,
	       const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* Check details print QEMU's virtual-clock nanoseconds as milliseconds. */
static inline double check_ms(gint64 ns)
{
	return (double)ns / 1e6;
}

/* A requester ID as bus:device.function, newly allocated. */
char *check_rid_text(int rid);
/* Sets the structured evidence of the check added last. */
void check_evidence(GPtrArray *checks, const char *old_value,
		    const char *new_value, gint64 t_ns);
void checks_judge(const struct evidence *ev, struct verdict_report *out);
/* A line a scenario says generation @gen's kernel logs (a regex). */
struct kernel_says {
	guint gen;
	const char *regex;
	gboolean forbidden;	/* a line the kernel must not log */
};
/* kernel-says:genN and kernel-forbids:genN, one check of each kind per
 * generation named in @says; then the verdict of @r again. */
void checks_kernel_says(const struct evidence *ev, const struct kernel_says *says, guint n,
			struct verdict_report *r);
void verdict_report_clear(struct verdict_report *r);
const char *verdict_name(enum verdict v);
const char *check_status_name(enum check_status s);
/* A KIND:DEVICE name's kind (newly allocated) and device path (or NULL). */
char *check_kind(const struct check *c);
const char *check_device(const struct check *c);
/* The check named @name, or NULL. */
const struct check *verdict_report_find(const struct verdict_report *r,
					const char *name);

#endif
