// SPDX-License-Identifier: GPL-2.0-only
#include "checks_guest.h"
#include "checks_pci_lu.h"

#include <string.h>

/* The topology path of the device at @bdf in generation @gen (via QMP). */
static const char *path_at(const struct evidence *ev, guint gen, const char *bdf)
{
	GPtrArray *snap = evidence_qmp_pci(ev, gen);

	for (guint i = 0; bdf && snap && i < snap->len; i++) {
		const struct qmp_pci_dev *q = g_ptr_array_index(snap, i);
		const struct run_device *d;
		char b[16];

		qmp_pci_bdf(q, b, sizeof(b));
		if (g_str_equal(b, bdf) && *q->qdev_id &&
		    (d = evidence_device(ev, q->qdev_id)))
			return d->spec->path;
	}
	return bdf ? bdf : "?";
}

static json_int_t num(json_t *obj, const char *key)
{
	return json_integer_value(json_object_get(obj, key));
}

/* One check per engine of every @event report, pass when the engine is ok. */
static void per_engine(const struct evidence *ev, const char *event,
		       const char *check, GPtrArray *out)
{
	for (guint i = 0; i < ev->agent->len; i++) {
		const struct agent_event *e = g_ptr_array_index(ev->agent, i);
		size_t j;
		json_t *eng;

		if (!g_str_equal(e->event, event))
			continue;
		json_array_foreach(json_object_get(e->msg, "engines"), j, eng) {
			const char *bdf = json_string_value(json_object_get(eng, "bdf"));
			const char *session = json_string_value(json_object_get(eng, "session"));

			check_add(out, json_is_true(json_object_get(eng, "ok")) ? CHECK_PASS : CHECK_FAIL,
				  g_strdup_printf("%s:%s", check, path_at(ev, (guint)e->gen, bdf)),
				  "generation %d, %s%s%s: %s", e->gen, bdf ? bdf : "?",
				  session ? ", session " : "", session ? session : "",
				  json_is_true(json_object_get(eng, "ok")) ? "ok" : "failed");
		}
	}
}

/* What generation g - 1 preserved, generation g must have retrieved. */
static void retrieved_checks(const struct evidence *ev, GPtrArray *out)
{
	for (guint gen = 2; gen <= ev->expected_gens; gen++) {
		const struct agent_event *pres = evidence_agent_find(ev, (int)gen - 1, "luo-preserve");
		size_t i;
		json_t *eng;

		/* A generation that never came up says so in gen<N>-booted. */
		if (!pres || !evidence_agent_find(ev, (int)gen, "hello"))
			continue;
		json_array_foreach(json_object_get(pres->msg, "engines"), i, eng) {
			const char *bdf = json_string_value(json_object_get(eng, "bdf"));

			if (!json_is_true(json_object_get(eng, "ok")) ||
			    evidence_agent_engine(ev, (int)gen, "luo-retrieve", bdf))
				continue;
			/* Unpreserved before the kexec: nothing to retrieve. */
			if (evidence_agent_engine(ev, (int)gen - 1, "luo-unpreserve", bdf))
				continue;
			check_add(out, CHECK_FAIL, g_strdup_printf("luo-retrieve:%s",
				  path_at(ev, gen - 1, bdf)), "generation %u preserved %s, but "
				  "generation %u did not retrieve it", gen - 1, bdf, gen);
		}
	}
}

static void ring_checks(const struct evidence *ev, GPtrArray *out)
{
	for (guint i = 0; i < ev->agent->len; i++) {
		const struct agent_event *e = g_ptr_array_index(ev->agent, i);
		size_t j;
		json_t *r;

		if (!g_str_equal(e->event, "ring"))
			continue;
		json_array_foreach(json_object_get(e->msg, "engines"), j, r) {
			const char *bdf = json_string_value(json_object_get(r, "bdf"));
			json_t *pres = evidence_agent_engine(ev, e->gen - 1, "luo-preserve", bdf);
			json_t *seq = json_object_get(json_object_get(pres, "status"), "seq");
			/* The records across the kexec must be among those checked. */
			gboolean late = json_is_integer(seq) && num(r, "first_seq") > json_integer_value(seq);
			const char *error = json_string_value(json_object_get(r, "error"));

			if (error) {
				check_add(out, CHECK_FAIL, g_strdup_printf("dma-continuity-guest:%s",
					  path_at(ev, (guint)e->gen, bdf)), "kernel %d read no ring: %s",
					  e->gen, error);
				continue;
			}
			check_add(out, json_is_true(json_object_get(r, "ok")) && !late ?
				  CHECK_PASS : CHECK_FAIL,
				  g_strdup_printf("dma-continuity-guest:%s", path_at(ev, (guint)e->gen, bdf)),
				  "kernel %d read records %" JSON_INTEGER_FORMAT "..%" JSON_INTEGER_FORMAT
				  " (%" JSON_INTEGER_FORMAT " checked): %" JSON_INTEGER_FORMAT " holes, %"
				  JSON_INTEGER_FORMAT " regressions, %" JSON_INTEGER_FORMAT " bad CRC, %"
				  JSON_INTEGER_FORMAT " time reversals; largest gap %.3f ms (allowed %.3f) at record %"
				  JSON_INTEGER_FORMAT, e->gen, num(r, "first_seq"), num(r, "last_seq"),
				  num(r, "checked"), num(r, "holes"), num(r, "regressions"),
				  num(r, "bad_crc"), num(r, "time_backwards"),
				  (double)num(r, "max_gap_ns") / 1e6,
				  (double)num(r, "max_gap_allowed_ns") / 1e6, num(r, "max_gap_at_seq"));
			if (late) {
				struct check *c = g_ptr_array_index(out, out->len - 1);
				char *more = g_strdup_printf("%s; but it checked only from record %"
					JSON_INTEGER_FORMAT ", after the preservation at record %"
					JSON_INTEGER_FORMAT, c->detail, num(r, "first_seq"),
					json_integer_value(seq));

				g_free(c->detail);
				c->detail = more;
			}
		}
	}
}

