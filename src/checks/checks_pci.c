// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stability of every preserved device and bridge, generation 1 against
 * each later one: its address in three views (QMP query-pci, the requester
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

static void check_bdf(const struct evidence *ev, const struct run_device *d,
		      GPtrArray *out)
{
	char *name = g_strdup_printf("bdf-stable:%s", d->spec->path);
	g_autoptr(GString) qmp = g_string_new("QMP");
	g_autoptr(GString) guest = g_string_new("guest");
	g_autoptr(GString) rid = g_string_new("requester ID");
	g_autoptr(GArray) rids = requester_ids(d);
	gboolean moved = FALSE, disagree = FALSE, guest_seen = FALSE;
	guint unseen = 0;
	char first[16] = "";

	for (guint gen = 1; gen <= ev->expected_gens; gen++) {
		const struct qmp_pci_dev *q = qmp_pci_find(evidence_qmp_pci(ev, gen), d->spec->qemu_id);
		json_t *g = evidence_guest_pci(ev, gen);
		char bdf[16];

		if (!evidence_qmp_pci(ev, gen)) {
			/* Missing evidence is not a move: evidence:FILE says so. */
			g_string_append_printf(qmp, "%s(no snapshot)", gen > 1 ? " -> " : " ");
			unseen++;
			continue;
		}
		if (!q) {
			g_string_append_printf(qmp, "%s(none)", gen > 1 ? " -> " : " ");
			moved |= gen > 1 && *first;
			continue;
		}
		qmp_pci_bdf(q, bdf, sizeof(bdf));
		g_string_append_printf(qmp, "%s%s", gen > 1 ? " -> " : " ", bdf);
		if (!*first)
			g_strlcpy(first, bdf, sizeof(first));
		moved |= !g_str_equal(first, bdf);
		if (g) {
			guest_seen = TRUE;
			if (guest_has(g, bdf, q)) {
				g_string_append_printf(guest, "%s%s", gen > 1 ? " -> " : " ", bdf);
			} else {
				g_string_append_printf(guest, "%snot at %s", gen > 1 ? " -> " : " ", bdf);
				disagree = TRUE;
			}
		}
	}
	for (guint i = 0; i < rids->len; i++) {
		g_autofree char *text = check_rid_text(g_array_index(rids, int, i));

		g_string_append_printf(rid, "%s%s", i ? " -> " : " ", text);
	}
	if (!*first) {
		check_add(out, CHECK_NA, name, "no QMP snapshot lists %s", d->spec->path);
		return;
	}
	check_add(out, moved || disagree || rids->len > 1 ? CHECK_FAIL :
		  unseen ? CHECK_NA : CHECK_PASS, name,
		  "%s; %s; %s", qmp->str,
		  rids->len ? rid->str : d->spec->lu_dma ? "requester ID: no DMA log" :
		  "requester ID: not a DMA engine",
		  guest_seen ? guest->str : "guest: no report");
	if (moved) {
		const struct qmp_pci_dev *q = qmp_pci_find(evidence_qmp_pci(ev, ev->expected_gens),
							   d->spec->qemu_id);
		char last[16] = "(none)";

		if (q)
			qmp_pci_bdf(q, last, sizeof(last));
		check_evidence(out, first, last, -1);
	}
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

static void check_resources(const struct evidence *ev, const struct run_device *d,
			    GPtrArray *out)
{
	const struct qmp_pci_dev *q1 = qmp_pci_find(evidence_qmp_pci(ev, 1), d->spec->qemu_id);
	char *name = g_strdup_printf("%s:%s", q1 && q1->bridge ? "windows-stable" :
				     "bars-stable", d->spec->path);
	guint compared = 0;

	for (guint gen = 2; q1 && gen <= ev->expected_gens; gen++) {
		const struct qmp_pci_dev *q = qmp_pci_find(evidence_qmp_pci(ev, gen), d->spec->qemu_id);
		g_autofree char *change = q ? resource_change(q1, q) : NULL;

		if (!q)
			continue;	/* bdf-stable says it is gone */
		compared++;
		if (change) {
			g_auto(GStrv) sides = g_strsplit(change, " -> ", 2);

			check_add(out, CHECK_FAIL, name, "generation %u: %s", gen, change);
			if (sides[0] && sides[1])
				check_evidence(out, sides[0], sides[1], -1);
			return;
		}
	}
	if (!q1)
		check_add(out, CHECK_NA, name, "no QMP snapshot of generation 1 lists %s", d->spec->path);
	else if (!compared)
		check_add(out, CHECK_NA, name, "no QMP snapshot after generation 1 lists %s: "
			  "nothing to compare (see gen2-booted, bdf-stable)", d->spec->path);
	else
		check_add(out, CHECK_PASS, name, "%u BARs%s unchanged in every generation (QMP)",
			  q1->regions->len, q1->bridge ? " and the bridge windows" : "");
}

static void check_bus_numbers(const struct evidence *ev, const struct run_device *d,
			      GPtrArray *out)
{
	const struct qmp_pci_dev *q1 = qmp_pci_find(evidence_qmp_pci(ev, 1), d->spec->qemu_id);
	guint compared = 0;
	char *name;

	if (!q1 || !q1->bridge)
		return;
	name = g_strdup_printf("bus-numbers:%s", d->spec->path);
	for (guint gen = 2; gen <= ev->expected_gens; gen++) {
		const struct qmp_pci_dev *q = qmp_pci_find(evidence_qmp_pci(ev, gen), d->spec->qemu_id);

		compared += q != NULL;
		if (q && (q->secondary != q1->secondary || q->subordinate != q1->subordinate ||
			  q->number != q1->number)) {
			g_autofree char *o = g_strdup_printf("%02x [%02x-%02x]", q1->number,
							    q1->secondary, q1->subordinate);
			g_autofree char *n = g_strdup_printf("%02x [%02x-%02x]", q->number,
							    q->secondary, q->subordinate);

			check_add(out, CHECK_FAIL, name, "generation %u: bus %s -> bus %s", gen, o, n);
			check_evidence(out, o, n, -1);
			return;
		}
	}
	if (!compared)
		check_add(out, CHECK_NA, name, "no QMP snapshot after generation 1 lists %s: "
			  "nothing to compare (see gen2-booted, bdf-stable)", d->spec->path);
	else
		check_add(out, CHECK_PASS, name, "bus %02x, secondary %02x, subordinate %02x "
			  "throughout", q1->number, q1->secondary, q1->subordinate);
}

/*
 * A bridge added during the update needs bus numbers of its own: a
 * secondary bus, and a range that overlaps none a preserved bridge holds
 * (the kernel may number only unconfigured bridges while it inherits).
 */
static gboolean bridge_numbered_apart(const struct evidence *ev, guint gen,
				      const struct qmp_pci_dev *q, char *name,
				      GPtrArray *out)
{
	if (!q->secondary) {
		check_add(out, CHECK_FAIL, name, "bridge %s has no secondary bus number in "
			  "generation %u: the kernel never numbered it", q->qdev_id, gen);
		return FALSE;
	}
	for (guint i = 0; i < ev->devices->len; i++) {
		const struct run_device *d = g_ptr_array_index(ev->devices, i);
		const struct qmp_pci_dev *p = qmp_pci_find(evidence_qmp_pci(ev, gen), d->spec->qemu_id);

		if (!p || !p->bridge || !run_device_judged(d) ||
		    q->subordinate < p->secondary || q->secondary > p->subordinate ||
		    /* A preserved bridge above the new one contains it, rightly. */
		    (q->number >= p->secondary && q->number <= p->subordinate))
			continue;
		check_add(out, CHECK_FAIL, name, "bridge %s got buses %02x-%02x in generation "
			  "%u, overlapping %02x-%02x of preserved %s", q->qdev_id, q->secondary,
			  q->subordinate, gen, p->secondary, p->subordinate, d->spec->path);
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
