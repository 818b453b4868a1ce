// SPDX-License-Identifier: GPL-2.0-only
#include "saved_vm.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_digest.h"
#include "initrd.h"
#include "machine.h"
#include "saved_vm_cache.h"
#include "selftests.h"

/* Bump when what a saved VM holds changes in a way its key does not see. */
#define SAVED_VM_FORMAT "lutb saved VM 3"
#define FORK_POINT_MARK "etc/lutb/fork-point"
#define KERNELS_DIR "boot/kernels"
#define SAVED_STATE "vm.state"

void saved_vm_free(struct saved_vm *vm)
{
	if (!vm)
		return;
	g_free(vm->key);
	g_free(vm->dir);
	g_free(vm->initrd);
	g_free(vm->state);
	if (vm->lock >= 0)
		close(vm->lock);
	g_free(vm);
}

/* A kernel's place in the initramfs: named by its content, so that one
 * kernel given by two paths is carried once and a rebuilt one is new. */
static char *kernel_guest_path(const char *host_path, GError **error)
{
	g_autofree char *sum = file_sha256(host_path, error);

	return sum ? g_strdup_printf("/" KERNELS_DIR "/%.16s", sum) : NULL;
}

static gboolean add_kernel(GPtrArray *files, GHashTable *seen, const char *path,
			   GError **error)
{
	g_autofree char *guest = kernel_guest_path(path, error);

	if (!guest)
		return FALSE;
	if (g_hash_table_add(seen, g_strdup(guest)))
		g_ptr_array_add(files, initrd_file_new(guest + 1, path, 0644));
	return TRUE;
}

/* Every selftest the manifest lists, whichever a run picks. */
static void add_selftests(GPtrArray *files, const char *dir)
{
	g_autofree char *manifest = g_build_filename(dir, SELFTEST_MANIFEST, NULL);
	g_autofree char *text = NULL;
	g_auto(GStrv) lines = NULL;

	if (!g_file_get_contents(manifest, &text, NULL, NULL))
		return;
	g_ptr_array_add(files, initrd_file_new(SELFTEST_GUEST_DIR "/" SELFTEST_MANIFEST,
					       manifest, 0644));
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i]; i++) {
		g_auto(GStrv) words = g_strsplit_set(lines[i], " \t", 2);
		g_autofree char *host = NULL, *guest = NULL;

		if (!words[0] || !*words[0] || words[0][0] == '#' || strchr(words[0], '/'))
			continue;
		host = g_build_filename(dir, words[0], NULL);
		guest = g_strdup_printf(SELFTEST_GUEST_DIR "/%s", words[0]);
		if (g_file_test(host, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(files, initrd_file_new(guest, host, 0755));
	}
}

/* What the saved VM's initramfs adds to the base one. */
static GPtrArray *initrd_files(const struct run_spec *spec, GError **error)
{
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(initrd_file_free);
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal,
							   g_free, NULL);

	for (guint i = 1; i < spec->n_gens; i++)
		if (!add_kernel(files, seen, spec->gens[i].kernel, error))
			return NULL;
	for (guint i = 0; spec->fork_kernels && spec->fork_kernels[i]; i++)
		if (g_file_test(spec->fork_kernels[i], G_FILE_TEST_IS_REGULAR) &&
		    !add_kernel(files, seen, spec->fork_kernels[i], error))
			return NULL;
	if (spec->selftest_dir)
		add_selftests(files, spec->selftest_dir);
	g_ptr_array_add(files, initrd_file_new_data(FORK_POINT_MARK, ""));
	return g_steal_pointer(&files);
}

/*
 * The initramfs named by what goes into it, so that a run whose saved VM
 * exists composes nothing: the base's and every file's content, place and
 * mode. A kernel's place already names its content.
 */
static gboolean hash_initrd(GChecksum *sum, const struct run_spec *spec, GPtrArray *files,
			    GError **error)
{
	g_autofree char *base = file_sha256(spec->base_initrd, error);

	if (!base)
		return FALSE;
	g_checksum_update(sum, (const guchar *)base, -1);
	for (guint i = 0; i < files->len; i++) {
		const struct initrd_file *f = g_ptr_array_index(files, i);
		g_autofree char *content = NULL;
		g_autofree char *entry = NULL;

		if (f->host_path && !g_str_has_prefix(f->guest_path, KERNELS_DIR "/") &&
		    !(content = file_sha256(f->host_path, error)))
			return FALSE;
		entry = g_strdup_printf("%s %o %s", f->guest_path, f->mode,
					content ? content : f->host_path ? "" : f->data);
		g_checksum_update(sum, (const guchar *)entry, (gssize)strlen(entry) + 1);
	}
	return TRUE;
}

