// SPDX-License-Identifier: GPL-2.0-only
#include "report_fabric.h"

#include <string.h>

#include "markup.h"

const char report_fabric_style[] =
	".fabric{font-family:monospace;font-size:13px;line-height:1.6;margin:.5em 0}"
	".fabric .name{font-weight:bold}.fabric .drv{color:#666}"
	".fabric .moved{background:#fbe4e2;color:#b3261e;font-weight:bold;padding:0 3px}"
	".fabric .gone{background:#fbe4e2;color:#b3261e;padding:0 3px}"
	".fabric .tag{border-radius:3px;padding:0 4px;margin-left:6px;font-family:sans-serif;"
	"font-size:11px}.fabric .tag.bme{background:#ffe5cc;color:#a04000}"
	".fabric .tag.kept{background:#e0ecff;color:#1a5fb4}";

/* The last generation QEMU was asked about, or 0 when there is none. */
static guint last_snapshot(const struct evidence *ev)
{
	for (guint gen = ev->qmp_pci ? ev->qmp_pci->len : 0; gen > 0; gen--)
		if (evidence_qmp_pci(ev, gen))
			return gen;
	return 0;
}

/* The paths of the devices that dropped Bus Master Enable, as any engine saw it. */
static GHashTable *bus_master_drops(const struct evidence *ev)
{
	GHashTable *paths = g_hash_table_new(g_str_hash, g_str_equal);

	for (guint i = 0; i < ev->devices->len; i++) {
		const struct run_device *engine = g_ptr_array_index(ev->devices, i);

		for (guint j = 0; engine->log && j < engine->log->events->len; j++) {
			const struct ludma_event *e = g_ptr_array_index(engine->log->events, j);

			if (ludma_event_bus_master_drop(e))
				g_hash_table_add(paths, (gpointer)evidence_path_by(ev, engine, e->by));
		}
	}
	return paths;
}

static void fabric_line(GString *out, const struct run_device *d, GPtrArray *last,
			guint last_gen, GHashTable *drops)
{
	const char *path = d->spec->path;
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const struct qmp_pci_dev *now = qmp_pci_find(last, d->spec->qemu_id);
	guint depth = 0;
	char bdf[32] = "";

	for (const char *p = path; *p; p++)
		depth += *p == '/';
	if (now)
		qmp_pci_bdf(now, bdf, sizeof(bdf));
	markup_appendf(out, "<div style=\"padding-left:%ucm\">%s<span class=\"name\">%s</span> "
		       "<span class=\"drv\">%s</span> ", depth, depth ? "└ " : "", name,
		       d->spec->driver);
	if (!d->bdf1)
		markup_appendf(out, "%s (gen%u only)", now ? bdf : "not seen", last_gen);
	else if (!now)
		markup_appendf(out, "%s → <span class=\"gone\">gone in gen%u</span>", d->bdf1,
			       last_gen);
	else if (strcmp(d->bdf1, bdf))
		markup_appendf(out, "<span class=\"moved\">%s → %s</span>", d->bdf1, bdf);
	else
		markup_appendf(out, "%s → %s", d->bdf1, bdf);
	if (d->role == ROLE_PRESERVED)
		g_string_append(out, "<span class=\"tag kept\">preserved</span>");
	if (g_hash_table_contains(drops, d->spec->path))
		g_string_append(out, "<span class=\"tag bme\">Bus Master Enable cleared</span>");
	g_string_append(out, "</div>\n");
}

char *report_fabric_html(const struct evidence *ev)
{
	guint last_gen = last_snapshot(ev);
	GPtrArray *last = last_gen ? evidence_qmp_pci(ev, last_gen) : NULL;
	g_autoptr(GHashTable) drops = NULL;
	GString *out;

	if (!last || last_gen < 2)
		return g_strdup("<p>No PCI snapshot of a later generation: no fabric picture.</p>\n");
	drops = bus_master_drops(ev);
	out = g_string_new(NULL);
	markup_appendf(out, "<div class=\"fabric\" id=\"fabric\">"
		       "<div class=\"drv\">address in gen1 → gen%u (from QEMU)</div>\n", last_gen);
	for (guint i = 0; i < ev->devices->len; i++)
		fabric_line(out, g_ptr_array_index(ev->devices, i), last, last_gen, drops);
	g_string_append(out, "</div>\n");
	return g_string_free(out, FALSE);
}
