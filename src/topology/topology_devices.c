// SPDX-License-Identifier: GPL-2.0-only
#include "topology_devices.h"

#include <string.h>

struct device_checker {
	struct qemu_catalog *qemu;	/* NULL: stock devices go unchecked */
	struct topo_errors *err;
	gboolean qemu_failed;		/* said once, then QEMU is not asked */
};

static struct topo_mark type_at(const struct topo_node *n)
{
	return n->type_mark.line ? n->type_mark : n->mark;
}

/* lu-dma's properties, from its contract (docs/specs/lu-dma.rst). */
static const struct {
	const char *name, *type;
} lu_dma_props[] = {
	{ "vendor-id", "uint16" },
	{ "device-id", "uint16" },
	{ "subsystem-vendor-id", "uint16" },
	{ "subsystem-id", "uint16" },
	{ "bar2-size", "size" },
	{ "stream-period-ns", "uint64" },
	{ "heartbeat-ms", "uint32" },
};

/* Properties lutb sets itself, with what to write instead. */
static const struct {
	const char *name, *instead;
} managed_props[] = {
	{ "id", "the QEMU id is the node's path" },
	{ "bus", "the bus is where the node sits in the file" },
	{ "addr", "use the node's `addr` key" },
	{ "multifunction", "lutb sets it on function 0 of a device with more functions" },
	{ "chassis", "use the port's `chassis` key" },
	{ "slot", "use the port's `slot` key" },
	{ "hotplug", "use the port's `hotplug` key" },
	{ "disable-acs", "use the port's `acs` key" },
	{ "bus-reserve", "use the root port's `bus-reserve` key" },
};

static void qemu_failed(struct device_checker *c, GError *e)
{
	if (!c->qemu_failed)
		topo_error(c->err, (struct topo_mark){ 0, 0 },
			   "%s (check without QEMU: lutb topology check --no-qemu)",
			   e->message);
	c->qemu_failed = TRUE;
}

static const char *bridge_hint(const char *driver)
{
	if (g_str_equal(driver, "pcie-root-port") || g_str_equal(driver, "ioh3420"))
		return ": write type: root-port";
	if (g_str_equal(driver, "x3130-upstream"))
		return ": write type: switch";
	if (g_str_equal(driver, "xio3130-downstream"))
		return ": list it in a switch's `ports`";
	return "";
}

static gboolean check_qemu_device(struct device_checker *c, struct topo_node *n)
{
	g_autoptr(GError) e = NULL;
	const struct qemu_device_info *d = qemu_catalog_device(c->qemu, n->driver, &e);
	const char *guess;

	if (e) {
		qemu_failed(c, e);
		return FALSE;
	}
	if (!d) {
		guess = qemu_catalog_suggest(c->qemu, n->driver);
		/* Without a near name, it may be a device lutb's QEMU leaves out. */
		topo_error(c->err, type_at(n),
			   "unknown QEMU device '%s': `qemu-system-x86_64 -device help` does not list it%s%s%s",
			   n->driver,
			   guess ? " (did you mean '" : "", guess ? guess : "",
			   guess ? "'?)" : " (lutb's QEMU has the devices of "
			   "qemu-patches/lutb-devices.mak; add a CONFIG_ line there for more)");
		return FALSE;
	}
	if (!d->bus || !g_str_equal(d->bus, "PCI")) {
		topo_error(c->err, type_at(n),
			   "QEMU device '%s' is not a PCI device (%s%s%s)", n->driver,
			   d->bus ? "it sits on an " : "it sits on no bus",
			   d->bus ? d->bus : "", d->bus ? " bus" : "");
		return FALSE;
	}
	if (d->bridge) {
		topo_error(c->err, type_at(n),
			   "QEMU device '%s' is a bridge: lutb builds bridges from root-port, switch and downstream-port nodes%s",
			   n->driver, bridge_hint(n->driver));
		return FALSE;
	}
	return TRUE;
}

static gboolean parse_number(const char *text, gboolean sign, guint64 *out)
{
	if (sign && *text == '-')
		text++;
	return topo_parse_uint(text, out);
}

/* QEMU sizes: a number and an optional unit B, K, M, G, T, P or E. */
static gboolean parse_size(const char *text, guint64 *out)
{
	static const char units[] = "BKMGTPE";
	g_autofree char *num = g_strdup(text);
	gsize len = strlen(num);
	const char *unit;
	guint shift = 0;

	if (len && (unit = strchr(units, g_ascii_toupper(num[len - 1]))) &&
	    g_ascii_isalpha(num[len - 1])) {
		shift = 10 * (guint)(unit - units);
		num[len - 1] = '\0';
	}
	if (!parse_number(num, FALSE, out) || (shift && *out > (G_MAXUINT64 >> shift)))
		return FALSE;
	*out <<= shift;
	return TRUE;
}

