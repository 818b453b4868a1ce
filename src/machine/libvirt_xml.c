// SPDX-License-Identifier: GPL-2.0-only
#include "libvirt_xml.h"

#include <jansson.h>
#include <stdarg.h>
#include <string.h>

#include "rundir.h"

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
	g_autofree char *alias = machine_libvirt_alias(d->qemu_id);

	xml(out, "    <controller type='pci' index='%d' model='%s'>\n",
	    index[i], controller_model(d->kind));
	xml(out, "      <model name='%s'/>\n", d->driver);
	if (d->chassis >= 0) {
		xml(out, "      <target chassis='%d'", d->chassis);
		if (d->hotplug >= 0)
			xml(out, " hotplug='%s'", d->hotplug ? "on" : "off");
		g_string_append(out, "/>\n");
	}
	xml(out, "      <alias name='%s'/>\n", alias);
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

enum prop_type { PROP_UNSIGNED, PROP_SIGNED, PROP_BOOL, PROP_STRING };

/*
 * QEMU takes a property in JSON as a number when it is an integer and as
 * true/false when it is a boolean: guess the type from the text the file
 * gave. @number: an integer's value (negated for PROP_SIGNED), or a
 * boolean's (1 or 0).
 */
static enum prop_type prop_type(const char *value, gint64 *number)
{
	g_autofree char *digits = as_decimal(value);

	if (digits || (value[0] == '-' && (digits = as_decimal(value + 1)))) {
		*number = g_ascii_strtoll(digits, NULL, 10);
		return value[0] == '-' ? PROP_SIGNED : PROP_UNSIGNED;
	}
	*number = g_strv_contains((const char *const[]){ "on", "true", "yes", NULL }, value);
	if (*number || g_strv_contains((const char *const[]){ "off", "false", "no", NULL }, value))
		return PROP_BOOL;
	return PROP_STRING;
}

/* libvirt hands overrides to QEMU as JSON, typed as prop_type() guesses. */
static void override_prop(GString *out, const char *name, const char *value)
{
	static const char *const types[] = {
		[PROP_UNSIGNED] = "unsigned", [PROP_SIGNED] = "signed",
		[PROP_BOOL] = "bool", [PROP_STRING] = "string",
	};
	gint64 number;
	enum prop_type type = prop_type(value, &number);
	g_autofree char *decimal = g_strdup_printf("%" G_GINT64_FORMAT, number);

	if (type == PROP_UNSIGNED)
		value = decimal;
	else if (type == PROP_BOOL)
		value = number ? "true" : "false";
	xml(out, "        <qemu:property name='%s' type='%s' value='%s'/>\n",
	    name, types[type], value);
}