/* Where the saved VM's files are: placeholders, the same for every key. */
static struct machine_run saved_machine_run(const struct run_spec *spec, const char *dir,
					    const char *initrd)
{
	return (struct machine_run){
		.qemu = spec->qemu,
		.firmware_dirs = spec->firmware_dirs,
		.kernel = spec->gens[0].kernel,
		.initrd = initrd,
		.cmdline = spec->gens[0].cmdline,
		.console_log = dir,
		.report_socket = dir,
		.qmp_socket = dir,
		.run_dir = dir,
		.accel = spec->accel,
	};
}

static char *saved_vm_key(const struct run_spec *spec, GPtrArray *initrd, GError **error)
{
	g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
	struct machine_run mr = saved_machine_run(spec, "@DIR@", "@INITRD@");
	g_auto(GStrv) argv = machine_qemu_argv(spec->machine, &mr);
	g_autofree char *qemu = g_canonicalize_filename(spec->qemu, NULL);
	g_autofree char *kernel_sum = file_sha256(spec->gens[0].kernel, error);
	g_autofree char *qemu_id = NULL;
	char *real;
	struct stat st;

	if (!kernel_sum)
		return NULL;
	real = realpath(spec->qemu, NULL);
	/* QEMU's build is cached by its inputs' hash, which its real path holds. */
	if (stat(spec->qemu, &st) == 0)
		qemu_id = g_strdup_printf("%s %lld %lld", real ? real : qemu,
					  (long long)st.st_size, (long long)st.st_mtime);
	free(real);
	g_checksum_update(sum, (const guchar *)SAVED_VM_FORMAT, -1);
	for (guint i = 0; argv[i]; i++)
		g_checksum_update(sum, (const guchar *)argv[i], (gssize)strlen(argv[i]) + 1);
	g_checksum_update(sum, (const guchar *)(qemu_id ? qemu_id : qemu), -1);
	g_checksum_update(sum, (const guchar *)kernel_sum, -1);
	if (!hash_initrd(sum, spec, initrd, error))
		return NULL;
	return g_strndup(g_checksum_get_string(sum), 16);
}

static gboolean was_saved(const struct run_result *result)
{
	for (guint i = 0; result->marks && i < result->marks->len; i++)
		if (g_str_equal(g_array_index(result->marks, struct run_mark, i).event,
				RUN_MARK_VM_SAVED))
			return TRUE;
	return FALSE;
}

/* Boots kernel A in @vm->dir until the agent's fork point and saves there. */
static gboolean boot_and_save(struct saved_vm *vm, const struct run_spec *spec,
			      GError **error)
{
	struct run_spec boot = *spec;
	struct run_result result;
	gboolean ok;

	boot.base_initrd = vm->initrd;
	boot.scenario = NULL;
	boot.hotplug = NULL;
	boot.selftests = NULL;
	boot.n_gens = 1;
	boot.out_dir = vm->dir;
	boot.fork_cache = NULL;
	boot.save_to = vm->state;
	fprintf(stderr, "lutb: booting kernel A once to save it at the fork point: %s\n",
		vm->dir);
	runner_run(&boot, &result);
	ok = was_saved(&result);
	if (!ok)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
			    "kernel A was not saved at the fork point (%s); see %s/%s and %s/%s",
			    result.setup_error ? result.setup_error :
			    result.end == RUN_END_TIMEOUT ? "timeout" : "the VM stopped first",
			    vm->dir, RUN_FILE_CONSOLE, vm->dir, RUN_FILE_QEMU_LOG);
	run_result_clear(&result);
	return ok;
}

/* Why QEMU would not save this machine, if it would not. */
static char *refused(const struct saved_vm *vm)
{
	g_autofree char *path = g_strconcat(vm->state, SAVED_VM_REFUSED_SUFFIX, NULL);
	char *why = NULL;

	g_file_get_contents(path, &why, NULL, NULL);
	return why;
}

/*
 * Boots and saves @vm under its exclusive lock. A machine QEMU will not
 * save is marked done all the same, with why (refused()), so that the
 * next run need not try.
 */
static gboolean fill(struct saved_vm *vm, const struct run_spec *spec, GPtrArray *files,
		     const char *done, GError **error)
{
	g_autofree char *why = NULL;
	gboolean saved;

	/* A half-made saved VM (a boot that failed or was killed) goes. */
	saved_vm_empty_dir(vm->dir);
	g_mkdir_with_parents(vm->dir, 0755);
	vm->booted = TRUE;
	saved = initrd_compose(spec->base_initrd, NULL, 0, NULL, NULL, files, vm->initrd,
			       error) &&
		boot_and_save(vm, spec, error);
	if (!saved && (why = refused(vm))) {
		g_clear_error(error);
		saved = TRUE;
	}
	if (saved && !g_file_set_contents(done, "", 0, error))
		return FALSE;
	return saved;
}

/*
 * Runs started from one saved VM hold its lock shared for as long as they
 * run, so that a pruner leaves it be; only a run that finds it missing
 * takes the lock exclusively, to boot it once for every run waiting.
 */
