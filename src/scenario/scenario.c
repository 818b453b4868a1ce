// SPDX-License-Identifier: GPL-2.0-only
#include "scenario.h"

#include <string.h>

#include "rundir.h"
#include "lutb-config.h"
#include "topology.h"

/* The agent's settings (initramfs/README.md), each also as genN.KEY. */
static const char *const agent_keys[] = {
	"preserve", "unpreserve", "rescan", "unbind", "reset", "remove", "finish", "dma",
	"period_ns", "ring_entries", "max_gap_ns", "selftest_timeout_s", "vfio", NULL,
};

struct parser {
	struct scenario *s;
	struct topo_errors *err;
	GString *settings;
	struct scenario_expect *current;	/* the check whose keys are read */
	gboolean in_posted;			/* under expect: posted: (p->s is it) */
	gboolean in_forbids;			/* under expect: forbids: */
};

static struct topo_mark at_of(struct fy_node *n)
{
	return yaml_mark(n, (struct topo_mark){ 1, 1 });
}

typedef void (*pair_fn)(struct parser *p, const char *key, struct fy_node *k,
			struct fy_node *v);

static void each_pair(struct parser *p, struct fy_node *map, const char *what,
		      struct topo_mark at, pair_fn fn)
{
	struct fy_node_pair *pair;
	void *it = NULL;

	if (!yaml_expect(p->err, map, FYNT_MAPPING, what, at))
		return;
	while ((pair = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *k = fy_node_pair_key(pair);
		g_autofree char *key = yaml_scalar(p->err, k, "a key", at_of(map));

		if (key)
			fn(p, key, k, fy_node_pair_value(pair));
	}
}

/* A catalog name (topologies/NAME.yaml) or a path relative to the file. */
static char *topology_path(const char *scenario_file, const char *value)
{
	g_autofree char *dir = NULL;

	if (!strchr(value, '/') && !g_str_has_suffix(value, ".yaml"))
		return g_strdup_printf("%s/%s.yaml", LUTB_TOPOLOGIES_DIR, value);
	if (g_path_is_absolute(value))
		return g_strdup(value);
	dir = g_path_get_dirname(scenario_file);
	return g_build_filename(dir, value, NULL);
}

static void parse_kernels(struct parser *p, struct fy_node *seq, struct topo_mark at)
{
	struct fy_node *n;
	void *it = NULL;

	if (!yaml_expect(p->err, seq, FYNT_SEQUENCE, "kernels", at))
		return;
	while ((n = fy_node_sequence_iterate(seq, &it))) {
		char *k = yaml_scalar(p->err, n, "a kernel", at);

		if (!k)
			continue;
		if (p->s->n_gens == SCENARIO_MAX_GENERATIONS) {
			topo_error(p->err, at_of(n), "at most %d generations (kernels)",
				   SCENARIO_MAX_GENERATIONS);
			g_free(k);
			return;
		}
		if (strchr(k, '/') && !g_path_is_absolute(k)) {
			g_autofree char *dir = g_path_get_dirname(p->s->file);
			char *path = g_build_filename(dir, k, NULL);

			g_free(k);
			k = path;
		}
		p->s->kernels[p->s->n_gens++] = k;
	}
	if (p->s->n_gens == 0)
		topo_error(p->err, at, "kernels: name the kernel of each generation, "
			   "e.g. [patched, patched]");
}

static void cmdline_pair(struct parser *p, const char *key, struct fy_node *k,
			 struct fy_node *v)
{
	guint64 gen;
	char *text;

	if (!topo_parse_uint(key, &gen) || gen < 1 || gen > SCENARIO_MAX_GENERATIONS) {
		topo_error(p->err, at_of(k), "cmdline: '%s' is not a generation "
			   "number (1 is the first kernel)", key);
		return;
	}
	text = yaml_scalar(p->err, v, "a command line", at_of(k));
	if (text) {
		g_free(p->s->cmdlines[gen - 1]);
		p->s->cmdlines[gen - 1] = text;
	}
}

static gboolean agent_key_ok(const char *key)
{
	const char *dot = strchr(key, '.');

	if (dot && g_str_has_prefix(key, "gen") && dot > key + 3) {
		for (const char *c = key + 3; c < dot; c++)
			if (!g_ascii_isdigit(*c))
				return FALSE;
		key = dot + 1;
	}
	for (guint i = 0; agent_keys[i]; i++)
		if (g_str_equal(key, agent_keys[i]))
			return TRUE;
	return FALSE;
}

static void agent_pair(struct parser *p, const char *key, struct fy_node *k,
		       struct fy_node *v)
{
	g_autofree char *value = NULL;

