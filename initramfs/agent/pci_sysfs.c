// SPDX-License-Identifier: GPL-2.0-only
#include "pci_sysfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
#define PCI_IO_BASE 0x1c
#define PCI_BRIDGE_CONTROL 0x3e
#define PCI_CONFIG_MAX 4096
#define PCI_EXT_CAP_START 0x100
#define PCI_EXT_CAP_ID_ACS 0x0d
#define PCI_EXT_CAP_ID_ARI 0x0e

unsigned long pci_sysfs_hex(const char *bdf, const char *attr)
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

/* Config space as far as sysfs shows it (4 KiB for PCIe, as root). */
static size_t read_config(const char *bdf, uint8_t *cfg, size_t len)
{
	char path[PATH_MAX];
	FILE *f;
	size_t got;

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/config", bdf);
	f = fopen(path, "rb");
	if (!f)
		return 0;
	got = fread(cfg, 1, len, f);
	fclose(f);
	return got;
}

static unsigned int cfg16(const uint8_t *cfg, unsigned int off)
{
	return cfg[off] | cfg[off + 1] << 8;
}

static uint32_t cfg32(const uint8_t *cfg, unsigned int off)
{
	return cfg16(cfg, off) | (uint32_t)cfg16(cfg, off + 2) << 16;
}

/* Offset of PCI Express extended capability @id, or 0. */
static unsigned int find_ext_cap(const uint8_t *cfg, size_t len, unsigned int id)
{
	unsigned int off = PCI_EXT_CAP_START;

	for (int guard = 0; off && off + 4 <= len && guard < 64; guard++) {
		uint32_t header = cfg32(cfg, off);

		if (!header || header == 0xffffffff)
			return 0;
		if ((header & 0xffff) == id)
			return off;
		off = (header >> 20) & 0xffc;
	}
	return 0;
}

/* ACS capability and control, ARI capability and control, when present. */
static void describe_ext_caps(json_t *dev, const uint8_t *cfg, size_t len)
{
	unsigned int acs = find_ext_cap(cfg, len, PCI_EXT_CAP_ID_ACS);
	unsigned int ari = find_ext_cap(cfg, len, PCI_EXT_CAP_ID_ARI);

	if (acs)
		json_object_set_new(dev, "acs", json_pack("{s:i, s:i}",
				    "cap", cfg16(cfg, acs + 4), "ctrl", cfg16(cfg, acs + 6)));
	if (ari)
		json_object_set_new(dev, "ari", json_pack("{s:i, s:i}",
				    "cap", cfg16(cfg, ari + 4), "ctrl", cfg16(cfg, ari + 6)));
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

void pci_sysfs_driver(const char *bdf, char *buf, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	const char *name;
	ssize_t n;

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/driver", bdf);
	n = readlink(path, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	name = strrchr(target, '/');
	snprintf(buf, len, "%s", name ? name + 1 : target);
}

static int write_attr(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, value, strlen(value));
	if (close(fd) && n >= 0)
		n = -1;
	return n < 0 ? -errno : 0;
}

int pci_sysfs_unbind(const char *bdf)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/driver/unbind", bdf);
	return write_attr(path, bdf);
}

int pci_sysfs_reset(const char *bdf)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/reset", bdf);
	return write_attr(path, "1");
}

int pci_sysfs_remove(const char *bdf)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/remove", bdf);
	return write_attr(path, "1");
}

void pci_sysfs_reset_method(const char *bdf, char *buf, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), PCI_SYSFS "/%s/reset_method", bdf);
	f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

int pci_sysfs_bind(const char *bdf, const char *driver)
{
	char path[PATH_MAX];
	int err;

	snprintf(path, sizeof(path), PCI_SYSFS "/%s/driver_override", bdf);
	if ((err = write_attr(path, driver)))
		return err;
	return write_attr("/sys/bus/pci/drivers_probe", bdf);
}

static json_t *read_driver(const char *bdf)
{
	char name[PATH_MAX];

	pci_sysfs_driver(bdf, name, sizeof(name));
	return *name ? json_string(name) : json_null();
}

/* Bridge windows as programmed in config space (sysfs shows the kernel's view). */
static json_t *describe_windows(const uint8_t *cfg)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:I, s:I}",
			 "io_base", cfg[PCI_IO_BASE], "io_limit", cfg[PCI_IO_BASE + 1],
			 "mem_base", cfg16(cfg, 0x20), "mem_limit", cfg16(cfg, 0x22),
			 "pref_base", (json_int_t)((uint64_t)cfg32(cfg, 0x28) << 32 | cfg16(cfg, 0x24)),
			 "pref_limit", (json_int_t)((uint64_t)cfg32(cfg, 0x2c) << 32 | cfg16(cfg, 0x26)));
}

static json_t *describe_device(const char *bdf)
{
	static uint8_t cfg[PCI_CONFIG_MAX];
	size_t len;
	json_t *dev;

	dev = json_pack("{s:s, s:i, s:i, s:i, s:o, s:o}", "bdf", bdf,
			"vendor", (int)pci_sysfs_hex(bdf, "vendor"),
			"device", (int)pci_sysfs_hex(bdf, "device"),
			"class", (int)pci_sysfs_hex(bdf, "class"),
			"resources", read_resources(bdf),
			"driver", read_driver(bdf));
	json_object_set_new(dev, "subsystem_vendor",
			    json_integer((int)pci_sysfs_hex(bdf, "subsystem_vendor")));
	json_object_set_new(dev, "subsystem_id",
			    json_integer((int)pci_sysfs_hex(bdf, "subsystem_device")));
	len = read_config(bdf, cfg, sizeof(cfg));
	if (len >= 64) {
		json_object_set_new(dev, "command",
				    json_integer(cfg[PCI_COMMAND] |
						 cfg[PCI_COMMAND + 1] << 8));
		if ((cfg[PCI_HEADER_TYPE] & 0x7f) == PCI_HEADER_TYPE_BRIDGE) {
			json_object_set_new(dev, "bus",
				json_pack("{s:i, s:i, s:i}",
					  "primary", cfg[PCI_PRIMARY_BUS],
					  "secondary", cfg[PCI_PRIMARY_BUS + 1],
					  "subordinate", cfg[PCI_PRIMARY_BUS + 2]));
			json_object_set_new(dev, "windows", describe_windows(cfg));
			json_object_set_new(dev, "bridge_control",
					    json_integer(cfg16(cfg, PCI_BRIDGE_CONTROL)));
		}
		describe_ext_caps(dev, cfg, len);
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
