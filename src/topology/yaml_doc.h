/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * YAML files read with libfyaml, every problem reported at file:line:col:
 * text that is not printable UTF-8, libfyaml's syntax errors, and a node
 * of the wrong kind. Topology and scenario files are read through this.
 */
#ifndef LUTB_YAML_DOC_H
#define LUTB_YAML_DOC_H

#include <libfyaml.h>

#include "topology_model.h"

/* Called with the parsed document's root node (never NULL). */
typedef void (*yaml_doc_fn)(struct topo_errors *err, struct fy_node *root,
			    void *opaque);

/*
 * Parses @text and hands its root to @fn. @empty_hint is the message for a
 * file with no document ("the file is empty: ..."). Errors go to @err.
 */
void yaml_doc_parse(const char *text, size_t len, struct topo_errors *err,
		    const char *empty_hint, yaml_doc_fn fn, void *opaque);

/* The text of @file, or NULL with "FILE: why" (TOPO_ERROR). */
char *yaml_doc_read(const char *file, gsize *len, GError **error);

/* Where @n is (its first scalar); @fallback for an empty collection. */
struct topo_mark yaml_mark(struct fy_node *n, struct topo_mark fallback);
/* Is @n a node of @type? If not (or an alias), says so about @what. */
gboolean yaml_expect(struct topo_errors *err, struct fy_node *n,
		     enum fy_node_type type, const char *what, struct topo_mark at);
/* A scalar's one line of text, or NULL (reported). */
char *yaml_scalar(struct topo_errors *err, struct fy_node *n, const char *what,
		  struct topo_mark at);

#endif
