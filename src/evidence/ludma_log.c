// SPDX-License-Identifier: GPL-2.0-only
#include "ludma_log.h"

#include <jansson.h>
#include <stdlib.h>

static const char *const ev_names[] = {
	[LUDMA_REALIZE] = "realize",	[LUDMA_RESET] = "reset",
	[LUDMA_START] = "start",	[LUDMA_STOP] = "stop",
	[LUDMA_COPY_DONE] = "copy-done", [LUDMA_BLOCKED] = "blocked",
	[LUDMA_RESUMED] = "resumed",	[LUDMA_BME] = "bme",
	[LUDMA_BME_BIT] = "bme-bit",	[LUDMA_RID] = "rid",
	[LUDMA_BAR] = "bar",		[LUDMA_HEARTBEAT] = "heartbeat",
	[LUDMA_EPOCH] = "epoch",	[LUDMA_MARK] = "mark",
	[LUDMA_IOMMU_FAULT] = "iommu-fault", [LUDMA_XLAT] = "xlat",
	[LUDMA_ERROR] = "error",
	[LUDMA_UNKNOWN] = "unknown",
};

static enum ludma_ev ev_from_name(const char *name)
{
	for (int i = 0; i < LUDMA_UNKNOWN; i++)
		if (name && g_str_equal(name, ev_names[i]))
			return i;
	return LUDMA_UNKNOWN;
}

static char *dup_string(json_t *msg, const char *key)
{
	const char *s = json_string_value(json_object_get(msg, key));

	return s ? g_strdup(s) : NULL;
}

/* Hex strings ("0x0300", "0xfe000000") or null, as the log writes them. */
static gint64 hex_or(json_t *msg, const char *key, gint64 none)
{
	const char *s = json_string_value(json_object_get(msg, key));

	return s ? (gint64)g_ascii_strtoull(s, NULL, 16) : none;
}

static void event_free(gpointer data)
{
	struct ludma_event *e = data;

	g_free(e->mode);
	g_free(e->kind);
	g_free(e->by);
	g_free(e->by_bdf);
	g_free(e->reason);
	g_free(e->what);
	g_free(e->iommu);
	g_free(e->why);
	g_free(e->dir);
	g_free(e);
}

static struct ludma_event *event_from_json(json_t *msg)
{
	struct ludma_event *e = g_new0(struct ludma_event, 1);

	e->t = json_integer_value(json_object_get(msg, "t"));
	e->ev = ev_from_name(json_string_value(json_object_get(msg, "ev")));
	e->mode = dup_string(msg, "mode");
	e->kind = dup_string(msg, "kind");
	if (e->ev == LUDMA_BME_BIT) {
		e->by = dup_string(msg, "who");
		e->by_bdf = dup_string(msg, "bdf");
		e->bit_set = json_is_true(json_object_get(msg, "set"));
	} else {
		e->by = dup_string(msg, "by");
		e->by_bdf = dup_string(msg, "by_bdf");
	}
	if (e->ev == LUDMA_IOMMU_FAULT)
		e->fault_reason = json_integer_value(json_object_get(msg, "reason"));
	else
		e->reason = dup_string(msg, "reason");
	e->iommu = dup_string(msg, "iommu");
	e->why = dup_string(msg, "why");
	e->dir = dup_string(msg, "dir");
	e->addr = hex_or(msg, e->ev == LUDMA_XLAT ? "iova" : "addr", -1);
	e->gpa = hex_or(msg, "gpa", -1);
	e->gpa_old = hex_or(msg, "old", -1);
	e->iommu_faults = json_integer_value(json_object_get(msg, "iommu_faults"));
	e->what = dup_string(msg, "what");
	e->path_ok = json_is_true(json_object_get(msg, "path_ok"));
	e->was_running = json_is_true(json_object_get(msg, "was_running"));
	e->streaming = json_is_true(json_object_get(msg, "streaming"));
	e->seq = json_integer_value(json_object_get(msg, "seq"));
	e->period_ns = json_integer_value(json_object_get(msg, "period_ns"));
	e->ok = json_integer_value(json_object_get(msg, "ok"));
	e->blocked = json_integer_value(json_object_get(msg, "blocked"));
	e->rid_old = (int)hex_or(msg, "old", -1);
	e->rid_new = (int)hex_or(msg, e->ev == LUDMA_IOMMU_FAULT ? "rid" : "new", -1);
	e->bar = (int)json_integer_value(json_object_get(msg, "bar"));
	if (e->ev == LUDMA_EPOCH)
		e->epoch = json_integer_value(json_object_get(msg, "new"));
	if (e->ev == LUDMA_MARK)
		e->mark = json_integer_value(json_object_get(msg, "value"));
	e->bar_old = hex_or(msg, "old", -1);
	e->bar_new = hex_or(msg, "new", -1);
	return e;
}

gboolean ludma_event_path_closed(const struct ludma_event *e)
{
	return e->ev == LUDMA_BME && !e->path_ok && e->by;
}

gboolean ludma_event_bus_master_drop(const struct ludma_event *e)
{
	return (e->ev == LUDMA_BME_BIT && !e->bit_set && e->by) || ludma_event_path_closed(e);
}

const char *ludma_mark_phase(gint64 mark)
{
	/* The agent's enum phase_mark, in initramfs/agent/phase_mark.h. */
	static const char *const phases[] = { NULL, "up", "retrieved", "finished", "kexec" };
	gint64 phase = mark & 0xff;

	return phase > 0 && phase < (gint64)G_N_ELEMENTS(phases) ? phases[phase] : NULL;
}

int ludma_log_first_start(const struct ludma_log *log, const char *mode)
{
	for (guint i = 0; i < log->events->len; i++) {
		const struct ludma_event *e = g_ptr_array_index(log->events, i);

		if (e->ev == LUDMA_START &&
		    (!mode || (e->mode && g_str_equal(e->mode, mode))))
			return (int)i;
	}
	return -1;
}

struct ludma_log *ludma_log_parse(const char *text)
{
	struct ludma_log *log = g_new0(struct ludma_log, 1);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

	log->events = g_ptr_array_new_with_free_func(event_free);
	for (guint i = 0; lines[i]; i++) {
		json_t *msg;

		if (!*lines[i])
			continue;
		msg = json_loads(lines[i], 0, NULL);
		log->last_line_cut = !json_is_object(msg);
		if (!json_is_object(msg)) {
			log->bad_lines++;
			json_decref(msg);
			continue;
		}
		if (!log->dev)
			log->dev = dup_string(msg, "dev");
		g_ptr_array_add(log->events, event_from_json(msg));
		json_decref(msg);
	}
	return log;
}

struct ludma_log *ludma_log_load(const char *path, GError **error)
{
	g_autofree char *text = NULL;

	if (!g_file_get_contents(path, &text, NULL, error))
		return NULL;
	return ludma_log_parse(text);
}

void ludma_log_free(struct ludma_log *log)
{
	if (!log)
		return;
	g_free(log->dev);
	g_ptr_array_unref(log->events);
	g_free(log);
}
