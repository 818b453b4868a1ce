// SPDX-License-Identifier: GPL-2.0-only
#include "device_actions.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "pci_sysfs.h"
#include "report.h"
#include "scenario.h"

static json_t *do_unbind(const char *bdf)
{
	char driver[128];
	int err;

	pci_sysfs_driver(bdf, driver, sizeof(driver));
	err = *driver ? pci_sysfs_unbind(bdf) : -1;
	return json_pack("{s:s, s:b}", "driver", driver, "ok", !err);
}

static json_t *do_reset(const char *bdf)
{
	char method[128];
	int err;

	pci_sysfs_reset_method(bdf, method, sizeof(method));
	err = pci_sysfs_reset(bdf);
	return json_pack("{s:s, s:b, s:s?}", "method", method, "ok", !err,
			 "error", err ? strerror(-err) : NULL);
}

static json_t *do_remove(const char *bdf)
{
	int err = pci_sysfs_remove(bdf);

	return json_pack("{s:b, s:s?}", "ok", !err, "error", err ? strerror(-err) : NULL);
}

static const struct {
	const char *name;	/* the setting, and the report's event */
	json_t *(*act)(const char *bdf);
} actions[] = {
	{ "unbind", do_unbind },
	{ "reset", do_reset },
	{ "remove", do_remove },
};

/* The BDF of a "PHASE@BDF" entry of @phase, into @bdf; 0 if not one. */
static int entry_bdf(const char *v, size_t len, const char *phase, char *bdf, size_t size)
{
	size_t plen = strlen(phase);

	if (len <= plen + 1 || len - plen - 1 >= size ||
	    strncmp(v, phase, plen) != 0 || v[plen] != '@')
		return 0;
	snprintf(bdf, size, "%.*s", (int)(len - plen - 1), v + plen + 1);
	return 1;
}

void device_actions_run(const char *phase, device_action_done_fn done)
{
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		const char *cursor = scenario_get(actions[i].name, NULL), *v;
		int acted = 0;
		size_t len;

		while ((v = scenario_list_next(&cursor, &len))) {
			char bdf[32];
			json_t *msg;

			if (!entry_bdf(v, len, phase, bdf, sizeof(bdf)))
				continue;
			msg = actions[i].act(bdf);
			json_object_set_new(msg, "phase", json_string(phase));
			json_object_set_new(msg, "bdf", json_string(bdf));
			report_send(actions[i].name, msg);
			acted = 1;
		}
		if (acted && done)
			done(actions[i].name, phase);
	}
}
