// SPDX-License-Identifier: GPL-2.0-only
/*
 * Topology files: the parser and validator on good and bad files, and what
 * a good file compiles to. QEMU's answers come canned from
 * topologies/qemu/ (taken from the built QEMU), so no QEMU runs here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <string.h>

#include "libvirt_xml.h"
#include "lutb-config.h"
#include "pci_tree.h"
#include "topology_check.h"
#include "topology_machine.h"
#include "topology_parse.h"

static struct qemu_catalog *qemu;

/* Each bad file and the exact message it must get: place and words. */
static const struct {
	const char *file;
	const char *message;
} bad_files[] = {
	{ "bad-addr-below-port.yaml",
	  "bad-addr-below-port.yaml:7:15: below port 'rp0' there is one device, number 00: write addr: 0.N for its function N (0..7)" },
	{ "bad-addr-collision.yaml",
	  "bad-addr-collision.yaml:7:11: address 02.0 on the root complex is taken by 'rp0': give one of them another addr" },
	{ "bad-addr-q35-own.yaml",
	  "bad-addr-q35-own.yaml:4:11: device number 1f on the root complex is q35's own (ICH9 LPC, SATA and SMBus); use 01 to 1e" },
	{ "bad-addr-syntax.yaml",
	  "bad-addr-syntax.yaml:4:11: addr '2.9' is not DEV[.FN]: DEV is a device number in hex (0..1f), FN a function (0..7), e.g. 02.0" },
	{ "bad-alias.yaml",
	  "bad-alias.yaml:5:6: a fabric node: anchors and aliases are not supported; write the node out" },
	{ "bad-acs-on-switch.yaml",
	  "bad-acs-on-switch.yaml:7:9: `acs` belongs to ports (root-port, downstream-port), not to a switch" },
	{ "bad-iommu-multi-function.yaml",
	  "bad-iommu-multi-function.yaml:8:11: 'rp0/dma1' is preserved behind the virtio IOMMU, but it is one function of a multi-function device, and functions without ACS share an IOMMU group, and a preserved device must be alone in its group: give it a device number of its own" },
	{ "bad-iommu-port-without-acs.yaml",
	  "bad-iommu-port-without-acs.yaml:16:19: 'rp0/sw0/dp1/dma1' is preserved behind the intel IOMMU, but port 'rp0/sw0/dp1' above it has no ACS, so the device shares an IOMMU group with the devices around it, and a preserved device must be alone in its group: write `acs: true` on 'rp0/sw0/dp1'" },
	{ "bad-bar2-size.yaml",
	  "bad-bar2-size.yaml:8:11: property 'bar2-size' of lu-dma must be a power of two of at least 4K, not '3000'" },
	{ "bad-bridge-as-endpoint.yaml",
	  "bad-bridge-as-endpoint.yaml:3:11: QEMU device 'pcie-root-port' is a bridge: lutb builds bridges from root-port, switch and downstream-port nodes: write type: root-port" },
	{ "bad-bus-reserve-on-downstream-port.yaml",
	  "bad-bus-reserve-on-downstream-port.yaml:9:13: `bus-reserve` is a root-port key (pcie-root-port is the port whose firmware capability reserves buses), not a downstream-port one" },
	{ "bad-bus-reserve-past-255.yaml",
	  "bad-bus-reserve-past-255.yaml:4:18: the fabric needs more than 256 buses: bus-reserve 255 below 'rp0' reaches bus 256, and PCI buses end at 255" },
	{ "bad-chassis-range.yaml",
	  "bad-chassis-range.yaml:4:14: chassis must be a whole number from 0 to 255, not '256'" },
	{ "bad-chassis-slot-collision.yaml",
	  "bad-chassis-slot-collision.yaml:8:14: chassis 1 slot 2 is taken by 'rp0': give each port its own chassis/slot pair, or leave them out and lutb picks free ones" },
	{ "bad-children-on-switch.yaml",
	  "bad-children-on-switch.yaml:7:9: a switch has no `children`: list its downstream ports under `ports`, and their devices under each port's `children`" },
	{ "bad-downstream-port-function.yaml",
	  "bad-downstream-port-function.yaml:9:19: downstream ports are single-function devices: write addr: 00" },
	{ "bad-downstream-port-outside-switch.yaml",
	  "bad-downstream-port-outside-switch.yaml:6:15: downstream port 'rp0/dp0' is not in a switch: downstream ports belong in a switch's `ports` list" },
	{ "bad-duplicate-key.yaml",
	  "bad-duplicate-key.yaml:4:5: YAML: duplicate key" },
	{ "bad-duplicate-name.yaml",
	  "bad-duplicate-name.yaml:7:15: duplicate name 'dma0' below rp0 (first at line 5): sibling nodes need different names" },
	{ "bad-empty.yaml",
	  "bad-empty.yaml:1:1: the file is empty: a topology is a mapping with `machine:` and `fabric:`" },
	{ "bad-endpoint-in-ports.yaml",
	  "bad-endpoint-in-ports.yaml:9:19: a switch's `ports` are downstream ports; lu-dma 'rp0/sw0/dma0' belongs in a port's `children`" },
	{ "bad-endpoint-under-endpoint.yaml",
	  "bad-endpoint-under-endpoint.yaml:7:9: e1000e 'nic0' is an endpoint and has no bus below it: only root ports and downstream ports take `children`" },
	{ "bad-function-without-zero.yaml",
	  "bad-function-without-zero.yaml:7:15: device 00 on rp0 has function 1 but no function 0: firmware and Linux look for function 0 first" },
	{ "bad-lu-dma-log.yaml",
	  "bad-lu-dma-log.yaml:8:11: property 'log' is set by lutb: `lutb run` gives every lu-dma a log in the run directory" },
	{ "bad-lu-dma-unknown-property.yaml",
	  "bad-lu-dma-unknown-property.yaml:8:11: lu-dma has no property 'period': it takes vendor-id, device-id, subsystem-vendor-id, subsystem-id, bar2-size, stream-period-ns, heartbeat-ms" },
	{ "bad-machine-iommu.yaml",
	  "bad-machine-iommu.yaml:2:10: iommu must be none, intel or virtio, not 'amd'" },
	{ "bad-managed-property.yaml",
	  "bad-managed-property.yaml:5:7: property 'chassis' is set by lutb: use the port's `chassis` key" },
	{ "bad-memory-value.yaml",
	  "bad-memory-value.yaml:2:11: memory must be MiB from 64 to 1048576, as a number or with a unit (512M, 2G), not 'lots'" },
	{ "bad-missing-name.yaml",
	  "bad-missing-name.yaml:2:5: this root-port has no `name`: every node needs one, reports call it by its path of names" },
	{ "bad-missing-type.yaml",
	  "bad-missing-type.yaml:2:5: node has no `type`: give root-port, switch, lu-dma or a QEMU PCI device name" },
	{ "bad-name-chars.yaml",
	  "bad-name-chars.yaml:2:11: name 'rp.0' must start with a letter and hold only letters, digits, '-' and '_' (at most 32): it becomes part of QEMU ids" },
	{ "bad-nine-functions.yaml",
	  "bad-nine-functions.yaml:13:10: 'rp0/f8' would be a 9th function below port 'rp0': a port's link holds one device of at most 8 functions" },
	{ "bad-no-fabric.yaml",
	  "bad-no-fabric.yaml:1:1: no `fabric:` list: say which root ports, switches and devices the machine has" },
	{ "bad-not-a-mapping.yaml",
	  "bad-not-a-mapping.yaml:1:3: a topology must be a mapping, not a list" },
	{ "bad-not-text.yaml",
	  "bad-not-text.yaml:4:11: byte 0x01 is not printable UTF-8 text: the file is YAML, which is text" },
	{ "bad-not-pci.yaml",
	  "bad-not-pci.yaml:3:11: QEMU device 'isa-debugcon' is not a PCI device (it sits on an ISA bus)" },
	{ "bad-preserve-value.yaml",
	  "bad-preserve-value.yaml:4:15: preserve must be true or false, not 'yes'" },
	{ "bad-property-value.yaml",
	  "bad-property-value.yaml:8:11: property 'vendor-id' of lu-dma must be a number from 0 to 0xffff, not '0x10000'" },
	{ "bad-qemu-bool-property.yaml",
	  "bad-qemu-bool-property.yaml:5:7: property 'power_controller_present' of pcie-root-port must be on or off, not 'maybe'" },
	{ "bad-root-port-below-port.yaml",
	  "bad-root-port-below-port.yaml:6:15: a root port sits on the root complex (the `fabric:` list), not below root-port 'rp0'" },
	{ "bad-switch-on-root-complex.yaml",
	  "bad-switch-on-root-complex.yaml:3:11: switch 'sw0' is on the root complex: a switch sits below a root port or a downstream port (put it in their `children`)" },
	{ "bad-tab.yaml",
	  "bad-tab.yaml:3:10: a tab: indent and separate with spaces" },
	{ "bad-too-many-buses.yaml",
	  "bad-too-many-buses.yaml:49:218: the fabric needs more than 256 buses: 'rp7/sw0/dp15' would get bus 256, and PCI buses end at 255 (every root port, switch and downstream port takes one bus, bus-reserve more)" },
	{ "bad-too-many-ports.yaml",
	  "bad-too-many-ports.yaml:40:13: switch 'rp0/sw0' has 33 downstream ports: a switch has at most 32, one per device number of its internal bus" },
	{ "bad-top-key.yaml",
	  "bad-top-key.yaml:1:1: no `fabric:` list: say which root ports, switches and devices the machine has" "\n"
	  "bad-top-key.yaml:2:1: unknown key 'fabrik' at the top: a topology has description, machine, fabric" },
	{ "bad-unknown-device.yaml",
	  "bad-unknown-device.yaml:6:15: unknown QEMU device 'e1000x': `qemu-system-x86_64 -device help` does not list it (did you mean 'e1000'?)" },
	{ "bad-unknown-device-no-guess.yaml",
	  "bad-unknown-device-no-guess.yaml:6:15: unknown QEMU device 'qwertyuiop': `qemu-system-x86_64 -device help` does not list it (lutb's QEMU has the devices of qemu-patches/lutb-devices.mak; add a CONFIG_ line there for more)" },
	{ "bad-unknown-key.yaml",
	  "bad-unknown-key.yaml:4:5: unknown key 'chasis' for a root-port: it takes name, type, addr, chassis, slot, hotplug, acs, bus-reserve, preserve, properties, children" },
	{ "bad-unknown-property.yaml",
	  "bad-unknown-property.yaml:8:11: e1000e has no property 'macc' (`qemu-system-x86_64 -device e1000e,help` lists them)" },
	{ "bad-virtio-iommu-name.yaml",
	  "bad-virtio-iommu-name.yaml:4:11: name 'viommu' is taken by the virtio IOMMU that `iommu: virtio` adds; rename this node" },
	{ "bad-yaml-syntax.yaml",
	  "bad-yaml-syntax.yaml:4:1: YAML: flow sequence without a closing bracket" },
};

