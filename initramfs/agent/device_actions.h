/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What an administrator, or a driver's error path, does to a device while
 * devices are preserved: unbind its driver, reset it, remove it. The
 * settings unbind, reset and remove list PHASE@BDF entries; each action
 * is reported with what the kernel answered.
 */
#ifndef LUTB_AGENT_DEVICE_ACTIONS_H
#define LUTB_AGENT_DEVICE_ACTIONS_H

/* Called once per kind of action taken at @phase, after the last of them. */
typedef void (*device_action_done_fn)(const char *action, const char *phase);

/* Every action the settings ask for at @phase, in the order unbind,
 * reset, remove. */
void device_actions_run(const char *phase, device_action_done_fn done);

#endif
