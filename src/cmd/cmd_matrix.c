// SPDX-License-Identifier: GPL-2.0-only
/*
 * lutb matrix: run scenario files, each as its own `lutb run --scenario`
 * (its own QEMU and run directory), several side by side, and say which
 * met their expectations.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "cmd.h"
#include "kernel_named.h"
#include "kernel_variant.h"
#include "lutb-config.h"
#include "matrix_order.h"
#include "report.h"
#include "rundir.h"

static char *opt_shard;
static char *opt_out;
static char *opt_kernel_a;
static char *opt_kernel_b;
static char *opt_patched_as;
static int opt_jobs = 1;
static int opt_timeout;
static gboolean opt_unmutated;
static char *opt_libvirt;
static gboolean opt_no_fork;
/* Each scenario's last run time, in the cache: the next matrix starts the
 * longest first. */
#define MATRIX_TIMES "matrix-times.json"
/* Runs side by side per core, when above 1: their timeouts stretch by it. */
static double timeout_scale = 1.0;

static GOptionEntry matrix_options[] = {
	{ "jobs", 'j', 0, G_OPTION_ARG_INT, &opt_jobs,
	  "Scenarios run side by side, each with its own QEMU (default: 1); above the "
	  "number of cores, each run's timeout grows by N / cores", "N" },
	{ "shard", 0, 0, G_OPTION_ARG_STRING, &opt_shard,
	  "Run only shard I of N (1-based): the scenarios whose place in the sorted "
	  "list is I modulo N, for one CI job each", "I/N" },
	{ "out", 0, 0, G_OPTION_ARG_FILENAME, &opt_out,
	  "Directory for the runs (default: results/matrix-<UTC time>)", "DIR" },
	{ "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout,
	  "Timeout of every run, instead of each scenario's own", "S" },
	{ "kernel-a", 0, 0, G_OPTION_ARG_STRING, &opt_kernel_a,
	  "Run every scenario with this first kernel instead of its own "
	  "(e.g. stock, to see what the baseline fails)", "K" },
	{ "kernel-b", 0, 0, G_OPTION_ARG_STRING, &opt_kernel_b,
	  "The same for every later kernel", "K" },
	{ "patched-as", 0, 0, G_OPTION_ARG_STRING, &opt_patched_as,
	  "Boot K wherever a scenario names the patched kernel (lutb run "
	  "--patched-as), e.g. debug: the catalog on the debug kernel, its "
	  "expectations unchanged", "K" },
	{ "unmutated", 0, 0, G_OPTION_ARG_NONE, &opt_unmutated,
	  "Run every scenario without its lutb_mutant= (lutb run --unmutated): "
	  "what the mutant scenarios give on the unmutated kernel", NULL },
	{ "libvirt", 0, 0, G_OPTION_ARG_STRING, &opt_libvirt,
	  "Run every scenario's QEMU as a transient domain of this libvirt host "
	  "(lutb run --libvirt; no saved VMs then)", "URI" },
	{ "no-fork", 0, 0, G_OPTION_ARG_NONE, &opt_no_fork,
	  "Boot kernel A in every run; by default runs that share the machine, "
	  "kernel A and its command line start from it saved once (lutb run --fork)",
	  NULL },
	{ NULL },
};

static gint by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The scenario files named by @args (files, or folders of *.yaml), sorted. */
static GPtrArray *collect(char **args, int n, GError **error)
{
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);

	for (int i = 0; i < n; i++) {
		g_autoptr(GDir) dir = NULL;
		const char *name;

		if (!g_file_test(args[i], G_FILE_TEST_IS_DIR)) {
			if (!g_file_test(args[i], G_FILE_TEST_IS_REGULAR)) {
				g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
					    "%s: no such scenario file or folder", args[i]);
				g_ptr_array_unref(files);
				return NULL;
			}
			g_ptr_array_add(files, g_canonicalize_filename(args[i], NULL));
			continue;
		}
		dir = g_dir_open(args[i], 0, error);
		if (!dir) {
			g_ptr_array_unref(files);
			return NULL;
		}
		while ((name = g_dir_read_name(dir)))
			if (g_str_has_suffix(name, ".yaml")) {
				g_autofree char *p = g_build_filename(args[i], name, NULL);

				g_ptr_array_add(files, g_canonicalize_filename(p, NULL));
			}
	}
	g_ptr_array_sort(files, by_name);
	return files;
}

static gboolean parse_shard(guint *index, guint *count, GError **error)
{
	unsigned int i, n;
	char end;

	*index = 1;
	*count = 1;
	if (!opt_shard)
		return TRUE;
	if (sscanf(opt_shard, "%u/%u%c", &i, &n, &end) != 2 || n < 1 || i < 1 || i > n) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--shard takes I/N with 1 <= I <= N, e.g. 2/4, not '%s'", opt_shard);
		return FALSE;
	}
	*index = i;
	*count = n;
	return TRUE;
}

