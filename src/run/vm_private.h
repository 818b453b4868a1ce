/* SPDX-License-Identifier: GPL-2.0-only */
/* What the two kinds of VM (vm.h) share: their operations and state. */
#ifndef LUTB_VM_PRIVATE_H
#define LUTB_VM_PRIVATE_H

#include <gio/gio.h>

#include "vm.h"

struct vm_ops {
	gboolean (*alive)(struct vm *vm);
	void (*stop)(struct vm *vm);
	void (*kill)(struct vm *vm);
	void (*watch)(struct vm *vm);
	void (*wait)(struct vm *vm);
	void (*result)(struct vm *vm, struct run_result *result);
	void (*free)(struct vm *vm);
};

struct vm {
	const struct vm_ops *ops;
	vm_gone_fn gone;
	void *gone_opaque;
	GSubprocess *process;		/* vm_process.c */
	struct vm_libvirt *libvirt;	/* vm_libvirt.c */
};

#endif
