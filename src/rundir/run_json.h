/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * run.json: what a run asked for and how QEMU's run ended. The runner
 * writes it, the judge and bench/ read it; this is the one place that names
 * its fields (results/README.md describes them for people).
 */
#ifndef LUTB_RUN_JSON_H
#define LUTB_RUN_JSON_H

#include <glib.h>
#include <jansson.h>

enum run_end {
	RUN_END_EXITED,		/* QEMU exited on its own */
	RUN_END_TIMEOUT,	/* we stopped it after timeout_s */
	RUN_END_INTERRUPTED,	/* we stopped it on SIGINT/SIGTERM */
	RUN_END_SETUP_ERROR,	/* it never ran: see setup_error */
};

/* When an agent report reached the host, seconds after QEMU started. */
struct run_mark {
	char event[16];
	int gen;
	double host_s;
};

struct run_result {
	enum run_end end;
	gboolean exited;	/* QEMU exited normally (else: a signal) */
	int exit_status;	/* if exited */
	int term_signal;	/* if not exited */
	gboolean guest_panicked;
	double wall_s;
	char *setup_error;
	GArray *marks;		/* struct run_mark, in arrival order */
};

/* A device of the machine, as the topology named it. */
struct run_json_device {
	char *path;		/* rp0/sw0/dp0/dma0 */
	char *qemu_id;		/* rp0.sw0.dp0.dma0 */
	char *driver;
	gboolean lu_dma;
	gboolean preserve;	/* the topology's wish */
};

struct run_json_gen {
	char *kernel;		/* host path of its bzImage */
	char *cmdline;
};

/* A device hot-added when generation @gen's agent reports @event. */
struct run_json_hotplug {
	int gen;
	char *event;
	char *id;
	json_t *device_add;	/* QMP device_add arguments */
};

/* One of the kernel's own selftests the run took along
 * (scripts/build-selftests.sh). */
struct run_json_selftest {
	char *name;		/* luo_kexec_simple */
	char *kind;		/* once, kexec (two stages) or kernel (in-kernel) */
};

struct run_json_spec {
	char *machine;
	GPtrArray *devices;	/* struct run_json_device *, in QEMU argv order */
	GPtrArray *gens;	/* struct run_json_gen * */
	char *accel;
	int timeout_s;
	char *settings;		/* the agent's settings, or NULL */
	char *scenario;		/* the scenario file's name, or NULL */
	char *fault;		/* the fault kernel A was asked for, or NULL */
	char *iommu;		/* the machine's IOMMU, "intel" or "virtio", or NULL */
	char *libvirt;		/* the libvirt URI QEMU ran under, or NULL: a child */
	struct run_json_hotplug *hotplug;	/* or NULL */
	GPtrArray *selftests;	/* struct run_json_selftest *, or NULL: none */
};

struct run_json {
	struct run_json_spec spec;
	struct run_result result;
};

/* An empty record to fill in (arrays allocated, everything else zero). */
void run_json_init(struct run_json *rj);
/* Gives @spec its device and generation lists unless it has them. */
void run_json_spec_init(struct run_json_spec *spec);
void run_json_clear(struct run_json *rj);
void run_json_add_device(struct run_json_spec *spec, const char *path,
			 const char *qemu_id, const char *driver,
			 gboolean lu_dma, gboolean preserve);
void run_json_add_gen(struct run_json_spec *spec, const char *kernel,
		      const char *cmdline);
void run_json_add_selftest(struct run_json_spec *spec, const char *name,
			   const char *kind);
void run_json_selftest_free(gpointer selftest);
void run_result_clear(struct run_result *result);

gboolean run_json_write(const char *run_dir, const struct run_json_spec *spec,
			const struct run_result *result, GError **error);
/* Fails only when run.json is missing or not JSON; absent fields read as
 * empty. */
gboolean run_json_read(const char *run_dir, struct run_json *rj, GError **error);

/* The spec as run.json has it (report.json repeats it). */
json_t *run_json_spec_to_json(const struct run_json_spec *spec);
const char *run_end_name(enum run_end end);
/* The host time of generation @gen's @event mark, or a negative number. */
double run_result_mark(const struct run_result *result, const char *event, int gen);

#endif
