// SPDX-License-Identifier: GPL-2.0-only
#include "topology_parse.h"

#include "yaml_doc.h"

#include <stdlib.h>
#include <string.h>

#define NAME_MAX_LEN 32

/* Where a node's list sits decides what a missing `type` means. */
enum context { IN_FABRIC, IN_CHILDREN, IN_PORTS };

struct parser {
	struct topology *t;
	struct topo_errors err;
};

static struct topo_mark no_mark(void)
{
	return (struct topo_mark){ 0, 0 };
}

static struct topo_mark mark_or(struct fy_node *n, struct topo_mark fallback)
{
	return yaml_mark(n, fallback);
}

static gboolean expect(struct parser *p, struct fy_node *n, enum fy_node_type type,
		       const char *what, struct topo_mark at)
{
	return yaml_expect(&p->err, n, type, what, at);
}

static char *scalar(struct parser *p, struct fy_node *n, const char *what,
		    struct topo_mark at)
{
	return yaml_scalar(&p->err, n, what, at);
}

static gboolean uint_value(struct parser *p, struct fy_node *n, const char *what,
			   guint64 min, guint64 max, struct topo_mark at, int *out)
{
	g_autofree char *text = scalar(p, n, what, at);
	guint64 v;

	if (!text)
		return FALSE;
	if (!topo_parse_uint(text, &v) || v < min || v > max) {
		topo_error(&p->err, mark_or(n, at),
			   "%s must be a whole number from %" G_GUINT64_FORMAT
			   " to %" G_GUINT64_FORMAT ", not '%s'", what, min, max, text);
		return FALSE;
	}
	*out = (int)v;
	return TRUE;
}

static gboolean bool_value(struct parser *p, struct fy_node *n, const char *what,
			   struct topo_mark at, gboolean *out)
{
	g_autofree char *text = scalar(p, n, what, at);

	if (!text)
		return FALSE;
	if (g_str_equal(text, "true") || g_str_equal(text, "false")) {
		*out = g_str_equal(text, "true");
		return TRUE;
	}
	topo_error(&p->err, mark_or(n, at), "%s must be true or false, not '%s'",
		   what, text);
	return FALSE;
}

/* "DEV[.FN]": DEV in hex as QEMU's addr= takes it (02, 0x1f), FN 0..7. */
static gboolean parse_addr(const char *text, int *dev, int *fn)
{
	g_auto(GStrv) parts = g_strsplit(text, ".", -1);
	const char *d = parts[0];
	guint64 v;
	char *end;

	/* An empty string splits into no parts at all. */
	if (!d || g_strv_length(parts) > 2)
		return FALSE;
	if (d[0] == '0' && (d[1] == 'x' || d[1] == 'X'))
		d += 2;
	if (!g_ascii_isxdigit(d[0]) || strlen(d) > 2)
		return FALSE;
	v = g_ascii_strtoull(d, &end, 16);
	if (*end || v > 0x1f)
		return FALSE;
	*dev = (int)v;
	*fn = 0;
	if (parts[1]) {
		if (strlen(parts[1]) != 1 || parts[1][0] < '0' || parts[1][0] > '7')
			return FALSE;
		*fn = parts[1][0] - '0';
	}
	return TRUE;
}

/* Names become parts of QEMU ids: letters, digits, '-', '_', and no '.'
 * or '/', so that a path maps to exactly one id. */
static gboolean valid_name(const char *name)
{
	if (!g_ascii_isalpha(name[0]) || strlen(name) > NAME_MAX_LEN)
		return FALSE;
	for (const char *c = name; *c; c++)
		if (!g_ascii_isalnum(*c) && *c != '-' && *c != '_')
			return FALSE;
	return TRUE;
}

/* Memory as a number of MiB, or with a unit: 512M, 1G, 2GiB. */
static gboolean parse_memory(const char *text, guint *mib)
{
	g_autofree char *num = g_strdup(text);
	char *unit = num;
	guint64 v, scale = 1;

	while (g_ascii_isdigit(*unit))
		unit++;
	if (g_str_equal(unit, "G") || g_str_equal(unit, "GiB"))
		scale = 1024;
	else if (*unit && !g_str_equal(unit, "M") && !g_str_equal(unit, "MiB"))
		return FALSE;
	*unit = '\0';
	if (!topo_parse_uint(num, &v) || v > 1024 * 1024)
		return FALSE;
	v *= scale;
	if (v < 64 || v > 1024 * 1024)
		return FALSE;
	*mib = (guint)v;
	return TRUE;
}

/* Calls @fn for each key: value of a mapping whose keys are plain words. */
typedef void (*pair_fn)(struct parser *p, const char *key, struct fy_node *k,
			struct fy_node *v, void *opaque);

