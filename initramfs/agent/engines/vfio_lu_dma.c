// SPDX-License-Identifier: GPL-2.0-only
/*
 * Engine ops for lu-dma held by vfio-pci, the way a VMM holds a device it
 * passes through: the VFIO device cdev is the fd LUO preserves (through
 * VFIO's own file handler, when the kernel has one), its DMA goes through
 * an iommufd IOAS into the agent's memory, and the agent programs the
 * registers itself. Chosen per engine by the setting vfio=BDF,...
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../engine.h"
#include "../pci_sysfs.h"
#include "lu_dma_bar.h"
#include "lu_dma_regs.h"
#include "vfio_uapi.h"

#define PCI_DEVICES "/sys/bus/pci/devices"
/* Where the ring sits in the engine's IOAS: any page-aligned address. */
#define RING_IOVA 0x10000000ull

struct vfio_engine {
	int iommufd;
	volatile uint32_t *regs;
	void *ring;
	size_t ring_size;
};

/* Says on the console which step failed (errno), and returns -errno. */
static int step_failed(const struct engine *e, const char *step)
{
	int err = errno ? errno : EIO;

	fprintf(stderr, "lutb-agent: %s: vfio-pci: %s: %s\n", e->bdf, step, strerror(err));
	return -err;
}

/*
 * Hands the device to vfio-pci: in kernel A before opening it, in later
 * kernels before retrieving it (the PCI core leaves it to the user to
 * bind an incoming device to the driver that preserved it).
 */
static int vfio_claim(struct engine *e)
{
	char driver[128];
	int err;

	pci_sysfs_driver(e->bdf, driver, sizeof(driver));
	if (!strcmp(driver, "vfio-pci"))
		return 0;
	if ((*driver && (err = pci_sysfs_unbind(e->bdf))) ||
	    (err = pci_sysfs_bind(e->bdf, "vfio-pci")))
		return err;
	pci_sysfs_driver(e->bdf, driver, sizeof(driver));
	return strcmp(driver, "vfio-pci") ? -ENODEV : 0;
}

static int vfio_open(struct engine *e)
{
	char dir[128], path[300];
	struct dirent *d;
	DIR *dh;
	int err;

	if ((err = vfio_claim(e)))
		return err;
	snprintf(dir, sizeof(dir), PCI_DEVICES "/%s/vfio-dev", e->bdf);
	dh = opendir(dir);
	if (!dh)
		return -errno;
	path[0] = '\0';
	while ((d = readdir(dh)))
		if (!strncmp(d->d_name, "vfio", 4))
			snprintf(path, sizeof(path), "/dev/vfio/devices/%s", d->d_name);
	closedir(dh);
	if (!path[0])
		return -ENODEV;
	e->fd = open(path, O_RDWR | O_CLOEXEC);
	return e->fd < 0 ? step_failed(e, path) : 0;
}

/* A cdev fd is usable once bound to an iommufd and attached to an IOAS. */
static int vfio_attach(struct engine *e, struct vfio_engine *v, uint32_t *ioas)
{
	struct lutb_vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct lutb_vfio_device_attach_iommufd_pt attach = { .argsz = sizeof(attach) };
	struct lutb_iommu_ioas_alloc alloc = { .size = sizeof(alloc) };

	v->iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (v->iommufd < 0)
		return step_failed(e, "open /dev/iommu");
	bind.iommufd = v->iommufd;
	if (ioctl(e->fd, LUTB_VFIO_DEVICE_BIND_IOMMUFD, &bind) < 0)
		return step_failed(e, "VFIO_DEVICE_BIND_IOMMUFD");
	if (ioctl(v->iommufd, LUTB_IOMMU_IOAS_ALLOC, &alloc) < 0)
		return step_failed(e, "IOMMU_IOAS_ALLOC");
	attach.pt_id = alloc.out_ioas_id;
	if (ioctl(e->fd, LUTB_VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach) < 0)
		return step_failed(e, "VFIO_DEVICE_ATTACH_IOMMUFD_PT");
	*ioas = alloc.out_ioas_id;
	return 0;
}

/*
 * A retrieved cdev fd is bound to no iommufd: a VMM binds and attaches it
 * again before it goes on (and VFIO lets the session finish only then).
 * Its DMA would need new mappings; the ring of kernel A is gone.
 */
static int vfio_resume(struct engine *e)
{
	struct vfio_engine *v = calloc(1, sizeof(*v));
	uint32_t ioas;

	if (!v)
		return -ENOMEM;
	e->priv = v;
	return vfio_attach(e, v, &ioas);
}

static int set_bus_master(const char *bdf)
{
	char path[128];
	uint16_t cmd;
	int fd, err = 0;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/config", bdf);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (pread(fd, &cmd, sizeof(cmd), 4) != sizeof(cmd))
		err = -EIO;
	cmd |= 0x6;	/* memory space, bus master */
	if (!err && pwrite(fd, &cmd, sizeof(cmd), 4) != sizeof(cmd))
		err = -EIO;
	close(fd);
	return err;
}

