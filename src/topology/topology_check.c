// SPDX-License-Identifier: GPL-2.0-only
#include "topology_check.h"

#include <string.h>

#include "topology_devices.h"
#include "topology_isolation.h"
#include "topology_parse.h"

#define N_DEVS 32
#define N_FNS 8
#define MAX_BUS 255
#define MAX_SLOT 8191

struct checker {
	struct topology *t;
	struct qemu_catalog *qemu;
	struct topo_errors err;
	gboolean too_many_buses;
};

static const char *what(const struct topo_node *n)
{
	return n->kind == TOPO_ENDPOINT ? n->driver : topo_kind_name(n->kind);
}

static struct topo_mark type_at(const struct topo_node *n)
{
	return n->type_mark.line ? n->type_mark : n->mark;
}

static struct topo_mark addr_at(const struct topo_node *n)
{
	return n->addr_mark.line ? n->addr_mark : n->mark;
}

/* ---- names, paths and who may sit where ---------------------------- */

static void check_place(struct checker *c, struct topo_node *n)
{
	struct topo_node *p = n->parent;

	if (p && p->kind == TOPO_SWITCH && n->kind != TOPO_DOWNSTREAM_PORT) {
		topo_error(&c->err, type_at(n),
			   "a switch's `ports` are downstream ports; %s '%s' belongs in a port's `children`",
			   what(n), n->path);
		return;
	}
	switch (n->kind) {
	case TOPO_ROOT_PORT:
		if (p)
			topo_error(&c->err, type_at(n),
				   "a root port sits on the root complex (the `fabric:` list), not below %s '%s'",
				   what(p), p->path);
		break;
	case TOPO_SWITCH:
		if (!p)
			topo_error(&c->err, type_at(n),
				   "switch '%s' is on the root complex: a switch sits below a root port or a downstream port (put it in their `children`)",
				   n->path);
		break;
	case TOPO_DOWNSTREAM_PORT:
		if (!p || p->kind != TOPO_SWITCH)
			topo_error(&c->err, type_at(n),
				   "downstream port '%s' is not in a switch: downstream ports belong in a switch's `ports` list",
				   n->path);
		break;
	case TOPO_ENDPOINT:
		break;
	}
}

static void check_names(struct checker *c, GPtrArray *nodes, const char *parent)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

	for (guint i = 0; i < nodes->len; i++) {
		struct topo_node *n = g_ptr_array_index(nodes, i);
		struct topo_node *first = g_hash_table_lookup(seen, n->name);

		n->path = parent ? g_strdup_printf("%s/%s", parent, n->name)
				 : g_strdup(n->name);
		if (first && n->implicit)
			topo_error(&c->err, first->name_mark,
				   "name '%s' is taken by the virtio IOMMU that `iommu: virtio` adds; rename this node",
				   n->name);
		else if (first)
			topo_error(&c->err, n->name_mark,
				   "duplicate name '%s' %s%s (first at line %d): sibling nodes need different names",
				   n->name, parent ? "below " : "on the root complex",
				   parent ? parent : "", first->name_mark.line);
		else
			g_hash_table_insert(seen, n->name, n);
		check_place(c, n);
		check_names(c, n->children, n->path);
	}
}

/* ---- PCI addresses ------------------------------------------------- */

enum bus_kind {
	BUS_ROOT,	/* pcie.0: q35 owns 00 (host bridge) and 1f (ICH9) */
	BUS_PORT,	/* a port's link: one device, number 00 */
	BUS_SWITCH,	/* a switch's internal bus: one downstream port a number */
};

static const char *bus_owner(const struct topo_node *owner)
{
	return owner ? owner->path : "the root complex";
}