static void each_pair(struct parser *p, struct fy_node *map, pair_fn fn,
		      void *opaque)
{
	struct fy_node_pair *pair;
	void *it = NULL;

	while ((pair = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *k = fy_node_pair_key(pair);
		g_autofree char *key = scalar(p, k, "a key", mark_or(map, no_mark()));

		if (key)
			fn(p, key, k, fy_node_pair_value(pair), opaque);
	}
}

static void machine_pair(struct parser *p, const char *key, struct fy_node *k,
			 struct fy_node *v, void *opaque)
{
	struct topology *t = p->t;
	struct topo_mark at = mark_or(k, no_mark());
	g_autofree char *text = NULL;
	int n;

	(void)opaque;
	if (g_str_equal(key, "type")) {
		text = scalar(p, v, "machine type", at);
		if (text && !g_str_equal(text, "q35"))
			topo_error(&p->err, mark_or(v, at),
				   "machine type '%s' is not supported: lutb builds q35 machines (PCIe)",
				   text);
	} else if (g_str_equal(key, "iommu")) {
		text = scalar(p, v, "iommu", at);
		t->iommu_mark = mark_or(v, at);
		if (!text)
			return;
		if (g_str_equal(text, "none"))
			t->iommu = TOPO_IOMMU_NONE;
		else if (g_str_equal(text, "intel"))
			t->iommu = TOPO_IOMMU_INTEL;
		else if (g_str_equal(text, "virtio"))
			t->iommu = TOPO_IOMMU_VIRTIO;
		else
			topo_error(&p->err, t->iommu_mark,
				   "iommu must be none, intel or virtio, not '%s'", text);
	} else if (g_str_equal(key, "memory")) {
		text = scalar(p, v, "memory", at);
		if (text && !parse_memory(text, &t->memory_mib))
			topo_error(&p->err, mark_or(v, at),
				   "memory must be MiB from 64 to 1048576, as a number or with a unit (512M, 2G), not '%s'",
				   text);
	} else if (g_str_equal(key, "cpus")) {
		if (uint_value(p, v, "cpus", 1, 64, at, &n))
			t->cpus = (guint)n;
	} else {
		topo_error(&p->err, at,
			   "unknown key '%s' in machine: it takes type, iommu, memory, cpus",
			   key);
	}
}

static void parse_node(struct parser *p, struct fy_node *map, enum context ctx,
		       struct topo_node *parent, GPtrArray *into,
		       struct topo_mark at);

static void parse_list(struct parser *p, struct fy_node *seq, enum context ctx,
		       struct topo_node *parent, GPtrArray *into,
		       const char *what, struct topo_mark at)
{
	struct fy_node *item;
	void *it = NULL;

	if (!expect(p, seq, FYNT_SEQUENCE, what, at))
		return;
	while ((item = fy_node_sequence_iterate(seq, &it)))
		parse_node(p, item, ctx, parent, into, mark_or(seq, at));
}

static const char *keys_of(enum topo_kind kind)
{
	switch (kind) {
	case TOPO_ROOT_PORT:
		return "name, type, addr, chassis, slot, hotplug, acs, bus-reserve, preserve, properties, children";
	case TOPO_SWITCH:
		return "name, type, addr, preserve, properties, ports";
	case TOPO_DOWNSTREAM_PORT:
		return "name, type, addr, chassis, slot, hotplug, acs, preserve, properties, children";
	case TOPO_ENDPOINT:
		break;
	}
	return "name, type, addr, preserve, properties";
}

/* Keys that exist, but not on this kind of node: say where they belong. */
static void misplaced_key(struct parser *p, struct topo_node *n, const char *key,
			  struct topo_mark at)
{
	const char *what = n->kind == TOPO_ENDPOINT ? n->driver : topo_kind_name(n->kind);

	if (g_str_equal(key, "children") && n->kind == TOPO_ENDPOINT)
		topo_error(&p->err, at,
			   "%s '%s' is an endpoint and has no bus below it: only root ports and downstream ports take `children`",
			   what, n->name ? n->name : "?");
	else if (g_str_equal(key, "children") && n->kind == TOPO_SWITCH)
		topo_error(&p->err, at,
			   "a switch has no `children`: list its downstream ports under `ports`, and their devices under each port's `children`");
	else if (g_str_equal(key, "ports"))
		topo_error(&p->err, at,
			   "only a switch has `ports`; this node is a %s", what);
	else if (g_str_equal(key, "bus-reserve"))
		topo_error(&p->err, at,
			   "`bus-reserve` is a root-port key (pcie-root-port is the port whose firmware capability reserves buses), not a %s one",
			   what);
	else if (g_str_equal(key, "chassis") || g_str_equal(key, "slot") ||
		 g_str_equal(key, "hotplug") || g_str_equal(key, "acs"))
		topo_error(&p->err, at,
			   "`%s` belongs to ports (root-port, downstream-port), not to a %s",
			   key, what);
	else
		topo_error(&p->err, at, "unknown key '%s' for a %s: it takes %s",
			   key, n->kind == TOPO_ENDPOINT ? "device" : what,
			   keys_of(n->kind));
}

static void prop_pair(struct parser *p, const char *key, struct fy_node *k,
		      struct fy_node *v, void *opaque)
{
	struct topo_node *n = opaque;
	struct topo_mark at = mark_or(k, no_mark());
	g_autofree char *what = g_strdup_printf("property '%s'", key);
	char *value = scalar(p, v, what, at);
	struct topo_prop *prop;

	if (!value)
		return;
	prop = g_new0(struct topo_prop, 1);
	prop->key = g_strdup(key);
	prop->value = value;
	prop->mark = at;
	g_ptr_array_add(n->props, prop);
}

struct node_parse {
	struct topo_node *n;
	enum context ctx;
	struct topo_mark at;
};

static void node_pair(struct parser *p, const char *key, struct fy_node *k,
		      struct fy_node *v, void *opaque)
{
	struct node_parse *np = opaque;
	struct topo_node *n = np->n;
	struct topo_mark at = mark_or(k, no_mark());
	gboolean port = topo_node_is_port(n);
	g_autofree char *text = NULL;

	if (g_str_equal(key, "type")) {
		return;		/* read first, in parse_node() */
	} else if (g_str_equal(key, "name")) {
		text = scalar(p, v, "name", at);
		if (!text)
			return;
		n->name_mark = mark_or(v, at);
		if (!valid_name(text))
			topo_error(&p->err, mark_or(v, at),
				   "name '%s' must start with a letter and hold only letters, digits, '-' and '_' (at most %d): it becomes part of QEMU ids",
				   text, NAME_MAX_LEN);
		g_free(n->name);
		n->name = g_steal_pointer(&text);
	} else if (g_str_equal(key, "addr")) {
		text = scalar(p, v, "addr", at);
		n->addr_mark = mark_or(v, at);
		if (text && !parse_addr(text, &n->dev, &n->fn))
			topo_error(&p->err, n->addr_mark,
				   "addr '%s' is not DEV[.FN]: DEV is a device number in hex (0..1f), FN a function (0..7), e.g. 02.0",
				   text);
	} else if (g_str_equal(key, "preserve")) {
		bool_value(p, v, "preserve", at, &n->preserve);
	} else if (g_str_equal(key, "properties")) {
		if (expect(p, v, FYNT_MAPPING, "properties", at))
			each_pair(p, v, prop_pair, n);
	} else if (port && g_str_equal(key, "chassis")) {
		n->chassis_mark = mark_or(v, at);
		uint_value(p, v, "chassis", 0, 255, at, &n->chassis);
	} else if (port && g_str_equal(key, "slot")) {
		/* The PCIe Physical Slot Number field is 13 bits wide. */
		uint_value(p, v, "slot", 0, 8191, at, &n->slot);
	} else if (port && g_str_equal(key, "hotplug")) {
		gboolean on;

		if (bool_value(p, v, "hotplug", at, &on))
			n->hotplug = on;
	} else if (port && g_str_equal(key, "acs")) {
		gboolean on;

		n->acs_mark = mark_or(v, at);
		if (bool_value(p, v, "acs", at, &on))
			n->acs = on;
	} else if (n->kind == TOPO_ROOT_PORT && g_str_equal(key, "bus-reserve")) {
		n->bus_reserve_mark = mark_or(v, at);
		uint_value(p, v, "bus-reserve", 0, 255, at, &n->bus_reserve);
	} else if (port && g_str_equal(key, "children")) {
		parse_list(p, v, IN_CHILDREN, n, n->children, "children", at);
	} else if (n->kind == TOPO_SWITCH && g_str_equal(key, "ports")) {
		parse_list(p, v, IN_PORTS, n, n->children, "ports", at);
	} else {
		misplaced_key(p, n, key, at);
	}
}

static struct topo_node *node_of_type(struct parser *p, struct fy_node *map,
				      enum context ctx, struct topo_mark at)
{
	struct fy_node *v = fy_node_mapping_lookup_by_string(map, "type", 4);
	g_autofree char *type = NULL;
	struct topo_node *n;

	if (!v) {
		if (ctx == IN_PORTS)
			return topo_node_new(TOPO_DOWNSTREAM_PORT);
		topo_error(&p->err, at,
			   "node has no `type`: give root-port, switch, lu-dma or a QEMU PCI device name");
		return NULL;
	}
	type = scalar(p, v, "type", at);
	if (!type)
		return NULL;
	if (!*type) {
		topo_error(&p->err, mark_or(v, at), "type is empty");
		return NULL;
	}
	if (g_str_equal(type, "root-port")) {
		n = topo_node_new(TOPO_ROOT_PORT);
		n->driver = g_strdup("pcie-root-port");
	} else if (g_str_equal(type, "switch")) {
		n = topo_node_new(TOPO_SWITCH);
		n->driver = g_strdup("x3130-upstream");
	} else if (g_str_equal(type, "downstream-port")) {
		n = topo_node_new(TOPO_DOWNSTREAM_PORT);
	} else {
		n = topo_node_new(TOPO_ENDPOINT);
		n->driver = g_steal_pointer(&type);
	}
	n->type_mark = mark_or(v, at);
	return n;
}

static void parse_node(struct parser *p, struct fy_node *map, enum context ctx,
		       struct topo_node *parent, GPtrArray *into,
		       struct topo_mark at)
{
	struct node_parse np = { .ctx = ctx };

	if (!expect(p, map, FYNT_MAPPING, "a fabric node", at))
		return;
	np.at = mark_or(map, at);
	/* The type decides which keys the node takes, so read it first. */
	np.n = node_of_type(p, map, ctx, np.at);
	if (!np.n)
		return;
	if (np.n->kind == TOPO_DOWNSTREAM_PORT && !np.n->driver)
		np.n->driver = g_strdup("xio3130-downstream");
	np.n->mark = np.at;
	np.n->parent = parent;
	g_ptr_array_add(into, np.n);
	each_pair(p, map, node_pair, &np);
	if (!np.n->name)
		topo_error(&p->err, np.at,
			   "this %s has no `name`: every node needs one, reports call it by its path of names",
			   np.n->kind == TOPO_ENDPOINT ? np.n->driver : topo_kind_name(np.n->kind));
}

static void top_pair(struct parser *p, const char *key, struct fy_node *k,
		     struct fy_node *v, void *opaque)
{
	struct topo_mark at = mark_or(k, no_mark());
	gboolean *has_fabric = opaque;

	if (g_str_equal(key, "description")) {
		g_free(p->t->description);
		p->t->description = scalar(p, v, "description", at);
	} else if (g_str_equal(key, "machine")) {
		if (expect(p, v, FYNT_MAPPING, "machine", at))
			each_pair(p, v, machine_pair, NULL);
	} else if (g_str_equal(key, "fabric")) {
		*has_fabric = TRUE;
		/* `fabric:` with nothing after it: a machine without devices. */
		if (v && !fy_node_is_alias(v) && fy_node_get_type(v) == FYNT_SCALAR &&
		    fy_node_get_scalar_length(v) == 0)
			return;
		parse_list(p, v, IN_FABRIC, NULL, p->t->roots, "fabric", at);
	} else {
		topo_error(&p->err, at,
			   "unknown key '%s' at the top: a topology has description, machine, fabric",
			   key);
	}
}

static void parse_document(struct parser *p, struct fy_node *root)
{
	struct topo_mark start = { 1, 1 };	/* a document has no other place */
	gboolean has_fabric = FALSE;

	if (!expect(p, root, FYNT_MAPPING, "a topology", start))
		return;
	each_pair(p, root, top_pair, &has_fabric);
	if (!has_fabric)
		topo_error(&p->err, start,
			   "no `fabric:` list: say which root ports, switches and devices the machine has");
}

static void parse_root(struct topo_errors *err, struct fy_node *root, void *opaque)
{
	struct parser *p = opaque;

	(void)err;
	parse_document(p, root);
}

static struct topology *parse(const char *text, size_t len, const char *file,
			      GError **error)
{
	struct parser p = { .t = topology_new(file) };

	topo_errors_init(&p.err, file);
	yaml_doc_parse(text, len, &p.err,
		       "the file is empty: a topology is a mapping with `machine:` and `fabric:`",
		       parse_root, &p);
	if (!topo_errors_report(&p.err, error))
		g_clear_pointer(&p.t, topology_free);
	topo_errors_clear(&p.err);
	return p.t;
}

struct topology *topology_parse_text(const char *text, size_t len,
				     const char *file, GError **error)
{
	return parse(text, len, file, error);
}

struct topology *topology_parse_file(const char *file, GError **error)
{
	gsize len;
	g_autofree char *text = yaml_doc_read(file, &len, error);

	return text ? parse(text, len, file, error) : NULL;
}
