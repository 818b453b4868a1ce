// SPDX-License-Identifier: GPL-2.0-only
#include "machine_model.h"

#include "rundir.h"

static void prop_free(gpointer data)
{
	struct machine_prop *p = data;

	g_free(p->key);
	g_free(p->value);
	g_free(p);
}

static void device_free(gpointer data)
{
	struct machine_device *d = data;

	g_free(d->path);
	g_free(d->qemu_id);
	g_free(d->driver);
	g_free(d->device_arg);
	g_ptr_array_unref(d->props);
	g_free(d);
}

struct machine_device *machine_device_new(void)
{
	struct machine_device *d = g_new0(struct machine_device, 1);

	d->parent = -1;
	d->chassis = d->slot = -1;
	d->bus_reserve = -1;
	d->hotplug = -1;
	d->bus = d->secondary = d->subordinate = -1;
	d->props = g_ptr_array_new_with_free_func(prop_free);
	return d;
}

struct machine *machine_new(const char *name)
{
	struct machine *m = g_new0(struct machine, 1);

	m->name = g_strdup(name);
	m->memory_mib = 1024;
	m->cpus = 1;
	m->devices = g_ptr_array_new_with_free_func(device_free);
	return m;
}

void machine_free(struct machine *m)
{
	if (!m)
		return;
	g_free(m->name);
	g_free(m->description);
	g_ptr_array_unref(m->devices);
	g_free(m);
}

const char *machine_iommu_name(enum machine_iommu iommu)
{
	static const char *const names[] = {
		[MACHINE_IOMMU_NONE] = "none",
		[MACHINE_IOMMU_INTEL] = "intel",
		[MACHINE_IOMMU_VIRTIO] = "virtio",
	};
	return names[iommu];
}

const char *machine_device_bus(const struct machine *m,
			       const struct machine_device *d)
{
	const struct machine_device *up;

	if (d->parent < 0)
		return "pcie.0";
	up = g_ptr_array_index(m->devices, d->parent);
	return up->qemu_id;
}

char *machine_lu_dma_log(const char *run_dir, const struct machine_device *d)
{
	g_autofree char *file = rundir_ludma_log(d->qemu_id);

	return g_build_filename(run_dir, file, NULL);
}

static void add(GPtrArray *argv, const char *opt, const char *value)
{
	g_ptr_array_add(argv, g_strdup(opt));
	if (value)
		g_ptr_array_add(argv, g_strdup(value));
}

static void addf(GPtrArray *argv, const char *opt, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);

