// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checks made from the emulator's side: each lu-dma engine's ground-truth
 * log, from the moment the guest first started its stream.
 */
#include "checks_dma.h"

#include "rundir.h"

/*
 * Largest tolerated stretch without a completed transaction: the same bound
 * the agent applies to the ring. Under TCG a busy host delays QEMU's timers
 * (healthy runs showed gaps up to 166 ms on 2 loaded cores), while a kernel
 * that drops Bus Master stops DMA for well over a second.
 */
#define DMA_MAX_GAP_NS (500 * 1000 * 1000)

/* The scenario's bound: the agent's max_gap_ns setting, as the run asked. */
static gint64 max_gap_ns(const struct evidence *ev)
{
	g_autofree char *text = settings_get(ev->spec.settings, 1, "max_gap_ns", NULL);
	gint64 v = text ? g_ascii_strtoll(text, NULL, 10) : 0;

	return v > 0 ? v : DMA_MAX_GAP_NS;
}

static const struct ludma_event *event_at(const struct ludma_log *log, guint i)
{
	return g_ptr_array_index(log->events, i);
}

/*
 * The engine completes a transaction every period unless blocked, stopped
 * or reset; the largest gap is the longest such stretch, up to the log's
 * end when it never recovered. A stop with no later start is the guest
 * finishing, not a gap.
 */
static gint64 largest_gap(const struct ludma_log *log, guint from, gint64 *at)
{
	gint64 gap = 0, since = -1, end = event_at(log, log->events->len - 1)->t;
	gint64 period = event_at(log, from)->period_ns;
	const struct ludma_event *beat = NULL;
	gboolean stopped = FALSE;

	for (guint i = from; i < log->events->len; i++) {
		const struct ludma_event *e = event_at(log, i);

		/*
		 * k records between two heartbeats are at least a period apart,
		 * so no gap between them exceeds dt - (k - 1) * period.
		 */
		if (e->ev == LUDMA_HEARTBEAT && e->streaming && beat && period > 0 &&
		    e->seq > beat->seq) {
			gint64 bound = e->t - beat->t - (e->seq - beat->seq - 1) * period;

			if (bound > gap) {
				gap = bound;
				*at = beat->t;
			}
		}
		if (e->ev == LUDMA_HEARTBEAT)
			beat = e;
		if (since < 0 && (e->ev == LUDMA_BLOCKED || e->ev == LUDMA_STOP ||
				  e->ev == LUDMA_RESET)) {
			since = e->t;
			stopped = e->ev != LUDMA_BLOCKED;
		} else if (since >= 0 && ((e->ev == LUDMA_RESUMED && !stopped) ||
					  e->ev == LUDMA_START)) {
			if (e->t - since > gap) {
				gap = e->t - since;
				*at = since;
			}
			since = -1;
		}
	}
	if (since >= 0 && !stopped && end - since > gap) {
		gap = end - since;
		*at = since;
	}
	return gap;
}

/*
 * The stop that ended the stream for good while the run went on: the agent
 * still marked phases on the engine after it (a stop at the run's end is
 * the machine going down, not an interruption). NULL if there is none;
 * @mark_before is then the phase mark the stop came after, if any.
 */
static const struct ludma_event *final_stop_midway(const struct ludma_log *log, guint from,
						    const struct ludma_event **mark_before)
{
	const struct ludma_event *stop = NULL, *mark = NULL;
	gboolean marked_after = FALSE;

	*mark_before = NULL;
	for (guint i = from; i < log->events->len; i++) {
		const struct ludma_event *e = event_at(log, i);

		if (e->ev == LUDMA_STOP && !stop) {
			stop = e;
			*mark_before = mark;
			for (guint j = i; !mark && j-- > 0;)
				if (event_at(log, j)->ev == LUDMA_MARK)
					*mark_before = event_at(log, j);
		} else if (e->ev == LUDMA_START) {
			stop = NULL;
			marked_after = FALSE;
		} else if (e->ev == LUDMA_MARK) {
			mark = e;
			marked_after |= stop != NULL;
		}
	}
	return marked_after ? stop : NULL;
}

