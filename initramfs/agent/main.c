// SPDX-License-Identifier: GPL-2.0-only
/*
 * lutb-agent: the in-guest half of a live update run. In every kernel
 * generation it reports who it is and what PCI looks like; then it either
 * kexecs into the next generation or, in the last one, says it is done.
 * init powers the machine off when the agent returns.
 */
#include <jansson.h>
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cmdline.h"
#include "kexec.h"
#include "pci_sysfs.h"
#include "report.h"

#define REPORT_PORT "/dev/ttyS1"

static void report_hello(void)
{
	struct utsname uts;

	uname(&uts);
	report_send("hello",
		    json_pack("{s:s, s:s, s:b}", "kernel", uts.release,
			      "cmdline", cmdline_text(),
			      "liveupdate_dev", access("/dev/liveupdate", F_OK) == 0));
}

int main(void)
{
	int generation = (int)cmdline_get_long("gen", 1);

	if (report_open(REPORT_PORT, generation))
		fprintf(stderr, "lutb-agent: no report port, console only\n");
	report_hello();
	report_send("pci", json_pack("{s:o}", "devices", pci_snapshot()));
	if (kexec_has_generation(generation + 1))
		return kexec_into(generation + 1) ? 1 : 0;
	report_send("done", NULL);
	return 0;
}
