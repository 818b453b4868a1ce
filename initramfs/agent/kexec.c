// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE /* memfd_create() */
#include "kexec.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cmdline.h"
#include "fork_point.h"
#include "report.h"

#define RETAINED_INITRD "/sys/firmware/initrd"

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

/*
 * After a fork point the run's files are in kernel A's rootfs only: the
 * next kernel gets the retained initramfs with them appended, in memory.
 */
static int initrd_with_run_files(int retained_fd)
{
	static char buf[1 << 16];
	int fd = memfd_create("initrd", MFD_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(retained_fd, buf, sizeof(buf))) > 0)
		if (write(fd, buf, (size_t)n) != n)
			n = -1;
	if (n < 0 || fork_point_write_cpio(fd) || lseek(fd, 0, SEEK_SET) != 0) {
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
static int load_kernel(const char *kernel, const char *cmdline)
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
		int fd = initrd_with_run_files(initrd_fd);

		if (fd < 0) {
			close(initrd_fd);
			close(kernel_fd);
			return report_error("kexec-load", "appending the run's files to the "
					    "initramfs: %s", strerror(errno));
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
	if (read_next_cmdline(next, cmdline, sizeof(cmdline)) || load_kernel(kernel, cmdline))
		return -1;
	report_send("kexec", json_pack("{s:i, s:s, s:s}", "next", next,
				       "kernel", kernel, "cmdline", cmdline));
	sync();
	reboot(LINUX_REBOOT_CMD_KEXEC);
	return report_error("kexec-exec", "reboot(KEXEC): %s", strerror(errno));
}