static gboolean addr_allowed(struct checker *c, struct topo_node *n,
			     enum bus_kind kind)
{
	switch (kind) {
	case BUS_ROOT:
		if (n->dev == 0 || n->dev == 0x1f) {
			topo_error(&c->err, addr_at(n),
				   "device number %02x on the root complex is q35's own (%s); use 01 to 1e",
				   n->dev, n->dev ? "ICH9 LPC, SATA and SMBus" : "the host bridge");
			return FALSE;
		}
		break;
	case BUS_PORT:
		if (n->dev != 0) {
			topo_error(&c->err, addr_at(n),
				   "below port '%s' there is one device, number 00: write addr: 0.N for its function N (0..7)",
				   n->parent->path);
			return FALSE;
		}
		break;
	case BUS_SWITCH:
		if (n->fn != 0) {
			topo_error(&c->err, addr_at(n),
				   "downstream ports are single-function devices: write addr: %02x",
				   n->dev);
			return FALSE;
		}
		break;
	}
	return TRUE;
}

/* Who holds each device.function of one bus. */
struct bus_map {
	struct topo_node *at[N_DEVS][N_FNS];
};

static gboolean dev_free(struct bus_map *b, int dev)
{
	for (int fn = 0; fn < N_FNS; fn++)
		if (b->at[dev][fn])
			return FALSE;
	return TRUE;
}

static void auto_addr(struct checker *c, struct topo_node *n, enum bus_kind kind,
		      struct bus_map *b, struct topo_node *owner)
{
	switch (kind) {
	case BUS_ROOT:
	case BUS_SWITCH:
		for (int dev = kind == BUS_ROOT ? 1 : 0;
		     dev < (kind == BUS_ROOT ? 0x1f : N_DEVS); dev++) {
			if (dev_free(b, dev)) {
				n->dev = dev;
				n->fn = 0;
				b->at[dev][0] = n;
				return;
			}
		}
		if (kind == BUS_ROOT)
			topo_error(&c->err, n->mark,
				   "no device number is left on the root complex for '%s' (01 to 1e are taken)",
				   n->path);
		return;	/* a full switch is reported by its port count */
	case BUS_PORT:
		for (int fn = 0; fn < N_FNS; fn++) {
			if (!b->at[0][fn]) {
				n->dev = 0;
				n->fn = fn;
				b->at[0][fn] = n;
				return;
			}
		}
		topo_error(&c->err, n->mark,
			   "'%s' would be a 9th function below port '%s': a port's link holds one device of at most 8 functions",
			   n->path, owner->path);
		return;
	}
}

static void check_functions(struct checker *c, struct bus_map *b,
			    struct topo_node *owner)
{
	for (int dev = 0; dev < N_DEVS; dev++) {
		struct topo_node *lowest = NULL;
		int count = 0;

		for (int fn = N_FNS - 1; fn >= 0; fn--) {
			if (b->at[dev][fn]) {
				lowest = b->at[dev][fn];
				count++;
			}
		}
		if (!count)
			continue;
		if (!b->at[dev][0])
			topo_error(&c->err, addr_at(lowest),
				   "device %02x on %s has function %d but no function 0: firmware and Linux look for function 0 first",
				   dev, bus_owner(owner), lowest->fn);
		else if (count > 1)
			b->at[dev][0]->multifunction = TRUE;
	}
}

static int by_address(gconstpointer a, gconstpointer b)
{
	const struct topo_node *x = *(struct topo_node *const *)a;
	const struct topo_node *y = *(struct topo_node *const *)b;

	if (x->dev != y->dev)
		return x->dev - y->dev;
	return x->fn - y->fn;
}

