/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading a topology file (YAML, through libfyaml) into the model. This
 * judges the file's shape only: known keys, value syntax and ranges. Whether
 * the fabric makes sense is topology_check.h's job.
 * The format is described in topologies/README.md.
 */
#ifndef LUTB_TOPOLOGY_PARSE_H
#define LUTB_TOPOLOGY_PARSE_H

#include "topology_model.h"

/* NULL with every error found ("file:line:col: ...", one a line). */
struct topology *topology_parse_file(const char *file, GError **error);
/* The same for text in memory; @file names it in messages. */
struct topology *topology_parse_text(const char *text, size_t len,
				     const char *file, GError **error);

#endif
