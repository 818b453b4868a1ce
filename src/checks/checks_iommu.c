// SPDX-License-Identifier: GPL-2.0-only
#include "checks_iommu.h"

#include "rundir.h"

/*
 * lu-dma logs the first faults of each streak and counts every one in its
 * heartbeats; the count is whichever says more.
 */
static void check_faults(const struct run_device *d, guint from, GPtrArray *out)
{
	char *name = g_strdup_printf("iommu-faults:%s", d->spec->path);
	const struct ludma_event *first = NULL;
	g_autofree char *bdf = NULL, *why = NULL;
	gint64 lines = 0, counted = 0;

	for (guint i = from; i < d->log->events->len; i++) {
		const struct ludma_event *e = g_ptr_array_index(d->log->events, i);

		if (e->ev == LUDMA_HEARTBEAT)
			counted = MAX(counted, e->iommu_faults);
		if (e->ev != LUDMA_IOMMU_FAULT)
			continue;
		lines++;
		if (!first)
			first = e;
	}
	if (!first) {
		check_add(out, CHECK_PASS, name, "the IOMMU translated every DMA of %s",
			  d->spec->path);
		return;
	}
	bdf = check_rid_text(first->rid_new);
	why = g_strdup_printf("%s (reason 0x%" G_GINT64_MODIFIER "x)",
			      first->why ? first->why : "?", first->fault_reason);
	check_add(out, CHECK_FAIL, name,
		  "%" G_GINT64_MODIFIER "d IOMMU faults; the first at %.3f ms: %s refused a %s of 0x%"
		  G_GINT64_MODIFIER "x from requester ID %s: %s",
		  MAX(lines, counted), check_ms(first->t), first->iommu ? first->iommu : "the IOMMU",
		  first->dir ? first->dir : "DMA", first->addr, bdf, why);
	check_evidence(out, bdf, why, first->t);
}

/*
 * Behind an IOMMU, the address the ring's first record reaches is logged
 * whenever it changes. A guest that starts a stream names a new ring; any
 * other move sends the engine's DMA where the guest did not put the ring.
 */
static void check_target(const struct run_device *d, guint from, GPtrArray *out)
{
	char *name = g_strdup_printf("dma-target:%s", d->spec->path);
	gint64 target = -1, iova = -1;

	for (guint i = from; i < d->log->events->len; i++) {
		const struct ludma_event *e = g_ptr_array_index(d->log->events, i);

		if (e->ev == LUDMA_START) {
			target = -1;
			continue;
		}
		if (e->ev != LUDMA_XLAT)
			continue;
		if (target >= 0 && e->gpa != target) {
			g_autofree char *o = g_strdup_printf("0x%" G_GINT64_MODIFIER "x", target);
			g_autofree char *n = g_strdup_printf("0x%" G_GINT64_MODIFIER "x", e->gpa);

			check_add(out, CHECK_FAIL, name,
				  "the ring's DMA to 0x%" G_GINT64_MODIFIER "x reached %s, then %s from %.3f ms: DMA to a stale address",
				  e->addr, o, n, check_ms(e->t));
			check_evidence(out, o, n, e->t);
			return;
		}
		target = e->gpa;
		iova = e->addr;
	}
	if (iova < 0) {
		check_add(out, CHECK_NA, name, "no DMA of %s reached the ring's start", d->spec->path);
		return;
	}
	check_add(out, CHECK_PASS, name,
		  "the ring's DMA to 0x%" G_GINT64_MODIFIER "x reached 0x%" G_GINT64_MODIFIER "x throughout",
		  iova, target);
}

void checks_iommu(const struct evidence *ev, GPtrArray *out)
{
	if (!ev->spec.iommu)
		return;
	for (guint i = 0; i < ev->devices->len; i++) {
		const struct run_device *d = g_ptr_array_index(ev->devices, i);
		int from;

		if (!d->spec->lu_dma || !d->log)
			continue;
		from = ludma_log_first_start(d->log, "stream");
		/* checks_dma() says why a device has no log or never started. */
		if (from < 0)
			continue;
		/* Across a kexec, only what kernel A preserved must keep going. */
		if (ev->expected_gens > 1 && d->role != ROLE_PRESERVED)
			continue;
		check_faults(d, (guint)from, out);
		check_target(d, (guint)from, out);
	}
}
