// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bare floor's /init (bench/run-vs-floor): in generation 1 it kexecs
 * the kernel beside it with the same command line and lutb.gen=2, handing
 * its own initramfs on (retain_initrd keeps it in /sys/firmware/initrd);
 * in generation 2 it powers off. Nothing else: what a live update costs
 * at the least on this machine, kernel and command line.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

static void say(const char *what)
{
	printf("lutb-floor: %s\n", what);
	fflush(stdout);
}

int main(void)
{
	char cmdline[4096];
	char *gen;
	ssize_t n;
	int fd, kernel, initrd;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	fd = open("/proc/cmdline", O_RDONLY);
	n = fd < 0 ? -1 : read(fd, cmdline, sizeof(cmdline) - 1);
	if (n <= 0) {
		say("no /proc/cmdline");
		reboot(RB_POWER_OFF);
	}
	cmdline[n] = '\0';
	cmdline[strcspn(cmdline, "\n")] = '\0';
	gen = strstr(cmdline, "lutb.gen=1");
	if (!gen) {
		say("generation 2");
		reboot(RB_POWER_OFF);
	}
	say("generation 1");
	gen[strlen("lutb.gen=")] = '2';
	kernel = open("/kernel", O_RDONLY);
	initrd = open("/sys/firmware/initrd", O_RDONLY);
	if (syscall(SYS_kexec_file_load, kernel, initrd, strlen(cmdline) + 1, cmdline, 0UL)) {
		perror("lutb-floor: kexec_file_load");
		reboot(RB_POWER_OFF);
	}
	say("kexec");
	reboot(RB_KEXEC);
	return 1;
}
