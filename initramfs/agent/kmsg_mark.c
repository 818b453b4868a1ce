// SPDX-License-Identifier: GPL-2.0-only
#include "kmsg_mark.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

void mark_kernel_log(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int len, fd;

	/* "<6>": KERN_INFO, which the console prints like the PCI core's lines. */
	len = snprintf(line, sizeof(line), "<6>" KMSG_MARK_PREFIX);
	va_start(ap, fmt);
	len += vsnprintf(line + len, sizeof(line) - (size_t)len, fmt, ap);
	va_end(ap);
	if (len >= (int)sizeof(line))
		len = sizeof(line) - 1;
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (write(fd, line, (size_t)len) < 0)
		perror("lutb-agent: /dev/kmsg");
	close(fd);
}
