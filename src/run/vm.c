// SPDX-License-Identifier: GPL-2.0-only
#include "vm_private.h"

gboolean vm_alive(struct vm *vm)
{
	return vm->ops->alive(vm);
}

void vm_stop(struct vm *vm)
{
	vm->ops->stop(vm);
}

void vm_kill(struct vm *vm)
{
	vm->ops->kill(vm);
}

void vm_watch(struct vm *vm, vm_gone_fn fn, void *opaque)
{
	vm->gone = fn;
	vm->gone_opaque = opaque;
	vm->ops->watch(vm);
}

void vm_wait(struct vm *vm)
{
	vm->ops->wait(vm);
}

void vm_result(struct vm *vm, struct run_result *result)
{
	vm->ops->result(vm, result);
}

void vm_free(struct vm *vm)
{
	if (!vm)
		return;
	vm->ops->free(vm);
	g_free(vm);
}
