/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the PCI Live Update series as posted to the lists (v4 to v7) says of
 * a device in the kernel log. It has no debugfs bookkeeping; these pci_info
 * lines are its only observable state: a device taken into, or dropped
 * from, the outgoing set, handed over by the previous kernel, finished.
 * The agent marks in the same log (/dev/kmsg, so in order with them) where
 * it looked at each phase.
 */
#ifndef LUTB_POSTED_LOG_H
#define LUTB_POSTED_LOG_H

#include <glib.h>

enum posted_said {
	POSTED_WILL_PRESERVE,	/* first outgoing reference taken */
	POSTED_NO_LONGER,	/* last outgoing reference dropped */
	POSTED_WAS_PRESERVED,	/* found incoming at enumeration */
	POSTED_FINISHED,	/* incoming device finished */
	POSTED_PHASE_MARK,	/* the agent's mark: it read the state here */
};

struct posted_line {
	enum posted_said said;
	char bdf[16];		/* DDDD:BB:DD.F; "" for a mark */
	char phase[24];		/* a mark's phase (before-kexec, boot, ...) */
};

/* Parses one console line into @out; FALSE if it is none of the lines. */
gboolean posted_log_parse(const char *line, struct posted_line *out);

#endif
