// SPDX-License-Identifier: GPL-2.0-only
#include "engine.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pci_sysfs.h"
#include "scenario.h"

#define PCI_SYSFS "/sys/bus/pci/devices"

static const struct engine_ops *const all_ops[] = { &lu_dma_ops };

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int engines_discover(struct engine *engines, int max)
{
	struct dirent **entries;
	int n, i, found = 0;

	n = scandir(PCI_SYSFS, &entries, NULL, by_name);
	for (i = 0; i < n; i++) {
		const char *bdf = entries[i]->d_name;
		unsigned long vendor = pci_sysfs_hex(bdf, "vendor");
		unsigned long device = pci_sysfs_hex(bdf, "device");

		for (size_t o = 0; o < sizeof(all_ops) / sizeof(all_ops[0]); o++) {
			struct engine *e = &engines[found];

			if (bdf[0] == '.' || found == max ||
			    vendor != all_ops[o]->vendor || device != all_ops[o]->device)
				continue;
			memset(e, 0, sizeof(*e));
			snprintf(e->bdf, sizeof(e->bdf), "%.15s", bdf);
			e->subsystem_vendor = (unsigned int)pci_sysfs_hex(bdf, "subsystem_vendor");
			e->subsystem_id = (unsigned int)pci_sysfs_hex(bdf, "subsystem_device");
			e->ops = all_ops[o] == &lu_dma_ops && scenario_list_has("vfio", bdf, NULL) ?
				 &vfio_lu_dma_ops : all_ops[o];
			e->fd = -1;
			e->session = -1;
			found++;
		}
		free(entries[i]);
	}
	if (n >= 0)
		free(entries);
	return found;
}

json_t *engine_id(const struct engine *e)
{
	return json_pack("{s:s, s:s, s:i, s:i}", "bdf", e->bdf,
			 "type", e->ops->name,
			 "subsystem_vendor", (int)e->subsystem_vendor,
			 "subsystem_id", (int)e->subsystem_id);
}
