// SPDX-License-Identifier: GPL-2.0-only
#include "libvirt_xml.h"

#include <stdarg.h>
#include <string.h>

static void xml(GString *out, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Every %s is escaped: names and properties come from the user's file. */
static void xml(GString *out, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = g_markup_vprintf_escaped(fmt, ap);
	va_end(ap);
	g_string_append(out, text);
	g_free(text);
}

static const char *controller_model(enum machine_dev_kind kind)
{
	switch (kind) {
	case MDEV_ROOT_PORT:
		return "pcie-root-port";
	case MDEV_UPSTREAM_PORT:
		return "pcie-switch-upstream-port";
	case MDEV_DOWNSTREAM_PORT:
		return "pcie-switch-downstream-port";
	case MDEV_ENDPOINT:
		break;
	}
	return NULL;
}

/* libvirt's address bus= is the index of the controller above, not a bus
 * number: pcie-root is 0, the bridges count up from 1 in device order. */
static int *controller_indexes(const struct machine *m)
{
	int *index = g_new0(int, m->devices->len);
	int next = 1;

	for (guint i = 0; i < m->devices->len; i++) {
		const struct machine_device *d = g_ptr_array_index(m->devices, i);

		index[i] = d->kind == MDEV_ENDPOINT ? -1 : next++;
	}
	return index;
}

static void address(GString *out, const struct machine_device *d, const int *index)
{
	xml(out, "      <address type='pci' domain='0x0000' bus='0x%02x' slot='0x%02x' function='0x%x'",
	    d->parent < 0 ? 0 : index[d->parent], d->dev, d->fn);
	g_string_append(out, d->multifunction ? " multifunction='on'/>\n" : "/>\n");
}

static void controller(GString *out, const struct machine_device *d,
		       const int *index, guint i)
{
	xml(out, "    <controller type='pci' index='%d' model='%s'>\n",
	    index[i], controller_model(d->kind));
	xml(out, "      <model name='%s'/>\n", d->driver);
	if (d->chassis >= 0) {
		xml(out, "      <target chassis='%d'", d->chassis);
		if (d->hotplug >= 0)
			xml(out, " hotplug='%s'", d->hotplug ? "on" : "off");
		g_string_append(out, "/>\n");
	}
	xml(out, "      <alias name='" LIBVIRT_ALIAS_PREFIX "%s'/>\n", d->qemu_id);
	address(out, d, index);
	g_string_append(out, "    </controller>\n");
}

/* A whole number, decimal or 0x-hex, as decimal text; NULL if not one. */
static char *as_decimal(const char *value)
{
	gboolean hex = value[0] == '0' && (value[1] == 'x' || value[1] == 'X');
	const char *digits = hex ? value + 2 : value;
	guint64 v;
	char *end;

	if (!*digits || !(hex ? g_ascii_isxdigit(*digits) : g_ascii_isdigit(*digits)))
		return NULL;
	v = g_ascii_strtoull(digits, &end, hex ? 16 : 10);
	return *end ? NULL : g_strdup_printf("%" G_GUINT64_FORMAT, v);
}

/*
 * libvirt hands overrides to QEMU as JSON, which wants a number for an
 * integer property and true/false for a boolean: guess the type from the
 * text the file gave.
 */
static void override_prop(GString *out, const char *name, const char *value)
{
	g_autofree char *number = as_decimal(value);
	const char *type = "string";

	if (number) {
		type = "unsigned";
		value = number;
	} else if (value[0] == '-' && (number = as_decimal(value + 1))) {
		type = "signed";
	} else if (g_strv_contains((const char *const[]){ "on", "true", "yes", NULL }, value)) {
		type = "bool";
		value = "true";
	} else if (g_strv_contains((const char *const[]){ "off", "false", "no", NULL }, value)) {
		type = "bool";
		value = "false";
	}
	xml(out, "        <qemu:property name='%s' type='%s' value='%s'/>\n",
	    name, type, value);
}

/* What libvirt's controller elements cannot say. */
static void overrides(GString *out, const struct machine_device *d)
{
	g_autofree char *slot = g_strdup_printf("%d", d->slot);
	g_autofree char *reserve = g_strdup_printf("%d", d->bus_reserve);

	if (d->slot <= 0 && d->bus_reserve < 0 && !d->props->len)
		return;
	xml(out, "    <qemu:device alias='" LIBVIRT_ALIAS_PREFIX "%s'>\n", d->qemu_id);
	g_string_append(out, "      <qemu:frontend>\n");
	if (d->slot > 0)
		override_prop(out, "slot", slot);
	if (d->bus_reserve >= 0)
		override_prop(out, "bus-reserve", reserve);
	for (guint i = 0; i < d->props->len; i++) {
		const struct machine_prop *p = g_ptr_array_index(d->props, i);

		override_prop(out, p->key, p->value);
	}
	g_string_append(out, "      </qemu:frontend>\n    </qemu:device>\n");
}

static void head(GString *out, const struct machine *m)
{
	xml(out, "<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n"
	    "  <name>lutb-%s</name>\n", m->name);
	if (m->description)
		xml(out, "  <description>%s</description>\n", m->description);
	xml(out, "  <memory unit='MiB'>%u</memory>\n  <vcpu>%u</vcpu>\n",
	    m->memory_mib, m->cpus);
	g_string_append(out, "  <os>\n    <type arch='x86_64' machine='q35'>hvm</type>\n  </os>\n"
			"  <features>\n    <acpi/>\n");
	/* Interrupt remapping needs the IOAPIC emulated by QEMU. */
	if (m->iommu == MACHINE_IOMMU_INTEL)
		g_string_append(out, "    <ioapic driver='qemu'/>\n");
	g_string_append(out, "  </features>\n  <devices>\n"
			/* Nothing libvirt would add by itself on the PCI bus. */
			"    <controller type='usb' model='none'/>\n"
			"    <memballoon model='none'/>\n"
			"    <controller type='pci' index='0' model='pcie-root'/>\n");
}

char *libvirt_domain_xml(const struct machine *m)
{
	GString *out = g_string_new(NULL);
	g_autofree int *index = controller_indexes(m);
	GString *cmdline = g_string_new(NULL);
	GString *override = g_string_new(NULL);

	head(out, m);
	if (m->iommu == MACHINE_IOMMU_INTEL)
		g_string_append(out, "    <iommu model='intel'>\n"
				"      <driver intremap='on'/>\n    </iommu>\n");
	for (guint i = 0; i < m->devices->len; i++) {
		const struct machine_device *d = g_ptr_array_index(m->devices, i);
		g_autofree char *arg = NULL;

		if (d->kind != MDEV_ENDPOINT) {
			controller(out, d, index, i);
			overrides(override, d);
		} else if (d->implicit && m->iommu == MACHINE_IOMMU_VIRTIO) {
			g_string_append(out, "    <iommu model='virtio'>\n");
			address(out, d, index);
			g_string_append(out, "    </iommu>\n");
		} else {
			arg = machine_device_arg(m, d, LIBVIRT_ALIAS_PREFIX);
			xml(cmdline, "    <qemu:arg value='-device'/>\n"
				     "    <qemu:arg value='%s'/>\n", arg);
		}
	}
	g_string_append(out, "  </devices>\n");
	if (cmdline->len)
		g_string_append_printf(out, "  <qemu:commandline>\n%s  </qemu:commandline>\n",
				       cmdline->str);
	if (override->len)
		g_string_append_printf(out, "  <qemu:override>\n%s  </qemu:override>\n",
				       override->str);
	g_string_append(out, "</domain>\n");
	g_string_free(cmdline, TRUE);
	g_string_free(override, TRUE);
	return g_string_free(out, FALSE);
}
