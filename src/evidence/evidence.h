/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Everything a run left behind, parsed once: the run record, the agent's
 * reports, the console split into kernel generations, QMP events and each
 * lu-dma's log. Reads the run directory (rundir.h), never the runner; checks
 * read these structs and never the raw files.
 */
#ifndef LUTB_EVIDENCE_H
#define LUTB_EVIDENCE_H

#include <glib.h>
#include <jansson.h>

#include "ludma_log.h"
#include "posted_log.h"
#include "machine.h"
#include "rundir.h"

/*
 * What kernel A really did with a device, from its agent's reports: the
 * judge holds devices to what was preserved, not to what the topology
 * hoped for.
 */
enum guest_role {
	ROLE_NONE,		/* neither preserved nor above a preserved device */
	ROLE_PRESERVED,		/* an engine kernel A preserved and kept so */
	ROLE_UNPRESERVED,	/* an engine kernel A preserved, then let go */
	ROLE_PATH,		/* a bridge above a preserved engine */
};

/* A device of the machine, as run.json records it. */
struct run_device {
	const struct run_json_device *spec;	/* in the evidence's run.json spec */
	struct ludma_log *log;	/* lu-dma only; NULL if it left no log */
	char *bdf1;		/* its address in generation 1 (QMP), or NULL */
	enum guest_role role;
};

/* Is @d below the bridge @up? Topology paths nest: "rp0/sw0" is above
 * "rp0/sw0/dp0/dma0". */
gboolean run_device_below(const struct run_device *d, const struct run_device *up);

/* Is @d held to the preserved rules (its BDF, BARs, driver, DMA kept)? */
static inline gboolean run_device_judged(const struct run_device *d)
{
	return d->role == ROLE_PRESERVED || d->role == ROLE_PATH;
}

struct agent_event {
	int gen;
	char *event;
	json_t *msg;		/* the whole report line */
};

/* One kernel's stretch of the console, from its "Linux version" banner. */
struct console_gen {
	gboolean luo_retrieved;	/* "luo: Retrieved live update data" */
	GPtrArray *faults;	/* char *: its lines about faults (fault.h), from the prefix on */
	GPtrArray *problems;	/* char *: panic, BUG, WARNING, Oops lines */
	GPtrArray *kho_test;	/* char *: lib/test_kho.c's lines, from its prefix on */
	GArray *posted;		/* struct posted_line: the posted series' own lines */
	GPtrArray *lines;	/* char *: every line, for what a scenario says it logs */
};

/*
 * One instant's view of PCI: the agent reported its own (a "pci" event)
 * and waited while the host took QEMU's.
 */
struct pci_view {
	guint gen;
	char *phase;		/* the agent's ("boot", "before-kexec", ...); NULL: the last */
	GPtrArray *qmp;		/* struct qmp_pci_dev *, or NULL if not saved */
};

struct evidence {
	struct run_result run;
	struct run_json_spec spec;	/* what the run asked for (run.json) */
	guint expected_gens;
	GPtrArray *devices;	/* struct run_device *, in QEMU argv order */
	GPtrArray *agent;	/* struct agent_event *, in report order */
	GPtrArray *console;	/* struct console_gen *, [0] = generation 1 */
	GPtrArray *qmp_events;	/* json_t *, in arrival order */
	/* struct pci_view *, in the order the agent reported them. */
	GPtrArray *views;
	/* [gen - 1]: the generation's last view's QMP snapshot, or NULL. */
	GPtrArray *qmp_pci;
	/* char *: "FILE: why", for each file the run should have left. */
	GPtrArray *missing;
};

/* Loads a run directory; fails only when run.json itself is unusable. */
gboolean evidence_load(const char *run_dir, struct evidence *ev, GError **error);
void evidence_clear(struct evidence *ev);

/* The first agent event named @event from generation @gen, or NULL. */
const struct agent_event *evidence_agent_find(const struct evidence *ev,
					      int gen, const char *event);
/* The engine at @bdf in generation @gen's @event report, or NULL. */
json_t *evidence_agent_engine(const struct evidence *ev, int gen,
			      const char *event, const char *bdf);
/* The device at generation-1 address @bdf, or NULL. */
struct run_device *evidence_device_at(const struct evidence *ev, const char *bdf);
/* The device whose QEMU id is @qemu_id, or NULL. */
const struct run_device *evidence_device(const struct evidence *ev,
					 const char *qemu_id);
/* The topology path of the device with QEMU id @qemu_id; the id itself if
 * the machine has no such device, "?" for NULL. */
const char *evidence_path_of(const struct evidence *ev, const char *qemu_id);
/* The same for a lu-dma log's "by": "self" is @engine itself. */
const char *evidence_path_by(const struct evidence *ev, const struct run_device *engine,
			     const char *by);
/* Generation @gen's last query-pci snapshot (taken when its agent was
 * done), or NULL. */
GPtrArray *evidence_qmp_pci(const struct evidence *ev, guint gen);
/* Generation @gen's first query-pci snapshot (at boot, before the agent
 * changed anything), or NULL. */
GPtrArray *evidence_qmp_pci_first(const struct evidence *ev, guint gen);
/* Adds a view the run took (the loader, or a test building evidence by
 * hand); takes @qmp, which may be NULL. */
void evidence_add_view(struct evidence *ev, guint gen, const char *phase, GPtrArray *qmp);
/* The agent's devices at @view (a JSON array), or NULL. */
json_t *evidence_view_guest(const struct evidence *ev, const struct pci_view *view);
/* "gen2 boot": where a view was taken, for a check's detail. */
char *evidence_view_name(const struct pci_view *view);
/* Generation @gen's stretch of the console, or NULL if it left none. */
const struct console_gen *evidence_console(const struct evidence *ev, guint gen);
/* The devices generation @gen's agent reported last (a JSON array), or
 * NULL. */
json_t *evidence_guest_pci(const struct evidence *ev, guint gen);
/* The device at @bdf in @devices (a PCI view from evidence_guest_pci()),
 * or NULL. */
json_t *evidence_guest_device(json_t *devices, const char *bdf);
/* The first QMP event named @name, or NULL. */
json_t *evidence_qmp_find(const struct evidence *ev, const char *name);

/* Parsers, exposed for unit tests. */
void evidence_parse_console(struct evidence *ev, const char *text);
/* A device as run.json would list it, for evidence built by hand. */
struct run_device *evidence_add_device(struct evidence *ev, const char *path,
				       const char *qemu_id, const char *driver,
				       gboolean lu_dma, gboolean preserve);
void evidence_parse_agent(struct evidence *ev, const char *text);
void evidence_parse_qmp(struct evidence *ev, const char *text);
/* Each device's address in generation 1 and its role (after parsing). */
void evidence_derive_roles(struct evidence *ev);

#endif
