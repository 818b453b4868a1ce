// SPDX-License-Identifier: GPL-2.0-only
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "ludma_log.h"

/* Lines as hw/misc/lu-dma.c writes them. */
#define LOG_LINES \
	"{\"t\":0,\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":\"realize\",\"vendor\":\"0x1234\",\"device\":\"0x4c55\",\"bar2_size\":1048576,\"period_ns\":100000,\"heartbeat_ms\":10}\n" \
	"{\"t\":0,\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":\"reset\",\"kind\":\"system\",\"by\":null,\"was_running\":false,\"seq\":0}\n" \
	"{\"t\":2100000000,\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":\"bme\",\"path_ok\":true,\"by\":null}\n" \
	"{\"t\":2100000000,\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":\"rid\",\"old\":null,\"new\":\"0x0300\"}\n" \
	"{\"t\":2100000000,\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":\"start\",\"mode\":\"stream\",\"ring\":\"0x1000000\",\"entries\":64,\"period_ns\":100000,\"epoch\":1,\"seq\":0}\n" \
	"{\"t\":2500000000,\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":\"bme\",\"path_ok\":false,\"by\":\"rp0.sw0.dp0\",\"by_bdf\":\"0000:02:00.0\"}\n" \
	"{\"t\":2500100000,\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":\"blocked\",\"reason\":\"bme\",\"addr\":\"0x1000a00\",\"dir\":\"write\",\"seq\":4000}\n" \
	"{\"t\":2510000000,\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":\"heartbeat\",\"seq\":4000,\"ok\":4000,\"blocked\":99,\"streaming\":true,\"copying\":false}\n" \
	"{\"t\":2600000000,\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":\"rid\",\"old\":\"0x0300\",\"new\":\"0x0400\"}\n" \
	"{\"t\":2600000000,\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":\"bar\",\"bar\":2,\"old\":\"0xfe800000\",\"new\":null}\n" \
	"{\"t\":2700000000,\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":\"reset\",\"kind\":\"secondary-bus\",\"by\":\"rp0\",\"was_running\":true,\"seq\":4000}\n" \
	"{\"t\":2800000000,\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":\"heart"

static struct ludma_log *parse(void)
{
	return ludma_log_parse(LOG_LINES);
}

static const struct ludma_event *nth(const struct ludma_log *log, guint i)
{
	assert_true(i < log->events->len);
	return g_ptr_array_index(log->events, i);
}

static void events_keep_their_order_and_kind(void **state)
{
	struct ludma_log *log = parse();

	(void)state;
	assert_string_equal(log->dev, "rp0.sw0.dp0.dma0");
	assert_int_equal(log->events->len, 11);
	assert_int_equal(nth(log, 0)->ev, LUDMA_REALIZE);
	assert_int_equal(nth(log, 4)->ev, LUDMA_START);
	assert_string_equal(nth(log, 4)->mode, "stream");
	assert_int_equal(nth(log, 7)->ev, LUDMA_HEARTBEAT);
	assert_int_equal(nth(log, 7)->blocked, 99);
	assert_true(nth(log, 7)->streaming);
	ludma_log_free(log);
}

static void a_cut_off_last_line_is_counted_not_parsed(void **state)
{
	struct ludma_log *log = parse();

	(void)state;
	assert_int_equal(log->bad_lines, 1);
	assert_true(log->last_line_cut);
	ludma_log_free(log);
}

static void a_bad_line_inside_the_log_is_not_a_cut(void **state)
{
	struct ludma_log *log = ludma_log_parse("{\"t\":0,\"ev\":\"realize\"}\n"
						"not json\n"
						"{\"t\":1,\"ev\":\"start\"}\n");

	(void)state;
	assert_int_equal(log->bad_lines, 1);
	assert_false(log->last_line_cut);
	ludma_log_free(log);
}

static void bus_master_changes_name_the_bridge(void **state)
{
	struct ludma_log *log = parse();

	(void)state;
	assert_true(nth(log, 2)->path_ok);
	assert_null(nth(log, 2)->by);
	assert_false(nth(log, 5)->path_ok);
	assert_string_equal(nth(log, 5)->by, "rp0.sw0.dp0");
	assert_string_equal(nth(log, 5)->by_bdf, "0000:02:00.0");
	assert_string_equal(nth(log, 6)->reason, "bme");
	ludma_log_free(log);
}

static void a_bus_master_write_names_the_device_and_the_new_value(void **state)
{
	struct ludma_log *log = ludma_log_parse(
		"{\"t\":2400000000,\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":\"bme-bit\",\"who\":\"rp0.sw0.dp0\",\"bdf\":\"0000:02:00.0\",\"set\":false}\n"
		"{\"t\":2400000000,\"dev\":\"rp0.sw0.dp0.dma0\",\"ev\":\"bme-bit\",\"who\":\"self\",\"bdf\":\"0000:03:00.0\",\"set\":true}\n");

	(void)state;
	assert_int_equal(nth(log, 0)->ev, LUDMA_BME_BIT);
	assert_string_equal(nth(log, 0)->by, "rp0.sw0.dp0");
	assert_string_equal(nth(log, 0)->by_bdf, "0000:02:00.0");
	assert_false(nth(log, 0)->bit_set);
	assert_string_equal(nth(log, 1)->by, "self");
	assert_true(nth(log, 1)->bit_set);
	ludma_log_free(log);
}

static void requester_ids_and_bars_parse_as_numbers(void **state)
{
	struct ludma_log *log = parse();

	(void)state;
	assert_int_equal(nth(log, 3)->rid_old, -1);
	assert_int_equal(nth(log, 3)->rid_new, 0x0300);
	assert_int_equal(nth(log, 8)->rid_old, 0x0300);
	assert_int_equal(nth(log, 8)->rid_new, 0x0400);
	assert_int_equal(nth(log, 9)->bar, 2);
	assert_int_equal(nth(log, 9)->bar_old, 0xfe800000);
	assert_int_equal(nth(log, 9)->bar_new, -1);
	ludma_log_free(log);
}

static void resets_say_their_kind_and_cause(void **state)
{
	struct ludma_log *log = parse();

	(void)state;
	assert_string_equal(nth(log, 1)->kind, "system");
	assert_false(nth(log, 1)->was_running);
	assert_string_equal(nth(log, 10)->kind, "secondary-bus");
	assert_string_equal(nth(log, 10)->by, "rp0");
	assert_true(nth(log, 10)->was_running);
	assert_int_equal(nth(log, 10)->seq, 4000);
	ludma_log_free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(events_keep_their_order_and_kind),
		cmocka_unit_test(a_cut_off_last_line_is_counted_not_parsed),
		cmocka_unit_test(a_bad_line_inside_the_log_is_not_a_cut),
		cmocka_unit_test(bus_master_changes_name_the_bridge),
		cmocka_unit_test(a_bus_master_write_names_the_device_and_the_new_value),
		cmocka_unit_test(requester_ids_and_bars_parse_as_numbers),
		cmocka_unit_test(resets_say_their_kind_and_cause),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
