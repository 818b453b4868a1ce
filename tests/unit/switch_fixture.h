/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A root port, a switch and an engine on each of its two downstream ports,
 * as QMP query-pci shows them, loaded into evidence with agent reports.
 * Include after cmocka.h.
 */
#ifndef LUTB_TEST_SWITCH_FIXTURE_H
#define LUTB_TEST_SWITCH_FIXTURE_H

#include <string.h>

#include "evidence.h"

/* query-pci: rp0 (bus 1) -> sw0 (bus 2) -> dp0 (bus 3) / dp1 (bus 4), an engine on each. */
#define DEV(bus, slot, id, extra) \
	"{\"bus\":" #bus ",\"slot\":" #slot ",\"function\":0,\"qdev_id\":\"" id "\"," \
	"\"id\":{\"vendor\":4660,\"device\":19541},\"class_info\":{\"class\":2176}," \
	"\"regions\":[]" extra "}"
#define BRIDGE(bus, slot, id, sec, sub, below) \
	DEV(bus, slot, id, ",\"pci_bridge\":{\"bus\":{\"number\":" #bus ",\"secondary\":" #sec \
	    ",\"subordinate\":" #sub "},\"devices\":[" below "]}")
#define SNAP \
	"[{\"bus\":0,\"devices\":[" \
	BRIDGE(0, 2, "rp0", 1, 4, BRIDGE(1, 0, "rp0.sw0", 2, 4, \
		BRIDGE(2, 0, "rp0.sw0.dp0", 3, 3, DEV(3, 0, "rp0.sw0.dp0.dma0", "")) "," \
		BRIDGE(2, 1, "rp0.sw0.dp1", 4, 4, DEV(4, 0, "rp0.sw0.dp1.dma1", "")))) "]}]"

#define ENG(bdf, ok) "{\"bdf\":\"" bdf "\",\"ok\":" #ok "}"
#define DMA0 "0000:03:00.0"
#define DMA1 "0000:04:00.0"

static const char *const paths[][2] = {
	{ "rp0", "rp0" }, { "rp0/sw0", "rp0.sw0" }, { "rp0/sw0/dp0", "rp0.sw0.dp0" },
	{ "rp0/sw0/dp0/dma0", "rp0.sw0.dp0.dma0" }, { "rp0/sw0/dp1", "rp0.sw0.dp1" },
	{ "rp0/sw0/dp1/dma1", "rp0.sw0.dp1.dma1" },
};

static inline void load(struct evidence *ev, const char *agent, const char *settings)
{
	json_t *snap = json_loads(SNAP, JSON_DECODE_INT_AS_REAL, NULL);

	assert_non_null(snap);
	memset(ev, 0, sizeof(*ev));
	ev->expected_gens = 2;
	evidence_parse_agent(ev, agent);
	for (guint i = 0; i < G_N_ELEMENTS(paths); i++)
		evidence_add_device(ev, paths[i][0], paths[i][1], NULL,
				    g_str_has_suffix(paths[i][0], "dma0") ||
				    g_str_has_suffix(paths[i][0], "dma1"), FALSE);
	evidence_add_view(ev, 1, NULL, qmp_pci_parse(snap));
	json_decref(snap);
	ev->spec.settings = g_strdup(settings);
	evidence_derive_roles(ev);
}

#endif
