// SPDX-License-Identifier: GPL-2.0-only
#include "vm_private.h"

#include <libvirt/libvirt.h>
#include <signal.h>

#include "libvirt_error.h"
#include "libvirt_events.h"
#include "libvirt_qmp.h"
#include "libvirt_serial.h"
#include "libvirt_staging.h"

/* How long the console may lag behind the domain's end. */
#define SERIAL_END_TIMEOUT_US (5 * G_USEC_PER_SEC)

struct vm_libvirt {
	virConnectPtr conn;
	virDomainPtr dom;
	char *log;
	int callback;		/* lifecycle event callback id, or -1 */
	/* Written by libvirt's event thread, read from the main loop. */
	gint stopped;		/* a STOPPED event came */
	gint stop_detail;	/* its virDomainEventStoppedDetailType */
	gboolean unreported;	/* it stopped before anyone watched */
	struct libvirt_staging *staging;
	struct libvirt_serial *console, *agent;
	struct libvirt_qmp *qmp;
	GPtrArray *logs;	/* lu-dma log file names, on the host and here */
	char *run_dir;
};

static void append_log(struct vm_libvirt *lv, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* What QEMU wrote on the host comes here once the serial ports are done. */
static void fetch_output(struct vm_libvirt *lv)
{
	gint64 deadline = g_get_monotonic_time() + SERIAL_END_TIMEOUT_US;

	while (!(libvirt_serial_ended(lv->console) && libvirt_serial_ended(lv->agent)) &&
	       g_get_monotonic_time() < deadline)
		g_usleep(10000);
	if (!libvirt_serial_ended(lv->console) || !libvirt_serial_ended(lv->agent))
		append_log(lv, "a serial port's stream did not end with the domain; its output may be cut short");
	for (guint i = 0; i < lv->logs->len; i++) {
		const char *name = g_ptr_array_index(lv->logs, i);
		g_autofree char *local = g_build_filename(lv->run_dir, name, NULL);
		g_autoptr(GError) error = NULL;

		if (!libvirt_staging_download(lv->staging, name, local, &error))
			append_log(lv, "%s", error->message);
	}
}

static gboolean report_gone(gpointer data)
{
	struct vm *vm = data;

	if (!vm->gone) {
		vm->libvirt->unreported = TRUE;	/* libvirt_watch() will */
		return G_SOURCE_REMOVE;
	}
	fetch_output(vm->libvirt);
	vm->gone(vm->gone_opaque);
	return G_SOURCE_REMOVE;
}

static int on_lifecycle(virConnectPtr conn, virDomainPtr dom, int event,
			int detail, void *opaque)
{
	struct vm *vm = opaque;

	(void)conn;
	(void)dom;
	if (event != VIR_DOMAIN_EVENT_STOPPED)
		return 0;
	g_atomic_int_set(&vm->libvirt->stop_detail, detail);
	if (g_atomic_int_compare_and_exchange(&vm->libvirt->stopped, 0, 1))
		g_idle_add(report_gone, vm);
	return 0;
}

static void append_log(struct vm_libvirt *lv, const char *fmt, ...)
{
	g_autofree char *line = NULL;
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	line = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	f = fopen(lv->log, "a");
	if (f) {
		fprintf(f, "lutb: %s\n", line);
		fclose(f);
	}
}

static gboolean libvirt_alive(struct vm *vm)
{
	return vm->libvirt->dom && !g_atomic_int_get(&vm->libvirt->stopped) &&
	       virDomainIsActive(vm->libvirt->dom) == 1;
}

static void libvirt_stop(struct vm *vm)
{
	if (virDomainDestroyFlags(vm->libvirt->dom, VIR_DOMAIN_DESTROY_GRACEFUL) < 0)
		append_log(vm->libvirt, "graceful destroy: %s", libvirt_last_error());
}

static void libvirt_kill(struct vm *vm)
{
	if (libvirt_alive(vm) && virDomainDestroy(vm->libvirt->dom) < 0)
		append_log(vm->libvirt, "destroy: %s", libvirt_last_error());
}

static void libvirt_watch(struct vm *vm)
{
	/* Gone before anyone watched: say so from the main loop all the same. */
	if (vm->libvirt->unreported ||
	    (!libvirt_alive(vm) &&
	     g_atomic_int_compare_and_exchange(&vm->libvirt->stopped, 0, 1)))
		g_idle_add(report_gone, vm);
}

static void libvirt_wait(struct vm *vm)
{
	while (libvirt_alive(vm))
		g_usleep(20000);
}

static void libvirt_result(struct vm *vm, struct run_result *result)
{
	int detail = g_atomic_int_get(&vm->libvirt->stop_detail);

	/* The guest powered off (or lutb's QMP quit): QEMU exited by itself. */
	result->exited = detail == VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN;
	if (result->exited)
		result->exit_status = 0;
	else
		result->term_signal = detail == VIR_DOMAIN_EVENT_STOPPED_DESTROYED ?
				      SIGTERM : SIGKILL;
	append_log(vm->libvirt, "domain stopped (libvirt's reason %d)", detail);
}

static void libvirt_free(struct vm *vm)
{
	struct vm_libvirt *lv = vm->libvirt;

	libvirt_kill(vm);
	if (lv->callback >= 0)
		virConnectDomainEventDeregisterAny(lv->conn, lv->callback);
	libvirt_events_sync();
	g_idle_remove_by_data(vm);
	libvirt_qmp_free(lv->qmp);
	libvirt_serial_free(lv->agent);
	libvirt_serial_free(lv->console);
	libvirt_staging_free(lv->staging);
	if (lv->logs)
		g_ptr_array_free(lv->logs, TRUE);
	g_free(lv->run_dir);
	if (lv->dom)
		virDomainFree(lv->dom);
	if (lv->conn)
		virConnectClose(lv->conn);
	g_free(lv->log);
	g_free(lv);
}

static const struct vm_ops libvirt_ops = {
	.alive = libvirt_alive,
	.stop = libvirt_stop,
	.kill = libvirt_kill,
	.watch = libvirt_watch,
	.wait = libvirt_wait,
	.result = libvirt_result,
	.free = libvirt_free,
};

/*
 * The run's files on the host: its kernel and initramfs copied there, an
 * empty log for each lu-dma; @host gets their paths there.
 */
static gboolean stage_files(struct vm_libvirt *lv, const struct machine *m,
			    const struct machine_run *run, const char *name,
			    struct machine_run *host, char **host_kernel,
			    char **host_initrd, GError **error)
{
	lv->staging = libvirt_staging_open(lv->conn, name, error);
	if (!lv->staging)
		return FALSE;
	*host_kernel = libvirt_staging_upload(lv->staging, run->kernel, "kernel", error);
	if (!*host_kernel)
		return FALSE;
	*host_initrd = libvirt_staging_upload(lv->staging, run->initrd, "initrd", error);
	if (!*host_initrd)
		return FALSE;
	for (guint i = 0; i < m->devices->len; i++) {
		const struct machine_device *d = g_ptr_array_index(m->devices, i);
		char *file;

		if (!d->is_lu_dma)
			continue;
		file = rundir_ludma_log(d->qemu_id);
		g_ptr_array_add(lv->logs, file);
		if (!libvirt_staging_create(lv->staging, file, error))
			return FALSE;
	}
	*host = *run;
	host->kernel = *host_kernel;
	host->initrd = *host_initrd;
	return TRUE;
}

/* The run's files and what lutb connects to, reached through libvirt. */
static gboolean connect_run(struct vm_libvirt *lv, const struct machine_run *run,
			    GError **error)
{
	lv->console = libvirt_serial_to_file(lv->dom, LIBVIRT_ALIAS_CONSOLE, run->console_log,
					     error);
	if (lv->console)
		lv->agent = libvirt_serial_to_socket(lv->dom, LIBVIRT_ALIAS_AGENT,
						     run->report_socket, error);
	if (lv->agent)
		lv->qmp = libvirt_qmp_serve(lv->dom, run->qmp_socket, error);
	return lv->qmp != NULL;
}

struct vm *vm_libvirt_create(const char *uri, const char *name, const struct machine *m,
			     const struct machine_run *run, const char *xml_copy,
			     const char *log, GError **error)
{
	struct vm *vm = g_new0(struct vm, 1);
	struct vm_libvirt *lv = g_new0(struct vm_libvirt, 1);
	g_autofree char *host_kernel = NULL, *host_initrd = NULL, *host_dir = NULL;
	g_autofree char *xml = NULL;
	g_autofree char *prefix = g_strconcat(name, "-", NULL);
	struct machine_run host;

	vm->ops = &libvirt_ops;
	vm->libvirt = lv;
	lv->log = g_strdup(log);
	lv->callback = -1;
	lv->logs = g_ptr_array_new_with_free_func(g_free);
	lv->run_dir = g_strdup(run->run_dir);
	libvirt_events_start();
	lv->conn = virConnectOpen(uri);
	if (!lv->conn) {
		libvirt_set_error(error, "libvirt %s", uri);
		goto fail;
	}
	if (!stage_files(lv, m, run, name, &host, &host_kernel, &host_initrd, error))
		goto fail;
	/* The logs are made beside the uploads, named as the pool names them. */
	host_dir = g_path_get_dirname(host_kernel);
	host.run_dir = host_dir;
	host.log_prefix = prefix;
	xml = libvirt_run_xml(m, name, &host);
	g_file_set_contents(xml_copy, xml, -1, NULL);
	/* Paused until lutb's QMP says go; gone when this connection closes. */
	lv->dom = virDomainCreateXML(lv->conn, xml,
				     VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_AUTODESTROY);
	if (!lv->dom) {
		libvirt_set_error(error, "libvirt %s refused the domain", uri);
		goto fail;
	}
	lv->callback = virConnectDomainEventRegisterAny(lv->conn, lv->dom,
		VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), vm, NULL);
	if (!connect_run(lv, run, error))
		goto fail;
	append_log(lv, "QEMU runs as libvirt domain %s on %s; its own log is on that host",
		   virDomainGetName(lv->dom), uri);
	return vm;
fail:
	append_log(lv, "%s", (*error)->message);
	vm_free(vm);
	return NULL;
}
