// SPDX-License-Identifier: GPL-2.0-only
#include "kexec.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmdline.h"
#include "report.h"

#define KEXEC_TOOL "/sbin/kexec"
#define RETAINED_INITRD "/sys/firmware/initrd"
#define INITRD_COPY "/run/lutb-initrd.img"

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

/* sysfs exposes the retained initrd; kexec wants a regular file. */
static int copy_retained_initrd(void)
{
	struct stat st;
	int in, out, rc = 0;
	ssize_t n;

	in = open(RETAINED_INITRD, O_RDONLY);
	if (in < 0)
		return report_error("kexec-load",
				    RETAINED_INITRD " missing (no retain_initrd?): %s",
				    strerror(errno));
	out = open(INITRD_COPY, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (out < 0 || fstat(in, &st) < 0) {
		close(in);
		return report_error("kexec-load", INITRD_COPY ": %s", strerror(errno));
	}
	for (off_t left = st.st_size; left > 0; left -= n) {
		n = sendfile(out, in, NULL, (size_t)left);
		if (n <= 0) {
			rc = report_error("kexec-load", "copying the initrd: %s",
					  n < 0 ? strerror(errno) : "short read");
			break;
		}
	}
	close(in);
	close(out);
	return rc;
}

static int run_kexec_load(const char *kernel, const char *cmdline)
{
	char cmdline_arg[4200];
	int status;
	pid_t pid;

	snprintf(cmdline_arg, sizeof(cmdline_arg), "--command-line=%s", cmdline);
	pid = fork();
	if (pid < 0)
		return report_error("kexec-load", "fork: %s", strerror(errno));
	if (pid == 0) {
		execl(KEXEC_TOOL, KEXEC_TOOL, "-s", "-l", kernel,
		      "--initrd=" INITRD_COPY, cmdline_arg, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return report_error("kexec-load", "waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return report_error("kexec-load", KEXEC_TOOL " -s -l %s failed (status %d)",
				    kernel, status);
	return 0;
}

int kexec_into(int next)
{
	char kernel[64], cmdline[4096];

	kernel_path(next, kernel, sizeof(kernel));
	if (read_next_cmdline(next, cmdline, sizeof(cmdline)) ||
	    copy_retained_initrd() || run_kexec_load(kernel, cmdline))
		return -1;
	report_send("kexec", json_pack("{s:i, s:s, s:s}", "next", next,
				       "kernel", kernel, "cmdline", cmdline));
	sync();
	reboot(LINUX_REBOOT_CMD_KEXEC);
	return report_error("kexec-exec", "reboot(KEXEC): %s", strerror(errno));
}