static void every_bad_file_gets_its_message(void **state)
{
	(void)state;
	for (gsize i = 0; i < G_N_ELEMENTS(bad_files); i++) {
		g_autoptr(GError) error = NULL;
		struct topology *t = topology_load(bad_files[i].file, qemu, &error);

		if (t || !error || strcmp(error->message, bad_files[i].message)) {
			print_error("%s:\n  want: %s\n  got:  %s\n", bad_files[i].file,
				    bad_files[i].message, error ? error->message : "(valid)");
			topology_free(t);
			fail();
		}
	}
}

/* A fixture that is in the folder but not in the table tests nothing. */
static void every_bad_fixture_is_in_the_table(void **state)
{
	g_autoptr(GDir) dir = g_dir_open(".", 0, NULL);
	const char *name;
	guint n = 0;

	(void)state;
	assert_non_null(dir);
	while ((name = g_dir_read_name(dir))) {
		gboolean listed = FALSE;

		if (!g_str_has_prefix(name, "bad-"))
			continue;
		for (gsize i = 0; i < G_N_ELEMENTS(bad_files); i++)
			listed |= g_str_equal(name, bad_files[i].file);
		if (!listed)
			print_error("%s has no expected message\n", name);
		assert_true(listed);
		n++;
	}
	assert_int_equal(n, G_N_ELEMENTS(bad_files));
}

