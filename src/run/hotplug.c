// SPDX-License-Identifier: GPL-2.0-only
#include "hotplug.h"

#include <gio/gio.h>
#include <stdlib.h>

struct hotplug *hotplug_parse(const char *text, GError **error)
{
	g_auto(GStrv) parts = g_strsplit(text, ":", 3);
	g_auto(GStrv) props = NULL;
	struct hotplug *h;
	char *end;
	long gen;

	if (g_strv_length(parts) != 3 || !*parts[1] || !*parts[2]) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--hotplug %s: want GEN:EVENT:DRIVER,KEY=VALUE,... "
			    "(e.g. 1:luo-preserve:edu,bus=rp2,id=hp0)", text);
		return NULL;
	}
	gen = strtol(parts[0], &end, 10);
	if (*end || gen < 1) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--hotplug %s: '%s' is not a generation number", text, parts[0]);
		return NULL;
	}
	h = g_new0(struct hotplug, 1);
	h->gen = (int)gen;
	h->event = g_strdup(parts[1]);
	h->args = json_object();
	props = g_strsplit(parts[2], ",", -1);
	json_object_set_new(h->args, "driver", json_string(props[0]));
	for (guint i = 1; props[i]; i++) {
		char *eq = strchr(props[i], '=');

		if (!eq || eq == props[i]) {
			g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
				    "--hotplug %s: '%s' is not KEY=VALUE", text, props[i]);
			hotplug_free(h);
			return NULL;
		}
		*eq = '\0';
		json_object_set_new(h->args, props[i], json_string(eq + 1));
	}
	h->id = g_strdup(json_string_value(json_object_get(h->args, "id")));
	if (!h->id) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--hotplug %s: give the device an id=, so checks can find it", text);
		hotplug_free(h);
		return NULL;
	}
	return h;
}

void hotplug_free(struct hotplug *h)
{
	if (!h)
		return;
	g_free(h->event);
	g_free(h->id);
	json_decref(h->args);
	g_free(h);
}
