// SPDX-License-Identifier: GPL-2.0-only
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

static int scenario_generation;
static json_t *file_settings;	/* KEY -> VALUE from the scenario file */

static void strip(char *s)
{
	size_t n;

	s[strcspn(s, "#\n")] = '\0';
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

void scenario_init(int generation)
{
	char line[512], prefix[16];
	FILE *f;

	scenario_generation = generation;
	file_settings = json_object();
	snprintf(prefix, sizeof(prefix), "gen%d.", generation);
	f = fopen(SCENARIO_FILE, "r");
	if (!f)
		return;
	/* Generation-specific lines override general ones wherever they are. */
	for (int pass = 0; pass < 2; pass++) {
		rewind(f);
		while (fgets(line, sizeof(line), f)) {
			char *key = line + strspn(line, " \t"), *eq;
			bool specific = strncmp(key, "gen", 3) == 0 && strchr(key, '.') &&
					strchr(key, '.') < strchr(key, '=');

			strip(key);
			eq = strchr(key, '=');
			if (!eq || specific != (pass == 1))
				continue;
			if (specific) {
				if (strncmp(key, prefix, strlen(prefix)) != 0)
					continue;
				key += strlen(prefix);
				eq = strchr(key, '=');
			}
			*eq = '\0';
			json_object_set_new(file_settings, key, json_string(eq + 1));
		}
	}
	fclose(f);
}

const char *scenario_get(const char *key, const char *fallback)
{
	static char value[512];
	const char *v;

	if (cmdline_get(key, value, sizeof(value)) == 0)
		return value;
	v = json_string_value(json_object_get(file_settings, key));
	return v ? v : fallback;
}

long scenario_get_long(const char *key, long fallback)
{
	const char *v = scenario_get(key, NULL);

	return v ? strtol(v, NULL, 0) : fallback;
}

const char *scenario_list_next(const char **cursor, size_t *len)
{
	const char *word = *cursor;

	if (!word || !*word)
		return NULL;
	*len = strcspn(word, ",");
	*cursor = word + *len + (word[*len] == ',');
	return word;
}

bool scenario_list_has(const char *key, const char *word, const char *fallback)
{
	const char *cursor = scenario_get(key, fallback), *w;
	size_t n = strlen(word), len;

	while ((w = scenario_list_next(&cursor, &len)))
		if (len == n && strncmp(w, word, n) == 0)
			return true;
	return false;
}

json_t *scenario_json(void)
{
	static const char *const keys[] = {
		"preserve", "unpreserve", "rescan", "unbind", "finish", "dma",
		"period_ns", "ring_entries", "max_gap_ns", "vfio",
	};
	json_t *j = json_object();

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = scenario_get(keys[i], NULL);

		if (v)
			json_object_set_new(j, keys[i], json_string(v));
	}
	return j;
}
