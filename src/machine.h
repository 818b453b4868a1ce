/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine a run boots, and the QEMU command line that builds it.
 * Until topology files exist, the only machine is the built-in default: q35,
 * one root port, one switch with two downstream ports, an edu endpoint.
 */
#ifndef LUTB_MACHINE_H
#define LUTB_MACHINE_H

#include <glib.h>

enum accel { ACCEL_AUTO, ACCEL_KVM, ACCEL_TCG };

struct machine {
	const char *name;	/* used in run directory names */
	unsigned int memory_mib;
	unsigned int cpus;
	GPtrArray *devices;	/* char *: "-device" arguments, in order */
};

/* Files and settings of one QEMU process; all paths absolute. */
struct machine_run {
	const char *qemu;
	GStrv firmware_dirs;
	const char *kernel;
	const char *initrd;
	const char *cmdline;
	const char *console_log;
	const char *report_log;
	const char *qmp_socket;
	enum accel accel;	/* ACCEL_KVM or ACCEL_TCG, never AUTO */
};

struct machine *machine_default(void);
void machine_free(struct machine *m);
/* A NULL-terminated argv; the caller frees it with g_strfreev(). */
GStrv machine_qemu_argv(const struct machine *m, const struct machine_run *run);

#endif
