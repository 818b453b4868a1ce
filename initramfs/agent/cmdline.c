// SPDX-License-Identifier: GPL-2.0-only
#include "cmdline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cmdline_text(void)
{
	static char text[4096];
	FILE *f;

	if (text[0])
		return text;
	f = fopen("/proc/cmdline", "r");
	if (f) {
		if (!fgets(text, sizeof(text), f))
			text[0] = '\0';
		fclose(f);
	}
	text[strcspn(text, "\n")] = '\0';
	return text;
}

int cmdline_get(const char *key, char *buf, size_t len)
{
	char prefix[128];
	const char *p = cmdline_text();
	size_t plen, vlen;

	plen = (size_t)snprintf(prefix, sizeof(prefix), "lutb.%s=", key);
	while (*p) {
		p += strspn(p, " ");
		vlen = strcspn(p, " ");
		if (vlen > plen && strncmp(p, prefix, plen) == 0) {
			vlen -= plen;
			if (vlen >= len)
				vlen = len - 1;
			memcpy(buf, p + plen, vlen);
			buf[vlen] = '\0';
			return 0;
		}
		p += vlen;
	}
	return -1;
}

long cmdline_get_long(const char *key, long fallback)
{
	char value[32];

	if (cmdline_get(key, value, sizeof(value)))
		return fallback;
	return strtol(value, NULL, 10);
}
