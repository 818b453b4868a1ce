// SPDX-License-Identifier: GPL-2.0-only
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "check_helpers.h"

#include "checks_pci.h"

/* query-pci of rp1 with dma1 behind it, as QEMU prints it (BUS, BAR2). */
#define SNAP(bus, bar2) \
	"[{\"bus\":0,\"devices\":[{\"bus\":0,\"slot\":3,\"function\":0,\"qdev_id\":\"rp1\"," \
	"\"id\":{\"vendor\":6966,\"device\":12},\"class_info\":{\"class\":1540},\"regions\":[]," \
	"\"pci_bridge\":{\"bus\":{\"number\":0,\"secondary\":" #bus ",\"subordinate\":" #bus "," \
	"\"memory_range\":{\"base\":4263510016,\"limit\":4265607167}," \
	"\"prefetchable_range\":{\"base\":4269801472,\"limit\":4271898623}," \
	"\"io_range\":{\"base\":49152,\"limit\":49151}},\"devices\":[" \
	"{\"bus\":" #bus ",\"slot\":0,\"function\":0,\"qdev_id\":\"rp1.dma1\"," \
	"\"id\":{\"vendor\":4660,\"device\":19541},\"class_info\":{\"class\":2176},\"regions\":[" \
	"{\"bar\":0,\"type\":\"memory\",\"address\":4263510016,\"size\":4096}," \
	"{\"bar\":2,\"type\":\"memory\",\"address\":" #bar2 ",\"size\":1048576}," \
	"{\"bar\":6,\"type\":\"memory\",\"address\":18446744073709551615,\"size\":0}]}]}}]}]"

#define GUEST(gen, bdf) \
	"{\"event\":\"pci\",\"gen\":" #gen ",\"devices\":[{\"bdf\":\"" bdf "\",\"vendor\":4660,\"device\":19541}]}\n"

#define RIDS(a, b) \
	"{\"t\":1,\"dev\":\"rp1.dma1\",\"ev\":\"rid\",\"old\":null,\"new\":\"" a "\"}\n" \
	"{\"t\":2,\"dev\":\"rp1.dma1\",\"ev\":\"start\",\"mode\":\"stream\",\"seq\":0}\n" \
	"{\"t\":3,\"dev\":\"rp1.dma1\",\"ev\":\"rid\",\"old\":\"" a "\",\"new\":\"" b "\"}\n"

static void add_device(struct evidence *ev, const char *path, const char *id,
		       gboolean lu_dma, const char *log)
{
	struct run_device *d = evidence_add_device(ev, path, id, NULL, lu_dma, TRUE);

	d->role = lu_dma ? ROLE_PRESERVED : ROLE_PATH;
	d->log = log ? ludma_log_parse(log) : NULL;
}

static void add_snapshot(struct evidence *ev, const char *text)
{
	json_t *ret = json_loads(text, JSON_DECODE_INT_AS_REAL, NULL);

	assert_non_null(ret);
	evidence_add_view(ev, ev->qmp_pci ? ev->qmp_pci->len + 1 : 1, NULL, qmp_pci_parse(ret));
	json_decref(ret);
}

static void judge(const char *snap1, const char *snap2, const char *guest,
		  const char *log, struct verdict_report *r)
{
	struct evidence ev = { 0 };

	evidence_parse_agent(&ev, guest);
	ev.expected_gens = 2;
	add_device(&ev, "rp1", "rp1", FALSE, NULL);
	add_device(&ev, "rp1/dma1", "rp1.dma1", TRUE, log);
	add_snapshot(&ev, snap1);
	add_snapshot(&ev, snap2);
	r->checks = g_ptr_array_new();
	checks_pci(&ev, r->checks);
	evidence_clear(&ev);
}

