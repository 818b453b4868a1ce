/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One lu-dma engine's ground-truth log (QEMU's docs/specs/lu-dma.rst, "Log"),
 * parsed into typed events. Times are QEMU virtual-clock nanoseconds.
 */
#ifndef LUTB_LUDMA_LOG_H
#define LUTB_LUDMA_LOG_H

#include <glib.h>

enum ludma_ev {
	LUDMA_REALIZE,
	LUDMA_RESET,
	LUDMA_START,
	LUDMA_STOP,
	LUDMA_COPY_DONE,
	LUDMA_BLOCKED,
	LUDMA_RESUMED,
	LUDMA_BME,
	LUDMA_BME_BIT,
	LUDMA_RID,
	LUDMA_BAR,
	LUDMA_HEARTBEAT,
	LUDMA_EPOCH,
	LUDMA_MARK,
	LUDMA_IOMMU_FAULT,
	LUDMA_XLAT,
	LUDMA_ERROR,
	LUDMA_UNKNOWN,
};

struct ludma_event {
	gint64 t;
	enum ludma_ev ev;
	/* Fields, by event; unused ones stay 0, NULL or -1. */
	char *mode;		/* start, stop: "stream" or "copy" */
	char *kind;		/* reset: "flr", "secondary-bus", "system" */
	/*
	 * reset, bme: the bridge's id, "self" (bme) or NULL; bme-bit: the
	 * device whose Bus Master Enable bit the guest changed ("self" too)
	 */
	char *by;
	char *by_bdf;		/* bme, bme-bit */
	char *reason;		/* blocked: "bme", "iommu", "unassigned" */
	char *what;		/* error: what the engine refused, "bad ring" */
	gboolean path_ok;	/* bme */
	gboolean bit_set;	/* bme-bit: the bit's new value */
	gboolean was_running;	/* reset */
	gboolean streaming;	/* heartbeat */
	gint64 seq;		/* start, stop, blocked, reset, heartbeat */
	gint64 period_ns;	/* start (stream) */
	gint64 ok, blocked;	/* heartbeat; blocked also for resumed */
	int rid_old, rid_new;	/* rid; -1 when unknown */
	gint64 epoch;		/* epoch: the new value */
	/* mark: the agent's generation << 8 | phase (initramfs/agent/phase_mark.h) */
	gint64 mark;
	int bar;		/* bar */
	gint64 bar_old, bar_new;	/* bar; -1 when unmapped */
	/* iommu-fault: which IOMMU, its reason code and what it means */
	char *iommu, *why;
	gint64 fault_reason;
	gint64 addr;		/* iommu-fault, xlat (the IOVA): the DMA address */
	char *dir;		/* iommu-fault, blocked: "read" or "write" */
	gint64 gpa, gpa_old;	/* xlat: where it landed; -1 the first time */
	gint64 iommu_faults;	/* heartbeat: all of them so far */
};

struct ludma_log {
	char *dev;		/* the QEMU id the lines carry */
	GPtrArray *events;	/* struct ludma_event *, in log order */
	guint bad_lines;	/* lines that were not JSON objects... */
	gboolean last_line_cut;	/* ...the last one of them cut off by QEMU's end */
};

/* The engine's path closed: bme names the nearest blocker (or "self"). */
gboolean ludma_event_path_closed(const struct ludma_event *e);
/*
 * A device on the engine's path dropped Bus Master Enable (named by @e's
 * "by"): the guest cleared its bit (bme-bit, logged at the write, so in the
 * guest's order), or the path closed another way, a reset.
 */
gboolean ludma_event_bus_master_drop(const struct ludma_event *e);

/* The phase a mark's value names ("kexec", "retrieved", ...), or NULL. */
const char *ludma_mark_phase(gint64 mark);

/* Parses @text; never fails (a cut-off last line is counted as bad). */
struct ludma_log *ludma_log_parse(const char *text);
/* Reads @path; NULL (with @error) if it cannot be read. */
struct ludma_log *ludma_log_load(const char *path, GError **error);
void ludma_log_free(struct ludma_log *log);
/*
 * Index of the guest's first start of the engine in @mode ("stream",
 * "copy"; NULL: either), or -1 if it never started it.
 */
int ludma_log_first_start(const struct ludma_log *log, const char *mode);

#endif
