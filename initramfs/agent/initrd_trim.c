// SPDX-License-Identifier: GPL-2.0-only
#include "initrd_trim.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define NEWC_HEADER 110
#define ALIGN4(n) (((n) + 3) & ~(size_t)3)

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One of the header's eight-digit hex fields; -1 if it is not one. */
static long hex_field(const unsigned char *h, int index)
{
	long v = 0;

	for (int i = 0; i < 8; i++) {
		int c = h[6 + 8 * index + i];

		if (c >= '0' && c <= '9')
			v = v * 16 + (c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + (c - 'A' + 10);
		else
			return -1;
	}
	return v;
}

/* The whole entry's length at @p, 0 when @p does not hold one. */
static size_t entry_length(const unsigned char *p, size_t left, const char **name)
{
	long filesize, namesize;
	size_t len;

	if (left < NEWC_HEADER || (memcmp(p, "070701", 6) && memcmp(p, "070702", 6)))
		return 0;
	filesize = hex_field(p, 6);
	namesize = hex_field(p, 11);
	if (filesize < 0 || namesize < 1)
		return 0;
	len = ALIGN4(NEWC_HEADER + (size_t)namesize) + ALIGN4((size_t)filesize);
	if (len > left || p[NEWC_HEADER + namesize - 1] != '\0')
		return 0;
	*name = (const char *)p + NEWC_HEADER;
	return len;
}

int initrd_write_kept(const unsigned char *in, size_t len, int fd, initrd_keep_fn keep)
{
	size_t at = 0;

	while (at < len) {
		const char *name = NULL;
		size_t n;

		/* Archives may be padded apart by zeros, four at a time. */
		if (at + 4 <= len && !memcmp(in + at, "\0\0\0\0", 4)) {
			at += 4;
			continue;
		}
		n = entry_length(in + at, len - at, &name);
		if (!n)
			return write_all(fd, in + at, len - at);
		if ((!strcmp(name, "TRAILER!!!") || keep(name)) && write_all(fd, in + at, n))
			return -1;
		at += n;
	}
	return 0;
}
