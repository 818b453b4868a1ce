// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: any bytes as a scenario file -- YAML parse, keys,
 * expectations, posted blocks and their inheritance, says: regexes -- must
 * end in a scenario or a file:line:col message, never a crash, a leak or
 * undefined behaviour.
 */
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GError *error = NULL;
	struct scenario *s;

	s = scenario_parse((const char *)data, size, "/fuzz/scenarios/fuzz.yaml", &error);
	g_clear_error(&error);
	scenario_free(s);
	return 0;
}
