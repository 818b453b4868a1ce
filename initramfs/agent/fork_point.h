/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The point where runs start to differ. lutb may boot kernel A once, save
 * the VM here and start every run that shares the machine, kernel A and
 * its command line from the saved state: kernel A's initramfs then holds
 * no run's settings, and the agent receives them, as files, over the
 * report port. Kernel B gets them too, appended to its initramfs.
 */
#ifndef LUTB_AGENT_FORK_POINT_H
#define LUTB_AGENT_FORK_POINT_H

#include <stdbool.h>

/* Whether this boot is one to save the VM in (generation 1 of a saved VM). */
bool fork_point_here(int generation);
/*
 * Tells the host this is the point to save the VM at, then waits for the
 * run's files and writes them. 0, or -1 on a bad message.
 */
int fork_point_wait(int report_fd);
/* Whether files arrived here, which the next kernel's initramfs needs. */
bool fork_point_received(void);
/* Appends a cpio archive of those files to @fd (4-byte aligned at start). */
int fork_point_write_cpio(int fd);

#endif