static struct machine *compile_text(const char *text)
{
	g_autoptr(GError) error = NULL;
	struct topology *t = topology_parse_text(text, strlen(text), "inline.yaml", &error);
	struct machine *m;

	if (!t || !topology_check(t, qemu, &error)) {
		print_error("%s\n", error->message);
		fail();
	}
	m = topology_compile(t);
	topology_free(t);
	return m;
}

static struct machine *compile_catalog(const char *name)
{
	g_autofree char *file = g_strdup_printf(LUTB_TOPOLOGIES_DIR "/%s.yaml", name);
	g_autoptr(GError) error = NULL;
	struct machine *m = machine_from_file(file, qemu, &error);

	if (!m) {
		print_error("%s\n", error->message);
		fail();
	}
	return m;
}

static void every_catalog_file_compiles(void **state)
{
	g_autoptr(GDir) dir = g_dir_open(LUTB_TOPOLOGIES_DIR, 0, NULL);
	const char *name;
	guint n = 0;

	(void)state;
	assert_non_null(dir);
	while ((name = g_dir_read_name(dir))) {
		g_autofree char *base = NULL;

		if (!g_str_has_suffix(name, ".yaml"))
			continue;
		base = g_strndup(name, strlen(name) - 5);
		machine_free(compile_catalog(base));
		n++;
	}
	assert_true(n >= 7);
}

