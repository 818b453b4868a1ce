/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the agent does in this generation. Settings are KEY=VALUE: from the
 * kernel command line as lutb.KEY=VALUE, else from /etc/lutb/scenario
 * (lines "genN.KEY=VALUE" for one generation, "KEY=VALUE" for all; '#'
 * starts a comment). The command line wins. initramfs/README.md lists the
 * keys.
 */
#ifndef LUTB_AGENT_SCENARIO_H
#define LUTB_AGENT_SCENARIO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define SCENARIO_FILE "/etc/lutb/scenario"

void scenario_init(int generation);
/* The value of KEY, or @fallback. */
const char *scenario_get(const char *key, const char *fallback);
long scenario_get_long(const char *key, long fallback);
/*
 * The next word of a comma-separated list, from *@cursor (a setting's
 * value, or NULL): it starts at the returned pointer and is @len bytes
 * long. NULL at the list's end.
 */
const char *scenario_list_next(const char **cursor, size_t *len);
/* Whether the comma-separated list KEY contains @word. */
bool scenario_list_has(const char *key, const char *word, const char *fallback);
/* Every setting in effect, for the hello report. */
json_t *scenario_json(void);

#endif