static void check_continuity(const struct evidence *ev, const struct run_device *d,
			     guint from, GPtrArray *out)
{
	char *name = g_strdup_printf("dma-continuity:%s", d->spec->path);
	gint64 gap_at = 0, gap = largest_gap(d->log, from, &gap_at);
	gint64 bound = max_gap_ns(ev);

	const struct ludma_event *reset = NULL, *blocked = NULL, *error = NULL;
	const struct ludma_event *stop, *mark;

	for (guint i = from; i < d->log->events->len; i++) {
		const struct ludma_event *e = event_at(d->log, i);

		if (!reset && e->ev == LUDMA_RESET)
			reset = e;
		if (!blocked && e->ev == LUDMA_BLOCKED)
			blocked = e;
		if (!error && e->ev == LUDMA_ERROR)
			error = e;
	}
	/* The engine refused what the guest asked of it: that DMA never ran. */
	if (error) {
		check_add(out, CHECK_FAIL, name, "the engine refused what the guest programmed "
			  "(%s) at %.3f ms", error->what ?: "error", check_ms(error->t));
		return;
	}
	/* A reset says more than the blocked transaction a reset starts with
	 * (it clears Bus Master Enable first): name it first. */
	if (reset) {
		g_autofree char *before = blocked && blocked->t <= reset->t ?
			g_strdup_printf("; DMA blocked (%s) %.3f ms before", blocked->reason,
					check_ms(reset->t - blocked->t)) : g_strdup("");

		check_add(out, CHECK_FAIL, name,
			  "%s reset (%s%s%s) at %.3f ms, after %" G_GINT64_FORMAT " records%s",
			  d->spec->path, reset->kind, reset->by ? " by " : "",
			  reset->by ? evidence_path_of(ev, reset->by) : "", check_ms(reset->t),
			  reset->seq, before);
		check_evidence(out, "running", reset->kind, reset->t);
		return;
	}
	if (blocked) {
		check_add(out, CHECK_FAIL, name,
			  "DMA blocked (%s) at %.3f ms at record %" G_GINT64_FORMAT
			  "; largest gap %.3f ms from %.3f ms",
			  blocked->reason, check_ms(blocked->t), blocked->seq, check_ms(gap), check_ms(gap_at));
		check_evidence(out, "running", "blocked", blocked->t);
		return;
	}
	stop = final_stop_midway(d->log, from, &mark);
	if (stop) {
		g_autofree char *when = mark && ludma_mark_phase(mark->mark) ?
			g_strdup_printf(" in generation %" G_GINT64_FORMAT " after its '%s' mark",
					mark->mark >> 8, ludma_mark_phase(mark->mark)) : g_strdup("");

		check_add(out, CHECK_FAIL, name,
			  "the guest stopped the stream at %.3f ms (record %" G_GINT64_FORMAT
			  ")%s and never started it again, while the run went on",
			  check_ms(stop->t), stop->seq, when);
		check_evidence(out, "running", "stopped", stop->t);
		return;
	}
	if (gap > bound) {
		check_add(out, CHECK_FAIL, name,
			  "no DMA for %.3f ms from %.3f ms (bound %.3f ms)",
			  check_ms(gap), check_ms(gap_at), check_ms(bound));
		return;
	}
	check_add(out, CHECK_PASS, name,
		  "no reset, no blocked transaction; largest gap at most %.3f ms (bound %.3f ms)",
		  check_ms(gap), check_ms(bound));
}

