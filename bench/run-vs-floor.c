// SPDX-License-Identifier: GPL-2.0-only
/*
 * lutb run against the bare floor of a live update, interleaved, median of
 * N each: the floor is the same QEMU, machine, kernel and command line as
 * the lutb run (its qemu-argv.txt, less QMP and the agent's port), booting
 * an initramfs of only /init (bench/floor-init.c) and the kernel, which
 * kexecs once and powers off. Phases, from the host's clock:
 *   boot A   QEMU start -> lutb: agent's hello; floor: /init runs
 *   setup    -> the kexec (lutb: engines started and preserved)
 *   kexec    -> generation 2's agent hello, or /init
 *   finish   -> QEMU gone (lutb: verify, finish, poweroff, verdict)
 * Usage: run-vs-floor LUTB FLOOR_INIT [RUNS] [-- lutb run options]
 */
#include <archive.h>
#include <archive_entry.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run_phases.h"

enum { TOTAL = N_RUN_PHASES, N_PHASES };	/* after run_phases.h's own */
/* Each array of figures holds phase p of run r at [p * MAX_RUNS + r]. */
#define MAX_RUNS 64

static double now_s(void)
{
	return g_get_monotonic_time() / 1e6;
}

static void die(const char *fmt, ...) G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN;
static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("run-vs-floor: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

/* lutb run, quietly; its wall time. */
static double lutb_run(GStrv argv)
{
	double t0 = now_s();
	int status;

	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
			  G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) ||
	    !g_spawn_check_wait_status(status, NULL))
		die("%s did not meet its expectations; see %s", argv[0], argv[3]);
	return now_s() - t0;
}

static GStrv read_argv(const char *run_dir)
{
	g_autofree char *path = g_build_filename(run_dir, "qemu-argv.txt", NULL);
	g_autofree char *text = NULL;
	g_auto(GStrv) lines = NULL;
	GStrv argv;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		die("no %s", path);
	lines = g_strsplit(text, "\\\n", -1);	/* the file's line continuations */
	g_free(text);
	text = g_strjoinv(" ", lines);
	if (!g_shell_parse_argv(text, NULL, &argv, NULL))
		die("cannot parse %s", path);
	return argv;
}

static void add_file(struct archive *a, const char *name, const char *from, mode_t mode)
{
	g_autofree char *data = NULL;
	gsize len = 0;
	struct archive_entry *e = archive_entry_new();

	if (from && !g_file_get_contents(from, &data, &len, NULL))
		die("cannot read %s", from);
	archive_entry_set_pathname(e, name);
	archive_entry_set_mode(e, mode);
	archive_entry_set_size(e, (la_int64_t)len);
	if (S_ISCHR(mode)) {
		archive_entry_set_rdevmajor(e, 5);	/* /dev/console */
		archive_entry_set_rdevminor(e, 1);
	}
	if (archive_write_header(a, e) != ARCHIVE_OK ||
	    (len && archive_write_data(a, data, len) != (la_ssize_t)len))
		die("writing the floor's initramfs: %s", archive_error_string(a));
	archive_entry_free(e);
}

static void write_initramfs(const char *path, const char *init, const char *kernel)
{
	struct archive *a = archive_write_new();

	archive_write_set_format_cpio_newc(a);
	if (archive_write_open_filename(a, path) != ARCHIVE_OK)
		die("%s: %s", path, archive_error_string(a));
	add_file(a, "dev", NULL, S_IFDIR | 0755);
	add_file(a, "dev/console", NULL, S_IFCHR | 0600);
	add_file(a, "proc", NULL, S_IFDIR | 0755);
	add_file(a, "sys", NULL, S_IFDIR | 0755);
	add_file(a, "init", init, S_IFREG | 0755);
	add_file(a, "kernel", kernel, S_IFREG | 0644);
	archive_write_close(a);
	archive_write_free(a);
}

static const char *option_value(GStrv argv, const char *option)
{
	for (guint i = 0; argv[i] && argv[i + 1]; i++)
		if (g_str_equal(argv[i], option))
			return argv[i + 1];
	return NULL;
}

static char *replace(const char *s, const char *from, const char *to)
{
	g_auto(GStrv) parts = g_strsplit(s, from, -1);

	return g_strjoinv(to, parts);
}

/*
 * The lutb run's QEMU as the floor: no QMP and no -S (nobody lets it go),
 * the agent's port to nowhere, the console to stdout, the lu-dma logs
 * into @dir and the floor's initramfs.
 */
static GStrv floor_argv(GStrv lutb, const char *run_dir, const char *dir,
			const char *initrd)
{
	GPtrArray *out = g_ptr_array_new();
	g_autofree char *run_prefix = g_strconcat("path=", run_dir, "/", NULL);
	g_autofree char *floor_prefix = g_strconcat("path=", dir, "/floor-", NULL);

	for (guint i = 0; lutb[i]; i++) {
		const char *arg = lutb[i];

		if (g_str_equal(arg, "-S"))
			continue;
		if (g_str_equal(arg, "-mon") || (g_str_equal(arg, "-chardev") && lutb[i + 1] &&
						  strstr(lutb[i + 1], "id=qmp,"))) {
			i++;
			continue;
		}
		if (g_str_has_prefix(arg, "socket,id=report,"))
			g_ptr_array_add(out, g_strdup("null,id=report"));
		else if (g_str_has_prefix(arg, "file,id=console,"))
			g_ptr_array_add(out, g_strdup("stdio,id=console,signal=off"));
		else if (strstr(arg, run_prefix))
			g_ptr_array_add(out, replace(arg, run_prefix, floor_prefix));
		else if (i > 0 && g_str_equal(lutb[i - 1], "-initrd"))
			g_ptr_array_add(out, g_strdup(initrd));
		else
			g_ptr_array_add(out, g_strdup(arg));
	}
	g_ptr_array_add(out, NULL);
	return (GStrv)g_ptr_array_free(out, FALSE);
}

