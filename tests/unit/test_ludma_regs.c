// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest driver's uapi header repeats what the device defines (record
 * layout, status bits): both must say the same as the QEMU patch, from
 * which lu_dma_regs.h is generated.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "lu_dma_regs.h"
#include "lu_dma_uapi.h"

static void the_guest_reads_records_as_the_device_writes_them(void **state)
{
	(void)state;
	assert_int_equal(LU_DMA_RECORD_SIZE, QEMU_LU_DMA_RECORD_SIZE);
	assert_int_equal(sizeof(struct lu_dma_record), QEMU_LU_DMA_RECORD_SIZE);
	assert_int_equal(LU_DMA_RECORD_MAGIC, QEMU_LU_DMA_RECORD_MAGIC);
	assert_int_equal(LU_DMA_MAX_ENTRIES, QEMU_LU_DMA_MAX_RING_ENTRIES);
}

static void the_guest_reads_status_as_the_device_sets_it(void **state)
{
	(void)state;
	assert_int_equal(LU_DMA_STATUS_STREAMING, QEMU_LU_DMA_STATUS_STREAMING);
	assert_int_equal(LU_DMA_STATUS_COPYING, QEMU_LU_DMA_STATUS_COPYING);
	assert_int_equal(LU_DMA_STATUS_BLOCKED, QEMU_LU_DMA_STATUS_BLOCKED);
	assert_int_equal(LU_DMA_STATUS_COPY_DONE, QEMU_LU_DMA_STATUS_COPY_DONE);
	assert_int_equal(LU_DMA_STATUS_PATH_OK, QEMU_LU_DMA_STATUS_PATH_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_guest_reads_records_as_the_device_writes_them),
		cmocka_unit_test(the_guest_reads_status_as_the_device_sets_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
