// SPDX-License-Identifier: GPL-2.0-only
#include "luo.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/*
 * The ioctls of include/uapi/linux/liveupdate.h (Linux 7.x), declared here
 * because the build host's kernel headers predate them. Each argument
 * starts with its own size, so the kernel can extend them compatibly.
 */
#define LUO_DEV			"/dev/liveupdate"
#define LUO_IOCTL_TYPE		0xBA
#define LUO_NAME_LENGTH		64

struct luo_session_arg {
	uint32_t size;
	int32_t fd;
	uint8_t name[LUO_NAME_LENGTH];
};

struct luo_fd_arg {
	uint32_t size;
	int32_t fd;
	uint64_t token __attribute__((aligned(8)));
};

struct luo_finish_arg {
	uint32_t size;
	uint32_t reserved;
};

#define LUO_CREATE_SESSION	_IO(LUO_IOCTL_TYPE, 0x00)
#define LUO_RETRIEVE_SESSION	_IO(LUO_IOCTL_TYPE, 0x01)
#define LUO_SESSION_PRESERVE_FD	_IO(LUO_IOCTL_TYPE, 0x40)
#define LUO_SESSION_RETRIEVE_FD	_IO(LUO_IOCTL_TYPE, 0x41)
#define LUO_SESSION_FINISH	_IO(LUO_IOCTL_TYPE, 0x42)

/*
 * /dev/liveupdate allows one opener; the agent keeps it open until it hands
 * the device to another program (luo_close_device()).
 */
static int luo_dev_fd = -1;

static int luo_dev(void)
{
	if (luo_dev_fd < 0)
		luo_dev_fd = open(LUO_DEV, O_RDWR | O_CLOEXEC);
	return luo_dev_fd < 0 ? -errno : luo_dev_fd;
}

void luo_close_device(void)
{
	if (luo_dev_fd >= 0)
		close(luo_dev_fd);
	luo_dev_fd = -1;
}

static int luo_session_ioctl(unsigned long cmd, const char *name)
{
	struct luo_session_arg arg = { .size = sizeof(arg), .fd = -1 };
	int dev = luo_dev();

	if (dev < 0)
		return dev;
	strncpy((char *)arg.name, name, sizeof(arg.name) - 1);
	if (ioctl(dev, cmd, &arg) < 0)
		return -errno;
	return arg.fd;
}

int luo_create_session(const char *name)
{
	return luo_session_ioctl(LUO_CREATE_SESSION, name);
}

int luo_retrieve_session(const char *name)
{
	return luo_session_ioctl(LUO_RETRIEVE_SESSION, name);
}

int luo_preserve_fd(int session, int fd, uint64_t token)
{
	struct luo_fd_arg arg = { .size = sizeof(arg), .fd = fd, .token = token };

	return ioctl(session, LUO_SESSION_PRESERVE_FD, &arg) < 0 ? -errno : 0;
}

int luo_retrieve_fd(int session, uint64_t token)
{
	struct luo_fd_arg arg = { .size = sizeof(arg), .fd = -1, .token = token };

	return ioctl(session, LUO_SESSION_RETRIEVE_FD, &arg) < 0 ? -errno : arg.fd;
}

int luo_finish_session(int session)
{
	struct luo_finish_arg arg = { .size = sizeof(arg) };

	return ioctl(session, LUO_SESSION_FINISH, &arg) < 0 ? -errno : 0;
}
