// SPDX-License-Identifier: GPL-2.0-only
#include "kmemleak.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kmsg_mark.h"
#include "report.h"

#define KMEMLEAK "/sys/kernel/debug/kmemleak"
/*
 * kmemleak reports only objects older than five seconds (MSECS_MIN_AGE in
 * mm/kmemleak.c): scanning earlier would see nothing this kernel leaked.
 */
#define MIN_AGE_S 6
#define REPORT_MAX 4096

static void wait_for_min_age(void)
{
	struct timespec now;

	clock_gettime(CLOCK_BOOTTIME, &now);
	if (now.tv_sec < MIN_AGE_S)
		sleep((unsigned int)(MIN_AGE_S - now.tv_sec));
}

void kmemleak_check(void)
{
	static char text[REPORT_MAX];
	size_t len = 0, n;
	unsigned int leaks = 0;
	const char *p;
	FILE *f;

	if (access(KMEMLEAK, W_OK))
		return;
	wait_for_min_age();
	f = fopen(KMEMLEAK, "w");
	if (!f || fputs("scan", f) < 0 || fclose(f)) {
		report_send("kmemleak", json_pack("{s:b}", "scanned", 0));
		return;
	}
	f = fopen(KMEMLEAK, "r");
	while (f && (n = fread(text + len, 1, sizeof(text) - 1 - len, f)) > 0)
		len += n;
	if (f) {
		char rest[4096];

		/* Count what did not fit too. */
		while (fgets(rest, sizeof(rest), f))
			leaks += strncmp(rest, "unreferenced object", 19) == 0;
		fclose(f);
	}
	text[len] = '\0';
	for (p = text; (p = strstr(p, "unreferenced object")); p++)
		leaks++;
	report_send("kmemleak", json_pack("{s:b, s:i, s:s}", "scanned", 1, "leaks", leaks,
					  "report", text));
	if (leaks)
		mark_kernel_log("kmemleak: %u new suspected memory leaks (%.200s)", leaks,
				text);
}
