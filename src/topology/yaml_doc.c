// SPDX-License-Identifier: GPL-2.0-only
#include "yaml_doc.h"

#include <string.h>

/*
 * libfyaml 0.7 marks tokens, not collections: a mapping or sequence is
 * where its first scalar is. An empty one has none; callers then pass the
 * place of the key that holds it.
 */
struct topo_mark yaml_mark(struct fy_node *n, struct topo_mark fallback)
{
	const struct fy_mark *m;
	struct fy_node_pair *pair;
	void *it = NULL;

	if (!n)
		return fallback;
	switch (fy_node_get_type(n)) {
	case FYNT_SCALAR:
		m = fy_token_start_mark(fy_node_get_scalar_token(n));
		return m ? (struct topo_mark){ m->line + 1, m->column + 1 } : fallback;
	case FYNT_SEQUENCE:
		return yaml_mark(fy_node_sequence_iterate(n, &it), fallback);
	case FYNT_MAPPING:
		pair = fy_node_mapping_iterate(n, &it);
		return pair ? yaml_mark(fy_node_pair_key(pair), fallback) : fallback;
	}
	return fallback;
}

static const char *type_word(struct fy_node *n)
{
	if (!n)
		return "nothing";
	if (fy_node_is_alias(n))
		return "an alias";
	switch (fy_node_get_type(n)) {
	case FYNT_SCALAR:
		return "a scalar";
	case FYNT_SEQUENCE:
		return "a list";
	case FYNT_MAPPING:
		return "a mapping";
	}
	return "?";
}

/* Aliases are refused everywhere: a node copied by reference would have
 * two parents, and expanding them lets a small file grow without bound. */
gboolean yaml_expect(struct topo_errors *err, struct fy_node *n, enum fy_node_type type,
		       const char *what, struct topo_mark at)
{
	static const char *const words[] = {
		[FYNT_SCALAR] = "a value", [FYNT_SEQUENCE] = "a list",
		[FYNT_MAPPING] = "a mapping",
	};

	if (n && fy_node_is_alias(n)) {
		topo_error(err, yaml_mark(n, at),
			   "%s: anchors and aliases are not supported; write the node out",
			   what);
		return FALSE;
	}
	if (!n || fy_node_get_type(n) != type) {
		topo_error(err, yaml_mark(n, at), "%s must be %s, not %s",
			   what, words[type], type_word(n));
		return FALSE;
	}
	return TRUE;
}

/* A scalar's text, NUL-terminated, or NULL (reported) if it is not one. */
char *yaml_scalar(struct topo_errors *err, struct fy_node *n, const char *what,
		    struct topo_mark at)
{
	const char *text;
	size_t len;

	if (!yaml_expect(err, n, FYNT_SCALAR, what, at))
		return NULL;
	text = fy_node_get_scalar(n, &len);
	if (!text)
		text = "";
	if (memchr(text, '\0', len) || memchr(text, '\n', len)) {
		topo_error(err, yaml_mark(n, at),
			   "%s must be one line of text without NUL characters", what);
		return NULL;
	}
	return g_strndup(text, len);
}

/* libfyaml's own syntax errors, with the place it found them. */
static void yaml_errors(struct topo_errors *err, struct fy_diag *diag,
			const char *empty_hint)
{
	struct fy_diag_error *e;
	void *it = NULL;
	gboolean any = FALSE;

	while ((e = fy_diag_errors_iterate(diag, &it))) {
		if (e->type < FYET_ERROR)
			continue;
		topo_error(err, (struct topo_mark){ e->line, e->column },
			   "YAML: %s", e->msg);
		any = TRUE;
	}
	/* libfyaml builds no document from a file without one. */
	if (!any)
		topo_error(err, (struct topo_mark){ 1, 1 }, "%s", empty_hint);
}

/* Tabs too: YAML indents with spaces, and libfyaml 0.7.12 crashes on
 * some misplaced tabs (found by the fuzzer: "? a: \t ? : 6"). */
static gboolean control_char(guchar c)
{
	return c == 0x7f || (c < 0x20 && c != '\n' && c != '\r');
}

/*
 * YAML is printable Unicode text. Checked before libfyaml sees it: 0.7.12
 * loops forever on some invalid UTF-8 (seen in a directive by the fuzzer).
 */
static gboolean printable_text(struct topo_errors *err, const char *text, size_t len)
{
	const char *end = text + len, *bad = NULL;
	struct topo_mark at = { 1, 1 };

	/* On failure @bad is the first byte that is not UTF-8. */
	if (g_utf8_validate(text, (gssize)len, &bad))
		for (bad = text; bad < end && !control_char((guchar)*bad); bad++)
			;
	if (bad >= end)
		return TRUE;
	for (const char *c = text; c < bad; c++) {
		if (*c == '\n') {
			at.line++;
			at.col = 1;
		} else if (((guchar)*c & 0xc0) != 0x80) {
			at.col++;
		}
	}
	if (*bad == '\t')
		topo_error(err, at, "a tab: indent and separate with spaces");
	else
		topo_error(err, at,
			   "byte 0x%02x is not printable UTF-8 text: the file is YAML, which is text",
			   (guchar)*bad);
	return FALSE;
}

static void drop_output(struct fy_diag *diag, void *user, const char *buf,
			size_t len)
{
	(void)diag, (void)user, (void)buf, (void)len;
}

void yaml_doc_parse(const char *text, size_t len, struct topo_errors *err,
		    const char *empty_hint, yaml_doc_fn fn, void *opaque)
{
	struct fy_diag_cfg dcfg;
	struct fy_diag *diag;
	struct fy_parse_cfg cfg = { .flags = FYPCF_QUIET };
	struct fy_document *doc;

	if (!printable_text(err, text, len))
		return;
	/* Collect diagnostics instead of printing them: messages are ours. */
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = drop_output;
	dcfg.colorize = false;
	diag = fy_diag_create(&dcfg);
	fy_diag_set_collect_errors(diag, true);
	cfg.diag = diag;
	doc = fy_document_build_from_string(&cfg, text, len);
	if (fy_diag_got_error(diag) || !doc || !fy_document_root(doc))
		yaml_errors(err, diag, empty_hint);
	else
		fn(err, fy_document_root(doc), opaque);
	fy_document_destroy(doc);
	fy_diag_destroy(diag);
}

char *yaml_doc_read(const char *file, gsize *len, GError **error)
{
	g_autoptr(GError) local = NULL;
	char *text = NULL;

	if (!g_file_get_contents(file, &text, len, &local))
		g_set_error(error, TOPO_ERROR, 0, "%s: %s", file, local->message);
	return text;
}
