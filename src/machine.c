// SPDX-License-Identifier: GPL-2.0-only
#include "machine.h"

struct machine *machine_default(void)
{
	struct machine *m = g_new0(struct machine, 1);

	m->name = "default";
	m->memory_mib = 1024;
	m->cpus = 1;
	m->devices = g_ptr_array_new_with_free_func(g_free);
	/* Names follow the fabric, so QMP and logs speak of sw0.dp1. */
	g_ptr_array_add(m->devices, g_strdup(
		"pcie-root-port,id=rp0,bus=pcie.0,addr=0x2,chassis=1,slot=0"));
	g_ptr_array_add(m->devices, g_strdup("x3130-upstream,id=sw0,bus=rp0"));
	g_ptr_array_add(m->devices, g_strdup(
		"xio3130-downstream,id=sw0.dp0,bus=sw0,chassis=2,slot=0"));
	g_ptr_array_add(m->devices, g_strdup(
		"xio3130-downstream,id=sw0.dp1,bus=sw0,chassis=3,slot=0"));
	g_ptr_array_add(m->devices, g_strdup("edu,id=edu0,bus=sw0.dp0"));
	return m;
}

void machine_free(struct machine *m)
{
	if (!m)
		return;
	g_ptr_array_unref(m->devices);
	g_free(m);
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

GStrv machine_qemu_argv(const struct machine *m, const struct machine_run *run)
{
	GPtrArray *argv = g_ptr_array_new();
	guint i;

	add(argv, run->qemu, NULL);
	add(argv, "-machine", "q35");
	add(argv, "-accel", run->accel == ACCEL_KVM ? "kvm" : "tcg");
	addf(argv, "-m", "%uM", m->memory_mib);
	addf(argv, "-smp", "%u", m->cpus);
	/* Nothing implicit: every PCI function on the bus is one we asked for. */
	add(argv, "-nodefaults", NULL);
	add(argv, "-display", "none");
	/* A guest reboot or triple fault ends the run instead of looping. */
	add(argv, "-no-reboot", NULL);
	for (i = 0; run->firmware_dirs && run->firmware_dirs[i]; i++)
		add(argv, "-L", run->firmware_dirs[i]);
	addf(argv, "-chardev", "file,id=console,path=%s", run->console_log);
	add(argv, "-serial", "chardev:console");
	addf(argv, "-chardev", "file,id=report,path=%s", run->report_log);
	add(argv, "-serial", "chardev:report");
	/* Start paused and wait for us, so QMP sees every event. */
	add(argv, "-S", NULL);
	addf(argv, "-qmp", "unix:%s,server=on,wait=on", run->qmp_socket);
	/* pvpanic turns a guest panic into a GUEST_PANICKED event. */
	add(argv, "-device", "pvpanic");
	add(argv, "-action", "panic=pause");
	for (i = 0; i < m->devices->len; i++)
		add(argv, "-device", g_ptr_array_index(m->devices, i));
	add(argv, "-kernel", run->kernel);
	add(argv, "-initrd", run->initrd);
	add(argv, "-append", run->cmdline);
	g_ptr_array_add(argv, NULL);
	return (GStrv)g_ptr_array_free(argv, FALSE);
}