/* What libvirt's controller elements cannot say. */
static void overrides(GString *out, const struct machine_device *d)
{
	g_autofree char *slot = g_strdup_printf("%d", d->slot);
	g_autofree char *reserve = g_strdup_printf("%d", d->bus_reserve);
	g_autofree char *alias = machine_libvirt_alias(d->qemu_id);

	if (d->slot <= 0 && d->bus_reserve < 0 && !d->props->len)
		return;
	xml(out, "    <qemu:device alias='%s'>\n", alias);
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

/* One <qemu:arg>: every value is escaped. */
static void qemu_arg(GString *out, const char *value)
{
	xml(out, "    <qemu:arg value='%s'/>\n", value);
}

/* @value as JSON, typed as prop_type() guesses. */
static json_t *json_value(const char *value)
{
	gint64 number;

	switch (prop_type(value, &number)) {
	case PROP_UNSIGNED:
		return json_integer(number);
	case PROP_SIGNED:
		return json_integer(-number);
	case PROP_BOOL:
		return json_boolean(number);
	case PROP_STRING:
		break;
	}
	return json_string(value);
}

/*
 * An endpoint as a JSON -device: QEMU creates every key=value -device
 * before any JSON one, and libvirt's controllers are JSON, so a key=value
 * endpoint would not find its bus. @log: the lu-dma's log chardev, or NULL.
 */
static char *endpoint_json(const struct machine *m, const struct machine_device *d,
			   const char *log)
{
	g_autofree char *bus = d->parent < 0 ? g_strdup(machine_device_bus(m, d)) :
			       machine_libvirt_alias(machine_device_bus(m, d));
	g_autofree char *addr = g_strdup_printf("%02x.%x", d->dev, d->fn);
	json_t *obj = json_pack("{s:s, s:s, s:s, s:s}", "driver", d->driver,
				"id", d->qemu_id, "bus", bus, "addr", addr);
	char *text;

	if (d->multifunction)
		json_object_set_new(obj, "multifunction", json_true());
	for (guint i = 0; i < d->props->len; i++) {
		const struct machine_prop *p = g_ptr_array_index(d->props, i);

		json_object_set_new(obj, p->key, json_value(p->value));
	}
	if (log)
		json_object_set_new(obj, "log", json_string(log));
	text = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(obj);
	return text;
}

/* What a run adds inside <os>: the kernel of generation 1, its initramfs. */
static void run_os(GString *out, const struct machine_run *run)
{
	xml(out, "    <kernel>%s</kernel>\n", run->kernel);
	if (run->initrd)
		xml(out, "    <initrd>%s</initrd>\n", run->initrd);
	xml(out, "    <cmdline>%s</cmdline>\n", run->cmdline);
}

/*
 * What a run adds to <devices>: its QEMU, and the console and the agent's
 * port as ptys, which lutb reaches through libvirt (by these aliases)
 * wherever the host is.
 */
static void run_devices(GString *out, const struct machine_run *run)
{
	xml(out, "    <emulator>%s</emulator>\n", run->qemu);
	for (int port = 0; port < 2; port++)
		xml(out, "    <serial type='pty'>\n      <target port='%d'/>\n"
		    "      <alias name='%s'/>\n    </serial>\n", port,
		    port ? LIBVIRT_ALIAS_AGENT : LIBVIRT_ALIAS_CONSOLE);
}

/*
 * What a run adds to the QEMU command line: firmware directories, and a
 * guest panic that pauses the VM with its logs whole, as in a direct run.
 * lutb's QMP goes through libvirt's.
 */
static void run_args(GString *out, const struct machine_run *run)
{
	for (guint i = 0; run->firmware_dirs && run->firmware_dirs[i]; i++) {
		qemu_arg(out, "-L");
		qemu_arg(out, run->firmware_dirs[i]);
	}
	qemu_arg(out, "-device");
	qemu_arg(out, "pvpanic");
	qemu_arg(out, "-action");
	qemu_arg(out, "panic=pause");
}

/* An lu-dma's log chardev, which its -device names. */
static char *lu_dma_log_chardev(GString *out, const struct machine_run *run,
				const struct machine_device *d)
{
	g_autofree char *base = rundir_ludma_log(d->qemu_id);
	g_autofree char *file = g_strconcat(run->log_prefix ? run->log_prefix : "", base, NULL);
	g_autofree char *path = g_build_filename(run->run_dir, file, NULL);
	g_autofree char *quoted = machine_escape_commas(path);
	g_autofree char *opt = NULL;
	char *id = g_strdup_printf("%s-log", d->qemu_id);

	opt = g_strdup_printf("file,id=%s,path=%s", id, quoted);
	qemu_arg(out, "-chardev");
	qemu_arg(out, opt);
	return id;
}

static void head(GString *out, const struct machine *m, const char *name,
		 const struct machine_run *run)
{
	xml(out, "<domain type='%s' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n"
	    "  <name>%s</name>\n", run && run->accel == ACCEL_KVM ? "kvm" : "qemu", name);
	if (m->description)
		xml(out, "  <description>%s</description>\n", m->description);
	xml(out, "  <memory unit='MiB'>%u</memory>\n  <vcpu>%u</vcpu>\n",
	    m->memory_mib, m->cpus);
	g_string_append(out, "  <os>\n    <type arch='x86_64' machine='q35'>hvm</type>\n");
	if (run)
		run_os(out, run);
	g_string_append(out, "  </os>\n");
	/* A run ends when the guest powers off; a reboot is a failure too. */
	if (run)
		g_string_append(out, "  <on_poweroff>destroy</on_poweroff>\n"
				"  <on_reboot>destroy</on_reboot>\n"
				"  <on_crash>destroy</on_crash>\n");
	g_string_append(out, "  <features>\n    <acpi/>\n");
	/* Interrupt remapping needs the IOAPIC emulated by QEMU. */
	if (m->iommu == MACHINE_IOMMU_INTEL)
		g_string_append(out, "    <ioapic driver='qemu'/>\n");
	g_string_append(out, "  </features>\n  <devices>\n");
	if (run)
		run_devices(out, run);
	g_string_append(out,
			/* Nothing libvirt would add by itself on the PCI bus. */
			"    <controller type='usb' model='none'/>\n"
			"    <memballoon model='none'/>\n"
			"    <controller type='pci' index='0' model='pcie-root'/>\n");
}

/* The domain; with @run, what one run of it adds. */
static char *domain_xml(const struct machine *m, const char *name,
			const struct machine_run *run)
{
	GString *out = g_string_new(NULL);
	g_autofree int *index = controller_indexes(m);
	GString *cmdline = g_string_new(NULL);
	GString *override = g_string_new(NULL);

	head(out, m, name, run);
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
			g_autofree char *log = run && d->is_lu_dma ?
					       lu_dma_log_chardev(cmdline, run, d) : NULL;

			arg = endpoint_json(m, d, log);
			qemu_arg(cmdline, "-device");
			qemu_arg(cmdline, arg);
		}
	}
	if (run)
		run_args(cmdline, run);
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

char *libvirt_domain_xml(const struct machine *m)
{
	g_autofree char *name = g_strdup_printf("lutb-%s", m->name);

	return domain_xml(m, name, NULL);
}

char *libvirt_run_xml(const struct machine *m, const char *name,
		      const struct machine_run *run)
{
	return domain_xml(m, name, run);
}