static char *default_out_dir(void)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autofree char *stamp = g_date_time_format(now, "%Y%m%dT%H%M%SZ");
	return g_strdup_printf("%s/matrix-%s", results_root(), stamp);
}

struct running {
	GPid pid;
	struct matrix_entry *e;
	gint64 started;
};

/* `lutb run --scenario FILE --out OUT/NAME`, its output in OUT/NAME.log. */
static gboolean start(struct matrix_entry *e, const char *out, struct running *r,
		      GError **error)
{
	g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
	g_autofree char *run_dir = g_build_filename(out, e->name, NULL);
	g_autofree char *log_name = g_strdup_printf(MATRIX_FILE_RUN_LOG_FMT, e->name);
	g_autofree char *log = g_build_filename(out, log_name, NULL);
	g_autofree char *timeout = g_strdup_printf("%d", opt_timeout);
	g_autofree char *scale = g_strdup_printf("%.2f", timeout_scale);
	GPtrArray *args = g_ptr_array_new();
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	gboolean ok;

	if (fd < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot write %s: %s", log, g_strerror(errno));
		return FALSE;
	}
	g_ptr_array_add(args, self);
	g_ptr_array_add(args, "run");
	g_ptr_array_add(args, "--scenario");
	g_ptr_array_add(args, e->file);
	g_ptr_array_add(args, "--out");
	g_ptr_array_add(args, run_dir);
	if (opt_timeout) {
		g_ptr_array_add(args, "--timeout");
		g_ptr_array_add(args, timeout);
	}
	if (timeout_scale > 1.0) {
		g_ptr_array_add(args, "--timeout-scale");
		g_ptr_array_add(args, scale);
	}
	if (opt_kernel_a) {
		g_ptr_array_add(args, "--kernel-a");
		g_ptr_array_add(args, opt_kernel_a);
	}
	if (opt_kernel_b) {
		g_ptr_array_add(args, "--kernel-b");
		g_ptr_array_add(args, opt_kernel_b);
	}
	if (opt_patched_as) {
		g_ptr_array_add(args, "--patched-as");
		g_ptr_array_add(args, opt_patched_as);
	}
	if (opt_unmutated)
		g_ptr_array_add(args, "--unmutated");
	if (opt_libvirt) {
		g_ptr_array_add(args, "--libvirt");
		g_ptr_array_add(args, opt_libvirt);
	} else if (!opt_no_fork) {
		g_ptr_array_add(args, "--fork");
	}
	g_ptr_array_add(args, NULL);
	ok = g_spawn_async_with_pipes_and_fds(NULL, (const char *const *)args->pdata, NULL,
					      G_SPAWN_DO_NOT_REAP_CHILD,
					      NULL, NULL, -1, fd, fd, NULL, NULL, 0,
					      &r->pid, NULL, NULL, NULL, error);
	close(fd);
	g_ptr_array_free(args, TRUE);
	r->e = e;
	r->started = g_get_monotonic_time();
	return ok;
}

/* Waits for one run to end and says how it went. */
static void reap(struct running *slots, guint n_slots, const char *out, guint *done,
		 guint total)
{
	int status;
	pid_t pid = waitpid(-1, &status, 0);

	for (guint i = 0; pid > 0 && i < n_slots; i++) {
		struct running *r = &slots[i];

		if (r->pid != pid)
			continue;
		r->e->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		r->e->wall_s = (double)(g_get_monotonic_time() - r->started) / 1e6;
		matrix_entry_load(r->e, out);
		(*done)++;
		fprintf(stderr, "lutb matrix: [%u/%u] %s: %s (verdict %s, expected %s, %.1f s)\n",
			*done, total, r->e->name, r->e->met ? "as expected" : "NOT as expected",
			r->e->verdict, r->e->expected, r->e->wall_s);
		g_spawn_close_pid(r->pid);
		r->pid = 0;
		r->e = NULL;
	}
}

/* Kernels built on first use are built here, one after the other, rather
 * than by runs started side by side. */
static gboolean kernels_ready(GError **error)
{
	const char *chosen[] = { opt_kernel_a, opt_kernel_b };

	if (opt_patched_as && kernel_is_variant(opt_patched_as) &&
	    !kernel_variant_ensure(opt_patched_as, error))
		return FALSE;
	if (!opt_kernel_a || !opt_kernel_b)
		return kernel_variants_ensure_all(error);
	for (guint i = 0; i < G_N_ELEMENTS(chosen); i++)
		if (kernel_is_variant(chosen[i]) && !kernel_variant_ensure(chosen[i], error))
			return FALSE;
	return TRUE;
}

/*
 * A hung guest is told from a slow one by the clock, and under TCG a run
 * that shares its core with others is slower by as many: its timeout
 * grows with them, so that --jobs does not turn a pass into a timeout.
 */
static double load_per_core(guint side_by_side)
{
	int cores = g_get_num_processors();
	double per_core = (double)side_by_side / cores;

	if (per_core <= 1.0)
		return 1.0;
	fprintf(stderr, "lutb matrix: %u runs side by side on %d cores: timeouts x%.2f\n",
		side_by_side, cores, per_core);
	return per_core;
}

