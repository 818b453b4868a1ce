// SPDX-License-Identifier: GPL-2.0-only
/*
 * Engine ops for QEMU's lu-dma (docs/specs/lu-dma.rst) through the guest
 * driver's char device (lu_dma_uapi.h, taken from the driver's patch in
 * guest-kernel/driver/).
 */
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
#include "lu_dma_bar.h"
#include "lu_dma_regs.h"
#include "lu_dma_uapi.h"

/*
 * CRC-32C as lu-dma computes it and its spec page says: the standard one
 * (initial value ~0, result inverted).
 */
static uint32_t crc32c(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t crc = 0xffffffff;

	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82f63b78 & -(crc & 1));
	}
	return ~crc;
}

static int lu_dma_open(struct engine *e)
{
	char path[64];

	snprintf(path, sizeof(path), "/dev/lu_dma-%s", e->bdf);
	e->fd = open(path, O_RDWR | O_CLOEXEC);
	return e->fd < 0 ? -errno : 0;
}

static int lu_dma_start(struct engine *e, const struct engine_params *p)
{
	struct lu_dma_ring ring = { .entries = p->ring_entries };
	struct lu_dma_stream stream = { .period_ns = p->period_ns };
	struct timespec ts;

	/* A new epoch per run tells this run's records from stale memory. */
	clock_gettime(CLOCK_BOOTTIME, &ts);
	e->epoch = (uint32_t)(ts.tv_nsec ^ (ts.tv_sec << 20)) | 1;
	stream.epoch = e->epoch;
	if (ioctl(e->fd, LU_DMA_IOC_SETUP_RING, &ring) < 0 ||
	    ioctl(e->fd, LU_DMA_IOC_START_STREAM, &stream) < 0)
		return -errno;
	return 0;
}

static int lu_dma_counters(struct engine *e, struct lu_dma_counters *c)
{
	return ioctl(e->fd, LU_DMA_IOC_COUNTERS, c) < 0 ? -errno : 0;
}

static json_t *counters_json(const struct lu_dma_counters *c)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:b, s:b}",
			 "seq", (json_int_t)c->seq, "ok", (json_int_t)c->ok,
			 "blocked", (json_int_t)c->blocked,
			 "ring", (json_int_t)c->ring_dma, "entries", (int)c->entries,
			 "epoch", (int)c->epoch, "period_ns", (int)c->period_ns,
			 "requester_id", (int)c->requester_id, "resets", (int)c->resets,
			 "status", (int)c->status, "ctrl", (int)c->ctrl,
			 "streaming", (c->status & LU_DMA_STATUS_STREAMING) != 0,
			 "path_ok", (c->status & LU_DMA_STATUS_PATH_OK) != 0);
}

static json_t *lu_dma_status(struct engine *e)
{
	struct lu_dma_info info;
	struct lu_dma_counters c;
	json_t *j;

	if (lu_dma_counters(e, &c))
		return json_pack("{s:s}", "error", strerror(errno));
	j = counters_json(&c);
	if (ioctl(e->fd, LU_DMA_IOC_INFO, &info) == 0) {
		json_object_set_new(j, "incoming", json_boolean(info.flags & LU_DMA_INFO_INCOMING));
		json_object_set_new(j, "preserved", json_boolean(info.flags & LU_DMA_INFO_PRESERVED));
		json_object_set_new(j, "pci_liveupdate", json_boolean(info.flags & LU_DMA_INFO_PCI_LU));
	}
	return j;
}

struct ring_check {
	uint64_t first, last;		/* seq range checked, [first, last] */
	uint64_t checked, holes, regressions, bad_crc, bad_epoch, backwards;
	uint64_t max_gap_ns, max_gap_seq, last_vtime;
	long first_bad;			/* first bad seq, or -1 */
};

static void note_bad(struct ring_check *rc, uint64_t seq)
{
	if (rc->first_bad < 0)
		rc->first_bad = (long)seq;
}

/*
 * The engine writes record SEQ into slot SEQ % entries. Read the ring
 * between two SEQ readings S0 <= S1: records below S0 are complete, and
 * those the engine may have overwritten while we read (down to S1 -
 * entries, one more for a write in flight) are left out.
 */
static void check_ring(const struct lu_dma_record *ring, uint32_t entries,
		       uint32_t epoch, uint64_t s0, uint64_t s1,
		       struct ring_check *rc)
{
	uint64_t lo = s1 + 2 > entries ? s1 + 2 - entries : 0;

