// SPDX-License-Identifier: GPL-2.0-only
#include "fork_point.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FORK_POINT_MARK "/etc/lutb/fork-point"
#define PAYLOAD_MAX (1 << 20)

/* The files of this run, as they came: {"files": [...], "links": [...]}. */
static json_t *received;

bool fork_point_here(int generation)
{
	return generation == 1 && access(FORK_POINT_MARK, F_OK) == 0;
}

bool fork_point_received(void)
{
	return received != NULL;
}

static char *read_line(int fd)
{
	size_t len = 0, size = 4096;
	char *buf = malloc(size);
	char c;

	while (buf && read(fd, &c, 1) == 1) {
		if (c == '\n') {
			buf[len] = '\0';
			/* An ack the saved VM's host sent before it stopped it. */
			if (strcmp(buf, "ack") == 0) {
				len = 0;
				continue;
			}
			return buf;
		}
		if (len + 1 >= size) {
			char *bigger = size < PAYLOAD_MAX ? realloc(buf, size * 2) : NULL;

			if (!bigger)
				break;
			buf = bigger;
			size *= 2;
		}
		buf[len++] = c;
	}
	free(buf);
	return NULL;
}

/* @path (relative to /) made absolute in @abs, its directories made. */
static void prepare_path(const char *path, char *abs, size_t len)
{
	char dir[256];

	snprintf(abs, len, "/%s", path);
	for (const char *slash = strchr(abs + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - abs), abs);
		mkdir(dir, 0755);
	}
}

static int write_files(json_t *files)
{
	size_t i;
	json_t *f;

	json_array_foreach(files, i, f) {
		const char *path = json_string_value(json_object_get(f, "path"));
		const char *data = json_string_value(json_object_get(f, "data"));
		int mode = (int)json_integer_value(json_object_get(f, "mode"));
		char abs[256];
		FILE *out;

		if (!path || !data)
			return -1;
		prepare_path(path, abs, sizeof(abs));
		out = fopen(abs, "w");
		if (!out || fputs(data, out) < 0 || fclose(out) != 0) {
			fprintf(stderr, "lutb-agent: %s: %s\n", abs, strerror(errno));
			return -1;
		}
		chmod(abs, mode ? (mode_t)mode : 0644);
	}
	return 0;
}

static int make_links(json_t *links)
{
	size_t i;
	json_t *l;

	json_array_foreach(links, i, l) {
		const char *path = json_string_value(json_object_get(l, "path"));
		const char *target = json_string_value(json_object_get(l, "target"));
		char abs[256];

		if (!path || !target)
			return -1;
		prepare_path(path, abs, sizeof(abs));
		unlink(abs);
		if (symlink(target, abs) != 0) {
			fprintf(stderr, "lutb-agent: %s: %s\n", abs, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int fork_point_wait(int report_fd)
{
	struct timespec ts;
	json_t *msg;
	char *line;

	/* Not a report: the host saves the VM on it and answers nothing. */
	clock_gettime(CLOCK_BOOTTIME, &ts);
	dprintf(report_fd, "{\"event\":\"fork-point\",\"gen\":1,\"t_ns\":%lld}\n",
		(long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
	fprintf(stderr, "lutb-agent: at the fork point: waiting for the run's files\n");
	line = read_line(report_fd);
	msg = line ? json_loads(line, 0, NULL) : NULL;
	free(line);
	if (!json_is_array(json_object_get(msg, "files")) ||
	    write_files(json_object_get(msg, "files")) ||
	    make_links(json_object_get(msg, "links"))) {
		fprintf(stderr, "lutb-agent: the run's files came malformed\n");
		json_decref(msg);
		return -1;
	}
	received = msg;
	fprintf(stderr, "lutb-agent: got the run's files (%zu, %zu links)\n",
		json_array_size(json_object_get(msg, "files")),
		json_array_size(json_object_get(msg, "links")));
	return 0;
}

/* One entry of a "newc" cpio archive, the format Linux unpacks. */
static int cpio_entry(FILE *out, const char *name, unsigned int mode, const char *data,
		      size_t len)
{
	static unsigned int ino = 0x4c550000;
	static const char zeros[4];
	size_t namesize = strlen(name) + 1;

	fprintf(out, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
		ino++, mode, 0, 0, 1, 0, len, 0, 0, 0, 0, namesize, 0);
	fwrite(name, 1, namesize, out);
	fwrite(zeros, 1, (4 - (110 + namesize) % 4) % 4, out);
	fwrite(data, 1, len, out);
	fwrite(zeros, 1, (4 - len % 4) % 4, out);
	return ferror(out) ? -1 : 0;
}

static void cpio_parents(FILE *out, const char *path)
{
	char dir[256];

	for (const char *slash = strchr(path, '/'); slash; slash = strchr(slash + 1, '/')) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		cpio_entry(out, dir, S_IFDIR | 0755, "", 0);
	}
}

int fork_point_write_cpio(int fd)
{
	FILE *out = fdopen(dup(fd), "w");
	json_t *files = json_object_get(received, "files");
	json_t *links = json_object_get(received, "links");
	off_t end = lseek(fd, 0, SEEK_END);
	size_t i;
	json_t *e;
	int rc;

	if (!out)
		return -1;
	/* Linux finds an appended archive only at a 4-byte boundary. */
	fwrite("\0\0\0", 1, (size_t)((4 - end % 4) % 4), out);
	json_array_foreach(files, i, e) {
		const char *path = json_string_value(json_object_get(e, "path"));
		const char *data = json_string_value(json_object_get(e, "data"));
		int mode = (int)json_integer_value(json_object_get(e, "mode"));

		cpio_parents(out, path);
		cpio_entry(out, path, S_IFREG | (mode ? (unsigned int)mode : 0644), data,
			   strlen(data));
	}
	json_array_foreach(links, i, e) {
		const char *path = json_string_value(json_object_get(e, "path"));
		const char *target = json_string_value(json_object_get(e, "target"));

		cpio_parents(out, path);
		cpio_entry(out, path, S_IFLNK | 0777, target, strlen(target));
	}
	cpio_entry(out, "TRAILER!!!", 0, "", 0);
	rc = ferror(out) ? -1 : 0;
	if (fclose(out) != 0)
		rc = -1;
	return rc;
}