static int vfio_start(struct engine *e, const struct engine_params *p)
{
	struct vfio_engine *v = calloc(1, sizeof(*v));
	struct lutb_iommu_ioas_map map = { .size = sizeof(map) };
	struct timespec ts;
	uint32_t ioas = 0;
	int err;

	if (!v)
		return -ENOMEM;
	e->priv = v;
	v->iommufd = -1;
	if ((err = vfio_attach(e, v, &ioas)))
		return err;
	v->ring_size = ((size_t)p->ring_entries * QEMU_LU_DMA_RECORD_SIZE + 4095) & ~(size_t)4095;
	v->ring = mmap(NULL, v->ring_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	if (v->ring == MAP_FAILED)
		return step_failed(e, "mmap of the ring");
	map.flags = LUTB_IOMMU_IOAS_MAP_FIXED_IOVA | LUTB_IOMMU_IOAS_MAP_WRITEABLE |
		    LUTB_IOMMU_IOAS_MAP_READABLE;
	map.ioas_id = ioas;
	map.user_va = (uintptr_t)v->ring;
	map.length = v->ring_size;
	map.iova = RING_IOVA;
	if (ioctl(v->iommufd, LUTB_IOMMU_IOAS_MAP, &map) < 0)
		return step_failed(e, "IOMMU_IOAS_MAP");
	v->regs = lu_dma_bar0(e->bdf);
	if (!v->regs)
		return step_failed(e, "mmap of BAR0 (sysfs resource0)");
	if ((err = set_bus_master(e->bdf))) {
		errno = -err;
		return step_failed(e, "Bus Master Enable (sysfs config)");
	}
	clock_gettime(CLOCK_BOOTTIME, &ts);
	e->epoch = (uint32_t)(ts.tv_nsec ^ (ts.tv_sec << 20)) | 1;
	v->regs[QEMU_LU_DMA_REG_RING_LO / 4] = (uint32_t)RING_IOVA;
	v->regs[QEMU_LU_DMA_REG_RING_HI / 4] = (uint32_t)(RING_IOVA >> 32);
	v->regs[QEMU_LU_DMA_REG_RING_ENTRIES / 4] = p->ring_entries;
	v->regs[QEMU_LU_DMA_REG_PERIOD_NS / 4] = p->period_ns;
	v->regs[QEMU_LU_DMA_REG_EPOCH / 4] = e->epoch;
	v->regs[QEMU_LU_DMA_REG_CTRL / 4] = QEMU_LU_DMA_CTRL_STREAM;
	return 0;
}

static uint64_t read64(volatile uint32_t *regs, unsigned int lo)
{
	uint32_t hi = regs[lo / 4 + 1], l = regs[lo / 4];

	return (uint64_t)hi << 32 | l;
}

static json_t *vfio_status(struct engine *e)
{
	struct vfio_engine *v = e->priv;
	volatile uint32_t *regs = v && v->regs ? v->regs : lu_dma_bar0(e->bdf);
	uint32_t status;
	json_t *j;

	if (!regs)
		return json_pack("{s:s}", "error", "cannot map BAR0");
	status = regs[QEMU_LU_DMA_REG_STATUS / 4];
	j = json_pack("{s:s, s:I, s:I, s:I, s:i, s:i, s:i, s:b, s:b}", "driver", "vfio-pci",
		      "seq", (json_int_t)read64(regs, QEMU_LU_DMA_REG_SEQ_LO),
		      "ok", (json_int_t)read64(regs, QEMU_LU_DMA_REG_OK_LO),
		      "blocked", (json_int_t)read64(regs, QEMU_LU_DMA_REG_BLOCKED_LO),
		      "epoch", (int)regs[QEMU_LU_DMA_REG_EPOCH / 4],
		      "resets", (int)regs[QEMU_LU_DMA_REG_RESETS / 4],
		      "status", (int)status,
		      "streaming", (status & QEMU_LU_DMA_STATUS_STREAMING) != 0,
		      "path_ok", (status & QEMU_LU_DMA_STATUS_PATH_OK) != 0);
	if (regs != (v ? v->regs : NULL))
		munmap((void *)regs, QEMU_LU_DMA_BAR0_SIZE);
	return j;
}

/*
 * The ring was the previous kernel's user memory, mapped through an IOAS
 * that did not survive: a retrieved engine has no ring to read. What is
 * left to say is whether it still streams, which the judge holds to
 * QEMU's log.
 */
static json_t *vfio_verify(struct engine *e, const struct engine_params *p, bool *ok)
{
	json_t *j = json_pack("{s:b, s:s, s:o}", "ok", false, "error",
			      "vfio-pci: the ring was the previous kernel's user memory; "
			      "no IOAS kept it", "counters", vfio_status(e));

	(void)p;
	*ok = false;
	return j;
}

const struct engine_ops vfio_lu_dma_ops = {
	.name = "lu-dma (vfio-pci)",
	.vendor = 0x1234,
	.device = 0x4c55,
	.claim = vfio_claim,
	.resume = vfio_resume,
	.open = vfio_open,
	.start = vfio_start,
	.status = vfio_status,
	.verify = vfio_verify,
	.mark = lu_dma_mark,
};