	if (!agent_key_ok(key)) {
		g_autofree char *known = g_strjoinv(", ", (char **)agent_keys);

		topo_error(p->err, at_of(k), "agent: unknown setting '%s': it takes %s, "
			   "each also as genN.KEY for generation N only", key, known);
		return;
	}
	value = yaml_scalar(p->err, v, key, at_of(k));
	if (value)
		g_string_append_printf(p->settings, "%s=%s\n", key, value);
}

/* What parse_status() takes, for the errors that say so. */
#define STATUS_WORDS "pass, fail, n/a, skip, some-fail or any"

static gboolean parse_status(const char *text, struct scenario_expect *e)
{
	enum check_status *out = &e->status;

	e->any = g_str_equal(text, "any");
	e->some_fail = g_str_equal(text, "some-fail");
	if (e->any)
		*out = CHECK_PASS;
	else if (e->some_fail)
		*out = CHECK_FAIL;
	else if (g_str_equal(text, "pass"))
		*out = CHECK_PASS;
	else if (g_str_equal(text, "fail"))
		*out = CHECK_FAIL;
	else if (g_str_equal(text, "n/a"))
		*out = CHECK_NA;
	else if (g_str_equal(text, "skip"))
		*out = CHECK_SKIP;
	else
		return FALSE;
	return TRUE;
}

static void expect_detail_pair(struct parser *p, const char *key, struct fy_node *k,
			       struct fy_node *v);

static void check_pair(struct parser *p, const char *key, struct fy_node *k,
		       struct fy_node *v)
{
	struct scenario_expect *e = g_new0(struct scenario_expect, 1);
	g_autofree char *status = NULL;

	e->pattern = g_strdup(key);
	e->mark = at_of(k);
	e->status = CHECK_PASS;
	g_ptr_array_add(p->s->expects, e);
	if (v && fy_node_get_type(v) == FYNT_MAPPING) {
		p->current = e;
		each_pair(p, v, key, at_of(k), expect_detail_pair);
		p->current = NULL;
	} else {
		status = yaml_scalar(p->err, v, key, at_of(k));
		if (status && !parse_status(status, e))
			topo_error(p->err, at_of(v), "%s: expect " STATUS_WORDS ", "
				   "not '%s'", key, status);
	}
	/* A check left open is a claim too: the file says what decides it. */
	if (e->any && !e->why)
		topo_error(p->err, at_of(k), "%s: any needs a why: (what timing decides), "
			   "as status: any with why: WHY", key);
}

/* Is @text a regular expression? If not, an error at @n naming @key. */
static gboolean regex_ok(struct parser *p, const char *key, const char *text,
			 struct fy_node *n)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GRegex) re = g_regex_new(text, 0, 0, &error);

	if (!re)
		topo_error(p->err, at_of(n), "%s: not a regular expression: %s", key,
			   error->message);
	return re != NULL;
}

static void expect_detail_pair(struct parser *p, const char *key, struct fy_node *k,
			       struct fy_node *v)
{
	g_autofree char *text = yaml_scalar(p->err, v, key, at_of(k));

	if (!text)
		return;
	if (g_str_equal(key, "status")) {
		if (!parse_status(text, p->current))
			topo_error(p->err, at_of(v), "status: expect " STATUS_WORDS ", "
				   "not '%s'", text);
	} else if (g_str_equal(key, "detail")) {
		if (regex_ok(p, "detail", text, v))
			p->current->detail = g_steal_pointer(&text);
	} else if (g_str_equal(key, "why")) {
		g_free(p->current->why);
		p->current->why = g_steal_pointer(&text);
	} else {
		topo_error(p->err, at_of(k), "unknown key '%s' for an expected check: "
			   "it takes status, detail and why", key);
	}
}

static const char *const verdict_words[] = { "pass", "fail", "timeout", "crashed" };
static const enum verdict verdict_values[] = {
	VERDICT_PASS, VERDICT_FAIL, VERDICT_TIMEOUT, VERDICT_CRASHED,
};

static void expect_free(gpointer data);
static void expect_pair(struct parser *p, const char *key, struct fy_node *k,
			struct fy_node *v);

/* expect: posted: (or one posting's) the same keys as expect:, and a why
 * that is required. */
