// SPDX-License-Identifier: GPL-2.0-only
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lu_dma_regs.h"
#include "phase_mark.h"

#define LU_DMA_VENDOR_DEVICE "0x1234 0x4c55"

/* One line of a device's sysfs attribute, without its newline. */
static void read_attr(const char *bdf, const char *attr, char *buf, size_t len)
{
	char path[96];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%.32s/%s", bdf, attr);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

static int is_lu_dma(const char *bdf)
{
	char vendor[16], device[16], both[40];

	read_attr(bdf, "vendor", vendor, sizeof(vendor));
	read_attr(bdf, "device", device, sizeof(device));
	snprintf(both, sizeof(both), "%s %s", vendor, device);
	return strcmp(both, LU_DMA_VENDOR_DEVICE) == 0;
}

/* Through sysfs, so that it works whichever driver holds the engine. */
static void write_mark(const char *bdf, uint32_t value)
{
	char path[96];
	volatile uint32_t *regs;
	int fd;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%.32s/resource0", bdf);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0)
		return;
	regs = mmap(NULL, QEMU_LU_DMA_BAR0_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (regs == MAP_FAILED)
		return;
	regs[QEMU_LU_DMA_REG_MARK / 4] = value;
	munmap((void *)regs, QEMU_LU_DMA_BAR0_SIZE);
}

void phase_mark(int generation, enum phase_mark phase)
{
	DIR *dir = opendir("/sys/bus/pci/devices");
	struct dirent *de;

	while (dir && (de = readdir(dir)))
		if (de->d_name[0] != '.' && is_lu_dma(de->d_name))
			write_mark(de->d_name, (uint32_t)generation << 8 | phase);
	if (dir)
		closedir(dir);
}
