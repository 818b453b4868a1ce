// SPDX-License-Identifier: GPL-2.0-only
#include "report.h"

#include <fcntl.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* lutb answers each line once it has done what the line asks for (a QMP
 * snapshot, a hotplug); one that never answers is waited for only once. */
#define ACK_TIMEOUT_MS 30000
#define CONSOLE_MIRROR_MAX 200
#define HOST_WAITS "/etc/lutb/host-waits"

static int report_fd = -1;
static int report_generation;
static int ack_lost;
static int acks_owed;		/* lines sent whose ack has not been read */
static char *host_waits;	/* events the host acts on; NULL: every one */

/* Which reports the host acts on (lutb writes the list into the initramfs). */
static void read_host_waits(void)
{
	FILE *f = fopen(HOST_WAITS, "r");
	size_t n;

	if (!f)
		return;
	/* "\nEVENT\nEVENT\n", for strstr() of "\nEVENT\n". */
	host_waits = calloc(1, 4096);
	if (host_waits) {
		host_waits[0] = '\n';
		n = fread(host_waits + 1, 1, 4096 - 3, f);
		if (n && host_waits[n] != '\n')
			host_waits[n + 1] = '\n';
	}
	fclose(f);
}

static bool host_acts_on(const char *event)
{
	char needle[80];

	if (!host_waits)
		return true;
	snprintf(needle, sizeof(needle), "\n%s\n", event);
	return strstr(host_waits, needle) != NULL;
}

/*
 * The 8250 raises its receive interrupt at the FIFO's trigger level or after
 * a timeout; "ack\n" is shorter than the level, so make it one byte.
 */
static void receive_promptly(const char *port)
{
	char path[96];
	int fd;

	snprintf(path, sizeof(path), "/sys/class/tty/%s/rx_trig_bytes", strrchr(port, '/') + 1);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return;
	if (write(fd, "1", 1) != 1)
		fprintf(stderr, "lutb-agent: %s: %s\n", path, strerror(errno));
	close(fd);
}

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
	receive_promptly(port);
	/* An answer the previous kernel gave up on is not for this one. */
	tcflush(report_fd, TCIFLUSH);
	return 0;
}

int report_fd_get(void)
{
	return report_fd;
}

void report_load_host_waits(void)
{
	read_host_waits();
}

/* Reads acks until every line sent has one; 0 if they did not come in time. */
static int wait_acks(void)
{
	struct pollfd pfd = { .fd = report_fd, .events = POLLIN };
	char line[16];
	size_t len = 0;
	char c;

	while (acks_owed && poll(&pfd, 1, ACK_TIMEOUT_MS) > 0) {
		if (read(report_fd, &c, 1) != 1)
			return 0;
		if (c != '\n') {
			if (len < sizeof(line) - 1)
				line[len++] = c;
			continue;
		}
		line[len] = '\0';
		if (!strcmp(line, "ack"))
			acks_owed--;
		len = 0;
	}
	return acks_owed == 0;
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
	/*
	 * Mirrored to the console so that a human reading console.log sees
	 * progress; a long report only by name (it is whole in agent.jsonl):
	 * every byte through an emulated UART costs the run time, twice.
	 */
	if (strlen(text) <= CONSOLE_MIRROR_MAX || !strcmp(event, "error"))
		fprintf(stderr, "lutb-agent: %s\n", text);
	else
		fprintf(stderr, "lutb-agent: gen %d %s (%zu bytes, in agent.jsonl)\n",
			report_generation, event, strlen(text));
	if (report_fd >= 0) {
		dprintf(report_fd, "%s\n", text);
		/*
		 * No tcdrain(): the ack says the host has the line, and the
		 * serial core sleeps whole jiffies in it (4 ms a report).
		 * Without an ack, though, nothing else may wait for the line.
		 */
		acks_owed++;
		if (ack_lost)
			tcdrain(report_fd);
		else if (host_acts_on(event) && !wait_acks()) {
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