/* Fixed addresses first, so that lutb's choices go around them. */
static void place(struct checker *c, GPtrArray *nodes, struct topo_node *owner)
{
	enum bus_kind kind = !owner ? BUS_ROOT :
			     owner->kind == TOPO_SWITCH ? BUS_SWITCH : BUS_PORT;
	g_autofree struct bus_map *b = g_new0(struct bus_map, 1);

	if (kind == BUS_SWITCH && nodes->len > N_DEVS) {
		struct topo_node *extra = g_ptr_array_index(nodes, N_DEVS);

		topo_error(&c->err, extra->mark,
			   "switch '%s' has %u downstream ports: a switch has at most %d, one per device number of its internal bus",
			   owner->path, nodes->len, N_DEVS);
	}
	for (guint i = 0; i < nodes->len; i++) {
		struct topo_node *n = g_ptr_array_index(nodes, i);
		struct topo_node *taken;

		if (n->dev == TOPO_UNSET)
			continue;
		if (!addr_allowed(c, n, kind)) {
			n->dev = n->fn = TOPO_UNSET;
			continue;
		}
		taken = b->at[n->dev][n->fn];
		if (taken) {
			topo_error(&c->err, addr_at(n),
				   "address %02x.%x on %s is taken by '%s': give one of them another addr",
				   n->dev, n->fn, bus_owner(owner), taken->path);
			n->dev = n->fn = TOPO_UNSET;
			continue;
		}
		b->at[n->dev][n->fn] = n;
	}
	for (guint i = 0; i < nodes->len; i++) {
		struct topo_node *n = g_ptr_array_index(nodes, i);

		if (n->dev == TOPO_UNSET && (kind != BUS_SWITCH || i < N_DEVS))
			auto_addr(c, n, kind, b, owner);
	}
	check_functions(c, b, owner);
	/* QEMU wants function 0 (multifunction=on) before the others. */
	g_ptr_array_sort(nodes, by_address);
	for (guint i = 0; i < nodes->len; i++) {
		struct topo_node *n = g_ptr_array_index(nodes, i);

		place(c, n->children, n);
	}
}

/* ---- chassis and slot numbers of ports ----------------------------- */

/* QEMU refuses two ports with one (chassis, slot): it names a physical slot. */
struct slots {
	GHashTable *taken;	/* chassis << 16 | slot -> node */
	gboolean chassis_used[256];
};

static gpointer slot_key(int chassis, int slot)
{
	return GUINT_TO_POINTER(((guint)chassis << 16) | (guint)slot);
}

static void collect_ports(struct topo_node *n, void *opaque)
{
	if (topo_node_is_port(n))
		g_ptr_array_add(opaque, n);
}

static void fixed_slots(struct checker *c, struct slots *s, GPtrArray *ports)
{
	for (guint i = 0; i < ports->len; i++) {
		struct topo_node *n = g_ptr_array_index(ports, i);
		struct topo_node *taken;

		if (n->chassis == TOPO_UNSET)
			continue;
		s->chassis_used[n->chassis] = TRUE;
		if (n->slot == TOPO_UNSET)
			continue;
		taken = g_hash_table_lookup(s->taken, slot_key(n->chassis, n->slot));
		if (taken)
			topo_error(&c->err, n->chassis_mark,
				   "chassis %d slot %d is taken by '%s': give each port its own chassis/slot pair, or leave them out and lutb picks free ones",
				   n->chassis, n->slot, taken->path);
		else
			g_hash_table_insert(s->taken, slot_key(n->chassis, n->slot), n);
	}
}

static gboolean take_slot(struct slots *s, struct topo_node *n, int chassis, int slot)
{
	if (g_hash_table_contains(s->taken, slot_key(chassis, slot)))
		return FALSE;
	n->chassis = chassis;
	n->slot = slot;
	s->chassis_used[chassis] = TRUE;
	g_hash_table_insert(s->taken, slot_key(chassis, slot), n);
	return TRUE;
}

/* Ports without a chassis get one no other port has, so that, as libvirt
 * does, each port is alone in its chassis; one with a chassis but no slot
 * gets the lowest free slot there. */
static void free_slot(struct checker *c, struct slots *s, struct topo_node *n)
{
	int slot = n->slot == TOPO_UNSET ? 0 : n->slot;

	if (n->chassis != TOPO_UNSET) {
		for (int sl = 0; sl <= MAX_SLOT; sl++)
			if (take_slot(s, n, n->chassis, sl))
				return;
	} else {
		for (int ch = 1; ch <= 255; ch++)
			if (!s->chassis_used[ch] && take_slot(s, n, ch, slot))
				return;
		/* More ports than chassis numbers: share them, slot by slot. */
		for (int ch = 1; ch <= 255; ch++)
			for (int sl = slot; sl <= MAX_SLOT; sl++)
				if (take_slot(s, n, ch, sl))
					return;
	}
	topo_error(&c->err, n->mark, "no free chassis/slot pair is left for port '%s'",
		   n->path);
}

