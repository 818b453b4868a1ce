// SPDX-License-Identifier: GPL-2.0-only
#include "pci_sysfs.h"

#include <dirent.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PCI_SYSFS "/sys/bus/pci/devices"
#define PCI_HEADER_TYPE 0x0e
#define PCI_COMMAND 0x04
#define PCI_PRIMARY_BUS 0x18
#define PCI_HEADER_TYPE_BRIDGE 1
#define PCI_RESOURCE_COUNT 17 /* 6 BARs, ROM, IOV BARs, bridge windows */

static unsigned long read_hex(const char *bdf, const char *attr)
{
	char path[PATH_MAX], buf[64] = "";
	FILE *f;

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/%s", bdf, attr);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return strtoul(buf, NULL, 16);
}

/* The first 64 bytes of config space; root can read them all. */
static int read_config(const char *bdf, uint8_t *cfg, size_t len)
{
	char path[PATH_MAX];
	FILE *f;
	size_t got;

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/config", bdf);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	got = fread(cfg, 1, len, f);
	fclose(f);
	return got == len ? 0 : -1;
}

/*
 * sysfs "resource" has one "start end flags" line per resource; unset ones
 * are all zero. Lines 0-5 are BARs, 6 the ROM, 13-16 the bridge windows.
 */
static json_t *read_resources(const char *bdf)
{
	char path[PATH_MAX], line[128];
	json_t *bars = json_array();
	unsigned long long start, end, flags;
	int index = 0;
	FILE *f;

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/resource", bdf);
	f = fopen(path, "r");
	if (!f)
		return bars;
	while (fgets(line, sizeof(line), f) && index < PCI_RESOURCE_COUNT) {
		if (sscanf(line, "%llx %llx %llx", &start, &end, &flags) == 3 &&
		    (start || end))
			json_array_append_new(bars,
				json_pack("{s:i, s:I, s:I, s:I}", "index", index,
					  "start", (json_int_t)start,
					  "size", (json_int_t)(end - start + 1),
					  "flags", (json_int_t)flags));
		index++;
	}
	fclose(f);
	return bars;
}

static json_t *read_driver(const char *bdf)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;
	const char *name;

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/driver", bdf);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return json_null();
	target[n] = '\0';
	name = strrchr(target, '/');
	return json_string(name ? name + 1 : target);
}

static json_t *describe_device(const char *bdf)
{
	uint8_t cfg[64];
	json_t *dev;

	dev = json_pack("{s:s, s:i, s:i, s:i, s:o, s:o}", "bdf", bdf,
			"vendor", (int)read_hex(bdf, "vendor"),
			"device", (int)read_hex(bdf, "device"),
			"class", (int)read_hex(bdf, "class"),
			"resources", read_resources(bdf),
			"driver", read_driver(bdf));
	if (read_config(bdf, cfg, sizeof(cfg)) == 0) {
		json_object_set_new(dev, "command",
				    json_integer(cfg[PCI_COMMAND] |
						 cfg[PCI_COMMAND + 1] << 8));
		if ((cfg[PCI_HEADER_TYPE] & 0x7f) == PCI_HEADER_TYPE_BRIDGE)
			json_object_set_new(dev, "bus",
				json_pack("{s:i, s:i, s:i}",
					  "primary", cfg[PCI_PRIMARY_BUS],
					  "secondary", cfg[PCI_PRIMARY_BUS + 1],
					  "subordinate", cfg[PCI_PRIMARY_BUS + 2]));
	}
	return dev;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

json_t *pci_snapshot(void)
{
	struct dirent **entries;
	json_t *devices = json_array();
	int n, i;

	n = scandir(PCI_SYSFS, &entries, NULL, by_name);
	for (i = 0; i < n; i++) {
		if (entries[i]->d_name[0] != '.')
			json_array_append_new(devices,
					      describe_device(entries[i]->d_name));
		free(entries[i]);
	}
	if (n >= 0)
		free(entries);
	return devices;
}
