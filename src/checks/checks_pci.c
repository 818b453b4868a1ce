// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stability of every preserved device and bridge, kernel A at boot
 * against every later view (kernel A before the kexec and after each
 * action that can change the fabric, each later kernel at boot and at its
 * end): its address in three views (QMP query-pci, the requester
 * ID lu-dma stamps on its DMA, the guest's own sysfs), its BARs and bridge
 * windows, and a bridge's bus numbers.
 */
#include "checks_pci.h"

#include <string.h>

/* The requester IDs an engine used (from its first start if it had one). */
static GArray *requester_ids(const struct run_device *d)
{
	GArray *rids = g_array_new(FALSE, FALSE, sizeof(int));
	int from;

	if (!d->spec->lu_dma || !d->log)
		return rids;
	from = MAX(ludma_log_first_start(d->log, NULL), 0);
	for (guint i = 0; i < d->log->events->len; i++) {
		const struct ludma_event *e = g_ptr_array_index(d->log->events, i);
		int rid = e->rid_new;

		if (e->ev != LUDMA_RID || rid <= 0)
			continue;
		/* Before the start, keep only the latest: firmware numbering. */
		if ((int)i < from)
			g_array_set_size(rids, 0);
		if (!rids->len || g_array_index(rids, int, rids->len - 1) != rid)
			g_array_append_val(rids, rid);
	}
	return rids;
}

/* Does the guest list a function with these IDs at @bdf? */
static gboolean guest_has(json_t *guest, const char *bdf,
			  const struct qmp_pci_dev *q)
{
	json_t *dev = evidence_guest_device(guest, bdf);

	return dev && json_integer_value(json_object_get(dev, "vendor")) == q->vendor &&
	       json_integer_value(json_object_get(dev, "device")) == q->device;
}

/*
 * A value seen view after view, written once and again only where it
 * changed: "0000:06:00.0 -> 0000:05:00.0 (gen2 boot)".
 */
struct trail {
	GString *text;
	char last[48];
	guint views;
	gboolean changed;
};

static void trail_add(struct trail *t, const char *value, const struct pci_view *at)
{
	if (!t->views++) {
		g_string_append_printf(t->text, " %s", value);
	} else if (strcmp(t->last, value)) {
		g_autofree char *where = evidence_view_name(at);

		g_string_append_printf(t->text, " -> %s (%s)", value, where);
		t->changed = TRUE;
	}
	g_strlcpy(t->last, value, sizeof(t->last));
}

static const char *trail_text(struct trail *t)
{
	if (t->views > 1 && !t->changed)
		g_string_append_printf(t->text, " throughout (%u views)", t->views);
	return t->text->str;
}

/* Has a view of a generation after the first seen @d? */
static gboolean seen_after_gen1(const struct evidence *ev, const struct run_device *d)
{
	for (guint i = 0; i < ev->views->len; i++) {
		const struct pci_view *v = g_ptr_array_index(ev->views, i);

		if (v->gen > 1 && qmp_pci_find(v->qmp, d->spec->qemu_id))
			return TRUE;
	}
	return FALSE;
}

static void check_bdf(const struct evidence *ev, const struct run_device *d,
		      GPtrArray *out)
{
	char *name = g_strdup_printf("bdf-stable:%s", d->spec->path);
	struct trail qmp = { .text = g_string_new("QMP") };
	struct trail guest = { .text = g_string_new("guest") };
	g_autoptr(GString) rid = g_string_new("requester ID");
	g_autoptr(GArray) rids = requester_ids(d);
	gboolean moved = FALSE, disagree = FALSE;
	guint unseen = 0;
	char first[16] = "", last[16] = "(none)";

	for (guint i = 0; i < ev->views->len; i++) {
		const struct pci_view *v = g_ptr_array_index(ev->views, i);
		const struct qmp_pci_dev *q = qmp_pci_find(v->qmp, d->spec->qemu_id);
		json_t *g = evidence_view_guest(ev, v);
		char bdf[16], where[32];

		if (v->gen > ev->expected_gens)
			continue;
		if (!v->qmp) {
			/* Missing evidence is not a move: evidence:FILE says so. */
			trail_add(&qmp, "(no snapshot)", v);
			unseen++;
			continue;
		}
		if (!q) {
			trail_add(&qmp, "(none)", v);
			moved |= *first != '\0';
			g_strlcpy(last, "(none)", sizeof(last));
			continue;
		}
		qmp_pci_bdf(q, bdf, sizeof(bdf));
		trail_add(&qmp, bdf, v);
		g_strlcpy(last, bdf, sizeof(last));
		if (!*first)
			g_strlcpy(first, bdf, sizeof(first));
		moved |= !g_str_equal(first, bdf);
		if (g) {
			gboolean agrees = guest_has(g, bdf, q);

			snprintf(where, sizeof(where), "not at %s", bdf);
			trail_add(&guest, agrees ? bdf : where, v);
			disagree |= !agrees;
		}
	}
	for (guint i = 0; i < rids->len; i++) {
		g_autofree char *text = check_rid_text(g_array_index(rids, int, i));

		g_string_append_printf(rid, "%s%s", i ? " -> " : " ", text);
	}
	if (!*first) {
		check_add(out, CHECK_NA, name, "no QMP snapshot lists %s", d->spec->path);
	} else {
		check_add(out, moved || disagree || rids->len > 1 ? CHECK_FAIL :
			  unseen || !seen_after_gen1(ev, d) ? CHECK_NA : CHECK_PASS, name,
			  "%s; %s; %s", trail_text(&qmp),
			  rids->len ? rid->str : d->spec->lu_dma ? "requester ID: no DMA log" :
			  "requester ID: not a DMA engine",
			  guest.views ? trail_text(&guest) : "guest: no report");
		if (moved)
			check_evidence(out, first, last, -1);
	}
	g_string_free(qmp.text, TRUE);
	g_string_free(guest.text, TRUE);
}

/* "WHAT window OLD -> NEW" if a bridge window moved, else NULL. */
static char *window_change(const char *what, struct pci_window a, struct pci_window b)
{
	if (a.base == b.base && a.limit == b.limit)
		return NULL;
	return g_strdup_printf("%s window 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER
			       "x -> 0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER "x",
			       what, a.base, a.limit, b.base, b.limit);
}

static const struct qmp_pci_region *region(const struct qmp_pci_dev *q, int bar)
{
	for (guint i = 0; i < q->regions->len; i++) {
		const struct qmp_pci_region *r = &g_array_index(q->regions, struct qmp_pci_region, i);

		if (r->bar == bar)
			return r;
	}
	return NULL;
}

/* What changed between two snapshots of one device, or NULL. */
static char *resource_change(const struct qmp_pci_dev *a, const struct qmp_pci_dev *b)
{
	for (guint i = 0; i < a->regions->len; i++) {
		const struct qmp_pci_region *ra = &g_array_index(a->regions, struct qmp_pci_region, i);
		const struct qmp_pci_region *rb = region(b, ra->bar);

		if (!rb)
			return g_strdup_printf("BAR%d at 0x%" G_GINT64_MODIFIER "x is gone",
					       ra->bar, ra->address);
		if (ra->address != rb->address || ra->size != rb->size)
			return g_strdup_printf("BAR%d 0x%" G_GINT64_MODIFIER "x+0x%"
					       G_GINT64_MODIFIER "x -> 0x%" G_GINT64_MODIFIER
					       "x+0x%" G_GINT64_MODIFIER "x", ra->bar, ra->address,
					       ra->size, rb->address, rb->size);
	}
	if (!a->bridge)
		return NULL;
	return window_change("memory", a->memory, b->memory) ?:
	       window_change("prefetchable", a->prefetch, b->prefetch) ?:
	       window_change("I/O", a->io, b->io);
}

/* How @d looks in the first view that lists it (kernel A at boot). */
static const struct qmp_pci_dev *first_seen(const struct evidence *ev,
					    const struct run_device *d, guint *at)
{
	for (guint i = 0; i < ev->views->len; i++) {
		const struct pci_view *v = g_ptr_array_index(ev->views, i);
		const struct qmp_pci_dev *q = qmp_pci_find(v->qmp, d->spec->qemu_id);

		if (q) {
			*at = i;
			return v->gen == 1 ? q : NULL;
		}
	}
	return NULL;
}

/* No later view listed the device: it passed having compared nothing. */
static void nothing_compared(const struct run_device *d,
			     const struct qmp_pci_dev *q1, char *name, GPtrArray *out)
{
	if (!q1)
		check_add(out, CHECK_NA, name, "no QMP snapshot of generation 1 lists %s",
			  d->spec->path);
	else
		check_add(out, CHECK_NA, name, "no QMP snapshot after generation 1 lists %s: "
			  "nothing to compare (see gen2-booted, bdf-stable)", d->spec->path);
}

/* Generation 1 at boot against every later view. */
static void check_resources(const struct evidence *ev, const struct run_device *d,
			    GPtrArray *out)
{
	guint at = 0;
	const struct qmp_pci_dev *q1 = first_seen(ev, d, &at);
	char *name = g_strdup_printf("%s:%s", q1 && q1->bridge ? "windows-stable" :
				     "bars-stable", d->spec->path);

	for (guint i = at + 1; q1 && i < ev->views->len; i++) {
		const struct pci_view *v = g_ptr_array_index(ev->views, i);
		const struct qmp_pci_dev *q = qmp_pci_find(v->qmp, d->spec->qemu_id);
		g_autofree char *change = q ? resource_change(q1, q) : NULL;
		g_autofree char *where = NULL;
		g_auto(GStrv) sides = NULL;

		if (!change)
			continue;	/* unchanged, or gone: bdf-stable says so */
		where = evidence_view_name(v);
		check_add(out, CHECK_FAIL, name, "%s: %s", where, change);
		sides = g_strsplit(change, " -> ", 2);
		if (sides[0] && sides[1])
			check_evidence(out, sides[0], sides[1], -1);
		return;
	}
	if (!q1 || !seen_after_gen1(ev, d))
		nothing_compared(d, q1, name, out);
	else
		check_add(out, CHECK_PASS, name, "%u BARs%s unchanged in every view from "
			  "generation 1's first (QMP)",
			  q1->regions->len, q1->bridge ? " and the bridge windows" : "");
}

static void check_bus_numbers(const struct evidence *ev, const struct run_device *d,
			      GPtrArray *out)
{
	guint at = 0;
	const struct qmp_pci_dev *q1 = first_seen(ev, d, &at);
	char *name;

	if (!q1 || !q1->bridge)
		return;
	name = g_strdup_printf("bus-numbers:%s", d->spec->path);
	for (guint i = at + 1; i < ev->views->len; i++) {
		const struct pci_view *v = g_ptr_array_index(ev->views, i);
		const struct qmp_pci_dev *q = qmp_pci_find(v->qmp, d->spec->qemu_id);

		if (q && (q->secondary != q1->secondary || q->subordinate != q1->subordinate ||
			  q->number != q1->number)) {
			g_autofree char *where = evidence_view_name(v);
			g_autofree char *o = g_strdup_printf("%02x [%02x-%02x]", q1->number,
							    q1->secondary, q1->subordinate);
			g_autofree char *n = g_strdup_printf("%02x [%02x-%02x]", q->number,
							    q->secondary, q->subordinate);

			check_add(out, CHECK_FAIL, name, "%s: bus %s -> bus %s", where, o, n);
			check_evidence(out, o, n, -1);
			return;
		}
	}
	if (!seen_after_gen1(ev, d))
		nothing_compared(d, q1, name, out);
	else
		check_add(out, CHECK_PASS, name, "bus %02x, secondary %02x, subordinate %02x "
			  "throughout", q1->number, q1->secondary, q1->subordinate);
}

/*
 * A bridge added during the update needs bus numbers of its own: a
 * secondary bus, and a range that overlaps no other bridge's but those
 * above it. Sharing a bus with another bridge aliases it, and a preserved
 * device on that bus is doing DMA (the kernel may number only
 * unconfigured bridges while it inherits).
 */
static gboolean bridge_numbered_apart(const struct evidence *ev, guint gen,
				      const struct qmp_pci_dev *q, char *name,
				      GPtrArray *out)
{
	GPtrArray *snap = evidence_qmp_pci(ev, gen);

	if (!q->secondary) {
		check_add(out, CHECK_FAIL, name, "bridge %s has no secondary bus number in "
			  "generation %u: the kernel never numbered it", q->qdev_id, gen);
		return FALSE;
	}
	for (guint i = 0; i < snap->len; i++) {
		const struct qmp_pci_dev *p = g_ptr_array_index(snap, i);
		const struct run_device *d;

		if (p == q || !p->bridge || !p->secondary ||
		    q->subordinate < p->secondary || q->secondary > p->subordinate ||
		    /* A bridge above the new one contains it, rightly (by the
		     * bus it sits on: its primary-bus register may read 0). */
		    (q->bus >= p->secondary && q->bus <= p->subordinate))
			continue;
		d = *p->qdev_id ? evidence_device(ev, p->qdev_id) : NULL;
		check_add(out, CHECK_FAIL, name, "bridge %s got buses %02x-%02x in generation "
			  "%u, overlapping %02x-%02x of %s%s", q->qdev_id, q->secondary,
			  q->subordinate, gen, p->secondary, p->subordinate,
			  d && run_device_judged(d) ? "preserved " : "",
			  d ? d->spec->path : *p->qdev_id ? p->qdev_id : "a bridge QEMU added");
		return FALSE;
	}
	return TRUE;
}

/* A device added during the update must be there for QEMU and the guest. */
static void check_hotplug(const struct evidence *ev, GPtrArray *out)
{
	const struct run_json_hotplug *h = ev->spec.hotplug;
	const char *id = h ? h->id : NULL;
	guint last = ev->expected_gens;
	const struct qmp_pci_dev *q;
	json_t *guest;
	char *name;
	char bdf[16];

	if (!id)
		return;
	name = g_strdup_printf("hotplug:%s", id);
	q = qmp_pci_find(evidence_qmp_pci(ev, last), id);
	if (!q) {
		check_add(out, CHECK_FAIL, name,
			  "QMP does not list %s in generation %u (added on generation "
			  "%d's %s report)", id, last, h->gen, h->event);
		return;
	}
	qmp_pci_bdf(q, bdf, sizeof(bdf));
	guest = evidence_guest_pci(ev, last);
	if (q->bridge && !bridge_numbered_apart(ev, last, q, name, out))
		return;
	if (guest && guest_has(guest, bdf, q))
		check_add(out, CHECK_PASS, name, "%s at %s, and generation %u's kernel "
			  "enumerated it", id, bdf, last);
	else
		check_add(out, CHECK_FAIL, name, "%s at %s for QEMU, but generation %u's "
			  "kernel does not list it", id, bdf, last);
}

void checks_pci(const struct evidence *ev, GPtrArray *out)
{
	check_hotplug(ev, out);
	if (ev->expected_gens < 2)
		return;
	for (guint i = 0; i < ev->devices->len; i++) {
		const struct run_device *d = g_ptr_array_index(ev->devices, i);

		if (!run_device_judged(d))
			continue;
		check_bdf(ev, d, out);
		check_resources(ev, d, out);
		check_bus_numbers(ev, d, out);
	}
}
