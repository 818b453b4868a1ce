// SPDX-License-Identifier: GPL-2.0-only
#include "vm_private.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <signal.h>

struct vm_libvirt {
	virConnectPtr conn;
	virDomainPtr dom;
	char *log;
	int callback;		/* lifecycle event callback id, or -1 */
	/* Written by libvirt's event thread, read from the main loop. */
	gint stopped;		/* a STOPPED event came */
	gint stop_detail;	/* its virDomainEventStoppedDetailType */
};

/* libvirt delivers events from a loop of its own, run on its own thread. */
static gpointer event_loop(gpointer data)
{
	(void)data;
	for (;;)
		virEventRunDefaultImpl();
	return NULL;
}

static void start_event_loop(void)
{
	static gsize started;

	if (g_once_init_enter(&started)) {
		virEventRegisterDefaultImpl();
		g_thread_unref(g_thread_new("libvirt-events", event_loop, NULL));
		g_once_init_leave(&started, 1);
	}
}

static gboolean report_gone(gpointer data)
{
	struct vm *vm = data;

	if (vm->gone)
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

static void append_log(struct vm_libvirt *lv, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

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

static const char *last_error(void)
{
	virErrorPtr e = virGetLastError();

	return e && e->message ? e->message : "unknown libvirt error";
}

static gboolean libvirt_alive(struct vm *vm)
{
	return vm->libvirt->dom && !g_atomic_int_get(&vm->libvirt->stopped) &&
	       virDomainIsActive(vm->libvirt->dom) == 1;
}

static void libvirt_stop(struct vm *vm)
{
	if (virDomainDestroyFlags(vm->libvirt->dom, VIR_DOMAIN_DESTROY_GRACEFUL) < 0)
		append_log(vm->libvirt, "graceful destroy: %s", last_error());
}

static void libvirt_kill(struct vm *vm)
{
	if (libvirt_alive(vm) && virDomainDestroy(vm->libvirt->dom) < 0)
		append_log(vm->libvirt, "destroy: %s", last_error());
}

static void libvirt_watch(struct vm *vm)
{
	/* Gone before anyone watched: say so from the main loop all the same. */
	if (!libvirt_alive(vm) &&
	    g_atomic_int_compare_and_exchange(&vm->libvirt->stopped, 0, 1))
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

struct vm *vm_libvirt_create(const char *uri, const char *xml, const char *log,
			     GError **error)
{
	struct vm *vm = g_new0(struct vm, 1);
	struct vm_libvirt *lv = g_new0(struct vm_libvirt, 1);

	vm->ops = &libvirt_ops;
	vm->libvirt = lv;
	lv->log = g_strdup(log);
	lv->callback = -1;
	start_event_loop();
	lv->conn = virConnectOpen(uri);
	if (!lv->conn) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "libvirt %s: %s", uri,
			    last_error());
		goto fail;
	}
	/* Paused until lutb's QMP says go; gone when this connection closes. */
	lv->dom = virDomainCreateXML(lv->conn, xml,
				     VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_AUTODESTROY);
	if (!lv->dom) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "libvirt %s refused the domain: %s",
			    uri, last_error());
		goto fail;
	}
	lv->callback = virConnectDomainEventRegisterAny(lv->conn, lv->dom,
		VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), vm, NULL);
	append_log(lv, "QEMU runs as libvirt domain %s on %s; its own log is on that host",
		   virDomainGetName(lv->dom), uri);
	return vm;
fail:
	append_log(lv, "%s", (*error)->message);
	vm_free(vm);
	return NULL;
}
