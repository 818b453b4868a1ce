/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The agent's settings as the run asked for them (the text lutb put in the
 * guest as /etc/lutb/scenario): what the judge expects the guest to do.
 * Same rules as the agent: "genN.KEY=VALUE" beats "KEY=VALUE" for
 * generation N; '#' starts a comment; lists are comma-separated.
 */
#ifndef LUTB_SETTINGS_H
#define LUTB_SETTINGS_H

#include <glib.h>

/* The value of @key for generation @gen in @text (may be NULL), or @def. */
char *settings_get(const char *text, guint gen, const char *key, const char *def);
/* Is @word one of the comma-separated items of @list? */
gboolean settings_list_has(const char *list, const char *word);

#endif
