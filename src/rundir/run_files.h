/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The run directory's file names, in one place: the runner and QEMU write
 * these files, the judge, the reports and lutb matrix read them.
 */
#ifndef LUTB_RUN_FILES_H
#define LUTB_RUN_FILES_H

#include <glib.h>
#include <string.h>

/* What the run left. */
#define RUN_FILE_CONSOLE "console.log"
#define RUN_FILE_REPORT "agent.jsonl"
#define RUN_FILE_QMP "qmp.jsonl"
#define RUN_FILE_QMP_SOCKET "qmp.sock"
/* The agent's report port; what it says is kept in RUN_FILE_REPORT. */
#define RUN_FILE_AGENT_SOCKET "agent.sock"
#define RUN_FILE_QEMU_LOG "qemu.log"
#define RUN_FILE_ARGV "qemu-argv.txt"
/* Instead of RUN_FILE_ARGV when QEMU ran as a libvirt domain. */
#define RUN_FILE_DOMAIN_XML "domain.xml"
#define RUN_FILE_INITRD "initrd.img"
/* The directory of the saved VM a run started from (lutb run --fork). */
#define RUN_FILE_SAVED_VM "saved-vm.txt"
#define RUN_FILE_RUN "run.json"
#define RUN_FILE_SCENARIO "scenario.yaml"
/*
 * QMP query-pci taken when generation N reported its PCI view at PHASE
 * (the agent's: boot, rescan@after-finish, before-kexec, last, ...).
 */
#define RUN_FILE_QMP_PCI_FMT "qmp-pci-gen%d-%s.json"
/* What runs before there were phases called the one snapshot of each
 * generation, its last. */
#define RUN_FILE_QMP_PCI_LEGACY_FMT "qmp-pci-gen%d.json"
/* Each lu-dma engine's ground truth, by QEMU id. */
#define RUN_FILE_LUDMA_FMT "lu-dma-%s.jsonl"
/* A kernel selftest's output (stage 0: a test that needs no kexec). */
#define RUN_FILE_SELFTEST_FMT "selftest-%s-gen%d-stage%d.log"

/* What the judge wrote. */
#define RUN_FILE_REPORT_JSON "report.json"
#define RUN_FILE_REPORT_HTML "report.html"
#define RUN_FILE_JUNIT "junit.xml"

/* What lutb matrix writes beside its run directories (OUT/NAME/). */
#define MATRIX_FILE_KTAP "matrix.ktap"
#define MATRIX_FILE_INDEX "index.html"
#define MATRIX_FILE_JUNIT RUN_FILE_JUNIT
/* `lutb run`'s own output for run directory NAME. */
#define MATRIX_FILE_RUN_LOG_FMT "%s.log"

static inline char *rundir_ludma_log(const char *qemu_id)
{
	return g_strdup_printf(RUN_FILE_LUDMA_FMT, qemu_id);
}

static inline char *rundir_selftest_log(const char *name, int gen, int stage)
{
	return g_strdup_printf(RUN_FILE_SELFTEST_FMT, name, gen, stage);
}

/* NULL for a phase that is not a plain file name (the agent says it). */
static inline char *rundir_qmp_pci(int gen, const char *phase)
{
	if (!*phase || strchr(phase, '/') || phase[0] == '.')
		return NULL;
	return g_strdup_printf(RUN_FILE_QMP_PCI_FMT, gen, phase);
}

static inline char *rundir_qmp_pci_legacy(int gen)
{
	return g_strdup_printf(RUN_FILE_QMP_PCI_LEGACY_FMT, gen);
}

#endif