static gboolean value_fits(const char *type, const char *value, const char **expect)
{
	static const struct {
		const char *type, *words;
		guint64 max;
	} ints[] = {
		{ "uint8", "a number from 0 to 255", 0xff },
		{ "uint16", "a number from 0 to 0xffff", 0xffff },
		{ "uint32", "a number from 0 to 0xffffffff", 0xffffffffu },
		{ "uint64", "a number from 0 to 2^64-2", G_MAXUINT64 - 1 },
		{ "int32", "a number from -2^31 to 2^31-1", 0x7fffffffu },
	};
	guint64 v;

	for (gsize i = 0; i < G_N_ELEMENTS(ints); i++) {
		if (!g_str_equal(type, ints[i].type))
			continue;
		*expect = ints[i].words;
		return parse_number(value, type[0] == 'i', &v) && v <= ints[i].max;
	}
	if (g_str_equal(type, "bool")) {
		*expect = "on or off";
		return g_strv_contains((const char *const[]){ "on", "off", "true",
			"false", "yes", "no", NULL }, value);
	}
	if (g_str_equal(type, "size")) {
		*expect = "a size such as 4096, 64K or 1M";
		return parse_size(value, &v);
	}
	return TRUE;	/* strings, enums, links: QEMU judges them at start */
}

static const char *lu_dma_prop_type(const char *name)
{
	for (gsize i = 0; i < G_N_ELEMENTS(lu_dma_props); i++)
		if (g_str_equal(name, lu_dma_props[i].name))
			return lu_dma_props[i].type;
	return NULL;
}

static char *lu_dma_prop_names(void)
{
	GString *s = g_string_new(NULL);

	for (gsize i = 0; i < G_N_ELEMENTS(lu_dma_props); i++)
		g_string_append_printf(s, "%s%s", i ? ", " : "", lu_dma_props[i].name);
	return g_string_free(s, FALSE);
}

/* The type of the property, or NULL (reported) if the device has none. */
static const char *prop_type(struct device_checker *c, struct topo_node *n,
			     struct topo_prop *p)
{
	g_autoptr(GError) e = NULL;
	g_autofree char *names = NULL;
	const char *type;

	if (g_str_equal(n->driver, TOPO_LU_DMA)) {
		if (g_str_equal(p->key, "log")) {
			topo_error(c->err, p->mark,
				   "property 'log' is set by lutb: `lutb run` gives every lu-dma a log in the run directory");
			return NULL;
		}
		type = lu_dma_prop_type(p->key);
		if (!type) {
			names = lu_dma_prop_names();
			topo_error(c->err, p->mark,
				   "lu-dma has no property '%s': it takes %s", p->key, names);
		}
		return type;
	}
	type = qemu_catalog_prop_type(c->qemu, n->driver, p->key, &e);
	if (e)
		qemu_failed(c, e);
	else if (!type)
		topo_error(c->err, p->mark,
			   "%s has no property '%s' (`qemu-system-x86_64 -device %s,help` lists them)",
			   n->driver, p->key, n->driver);
	return type;
}

static void check_prop(struct device_checker *c, struct topo_node *n, struct topo_prop *p,
		       gboolean ask_qemu)
{
	const char *type, *expect = "";
	guint64 size;

	for (gsize i = 0; i < G_N_ELEMENTS(managed_props); i++) {
		if (g_str_equal(p->key, managed_props[i].name)) {
			topo_error(c->err, p->mark, "property '%s' is set by lutb: %s",
				   p->key, managed_props[i].instead);
			return;
		}
	}
	if (!ask_qemu && !g_str_equal(n->driver, TOPO_LU_DMA))
		return;
	type = prop_type(c, n, p);
	if (!type)
		return;
	if (!value_fits(type, p->value, &expect)) {
		topo_error(c->err, p->mark, "property '%s' of %s must be %s, not '%s'",
			   p->key, n->driver, expect, p->value);
		return;
	}
	/* BAR sizes are powers of two; BAR2 also holds at least a page. */
	if (g_str_equal(n->driver, TOPO_LU_DMA) && g_str_equal(p->key, "bar2-size") &&
	    parse_size(p->value, &size) && (size < 4096 || (size & (size - 1))))
		topo_error(c->err, p->mark,
			   "property 'bar2-size' of lu-dma must be a power of two of at least 4K, not '%s'",
			   p->value);
}

static void check_device(struct topo_node *n, void *opaque)
{
	struct device_checker *c = opaque;
	gboolean ask_qemu = c->qemu && !c->qemu_failed;

	if (ask_qemu && n->kind == TOPO_ENDPOINT && !n->implicit &&
	    !g_str_equal(n->driver, TOPO_LU_DMA))
		ask_qemu = check_qemu_device(c, n);
	for (guint i = 0; i < n->props->len; i++)
		check_prop(c, n, g_ptr_array_index(n->props, i), ask_qemu);
}

void topology_check_devices(struct topology *t, struct qemu_catalog *qemu,
			    struct topo_errors *err)
{
	struct device_checker c = { .qemu = qemu, .err = err };

	topology_walk(t, check_device, &c);
}
