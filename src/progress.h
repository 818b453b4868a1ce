/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Progress lines for a person watching a run: follows the agent's report
 * file as the guest writes it and prints one line per phase on stderr.
 */
#ifndef LUTB_PROGRESS_H
#define LUTB_PROGRESS_H

#include <glib.h>

struct progress;

/* Called for every agent report line, after it has been shown. */
typedef void (*progress_event_fn)(const char *event, int gen, void *opaque);

struct progress *progress_new(const char *report_path, gint64 start_us,
			      progress_event_fn on_event, void *opaque);
/* Prints a line for each complete new report line. */
void progress_poll(struct progress *p);
void progress_note(struct progress *p, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void progress_free(struct progress *p);

#endif
