// SPDX-License-Identifier: GPL-2.0-only
#include "checks_plan.h"

#include "checks.h"
#include "rundir.h"

/* The IDs the guest's lu_dma driver binds (docs/specs/lu-dma.rst). */
#define LU_DMA_VENDOR 0x1234
#define LU_DMA_DEVICE 0x4c55

/* The driver generation 1's guest says is bound at @bdf. */
static const char *guest_driver(const struct evidence *ev, const char *bdf)
{
	json_t *d = evidence_guest_device(evidence_guest_pci(ev, 1), bdf);

	return d ? json_string_value(json_object_get(d, "driver")) ?: "none" : NULL;
}

/* What the guest's own settings said, when they differ from the run's. */
static char *guest_setting(const struct evidence *ev, const char *key,
			   const char *want)
{
	const struct agent_event *hello = evidence_agent_find(ev, 1, "hello");
	const char *v = json_string_value(json_object_get(
		json_object_get(hello ? hello->msg : NULL, "scenario"), key));

	if (!v || g_str_equal(v, want))
		return g_strdup("");
	return g_strdup_printf(" (kernel 1's agent ran with %s=%s; the run asked for %s=%s)",
			       key, v, key, want);
}

/* Why @e has no entry for engine @d: the step before it that went wrong. */
static char *why_absent(const struct evidence *ev, const struct run_device *d,
			const char *event, const char *key, const char *want)
{
	g_autofree char *setting = guest_setting(ev, key, want);
	const char *driver = guest_driver(ev, d->bdf1);

	if (!evidence_agent_find(ev, 1, event))
		return g_strdup_printf("kernel 1's agent never reported %s%s", event, setting);
	if (driver && !g_str_equal(driver, "lu_dma"))
		return g_strdup_printf("kernel 1's agent did not find it: %s is bound to driver %s, "
				       "not lu_dma%s", d->bdf1, driver, setting);
	return g_strdup_printf("kernel 1's %s report does not list %s%s", event, d->bdf1, setting);
}

static void check_step(const struct evidence *ev, const struct run_device *d,
		       const char *check, const char *event, const char *key,
		       const char *want, GPtrArray *out)
{
	char *name = g_strdup_printf("%s:%s", check, d->spec->path);
	json_t *eng = evidence_agent_engine(ev, 1, event, d->bdf1);
	g_autofree char *why = NULL;

	if (!d->bdf1) {
		check_add(out, CHECK_FAIL, name, "no address for %s in generation 1 "
			  "(see the evidence checks)", d->spec->path);
		return;
	}
	if (eng && json_is_true(json_object_get(eng, "ok"))) {
		check_add(out, CHECK_PASS, name, "generation 1, %s: %s ok", d->bdf1, event);
		return;
	}
	if (eng) {
		const char *driver = guest_driver(ev, d->bdf1);

		check_add(out, CHECK_FAIL, name, "generation 1, %s: %s failed: %s%s%s%s", d->bdf1,
			  event, json_string_value(json_object_get(eng, "error")) ?: "?",
			  driver && !g_str_equal(driver, "lu_dma") ? " (bound to driver " : "",
			  driver && !g_str_equal(driver, "lu_dma") ? driver : "",
			  driver && !g_str_equal(driver, "lu_dma") ? ", not lu_dma)" : "");
		return;
	}
	why = why_absent(ev, d, event, key, want);
	check_add(out, CHECK_FAIL, name, "%s", why);
}

void checks_plan(const struct evidence *ev, GPtrArray *out)
{
	g_autofree char *dma = settings_get(ev->spec.settings, 1, "dma", "on");
	g_autofree char *preserve = settings_get(ev->spec.settings, 1, "preserve", "all");

	for (guint i = 0; i < ev->devices->len; i++) {
		const struct run_device *d = g_ptr_array_index(ev->devices, i);

		const struct qmp_pci_dev *q;

		if (!d->spec->lu_dma)
			continue;
		q = qmp_pci_find(evidence_qmp_pci(ev, 1), d->spec->qemu_id);
		if (q && (q->vendor != LU_DMA_VENDOR || q->device != LU_DMA_DEVICE)) {
			check_add(out, CHECK_NA, g_strdup_printf("dma-started:%s", d->spec->path),
				  "its IDs %04x:%04x are not lu_dma's (%04x:%04x): no guest "
				  "driver binds it, so no DMA is asked of it", q->vendor,
				  q->device, LU_DMA_VENDOR, LU_DMA_DEVICE);
			continue;
		}
		if (g_str_equal(dma, "off")) {
			check_add(out, CHECK_NA, g_strdup_printf("dma-started:%s", d->spec->path),
				  "the run's settings run no DMA (dma=off)");
			continue;
		}
		check_step(ev, d, "dma-started", "dma-start", "dma", dma, out);
		if (ev->expected_gens < 2)
			continue;
		if (g_str_equal(preserve, "none") ||
		    (!g_str_equal(preserve, "all") &&
		     !(d->bdf1 && settings_list_has(preserve, d->bdf1))))
			continue;
		check_step(ev, d, "luo-preserved", "luo-preserve", "preserve", preserve, out);
	}
}

/*
 * A kernel fault that did not happen makes the run prove nothing: the
 * kernels coping with it and a kernel that ignored lutb.fault= look alike.
 */
void checks_plan_fault(const struct evidence *ev, GPtrArray *out)
{
	const struct fault *f = ev->spec.fault ? fault_find(ev->spec.fault) : NULL;
	g_autofree char *marker = NULL;
	const struct console_gen *a;
	char *name;

	if (!f || f->actor != FAULT_KERNEL)
		return;
	name = g_strdup_printf("fault-injected:%s", f->name);
	marker = fault_kernel_marker(f->name);
	a = evidence_console(ev, 1);
	for (guint i = 0; a && i < a->faults->len; i++) {
		const char *line = g_ptr_array_index(a->faults, i);

		if (g_str_has_prefix(line, marker)) {
			check_add(out, CHECK_PASS, name, "kernel 1 logged \"%s\"", line);
			return;
		}
	}
	check_add(out, CHECK_FAIL, name, "kernel 1 never logged \"%s\": only the mutant "
		  "kernel variant injects it (--kernel-a mutant)", marker);
}