/* Names every device that dropped Bus Master Enable on the path, in order. */
static void check_bus_master(const struct evidence *ev, const struct run_device *d,
			     guint from, GPtrArray *out)
{
	char *name = g_strdup_printf("bus-master-path:%s", d->spec->path);
	g_autoptr(GString) drops = g_string_new(NULL);
	g_autoptr(GPtrArray) seen = g_ptr_array_new();
	const struct ludma_event *first = NULL;
	const char *first_who = NULL;

	for (guint i = from; i < d->log->events->len; i++) {
		const struct ludma_event *e = event_at(d->log, i);
		const char *who;

		if (!ludma_event_bus_master_drop(e))
			continue;
		if (g_ptr_array_find_with_equal_func(seen, e->by, g_str_equal, NULL))
			continue;
		g_ptr_array_add(seen, e->by);
		who = evidence_path_by(ev, d, e->by);
		if (!first) {
			first = e;
			first_who = who;
		}
		g_string_append_printf(drops, "%s%s%s%s%s cleared Bus Master Enable at %.3f ms",
				       drops->len ? "; then " : "", who,
				       e->by_bdf ? " (" : "", e->by_bdf ? e->by_bdf : "",
				       e->by_bdf ? ")" : "", check_ms(e->t));
	}
	if (first) {
		check_add(out, CHECK_FAIL, name, "%s", drops->str);
		check_evidence(out, "enabled", first_who, first->t);
	} else {
		check_add(out, CHECK_PASS, name,
			  "Bus Master Enable stayed set on %s and every bridge above it", d->spec->path);
	}
}

static void check_requester_id(const struct run_device *d, guint from,
			       GPtrArray *out)
{
	char *name = g_strdup_printf("requester-id:%s", d->spec->path);
	g_autofree char *text = NULL;
	int rid = -1;

	for (guint i = 0; i < d->log->events->len; i++) {
		const struct ludma_event *e = event_at(d->log, i);

		if (e->ev != LUDMA_RID)
			continue;
		if (i > from && rid >= 0) {
			g_autofree char *o = check_rid_text(e->rid_old);
			g_autofree char *n = check_rid_text(e->rid_new);

			check_add(out, CHECK_FAIL, name, "requester ID changed %s -> %s at %.3f ms",
				  o, n, check_ms(e->t));
			check_evidence(out, o, n, e->t);
			return;
		}
		rid = e->rid_new;
	}
	/* Every transaction of a stream carries one: none is no evidence. */
	if (rid < 0) {
		check_add(out, CHECK_FAIL, name, "lu-dma logged no requester ID, though the "
			  "engine streamed: nothing to hold it to");
		return;
	}
	text = check_rid_text(rid);
	check_add(out, CHECK_PASS, name, "%s throughout", text);
}

/*
 * A kernel sizing BARs at enumeration briefly unmaps them (decode off); that
 * is not a move. A BAR moved when it is mapped again somewhere else.
 */
static void check_bars(const struct run_device *d, guint from, GPtrArray *out)
{
	char *name = g_strdup_printf("bar-stable:%s", d->spec->path);
	gint64 mapped[6] = { -1, -1, -1, -1, -1, -1 };
	guint unmaps = 0;

	for (guint i = 0; i < d->log->events->len; i++) {
		const struct ludma_event *e = event_at(d->log, i);

		if (e->ev != LUDMA_BAR || e->bar < 0 || e->bar >= 6)
			continue;
		if (e->bar_new < 0) {
			unmaps += i > from;
			continue;
		}
		if (i > from && mapped[e->bar] >= 0 && e->bar_new != mapped[e->bar]) {
			check_add(out, CHECK_FAIL, name,
				  "BAR%d moved 0x%" G_GINT64_MODIFIER "x -> 0x%"
				  G_GINT64_MODIFIER "x at %.3f ms", e->bar, mapped[e->bar],
				  e->bar_new, check_ms(e->t));
			{
				g_autofree char *o = g_strdup_printf("0x%" G_GINT64_MODIFIER "x", mapped[e->bar]);
				g_autofree char *n = g_strdup_printf("0x%" G_GINT64_MODIFIER "x", e->bar_new);

				check_evidence(out, o, n, e->t);
			}
			return;
		}
		mapped[e->bar] = e->bar_new;
	}
	{
		g_autoptr(GString) where = g_string_new(NULL);

		for (int bar = 0; bar < 6; bar++)
			if (mapped[bar] >= 0)
				g_string_append_printf(where, "%sBAR%d at 0x%" G_GINT64_MODIFIER "x",
						       where->len ? ", " : "", bar, mapped[bar]);
		/* The guest reached the engine through a BAR: none mapped is
		 * no evidence, not stability. */
		if (!where->len)
			check_add(out, CHECK_FAIL, name, "lu-dma logged no BAR mapped, though the "
				  "engine streamed: nothing to hold the BARs to");
		else
			check_add(out, CHECK_PASS, name, "%s throughout (%u transient unmaps while "
				  "a kernel sized them)", where->str, unmaps);
	}
}

