// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest PCI core's own bookkeeping (the agent's pci-liveupdate reports
 * from /sys/kernel/debug/pci_liveupdate) against what kernel A preserved:
 * at every phase the core must hold exactly the preserved engines and the
 * bridges above them, each bridge once per preserved device below it, and
 * inherit bus numbers exactly while it holds anything. The series as posted
 * has no such file: its own log lines (posted_log.h) are read instead.
 */
#include "checks_pci_lu.h"

const char *pci_lu_api(const struct evidence *ev, int gen)
{
	const struct agent_event *hello = evidence_agent_find(ev, gen, "hello");

	return hello ? json_string_value(json_object_get(hello->msg, "pci_preservation_api")) :
		       NULL;
}

gboolean pci_lu_api_is_lutb(const struct evidence *ev, int gen)
{
	return g_strcmp0(pci_lu_api(ev, gen), "lutb-series") == 0;
}

gboolean pci_lu_api_is_posted(const struct evidence *ev, int gen)
{
	return g_str_has_prefix(pci_lu_api(ev, gen) ?: "", "posted-series");
}

gboolean pci_lu_state_reported(const struct evidence *ev, int gen)
{
	for (guint i = 0; i < ev->agent->len; i++) {
		const struct agent_event *e = g_ptr_array_index(ev->agent, i);

		if (e->gen == gen && g_str_equal(e->event, "pci-liveupdate") &&
		    !json_object_get(e->msg, "absent"))
			return TRUE;
	}
	return FALSE;
}

/* Preserved engines at or below @d: a bridge's expected reference count. */
static guint preserved_below(const struct evidence *ev, const struct run_device *d)
{
	guint count = 0;

	for (guint i = 0; i < ev->devices->len; i++) {
		const struct run_device *e = g_ptr_array_index(ev->devices, i);

		if (e->role == ROLE_PRESERVED && (e == d || run_device_below(e, d)))
			count++;
	}
	return count;
}

/*
 * Of those, the ones generation @gen retrieved and did not finish (its
 * agent may finish some only): they stay held, with their paths, after
 * its finish.
 */
static guint unfinished_below(const struct evidence *ev, const struct run_device *d, int gen)
{
	guint count = 0;

	for (guint i = 0; i < ev->devices->len; i++) {
		const struct run_device *e = g_ptr_array_index(ev->devices, i);
		json_t *got = e->bdf1 ? evidence_agent_engine(ev, gen, "luo-retrieve", e->bdf1) : NULL;
		json_t *fin = e->bdf1 ? evidence_agent_engine(ev, gen, "luo-finish", e->bdf1) : NULL;

		if (e->role == ROLE_PRESERVED && (e == d || run_device_below(e, d)) &&
		    json_is_true(json_object_get(got, "ok")) &&
		    !json_is_true(json_object_get(fin, "ok")))
			count++;
	}
	return count;
}

/* Is @en held in direction @dir? An entry whose references all went is
 * still listed, but holds nothing. */
static gboolean holds(json_t *en, const char *dir)
{
	const char *d = json_string_value(json_object_get(en, "dir"));

	return d && g_str_equal(d, dir) && json_integer_value(json_object_get(en, "refcount")) > 0;
}

/* The entry holding @bdf in direction @dir of a report, or NULL. */
static json_t *held_entry(json_t *devices, const char *dir, const char *bdf)
{
	size_t i;
	json_t *e;

	json_array_foreach(devices, i, e) {
		const char *b = json_string_value(json_object_get(e, "bdf"));

		if (b && g_str_equal(b, bdf) && holds(e, dir))
			return e;
	}
	return NULL;
}

