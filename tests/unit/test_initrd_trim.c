// SPDX-License-Identifier: GPL-2.0-only
/* The agent's trimming of the initramfs it hands the next kernel. */
#define _GNU_SOURCE /* memfd_create() */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../initramfs/agent/initrd_trim.h"

/* Appends one "newc" entry to @buf at @at; returns the new end. */
static size_t entry(unsigned char *buf, size_t at, const char *name, const char *data)
{
	size_t namesize = strlen(name) + 1, len = strlen(data);

	at += (size_t)sprintf((char *)buf + at,
			      "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
			      1, 0100644, 0, 0, 1, 0, len, 0, 0, 0, 0, namesize, 0);
	memcpy(buf + at, name, namesize);
	at = (at + namesize + 3) & ~(size_t)3;
	memcpy(buf + at, data, len);
	return (at + len + 3) & ~(size_t)3;
}

static bool not_unused_kernel(const char *name)
{
	return strcmp(name, "boot/kernels/unused") != 0;
}

static size_t trimmed(const unsigned char *in, size_t len, unsigned char *out)
{
	int fd = memfd_create("out", 0);
	ssize_t n;

	assert_true(fd >= 0);
	assert_int_equal(initrd_write_kept(in, len, fd, not_unused_kernel), 0);
	n = pread(fd, out, 4096, 0);
	close(fd);
	return (size_t)n;
}

/* Two archives apart by zeros, then what is not cpio (compressed). */
static void only_refused_entries_go(void **state)
{
	static unsigned char in[4096], out[4096], want[4096];
	size_t at = 0, w = 0;

	(void)state;
	at = entry(in, at, "init", "agent");
	at = entry(in, at, "boot/kernels/unused", "a big kernel");
	at = entry(in, at, "boot/kernels/later", "kernel C");
	at = entry(in, at, "TRAILER!!!", "");
	memset(in + at, 0, 8);
	at += 8;
	at = entry(in, at, "boot/kernels/unused", "again");
	at = entry(in, at, "TRAILER!!!", "");
	memcpy(in + at, "\x28\xb5\x2f\xfd" "zstd", 8);
	at += 8;

	w = entry(want, w, "init", "agent");
	w = entry(want, w, "boot/kernels/later", "kernel C");
	w = entry(want, w, "TRAILER!!!", "");
	w = entry(want, w, "TRAILER!!!", "");
	memcpy(want + w, "\x28\xb5\x2f\xfd" "zstd", 8);
	w += 8;
	assert_int_equal(trimmed(in, at, out), w);
	assert_memory_equal(out, want, w);
}

/* A header that lies about its size is not followed past the end. */
static void a_cut_entry_goes_as_it_is(void **state)
{
	static unsigned char in[4096], out[4096];
	size_t at;

	(void)state;
	at = entry(in, 0, "boot/kernels/unused", "0123456789");
	assert_int_equal(trimmed(in, at - 8, out), at - 8);
	assert_memory_equal(out, in, at - 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_refused_entries_go),
		cmocka_unit_test(a_cut_entry_goes_as_it_is),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