static const char *guest_driver(json_t *devices, const char *bdf)
{
	json_t *d = evidence_guest_device(devices, bdf);

	return d ? json_string_value(json_object_get(d, "driver")) ?: "(none)" : NULL;
}

/* A preserved device must be handed to the same driver in every kernel. */
static void driver_checks(const struct evidence *ev, GPtrArray *out)
{
	for (guint i = 0; i < ev->devices->len; i++) {
		const struct run_device *d = g_ptr_array_index(ev->devices, i);
		g_autoptr(GString) seen = g_string_new(NULL);
		const char *first = NULL;
		gboolean changed = FALSE;

		if (!run_device_judged(d))
			continue;
		for (guint gen = 1; gen <= ev->expected_gens; gen++) {
			const struct qmp_pci_dev *q = qmp_pci_find(evidence_qmp_pci(ev, gen), d->spec->qemu_id);
			json_t *guest = evidence_guest_pci(ev, gen);
			const char *drv;
			char bdf[16];

			if (!q || !guest)
				continue;
			qmp_pci_bdf(q, bdf, sizeof(bdf));
			drv = guest_driver(guest, bdf);
			if (!drv)
				continue;
			g_string_append_printf(seen, "%s%s", seen->len ? " -> " : "", drv);
			changed |= first && strcmp(first, drv);
			first = first ?: drv;
		}
		if (seen->len && strchr(seen->str, '>'))
			check_add(out, changed ? CHECK_FAIL : CHECK_PASS,
				  g_strdup_printf("driver-kept:%s", d->spec->path), "%s", seen->str);
	}
}

/*
 * lutb's series carries a KUnit suite, which must have run; a kernel
 * without it (stock, or the posted series) has none, which is said, so
 * that the check never silently vanishes.
 */
static void kunit_ran_checks(const struct evidence *ev, GPtrArray *out)
{
	for (guint gen = 1; gen <= ev->expected_gens; gen++) {
		const struct agent_event *k = evidence_agent_find(ev, (int)gen, "kunit");
		gboolean ran = FALSE;
		size_t j;
		json_t *s;

		if (!evidence_agent_find(ev, (int)gen, "hello") &&
		    !pci_lu_state_reported(ev, (int)gen))
			continue;
		json_array_foreach(k ? json_object_get(k->msg, "suites") : NULL, j, s)
			ran |= g_strcmp0(json_string_value(json_object_get(s, "suite")),
					 "pci_liveupdate") == 0;
		if (ran)
			continue;
		if (pci_lu_api_is_lutb(ev, (int)gen) || pci_lu_state_reported(ev, (int)gen))
			check_add(out, CHECK_FAIL, g_strdup_printf("kunit:pci_liveupdate:gen%u", gen),
				  "generation %u's kernel has lutb's PCI series, but its KUnit "
				  "suite pci_liveupdate did not run", gen);
		else
			check_add(out, CHECK_NA, g_strdup_printf("kunit:pci_liveupdate:gen%u", gen),
				  "generation %u's kernel has no KUnit suite pci_liveupdate: only "
				  "lutb's series has one (this kernel: %s)", gen,
				  pci_lu_api(ev, (int)gen) ?: "no lu_dma driver");
	}
}

static void kunit_checks(const struct evidence *ev, GPtrArray *out)
{
	for (guint i = 0; i < ev->agent->len; i++) {
		const struct agent_event *e = g_ptr_array_index(ev->agent, i);
		size_t j;
		json_t *s;

		if (!g_str_equal(e->event, "kunit"))
			continue;
		/* A case that skipped tested nothing: the suite did not pass. */
		json_array_foreach(json_object_get(e->msg, "suites"), j, s)
			check_add(out, !json_is_true(json_object_get(s, "ok")) ? CHECK_FAIL :
				  num(s, "skipped") ? CHECK_SKIP : CHECK_PASS,
				  g_strdup_printf("kunit:%s:gen%d",
						  json_string_value(json_object_get(s, "suite")) ?: "?", e->gen),
				  "%" JSON_INTEGER_FORMAT " failed, %" JSON_INTEGER_FORMAT " skipped",
				  num(s, "failed"), num(s, "skipped"));
	}
}

void checks_guest(const struct evidence *ev, GPtrArray *out)
{
	per_engine(ev, "luo-retrieve", "luo-retrieve", out);
	retrieved_checks(ev, out);
	ring_checks(ev, out);
	per_engine(ev, "luo-finish", "luo-finish", out);
	driver_checks(ev, out);
	kunit_ran_checks(ev, out);
	kunit_checks(ev, out);
}
