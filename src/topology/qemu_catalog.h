/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the built QEMU offers: its device types and each one's properties,
 * as QMP answers them (qom-list-types, device-list-properties). Each
 * question is asked once and the answer kept for the catalog's life, one
 * run of the tool. Who answers is given: a live QEMU (machine.h's
 * qemu_catalog_for_binary()) or canned answers in files, for tests and
 * fuzzing.
 */
#ifndef LUTB_QEMU_CATALOG_H
#define LUTB_QEMU_CATALOG_H

#include <glib.h>
#include <jansson.h>

struct qemu_device_info {
	char *name;
	const char *bus;	/* "PCI", "ISA", ...; NULL when none is known */
	gboolean bridge;	/* a PCI bridge or a host bridge expander */
};

struct qemu_catalog;

/* A QMP question: @command's "return" (a new reference), or NULL with
 * @error set. */
typedef json_t *(*qemu_ask_fn)(void *opaque, const char *command,
			       json_t *arguments, GError **error);

/* Asks through @ask; @source names who answers, in messages. */
struct qemu_catalog *qemu_catalog_new_asking(const char *source, qemu_ask_fn ask,
					     void *opaque, GDestroyNotify free_opaque);
/* Answers from @dir/COMMAND-ARGUMENT.json, QMP's "return" values as
 * scripts/canned-qemu-answers.sh saved them; a missing file is an empty
 * list. */
struct qemu_catalog *qemu_catalog_new_canned(const char *dir);
void qemu_catalog_free(struct qemu_catalog *c);
typedef struct qemu_catalog qemu_catalog;	/* for g_autoptr() */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemu_catalog, qemu_catalog_free)

/* Who answers: the binary's path, or the canned directory. */
const char *qemu_catalog_source(const struct qemu_catalog *c);

/* The device named @name, or NULL (@error set only if QEMU failed). */
const struct qemu_device_info *qemu_catalog_device(struct qemu_catalog *c,
						   const char *name,
						   GError **error);
/* A known device whose name is a typo away from @name, or NULL. */
const char *qemu_catalog_suggest(struct qemu_catalog *c, const char *name);
/*
 * The type QEMU gives @driver's property @prop ("uint16", "bool", "size",
 * "str", ...), NULL when there is no such property (@error set only if
 * QEMU failed).
 */
const char *qemu_catalog_prop_type(struct qemu_catalog *c, const char *driver,
				   const char *prop, GError **error);

#endif
