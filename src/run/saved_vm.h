/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Saved VMs: kernel A booted once to the fork point (the agent's, before it
 * reads any of a run's settings) and saved there, so that every run that
 * shares the machine, kernel A and its command line starts from the saved
 * state instead of booting kernel A again. The run's settings, its later
 * kernels' command lines and which kernel each generation boots reach the
 * agent over its report port (saved_vm_run_files()); every kernel a run
 * may kexec into is in the saved VM's initramfs already.
 *
 * Each is cached in a directory of its own, keyed by the hash of all that
 * decides the saved state: QEMU, the machine's command line, kernel A, its
 * command line and what goes into the initramfs (the agent, the kernels,
 * the selftests), so that finding a saved VM composes nothing. The
 * directory keeps the boot's logs beside the state.
 */
#ifndef LUTB_SAVED_VM_H
#define LUTB_SAVED_VM_H

#include <glib.h>

#include "runner.h"

struct saved_vm {
	char *key;
	char *dir;
	char *initrd;		/* kernel A's initramfs, every run's */
	char *state;		/* what QEMU saved, loaded with -incoming */
	gboolean booted;	/* by this call; else it came from the cache */
	int lock;		/* held shared until saved_vm_free() */
};

/*
 * The saved VM for @spec (spec->fork_cache, spec->fork_kernels), booted and
 * saved first if the cache has none; several lutb processes asking for one
 * at once boot it once.
 */
struct saved_vm *saved_vm_get(const struct run_spec *spec, GError **error);
void saved_vm_free(struct saved_vm *vm);

/* The line the agent waits for at the fork point: @spec's files. */
char *saved_vm_run_files(const struct run_spec *spec, const char *host_waits,
			 GError **error);

/* Copies the saved VM's console and lu-dma logs into @run_dir, where the
 * run appends to them. */
gboolean saved_vm_copy_logs(const struct saved_vm *vm, const struct run_spec *spec,
			    GError **error);

#endif
