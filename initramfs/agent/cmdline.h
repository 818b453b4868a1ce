/* SPDX-License-Identifier: GPL-2.0-only */
/* Parameters the host passes to the agent as lutb.KEY=VALUE on the kernel
 * command line (the kernel ignores dotted names it does not know). */
#ifndef LUTB_AGENT_CMDLINE_H
#define LUTB_AGENT_CMDLINE_H

#include <stddef.h>

/* Copies lutb.@key's value into @buf; returns 0, or -1 if it is absent. */
int cmdline_get(const char *key, char *buf, size_t len);
long cmdline_get_long(const char *key, long fallback);
/* The whole command line, trailing newline removed; static storage. */
const char *cmdline_text(void);

#endif
