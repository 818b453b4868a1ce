// SPDX-License-Identifier: GPL-2.0-only
/*
 * lu-dma figures under TCG, with no guest in the way: QEMU boots a BIOS
 * that only halts, and this program plays firmware and driver over the
 * qtest protocol (which works with any accelerator; only clock_step needs
 * the qtest one). Virtual time runs with host time, as in a real run.
 *
 *   record rate     one engine streaming at its shortest period
 *   copy throughput one engine copying 1 MiB blocks
 *   idle cost       QEMU's host CPU use with N engines streaming at the
 *                   default period while the guest is idle
 *
 * Usage: ludma-bench QEMU [SECONDS]
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lu_dma_regs.h"

#define BIOS_SIZE 0x10000
#define BAR_BASE 0xe0000000u
#define RING_BASE 0x1000000u
#define RING_ENTRIES 4096
#define RING_BYTES (RING_ENTRIES * QEMU_LU_DMA_RECORD_SIZE)


struct vm {
	pid_t pid;
	FILE *qtest;
	char dir[64];
};

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "ludma-bench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* utime + stime of @pid, in seconds. */
static double cpu_s(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut, st;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f || !fgets(buf, sizeof(buf), f))
		die("%s: %s", path, strerror(errno));
	fclose(f);
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
			 &ut, &st) != 2)
		die("cannot parse %s", path);
	return (double)(ut + st) / sysconf(_SC_CLK_TCK);
}

/* One qtest command; returns the value of an "OK 0x..." reply. */
static uint64_t cmd(struct vm *vm, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vfprintf(vm->qtest, fmt, ap);
	va_end(ap);
	fputc('\n', vm->qtest);
	fflush(vm->qtest);
	do {
		if (!fgets(line, sizeof(line), vm->qtest))
			die("QEMU closed the qtest connection");
	} while (strncmp(line, "OK", 2) && strncmp(line, "FAIL", 4));
	if (!strncmp(line, "FAIL", 4))
		die("qtest: %s", line);
	return strtoull(line + 2, NULL, 0);
}

static void cfg_writew(struct vm *vm, int devfn, int off, uint16_t val)
{
	cmd(vm, "outl 0xcf8 0x%x", 0x80000000u | devfn << 8 | (off & 0xfc));
	cmd(vm, "outw 0x%x 0x%x", 0xcfc + (off & 2), val);
}

static void cfg_writel(struct vm *vm, int devfn, int off, uint32_t val)
{
	cmd(vm, "outl 0xcf8 0x%x", 0x80000000u | devfn << 8 | off);
	cmd(vm, "outl 0xcfc 0x%x", val);
}

static uint32_t bar(int engine)
{
	return BAR_BASE + engine * QEMU_LU_DMA_BAR0_SIZE;
}

static void reg_write(struct vm *vm, int engine, int reg, uint32_t val)
{
	cmd(vm, "writel 0x%x 0x%x", bar(engine) + reg, val);
}

static uint32_t reg_read(struct vm *vm, int engine, int reg)
{
	return (uint32_t)cmd(vm, "readl 0x%x", bar(engine) + reg);
}

/* Engines are integrated endpoints on pcie.0: 8 functions per slot from 3. */
static int engine_devfn(int engine)
{
	return (3 + engine / 8) << 3 | engine % 8;
}

static void write_halt_bios(const char *path)
{
	static unsigned char bios[BIOS_SIZE];
	/* Reset vector: cli; hlt; jmp back to hlt. */
	static const unsigned char code[] = { 0xfa, 0xf4, 0xeb, 0xfd };
	FILE *f = fopen(path, "wb");

	memcpy(bios + BIOS_SIZE - 16, code, sizeof(code));
	if (!f || fwrite(bios, 1, sizeof(bios), f) != sizeof(bios) || fclose(f))
		die("%s: %s", path, strerror(errno));
}

static struct vm vm_start(const char *qemu, int engines)
{
	struct vm vm = { 0 };
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char bios[96], sock[96], qtest_arg[128], dev[128];
	char *argv[16 + 2 * 64];
	int listener, fd, n = 0;

	snprintf(vm.dir, sizeof(vm.dir), "/tmp/ludma-bench-XXXXXX");
	if (!mkdtemp(vm.dir))
		die("mkdtemp: %s", strerror(errno));
	snprintf(bios, sizeof(bios), "%s/halt.bin", vm.dir);
	snprintf(sock, sizeof(sock), "%s/qtest.sock", vm.dir);
	write_halt_bios(bios);
	listener = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", sock);
	if (bind(listener, (struct sockaddr *)&addr, sizeof(addr)) ||
	    listen(listener, 1))
		die("%s: %s", sock, strerror(errno));
	snprintf(qtest_arg, sizeof(qtest_arg), "unix:%s", sock);

	argv[n++] = (char *)qemu;
	argv[n++] = "-machine";
	argv[n++] = "q35";
	argv[n++] = "-accel";
	argv[n++] = "tcg";
	argv[n++] = "-m";
	argv[n++] = "512M";
	argv[n++] = "-nodefaults";
	argv[n++] = "-display";
	argv[n++] = "none";
	argv[n++] = "-bios";
	argv[n++] = bios;
	argv[n++] = "-qtest";
	argv[n++] = qtest_arg;
	argv[n++] = "-qtest-log";
	argv[n++] = "/dev/null";
	for (int i = 0; i < engines; i++) {
		snprintf(dev, sizeof(dev), "lu-dma,bus=pcie.0,addr=0x%x.%x%s",
			 3 + i / 8, i % 8, i % 8 == 0 ? ",multifunction=on" : "");
		argv[n++] = "-device";
		argv[n++] = strdup(dev);
	}
	argv[n] = NULL;

