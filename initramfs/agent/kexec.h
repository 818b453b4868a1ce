/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Moving to the next kernel generation: the host packs /boot/kernel-genN and
 * /etc/lutb/cmdline-genN into the initramfs; kernel N-1 loads them with
 * kexec_file_load() (what `kexec -s` calls; it carries the KHO state) and
 * passes on the initramfs it booted from, kept by `retain_initrd`.
 */
#ifndef LUTB_AGENT_KEXEC_H
#define LUTB_AGENT_KEXEC_H

#include <stdbool.h>

bool kexec_has_generation(int generation);
/* Loads generation @next and jumps into it; returns -1 only on failure. */
int kexec_into(int next);

#endif