static void a_stable_fabric_passes(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(SNAP(6, 4269801472), SNAP(6, 4269801472),
	      GUEST(1, "0000:06:00.0") GUEST(2, "0000:06:00.0"), RIDS("0x0600", "0x0600"), &r);
	c = find(&r, "bdf-stable:rp1/dma1");
	assert_int_equal(c->status, CHECK_PASS);
	assert_string_equal(c->detail, "QMP 0000:06:00.0 throughout (2 views); requester ID "
			    "06:00.0; guest 0000:06:00.0 throughout (2 views)");
	assert_int_equal(find(&r, "bars-stable:rp1/dma1")->status, CHECK_PASS);
	assert_int_equal(find(&r, "windows-stable:rp1")->status, CHECK_PASS);
	assert_int_equal(find(&r, "bus-numbers:rp1")->status, CHECK_PASS);
}

/* Kernel B never showed up in QMP: nothing was compared, so nothing passes. */
static void no_later_snapshot_is_no_evidence(void **state)
{
	struct evidence ev = { 0 };
	struct verdict_report r = { 0 };

	(void)state;
	evidence_parse_agent(&ev, GUEST(1, "0000:06:00.0"));
	ev.expected_gens = 2;
	add_device(&ev, "rp1", "rp1", FALSE, NULL);
	add_device(&ev, "rp1/dma1", "rp1.dma1", TRUE, RIDS("0x0600", "0x0600"));
	add_snapshot(&ev, SNAP(6, 4269801472));
	evidence_add_view(&ev, 2, NULL, NULL);
	r.checks = g_ptr_array_new();
	checks_pci(&ev, r.checks);
	evidence_clear(&ev);
	assert_int_equal(find(&r, "bars-stable:rp1/dma1")->status, CHECK_NA);
	assert_int_equal(find(&r, "windows-stable:rp1")->status, CHECK_NA);
	assert_int_equal(find(&r, "bus-numbers:rp1")->status, CHECK_NA);
	assert_string_equal(find(&r, "bus-numbers:rp1")->detail, "no QMP snapshot after "
			    "generation 1 lists rp1: nothing to compare (see gen2-booted, bdf-stable)");
}

/* pci=assign-busses on a stock kernel B moves rp1's bus from 06 to 04. */
static void renumbering_shows_in_all_three_views(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(SNAP(6, 4269801472), SNAP(4, 4269801472),
	      GUEST(1, "0000:06:00.0") GUEST(2, "0000:04:00.0"), RIDS("0x0600", "0x0400"), &r);
	c = find(&r, "bdf-stable:rp1/dma1");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "QMP 0000:06:00.0 -> 0000:04:00.0 (gen2); requester ID "
			    "06:00.0 -> 04:00.0; guest 0000:06:00.0 -> 0000:04:00.0 (gen2)");
	c = find(&r, "bus-numbers:rp1");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "bus 00 [06-06] -> bus 00 [04-04]"));
}

static void a_guest_that_disagrees_with_qemu_fails(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(SNAP(6, 4269801472), SNAP(6, 4269801472),
	      GUEST(1, "0000:06:00.0") GUEST(2, "0000:05:00.0"), RIDS("0x0600", "0x0600"), &r);
	c = find(&r, "bdf-stable:rp1/dma1");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "guest 0000:06:00.0 -> not at 0000:06:00.0"));
}

static void a_moved_bar_fails_with_old_and_new(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	judge(SNAP(6, 4269801472), SNAP(6, 4270850048),
	      GUEST(1, "0000:06:00.0") GUEST(2, "0000:06:00.0"), RIDS("0x0600", "0x0600"), &r);
	c = find(&r, "bars-stable:rp1/dma1");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "gen2: BAR2 0xfe800000+0x100000 -> 0xfe900000+0x100000");
}

#define GUEST_AT(gen, phase, bdf) \
	"{\"event\":\"pci\",\"gen\":" #gen ",\"phase\":\"" phase "\",\"devices\":[" \
	"{\"bdf\":\"" bdf "\",\"vendor\":4660,\"device\":19541}]}\n"

static void add_view(struct evidence *ev, guint gen, const char *phase, const char *text)
{
	json_t *ret = json_loads(text, JSON_DECODE_INT_AS_REAL, NULL);

	assert_non_null(ret);
	evidence_add_view(ev, gen, phase, qmp_pci_parse(ret));
	json_decref(ret);
}