	vm.pid = fork();
	if (vm.pid == 0) {
		execv(qemu, argv);
		_exit(127);
	}
	fd = accept(listener, NULL, NULL);
	if (fd < 0)
		die("QEMU did not connect: %s", strerror(errno));
	close(listener);
	vm.qtest = fdopen(fd, "r+");

	for (int i = 0; i < engines; i++) {
		cfg_writel(&vm, engine_devfn(i), 0x10, bar(i));
		cfg_writew(&vm, engine_devfn(i), 0x04, 0x6); /* MEM | MASTER */
	}
	return vm;
}

static void vm_stop(struct vm *vm)
{
	char path[96];

	fclose(vm->qtest);
	kill(vm->pid, SIGTERM);
	waitpid(vm->pid, NULL, 0);
	snprintf(path, sizeof(path), "%s/halt.bin", vm->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/qtest.sock", vm->dir);
	unlink(path);
	rmdir(vm->dir);
}

static void stream(struct vm *vm, int engine, uint32_t period_ns)
{
	reg_write(vm, engine, QEMU_LU_DMA_REG_RING_LO, RING_BASE + engine * RING_BYTES);
	reg_write(vm, engine, QEMU_LU_DMA_REG_RING_ENTRIES, RING_ENTRIES);
	reg_write(vm, engine, QEMU_LU_DMA_REG_PERIOD_NS, period_ns);
	reg_write(vm, engine, QEMU_LU_DMA_REG_CTRL, QEMU_LU_DMA_CTRL_STREAM);
}

static void bench_record_rate(const char *qemu, double seconds)
{
	struct vm vm = vm_start(qemu, 1);
	double t0, t1;
	uint32_t s0, s1;

	stream(&vm, 0, 1000);
	sleep(1);
	s0 = reg_read(&vm, 0, QEMU_LU_DMA_REG_SEQ_LO);
	t0 = now_s();
	usleep((useconds_t)(seconds * 1e6));
	s1 = reg_read(&vm, 0, QEMU_LU_DMA_REG_SEQ_LO);
	t1 = now_s();
	if (reg_read(&vm, 0, QEMU_LU_DMA_REG_BLOCKED_LO))
		die("record rate: transactions were blocked");
	printf("%-34s %12.0f records/s (period 1000 ns; ceiling 1000000)\n",
	       "stream record rate, 1 engine", (s1 - s0) / (t1 - t0));
	vm_stop(&vm);
}

static void bench_copy(const char *qemu, double seconds)
{
	struct vm vm = vm_start(qemu, 1);
	const uint32_t len = 1 << 20;
	double t0, t1;
	uint32_t d0, d1;

	reg_write(&vm, 0, QEMU_LU_DMA_REG_COPY_SRC_LO, 0x2000000);
	reg_write(&vm, 0, QEMU_LU_DMA_REG_COPY_DST_LO, 0x4000000);
	reg_write(&vm, 0, QEMU_LU_DMA_REG_COPY_LEN, len);
	reg_write(&vm, 0, QEMU_LU_DMA_REG_COPY_COUNT, 0xffffffff);
	reg_write(&vm, 0, QEMU_LU_DMA_REG_CTRL, QEMU_LU_DMA_CTRL_COPY);
	sleep(1);
	d0 = reg_read(&vm, 0, QEMU_LU_DMA_REG_COPY_DONE);
	t0 = now_s();
	usleep((useconds_t)(seconds * 1e6));
	d1 = reg_read(&vm, 0, QEMU_LU_DMA_REG_COPY_DONE);
	t1 = now_s();
	printf("%-34s %12.1f MiB/s (1 MiB blocks)\n", "copy throughput, 1 engine",
	       (double)(d1 - d0) * len / (1 << 20) / (t1 - t0));
	vm_stop(&vm);
}

static void bench_idle_cost(const char *qemu, int engines, double seconds)
{
	struct vm vm = vm_start(qemu, engines);
	char label[64];
	double c0, c1, t0, t1;

	for (int i = 0; i < engines; i++)
		stream(&vm, i, 100000);
	sleep(1);
	c0 = cpu_s(vm.pid);
	t0 = now_s();
	usleep((useconds_t)(seconds * 1e6));
	c1 = cpu_s(vm.pid);
	t1 = now_s();
	snprintf(label, sizeof(label), "QEMU host CPU, %d engine%s", engines,
		 engines == 1 ? "" : "s");
	printf("%-34s %12.1f %% of one core (period 100000 ns)\n", label,
	       100.0 * (c1 - c0) / (t1 - t0));
	vm_stop(&vm);
}

int main(int argc, char **argv)
{
	static const int counts[] = { 0, 1, 8, 32 };
	double seconds;

	if (argc < 2 || !strcmp(argv[1], "--help")) {
		fprintf(argc < 2 ? stderr : stdout,
			"Usage: ludma-bench QEMU [SECONDS]\n"
			"Prints lu-dma's record rate, copy throughput and the host CPU\n"
			"cost of 0, 1, 8 and 32 streaming engines under TCG.\n");
		return argc < 2;
	}
	seconds = argc > 2 ? atof(argv[2]) : 5.0;
	bench_record_rate(argv[1], seconds);
	bench_copy(argv[1], seconds);
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		bench_idle_cost(argv[1], counts[i], seconds);
	return 0;
}
