/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One QEMU run: compose the initramfs, start QEMU paused, attach QMP, let the
 * guest go, follow the agent's progress, and stop QEMU when it powers off,
 * panics, or runs out of time. Every file it makes lands in the run
 * directory; nothing is shared between two runs.
 */
#ifndef LUTB_RUNNER_H
#define LUTB_RUNNER_H

#include "hotplug.h"
#include "initrd.h"
#include "machine.h"
#include "rundir.h"

#define RUNNER_MAX_GENERATIONS 8

struct run_spec {
	const struct machine *machine;
	const char *qemu;
	GStrv firmware_dirs;
	const char *base_initrd;
	const char *scenario;	/* text of /etc/lutb/scenario, or NULL */
	const char *scenario_name;	/* the scenario file's name, or NULL */
	const struct hotplug *hotplug;	/* a device to add mid-run, or NULL */
	const char *fault;	/* the fault kernel A injects (fault.h), or NULL */
	/* The kernel's selftests to take along (struct run_json_selftest *,
	 * selftests.h), from @selftest_dir; NULL: none. */
	const GPtrArray *selftests;
	const char *selftest_dir;
	struct generation gens[RUNNER_MAX_GENERATIONS];
	guint n_gens;
	enum accel accel;
	/* A libvirt URI: QEMU runs as a transient domain there; NULL: a child. */
	const char *libvirt_uri;
	guint timeout_s;
	const char *out_dir;
	/*
	 * Where saved VMs are cached: start from kernel A saved at the fork
	 * point (saved_vm.h), booting and saving it first if needed; NULL:
	 * boot kernel A. @fork_kernels: kernels beside the run's own that a
	 * saved VM carries, so that runs kexecing into them share it.
	 */
	const char *fork_cache;
	GStrv fork_kernels;
	/* Boot kernel A from @base_initrd as it is and save the VM to this
	 * file at the fork point (saved_vm.c); NULL: run. */
	const char *save_to;
};

/* Beside @save_to when QEMU would not save the machine: why. */
#define SAVED_VM_REFUSED_SUFFIX ".refused"
/* The mark a run gets when it saved its VM (@save_to). */
#define RUN_MARK_VM_SAVED "vm-saved"

void runner_run(const struct run_spec *spec, struct run_result *result);

#endif
