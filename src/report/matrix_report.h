/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The outcome of a matrix of scenario runs, read back from each run's
 * report.json: one KTAP stream, one JUnit file and an index.html that
 * links every run's report.
 */
#ifndef LUTB_MATRIX_REPORT_H
#define LUTB_MATRIX_REPORT_H

#include <stdio.h>
#include <glib.h>

struct matrix_entry {
	char *name;		/* the scenario's name; its run is OUT/NAME */
	char *file;
	double wall_s;		/* the whole `lutb run`, as the matrix timed it */
	int exit_status;	/* of `lutb run`, or -1 if it did not exit */
	/* Filled by matrix_entry_load from OUT/NAME/report.json: */
	gboolean met;
	char *verdict, *expected, *summary;
	GPtrArray *problems;	/* char * */
};

/* Reads the run's report.json; a run that left none did not meet it. */
void matrix_entry_load(struct matrix_entry *e, const char *out_dir);
void matrix_entry_free(gpointer data);

void matrix_write_ktap(GPtrArray *entries, FILE *out);
gboolean matrix_write_junit(GPtrArray *entries, const char *path, GError **error);
gboolean matrix_write_index(GPtrArray *entries, const char *path, GError **error);

#endif
