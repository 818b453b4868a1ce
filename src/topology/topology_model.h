/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A PCIe fabric as a topology file describes it: machine settings and a tree
 * of named nodes (root ports, switches with their downstream ports,
 * endpoints). topology_parse.h fills it from YAML; topology_check.h
 * validates it and fills in what the file left to lutb. Every value keeps
 * the place it came from, so each error can say file:line:col.
 */
#ifndef LUTB_TOPOLOGY_MODEL_H
#define LUTB_TOPOLOGY_MODEL_H

#include <glib.h>

/* 1-based, as editors count; line 0 means "no place in the file". */
struct topo_mark {
	int line, col;
};

enum topo_kind {
	TOPO_ROOT_PORT,		/* pcie-root-port on the root complex */
	TOPO_SWITCH,		/* the upstream port; its children are ... */
	TOPO_DOWNSTREAM_PORT,	/* ... these, one per device number */
	TOPO_ENDPOINT,		/* lu-dma or any QEMU PCI device */
};

enum topo_iommu { TOPO_IOMMU_NONE, TOPO_IOMMU_INTEL, TOPO_IOMMU_VIRTIO };

#define TOPO_UNSET (-1)
#define TOPO_LU_DMA "lu-dma"

/* A QEMU device property the file sets, passed through as key=value. */
struct topo_prop {
	char *key;
	char *value;
	struct topo_mark mark;	/* of the key */
};

struct topo_node {
	enum topo_kind kind;
	char *name;		/* stable: reports use the path of names */
	char *driver;		/* the QEMU device */
	struct topo_mark mark;	/* where the node starts */
	struct topo_mark name_mark, type_mark, addr_mark, chassis_mark;
	struct topo_mark bus_reserve_mark, acs_mark;
	int dev, fn;		/* on the parent bus; TOPO_UNSET: lutb picks */
	int chassis, slot;	/* ports: physical slot identity */
	int bus_reserve;	/* root ports: buses firmware keeps below */
	int hotplug;		/* ports: TOPO_UNSET (QEMU's default), 0, 1 */
	int acs;		/* ports: TOPO_UNSET (QEMU's default), 0, 1 */
	gboolean preserve;	/* kept across the live update */
	gboolean implicit;	/* added by lutb, not written in the file */
	GPtrArray *props;	/* struct topo_prop * */
	GPtrArray *children;	/* struct topo_node *, file order */
	struct topo_node *parent;	/* NULL on the root complex */

	/* Filled by topology_check(). */
	char *path;		/* rp0/sw0/dp1/dma0 */
	gboolean multifunction;	/* function 0 of a device with more */
	int bus;		/* the numbers firmware gives (depth first) */
	int secondary, subordinate;	/* bridges only */
};

struct topology {
	char *file;		/* as given: the start of every message */
	char *name;		/* the file's name without .yaml */
	char *description;
	enum topo_iommu iommu;
	struct topo_mark iommu_mark;
	guint memory_mib;
	guint cpus;
	GPtrArray *roots;	/* struct topo_node *: on the root complex */
};

struct topology *topology_new(const char *file);
void topology_free(struct topology *t);
typedef struct topology topology;	/* for g_autoptr() */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(topology, topology_free)

struct topo_node *topo_node_new(enum topo_kind kind);
void topo_node_free(struct topo_node *n);

gboolean topo_node_is_port(const struct topo_node *n);
gboolean topo_node_is_bridge(const struct topo_node *n);
const char *topo_kind_name(enum topo_kind kind);
/* The path with '/' made '.': QEMU ids cannot hold '/'. */
char *topo_path_to_qemu_id(const char *path);

/* A whole number, decimal or 0x-hex, the whole of @text; FALSE if not. */
gboolean topo_parse_uint(const char *text, guint64 *out);

/* Visits every node depth first, parents before children. */
typedef void (*topo_visit_fn)(struct topo_node *n, void *opaque);
void topology_walk(struct topology *t, topo_visit_fn fn, void *opaque);

/*
 * The errors of one file, "file:line:col: message" each, reported in file
 * order. Past TOPO_MAX_ERRORS the rest are counted, not kept.
 */
#define TOPO_MAX_ERRORS 20

struct topo_errors {
	const char *file;
	GPtrArray *lines;	/* private */
	guint dropped;
};

void topo_errors_init(struct topo_errors *e, const char *file);
void topo_errors_clear(struct topo_errors *e);
void topo_error(struct topo_errors *e, struct topo_mark at, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);
/* FALSE (and @error set to all the lines) when there were errors. */
gboolean topo_errors_report(struct topo_errors *e, GError **error);

#define TOPO_ERROR (topo_error_quark())
GQuark topo_error_quark(void);

#endif
