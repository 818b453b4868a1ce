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

#include "rundir.h"

struct vm;
typedef void (*vm_gone_fn)(void *opaque);

/* @argv as a child process, its stdout and stderr into @log. */
struct vm *vm_spawn(GStrv argv, const char *log, GError **error);
/*
 * @xml as a transient domain on the libvirt host @uri, started paused (QMP
 * resumes it) and destroyed by libvirt when lutb's connection closes,
 * however lutb ends. Its QEMU's own output cannot be had from here: @log
 * gets what libvirt said.
 */
struct vm *vm_libvirt_create(const char *uri, const char *xml, const char *log,
			     GError **error);

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