static struct scenario *expect_posted(struct parser *p, struct fy_node *k, struct fy_node *v)
{
	struct scenario *outer = p->s;
	struct scenario *posted = g_new0(struct scenario, 1);

	posted->file = g_strdup(outer->file);
	posted->name = g_strdup(outer->name);
	posted->expects = g_ptr_array_new_with_free_func(expect_free);
	p->s = posted;
	p->in_posted = TRUE;
	each_pair(p, v, "expect: posted", at_of(k), expect_pair);
	p->in_posted = FALSE;
	p->s = outer;
	if (v && fy_node_get_type(v) == FYNT_MAPPING && !posted->description)
		topo_error(p->err, at_of(k), "expect: posted: needs a why: (the posting's "
			   "stated limit, its bug, or what differs by design)");
	return posted;
}

static void posting_pair(struct parser *p, const char *key, struct fy_node *k,
			 struct fy_node *v)
{
	struct scenario *s = p->s;

	if (!s->postings)
		s->postings = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
						    (GDestroyNotify)scenario_free);
	if (g_hash_table_contains(s->postings, key))
		topo_error(p->err, at_of(k), "expect: postings: %s is given twice", key);
	g_hash_table_replace(s->postings, g_strdup(key), expect_posted(p, k, v));
}

static void says_free(gpointer data)
{
	struct scenario_says *said = data;

	g_free(said->regex);
	g_free(said);
}

static void says_one(struct parser *p, guint gen, struct fy_node *n)
{
	g_autofree char *text = yaml_scalar(p->err, n, "a line the kernel logs", at_of(n));
	struct scenario_says *said;

	if (!text || !regex_ok(p, p->in_forbids ? "forbids" : "says", text, n))
		return;
	said = g_new0(struct scenario_says, 1);
	said->gen = gen;
	said->forbidden = p->in_forbids;
	said->regex = g_steal_pointer(&text);
	g_ptr_array_add(p->s->says, said);
}

/* says: GEN: REGEX, or GEN: [REGEX, ...] */
static void says_pair(struct parser *p, const char *key, struct fy_node *k,
		      struct fy_node *v)
{
	struct fy_node *n;
	void *it = NULL;
	guint64 gen;

	if (!topo_parse_uint(key, &gen) || gen < 1 || gen > SCENARIO_MAX_GENERATIONS) {
		topo_error(p->err, at_of(k), "%s: '%s' is no generation (1 to %d)",
			   p->in_forbids ? "forbids" : "says", key, SCENARIO_MAX_GENERATIONS);
		return;
	}
	if (!fy_node_is_sequence(v)) {
		says_one(p, (guint)gen, v);
		return;
	}
	while ((n = fy_node_sequence_iterate(v, &it)))
		says_one(p, (guint)gen, n);
}

static void expect_pair(struct parser *p, const char *key, struct fy_node *k,
			struct fy_node *v)
{
	g_autofree char *text = NULL;

	if (g_str_equal(key, "says") || g_str_equal(key, "forbids")) {
		/* Given, even empty: a posted block then requires nothing. */
		if (!p->s->says)
			p->s->says = g_ptr_array_new_with_free_func(says_free);
		p->in_forbids = g_str_equal(key, "forbids");
		each_pair(p, v, p->in_forbids ? "expect: forbids" : "expect: says", at_of(k),
			  says_pair);
		p->in_forbids = FALSE;
		return;
	}

	if (g_str_equal(key, "checks")) {
		each_pair(p, v, "expect: checks", at_of(k), check_pair);
		return;
	}
	if (g_str_equal(key, "posted") && !p->in_posted) {
		scenario_free(p->s->posted);
		p->s->posted = expect_posted(p, k, v);
		return;
	}
	if (g_str_equal(key, "postings") && !p->in_posted) {
		each_pair(p, v, "expect: postings", at_of(k), posting_pair);
		return;
	}
	if (g_str_equal(key, "why") && p->in_posted) {
		g_free(p->s->description);
		p->s->description = yaml_scalar(p->err, v, "why", at_of(k));
		return;
	}
	if (!g_str_equal(key, "verdict")) {
		topo_error(p->err, at_of(k), p->in_posted ?
			   "unknown key '%s' under expect: posted: it takes why, verdict, checks "
			   "and says" :
			   "unknown key '%s' under expect: it takes verdict, checks, says, posted "
			   "and postings", key);
		return;
	}
	text = yaml_scalar(p->err, v, "verdict", at_of(k));
	for (guint i = 0; text && i < G_N_ELEMENTS(verdict_words); i++) {
		if (g_str_equal(text, verdict_words[i])) {
			p->s->has_verdict = TRUE;
			p->s->verdict = verdict_values[i];
			return;
		}
	}
	if (text)
		topo_error(p->err, at_of(v), "verdict: expect pass, fail, timeout or "
			   "crashed, not '%s'", text);
}