/*
 * Kernel A renumbers rp1 between boot and the kexec (a rescan with
 * nothing held), and kernel B inherits the new numbers: compared only
 * kernel against kernel nothing moved, but against kernel A's boot it did.
 */
static void a_change_before_the_kexec_fails_against_boot(void **state)
{
	struct verdict_report r = { .checks = g_ptr_array_new() };
	struct evidence ev = { 0 };
	const struct check *c;

	(void)state;
	evidence_parse_agent(&ev, GUEST_AT(1, "boot", "0000:06:00.0")
			     GUEST_AT(1, "before-kexec", "0000:07:00.0")
			     GUEST_AT(2, "boot", "0000:07:00.0") GUEST_AT(2, "last", "0000:07:00.0"));
	ev.expected_gens = 2;
	add_device(&ev, "rp1", "rp1", FALSE, NULL);
	add_device(&ev, "rp1/dma1", "rp1.dma1", TRUE, NULL);
	add_view(&ev, 1, "boot", SNAP(6, 4269801472));
	add_view(&ev, 1, "before-kexec", SNAP(7, 4269801472));
	add_view(&ev, 2, "boot", SNAP(7, 4269801472));
	add_view(&ev, 2, "last", SNAP(7, 4269801472));
	checks_pci(&ev, r.checks);
	evidence_clear(&ev);
	c = find(&r, "bus-numbers:rp1");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "gen1 before-kexec: bus 00 [06-06] -> bus 00 [07-07]");
	c = find(&r, "bdf-stable:rp1/dma1");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "QMP 0000:06:00.0 -> 0000:07:00.0 (gen1 before-kexec); "
			    "requester ID: no DMA log; "
			    "guest 0000:06:00.0 -> 0000:07:00.0 (gen1 before-kexec)");
	assert_int_equal(find(&r, "bars-stable:rp1/dma1")->status, CHECK_PASS);
	g_ptr_array_free(r.checks, TRUE);
}

/* Views of kernel A only: stable, but nothing after it was seen. */
static void views_of_kernel_a_alone_pass_nothing(void **state)
{
	struct verdict_report r = { .checks = g_ptr_array_new() };
	struct evidence ev = { 0 };

	(void)state;
	evidence_parse_agent(&ev, GUEST_AT(1, "boot", "0000:06:00.0")
			     GUEST_AT(1, "before-kexec", "0000:06:00.0"));
	ev.expected_gens = 2;
	add_device(&ev, "rp1", "rp1", FALSE, NULL);
	add_device(&ev, "rp1/dma1", "rp1.dma1", TRUE, NULL);
	add_view(&ev, 1, "boot", SNAP(6, 4269801472));
	add_view(&ev, 1, "before-kexec", SNAP(6, 4269801472));
	checks_pci(&ev, r.checks);
	evidence_clear(&ev);
	assert_int_equal(find(&r, "bus-numbers:rp1")->status, CHECK_NA);
	assert_int_equal(find(&r, "bars-stable:rp1/dma1")->status, CHECK_NA);
	assert_int_equal(find(&r, "windows-stable:rp1")->status, CHECK_NA);
	assert_int_equal(find(&r, "bdf-stable:rp1/dma1")->status, CHECK_NA);
	g_ptr_array_free(r.checks, TRUE);
}

/* SNAP(6, ...) with a bridge hpb hot-added on bus 0 whose buses are SEC-SUB. */
#define SNAP_HOTPLUGGED(sec, sub) \
	"[{\"bus\":0,\"devices\":[{\"bus\":0,\"slot\":4,\"function\":0,\"qdev_id\":\"hpb\"," \
	"\"id\":{\"vendor\":6966,\"device\":14},\"class_info\":{\"class\":1540},\"regions\":[]," \
	"\"pci_bridge\":{\"bus\":{\"number\":0,\"secondary\":" #sec ",\"subordinate\":" #sub "}," \
	"\"devices\":[]}}]}]"