static void addf(GPtrArray *argv, const char *opt, const char *fmt, ...)
{
	va_list ap;

	g_ptr_array_add(argv, g_strdup(opt));
	va_start(ap, fmt);
	g_ptr_array_add(argv, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

char *machine_escape_commas(const char *s)
{
	g_auto(GStrv) parts = NULL;

	if (!s)
		return NULL;
	parts = g_strsplit(s, ",", -1);

	return g_strjoinv(",,", parts);
}

char *machine_libvirt_alias(const char *qemu_id)
{
	char *alias = g_strconcat("ua-", qemu_id, NULL);

	return g_strdelimit(alias, ".", '-');
}

char *machine_device_arg(const struct machine *m, const struct machine_device *d)
{
	GString *s = g_string_new(d->driver);

	g_string_append_printf(s, ",id=%s,bus=%s,addr=%02x.%x", d->qemu_id,
			       machine_device_bus(m, d), d->dev, d->fn);
	if (d->multifunction)
		g_string_append(s, ",multifunction=on");
	if (d->chassis >= 0)
		g_string_append_printf(s, ",chassis=%d,slot=%d", d->chassis, d->slot);
	if (d->hotplug >= 0)
		g_string_append_printf(s, ",hotplug=%s", d->hotplug ? "on" : "off");
	if (d->bus_reserve >= 0)
		g_string_append_printf(s, ",bus-reserve=%d", d->bus_reserve);
	for (guint i = 0; i < d->props->len; i++) {
		const struct machine_prop *p = g_ptr_array_index(d->props, i);
		g_autofree char *value = machine_escape_commas(p->value);

		g_string_append_printf(s, ",%s=%s", p->key, value);
	}
	return g_string_free(s, FALSE);
}

void machine_append_args(const struct machine *m, GPtrArray *argv,
			 const char *run_dir, gboolean append_logs)
{
	/* Interrupt remapping needs the IOAPIC in QEMU, not in KVM. */
	add(argv, "-machine", m->iommu == MACHINE_IOMMU_INTEL ?
			      "q35,kernel-irqchip=split" : "q35");
	addf(argv, "-m", "%uM", m->memory_mib);
	addf(argv, "-smp", "%u", m->cpus);
	/* Before any PCI device, so that every one is behind it. */
	if (m->iommu == MACHINE_IOMMU_INTEL)
		add(argv, "-device", "intel-iommu,intremap=on");
	for (guint i = 0; i < m->devices->len; i++) {
		const struct machine_device *d = g_ptr_array_index(m->devices, i);
		g_autofree char *log = NULL, *quoted = NULL;

		if (!d->is_lu_dma || !run_dir) {
			add(argv, "-device", d->device_arg);
			continue;
		}
		log = machine_lu_dma_log(run_dir, d);
		quoted = machine_escape_commas(log);
		addf(argv, "-chardev", "file,id=%s-log,path=%s%s", d->qemu_id, quoted,
		     append_logs ? ",append=on" : "");
		addf(argv, "-device", "%s,log=%s-log", d->device_arg, d->qemu_id);
	}
}

GStrv machine_qemu_argv(const struct machine *m, const struct machine_run *run)
{
	GPtrArray *argv = g_ptr_array_new();
	g_autofree char *console = NULL, *report = NULL, *qmp = NULL;
	guint i;

	add(argv, run->qemu, NULL);
	add(argv, "-accel", run->accel == ACCEL_KVM ? "kvm" : "tcg");
	/* Nothing implicit: every PCI function on the bus is one we asked for. */
	add(argv, "-nodefaults", NULL);
	add(argv, "-display", "none");
	/* A guest reboot or triple fault ends the run instead of looping. */
	add(argv, "-no-reboot", NULL);
	for (i = 0; run->firmware_dirs && run->firmware_dirs[i]; i++)
		add(argv, "-L", run->firmware_dirs[i]);
	/* Every path inside an option value goes through machine_escape_commas(). */
	console = machine_escape_commas(run->console_log);
	report = machine_escape_commas(run->report_socket);
	qmp = machine_escape_commas(run->qmp_socket);
	addf(argv, "-chardev", "file,id=console,path=%s%s", console,
	     run->incoming ? ",append=on" : "");
	add(argv, "-serial", "chardev:console");
	if (report) {
		/* Served to lutb, which answers each line (run/agent_port.h). */
		addf(argv, "-chardev", "socket,id=report,path=%s,server=on,wait=off", report);
		add(argv, "-serial", "chardev:report");
	}
	if (qmp) {
		/* Start paused and wait for us, so QMP sees every event. */
		add(argv, "-S", NULL);
		addf(argv, "-chardev", "socket,id=qmp,path=%s,server=on,wait=on", qmp);
		add(argv, "-mon", "chardev=qmp,mode=control");
	}
	/* pvpanic turns a guest panic into a GUEST_PANICKED event. */
	add(argv, "-device", "pvpanic");
	add(argv, "-action", "panic=pause");
	machine_append_args(m, argv, run->run_dir, run->incoming != NULL);
	if (run->kernel) {
		add(argv, "-kernel", run->kernel);
		if (run->initrd)
			add(argv, "-initrd", run->initrd);
		add(argv, "-append", run->cmdline);
	}
	/* The same machine and kernel the state was saved from; the state
	 * comes over QMP (migrate-incoming), with the capabilities it was
	 * saved with. */
	if (run->incoming)
		add(argv, "-incoming", "defer");
	g_ptr_array_add(argv, NULL);
	return (GStrv)g_ptr_array_free(argv, FALSE);
}
