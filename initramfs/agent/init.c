// SPDX-License-Identifier: GPL-2.0-only
#include "init.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void mount_fs(const char *type, const char *dir)
{
	mkdir(dir, 0755);
	if (mount(type, dir, type, 0, NULL))
		fprintf(stderr, "lutb-init: mounting %s on %s: %m\n", type, dir);
}

void init_run(int (*agent)(void))
{
	int status = 0;
	pid_t pid, gone;

	mount_fs("proc", "/proc");
	mount_fs("sysfs", "/sys");
	mount_fs("devtmpfs", "/dev");
	mount_fs("debugfs", "/sys/kernel/debug");
	mount_fs("tmpfs", "/run");
	pid = fork();
	if (pid == 0)
		exit(agent());
	if (pid < 0)
		fprintf(stderr, "lutb-init: fork: %m\n");
	while (pid > 0) {
		gone = wait(&status);
		if (gone == pid || (gone < 0 && errno != EINTR))
			break;
	}
	if (WIFSIGNALED(status))
		fprintf(stderr, "lutb-init: agent killed by signal %d, powering off\n",
			WTERMSIG(status));
	else
		fprintf(stderr, "lutb-init: agent exited with status %d, powering off\n",
			WEXITSTATUS(status));
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
