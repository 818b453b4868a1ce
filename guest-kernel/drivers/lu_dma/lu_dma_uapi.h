/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * lu_dma: user API of the guest driver for QEMU's lu-dma engine
 * (docs/specs/lu-dma.rst in qemu-patches/0003-*.patch).
 *
 * Each engine is a char device /dev/lu_dma-DDDD:BB:DD.F with one owner at a
 * time. The owner sets up a ring, starts stream or copy mode and reads the
 * ring with pread(). The fd can be preserved in a LUO session
 * (/dev/liveupdate); the next kernel hands it back, engine still running,
 * from LIVEUPDATE_SESSION_RETRIEVE_FD.
 */
#ifndef _UAPI_LU_DMA_H
#define _UAPI_LU_DMA_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define LU_DMA_RECORD_SIZE	32
#define LU_DMA_RECORD_MAGIC	0x5244554c	/* "LUDR" */
#define LU_DMA_MAX_ENTRIES	(1u << 20)

/* One stream-mode record, as the engine writes it into the ring. */
struct lu_dma_record {
	__u32 magic;
	__u32 epoch;
	__u64 seq;
	__u64 vtime_ns;
	__u16 requester_id;
	__u16 zero;
	__u32 crc32c;	/* CRC-32C of bytes 0-27, the standard one (lu-dma.rst) */
};

/* lu_dma_info.flags */
#define LU_DMA_INFO_INCOMING	(1u << 0)	/* inherited from the previous kernel */
#define LU_DMA_INFO_PRESERVED	(1u << 1)	/* preserved for the next kernel */
#define LU_DMA_INFO_PCI_LU	(1u << 2)	/* kernel has PCI preservation */

struct lu_dma_info {
	__u32 domain;
	__u16 bdf;
	__u16 flags;
	__u16 vendor;
	__u16 device;
	__u16 subsystem_vendor;
	__u16 subsystem_device;
};

struct lu_dma_ring {
	__u32 entries;		/* in: power of two, at most LU_DMA_MAX_ENTRIES */
	__u32 reserved;
	__u64 dma_addr;		/* out: the ring's bus address */
};

struct lu_dma_stream {
	__u32 period_ns;	/* at least 1000 */
	__u32 epoch;		/* stamped into every record */
};

/* Copy @count times @len bytes within the ring buffer. */
struct lu_dma_copy {
	__u32 src_offset;
	__u32 dst_offset;
	__u32 len;
	__u32 count;
};

/* A snapshot of the engine's registers. */
struct lu_dma_counters {
	__u64 seq;		/* records written */
	__u64 ok;		/* transactions completed */
	__u64 blocked;		/* transactions failed (Bus Master off, ...) */
	__u64 ring_dma;
	__u32 ctrl;
	__u32 status;
	__u32 entries;
	__u32 epoch;
	__u32 period_ns;
	__u32 requester_id;
	__u32 resets;
	__u32 copy_done;
};

/* lu_dma_counters.status */
#define LU_DMA_STATUS_STREAMING	(1u << 0)
#define LU_DMA_STATUS_COPYING	(1u << 1)
#define LU_DMA_STATUS_BLOCKED	(1u << 2)
#define LU_DMA_STATUS_COPY_DONE	(1u << 3)
#define LU_DMA_STATUS_PATH_OK	(1u << 4)

#define LU_DMA_IOC_MAGIC	0xd7
#define LU_DMA_IOC_INFO		_IOR(LU_DMA_IOC_MAGIC, 0, struct lu_dma_info)
#define LU_DMA_IOC_SETUP_RING	_IOWR(LU_DMA_IOC_MAGIC, 1, struct lu_dma_ring)
#define LU_DMA_IOC_START_STREAM	_IOW(LU_DMA_IOC_MAGIC, 2, struct lu_dma_stream)
#define LU_DMA_IOC_STOP		_IO(LU_DMA_IOC_MAGIC, 3)
#define LU_DMA_IOC_START_COPY	_IOW(LU_DMA_IOC_MAGIC, 4, struct lu_dma_copy)
#define LU_DMA_IOC_COUNTERS	_IOR(LU_DMA_IOC_MAGIC, 5, struct lu_dma_counters)

#endif /* _UAPI_LU_DMA_H */
