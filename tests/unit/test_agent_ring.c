// SPDX-License-Identifier: GPL-2.0-only
/*
 * The agent's lu-dma ring check, on rings built here: it must pass a
 * continuous ring, wrapped or not, and name each way a ring can be broken.
 * The ops file is included to reach its static helpers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "../../initramfs/agent/engines/lu_dma.c"

#define ENTRIES 16
#define EPOCH 0x1234
#define PERIOD 100000

static struct lu_dma_record ring[ENTRIES];

/* Record @seq as lu-dma writes it, into its slot. */
static void put(uint64_t seq, uint64_t vtime)
{
	struct lu_dma_record *r = &ring[seq % ENTRIES];

	memset(r, 0, sizeof(*r));
	r->magic = LU_DMA_RECORD_MAGIC;
	r->epoch = EPOCH;
	r->seq = seq;
	r->vtime_ns = vtime;
	r->requester_id = 0x0300;
	r->crc32c = crc32c(r, 28);
}

/* The engine wrote records 0 .. @n - 1, one every PERIOD. */
static void stream(uint64_t n)
{
	memset(ring, 0, sizeof(ring));
	for (uint64_t seq = 0; seq < n; seq++)
		put(seq, 1000000 + seq * PERIOD);
}

static struct ring_check check(uint64_t s0, uint64_t s1)
{
	struct ring_check rc;

	check_ring(ring, ENTRIES, EPOCH, s0, s1, &rc);
	return rc;
}

static void crc_is_castagnoli_as_qemu_computes_it(void **state)
{
	(void)state;
	/* The CRC-32C check value. */
	assert_int_equal(crc32c("123456789", 9), 0xe3069283);
}

static void a_continuous_ring_passes(void **state)
{
	struct ring_check rc;

	(void)state;
	stream(10);
	rc = check(10, 10);
	assert_int_equal(rc.first, 0);
	assert_int_equal(rc.last, 9);
	assert_int_equal(rc.checked, 10);
	assert_int_equal(rc.holes + rc.regressions + rc.bad_crc + rc.backwards, 0);
	assert_int_equal(rc.max_gap_ns, PERIOD);
}

/* After a wrap only what the engine cannot be overwriting is checked. */
static void a_wrapped_ring_checks_the_stable_part(void **state)
{
	struct ring_check rc;

	(void)state;
	stream(40);
	rc = check(38, 40);
	assert_int_equal(rc.first, 40 + 2 - ENTRIES);
	assert_int_equal(rc.last, 37);
	assert_int_equal(rc.holes + rc.regressions + rc.bad_crc, 0);
}

static void a_skipped_record_is_a_hole(void **state)
{
	struct ring_check rc;

	(void)state;
	stream(10);
	memset(&ring[4], 0, sizeof(ring[4]));
	rc = check(10, 10);
	assert_int_equal(rc.holes, 1);
	assert_int_equal(rc.first_bad, 4);
}

static void a_restarted_engine_is_a_regression(void **state)
{
	struct ring_check rc;

	(void)state;
	stream(10);
	put(4 + ENTRIES, 1000000 + 4 * PERIOD);
	rc = check(10, 10);
	assert_int_equal(rc.regressions, 1);
}

static void a_torn_record_fails_its_crc(void **state)
{
	struct ring_check rc;

	(void)state;
	stream(10);
	ring[6].requester_id = 0x0400;
	rc = check(10, 10);
	assert_int_equal(rc.bad_crc, 1);
}

static void a_stall_is_the_largest_gap(void **state)
{
	struct ring_check rc;

	(void)state;
	stream(10);
	for (uint64_t seq = 5; seq < 10; seq++)
		put(seq, 1000000 + seq * PERIOD + 700000000);
	rc = check(10, 10);
	assert_int_equal(rc.max_gap_ns, PERIOD + 700000000);
	assert_int_equal(rc.max_gap_seq, 5);
	assert_int_equal(rc.backwards, 0);
}

static void time_going_back_is_reported(void **state)
{
	struct ring_check rc;

	(void)state;
	stream(10);
	put(7, 1000000);
	rc = check(10, 10);
	assert_int_equal(rc.backwards, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crc_is_castagnoli_as_qemu_computes_it),
		cmocka_unit_test(a_continuous_ring_passes),
		cmocka_unit_test(a_wrapped_ring_checks_the_stable_part),
		cmocka_unit_test(a_skipped_record_is_a_hole),
		cmocka_unit_test(a_restarted_engine_is_a_regression),
		cmocka_unit_test(a_torn_record_fails_its_crc),
		cmocka_unit_test(a_stall_is_the_largest_gap),
		cmocka_unit_test(time_going_back_is_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
