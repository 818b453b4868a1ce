// SPDX-License-Identifier: GPL-2.0-only
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "hotplug.h"

static void a_spec_becomes_device_add_arguments(void **state)
{
	g_autoptr(GError) error = NULL;
	struct hotplug *h = hotplug_parse("2:luo-retrieve:edu,bus=rp2,id=hp0", &error);

	(void)state;
	assert_non_null(h);
	assert_int_equal(h->gen, 2);
	assert_string_equal(h->event, "luo-retrieve");
	assert_string_equal(h->id, "hp0");
	assert_string_equal(json_string_value(json_object_get(h->args, "driver")), "edu");
	assert_string_equal(json_string_value(json_object_get(h->args, "bus")), "rp2");
	hotplug_free(h);
}

static void bad_specs_say_what_is_wrong(void **state)
{
	static const char *const bad[][2] = {
		{ "luo-preserve:edu,id=x", "want GEN:EVENT:DRIVER" },
		{ "one:luo-preserve:edu,id=x", "'one' is not a generation number" },
		{ "1:luo-preserve:edu,bus", "'bus' is not KEY=VALUE" },
		{ "1:luo-preserve:edu,bus=rp2", "give the device an id=" },
	};

	(void)state;
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;

		assert_null(hotplug_parse(bad[i][0], &error));
		assert_non_null(error);
		if (!strstr(error->message, bad[i][1]))
			fail_msg("%s: got '%s'", bad[i][0], error->message);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_spec_becomes_device_add_arguments),
		cmocka_unit_test(bad_specs_say_what_is_wrong),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
