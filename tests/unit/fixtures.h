/* SPDX-License-Identifier: GPL-2.0-only */
/* Evidence of a good two-generation run, trimmed from a real one. */
#ifndef LUTB_TEST_FIXTURES_H
#define LUTB_TEST_FIXTURES_H

#define CONSOLE_TWO_GENERATIONS \
	"SeaBIOS (version 1.16.2-debian-1.16.2-1)\n" \
	"[    0.000000] Linux version 7.3.4 (root@host) #1 SMP\n" \
	"[    0.512000] pci 0000:00:02.0: [1b36:000c] type 01 class 0x060400 PCIe Root Port\n" \
	"lutb-agent: {\"event\":\"hello\",\"gen\":1}\n" \
	"[    3.100000] kexec_core: Starting new kernel\n" \
	"[    0.000000] Linux version 7.3.4 (root@host) #1 SMP\n" \
	"[    0.020000] luo: Retrieved live update data, liveupdate number: 1\n" \
	"[    1.200000] reboot: Power down\n"

#define AGENT_TWO_GENERATIONS \
	"{\"event\":\"hello\",\"gen\":1,\"kernel\":\"7.3.4\",\"t_ns\":1}\n" \
	"{\"devices\":[],\"event\":\"pci\",\"gen\":1,\"t_ns\":2}\n" \
	"{\"cmdline\":\"lutb.gen=2\",\"event\":\"kexec\",\"gen\":1,\"kernel\":\"/boot/kernel-gen2\",\"next\":2,\"t_ns\":3}\n" \
	"{\"event\":\"hello\",\"gen\":2,\"kernel\":\"7.3.4\",\"t_ns\":1}\n" \
	"{\"devices\":[],\"event\":\"pci\",\"gen\":2,\"t_ns\":2}\n" \
	"{\"event\":\"done\",\"gen\":2,\"t_ns\":3}\n"

#define QMP_CLEAN_SHUTDOWN \
	"{\"dir\":\"in\",\"host_us\":1,\"msg\":{\"return\":{}}}\n" \
	"{\"dir\":\"in\",\"host_us\":2,\"msg\":{\"event\":\"RESUME\",\"data\":{}}}\n" \
	"{\"dir\":\"in\",\"host_us\":3,\"msg\":{\"event\":\"SHUTDOWN\",\"data\":{\"guest\":true,\"reason\":\"guest-shutdown\"}}}\n"

#endif
