// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every file of the topology catalog, for real: booted with the built QEMU
 * and no kernel, SeaBIOS numbers the fabric, finds nothing to boot, and
 * then QMP query-pci must show exactly the tree lutb expects (addresses,
 * QEMU ids, bus numbers). Its libvirt XML must pass virt-xml-validate.
 * A file needing a device our QEMU lacks is a failure: the build has them all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "libvirt_xml.h"
#include "lutb-config.h"
#include "pci_tree.h"
#include "qmp.h"
#include "qmp_pci.h"
#include "qemu_query.h"
#include "topology_machine.h"

#define BOOT_TIMEOUT_S 120

static struct qemu_catalog *qemu;
static const char *catalog_dir;	/* $LUTB_TOPOLOGIES_DIR tests another folder */

/* SeaBIOS writes to port 0x402; it says this once POST is over. */
static gboolean firmware_done(const char *log)
{
	g_autofree char *text = NULL;

	if (!g_file_get_contents(log, &text, NULL, NULL))
		return FALSE;
	return strstr(text, "Booting from ") || strstr(text, "No bootable device");
}

static int by_text(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *joined(GPtrArray *a)
{
	g_ptr_array_sort(a, by_text);
	g_ptr_array_add(a, NULL);
	return g_strjoinv("\n", (char **)a->pdata);
}

struct reply {
	GMainLoop *loop;
	json_t *msg;
};

static void on_reply(json_t *msg, void *opaque)
{
	struct reply *r = opaque;

	r->msg = json_incref(msg);
	g_main_loop_quit(r->loop);
}

static gboolean on_deadline(gpointer opaque)
{
	g_main_loop_quit(opaque);
	return G_SOURCE_REMOVE;
}

static GSubprocess *start_qemu(const struct machine *m, const char *dir,
			       const char *sock)
{
	g_auto(GStrv) firmware = g_strsplit(LUTB_FIRMWARE_DIRS, ":", -1);
	g_autofree char *console = g_build_filename(dir, "console.log", NULL);
	g_autofree char *qemu_log = g_build_filename(dir, "qemu.log", NULL);
	struct machine_run run = {
		.qemu = LUTB_QEMU, .firmware_dirs = firmware, .console_log = console,
		.qmp_socket = sock, .run_dir = dir,
		.accel = ACCEL_TCG,
	};
	g_auto(GStrv) argv = machine_qemu_argv(m, &run);
	g_autoptr(GPtrArray) full = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GSubprocessLauncher) launcher = NULL;
	g_autoptr(GError) error = NULL;
	GSubprocess *p;

	for (guint i = 0; argv[i]; i++)
		g_ptr_array_add(full, g_strdup(argv[i]));
	g_ptr_array_add(full, g_strdup("-chardev"));
	g_ptr_array_add(full, g_strdup_printf("file,id=bios,path=%s/bios.log", dir));
	g_ptr_array_add(full, g_strdup("-device"));
	g_ptr_array_add(full, g_strdup("isa-debugcon,iobase=0x402,chardev=bios"));
	g_ptr_array_add(full, NULL);
	launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDERR_MERGE);
	g_subprocess_launcher_set_stdout_file_path(launcher, qemu_log);
	p = g_subprocess_launcher_spawnv(launcher, (const char *const *)full->pdata, &error);
	if (!p)
		fail_msg("starting QEMU: %s", error->message);
	return p;
}

/* Boots @m until the firmware is done; returns query-pci's devices. */
static GPtrArray *boot_and_query(const struct machine *m, const char *dir)
{
	g_autofree char *sock = g_build_filename(dir, "qmp.sock", NULL);
	g_autofree char *transcript = g_build_filename(dir, "qmp.jsonl", NULL);
	g_autofree char *bios = g_build_filename(dir, "bios.log", NULL);
	g_autoptr(GSubprocess) qemu_proc = start_qemu(m, dir, sock);
	g_autoptr(GError) error = NULL;
	gint64 deadline = g_get_monotonic_time() + BOOT_TIMEOUT_S * G_USEC_PER_SEC;
	struct reply r = { .loop = g_main_loop_new(NULL, FALSE) };
	struct qmp *q = qmp_connect(sock, transcript, deadline, &error);
	GPtrArray *devices;
	guint timer;

	if (!q) {
		g_subprocess_force_exit(qemu_proc);
		fail_msg("QMP: %s (see %s/qemu.log)", error->message, dir);
	}
	qmp_start(q, NULL, NULL);
	qmp_execute(q, "cont", NULL, NULL, NULL);
	while (!firmware_done(bios) && g_get_monotonic_time() < deadline &&
	       g_subprocess_get_identifier(qemu_proc)) {
		g_main_context_iteration(NULL, FALSE);
		g_usleep(G_USEC_PER_SEC / 20);
	}
	if (firmware_done(bios)) {
		qmp_execute(q, "query-pci", NULL, on_reply, &r);
		timer = g_timeout_add_seconds(30, on_deadline, r.loop);
		g_main_loop_run(r.loop);
		if (r.msg)
			g_source_remove(timer);
	}
	g_subprocess_force_exit(qemu_proc);
	g_subprocess_wait(qemu_proc, NULL, NULL);
	qmp_free(q);
	g_main_loop_unref(r.loop);
	if (!r.msg)
		fail_msg("SeaBIOS did not finish within %d s (see %s)", BOOT_TIMEOUT_S, dir);
	devices = qmp_pci_parse(json_object_get(r.msg, "return"));
	json_decref(r.msg);
	if (!devices)
		fail_msg("query-pci's answer is not one (see %s/qmp.jsonl)", dir);
	return devices;
}

