// SPDX-License-Identifier: GPL-2.0-only
#include "qmp_pci.h"

#include <gio/gio.h>

/* QMP numbers may be read as doubles (see qmp.c); 2^64 - 1 means "none". */
static gint64 int_of(json_t *obj, const char *key, gint64 none)
{
	json_t *v = json_object_get(obj, key);
	double d = json_number_value(v);

	if (!json_is_number(v) || d >= 0x1p63)
		return none;
	return (gint64)d;
}

static struct pci_window window_of(json_t *bus, const char *key)
{
	json_t *w = json_object_get(bus, key);

	return (struct pci_window){ int_of(w, "base", -1), int_of(w, "limit", -1) };
}

static void dev_free(gpointer data)
{
	struct qmp_pci_dev *d = data;

	g_free(d->qdev_id);
	g_array_unref(d->regions);
	g_free(d);
}

static void parse_devices(json_t *devices, GPtrArray *out)
{
	size_t i, j;
	json_t *dev, *region;

	json_array_foreach(devices, i, dev) {
		struct qmp_pci_dev *d = g_new0(struct qmp_pci_dev, 1);
		json_t *bridge = json_object_get(dev, "pci_bridge");
		json_t *bus = json_object_get(bridge, "bus");

		d->qdev_id = g_strdup(json_string_value(json_object_get(dev, "qdev_id")) ?: "");
		d->bus = (int)int_of(dev, "bus", -1);
		d->slot = (int)int_of(dev, "slot", -1);
		d->fn = (int)int_of(dev, "function", -1);
		d->vendor = (int)int_of(json_object_get(dev, "id"), "vendor", -1);
		d->device = (int)int_of(json_object_get(dev, "id"), "device", -1);
		d->class_code = (int)int_of(json_object_get(dev, "class_info"), "class", -1);
		d->regions = g_array_new(FALSE, TRUE, sizeof(struct qmp_pci_region));
		json_array_foreach(json_object_get(dev, "regions"), j, region) {
			const char *type = json_string_value(json_object_get(region, "type"));
			struct qmp_pci_region r = {
				.bar = (int)int_of(region, "bar", -1),
				.io = type && g_str_equal(type, "io"),
				.address = int_of(region, "address", -1),
				.size = int_of(region, "size", -1),
			};

			g_array_append_val(d->regions, r);
		}
		d->bridge = bus != NULL;
		if (d->bridge) {
			d->number = (int)int_of(bus, "number", -1);
			d->secondary = (int)int_of(bus, "secondary", -1);
			d->subordinate = (int)int_of(bus, "subordinate", -1);
			d->io = window_of(bus, "io_range");
			d->memory = window_of(bus, "memory_range");
			d->prefetch = window_of(bus, "prefetchable_range");
		}
		g_ptr_array_add(out, d);
		if (bridge)
			parse_devices(json_object_get(bridge, "devices"), out);
	}
}

GPtrArray *qmp_pci_parse(json_t *ret)
{
	GPtrArray *out;
	size_t i;
	json_t *bus;

	if (!json_is_array(ret))
		return NULL;
	out = g_ptr_array_new_with_free_func(dev_free);
	json_array_foreach(ret, i, bus)
		parse_devices(json_object_get(bus, "devices"), out);
	return out;
}

GPtrArray *qmp_pci_load(const char *path, GError **error)
{
	json_error_t jerr;
	json_t *ret = json_load_file(path, JSON_DECODE_INT_AS_REAL, &jerr);
	GPtrArray *out;

	if (!ret) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s:%d:%d: %s",
			    path, jerr.line, jerr.column, jerr.text);
		return NULL;
	}
	out = qmp_pci_parse(ret);
	json_decref(ret);
	if (!out)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
			    "%s: not a query-pci result", path);
	return out;
}

const struct qmp_pci_dev *qmp_pci_find(GPtrArray *devs, const char *qdev_id)
{
	for (guint i = 0; devs && i < devs->len; i++) {
		const struct qmp_pci_dev *d = g_ptr_array_index(devs, i);

		if (*d->qdev_id && g_str_equal(d->qdev_id, qdev_id))
			return d;
	}
	return NULL;
}

void qmp_pci_bdf(const struct qmp_pci_dev *d, char *buf, gsize len)
{
	g_snprintf(buf, len, "0000:%02x:%02x.%x", d->bus, d->slot, d->fn);
}
