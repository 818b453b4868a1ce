// SPDX-License-Identifier: GPL-2.0-only
#include "qemu_catalog.h"

#include <string.h>

struct qemu_catalog {
	char *qemu;		/* binary, or NULL when canned */
	char *canned_dir;
	GHashTable *devices;	/* name -> struct qemu_device_info *; NULL until asked */
	GHashTable *props;	/* driver -> (GHashTable prop -> type) */
	char *failure;		/* QEMU could not be asked: say so every time */
};

static void device_info_free(gpointer data)
{
	struct qemu_device_info *d = data;

	g_free(d->name);
	g_free(d->bus);
	g_free(d->category);
	g_free(d);
}

static struct qemu_catalog *catalog_new(void)
{
	struct qemu_catalog *c = g_new0(struct qemu_catalog, 1);

	c->props = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					 (GDestroyNotify)g_hash_table_unref);
	return c;
}

struct qemu_catalog *qemu_catalog_new(const char *qemu)
{
	struct qemu_catalog *c = catalog_new();

	c->qemu = g_strdup(qemu);
	return c;
}

struct qemu_catalog *qemu_catalog_new_canned(const char *dir)
{
	struct qemu_catalog *c = catalog_new();

	c->canned_dir = g_strdup(dir);
	return c;
}

void qemu_catalog_free(struct qemu_catalog *c)
{
	if (!c)
		return;
	g_free(c->qemu);
	g_free(c->canned_dir);
	if (c->devices)
		g_hash_table_unref(c->devices);
	g_hash_table_unref(c->props);
	g_free(c->failure);
	g_free(c);
}

const char *qemu_catalog_source(const struct qemu_catalog *c)
{
	return c->qemu ? c->qemu : c->canned_dir;
}

/* `-device X,help` for @what ("help" or "X,help"); -machine none keeps
 * QEMU from building a machine just to answer. */
static char *ask(struct qemu_catalog *c, const char *what, GError **error)
{
	const char *argv[] = { c->qemu, "-nodefaults", "-machine", "none",
			       "-device", what, NULL };
	g_autofree char *err = NULL;
	char *out = NULL;
	int status;

	if (c->canned_dir) {
		g_autofree char *file = g_strdup_printf("%s/%s.txt", c->canned_dir,
			g_str_equal(what, "help") ? "device-help" : what);
		char *comma = strrchr(file, ',');

		if (comma)
			strcpy(comma, ".txt");
		/* A device without a canned file has no properties. */
		if (!g_file_get_contents(file, &out, NULL, NULL))
			out = g_strdup("");
		return out;
	}
	if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
			  &out, &err, &status, error))
		return NULL;
	if (!g_spawn_check_wait_status(status, NULL)) {
		/* `-device NOSUCH,help` fails: that is an answer, not a failure. */
		g_free(out);
		return g_strdup("");
	}
	return out;
}

static gboolean failed(struct qemu_catalog *c, GError **error)
{
	if (!c->failure)
		return FALSE;
	g_set_error_literal(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, c->failure);
	return TRUE;
}

/* Between the quotes after @key in `name "e1000e", bus PCI, desc "..."`. */
static char *field(const char *line, const char *key)
{
	const char *at = strstr(line, key);
	const char *end;

	if (!at)
		return NULL;
	at += strlen(key);
	if (*at == '"') {
		end = strchr(++at, '"');
		return end ? g_strndup(at, (gsize)(end - at)) : NULL;
	}
	end = strchr(at, ',');
	return end ? g_strndup(at, (gsize)(end - at)) : g_strdup(at);
}

static GHashTable *parse_devices(const char *text)
{
	GHashTable *devices = g_hash_table_new_full(g_str_hash, g_str_equal,
						    NULL, device_info_free);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	const char *category = "";

	for (guint i = 0; lines[i]; i++) {
		const char *line = lines[i];
		struct qemu_device_info *d;

		if (g_str_has_suffix(line, ":") && !g_str_has_prefix(line, "name ")) {
			category = line;
			continue;
		}
		if (!g_str_has_prefix(line, "name \""))
			continue;
		d = g_new0(struct qemu_device_info, 1);
		d->name = field(line, "name ");
		d->bus = field(line, ", bus ");
		d->category = g_strndup(category, strlen(category) ? strlen(category) - 1 : 0);
		if (!d->name || g_hash_table_contains(devices, d->name)) {
			device_info_free(d);
			continue;
		}
		g_hash_table_insert(devices, d->name, d);
	}
	return devices;
}