/* Whether @names is a selection the guest's Linux tree has, when its
 * selftests are built; if not, an error at @n. */
static void check_selftests(struct parser *p, GPtrArray *catalog, const char *names,
			    struct fy_node *n)
{
	g_autoptr(GPtrArray) chosen = NULL;
	g_autoptr(GError) error = NULL;

	if (catalog && !(chosen = selftest_select(catalog, names, &error)))
		topo_error(p->err, at_of(n), "%s", error->message);
}

/* "selftests: all", "selftests: a, b" or a list of names. */
static void parse_selftests(struct parser *p, struct fy_node *v, struct topo_mark at)
{
	/* NULL without a build of the selftests: then nothing is checked. */
	g_autoptr(GPtrArray) catalog = selftest_catalog_load(LUTB_SELFTESTS, NULL);
	GString *list = g_string_new(NULL);
	struct fy_node *n;
	void *it = NULL;

	if (fy_node_is_sequence(v)) {
		while ((n = fy_node_sequence_iterate(v, &it))) {
			g_autofree char *name = yaml_scalar(p->err, n, "a selftest", at);

			if (!name)
				continue;
			check_selftests(p, catalog, name, n);
			g_string_append_printf(list, "%s%s", list->len ? "," : "", name);
		}
	} else {
		g_autofree char *text = yaml_scalar(p->err, v, "selftests", at);

		if (text) {
			check_selftests(p, catalog, text, v);
			g_string_append(list, text);
		}
	}
	p->s->selftests = g_string_free(list, FALSE);
}

/* A mutant's twin is named as a scenario beside it: no path, no suffix.
 * (A run directory keeps a copy of the file without its neighbours, so
 * only sensitivity.sh, which reads the twin, can say it is missing.) */
static gboolean twin_name_ok(const char *name)
{
	return *name && !strchr(name, '/') && !g_str_has_suffix(name, ".yaml");
}

static void top_pair(struct parser *p, const char *key, struct fy_node *k,
		     struct fy_node *v)
{
	struct scenario *s = p->s;
	struct topo_mark at = at_of(k);
	g_autofree char *text = NULL;
	guint64 n;

	if (g_str_equal(key, "kernels")) {
		parse_kernels(p, v, at);
	} else if (g_str_equal(key, "cmdline")) {
		each_pair(p, v, "cmdline", at, cmdline_pair);
	} else if (g_str_equal(key, "agent")) {
		each_pair(p, v, "agent", at, agent_pair);
	} else if (g_str_equal(key, "expect")) {
		each_pair(p, v, "expect", at, expect_pair);
	} else if (g_str_equal(key, "selftests")) {
		parse_selftests(p, v, at);
	} else if (g_str_equal(key, "timeout")) {
		text = yaml_scalar(p->err, v, key, at);
		if (text && (!topo_parse_uint(text, &n) || n < 1 || n > 3600))
			topo_error(p->err, at_of(v), "timeout must be seconds from 1 to 3600, "
				   "not '%s'", text);
		else if (text)
			s->timeout_s = (int)n;
	} else if (g_str_equal(key, "description") || g_str_equal(key, "topology") ||
		   g_str_equal(key, "fault") || g_str_equal(key, "hotplug") ||
		   g_str_equal(key, "libvirt") || g_str_equal(key, "unmutated")) {
		text = yaml_scalar(p->err, v, key, at);
		if (!text)
			return;
		if (g_str_equal(key, "description"))
			s->description = g_steal_pointer(&text);
		else if (g_str_equal(key, "topology"))
			s->topology = topology_path(s->file, text);
		else if (g_str_equal(key, "fault") && !fault_find(text))
			topo_error(p->err, at_of(v), "unknown fault '%s' (lutb run --help "
				   "lists the faults)", text);
		else if (g_str_equal(key, "fault"))
			s->fault = g_steal_pointer(&text);
		else if (g_str_equal(key, "libvirt"))
			s->libvirt = g_steal_pointer(&text);
		else if (g_str_equal(key, "unmutated") && !twin_name_ok(text))
			topo_error(p->err, at_of(v), "unmutated: '%s' is no scenario's name "
				   "(a file NAME.yaml beside this one)", text);
		else if (g_str_equal(key, "unmutated"))
			s->unmutated = g_steal_pointer(&text);
		else
			s->hotplug = g_steal_pointer(&text);
	} else {
		topo_error(p->err, at, "unknown key '%s': a scenario takes description, "
			   "topology, kernels, cmdline, agent, fault, hotplug, selftests, "
			   "libvirt, timeout, unmutated and expect", key);
	}
}