/* One floor run: the time of each line /init prints, and of QEMU's end. */
static void floor_run(GStrv argv, double *t, int r)
{
	double t0 = now_s(), gen1 = 0, kexec = 0, gen2 = 0;
	int out_fd, status;
	GPid pid;
	FILE *out;
	char line[4096];

	if (!g_spawn_async_with_pipes(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
				      G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, NULL,
				      &out_fd, NULL, NULL))
		die("cannot start %s", argv[0]);
	out = fdopen(out_fd, "r");
	while (fgets(line, sizeof(line), out)) {
		if (strstr(line, "lutb-floor: generation 1"))
			gen1 = now_s() - t0;
		else if (strstr(line, "lutb-floor: kexec"))
			kexec = now_s() - t0;
		else if (strstr(line, "lutb-floor: generation 2"))
			gen2 = now_s() - t0;
	}
	fclose(out);
	waitpid(pid, &status, 0);
	t[TOTAL * MAX_RUNS + r] = now_s() - t0;
	if (!gen1 || !kexec || !gen2)
		die("the floor did not boot, kexec and boot again (run %d)", r + 1);
	t[PHASE_BOOT_A * MAX_RUNS + r] = gen1;
	t[PHASE_SETUP * MAX_RUNS + r] = kexec - gen1;
	t[PHASE_KEXEC * MAX_RUNS + r] = gen2 - kexec;
	t[PHASE_FINISH * MAX_RUNS + r] = t[TOTAL * MAX_RUNS + r] - gen2;
}

static void lutb_phases(const char *run_dir, double wall, double *t, int r)
{
	struct run_json rj;
	double phases[N_RUN_PHASES];

	if (!run_json_read(run_dir, &rj, NULL))
		die("no readable run.json in %s", run_dir);
	/* Finished when lutb is, verdict and reports written. */
	run_phases(&rj.result, wall, phases);
	for (int p = 0; p < N_RUN_PHASES; p++)
		t[p * MAX_RUNS + r] = phases[p];
	t[TOTAL * MAX_RUNS + r] = wall;
	run_json_clear(&rj);
}

static GStrv lutb_argv(char **argv, int argc, int extra, const char *out)
{
	GPtrArray *a = g_ptr_array_new();

	g_ptr_array_add(a, g_strdup(argv[1]));
	g_ptr_array_add(a, g_strdup("run"));
	g_ptr_array_add(a, g_strdup("--out"));
	g_ptr_array_add(a, g_strdup(out));
	for (int i = extra; extra && i < argc; i++)
		g_ptr_array_add(a, g_strdup(argv[i]));
	g_ptr_array_add(a, NULL);
	return (GStrv)g_ptr_array_free(a, FALSE);
}

int main(int argc, char **argv)
{
	int runs = argc > 3 && strcmp(argv[3], "--") ? atoi(argv[3]) : 5;
	static double lutb[N_PHASES * MAX_RUNS], bare[N_PHASES * MAX_RUNS];
	char dir[] = "/tmp/lutb-floor-XXXXXX";
	g_autofree char *warm = NULL, *initrd = NULL;
	g_auto(GStrv) qemu = NULL, floor = NULL;
	int extra = 0;

	if (argc < 3 || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: %s LUTB FLOOR_INIT [RUNS] [-- lutb run options]\n",
			argv[0]);
		return 2;
	}
	for (int i = 3; i < argc; i++)
		if (!strcmp(argv[i], "--"))
			extra = i + 1;
	if (!mkdtemp(dir))
		die("mkdtemp: %s", g_strerror(errno));
	/* A first run: warm caches, and the QEMU command line to copy. */
	warm = g_build_filename(dir, "warm", NULL);
	{
		g_auto(GStrv) a = lutb_argv(argv, argc, extra, warm);

		lutb_run(a);
	}
	qemu = read_argv(warm);
	initrd = g_build_filename(dir, "floor-initrd.img", NULL);
	write_initramfs(initrd, argv[2], option_value(qemu, "-kernel"));
	floor = floor_argv(qemu, warm, dir, initrd);
	for (int r = 0; r < runs; r++) {
		g_autofree char *out = g_strdup_printf("%s/run%d", dir, r);
		g_auto(GStrv) a = lutb_argv(argv, argc, extra, out);

		floor_run(floor, bare, r);
		lutb_phases(out, lutb_run(a), lutb, r);
		fprintf(stderr, "run-vs-floor: run %d of %d: floor %.3f s, lutb %.3f s\n", r + 1,
			runs, bare[TOTAL * MAX_RUNS + r], lutb[TOTAL * MAX_RUNS + r]);
	}
	printf("== bare floor vs lutb run, median of %d, interleaved ==\n", runs);
	printf("%-16s %8s %8s %8s\n", "phase", "floor", "lutb", "lutb-floor");
	for (int p = 0; p < N_PHASES; p++) {
		double f = median(bare + p * MAX_RUNS, runs);
		double l = median(lutb + p * MAX_RUNS, runs);

		printf("%-16s %8.3f %8.3f %+10.3f\n",
		       p < N_RUN_PHASES ? run_phase_names[p] : "total", f, l, l - f);
	}
	printf("ratio (lutb / floor): %.2fx\n",
	       median(lutb + TOTAL * MAX_RUNS, runs) / median(bare + TOTAL * MAX_RUNS, runs));
	printf("run directories kept in %s\n", dir);
	return 0;
}