	memset(rc, 0, sizeof(*rc));
	rc->first_bad = -1;
	rc->first = lo;
	rc->last = s0 ? s0 - 1 : 0;
	for (uint64_t seq = lo; seq < s0; seq++) {
		const struct lu_dma_record *r = &ring[seq % entries];

		rc->checked++;
		if (r->magic != LU_DMA_RECORD_MAGIC || r->seq < seq) {
			rc->holes++;	/* never written: the engine skipped it */
			note_bad(rc, seq);
			continue;
		}
		if (r->seq > seq) {
			rc->regressions++;	/* written again later: a restart */
			note_bad(rc, seq);
			continue;
		}
		if (crc32c(r, 28) != r->crc32c) {
			rc->bad_crc++;
			note_bad(rc, seq);
			continue;
		}
		if (epoch && r->epoch != epoch) {
			rc->bad_epoch++;
			note_bad(rc, seq);
		}
		if (seq > lo) {
			if (r->vtime_ns <= rc->last_vtime) {
				rc->backwards++;
				note_bad(rc, seq);
			} else if (r->vtime_ns - rc->last_vtime > rc->max_gap_ns) {
				rc->max_gap_ns = r->vtime_ns - rc->last_vtime;
				rc->max_gap_seq = seq;
			}
		}
		rc->last_vtime = r->vtime_ns;
	}
}

static json_t *lu_dma_verify(struct engine *e, const struct engine_params *p, bool *ok)
{
	struct lu_dma_counters c0, c1;
	struct lu_dma_record *ring;
	struct ring_check rc;
	size_t size;
	ssize_t got;
	json_t *j;

	*ok = false;
	if (lu_dma_counters(e, &c0))
		return json_pack("{s:s}", "error", strerror(errno));
	size = (size_t)c0.entries * sizeof(*ring);
	ring = c0.entries ? malloc(size) : NULL;
	if (!ring)
		return json_pack("{s:s}", "error", "engine has no ring");
	got = pread(e->fd, ring, size, 0);
	if (got != (ssize_t)size || lu_dma_counters(e, &c1)) {
		free(ring);
		return json_pack("{s:s}", "error", got < 0 ? strerror(errno) : "short ring read");
	}
	/* Retrieved engines carry the epoch kernel A stamped. */
	check_ring(ring, c0.entries, c0.epoch, c0.seq, c1.seq, &rc);
	free(ring);

	*ok = rc.checked > 1 && !rc.holes && !rc.regressions && !rc.bad_crc &&
	      !rc.bad_epoch && !rc.backwards && !c1.blocked &&
	      (c1.status & LU_DMA_STATUS_STREAMING) &&
	      (!p->max_gap_ns || rc.max_gap_ns <= p->max_gap_ns);
	j = json_pack("{s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
		      "ok", *ok, "first_seq", (json_int_t)rc.first,
		      "last_seq", (json_int_t)rc.last,
		      "checked", (json_int_t)rc.checked, "holes", (json_int_t)rc.holes,
		      "regressions", (json_int_t)rc.regressions,
		      "bad_crc", (json_int_t)rc.bad_crc, "bad_epoch", (json_int_t)rc.bad_epoch,
		      "time_backwards", (json_int_t)rc.backwards,
		      "max_gap_ns", (json_int_t)rc.max_gap_ns,
		      "max_gap_at_seq", (json_int_t)rc.max_gap_seq,
		      "max_gap_allowed_ns", (json_int_t)p->max_gap_ns,
		      "counters", counters_json(&c1));
	json_object_set_new(j, "first_bad_seq",
			    rc.first_bad < 0 ? json_null() : json_integer(rc.first_bad));
	return j;
}

volatile uint32_t *lu_dma_bar0(const char *bdf)
{
	char path[64];
	void *regs;
	int fd;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource0", bdf);
	fd = open(path, O_RDWR | O_SYNC | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	regs = mmap(NULL, QEMU_LU_DMA_BAR0_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return regs == MAP_FAILED ? NULL : regs;
}

/*
 * MARK is written through sysfs rather than the driver, so that it works
 * whichever driver holds the engine, or none; QEMU logs every write.
 */
void lu_dma_mark(struct engine *e, uint32_t value)
{
	volatile uint32_t *regs = lu_dma_bar0(e->bdf);

	if (!regs)
		return;
	regs[QEMU_LU_DMA_REG_MARK / 4] = value;
	munmap((void *)regs, QEMU_LU_DMA_BAR0_SIZE);
}

const struct engine_ops lu_dma_ops = {
	.name = "lu-dma",
	.vendor = 0x1234,
	.device = 0x4c55,
	.open = lu_dma_open,
	.start = lu_dma_start,
	.status = lu_dma_status,
	.verify = lu_dma_verify,
	.mark = lu_dma_mark,
};
