// SPDX-License-Identifier: GPL-2.0-only
#include "posted_log.h"

#include <stdio.h>
#include <string.h>

/* The posting's messages, the same from v4 to v7 (pci_info(dev, ...)). */
static const struct {
	const char *text;
	enum posted_said said;
} messages[] = {
	{ ": Device will be preserved across next Live Update", POSTED_WILL_PRESERVE },
	{ ": Device will no longer be preserved across next Live Update", POSTED_NO_LONGER },
	{ ": Device was preserved by previous kernel across Live Update", POSTED_WAS_PRESERVED },
	{ ": Device is finished participating in Live Update", POSTED_FINISHED },
};

/* "DDDD:BB:DD.F", the device name pci_info() puts before its message. */
static gboolean is_bdf(const char *s, size_t len)
{
	static const char shape[] = "xxxx:xx:xx.x";

	if (len != sizeof(shape) - 1)
		return FALSE;
	for (size_t i = 0; i < len; i++)
		if (shape[i] == 'x' ? !g_ascii_isxdigit(s[i]) : s[i] != shape[i])
			return FALSE;
	return TRUE;
}

/* Written by initramfs/agent/kmsg_mark.c. */
#define PHASE_MARK "lutb-agent: pci-liveupdate phase "

gboolean posted_log_parse(const char *line, struct posted_line *out)
{
	const char *mark = strstr(line, PHASE_MARK);

	memset(out, 0, sizeof(*out));
	if (mark) {
		out->said = POSTED_PHASE_MARK;
		g_strlcpy(out->phase, mark + strlen(PHASE_MARK), sizeof(out->phase));
		g_strchomp(out->phase);
		return TRUE;
	}
	for (guint m = 0; m < G_N_ELEMENTS(messages); m++) {
		const char *at = strstr(line, messages[m].text);
		const char *start, *end;

		if (!at)
			continue;
		end = at + strlen(messages[m].text);
		if (*end && !g_ascii_isspace(*end))
			continue;
		start = at;
		while (start > line && start[-1] != ' ')
			start--;
		if (!is_bdf(start, (size_t)(at - start)))
			return FALSE;
		out->said = messages[m].said;
		memcpy(out->bdf, start, (size_t)(at - start));
		out->bdf[at - start] = '\0';
		return TRUE;
	}
	return FALSE;
}