static GPtrArray *run_all(GPtrArray *files, guint shard, guint shards, const char *out,
			  GError **error)
{
	GPtrArray *entries = g_ptr_array_new_with_free_func(matrix_entry_free);
	g_autofree struct running *slots = g_new0(struct running, opt_jobs);
	g_autofree char *times_path = lutb_cache_path(MATRIX_TIMES);
	g_autoptr(GHashTable) times = matrix_times_load(times_path);
	g_autoptr(GPtrArray) order = NULL;
	guint next = 0, done = 0;

	for (guint i = 0; i < files->len; i++) {
		struct matrix_entry *e;
		g_autofree char *base = NULL;

		if (i % shards != shard - 1)
			continue;
		e = g_new0(struct matrix_entry, 1);
		e->file = g_strdup(g_ptr_array_index(files, i));
		base = g_path_get_basename(e->file);
		e->name = g_strndup(base, strlen(base) - strlen(".yaml"));
		g_ptr_array_add(entries, e);
	}
	timeout_scale = load_per_core(MIN((guint)opt_jobs, entries->len));
	order = matrix_start_order(entries, times);
	while (done < entries->len) {
		for (guint s = 0; s < (guint)opt_jobs && next < entries->len; s++) {
			if (slots[s].pid)
				continue;
			if (!start(g_ptr_array_index(order, next), out, &slots[s], error)) {
				g_ptr_array_unref(entries);
				return NULL;
			}
			next++;
		}
		reap(slots, (guint)opt_jobs, out, &done, entries->len);
	}
	matrix_times_save(times_path, times, entries);
	return entries;
}

int cmd_matrix(int argc, char **argv)
{
	g_autoptr(GOptionContext) ctx = g_option_context_new("[SCENARIOS-DIR|FILE...]");
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) files = NULL;
	g_autoptr(GPtrArray) entries = NULL;
	g_autofree char *out = NULL, *junit = NULL, *index = NULL;
	char *default_dir[] = { LUTB_SCENARIOS_DIR };
	guint shard, shards, met = 0;

	g_set_prgname("lutb matrix");
	g_option_context_set_summary(ctx,
		"Run scenario files (default: every one in scenarios/) and compare each\n"
		"run's checks with what its scenario expects. Writes OUT/NAME/ for each\n"
		"run, OUT/" MATRIX_FILE_KTAP " (also on stdout), OUT/" MATRIX_FILE_JUNIT
		" and OUT/" MATRIX_FILE_INDEX ".\n"
		"Exit status: 0 when every scenario met its expectations, 1 when not,\n"
		"4 on bad input.");
	g_option_context_add_main_entries(ctx, matrix_options, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error) ||
	    !parse_shard(&shard, &shards, &error) ||
	    !(files = argc > 1 ? collect(argv + 1, argc - 1, &error) :
			       collect(default_dir, 1, &error))) {
		fprintf(stderr, "lutb matrix: %s\n", error->message);
		return 4;
	}
	if (opt_jobs < 1 || opt_timeout < 0) {
		fprintf(stderr, "lutb matrix: --jobs must be 1 or more, --timeout positive\n");
		return 4;
	}
	out = opt_out ? g_canonicalize_filename(opt_out, NULL) : default_out_dir();
	if (g_mkdir_with_parents(out, 0755)) {
		fprintf(stderr, "lutb matrix: cannot create %s: %s\n", out, g_strerror(errno));
		return 4;
	}
	fprintf(stderr, "lutb matrix: %u scenario files, shard %u/%u, %d at a time, in %s\n",
		files->len, shard, shards, opt_jobs, out);
	if (!kernels_ready(&error)) {
		fprintf(stderr, "lutb matrix: %s\n", error->message);
		return 4;
	}
	entries = run_all(files, shard, shards, out, &error);
	if (!entries) {
		fprintf(stderr, "lutb matrix: %s\n", error->message);
		return 4;
	}
	matrix_write_ktap(entries, stdout);
	junit = g_build_filename(out, MATRIX_FILE_JUNIT, NULL);
	index = g_build_filename(out, MATRIX_FILE_INDEX, NULL);
	if (!matrix_write_junit(entries, junit, &error) ||
	    !matrix_write_index(entries, index, &error))
		fprintf(stderr, "lutb matrix: %s\n", error->message);
	{
		g_autofree char *ktap = g_build_filename(out, MATRIX_FILE_KTAP, NULL);
		FILE *f = fopen(ktap, "w");

		if (f) {
			matrix_write_ktap(entries, f);
			fclose(f);
		}
	}
	for (guint i = 0; i < entries->len; i++)
		met += ((struct matrix_entry *)g_ptr_array_index(entries, i))->met;
	fprintf(stderr, "lutb matrix: %s\n", index);
	printf("%u passed, %u failed\n", met, entries->len - met);
	return met == entries->len ? 0 : 1;
}
