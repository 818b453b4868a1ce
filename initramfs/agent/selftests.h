/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's own Live Update selftests (tools/testing/selftests/liveupdate
 * of the guest's Linux tree), run beside the agent's engines. lutb packs the
 * binaries and their manifest (scripts/build-selftests.sh) under
 * SELFTEST_DIR; the "selftests" setting names the ones to run.
 *
 * Their stage protocol is theirs: a "kexec" test run with -s 1 keeps its
 * state in a LUO session of its own and leaves a child holding its sessions
 * through the kexec; run with -s 2 in the next kernel it finds that state
 * and checks what survived. The agent starts them at the right moments and
 * reports each run's exit status and output as a "selftest" event; lutb
 * judges them.
 */
#ifndef LUTB_AGENT_SELFTESTS_H
#define LUTB_AGENT_SELFTESTS_H

#define SELFTEST_DIR "/usr/lib/lutb/selftests"

enum selftest_stage {
	SELFTEST_ONCE,		/* a test that needs no kexec */
	SELFTEST_BEFORE_KEXEC,	/* stage 1 of a kexec test */
	SELFTEST_AFTER_KEXEC,	/* stage 2 of a kexec test */
};

/* Runs every selected test of @stage's kind, one after another. */
void selftests_run(enum selftest_stage stage);

#endif
