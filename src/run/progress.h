/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Progress lines for a person watching a run: one line per phase of the
 * agent's reports on stderr, each stamped with the time since QEMU started.
 */
#ifndef LUTB_PROGRESS_H
#define LUTB_PROGRESS_H

#include <glib.h>
#include <jansson.h>

struct progress;

/* Called for every agent report line (@msg, the whole line), after it has
 * been shown. */
typedef void (*progress_event_fn)(const char *event, int gen, json_t *msg, void *opaque);

struct progress *progress_new(gint64 start_us, progress_event_fn on_event,
			      void *opaque);
/* Shows one report line of the agent's (if it is one) and passes it on. */
void progress_line(struct progress *p, const char *line);
void progress_note(struct progress *p, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void progress_free(struct progress *p);

#endif
