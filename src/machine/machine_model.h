/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine a run boots, compiled from a topology file
 * (topology_machine.h), and the QEMU command line that builds it. Every
 * device keeps its path of names from the file, so what QEMU, QMP and the
 * reports say can be traced back to the file.
 */
#ifndef LUTB_MACHINE_MODEL_H
#define LUTB_MACHINE_MODEL_H

#include <glib.h>

enum accel { ACCEL_AUTO, ACCEL_KVM, ACCEL_TCG };

enum machine_iommu { MACHINE_IOMMU_NONE, MACHINE_IOMMU_INTEL, MACHINE_IOMMU_VIRTIO };

enum machine_dev_kind {
	MDEV_ROOT_PORT,		/* pcie-root-port */
	MDEV_UPSTREAM_PORT,	/* a switch: x3130-upstream */
	MDEV_DOWNSTREAM_PORT,	/* xio3130-downstream */
	MDEV_ENDPOINT,
};

struct machine_prop {
	char *key;
	char *value;
};

struct machine_device {
	char *path;		/* rp0/sw0/dp1/dma0: what reports call it */
	char *qemu_id;		/* rp0.sw0.dp1.dma0 */
	char *driver;
	char *device_arg;	/* the whole -device value (lu-dma without log) */
	enum machine_dev_kind kind;
	int parent;		/* index of the bridge above; -1: pcie.0 */
	guint dev, fn;		/* address on the parent's bus */
	gboolean multifunction;
	int chassis, slot;	/* ports */
	int bus_reserve;	/* root ports; -1: none */
	int hotplug;		/* ports; -1: QEMU's default (on) */
	GPtrArray *props;	/* struct machine_prop *: the file's own */
	gboolean is_lu_dma;
	gboolean preserve;
	gboolean implicit;	/* added by lutb (the virtio IOMMU) */
	int bus;		/* bus numbers as firmware gives them */
	int secondary, subordinate;	/* bridges; -1 otherwise */
};

struct machine {
	char *name;		/* used in run directory names */
	char *description;
	guint memory_mib;
	guint cpus;
	enum machine_iommu iommu;
	GPtrArray *devices;	/* struct machine_device *, in QEMU argv order */
};

/* Files and settings of one QEMU process; all paths absolute. */
struct machine_run {
	const char *qemu;
	GStrv firmware_dirs;
	const char *kernel;	/* NULL: firmware only (no -kernel/-initrd) */
	const char *initrd;	/* NULL: none */
	const char *cmdline;
	const char *console_log;
	const char *report_socket;	/* the agent's port, served; NULL: none */
	const char *qmp_socket;	/* NULL: no QMP, and QEMU starts running */
	const char *run_dir;	/* where each lu-dma writes its log */
	const char *log_prefix;	/* before each log's file name; NULL: none */
	enum accel accel;	/* ACCEL_KVM or ACCEL_TCG, never AUTO */
	/*
	 * A saved VM's state to load instead of booting (saved_vm.h); NULL:
	 * boot. The console and lu-dma logs are appended to: they begin with
	 * the saved VM's.
	 */
	const char *incoming;
};

struct machine *machine_new(const char *name);
void machine_free(struct machine *m);
typedef struct machine machine;	/* for g_autoptr() */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(machine, machine_free)
struct machine_device *machine_device_new(void);
const char *machine_iommu_name(enum machine_iommu iommu);
/* The QEMU bus a device sits on: "pcie.0" or the id of the bridge above. */
const char *machine_device_bus(const struct machine *m,
			       const struct machine_device *d);

/*
 * The name libvirt gives the controller whose QEMU id is @qemu_id, which
 * it also uses as that device's QEMU id: "ua-" and the id with '-' for
 * '.', since libvirt takes letters, digits, '-' and '_' only.
 */
char *machine_libvirt_alias(const char *qemu_id);

/* The -device value of @d. */
char *machine_device_arg(const struct machine *m, const struct machine_device *d);
/* A QEMU option value with each comma doubled, as QEMU escapes them. */
char *machine_escape_commas(const char *s);
/* The lu-dma ground-truth log of @d in @run_dir. */
char *machine_lu_dma_log(const char *run_dir, const struct machine_device *d);
/*
 * The machine's part of a QEMU command line: -machine, -m, -smp, the IOMMU
 * and every device, each lu-dma with its log in @run_dir (NULL: no logs).
 */
void machine_append_args(const struct machine *m, GPtrArray *argv,
			 const char *run_dir, gboolean append_logs);
/* A NULL-terminated argv; the caller frees it with g_strfreev(). */
GStrv machine_qemu_argv(const struct machine *m, const struct machine_run *run);

#endif