static char *joined(GPtrArray *a)
{
	g_ptr_array_add(a, NULL);
	return g_strjoinv("\n", (char **)a->pdata);
}

static void default_machine_compiles_to_these_qemu_args(void **state)
{
	g_autoptr(machine) m = compile_catalog("default");
	g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *text = NULL;

	(void)state;
	machine_append_args(m, argv, "/run", FALSE);
	text = joined(argv);
	assert_string_equal(text,
		"-machine\nq35\n-m\n1024M\n-smp\n1\n"
		"-device\npcie-root-port,id=rp0,bus=pcie.0,addr=02.0,chassis=1,slot=0\n"
		"-device\nx3130-upstream,id=rp0.sw0,bus=rp0,addr=00.0\n"
		"-device\nxio3130-downstream,id=rp0.sw0.dp0,bus=rp0.sw0,addr=00.0,chassis=2,slot=0\n"
		"-chardev\nfile,id=rp0.sw0.dp0.dma0-log,path=/run/lu-dma-rp0.sw0.dp0.dma0.jsonl\n"
		"-device\nlu-dma,id=rp0.sw0.dp0.dma0,bus=rp0.sw0.dp0,addr=00.0,log=rp0.sw0.dp0.dma0-log\n"
		"-device\nxio3130-downstream,id=rp0.sw0.dp1,bus=rp0.sw0,addr=01.0,chassis=3,slot=0\n"
		"-chardev\nfile,id=rp0.sw0.dp1.dma1-log,path=/run/lu-dma-rp0.sw0.dp1.dma1.jsonl\n"
		"-device\nlu-dma,id=rp0.sw0.dp1.dma1,bus=rp0.sw0.dp1,addr=00.0,log=rp0.sw0.dp1.dma1-log");
}

static void the_machine_says_which_devices_are_lu_dma_and_preserved(void **state)
{
	g_autoptr(machine) m = compile_catalog("deep");
	guint lu_dma = 0, preserved = 0;

	(void)state;
	for (guint i = 0; i < m->devices->len; i++) {
		const struct machine_device *d = g_ptr_array_index(m->devices, i);

		lu_dma += d->is_lu_dma;
		if (d->preserve)
			preserved++;
		if (g_str_equal(d->path, "rp0/sw0/dp0/sw1/dp0/sw2/dp0/dma0")) {
			assert_true(d->is_lu_dma && d->preserve);
			assert_string_equal(d->qemu_id, "rp0.sw0.dp0.sw1.dp0.sw2.dp0.dma0");
		}
	}
	assert_int_equal(lu_dma, 2);
	assert_int_equal(preserved, 8);
}

/* SeaBIOS puts rp1 past rp0's reserved buses (DESIGN.md: bus 06). */
static void bus_reserve_leaves_a_gap_in_bus_numbers(void **state)
{
	g_autoptr(machine) m = compile_catalog("reserved");
	g_autoptr(GPtrArray) lines = pci_tree_lines(m);
	g_autofree char *text = joined(lines);

	(void)state;
	assert_string_equal(text,
		"00:00.0 -\n"
		"00:02.0 rp0 [01-05]\n"
		"00:03.0 rp1 [06-06]\n"
		"00:04.0 rp2 [07-09]\n"
		"00:05.0 rp3 [0a-0a]\n"
		"00:1f.0 -\n00:1f.2 -\n00:1f.3 -\n"
		"01:00.0 rp0.sw0 [02-04]\n"
		"02:00.0 rp0.sw0.dp0 [03-03]\n"
		"02:01.0 rp0.sw0.dp1 [04-04]\n"
		"03:00.0 rp0.sw0.dp0.dma0\n"
		"06:00.0 rp1.dma0\n"
		"0a:00.0 rp3.edu0");
}

