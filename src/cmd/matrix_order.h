/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The order lutb matrix starts its runs in: longest first, by how long
 * each scenario took last time (kept in the cache), so that the last
 * runs to start are short ones and no core idles at the end while one
 * long run finishes. Scenarios with no time yet go first. Reports keep
 * the scenarios' sorted order.
 */
#ifndef LUTB_MATRIX_ORDER_H
#define LUTB_MATRIX_ORDER_H

#include <glib.h>

/* Scenario name -> seconds, from @path; empty when it is missing or bad. */
GHashTable *matrix_times_load(const char *path);

/* @entries' (struct matrix_entry) wall times merged into @times, saved. */
void matrix_times_save(const char *path, GHashTable *times, GPtrArray *entries);

/* @entries (struct matrix_entry), longest first by @times, in a new
 * array that does not own them. */
GPtrArray *matrix_start_order(GPtrArray *entries, GHashTable *times);

#endif