static void parse_root(struct topo_errors *err, struct fy_node *root, void *opaque)
{
	struct parser *p = opaque;

	(void)err;
	each_pair(p, root, "a scenario", (struct topo_mark){ 1, 1 }, top_pair);
	for (guint g = p->s->n_gens; p->s->n_gens && g < SCENARIO_MAX_GENERATIONS; g++)
		if (p->s->cmdlines[g])
			topo_error(p->err, (struct topo_mark){ 1, 1 },
				   "cmdline names generation %u, but kernels lists %u", g + 1,
				   p->s->n_gens);
}

static void expect_free(gpointer data)
{
	struct scenario_expect *e = data;

	g_free(e->pattern);
	g_free(e->detail);
	g_free(e->why);
	g_free(e);
}

/* A posted block says what differs: the file's own expectations follow. */
static void inherit_expectations(struct scenario *posted, const struct scenario *s)
{
	for (guint i = 0; i < s->expects->len; i++) {
		const struct scenario_expect *e = g_ptr_array_index(s->expects, i);
		struct scenario_expect *copy = g_memdup2(e, sizeof(*e));

		copy->pattern = g_strdup(e->pattern);
		copy->detail = g_strdup(e->detail);
		copy->why = g_strdup(e->why);
		copy->inherited = TRUE;
		g_ptr_array_add(posted->expects, copy);
	}
	if (!posted->has_verdict && s->has_verdict) {
		posted->has_verdict = TRUE;
		posted->verdict = s->verdict;
	}
	if (!posted->says && s->says)
		posted->says = g_ptr_array_ref(s->says);
}

struct scenario *scenario_parse(const char *text, size_t len, const char *file,
				GError **error)
{
	struct scenario *s = g_new0(struct scenario, 1);
	g_autofree char *base = g_path_get_basename(file);
	struct topo_errors err;
	struct parser p = { .s = s, .err = &err, .settings = g_string_new(NULL) };

	s->file = g_strdup(file);
	s->name = g_str_has_suffix(base, ".yaml") ?
		  g_strndup(base, strlen(base) - 5) : g_strdup(base);
	s->expects = g_ptr_array_new_with_free_func(expect_free);
	topo_errors_init(&err, file);
	yaml_doc_parse(text, len, &err, "the file is empty: a scenario is a mapping "
		       "with at least `kernels:` (scenarios/README.md)", parse_root, &p);
	if (p.settings->len)
		s->settings = g_strdup(p.settings->str);
	if (s->posted)
		inherit_expectations(s->posted, s);
	if (s->postings) {
		GHashTableIter it;
		gpointer one;

		g_hash_table_iter_init(&it, s->postings);
		while (g_hash_table_iter_next(&it, NULL, &one))
			inherit_expectations(one, s);
	}
	g_string_free(p.settings, TRUE);
	if (!topo_errors_report(&err, error))
		g_clear_pointer(&s, scenario_free);
	topo_errors_clear(&err);
	return s;
}

struct scenario *scenario_load(const char *file, GError **error)
{
	gsize len;
	g_autofree char *text = yaml_doc_read(file, &len, error);

	return text ? scenario_parse(text, len, file, error) : NULL;
}

void scenario_free(struct scenario *s)
{
	if (!s)
		return;
	for (guint i = 0; i < SCENARIO_MAX_GENERATIONS; i++) {
		g_free(s->kernels[i]);
		g_free(s->cmdlines[i]);
	}
	g_free(s->file);
	g_free(s->name);
	g_free(s->description);
	g_free(s->topology);
	g_free(s->settings);
	g_free(s->fault);
	g_free(s->hotplug);
	g_free(s->selftests);
	g_free(s->libvirt);
	g_free(s->unmutated);
	g_ptr_array_unref(s->expects);
	if (s->says)
		g_ptr_array_unref(s->says);
	scenario_free(s->posted);
	if (s->postings)
		g_hash_table_unref(s->postings);
	g_free(s);
}
