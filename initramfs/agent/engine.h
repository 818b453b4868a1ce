/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DMA engines the agent drives across a live update. The generic steps
 * (discover, start, preserve, retrieve, verify, finish) live in engine.c
 * and liveupdate.c; each kind of device plugs in behind struct engine_ops,
 * the way the kernel's vfio selftests keep one driver per device under
 * lib/drivers/. Only the ops know the device's registers and records.
 */
#ifndef LUTB_AGENT_ENGINE_H
#define LUTB_AGENT_ENGINE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define ENGINE_MAX 16

struct engine_params {
	uint32_t ring_entries;
	uint32_t period_ns;
	uint64_t max_gap_ns;	/* verify: the largest gap between records allowed */
};

struct engine;

struct engine_ops {
	const char *name;
	uint16_t vendor, device;
	/* Optional: bind the device to the driver whose fd these ops use,
	 * before open() and before a later kernel retrieves the fd. */
	int (*claim)(struct engine *e);
	/* Optional: make an fd retrieved from the previous kernel usable, as
	 * its user would before going on with it. */
	int (*resume)(struct engine *e);
	/* Open the device's char device for a fresh start (kernel A). */
	int (*open)(struct engine *e);
	/* Set up its memory and start DMA that runs until stopped. */
	int (*start)(struct engine *e, const struct engine_params *p);
	/* Registers and counters, as JSON. */
	json_t *(*status)(struct engine *e);
	/* Check what the DMA wrote so far; sets *ok. */
	json_t *(*verify)(struct engine *e, const struct engine_params *p, bool *ok);
	/* Optional: have the device log @value in its own timeline. */
	void (*mark)(struct engine *e, uint32_t value);
};

struct engine {
	char bdf[16];
	unsigned int subsystem_vendor, subsystem_id;
	const struct engine_ops *ops;
	int fd;			/* the engine's fd, opened or retrieved */
	int session;		/* its LUO session, or -1 */
	bool retrieved;		/* fd came from the previous kernel */
	uint32_t epoch;		/* what start() stamped into the records */
	void *priv;		/* the ops' own state */
};

extern const struct engine_ops lu_dma_ops;
extern const struct engine_ops vfio_lu_dma_ops;

/* Every device some ops drive, in BDF order; lu-dma engines named by the
 * setting vfio=BDF,... are driven through vfio-pci. */
int engines_discover(struct engine *engines, int max);
/* {"bdf", "subsystem_id", ...}: how reports name an engine. */
json_t *engine_id(const struct engine *e);

#endif
