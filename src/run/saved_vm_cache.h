/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The saved-VM cache's directory: KEY/ per saved VM beside KEY.lock.
 * Whoever boots a saved VM holds its lock exclusively; every run started
 * from it holds it shared until the run ends. The cache is kept under a
 * size ($LUTB_SAVED_VM_BUDGET_MB, default 4096) by removing the saved VMs
 * used longest ago that nobody holds.
 */
#ifndef LUTB_SAVED_VM_CACHE_H
#define LUTB_SAVED_VM_CACHE_H

#include <glib.h>

/* In KEY/ once it holds a saved VM; its mtime says when it was last used. */
#define SAVED_VM_DONE_MARK ".done"

/* Waits for KEY's lock, shared; returns its descriptor or -1. */
int saved_vm_lock(const char *root, const char *key, GError **error);

/*
 * Trades the shared lock for an exclusive one, waiting for whoever holds
 * it. FALSE when the saved VM was pruned meanwhile: the lock then locks
 * nothing, and must be taken again.
 */
gboolean saved_vm_lock_exclusive(int lock, const char *root, const char *key);

/* Trades the exclusive lock back and marks the saved VM in @dir used now. */
void saved_vm_hold_shared(int lock, const char *dir);

/* Removes the files of a saved VM's directory (it holds no others). */
void saved_vm_empty_dir(const char *dir);

/* The cache's size limit in bytes. */
guint64 saved_vm_budget(void);

/*
 * Removes saved VMs under @root, used longest ago first, until the rest
 * fit in @budget bytes; never @keep_key, nor one somebody holds.
 * Returns how many went.
 */
guint saved_vm_prune(const char *root, const char *keep_key, guint64 budget);

#endif