static void tree_prints_like_lspci_with_names(void **state)
{
	g_autoptr(machine) m = compile_catalog("multi-function");
	g_autofree char *tree = pci_tree_print(m);

	(void)state;
	assert_string_equal(tree,
		"-[0000:00]-+-00.0  host bridge (q35)\n"
		"           +-02.0-[01] rp0--+-00.0  rp0/dma0 (lu-dma, preserve)\n"
		"           |                +-00.1  rp0/dma1 (lu-dma)\n"
		"           |                \\-00.2  rp0/edu0 (edu)\n"
		"           +-03.0-[02] rp1----00.0  rp1/dma0 (lu-dma, preserve)\n"
		"           +-03.1-[03-05] rp2----00.0-[04-05] sw0----00.0-[05] dp0--+-00.0  rp2/sw0/dp0/dma0 (lu-dma, preserve)\n"
		"           |                                                        \\-00.1  rp2/sw0/dp0/dma1 (lu-dma)\n"
		"           +-03.2-[06] rp3--\n"
		"           +-1f.0  ISA bridge (ICH9 LPC)\n"
		"           +-1f.2  SATA controller (ICH9 AHCI)\n"
		"           \\-1f.3  SMBus (ICH9)\n");
}

static const struct machine_device *find(const struct machine *m, const char *path)
{
	for (guint i = 0; i < m->devices->len; i++) {
		const struct machine_device *d = g_ptr_array_index(m->devices, i);

		if (g_str_equal(d->path, path))
			return d;
	}
	fail_msg("no device %s", path);
	return NULL;
}

static void function_zero_comes_first_with_multifunction_on(void **state)
{
	g_autoptr(machine) m = compile_text(
		"fabric:\n"
		"  - {name: rp1, type: root-port, addr: 3.1}\n"
		"  - {name: rp0, type: root-port, addr: 3.0}\n");
	const struct machine_device *first = g_ptr_array_index(m->devices, 0);

	(void)state;
	assert_string_equal(first->path, "rp0");
	assert_string_equal(first->device_arg,
		"pcie-root-port,id=rp0,bus=pcie.0,addr=03.0,multifunction=on,chassis=1,slot=0");
	assert_string_equal(find(m, "rp1")->device_arg,
		"pcie-root-port,id=rp1,bus=pcie.0,addr=03.1,chassis=2,slot=0");
}

static void ports_without_chassis_avoid_the_ones_named(void **state)
{
	g_autoptr(machine) m = compile_text(
		"fabric:\n"
		"  - {name: rp0, type: root-port}\n"
		"  - {name: rp1, type: root-port, chassis: 1}\n"
		"  - {name: rp2, type: root-port, chassis: 1}\n"
		"  - {name: rp3, type: root-port, slot: 7}\n");

	(void)state;
	assert_int_equal(find(m, "rp0")->chassis, 2);
	assert_int_equal(find(m, "rp1")->chassis, 1);
	assert_int_equal(find(m, "rp1")->slot, 0);
	assert_int_equal(find(m, "rp2")->slot, 1);
	assert_int_equal(find(m, "rp3")->chassis, 3);
	assert_int_equal(find(m, "rp3")->slot, 7);
}

static void intel_iommu_comes_before_every_device(void **state)
{
	g_autoptr(machine) m = compile_catalog("iommu");
	g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);

	(void)state;
	machine_append_args(m, argv, NULL, FALSE);
	assert_string_equal(g_ptr_array_index(argv, 1), "q35,kernel-irqchip=split");
	assert_string_equal(g_ptr_array_index(argv, 6), "-device");
	assert_string_equal(g_ptr_array_index(argv, 7), "intel-iommu,intremap=on");
}

static void virtio_iommu_is_a_device_on_the_root_complex(void **state)
{
	g_autoptr(machine) m = compile_text(
		"machine: {iommu: virtio}\n"
		"fabric:\n"
		"  - {name: rp0, type: root-port, addr: 1}\n");
	const struct machine_device *v = find(m, TOPO_VIRTIO_IOMMU_NAME);
	g_autofree char *xml = libvirt_domain_xml(m);

	(void)state;
	assert_string_equal(v->device_arg, "virtio-iommu-pci,id=viommu,bus=pcie.0,addr=02.0");
	assert_true(v->implicit);
	assert_non_null(strstr(xml, "<iommu model='virtio'>\n"
		"      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n"));
}