struct saved_vm *saved_vm_get(const struct run_spec *spec, GError **error)
{
	g_autoptr(GPtrArray) files = initrd_files(spec, error);
	g_autofree char *done = NULL, *why = NULL;
	struct saved_vm *vm;

	if (!files)
		return NULL;
	if (g_mkdir_with_parents(spec->fork_cache, 0755) != 0) {
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno), "%s: %s",
			    spec->fork_cache, g_strerror(errno));
		return NULL;
	}
	vm = g_new0(struct saved_vm, 1);
	vm->lock = -1;
	if (!(vm->key = saved_vm_key(spec, files, error))) {
		saved_vm_free(vm);
		return NULL;
	}
	vm->dir = g_build_filename(spec->fork_cache, vm->key, NULL);
	vm->initrd = g_build_filename(vm->dir, RUN_FILE_INITRD, NULL);
	vm->state = g_build_filename(vm->dir, SAVED_STATE, NULL);
	done = g_build_filename(vm->dir, SAVED_VM_DONE_MARK, NULL);
	for (;;) {
		if ((vm->lock = saved_vm_lock(spec->fork_cache, vm->key, error)) < 0) {
			saved_vm_free(vm);
			return NULL;
		}
		if (g_file_test(done, G_FILE_TEST_EXISTS))
			break;
		if (!saved_vm_lock_exclusive(vm->lock, spec->fork_cache, vm->key)) {
			close(vm->lock);
			continue;
		}
		if (!g_file_test(done, G_FILE_TEST_EXISTS) && !fill(vm, spec, files, done, error)) {
			if (error && !*error)
				g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno),
					    "%s: %s", vm->dir, g_strerror(errno));
			saved_vm_free(vm);
			return NULL;
		}
		break;
	}
	if ((why = refused(vm))) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
			    "QEMU cannot save this machine (%s)", why);
		saved_vm_free(vm);
		return NULL;
	}
	saved_vm_hold_shared(vm->lock, vm->dir);
	if (vm->booted) {
		guint64 budget = saved_vm_budget();
		guint gone = saved_vm_prune(spec->fork_cache, vm->key, budget);

		if (gone)
			fprintf(stderr, "lutb: removed %u saved VMs used longest ago, to keep %s "
				"under %" G_GUINT64_FORMAT " MiB\n", gone, spec->fork_cache,
				budget >> 20);
	}
	return vm;
}

static void add_file(json_t *files, const char *path, const char *data)
{
	json_array_append_new(files, json_pack("{s:s, s:s}", "path", path, "data", data));
}

char *saved_vm_run_files(const struct run_spec *spec, const char *host_waits,
			 GError **error)
{
	json_t *files = json_array(), *links = json_array();
	json_t *msg = json_pack("{s:o, s:o}", "files", files, "links", links);
	char *line;

	for (guint i = 1; i < spec->n_gens; i++) {
		g_autofree char *cmdline_path = g_strdup_printf("etc/lutb/cmdline-gen%u", i + 1);
		g_autofree char *kernel_path = g_strdup_printf("boot/kernel-gen%u", i + 1);
		g_autofree char *target = kernel_guest_path(spec->gens[i].kernel, error);

		if (!target) {
			json_decref(msg);
			return NULL;
		}
		add_file(files, cmdline_path, spec->gens[i].cmdline);
		json_array_append_new(links, json_pack("{s:s, s:s}", "path", kernel_path,
						       "target", target));
	}
	if (spec->scenario)
		add_file(files, "etc/lutb/scenario", spec->scenario);
	add_file(files, "etc/lutb/host-waits", host_waits);
	line = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	return line;
}

static gboolean copy_file(const char *from, const char *to, GError **error)
{
	g_autoptr(GFile) src = g_file_new_for_path(from);
	g_autoptr(GFile) dst = g_file_new_for_path(to);

	return g_file_copy(src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error);
}

gboolean saved_vm_copy_logs(const struct saved_vm *vm, const struct run_spec *spec,
			    GError **error)
{
	g_autofree char *from = g_build_filename(vm->dir, RUN_FILE_CONSOLE, NULL);
	g_autofree char *to = g_build_filename(spec->out_dir, RUN_FILE_CONSOLE, NULL);

	if (!copy_file(from, to, error))
		return FALSE;
	for (guint i = 0; i < spec->machine->devices->len; i++) {
		const struct machine_device *d = g_ptr_array_index(spec->machine->devices, i);
		g_autofree char *saved = NULL, *run = NULL;

		if (!d->is_lu_dma)
			continue;
		saved = machine_lu_dma_log(vm->dir, d);
		run = machine_lu_dma_log(spec->out_dir, d);
		if (!copy_file(saved, run, error))
			return FALSE;
	}
	return TRUE;
}
