// SPDX-License-Identifier: GPL-2.0-only
#include "pci_tree.h"

#include <string.h>

#include "qmp_pci.h"

const struct q35_function q35_functions[] = {
	{ 0x00, 0, "host bridge (q35)" },
	{ 0x1f, 0, "ISA bridge (ICH9 LPC)" },
	{ 0x1f, 2, "SATA controller (ICH9 AHCI)" },
	{ 0x1f, 3, "SMBus (ICH9)" },
};
const gsize n_q35_functions = G_N_ELEMENTS(q35_functions);

/* One function on a bus: a device of the machine, or one of q35's own. */
struct entry {
	guint dev, fn;
	int index;		/* in m->devices; -1 for q35's */
	const char *what;	/* q35's */
};

static int by_address(gconstpointer a, gconstpointer b)
{
	const struct entry *x = a, *y = b;

	return (int)(x->dev * 8 + x->fn) - (int)(y->dev * 8 + y->fn);
}

/* The functions on the bus below device @parent (-1: pcie.0), in order. */
static GArray *bus_entries(const struct machine *m, int parent)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(struct entry));

	for (guint i = 0; i < m->devices->len; i++) {
		const struct machine_device *d = g_ptr_array_index(m->devices, i);

		if (d->parent == parent)
			g_array_append_val(out, ((struct entry){ d->dev, d->fn, (int)i, NULL }));
	}
	for (gsize i = 0; parent < 0 && i < n_q35_functions; i++)
		g_array_append_val(out, ((struct entry){ q35_functions[i].dev,
			q35_functions[i].fn, -1, q35_functions[i].what }));
	g_array_sort(out, by_address);
	return out;
}

static gsize column(const GString *out)
{
	const char *nl = strrchr(out->str, '\n');

	return nl ? out->len - (gsize)(nl - out->str) - 1 : out->len;
}

/* @cont is what starts a continuation line, up to the current column. */
static char *pad(const char *cont, gsize width, const char *tail)
{
	GString *s = g_string_new(cont);

	while (s->len < width)
		g_string_append_c(s, ' ');
	g_string_append(s, tail);
	return g_string_free(s, FALSE);
}

static void print_bus(GString *out, const char *cont, const struct machine *m,
		      int parent, gboolean root);

static void print_entry(GString *out, const char *cont, const struct machine *m,
			const struct entry *e)
{
	const struct machine_device *d;

	g_string_append_printf(out, "%02x.%x", e->dev, e->fn);
	if (e->index < 0) {
		g_string_append_printf(out, "  %s", e->what);
		return;
	}
	d = g_ptr_array_index(m->devices, e->index);
	if (d->secondary < 0) {
		g_string_append_printf(out, "  %s (%s%s)", d->path, d->driver,
				       d->preserve ? ", preserve" : "");
		return;
	}
	if (d->secondary == d->subordinate)
		g_string_append_printf(out, "-[%02x]", d->secondary);
	else
		g_string_append_printf(out, "-[%02x-%02x]", d->secondary, d->subordinate);
	/* A bridge's name; the endpoints below carry the whole path. */
	g_string_append_printf(out, " %s%s", strrchr(d->path, '/') ?
			       strrchr(d->path, '/') + 1 : d->path,
			       d->preserve ? " (preserve)" : "");
	print_bus(out, cont, m, e->index, FALSE);
}

/* lspci's joints: a bridge's "-[01]" is followed by "----" or "--+-",
 * the root's "-[0000:00]" by "-+-". */
static void print_bus(GString *out, const char *cont, const struct machine *m,
		      int parent, gboolean root)
{
	g_autoptr(GArray) entries = bus_entries(m, parent);
	gsize branch = column(out) + (root ? 1 : 2);

	if (entries->len == 0) {
		g_string_append(out, "--");
		return;
	}
	if (entries->len == 1) {
		g_autofree char *next = pad(cont, branch + 2, "");

		g_string_append(out, root ? "---" : "----");
		print_entry(out, next, m, &g_array_index(entries, struct entry, 0));
		return;
	}
	g_string_append(out, root ? "-+-" : "--+-");
	for (guint i = 0; i < entries->len; i++) {
		gboolean last = i + 1 == entries->len;
		g_autofree char *next = pad(cont, branch, last ? "  " : "| ");

		if (i) {
			g_autofree char *lead = pad(cont, branch, last ? "\\-" : "+-");

			g_string_append_printf(out, "\n%s", lead);
		}
		print_entry(out, next, m, &g_array_index(entries, struct entry, i));
	}
}

char *pci_tree_print(const struct machine *m)
{
	GString *out = g_string_new("-[0000:00]");

	print_bus(out, "", m, -1, TRUE);
	g_string_append_c(out, '\n');
	return g_string_free(out, FALSE);
}

/* "BB:DD.F ID", and " [SEC-SUB]" for a bridge (@secondary >= 0). */
static char *tree_line(int bus, guint dev, guint fn, const char *id,
		       int secondary, int subordinate)
{
	GString *s = g_string_new(NULL);

	g_string_printf(s, "%02x:%02x.%x %s", bus, dev, fn, id);
	if (secondary >= 0)
		g_string_append_printf(s, " [%02x-%02x]", secondary, subordinate);
	return g_string_free(s, FALSE);
}

static int by_text(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *pci_tree_lines(const struct machine *m)
{
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);

	for (gsize i = 0; i < n_q35_functions; i++)
		g_ptr_array_add(lines, g_strdup_printf("00:%02x.%x -",
			q35_functions[i].dev, q35_functions[i].fn));
	for (guint i = 0; i < m->devices->len; i++) {
		const struct machine_device *d = g_ptr_array_index(m->devices, i);

		g_ptr_array_add(lines, tree_line(d->bus, d->dev, d->fn, d->qemu_id,
						 d->secondary, d->subordinate));
	}
	g_ptr_array_sort(lines, by_text);
	return lines;
}

GPtrArray *pci_tree_lines_qmp(GPtrArray *qmp_devices)
{
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; qmp_devices && i < qmp_devices->len; i++) {
		const struct qmp_pci_dev *d = g_ptr_array_index(qmp_devices, i);

		g_ptr_array_add(lines, tree_line(d->bus, d->slot, d->fn,
						 *d->qdev_id ? d->qdev_id : "-",
						 d->bridge ? d->secondary : -1, d->subordinate));
	}
	g_ptr_array_sort(lines, by_text);
	return lines;
}
