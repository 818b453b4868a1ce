// SPDX-License-Identifier: GPL-2.0-only
#include "progress.h"

#include <jansson.h>
#include <stdio.h>

struct progress {
	gint64 start_us;
	progress_event_fn on_event;
	void *opaque;
};

struct progress *progress_new(gint64 start_us, progress_event_fn on_event,
			      void *opaque)
{
	struct progress *p = g_new0(struct progress, 1);

	p->on_event = on_event;
	p->opaque = opaque;
	p->start_us = start_us;
	return p;
}

void progress_note(struct progress *p, const char *fmt, ...)
{
	g_autofree char *text = NULL;
	va_list ap;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "lutb: [%6.1fs] %s\n",
		(double)(g_get_monotonic_time() - p->start_us) / G_USEC_PER_SEC,
		text);
}

void progress_line(struct progress *p, const char *line)
{
	json_t *msg = json_loads(line, 0, NULL);
	const char *event = json_string_value(json_object_get(msg, "event"));
	json_int_t gen = json_integer_value(json_object_get(msg, "gen"));

	if (!event) {
		json_decref(msg);
		return;
	}
	if (g_str_equal(event, "hello"))
		progress_note(p, "kernel generation %" JSON_INTEGER_FORMAT
			      " up (%s)", gen,
			      json_string_value(json_object_get(msg, "kernel")));
	else if (g_str_equal(event, "kexec"))
		progress_note(p, "generation %" JSON_INTEGER_FORMAT
			      " kexecs into generation %" JSON_INTEGER_FORMAT,
			      gen, json_integer_value(json_object_get(msg, "next")));
	else if (g_str_equal(event, "error"))
		progress_note(p, "agent error in generation %" JSON_INTEGER_FORMAT
			      " at %s: %s", gen,
			      json_string_value(json_object_get(msg, "step")),
			      json_string_value(json_object_get(msg, "message")));
	else if (g_str_equal(event, "done"))
		progress_note(p, "agent done in generation %" JSON_INTEGER_FORMAT,
			      gen);
	if (p->on_event)
		p->on_event(event, (int)gen, msg, p->opaque);
	json_decref(msg);
}

void progress_free(struct progress *p)
{
	if (!p)
		return;
	g_free(p);
}
