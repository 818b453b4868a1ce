/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Live Update Orchestrator's user API (/dev/liveupdate, see the kernel's
 * include/uapi/linux/liveupdate.h): sessions that carry file descriptors
 * across kexec. Every function returns a file descriptor or 0 on success
 * and -errno on failure.
 */
#ifndef LUTB_AGENT_LUO_H
#define LUTB_AGENT_LUO_H

#include <stdint.h>

int luo_create_session(const char *name);
int luo_retrieve_session(const char *name);
int luo_preserve_fd(int session, int fd, uint64_t token);
int luo_retrieve_fd(int session, uint64_t token);
int luo_finish_session(int session);
/*
 * Lets another program open /dev/liveupdate, which admits one opener at a
 * time; sessions stay open. The next call above opens it again.
 */
void luo_close_device(void);

#endif