/* Appends "; " and one finding to @why. */
static void finding(GString *why, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void finding(GString *why, const char *fmt, ...)
{
	va_list ap;

	if (why->len)
		g_string_append(why, "; ");
	va_start(ap, fmt);
	g_string_append_vprintf(why, fmt, ap);
	va_end(ap);
}

/* What the posting's log says of a device, up to a point of it. */
enum posted_view {
	SAID_OUTGOING,		/* "will be preserved" last, not "no longer" */
	FOUND_INCOMING,		/* "was preserved by previous kernel" */
	NOT_FINISHED,		/* found incoming, and no "finished" after it */
};

static gboolean posted_holds(const struct console_gen *con, const char *bdf,
			     enum posted_view view, guint until)
{
	gboolean held = FALSE;

	for (guint i = 0; i < until && i < con->posted->len; i++) {
		const struct posted_line *l = &g_array_index(con->posted, struct posted_line, i);

		if (!g_str_equal(l->bdf, bdf))
			continue;
		if (view == SAID_OUTGOING && l->said == POSTED_WILL_PRESERVE)
			held = TRUE;
		else if (view == SAID_OUTGOING && l->said == POSTED_NO_LONGER)
			held = FALSE;
		else if (view != SAID_OUTGOING && l->said == POSTED_WAS_PRESERVED)
			held = TRUE;
		else if (view == NOT_FINISHED && l->said == POSTED_FINISHED)
			held = FALSE;
	}
	return held;
}

/* Did the previous generation hand devices over, by its bookkeeping or
 * by the posting's log? */
static gboolean previous_handed_over(const struct evidence *ev, int gen)
{
	const struct console_gen *prev = gen >= 2 ? evidence_console(ev, (guint)gen - 1) : NULL;

	if (pci_lu_state_reported(ev, gen - 1))
		return TRUE;
	for (guint i = 0; prev && i < prev->posted->len; i++) {
		const struct posted_line *l = &g_array_index(prev->posted, struct posted_line, i);

		if (l->said == POSTED_WILL_PRESERVE &&
		    posted_holds(prev, l->bdf, SAID_OUTGOING, G_MAXUINT))
			return TRUE;
	}
	return FALSE;
}

/* How many of @con's posted lines precede the agent's mark of @phase (it
 * read the state there); all of them in a run from before the marks. */
static guint lines_before_mark(const struct console_gen *con, const char *phase)
{
	for (guint i = 0; i < con->posted->len; i++) {
		const struct posted_line *l = &g_array_index(con->posted, struct posted_line, i);

		if (l->said == POSTED_PHASE_MARK && g_str_equal(l->phase, phase))
			return i;
	}
	return con->posted->len;
}

/*
 * The posting shows its state only in its pci_info() lines, read up to
 * the agent's mark of the phase: before-kexec by what is said outgoing,
 * boot by what was found incoming, after-finish by what was found and not
 * finished. Bus-number inheritance is not shown. FALSE when the
 * generation left no console to read (the caller then says n/a).
 */
static gboolean posted_log_phase(const struct evidence *ev, const struct agent_event *e,
				 const char *phase, char *name, GPtrArray *out)
{
	int gen = e->gen;
	const struct console_gen *con = gen >= 1 ? evidence_console(ev, (guint)gen) : NULL;
	gboolean outgoing = g_str_equal(phase, "before-kexec");
	gboolean finished = g_str_equal(phase, "after-finish");
	enum posted_view view = outgoing ? SAID_OUTGOING : finished ? NOT_FINISHED : FOUND_INCOMING;
	gboolean handed_over = outgoing || previous_handed_over(ev, gen);
	const char *verb = outgoing ? "said preserved for the next kernel" :
			   finished ? "found incoming and never finished" : "found incoming";
	g_autoptr(GString) why = g_string_new(NULL);
	g_autoptr(GHashTable) strangers = g_hash_table_new(g_str_hash, g_str_equal);
	guint held = 0, until;

	if (!con)
		return FALSE;
	until = lines_before_mark(con, phase);
	for (guint k = 0; k < ev->devices->len; k++) {
		const struct run_device *d = g_ptr_array_index(ev->devices, k);
		guint want = !handed_over ? 0 : finished ? unfinished_below(ev, d, gen) :
			     preserved_below(ev, d);
		gboolean got = d->bdf1 && posted_holds(con, d->bdf1, view, until);

		held += got;
		if (want && !got)
			finding(why, "%s (%s) is not %s, though %u preserved device%s at or below "
				"it", d->spec->path, d->bdf1, verb, want, want > 1 ? "s are" : " is");
		else if (!want && got)
			finding(why, "%s (%s) is %s, though %s", d->spec->path, d->bdf1, verb,
				finished ? "the agent finished its sessions" :
				!handed_over ? "the previous kernel handed nothing over" :
				"nothing at or below it is preserved");
	}
	for (guint i = 0; i < until; i++) {
		const struct posted_line *l = &g_array_index(con->posted, struct posted_line, i);

		if (l->said != POSTED_PHASE_MARK && !evidence_device_at(ev, l->bdf) &&
		    g_hash_table_add(strangers, (gpointer)l->bdf))
			finding(why, "the log names %s, no device of the machine by its first "
				"addresses", l->bdf);
	}
	if (why->len)
		check_add(out, CHECK_FAIL, name, "in kernel %d's log (the posted series' own "
			  "lines): %s", gen, why->str);
	else
		check_add(out, CHECK_PASS, name, "kernel %d's log (the posted series' own "
			  "lines): %u device%s %s, as kernel 1's preservations imply "
			  "(it does not show inheritance)", gen, held, held == 1 ? "" : "s", verb);
	return TRUE;
}

static void check_phase(const struct evidence *ev, const struct agent_event *e,
			GPtrArray *out)
{
	const char *phase = json_string_value(json_object_get(e->msg, "phase")) ?: "?";
	json_t *devices = json_object_get(e->msg, "devices");
	/* Kernel A hands over before its kexec; later kernels hold what came
	 * in until they finish. */
	const char *dir = g_str_equal(phase, "before-kexec") ? "outgoing" : "incoming";
	/* Only a kernel with PCI preservation hands devices over at all. */
	gboolean handed_over = g_str_equal(dir, "outgoing") || previous_handed_over(ev, e->gen);
	gboolean finished = g_str_equal(phase, "after-finish") || !handed_over;
	gboolean inherit = json_is_true(json_object_get(e->msg, "inherit_buses"));
	g_autoptr(GString) why = g_string_new(NULL);
	gboolean holds_any = FALSE;
	char *name = g_strdup_printf("pci-lu-state:gen%d:%s", e->gen, phase);
	guint held = 0;
	size_t i;
	json_t *en;

	if (json_object_get(e->msg, "absent")) {
		if (pci_lu_api_is_posted(ev, e->gen) && posted_log_phase(ev, e, phase, name, out))
			return;
		if (pci_lu_api_is_lutb(ev, e->gen))
			check_add(out, CHECK_FAIL, name, "%s, yet it has lutb's series, which "
				  "shows its bookkeeping there", json_string_value(
				  json_object_get(e->msg, "absent")));
		else
			check_add(out, CHECK_NA, name, "%s: only lutb's series shows the PCI "
				  "core's bookkeeping (this kernel: %s)", json_string_value(
				  json_object_get(e->msg, "absent")), pci_lu_api(ev, e->gen) ?:
				  "no lu_dma driver");
		return;
	}
	for (guint k = 0; k < ev->devices->len; k++) {
		const struct run_device *d = g_ptr_array_index(ev->devices, k);
		guint want = !handed_over ? 0 : finished ? unfinished_below(ev, d, e->gen) :
			     preserved_below(ev, d);
		json_t *got = d->bdf1 ? held_entry(devices, dir, d->bdf1) : NULL;
		guint refs = (guint)json_integer_value(json_object_get(got, "refcount"));

		if (!want && !got)
			continue;
		if (want && !got)
			finding(why, "%s (%s) is not held, though %u preserved device%s at or "
				"below it", d->spec->path, d->bdf1, want, want > 1 ? "s are" : " is");
		else if (!want)
			finding(why, "%s (%s) is still held (refcount %u), though nothing at or "
				"below it is preserved%s", d->spec->path, d->bdf1, refs,
				!handed_over ? " (the previous kernel handed nothing over)" :
				finished ? " after finish" : ": a leaked reference");
		else if (refs != want)
			finding(why, "%s (%s) has refcount %u, expected %u", d->spec->path, d->bdf1,
				refs, want);
		holds_any |= want > 0;
	}
	json_array_foreach(devices, i, en) {
		const char *b = json_string_value(json_object_get(en, "bdf"));

		if (b && holds(en, dir)) {
			held++;
			if (!evidence_device_at(ev, b))
				finding(why, "%s is held, but is no device of the machine", b);
		}
	}
	if (inherit != holds_any)
		finding(why, "bus-number inheritance is %s while %s", inherit ? "on" : "off",
			holds_any ? "devices are held" : "nothing is held");
	if (why->len)
		check_add(out, CHECK_FAIL, name, "%s", why->str);
	else
		check_add(out, CHECK_PASS, name, "%u %s device%s held, inheritance %s, as "
			  "kernel 1's preservations imply", held, dir, held == 1 ? "" : "s",
			  inherit ? "on" : "off");
}

void checks_pci_lu(const struct evidence *ev, GPtrArray *out)
{
	if (ev->expected_gens < 2)
		return;
	for (guint i = 0; i < ev->agent->len; i++) {
		const struct agent_event *e = g_ptr_array_index(ev->agent, i);

		if (g_str_equal(e->event, "pci-liveupdate"))
			check_phase(ev, e, out);
	}
}