static void remove_dir(const char *path)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	const char *entry;

	while (dir && (entry = g_dir_read_name(dir))) {
		g_autofree char *file = g_build_filename(path, entry, NULL);

		g_unlink(file);
	}
	g_rmdir(path);
}

static struct machine *load(const char *name)
{
	g_autofree char *file = g_strdup_printf("%s/%s.yaml", catalog_dir, name);
	g_autoptr(GError) error = NULL;
	struct machine *m = machine_from_file(file, qemu, &error);

	if (!m)
		fail_msg("%s", error->message);
	return m;
}

static void boots_to_the_tree_it_describes(void **state)
{
	const char *name = *state;
	g_autoptr(machine) m = load(name);
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) want = NULL, got = NULL, devices = NULL;
	g_autofree char *dir = NULL, *want_text = NULL, *got_text = NULL;

	/* Our QEMU build always has every device the catalog uses. */
	if (!machine_check_drivers(m, qemu, &error))
		fail_msg("%s: %s", name, error->message);
	dir = g_dir_make_tmp("lutb-topology-XXXXXX", &error);
	assert_non_null(dir);
	devices = boot_and_query(m, dir);
	got = pci_tree_lines_qmp(devices);
	want = pci_tree_lines(m);
	want_text = joined(want);
	got_text = joined(got);
	if (strcmp(want_text, got_text))
		fail_msg("%s: query-pci differs from the file's tree (run kept in %s)\n"
			 "want:\n%s\ngot:\n%s", name, dir, want_text, got_text);
	/* Only a passing run is cleaned up: a failing one is evidence. */
	remove_dir(dir);
}

static void its_libvirt_xml_validates(void **state)
{
	const char *name = *state;
	g_autoptr(machine) m = load(name);
	g_autofree char *xml = libvirt_domain_xml(m);
	g_autofree char *validator = g_find_program_in_path("virt-xml-validate");
	g_autofree char *file = NULL, *out = NULL;
	g_autoptr(GError) error = NULL;
	int fd, status;

	if (!validator)
		fail_msg("%s: no virt-xml-validate (scripts/setup-host.sh installs libvirt-clients)",
			 name);
	fd = g_file_open_tmp("lutb-domain-XXXXXX.xml", &file, &error);
	assert_true(fd >= 0);
	close(fd);
	assert_true(g_file_set_contents(file, xml, -1, NULL));
	assert_true(g_spawn_sync(NULL, (char *[]){ validator, file, "domain", NULL },
				 NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
				 NULL, &status, &error));
	if (!g_spawn_check_wait_status(status, NULL))
		fail_msg("%s: virt-xml-validate rejects its domain XML (%s):\n%s", name,
			 file, xml);
	g_unlink(file);
}

int main(void)
{
	g_autoptr(GDir) dir = NULL;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GArray) tests = g_array_new(FALSE, TRUE, sizeof(struct CMUnitTest));
	const char *entry;
	int status;

	catalog_dir = g_getenv("LUTB_TOPOLOGIES_DIR");
	if (!catalog_dir || !*catalog_dir)
		catalog_dir = LUTB_TOPOLOGIES_DIR;
	dir = g_dir_open(catalog_dir, 0, NULL);
	if (!dir)
		return 1;
	while ((entry = g_dir_read_name(dir)))
		if (g_str_has_suffix(entry, ".yaml"))
			g_ptr_array_add(names, g_strndup(entry, strlen(entry) - 5));
	g_ptr_array_sort(names, by_text);
	for (guint i = 0; i < names->len; i++) {
		char *name = g_ptr_array_index(names, i);
		struct CMUnitTest boot = {
			.name = g_strdup_printf("%s boots to the tree it describes", name),
			.test_func = boots_to_the_tree_it_describes, .initial_state = name,
		};
		struct CMUnitTest xml = {
			.name = g_strdup_printf("%s: its libvirt XML validates", name),
			.test_func = its_libvirt_xml_validates, .initial_state = name,
		};

		g_array_append_val(tests, boot);
		g_array_append_val(tests, xml);
	}
	qemu = qemu_catalog_for_binary(LUTB_QEMU);
	status = _cmocka_run_group_tests("topology-catalog",
		(struct CMUnitTest *)tests->data, tests->len, NULL, NULL);
	qemu_catalog_free(qemu);
	for (guint i = 0; i < tests->len; i++)
		g_free((char *)g_array_index(tests, struct CMUnitTest, i).name);
	return status;
}
