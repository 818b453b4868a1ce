/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hotplug during a live update: the host adds a device (QMP device_add)
 * when a given agent report arrives, e.g. "1:luo-preserve:edu,bus=rp2,id=hp0"
 * adds an edu to root port rp2 once kernel A has preserved its engines.
 */
#ifndef LUTB_HOTPLUG_H
#define LUTB_HOTPLUG_H

#include <glib.h>
#include <jansson.h>

struct hotplug {
	int gen;		/* the generation whose report triggers it */
	char *event;		/* agent event name */
	char *id;		/* the new device's QEMU id */
	json_t *args;		/* device_add arguments */
};

/* Parses GEN:EVENT:DRIVER,KEY=VALUE,...; the device must have an id=. */
struct hotplug *hotplug_parse(const char *text, GError **error);
void hotplug_free(struct hotplug *h);

#endif
