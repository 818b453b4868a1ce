// SPDX-License-Identifier: GPL-2.0-only
#include "report.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int report_fd = -1;
static int report_generation;

int report_open(const char *port, int generation)
{
	struct termios tio;

	report_generation = generation;
	report_fd = open(port, O_WRONLY | O_NOCTTY);
	if (report_fd < 0) {
		perror(port);
		return -1;
	}
	/* Raw mode: no "\n" -> "\r\n" translation in the host's copy. */
	if (tcgetattr(report_fd, &tio) == 0) {
		cfmakeraw(&tio);
		tcsetattr(report_fd, TCSANOW, &tio);
	}
	return 0;
}

static long long boottime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void report_send(const char *event, json_t *fields)
{
	json_t *line = fields ? fields : json_object();
	char *text;

	json_object_set_new(line, "gen", json_integer(report_generation));
	json_object_set_new(line, "event", json_string(event));
	json_object_set_new(line, "t_ns", json_integer(boottime_ns()));
	text = json_dumps(line, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(line);
	if (!text)
		return;
	/* Mirror to the console so a human reading console.log sees progress. */
	fprintf(stderr, "lutb-agent: %s\n", text);
	if (report_fd >= 0) {
		dprintf(report_fd, "%s\n", text);
		tcdrain(report_fd);
	}
	free(text);
}

int report_error(const char *step, const char *fmt, ...)
{
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	report_send("error", json_pack("{s:s, s:s}", "step", step,
				       "message", message));
	return -1;
}
