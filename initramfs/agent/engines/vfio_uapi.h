/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ioctls of the VFIO device cdev and iommufd the vfio-pci engine uses,
 * as include/uapi/linux/vfio.h and iommufd.h define them from Linux 6.6
 * on. Declared here because the build host's headers (Debian 12: Linux
 * 6.1) predate them; the guest kernels are 7.x.
 */
#ifndef LUTB_AGENT_VFIO_UAPI_H
#define LUTB_AGENT_VFIO_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define LUTB_VFIO_TYPE ';'
#define LUTB_VFIO_BASE 100

struct lutb_vfio_device_bind_iommufd {
	__u32 argsz;
	__u32 flags;
	__s32 iommufd;
	__u32 out_devid;
};
#define LUTB_VFIO_DEVICE_BIND_IOMMUFD _IO(LUTB_VFIO_TYPE, LUTB_VFIO_BASE + 18)

struct lutb_vfio_device_attach_iommufd_pt {
	__u32 argsz;
	__u32 flags;
	__u32 pt_id;
};
#define LUTB_VFIO_DEVICE_ATTACH_IOMMUFD_PT _IO(LUTB_VFIO_TYPE, LUTB_VFIO_BASE + 19)

struct lutb_iommu_ioas_alloc {
	__u32 size;
	__u32 flags;
	__u32 out_ioas_id;
};
#define LUTB_IOMMU_IOAS_ALLOC _IO(';', 0x81)

struct lutb_iommu_ioas_map {
	__u32 size;
	__u32 flags;
	__u32 ioas_id;
	__u32 reserved;
	__u64 user_va;
	__u64 length;
	__u64 iova;
};
#define LUTB_IOMMU_IOAS_MAP _IO(';', 0x85)
#define LUTB_IOMMU_IOAS_MAP_FIXED_IOVA (1 << 0)
#define LUTB_IOMMU_IOAS_MAP_WRITEABLE (1 << 1)
#define LUTB_IOMMU_IOAS_MAP_READABLE (1 << 2)

#endif
