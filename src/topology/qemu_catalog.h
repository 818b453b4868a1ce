/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the built QEMU offers: its devices (`QEMU -device help`) and each
 * device's properties (`QEMU -device NAME,help`). Each question is asked
 * once and the answer kept for the catalog's life, one run of the tool.
 * A canned catalog answers from files instead, for tests and fuzzing.
 */
#ifndef LUTB_QEMU_CATALOG_H
#define LUTB_QEMU_CATALOG_H

#include <glib.h>

struct qemu_device_info {
	char *name;
	char *bus;		/* "PCI", "ISA", ...; NULL for none */
	char *category;		/* "Network devices", ... */
};

struct qemu_catalog;

/* Asks the QEMU binary at @qemu, lazily. */
struct qemu_catalog *qemu_catalog_new(const char *qemu);
/* Answers from @dir/device-help.txt and @dir/<device>.txt. */
struct qemu_catalog *qemu_catalog_new_canned(const char *dir);
void qemu_catalog_free(struct qemu_catalog *c);
typedef struct qemu_catalog qemu_catalog;	/* for g_autoptr() */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemu_catalog, qemu_catalog_free)

/* What is asked: the binary's path, or the canned directory. */
const char *qemu_catalog_source(const struct qemu_catalog *c);

/* The device named @name, or NULL (@error set only if QEMU failed). */
const struct qemu_device_info *qemu_catalog_device(struct qemu_catalog *c,
						   const char *name,
						   GError **error);
/* A known device whose name is a typo away from @name, or NULL. */
const char *qemu_catalog_suggest(struct qemu_catalog *c, const char *name);
/*
 * The type QEMU gives @driver's property @prop ("uint16", "bool", "size",
 * "str", ...), "" when it names none, NULL when there is no such property
 * (@error set only if QEMU failed).
 */
const char *qemu_catalog_prop_type(struct qemu_catalog *c, const char *driver,
				   const char *prop, GError **error);

#endif
