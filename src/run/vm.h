/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The QEMU process of a run, however it was started: as a child of lutb
 * (vm_spawn) or as a transient libvirt domain (vm_libvirt_create). The
 * runner asks it the same things either way: is it still there, go (the
 * polite way, logs whole), go now, tell me when you are gone, and how it
 * ended.
 */
#ifndef LUTB_VM_H
#define LUTB_VM_H

#include <glib.h>

#include "machine.h"
#include "rundir.h"

struct vm;
typedef void (*vm_gone_fn)(void *opaque);

/* @argv as a child process, its stdout and stderr into @log. */
struct vm *vm_spawn(GStrv argv, const char *log, GError **error);
/*
 * The machine @m as a transient libvirt domain named @name on the host
 * @uri, which may be another machine: the host needs only the QEMU named
 * by @run (at that path). The kernel and initramfs are copied there, and
 * the rest looks to lutb as a local QEMU would: the console in @run's
 * console_log, the agent's port and QMP as unix sockets at @run's paths
 * (carried through libvirt), each lu-dma's log in @run's run_dir once the
 * domain is gone. It starts paused (QMP resumes it) and libvirt destroys
 * it when lutb's connection closes, however lutb ends. @xml_copy gets the
 * domain's XML; @log what libvirt said (QEMU's own log stays on the host).
 */
struct vm *vm_libvirt_create(const char *uri, const char *name, const struct machine *m,
			     const struct machine_run *run, const char *xml_copy,
			     const char *log, GError **error);

gboolean vm_alive(struct vm *vm);
/* SIGTERM, or libvirt's graceful destroy: QEMU flushes its logs. */
void vm_stop(struct vm *vm);
void vm_kill(struct vm *vm);
/* Calls @fn from the main loop once the VM is gone. */
void vm_watch(struct vm *vm, vm_gone_fn fn, void *opaque);
/* Waits until it is gone (after vm_kill()). */
void vm_wait(struct vm *vm);
/* How it ended: exited and its status, or the signal that ended it. */
void vm_result(struct vm *vm, struct run_result *result);
/* Frees; a libvirt domain still running is destroyed. */
void vm_free(struct vm *vm);

#endif
