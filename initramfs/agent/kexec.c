// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE /* memfd_create() */
#include "kexec.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cmdline.h"
#include "fork_point.h"
#include "initrd_trim.h"
#include "report.h"

#define RETAINED_INITRD "/sys/firmware/initrd"
#define KERNELS_DIR "boot/kernels/"	/* a saved VM's kernels, by content */
#define MAX_GENERATIONS 16

static void kernel_path(int generation, char *buf, size_t len)
{
	char fault[32] = "";

	/* Fault injection for the testbed's own negative tests. */
	cmdline_get("fault", fault, sizeof(fault));
	if (strcmp(fault, "kexec-load") == 0)
		snprintf(buf, len, "/boot/no-such-kernel");
	else
		snprintf(buf, len, "/boot/kernel-gen%d", generation);
}

bool kexec_has_generation(int generation)
{
	char path[64];

	snprintf(path, sizeof(path), "/boot/kernel-gen%d", generation);
	return access(path, R_OK) == 0;
}

static int read_next_cmdline(int generation, char *buf, size_t len)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/etc/lutb/cmdline-gen%d", generation);
	f = fopen(path, "r");
	if (!f)
		return report_error("kexec-load", "%s: %s", path, strerror(errno));
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* The kernels the generations after @next boot: what @next must carry. */
static char later_kernels[MAX_GENERATIONS][96];

static void find_later_kernels(int next)
{
	int n = 0;

	memset(later_kernels, 0, sizeof(later_kernels));
	for (int g = next + 1; n < MAX_GENERATIONS && kexec_has_generation(g); g++) {
		char link[64];
		ssize_t len;

		snprintf(link, sizeof(link), "/boot/kernel-gen%d", g);
		len = readlink(link, later_kernels[n], sizeof(later_kernels[n]) - 1);
		if (len > 0)
			later_kernels[n++][len] = '\0';
	}
}

static bool needed_later(const char *name)
{
	if (strncmp(name, KERNELS_DIR, strlen(KERNELS_DIR)) != 0)
		return true;
	for (int i = 0; i < MAX_GENERATIONS && later_kernels[i][0]; i++)
		if (strcmp(later_kernels[i] + (later_kernels[i][0] == '/'), name) == 0)
			return true;
	return false;
}

static unsigned char *read_all(int fd, size_t *len)
{
	size_t size = 1 << 20;
	unsigned char *buf = malloc(size), *bigger;
	ssize_t n;

	*len = 0;
	while (buf && (n = read(fd, buf + *len, size - *len)) > 0) {
		*len += (size_t)n;
		if (*len == size) {
			bigger = realloc(buf, size *= 2);
			if (!bigger)
				free(buf);
			buf = bigger;
		}
	}
	if (buf && n < 0) {
		free(buf);
		buf = NULL;
	}
	return buf;
}

/*
 * After a fork point the run's files are in kernel A's rootfs only: the
 * next kernel gets the retained initramfs, without the kernels no later
 * generation boots, with them appended, in memory.
 */
static int initrd_with_run_files(int retained_fd, int next)
{
	int fd = memfd_create("initrd", MFD_CLOEXEC);
	size_t len;
	unsigned char *retained = fd < 0 ? NULL : read_all(retained_fd, &len);
	int rc;

	if (!retained) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	find_later_kernels(next);
	rc = initrd_write_kept(retained, len, fd, needed_later);
	free(retained);
	if (rc || fork_point_write_cpio(fd) || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	close(retained_fd);
	return fd;
}

/*
 * What `kexec -s -l` does, without its 2.4 MB of binary and libraries in
 * every initramfs nor a copy of the initrd: kexec_file_load() reads the
 * retained initramfs from sysfs as it is.
 */
static int load_kernel(int next, const char *kernel, const char *cmdline)
{
	int kernel_fd, initrd_fd, rc = 0;

	kernel_fd = open(kernel, O_RDONLY | O_CLOEXEC);
	if (kernel_fd < 0)
		return report_error("kexec-load", "%s: %s", kernel, strerror(errno));
	initrd_fd = open(RETAINED_INITRD, O_RDONLY | O_CLOEXEC);
	if (initrd_fd < 0) {
		close(kernel_fd);
		return report_error("kexec-load", RETAINED_INITRD " missing (no retain_initrd?): %s",
				    strerror(errno));
	}
	if (fork_point_received()) {
		int fd = initrd_with_run_files(initrd_fd, next);

		if (fd < 0) {
			close(initrd_fd);
			close(kernel_fd);
			return report_error("kexec-load", "preparing the next initramfs "
					    "(trimmed, with the run's files): %s", strerror(errno));
		}
		initrd_fd = fd;
	}
	if (syscall(SYS_kexec_file_load, kernel_fd, initrd_fd, strlen(cmdline) + 1, cmdline,
		    0UL) != 0)
		rc = report_error("kexec-load", "kexec_file_load(%s): %s", kernel,
				  strerror(errno));
	close(initrd_fd);
	close(kernel_fd);
	return rc;
}

int kexec_into(int next)
{
	char kernel[64], cmdline[4096];

	kernel_path(next, kernel, sizeof(kernel));
	if (read_next_cmdline(next, cmdline, sizeof(cmdline)) || load_kernel(next, kernel, cmdline))
		return -1;
	report_send("kexec", json_pack("{s:i, s:s, s:s}", "next", next,
				       "kernel", kernel, "cmdline", cmdline));
	sync();
	reboot(LINUX_REBOOT_CMD_KEXEC);
	return report_error("kexec-exec", "reboot(KEXEC): %s", strerror(errno));
}