static void properties_pass_through_with_commas_doubled(void **state)
{
	g_autoptr(machine) m = compile_text(
		"fabric:\n"
		"  - name: rp0\n"
		"    type: root-port\n"
		"    children:\n"
		"      - {name: nic0, type: e1000e, properties: {romfile: 'a,b'}}\n");

	(void)state;
	assert_string_equal(find(m, "rp0/nic0")->device_arg,
		"e1000e,id=rp0.nic0,bus=rp0,addr=00.0,romfile=a,,b");
}

static void libvirt_xml_names_controllers_and_passes_lu_dma(void **state)
{
	g_autoptr(machine) m = compile_catalog("reserved");
	g_autofree char *xml = libvirt_domain_xml(m);

	(void)state;
	assert_non_null(strstr(xml,
		"    <controller type='pci' index='2' model='pcie-switch-upstream-port'>\n"
		"      <model name='x3130-upstream'/>\n"
		"      <alias name='ua-rp0-sw0'/>\n"
		"      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"));
	assert_non_null(strstr(xml,
		"    <qemu:arg value='{&quot;driver&quot;:&quot;lu-dma&quot;,&quot;id&quot;:&quot;rp0.sw0.dp0.dma0&quot;,"
		"&quot;bus&quot;:&quot;ua-rp0-sw0-dp0&quot;,&quot;addr&quot;:&quot;00.0&quot;}'/>\n"));
	/* What libvirt has no attribute for goes through an override. */
	assert_non_null(strstr(xml,
		"    <qemu:device alias='ua-rp2'>\n"
		"      <qemu:frontend>\n"
		"        <qemu:property name='slot' type='unsigned' value='4'/>\n"
		"        <qemu:property name='bus-reserve' type='unsigned' value='2'/>\n"));
}

static void a_file_with_many_errors_shows_the_first_twenty(void **state)
{
	GString *text = g_string_new("fabric:\n");
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) lines = NULL;
	struct topology *t;

	(void)state;
	for (int i = 0; i < 30; i++)
		g_string_append_printf(text, "  - {name: rp%d, type: root-port, chasis: 1}\n", i);
	t = topology_parse_text(text->str, text->len, "many.yaml", &error);
	assert_null(t);
	lines = g_strsplit(error->message, "\n", -1);
	assert_int_equal(g_strv_length(lines), TOPO_MAX_ERRORS + 1);
	assert_string_equal(lines[TOPO_MAX_ERRORS], "many.yaml: 10 more errors not shown");
	g_string_free(text, TRUE);
}

static void without_qemu_stock_devices_go_unchecked(void **state)
{
	const char *text = "fabric:\n  - {name: x, type: no-such-device}\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(topology) t = topology_parse_text(text, strlen(text), "x.yaml", &error);

	(void)state;
	assert_non_null(t);
	assert_true(topology_check(t, NULL, &error));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_bad_file_gets_its_message),
		cmocka_unit_test(every_bad_fixture_is_in_the_table),
		cmocka_unit_test(every_catalog_file_compiles),
		cmocka_unit_test(default_machine_compiles_to_these_qemu_args),
		cmocka_unit_test(the_machine_says_which_devices_are_lu_dma_and_preserved),
		cmocka_unit_test(bus_reserve_leaves_a_gap_in_bus_numbers),
		cmocka_unit_test(tree_prints_like_lspci_with_names),
		cmocka_unit_test(function_zero_comes_first_with_multifunction_on),
		cmocka_unit_test(ports_without_chassis_avoid_the_ones_named),
		cmocka_unit_test(intel_iommu_comes_before_every_device),
		cmocka_unit_test(virtio_iommu_is_a_device_on_the_root_complex),
		cmocka_unit_test(properties_pass_through_with_commas_doubled),
		cmocka_unit_test(libvirt_xml_names_controllers_and_passes_lu_dma),
		cmocka_unit_test(a_file_with_many_errors_shows_the_first_twenty),
		cmocka_unit_test(without_qemu_stock_devices_go_unchecked),
	};
	int status;

	/* Messages start with the file as given: name fixtures relative. */
	if (g_chdir(TOPO_FIXTURES) != 0)
		return 1;
	qemu = qemu_catalog_new_canned(TOPO_FIXTURES "/qemu");
	status = cmocka_run_group_tests(tests, NULL, NULL);
	qemu_catalog_free(qemu);
	return status;
}
