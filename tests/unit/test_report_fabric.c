// SPDX-License-Identifier: GPL-2.0-only
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report_fabric.h"
#include "switch_fixture.h"

/* Generation 2: dp1 renumbered to bus 5, its engine with it. */
#define SNAP_RENUMBERED \
	"[{\"bus\":0,\"devices\":[" \
	BRIDGE(0, 2, "rp0", 1, 5, BRIDGE(1, 0, "rp0.sw0", 2, 5, \
		BRIDGE(2, 0, "rp0.sw0.dp0", 3, 3, DEV(3, 0, "rp0.sw0.dp0.dma0", "")) "," \
		BRIDGE(2, 1, "rp0.sw0.dp1", 5, 5, DEV(5, 0, "rp0.sw0.dp1.dma1", "")))) "]}]"

/* dma0 saw its downstream port clear Bus Master Enable. */
#define DP0_CLEARS \
	"{\"t\":10,\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":\"bme-bit\",\"who\":\"rp0.sw0.dp0\"," \
	"\"bdf\":\"0000:02:00.0\",\"set\":false}\n"

static void add_gen2(struct evidence *ev, const char *snap_text)
{
	json_t *snap = json_loads(snap_text, JSON_DECODE_INT_AS_REAL, NULL);

	assert_non_null(snap);
	evidence_add_view(ev, ev->qmp_pci ? ev->qmp_pci->len + 1 : 1, NULL, qmp_pci_parse(snap));
	json_decref(snap);
}

/* The line of the device named @name (its first span), up to its end. */
static char *line_of(const char *html, const char *name)
{
	g_autofree char *needle = g_strdup_printf("<span class=\"name\">%s</span>", name);
	const char *at = strstr(html, needle);
	const char *end = at ? strstr(at, "</div>") : NULL;

	assert_non_null(end);
	return g_strndup(at, end - at);
}

static void a_renumbered_device_is_marked_with_both_addresses(void **state)
{
	struct evidence ev;
	g_autofree char *html = NULL;
	g_autofree char *dma0 = NULL, *dma1 = NULL, *dp1 = NULL;

	(void)state;
	load(&ev, "", NULL);
	add_gen2(&ev, SNAP_RENUMBERED);
	html = report_fabric_html(&ev);
	dma0 = line_of(html, "dma0");
	dma1 = line_of(html, "dma1");
	dp1 = line_of(html, "dp1");
	assert_null(strstr(dma0, "class=\"moved\""));
	assert_non_null(strstr(dma0, "0000:03:00.0 → 0000:03:00.0"));
	assert_non_null(strstr(dma1, "<span class=\"moved\">0000:04:00.0 → 0000:05:00.0</span>"));
	/* A bridge keeps its own address when its secondary bus moves. */
	assert_null(strstr(dp1, "class=\"moved\""));
	evidence_clear(&ev);
}

static void a_bridge_that_cleared_bus_master_is_tagged(void **state)
{
	struct evidence ev;
	g_autofree char *html = NULL;
	g_autofree char *dp0 = NULL, *dp1 = NULL;

	(void)state;
	load(&ev, "", NULL);
	add_gen2(&ev, SNAP);
	((struct run_device *)g_ptr_array_index(ev.devices, 3))->log = ludma_log_parse(DP0_CLEARS);
	html = report_fabric_html(&ev);
	dp0 = line_of(html, "dp0");
	dp1 = line_of(html, "dp1");
	assert_non_null(strstr(dp0, "Bus Master Enable cleared"));
	assert_null(strstr(dp1, "Bus Master Enable cleared"));
	evidence_clear(&ev);
}

static void without_a_later_snapshot_there_is_no_picture(void **state)
{
	struct evidence ev;
	g_autofree char *html = NULL;

	(void)state;
	load(&ev, "", NULL);
	html = report_fabric_html(&ev);
	assert_null(strstr(html, "class=\"fabric\""));
	assert_non_null(strstr(html, "no fabric picture"));
	evidence_clear(&ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_renumbered_device_is_marked_with_both_addresses),
		cmocka_unit_test(a_bridge_that_cleared_bus_master_is_tagged),
		cmocka_unit_test(without_a_later_snapshot_there_is_no_picture),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
