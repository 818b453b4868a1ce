// SPDX-License-Identifier: GPL-2.0-only
#include "accel.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <unistd.h>

#define PROBE_BIOS_SIZE 0x10000
#define PROBE_TIMEOUT_MS 3000
#define DEBUG_EXIT_PORT 0xf4
/* isa-debug-exit makes QEMU exit with (value << 1) | 1. */
#define PROBE_EXIT_STATUS ((1 << 1) | 1)

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

/* Reset vector at F000:FFF0: mov al,1; out 0xf4,al; hlt; jmp $-1. */
static gboolean write_probe_bios(const char *path, GError **error)
{
	static const guint8 code[] = { 0xb0, 0x01, 0xe6, DEBUG_EXIT_PORT,
				       0xf4, 0xeb, 0xfd };
	g_autofree guint8 *bios = g_malloc0(PROBE_BIOS_SIZE);

	memcpy(bios + PROBE_BIOS_SIZE - 16, code, sizeof(code));
	return g_file_set_contents(path, (const char *)bios, PROBE_BIOS_SIZE,
				   error);
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

static gboolean kvm_runs_a_guest(const char *qemu, const char *scratch_dir,
				 char **why)
{
	g_autofree char *bios = g_build_filename(scratch_dir, "kvm-probe.bin", NULL);
	g_autoptr(GError) err = NULL;
	g_autoptr(GSubprocess) proc = NULL;
	int fd;

	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		*why = g_strdup("/dev/kvm cannot be opened");
		return FALSE;
	}
	close(fd);
	if (!write_probe_bios(bios, &err)) {
		*why = g_strdup(err->message);
		return FALSE;
	}
	proc = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
				G_SUBPROCESS_FLAGS_STDERR_SILENCE, &err,
				qemu, "-machine", "q35", "-accel", "kvm",
				"-nodefaults", "-display", "none", "-bios", bios,
				"-device", "isa-debug-exit,iobase=0xf4,iosize=4",
				NULL);
	if (!proc) {
		*why = g_strdup(err->message);
		return FALSE;
	}
	if (wait_or_kill(proc, PROBE_TIMEOUT_MS))
		*why = g_strdup_printf("a KVM guest did not finish within %d ms",
				       PROBE_TIMEOUT_MS);
	else if (g_subprocess_get_if_exited(proc) &&
		 g_subprocess_get_exit_status(proc) == PROBE_EXIT_STATUS)
		return TRUE;
	else
		*why = g_strdup("a KVM guest did not reach the probe's exit port");
	return FALSE;
}

enum accel accel_resolve(enum accel requested, const char *qemu,
			 const char *scratch_dir, char **why)
{
	*why = NULL;
	if (requested != ACCEL_AUTO)
		return requested;
	return kvm_runs_a_guest(qemu, scratch_dir, why) ? ACCEL_KVM : ACCEL_TCG;
}
