// SPDX-License-Identifier: GPL-2.0-only
#include "accel.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#define PROBE_TIMEOUT_MS 10000

gboolean accel_parse(const char *text, enum accel *out)
{
	if (g_str_equal(text, "auto"))
		*out = ACCEL_AUTO;
	else if (g_str_equal(text, "kvm"))
		*out = ACCEL_KVM;
	else if (g_str_equal(text, "tcg"))
		*out = ACCEL_TCG;
	else
		return FALSE;
	return TRUE;
}

const char *accel_name(enum accel a)
{
	return a == ACCEL_KVM ? "kvm" : a == ACCEL_TCG ? "tcg" : "auto";
}

static gboolean on_probe_timeout(gpointer data)
{
	g_subprocess_force_exit(G_SUBPROCESS(data));
	return G_SOURCE_REMOVE;
}

static void on_probe_exit(GObject *source, GAsyncResult *res, gpointer data)
{
	g_subprocess_wait_finish(G_SUBPROCESS(source), res, NULL);
	*(gboolean *)data = TRUE;
}

/* Waits for @proc, killing it after @timeout_ms; TRUE if it was killed. */
static gboolean wait_or_kill(GSubprocess *proc, guint timeout_ms)
{
	GMainContext *ctx = g_main_context_new();
	GSource *timer = g_timeout_source_new(timeout_ms);
	gboolean exited = FALSE;
	gboolean killed;

	g_main_context_push_thread_default(ctx);
	g_source_set_callback(timer, on_probe_timeout, proc, NULL);
	g_source_attach(timer, ctx);
	g_subprocess_wait_async(proc, NULL, on_probe_exit, &exited);
	while (!exited)
		g_main_context_iteration(ctx, TRUE);
	killed = g_source_is_destroyed(timer);
	g_source_destroy(timer);
	g_source_unref(timer);
	g_main_context_pop_thread_default(ctx);
	g_main_context_unref(ctx);
	return killed;
}

/* The probe boots the run's own kind of machine, built the run's way. */
static GStrv probe_argv(const struct accel_probe *p, const char *console)
{
	g_autoptr(machine) m = machine_new("kvm-probe");
	const struct machine_run run = {
		.qemu = p->qemu,
		.firmware_dirs = p->firmware_dirs,
		.kernel = p->kernel,
		.cmdline = "console=ttyS0 panic=-1",
		.console_log = console,
		.accel = ACCEL_KVM,
	};

	m->memory_mib = 256;
	return machine_qemu_argv(m, &run);
}

static gboolean kvm_boots_linux(const struct accel_probe *p, char **why)
{
	g_autofree char *console = g_build_filename(p->scratch_dir,
						    "kvm-probe-console.log", NULL);
	g_autofree char *text = NULL;
	g_autoptr(GError) err = NULL;
	g_autoptr(GSubprocess) proc = NULL;
	g_auto(GStrv) argv = NULL;
	gboolean killed;
	int fd;

	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		*why = g_strdup_printf("/dev/kvm: %s", g_strerror(errno));
		return FALSE;
	}
	close(fd);
	argv = probe_argv(p, console);
	proc = g_subprocess_newv((const char *const *)argv,
				 G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
				 G_SUBPROCESS_FLAGS_STDERR_SILENCE, &err);
	if (!proc) {
		*why = g_strdup(err->message);
		return FALSE;
	}
	killed = wait_or_kill(proc, PROBE_TIMEOUT_MS);
	g_file_get_contents(console, &text, NULL, NULL);
	if (!killed && text && strstr(text, "Linux version"))
		return TRUE;
	*why = g_strdup_printf("a KVM guest %s (probe console: %s)",
			       killed ? "hung" : "did not boot Linux", console);
	return FALSE;
}

/* One answer per host kernel, QEMU build and guest kernel. */
static char *cache_file(const struct accel_probe *p)
{
	g_autofree char *qemu = realpath(p->qemu, NULL);
	g_autofree char *kernel = realpath(p->kernel, NULL);
	g_autofree char *key_text = NULL;
	g_autofree char *key = NULL;
	struct utsname uts;

	if (!p->cache_dir || !qemu || !kernel)
		return NULL;
	uname(&uts);
	key_text = g_strjoin("\n", uts.release, uts.version, qemu, kernel, NULL);
	key = g_compute_checksum_for_string(G_CHECKSUM_SHA256, key_text, -1);
	key[16] = '\0';
	return g_strdup_printf("%s/%s", p->cache_dir, key);
}

enum accel accel_resolve(enum accel requested, const struct accel_probe *p,
			 char **why)
{
	g_autofree char *cached = NULL;
	g_autofree char *file = NULL;
	gboolean kvm;

	*why = NULL;
	if (requested != ACCEL_AUTO)
		return requested;
	file = cache_file(p);
	if (file && g_file_get_contents(file, &cached, NULL, NULL)) {
		if (g_str_has_prefix(cached, "kvm"))
			return ACCEL_KVM;
		*why = g_strdup_printf("%s (cached in %s)",
				       g_strstrip(cached + strlen("tcg")), file);
		return ACCEL_TCG;
	}
	kvm = kvm_boots_linux(p, why);
	if (file) {
		g_autofree char *answer = g_strdup_printf("%s %s\n", kvm ? "kvm" : "tcg",
							  *why ? *why : "");

		g_mkdir_with_parents(p->cache_dir, 0755);
		g_file_set_contents(file, answer, -1, NULL);
	}
	return kvm ? ACCEL_KVM : ACCEL_TCG;
}
