// SPDX-License-Identifier: GPL-2.0-only
/* kernel-says:genN: what a scenario says a kernel logs, read in its log. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "checks_says.h"

#define LOG \
	"[    0.000000] Linux version 7.3.4 #1\n" \
	"[    0.400000] luo: Retrieved live update data, liveupdate number: 1\n" \
	"[    0.000000] Linux version 7.3.4 #2\n" \
	"[    0.600000] PCI: liveupdate: No incoming FLB matched pci-v2\n"

static const struct check *judge(const struct kernel_says *says, guint n, GPtrArray *out)
{
	struct evidence ev;

	memset(&ev, 0, sizeof(ev));
	evidence_parse_console(&ev, LOG);
	check_kernel_says(&ev, says, n, out);
	evidence_clear(&ev);
	return out->len ? g_ptr_array_index(out, out->len - 1) : NULL;
}

static void a_line_the_kernel_logged_passes(void **state)
{
	const struct kernel_says says[] = { { 2, "No incoming FLB matched pci-v[0-9]+", FALSE } };
	g_autoptr(GPtrArray) out = g_ptr_array_new();
	const struct check *c = judge(says, 1, out);

	(void)state;
	assert_string_equal(c->name, "kernel-says:gen2");
	assert_int_equal(c->status, CHECK_PASS);
	assert_string_equal(c->detail, "kernel 2 said: [    0.600000] PCI: liveupdate: No "
			    "incoming FLB matched pci-v2");
}

/* The same line in another generation is not what was claimed. */
static void a_silent_kernel_fails(void **state)
{
	const struct kernel_says says[] = { { 1, "No incoming FLB", FALSE }, { 1, "Retrieved", FALSE } };
	g_autoptr(GPtrArray) out = g_ptr_array_new();
	const struct check *c = judge(says, 2, out);

	(void)state;
	assert_string_equal(c->name, "kernel-says:gen1");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "kernel 1's log has no line matching: No incoming FLB");
}

/* A forbidden line fails by what was logged; its absence passes. */
static void a_forbidden_line_fails_where_it_was_logged(void **state)
{
	const struct kernel_says says[] = { { 2, "No incoming FLB", TRUE },
					    { 1, "No incoming FLB", TRUE } };
	g_autoptr(GPtrArray) out = g_ptr_array_new();
	const struct check *c;

	(void)state;
	judge(says, 2, out);
	assert_int_equal(out->len, 2);
	c = g_ptr_array_index(out, 0);
	assert_string_equal(c->name, "kernel-forbids:gen1");
	assert_int_equal(c->status, CHECK_PASS);
	assert_string_equal(c->detail, "kernel 1 logged no line matching: No incoming FLB");
	c = g_ptr_array_index(out, 1);
	assert_string_equal(c->name, "kernel-forbids:gen2");
	assert_int_equal(c->status, CHECK_FAIL);
	assert_string_equal(c->detail, "kernel 2 logged [    0.600000] PCI: liveupdate: No "
			    "incoming FLB matched pci-v2 (forbidden: No incoming FLB)");
}

static void a_generation_that_never_booted_said_nothing(void **state)
{
	const struct kernel_says says[] = { { 3, "anything", FALSE } };
	g_autoptr(GPtrArray) out = g_ptr_array_new();
	const struct check *c = judge(says, 1, out);

	(void)state;
	assert_int_equal(out->len, 1);
	assert_int_equal(c->status, CHECK_FAIL);
	assert_non_null(strstr(c->detail, "generation 3 left no kernel log"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_line_the_kernel_logged_passes),
		cmocka_unit_test(a_silent_kernel_fails),
		cmocka_unit_test(a_forbidden_line_fails_where_it_was_logged),
		cmocka_unit_test(a_generation_that_never_booted_said_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
