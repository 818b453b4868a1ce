// SPDX-License-Identifier: GPL-2.0-only
#include "topology_model.h"

#include <errno.h>

G_DEFINE_QUARK(lutb-topology-error-quark, topo_error)

static void prop_free(gpointer data)
{
	struct topo_prop *p = data;

	g_free(p->key);
	g_free(p->value);
	g_free(p);
}

struct topo_node *topo_node_new(enum topo_kind kind)
{
	struct topo_node *n = g_new0(struct topo_node, 1);

	n->kind = kind;
	n->dev = n->fn = TOPO_UNSET;
	n->chassis = n->slot = TOPO_UNSET;
	n->bus_reserve = TOPO_UNSET;
	n->hotplug = TOPO_UNSET;
	n->acs = TOPO_UNSET;
	n->bus = n->secondary = n->subordinate = TOPO_UNSET;
	n->props = g_ptr_array_new_with_free_func(prop_free);
	n->children = g_ptr_array_new_with_free_func((GDestroyNotify)topo_node_free);
	return n;
}

void topo_node_free(struct topo_node *n)
{
	if (!n)
		return;
	g_free(n->name);
	g_free(n->driver);
	g_free(n->path);
	g_ptr_array_unref(n->props);
	g_ptr_array_unref(n->children);
	g_free(n);
}

struct topology *topology_new(const char *file)
{
	struct topology *t = g_new0(struct topology, 1);
	g_autofree char *base = g_path_get_basename(file);
	char *dot = strrchr(base, '.');

	if (dot && dot != base)
		*dot = '\0';
	t->file = g_strdup(file);
	t->name = g_strdup(base);
	t->memory_mib = 1024;
	t->cpus = 1;
	t->roots = g_ptr_array_new_with_free_func((GDestroyNotify)topo_node_free);
	return t;
}

void topology_free(struct topology *t)
{
	if (!t)
		return;
	g_free(t->file);
	g_free(t->name);
	g_free(t->description);
	g_ptr_array_unref(t->roots);
	g_free(t);
}

gboolean topo_node_is_port(const struct topo_node *n)
{
	return n->kind == TOPO_ROOT_PORT || n->kind == TOPO_DOWNSTREAM_PORT;
}

gboolean topo_node_is_bridge(const struct topo_node *n)
{
	return n->kind != TOPO_ENDPOINT;
}

const char *topo_kind_name(enum topo_kind kind)
{
	static const char *const names[] = {
		[TOPO_ROOT_PORT] = "root-port",
		[TOPO_SWITCH] = "switch",
		[TOPO_DOWNSTREAM_PORT] = "downstream-port",
		[TOPO_ENDPOINT] = "endpoint",
	};
	return names[kind];
}


char *topo_path_to_qemu_id(const char *path)
{
	return g_strdelimit(g_strdup(path), "/", '.');
}

gboolean topo_parse_uint(const char *text, guint64 *out)
{
	int base = 10;
	char *end;

	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		text += 2;
		if (!g_ascii_isxdigit(text[0]))
			return FALSE;
	} else if (!g_ascii_isdigit(text[0])) {
		return FALSE;
	}
	errno = 0;
	*out = g_ascii_strtoull(text, &end, base);
	return !errno && !*end;
}

static void walk(GPtrArray *nodes, topo_visit_fn fn, void *opaque)
{
	for (guint i = 0; i < nodes->len; i++) {
		struct topo_node *n = g_ptr_array_index(nodes, i);

		fn(n, opaque);
		walk(n->children, fn, opaque);
	}
}

void topology_walk(struct topology *t, topo_visit_fn fn, void *opaque)
{
	walk(t->roots, fn, opaque);
}

struct topo_error_line {
	struct topo_mark at;
	guint seq;		/* keeps the order found among equal places */
	char *text;
};

static void error_line_free(gpointer data)
{
	struct topo_error_line *l = data;

	g_free(l->text);
	g_free(l);
}

void topo_errors_init(struct topo_errors *e, const char *file)
{
	e->file = file;
	e->lines = g_ptr_array_new_with_free_func(error_line_free);
	e->dropped = 0;
}

void topo_errors_clear(struct topo_errors *e)
{
	g_clear_pointer(&e->lines, g_ptr_array_unref);
}

void topo_error(struct topo_errors *e, struct topo_mark at, const char *fmt, ...)
{
	struct topo_error_line *l;
	g_autofree char *msg = NULL;
	va_list ap;

	if (e->lines->len >= TOPO_MAX_ERRORS) {
		e->dropped++;
		return;
	}
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	l = g_new0(struct topo_error_line, 1);
	l->at = at;
	l->seq = e->lines->len;
	l->text = at.line > 0 ? g_strdup_printf("%s:%d:%d: %s", e->file, at.line,
						at.col, msg)
			      : g_strdup_printf("%s: %s", e->file, msg);
	g_ptr_array_add(e->lines, l);
}

/* In file order, as an editor walks them; placeless ones first. */
static int by_place(gconstpointer a, gconstpointer b)
{
	const struct topo_error_line *x = *(struct topo_error_line *const *)a;
	const struct topo_error_line *y = *(struct topo_error_line *const *)b;

	if (x->at.line != y->at.line)
		return x->at.line - y->at.line;
	if (x->at.col != y->at.col)
		return x->at.col - y->at.col;
	return (int)x->seq - (int)y->seq;
}

gboolean topo_errors_report(struct topo_errors *e, GError **error)
{
	GString *text;

	if (!e->lines->len)
		return TRUE;
	g_ptr_array_sort(e->lines, by_place);
	text = g_string_new(NULL);
	for (guint i = 0; i < e->lines->len; i++) {
		const struct topo_error_line *l = g_ptr_array_index(e->lines, i);

		g_string_append_printf(text, "%s%s", i ? "\n" : "", l->text);
	}
	if (e->dropped)
		g_string_append_printf(text, "\n%s: %u more errors not shown",
				       e->file, e->dropped);
	g_set_error_literal(error, TOPO_ERROR, 0, text->str);
	g_string_free(text, TRUE);
	return FALSE;
}
