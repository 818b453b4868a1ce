// SPDX-License-Identifier: GPL-2.0-only
#include "report.h"

#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* lutb answers each line once it has done what the line asks for (a QMP
 * snapshot, a hotplug); one that never answers is waited for only once. */
#define ACK_TIMEOUT_MS 30000

static int report_fd = -1;
static int report_generation;
static int ack_lost;

int report_open(const char *port, int generation)
{
	struct termios tio;

	report_generation = generation;
	report_fd = open(port, O_RDWR | O_NOCTTY);
	if (report_fd < 0) {
		perror(port);
		return -1;
	}
	/* Raw mode: no "\n" -> "\r\n" translation in the host's copy, and
	 * the host's answers read byte by byte. */
	if (tcgetattr(report_fd, &tio) == 0) {
		cfmakeraw(&tio);
		tio.c_cc[VMIN] = 1;
		tio.c_cc[VTIME] = 0;
		tcsetattr(report_fd, TCSANOW, &tio);
	}
	/* An answer the previous kernel gave up on is not for this one. */
	tcflush(report_fd, TCIFLUSH);
	return 0;
}

/* Waits for the host's "ack" line; 0 if it did not come in time. */
static int wait_ack(void)
{
	struct pollfd pfd = { .fd = report_fd, .events = POLLIN };
	char line[16];
	size_t len = 0;
	char c;

	while (poll(&pfd, 1, ACK_TIMEOUT_MS) > 0) {
		if (read(report_fd, &c, 1) != 1)
			return 0;
		if (c != '\n') {
			if (len < sizeof(line) - 1)
				line[len++] = c;
			continue;
		}
		line[len] = '\0';
		if (!strcmp(line, "ack"))
			return 1;
		len = 0;
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
		if (!ack_lost && !wait_ack()) {
			ack_lost = 1;
			fprintf(stderr, "lutb-agent: the host did not answer in %d s; "
				"going on without waiting\n", ACK_TIMEOUT_MS / 1000);
		}
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
