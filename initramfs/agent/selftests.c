// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE
#include "selftests.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "luo.h"
#include "report.h"
#include "scenario.h"

#define SELFTEST_MANIFEST SELFTEST_DIR "/manifest"
/* Enough for the KTAP of liveupdate's harness and every stage's messages. */
#define OUTPUT_MAX (64 * 1024)
/* A stage-1 child that keeps the output pipe open is not waited for. */
#define DRAIN_AFTER_EXIT_MS 1000

struct selftest_run {
	char output[OUTPUT_MAX];
	size_t len;
	bool truncated;
	bool timed_out;
	int status;		/* from waitpid */
	uint64_t ns;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static const char *kind_of(enum selftest_stage stage)
{
	return stage == SELFTEST_ONCE ? "once" : "kexec";
}

static bool selected(const char *name)
{
	return scenario_list_has("selftests", name, NULL) ||
	       scenario_list_has("selftests", "all", NULL);
}

static void keep_output(struct selftest_run *r, const char *buf, size_t n)
{
	size_t room = sizeof(r->output) - 1 - r->len;

	if (n > room) {
		n = room;
		r->truncated = true;
	}
	memcpy(r->output + r->len, buf, n);
	r->len += n;
	r->output[r->len] = '\0';
}

/*
 * Reads the test's output until it closes it, or until it exited and its
 * pipe stayed quiet for DRAIN_AFTER_EXIT_MS, or until @timeout_ms.
 */
static void collect(struct selftest_run *r, pid_t pid, int out, long timeout_ms)
{
	uint64_t start = now_ns(), exited_at = 0;
	struct pollfd pfd = { .fd = out, .events = POLLIN };
	bool reaped = false, open = true;
	char buf[4096];

	while (open) {
		uint64_t ms = (now_ns() - start) / 1000000;
		ssize_t n;

		if (!reaped && waitpid(pid, &r->status, WNOHANG) == pid) {
			reaped = true;
			exited_at = ms;
		}
		if (reaped && ms - exited_at > DRAIN_AFTER_EXIT_MS)
			break;
		if ((long)ms > timeout_ms) {
			r->timed_out = true;
			break;
		}
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		n = read(out, buf, sizeof(buf));
		if (n > 0)
			keep_output(r, buf, (size_t)n);
		else if (n == 0 || errno != EINTR)
			open = false;
	}
	if (!reaped) {
		if (r->timed_out)
			kill(pid, SIGKILL);
		waitpid(pid, &r->status, 0);
	}
	r->ns = now_ns() - start;
}

static int run_one(const char *name, enum selftest_stage stage,
		   struct selftest_run *r)
{
	char path[128];
	const char *stage_arg = stage == SELFTEST_BEFORE_KEXEC ? "1" : "2";
	int pipefd[2];
	pid_t pid;

	snprintf(path, sizeof(path), SELFTEST_DIR "/%s", name);
	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return -errno;
	}
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		/*
		 * Nothing of the agent's may follow the test into a stage-1
		 * child that lives through the kexec: an engine's session
		 * held there could never be closed by the agent.
		 */
		close_range(3, ~0U, 0);
		if (stage == SELFTEST_ONCE)
			execl(path, name, (char *)NULL);
		else
			execl(path, name, "-s", stage_arg, (char *)NULL);
		dprintf(STDERR_FILENO, "lutb-agent: exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	collect(r, pid, pipefd[0],
		scenario_get_long("selftest_timeout_s", 120) * 1000);
	close(pipefd[0]);
	return 0;
}

static void report_run(const char *name, enum selftest_stage stage,
		       const struct selftest_run *r)
{
	int status = r->status;

	fprintf(stderr, "lutb-agent: selftest %s %s: %s %d (%llu ms)\n", name,
		stage == SELFTEST_ONCE ? "" : stage == SELFTEST_BEFORE_KEXEC ?
		"stage 1" : "stage 2",
		WIFSIGNALED(status) ? "signal" : "exit",
		WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status),
		(unsigned long long)(r->ns / 1000000));
	report_send("selftest",
		    json_pack("{s:s, s:i, s:o, s:o, s:b, s:b, s:I, s:s}",
			      "name", name,
			      "stage", stage == SELFTEST_ONCE ? 0 :
				       stage == SELFTEST_BEFORE_KEXEC ? 1 : 2,
			      "exit", WIFEXITED(status) ?
				      json_integer(WEXITSTATUS(status)) : json_null(),
			      "signal", WIFSIGNALED(status) ?
					json_integer(WTERMSIG(status)) : json_null(),
			      "timed_out", r->timed_out,
			      "truncated", r->truncated,
			      "ns", (json_int_t)r->ns,
			      "output", r->output));
}

void selftests_run(enum selftest_stage stage)
{
	static struct selftest_run run;
	char line[128], name[64], kind[16];
	FILE *manifest;

	if (!scenario_get("selftests", NULL))
		return;
	manifest = fopen(SELFTEST_MANIFEST, "r");
	if (!manifest) {
		report_error("selftest", "%s: %s (were the selftests packed?)",
			     SELFTEST_MANIFEST, strerror(errno));
		return;
	}
	/* The tests open /dev/liveupdate themselves; it admits one opener. */
	luo_close_device();
	while (fgets(line, sizeof(line), manifest)) {
		int err;

		if (line[0] == '#' || sscanf(line, "%63s %15s", name, kind) != 2 ||
		    strcmp(kind, kind_of(stage)) != 0 || !selected(name))
			continue;
		memset(&run, 0, sizeof(run));
		err = run_one(name, stage, &run);
		if (err)
			report_error("selftest", "%s: %s", name, strerror(-err));
		else
			report_run(name, stage, &run);
	}
	fclose(manifest);
}