/*
 * An engine kernel A did not preserve (or unpreserved) is shut down the
 * normal way at kexec: its Bus Master Enable, or a bridge's above it, must
 * be cleared, or it keeps writing into memory the next kernel owns.
 */
static void check_bus_master_cleared(const struct evidence *ev,
				     const struct run_device *d, guint from,
				     GPtrArray *out)
{
	char *name = g_strdup_printf("bus-master-cleared:%s", d->spec->path);
	const char *role = d->role == ROLE_UNPRESERVED ? "unpreserved" : "not preserved";

	for (guint i = from; i < d->log->events->len; i++) {
		const struct ludma_event *e = event_at(d->log, i);
		const char *who;

		if (!ludma_event_path_closed(e))
			continue;
		who = evidence_path_by(ev, d, e->by);
		check_add(out, CHECK_PASS, name, "%s by kernel 1: %s cleared Bus Master "
			  "Enable at %.3f ms", role, who, check_ms(e->t));
		check_evidence(out, "enabled", who, e->t);
		return;
	}
	check_add(out, CHECK_FAIL, name, "%s by kernel 1, yet Bus Master Enable stayed "
		  "set on %s and its path through the kexec", role, d->spec->path);
}

void checks_dma(const struct evidence *ev, GPtrArray *out)
{
	for (guint i = 0; i < ev->devices->len; i++) {
		const struct run_device *d = g_ptr_array_index(ev->devices, i);
		int from;

		if (!d->spec->lu_dma)
			continue;
		if (!d->log || !d->log->events->len) {
			check_add(out, CHECK_NA, g_strdup_printf("dma-continuity:%s", d->spec->path),
				  "no ground-truth log (see evidence:" RUN_FILE_LUDMA_FMT ")", d->spec->qemu_id);
			continue;
		}
		from = ludma_log_first_start(d->log, "stream");
		if (from < 0) {
			json_t *started = d->bdf1 ?
				evidence_agent_engine(ev, 1, "dma-start", d->bdf1) : NULL;

			/* The agent's word is no stream: QEMU must have seen it. */
			if (json_is_true(json_object_get(started, "ok")))
				check_add(out, CHECK_FAIL, g_strdup_printf("dma-continuity:%s",
					  d->spec->path), "the agent says kernel 1 started %s's stream, "
					  "but lu-dma logged no stream start", d->spec->path);
			else
				check_add(out, CHECK_NA, g_strdup_printf("dma-continuity:%s",
					  d->spec->path), "the guest never started %s's stream (see "
					  "dma-started)", d->spec->path);
			continue;
		}
		/* Across a kexec, only what kernel A preserved must keep going. */
		if (ev->expected_gens > 1 && d->role != ROLE_PRESERVED) {
			check_bus_master_cleared(ev, d, (guint)from, out);
			continue;
		}
		check_continuity(ev, d, (guint)from, out);
		check_bus_master(ev, d, (guint)from, out);
		check_requester_id(d, (guint)from, out);
		check_bars(d, (guint)from, out);
	}
}