static gboolean load_devices(struct qemu_catalog *c, GError **error)
{
	g_autoptr(GError) local = NULL;
	g_autofree char *text = NULL;

	if (c->devices)
		return TRUE;
	if (failed(c, error))
		return FALSE;
	text = ask(c, "help", &local);
	if (!text) {
		c->failure = g_strdup_printf("cannot run %s -device help: %s",
					     c->qemu, local->message);
		failed(c, error);
		return FALSE;
	}
	c->devices = parse_devices(text);
	return TRUE;
}

const struct qemu_device_info *qemu_catalog_device(struct qemu_catalog *c,
						   const char *name,
						   GError **error)
{
	if (!load_devices(c, error))
		return NULL;
	return g_hash_table_lookup(c->devices, name);
}

/* Edit distance, stopping early: only "one or two typos away" matters. */
static guint distance(const char *a, const char *b)
{
	gsize la = strlen(a), lb = strlen(b);
	g_autofree guint *row = NULL;

	if (la > 64 || lb > 64)
		return G_MAXUINT;
	row = g_new(guint, lb + 1);
	for (gsize j = 0; j <= lb; j++)
		row[j] = (guint)j;
	for (gsize i = 1; i <= la; i++) {
		guint diag = row[0];

		row[0] = (guint)i;
		for (gsize j = 1; j <= lb; j++) {
			guint up = row[j];
			guint best = MIN(row[j] + 1, row[j - 1] + 1);

			row[j] = MIN(best, diag + (a[i - 1] != b[j - 1]));
			diag = up;
		}
	}
	return row[lb];
}

const char *qemu_catalog_suggest(struct qemu_catalog *c, const char *name)
{
	const char *best = NULL;
	guint best_d = 3;
	GHashTableIter it;
	gpointer key, value;

	if (!load_devices(c, NULL))
		return NULL;
	g_hash_table_iter_init(&it, c->devices);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		const struct qemu_device_info *d = value;
		guint dist;

		if (!d->bus || !g_str_equal(d->bus, "PCI"))
			continue;
		dist = distance(name, key);
		if (dist < best_d || (dist == best_d && best && strcmp(key, best) < 0)) {
			best_d = dist;
			best = key;
		}
	}
	return best;
}

/* "  addr=<str>   - Slot and ..." -> addr: str */
static GHashTable *parse_props(const char *text)
{
	GHashTable *props = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

	for (guint i = 0; lines[i]; i++) {
		const char *line = lines[i];
		const char *eq, *lt, *gt;

		if (!g_str_has_prefix(line, "  "))
			continue;
		line += strspn(line, " ");
		eq = strchr(line, '=');
		if (!eq || eq == line)
			continue;
		lt = eq[1] == '<' ? eq + 1 : NULL;
		gt = lt ? strchr(lt, '>') : NULL;
		g_hash_table_insert(props, g_strndup(line, (gsize)(eq - line)),
				    gt ? g_strndup(lt + 1, (gsize)(gt - lt - 1)) : g_strdup(""));
	}
	return props;
}

const char *qemu_catalog_prop_type(struct qemu_catalog *c, const char *driver,
				   const char *prop, GError **error)
{
	GHashTable *props = g_hash_table_lookup(c->props, driver);

	if (!props) {
		g_autoptr(GError) local = NULL;
		g_autofree char *what = g_strdup_printf("%s,help", driver);
		g_autofree char *text = NULL;

		if (failed(c, error))
			return NULL;
		text = ask(c, what, &local);
		if (!text) {
			c->failure = g_strdup_printf("cannot run %s -device %s: %s",
						     c->qemu, what, local->message);
			failed(c, error);
			return NULL;
		}
		props = parse_props(text);
		g_hash_table_insert(c->props, g_strdup(driver), props);
	}
	return g_hash_table_lookup(props, prop);
}
