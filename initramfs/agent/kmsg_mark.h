/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Marks in the kernel log (/dev/kmsg): a record in the kernel's own ring,
 * ordered exactly with the kernel's lines, where a line the agent writes
 * to the console may overtake or trail them.
 */
#ifndef LUTB_AGENT_KMSG_MARK_H
#define LUTB_AGENT_KMSG_MARK_H

/* Must match src/evidence/posted_log.c's reading of the mark. */
#define KMSG_MARK_PREFIX "lutb-agent: "

/* Logs KMSG_MARK_PREFIX and the formatted text at KERN_INFO; best effort. */
void mark_kernel_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
