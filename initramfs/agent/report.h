/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The agent's report channel: one JSON object per line on a serial port
 * that lutb serves. Every line carries the kernel generation and the event
 * name, so the host can tell kernel A's words from kernel B's. lutb acks
 * each line; a line the host acts on (its list in /etc/lutb/host-waits)
 * waits for its ack, so the host acts before the guest goes on.
 */
#ifndef LUTB_AGENT_REPORT_H
#define LUTB_AGENT_REPORT_H

#include <jansson.h>

int report_open(const char *port, int generation);
/* The open port's descriptor, or -1. */
int report_fd_get(void);
/* Reads which reports the host acts on (/etc/lutb/host-waits), once the
 * run's files are in place. */
void report_load_host_waits(void);
/* Adds "gen", "event" and "t_ns" (CLOCK_BOOTTIME) to @fields, sends, frees. */
void report_send(const char *event, json_t *fields);
/* Reports an error for @step and returns -1, for `return report_error(...)`. */
int report_error(const char *step, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
