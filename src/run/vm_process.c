// SPDX-License-Identifier: GPL-2.0-only
#include "vm_private.h"

#include <gio/gio.h>
#include <signal.h>

static gboolean process_alive(struct vm *vm)
{
	return g_subprocess_get_identifier(vm->process) != NULL;
}

static void process_stop(struct vm *vm)
{
	g_subprocess_send_signal(vm->process, SIGTERM);
}

static void process_kill(struct vm *vm)
{
	g_subprocess_force_exit(vm->process);
}

static void on_process_exit(GObject *source, GAsyncResult *res, gpointer data)
{
	struct vm *vm = data;

	g_subprocess_wait_finish(G_SUBPROCESS(source), res, NULL);
	vm->gone(vm->gone_opaque);
}

static void process_watch(struct vm *vm)
{
	g_subprocess_wait_async(vm->process, NULL, on_process_exit, vm);
}

static void process_wait(struct vm *vm)
{
	g_subprocess_wait(vm->process, NULL, NULL);
}

static void process_result(struct vm *vm, struct run_result *result)
{
	result->exited = g_subprocess_get_if_exited(vm->process);
	if (result->exited)
		result->exit_status = g_subprocess_get_exit_status(vm->process);
	else
		result->term_signal = g_subprocess_get_term_sig(vm->process);
}

static void process_free(struct vm *vm)
{
	g_clear_object(&vm->process);
}

static const struct vm_ops process_ops = {
	.alive = process_alive,
	.stop = process_stop,
	.kill = process_kill,
	.watch = process_watch,
	.wait = process_wait,
	.result = process_result,
	.free = process_free,
};

struct vm *vm_spawn(GStrv argv, const char *log, GError **error)
{
	g_autoptr(GSubprocessLauncher) launcher = NULL;
	GSubprocess *process;
	struct vm *vm;

	launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDIN_INHERIT |
					     G_SUBPROCESS_FLAGS_STDERR_MERGE);
	g_subprocess_launcher_set_stdout_file_path(launcher, log);
	process = g_subprocess_launcher_spawnv(launcher, (const char *const *)argv, error);
	if (!process)
		return NULL;
	vm = g_new0(struct vm, 1);
	vm->ops = &process_ops;
	vm->process = process;
	return vm;
}
