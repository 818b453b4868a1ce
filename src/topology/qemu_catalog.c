// SPDX-License-Identifier: GPL-2.0-only
#include "qemu_catalog.h"

#include <gio/gio.h>
#include <string.h>

struct qemu_catalog {
	char *source;
	qemu_ask_fn ask;
	void *opaque;
	GDestroyNotify free_opaque;
	GHashTable *devices;	/* name -> struct qemu_device_info *; NULL until asked */
	GHashTable *props;	/* driver -> (GHashTable prop -> type) */
	char *failure;		/* QEMU could not be asked: say so every time */
};

/* The bus a device sits on, by the QOM type it implements; the names are
 * those of `-device help`. */
static const struct {
	const char *type, *bus;
} buses[] = {
	{ "pci-device", "PCI" },
	{ "isa-device", "ISA" },
	{ "usb-device", "usb-bus" },
	{ "virtio-device", "virtio-bus" },
	{ "sys-bus-device", "System" },
};
/* What lutb builds from topology nodes of its own, not endpoints. */
static const char *const bridge_types[] = { "base-pci-bridge", "pxb" };

static void device_info_free(gpointer data)
{
	struct qemu_device_info *d = data;

	g_free(d->name);
	g_free(d);
}

struct qemu_catalog *qemu_catalog_new_asking(const char *source, qemu_ask_fn ask,
					     void *opaque, GDestroyNotify free_opaque)
{
	struct qemu_catalog *c = g_new0(struct qemu_catalog, 1);

	c->source = g_strdup(source);
	c->ask = ask;
	c->opaque = opaque;
	c->free_opaque = free_opaque;
	c->props = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					 (GDestroyNotify)g_hash_table_unref);
	return c;
}

/* "qom-list-types" {"implements": "pci-device"} -> qom-list-types-pci-device.json */
static json_t *ask_canned(void *opaque, const char *command, json_t *arguments,
			  GError **error)
{
	const char *dir = opaque;
	const char *arg = NULL;
	const char *key;
	json_t *value;
	g_autofree char *file = NULL;
	json_error_t jerr;
	json_t *ret;

	json_object_foreach(arguments, key, value)
		if (json_is_string(value))
			arg = json_string_value(value);
	file = g_strdup_printf("%s/%s%s%s.json", dir, command, arg ? "-" : "", arg ? arg : "");
	if (!g_file_test(file, G_FILE_TEST_EXISTS))
		return json_array();
	ret = json_load_file(file, 0, &jerr);
	if (!ret)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s:%d:%d: %s",
			    file, jerr.line, jerr.column, jerr.text);
	return ret;
}

struct qemu_catalog *qemu_catalog_new_canned(const char *dir)
{
	return qemu_catalog_new_asking(dir, ask_canned, g_strdup(dir), g_free);
}

void qemu_catalog_free(struct qemu_catalog *c)
{
	if (!c)
		return;
	if (c->free_opaque)
		c->free_opaque(c->opaque);
	g_free(c->source);
	if (c->devices)
		g_hash_table_unref(c->devices);
	g_hash_table_unref(c->props);
	g_free(c->failure);
	g_free(c);
}

const char *qemu_catalog_source(const struct qemu_catalog *c)
{
	return c->source;
}

static gboolean failed(struct qemu_catalog *c, GError **error)
{
	if (!c->failure)
		return FALSE;
	g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, c->failure);
	return TRUE;
}

/* Asks once; a failure is kept and given to every later question. */
static json_t *ask(struct qemu_catalog *c, const char *command, json_t *arguments,
		   GError **error)
{
	g_autoptr(GError) local = NULL;
	g_autofree char *args = json_dumps(arguments, JSON_COMPACT);
	json_t *ret;

	if (failed(c, error)) {
		json_decref(arguments);
		return NULL;
	}
	ret = c->ask(c->opaque, command, arguments, &local);
	json_decref(arguments);
	if (!ret) {
		c->failure = g_strdup_printf("cannot ask %s %s %s: %s", c->source,
					     command, args, local->message);
		failed(c, error);
	}
	return ret;
}

/* The concrete types that implement @type, by name. */
static json_t *types_implementing(struct qemu_catalog *c, const char *type, GError **error)
{
	return ask(c, "qom-list-types",
		   json_pack("{s:s, s:b}", "implements", type, "abstract", FALSE), error);
}

/* The devices of @devices whose types implement @type, or NULL if QEMU
 * could not be asked. */