static const struct check *judge_hotplug_on(const char *extra, gboolean preserved,
					    struct verdict_report *r)
{
	struct evidence ev = { 0 };
	json_t *gen2 = json_loads(SNAP(6, 4269801472), JSON_DECODE_INT_AS_REAL, NULL);
	json_t *hpb = json_loads(extra, JSON_DECODE_INT_AS_REAL, NULL);

	/* One snapshot of generation 2 holding rp1's tree and hpb. */
	json_array_extend(json_object_get(json_array_get(gen2, 0), "devices"),
			  json_object_get(json_array_get(hpb, 0), "devices"));
	evidence_parse_agent(&ev, GUEST(1, "0000:06:00.0") GUEST(2, "0000:06:00.0"));
	ev.expected_gens = 2;
	ev.spec.hotplug = g_new0(struct run_json_hotplug, 1);
	ev.spec.hotplug->gen = 1;
	ev.spec.hotplug->event = g_strdup("luo-preserve");
	ev.spec.hotplug->id = g_strdup("hpb");
	add_device(&ev, "rp1", "rp1", FALSE, NULL);
	add_device(&ev, "rp1/dma1", "rp1.dma1", TRUE, RIDS("0x0600", "0x0600"));
	for (guint i = 0; !preserved && i < ev.devices->len; i++)
		((struct run_device *)g_ptr_array_index(ev.devices, i))->role = ROLE_NONE;
	add_snapshot(&ev, SNAP(6, 4269801472));
	evidence_add_view(&ev, 2, NULL, qmp_pci_parse(gen2));
	json_decref(gen2);
	json_decref(hpb);
	r->checks = g_ptr_array_new();
	checks_pci(&ev, r->checks);
	evidence_clear(&ev);
	return find(r, "hotplug:hpb");
}

static const struct check *judge_hotplug(const char *extra, struct verdict_report *r)
{
	return judge_hotplug_on(extra, TRUE, r);
}

/*
 * Sharing another bridge's bus aliases it whether or not anything there is
 * preserved (a stock kernel B numbering a bridge hot-added after the
 * update on the bus of the root port after it).
 */
static void a_hot_added_bridge_on_any_bridges_buses_fails(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = judge_hotplug_on(SNAP_HOTPLUGGED(6, 6), FALSE, &r);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "bridge hpb got buses 06-06 in generation 2, "
			    "overlapping 06-06 of rp1");
	g_ptr_array_free(r.checks, TRUE);
}

/* A bridge added during the update must get buses no preserved path holds. */
static void a_hot_added_bridge_on_preserved_buses_fails(void **state)
{
	struct verdict_report r = { 0 };
	const struct check *c;

	(void)state;
	c = judge_hotplug(SNAP_HOTPLUGGED(6, 6), &r);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "bridge hpb got buses 06-06 in generation 2, "
			    "overlapping 06-06 of preserved rp1");
	g_ptr_array_free(r.checks, TRUE);
	c = judge_hotplug(SNAP_HOTPLUGGED(0, 0), &r);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "bridge hpb has no secondary bus number in "
			    "generation 2: the kernel never numbered it");
	g_ptr_array_free(r.checks, TRUE);
	c = judge_hotplug(SNAP_HOTPLUGGED(7, 7), &r);
	assert_int_equal(c->status, CHECK_FAIL);	/* the guest does not list it */
	assert_non_null(strstr(c->detail, "kernel does not list it"));
	g_ptr_array_free(r.checks, TRUE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_hot_added_bridge_on_preserved_buses_fails),
		cmocka_unit_test(a_hot_added_bridge_on_any_bridges_buses_fails),
		cmocka_unit_test(a_stable_fabric_passes),
		cmocka_unit_test(no_later_snapshot_is_no_evidence),
		cmocka_unit_test(renumbering_shows_in_all_three_views),
		cmocka_unit_test(a_guest_that_disagrees_with_qemu_fails),
		cmocka_unit_test(a_moved_bar_fails_with_old_and_new),
		cmocka_unit_test(a_change_before_the_kexec_fails_against_boot),
		cmocka_unit_test(views_of_kernel_a_alone_pass_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