static void assign_slots(struct checker *c)
{
	g_autoptr(GPtrArray) ports = g_ptr_array_new();
	struct slots s = { .taken = g_hash_table_new(NULL, NULL) };

	topology_walk(c->t, collect_ports, ports);
	fixed_slots(c, &s, ports);
	for (guint i = 0; i < ports->len; i++) {
		struct topo_node *n = g_ptr_array_index(ports, i);

		if (n->chassis == TOPO_UNSET || n->slot == TOPO_UNSET)
			free_slot(c, &s, n);
	}
	g_hash_table_unref(s.taken);
}

/* ---- bus numbers ---------------------------------------------------- */

/*
 * Depth first in address order, as SeaBIOS (and Linux with
 * pci=assign-busses) numbers them: each bridge takes the next bus for its
 * secondary side, its subtree follows, and a root port's bus-reserve
 * stretches its subordinate number to at least secondary + reserve.
 */
static void number_buses(struct checker *c, GPtrArray *nodes, int bus, int *last)
{
	for (guint i = 0; i < nodes->len; i++) {
		struct topo_node *n = g_ptr_array_index(nodes, i);

		n->bus = bus;
		if (!topo_node_is_bridge(n))
			continue;
		if (*last >= MAX_BUS) {
			if (!c->too_many_buses)
				topo_error(&c->err, n->mark,
					   "the fabric needs more than 256 buses: '%s' would get bus %d, and PCI buses end at 255 (every root port, switch and downstream port takes one bus, bus-reserve more)",
					   n->path, *last + 1);
			c->too_many_buses = TRUE;
			return;
		}
		n->secondary = ++*last;
		number_buses(c, n->children, n->secondary, last);
		if (n->bus_reserve > 0 && n->secondary + n->bus_reserve > *last) {
			if (n->secondary + n->bus_reserve > MAX_BUS && !c->too_many_buses) {
				topo_error(&c->err, n->bus_reserve_mark,
					   "the fabric needs more than 256 buses: bus-reserve %d below '%s' reaches bus %d, and PCI buses end at 255",
					   n->bus_reserve, n->path, n->secondary + n->bus_reserve);
				c->too_many_buses = TRUE;
			}
			*last = MIN(MAX_BUS, n->secondary + n->bus_reserve);
		}
		n->subordinate = *last;
	}
}

/* ---- the whole check ------------------------------------------------ */

/* `iommu: virtio` is a PCI function on the root complex: a node of its own. */
static void add_virtio_iommu(struct topology *t)
{
	struct topo_node *n = topo_node_new(TOPO_ENDPOINT);

	n->name = g_strdup(TOPO_VIRTIO_IOMMU_NAME);
	n->driver = g_strdup("virtio-iommu-pci");
	n->implicit = TRUE;
	n->mark = n->name_mark = n->type_mark = t->iommu_mark;
	g_ptr_array_add(t->roots, n);
}

gboolean topology_check(struct topology *t, struct qemu_catalog *qemu,
			GError **error)
{
	struct checker c = { .t = t, .qemu = qemu };
	gboolean ok;
	int last = 0;

	topo_errors_init(&c.err, t->file);
	if (t->iommu == TOPO_IOMMU_VIRTIO)
		add_virtio_iommu(t);
	check_names(&c, t->roots, NULL);
	place(&c, t->roots, NULL);
	assign_slots(&c);
	number_buses(&c, t->roots, 0, &last);
	topology_check_devices(t, qemu, &c.err);
	topology_check_isolation(t, &c.err);
	ok = topo_errors_report(&c.err, error);
	topo_errors_clear(&c.err);
	return ok;
}

struct topology *topology_load(const char *file, struct qemu_catalog *qemu,
			       GError **error)
{
	struct topology *t = topology_parse_file(file, error);

	if (t && !topology_check(t, qemu, error))
		g_clear_pointer(&t, topology_free);
	return t;
}