static GPtrArray *known_implementing(struct qemu_catalog *c, GHashTable *devices,
				     const char *type, GError **error)
{
	json_t *list = types_implementing(c, type, error);
	GPtrArray *found;
	json_t *t;
	size_t i;

	if (!list)
		return NULL;
	found = g_ptr_array_new();
	json_array_foreach(list, i, t) {
		struct qemu_device_info *d = g_hash_table_lookup(devices,
			json_string_value(json_object_get(t, "name")) ?: "");

		if (d)
			g_ptr_array_add(found, d);
	}
	json_decref(list);
	return found;
}

static gboolean load_devices(struct qemu_catalog *c, GError **error)
{
	GHashTable *devices;
	json_t *list, *t;
	size_t i;

	if (c->devices)
		return TRUE;
	list = types_implementing(c, "device", error);
	if (!list)
		return FALSE;
	devices = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, device_info_free);
	json_array_foreach(list, i, t) {
		const char *name = json_string_value(json_object_get(t, "name"));
		struct qemu_device_info *d;

		if (!name || g_hash_table_contains(devices, name))
			continue;
		d = g_new0(struct qemu_device_info, 1);
		d->name = g_strdup(name);
		g_hash_table_insert(devices, d->name, d);
	}
	json_decref(list);
	/* Backwards, so that the first bus of the list a type implements wins. */
	for (gsize b = G_N_ELEMENTS(buses); b-- > 0;) {
		g_autoptr(GPtrArray) found = known_implementing(c, devices, buses[b].type, error);

		if (!found)
			goto fail;
		for (guint k = 0; k < found->len; k++)
			((struct qemu_device_info *)g_ptr_array_index(found, k))->bus = buses[b].bus;
	}
	for (gsize b = 0; b < G_N_ELEMENTS(bridge_types); b++) {
		g_autoptr(GPtrArray) found = known_implementing(c, devices, bridge_types[b], error);

		if (!found)
			goto fail;
		for (guint k = 0; k < found->len; k++)
			((struct qemu_device_info *)g_ptr_array_index(found, k))->bridge = TRUE;
	}
	c->devices = devices;
	return TRUE;
fail:
	g_hash_table_unref(devices);
	return FALSE;
}

const struct qemu_device_info *qemu_catalog_device(struct qemu_catalog *c,
						   const char *name,
						   GError **error)
{
	if (!load_devices(c, error))
		return NULL;
	return g_hash_table_lookup(c->devices, name);
}

/* Edit distance, stopping early: only "one or two typos away" matters. */
static guint distance(const char *a, const char *b)
{
	gsize la = strlen(a), lb = strlen(b);
	g_autofree guint *row = NULL;

	if (la > 64 || lb > 64)
		return G_MAXUINT;
	row = g_new(guint, lb + 1);
	for (gsize j = 0; j <= lb; j++)
		row[j] = (guint)j;
	for (gsize i = 1; i <= la; i++) {
		guint diag = row[0];

		row[0] = (guint)i;
		for (gsize j = 1; j <= lb; j++) {
			guint up = row[j];
			guint best = MIN(row[j] + 1, row[j - 1] + 1);

			row[j] = MIN(best, diag + (a[i - 1] != b[j - 1]));
			diag = up;
		}
	}
	return row[lb];
}

const char *qemu_catalog_suggest(struct qemu_catalog *c, const char *name)
{
	const char *best = NULL;
	guint best_d = 3;
	GHashTableIter it;
	gpointer key, value;

	if (!load_devices(c, NULL))
		return NULL;
	g_hash_table_iter_init(&it, c->devices);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		const struct qemu_device_info *d = value;
		guint dist;

		if (!d->bus || !g_str_equal(d->bus, "PCI"))
			continue;
		dist = distance(name, key);
		if (dist < best_d || (dist == best_d && best && strcmp(key, best) < 0)) {
			best_d = dist;
			best = key;
		}
	}
	return best;
}

const char *qemu_catalog_prop_type(struct qemu_catalog *c, const char *driver,
				   const char *prop, GError **error)
{
	GHashTable *props = g_hash_table_lookup(c->props, driver);

	if (!props) {
		json_t *list = ask(c, "device-list-properties",
				   json_pack("{s:s}", "typename", driver), error);
		json_t *p;
		size_t i;

		if (!list)
			return NULL;
		props = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
		json_array_foreach(list, i, p) {
			const char *name = json_string_value(json_object_get(p, "name"));
			const char *type = json_string_value(json_object_get(p, "type"));

			if (name)
				g_hash_table_insert(props, g_strdup(name), g_strdup(type ?: ""));
		}
		json_decref(list);
		g_hash_table_insert(c->props, g_strdup(driver), props);
	}
	return g_hash_table_lookup(props, prop);
}
