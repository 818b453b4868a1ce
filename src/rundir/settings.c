// SPDX-License-Identifier: GPL-2.0-only
#include "settings.h"

#include <string.h>

char *settings_get(const char *text, guint gen, const char *key, const char *def)
{
	g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
	g_autofree char *scoped = g_strdup_printf("gen%u.%s", gen, key);
	g_autofree char *any = NULL, *mine = NULL;

	for (guint i = 0; lines[i]; i++) {
		char *line = g_strstrip(lines[i]);
		char *hash = strchr(line, '#');
		char *eq;

		if (hash)
			*hash = '\0';
		eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = '\0';
		g_strstrip(line);
		if (g_str_equal(line, key)) {
			g_free(any);
			any = g_strdup(g_strstrip(eq + 1));
		} else if (g_str_equal(line, scoped)) {
			g_free(mine);
			mine = g_strdup(g_strstrip(eq + 1));
		}
	}
	if (mine)
		return g_steal_pointer(&mine);
	if (any)
		return g_steal_pointer(&any);
	return g_strdup(def);
}

gboolean settings_list_has(const char *list, const char *word)
{
	g_auto(GStrv) items = g_strsplit(list ? list : "", ",", -1);

	for (guint i = 0; items[i]; i++)
		if (g_str_equal(g_strstrip(items[i]), word))
			return TRUE;
	return FALSE;
}
