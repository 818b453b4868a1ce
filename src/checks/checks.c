// SPDX-License-Identifier: GPL-2.0-only
#include "checks.h"

#include <string.h>

#include "checks_dma.h"
#include "checks_iommu.h"
#include "checks_guest.h"
#include "checks_selftest.h"
#include "checks_says.h"
#include "checks_pci.h"
#include "checks_pci_lu.h"
#include "checks_plan.h"

void check_add(GPtrArray *checks, enum check_status status, char *name,
	       const char *fmt, ...)
{
	struct check *c = g_new0(struct check, 1);
	va_list ap;

	c->name = name;
	c->status = status;
	c->t_ns = -1;
	va_start(ap, fmt);
	c->detail = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(checks, c);
}

char *check_rid_text(int rid)
{
	return g_strdup_printf("%02x:%02x.%x", rid >> 8, (rid >> 3) & 0x1f, rid & 7);
}

void check_evidence(GPtrArray *checks, const char *old_value,
		    const char *new_value, gint64 t_ns)
{
	struct check *c = g_ptr_array_index(checks, checks->len - 1);

	g_free(c->old_value);
	g_free(c->new_value);
	c->old_value = g_strdup(old_value);
	c->new_value = g_strdup(new_value);
	c->t_ns = t_ns;
}

static void check_free(gpointer data)
{
	struct check *c = data;

	g_free(c->old_value);
	g_free(c->new_value);
	g_free(c->name);
	g_free(c->detail);
	g_free(c);
}

static const char *console_panic(const struct console_gen *con)
{
	for (guint i = 0; i < con->problems->len; i++) {
		const char *line = g_ptr_array_index(con->problems, i);
		const char *p = strstr(line, "Kernel panic - not syncing");

		if (p)
			return p;
	}
	return NULL;
}

/* What the kernel's lu_dma driver preserves with, as the agent read it. */
static char *pci_api_text(const char *api, const char *calls)
{
	if (!api)
		return g_strdup("no lu_dma driver");
	if (!strcmp(api, "lutb-series"))
		return g_strdup("PCI preservation by lutb's series");
	if (g_str_has_prefix(api, "posted-series"))
		return g_strdup_printf("PCI preservation by the posted series: %s (%s)",
				       api + strlen("posted-series "), calls ?: "calls unknown");
	if (!strcmp(api, "none"))
		return g_strdup("no PCI preservation in this kernel: lu_dma preserves through "
				"LUO only");
	return g_strdup(api);
}

static void check_generation_booted(const struct evidence *ev, GPtrArray *out,
				    guint gen)
{
	const struct agent_event *hello = evidence_agent_find(ev, (int)gen, "hello");

	if (hello) {
		g_autofree char *api = pci_api_text(
			json_string_value(json_object_get(hello->msg, "pci_preservation_api")),
			json_string_value(json_object_get(hello->msg, "pci_preservation_calls")));

		check_add(out, CHECK_PASS, g_strdup_printf("gen%u-booted", gen),
		    "agent reported from kernel %s (%s)",
		    json_string_value(json_object_get(hello->msg, "kernel")), api);
	}
	else
		check_add(out, CHECK_FAIL, g_strdup_printf("gen%u-booted", gen),
		    "no report from the agent in generation %u (%u kernel banners on the console)",
		    gen, ev->console->len);
}

static void check_kexec(const struct evidence *ev, GPtrArray *out, guint gen)
{
	const struct agent_event *kexec = evidence_agent_find(ev, (int)gen - 1, "kexec");
	const struct agent_event *err = evidence_agent_find(ev, (int)gen - 1, "error");
	char *name = g_strdup_printf("kexec-into-gen%u", gen);

	if (kexec && evidence_agent_find(ev, (int)gen, "hello"))
		check_add(out, CHECK_PASS, name, "generation %u loaded %s and generation %u came up",
		    gen - 1, json_string_value(json_object_get(kexec->msg, "kernel")), gen);
	else if (err)
		check_add(out, CHECK_FAIL, name, "agent in generation %u failed at %s: %s", gen - 1,
		    json_string_value(json_object_get(err->msg, "step")),
		    json_string_value(json_object_get(err->msg, "message")));
	else if (kexec)
		check_add(out, CHECK_FAIL, name, "generation %u jumped to %s but generation %u never reported",
		    gen - 1, json_string_value(json_object_get(kexec->msg, "kernel")), gen);
	else
		check_add(out, CHECK_FAIL, name, "generation %u never started a kexec", gen - 1);
}

static void check_luo_retrieved(const struct evidence *ev, GPtrArray *out, guint gen)
{
	const struct console_gen *con = evidence_console(ev, gen);
	char *name = g_strdup_printf("luo-retrieved-gen%u", gen);

	if (con && con->luo_retrieved)
		check_add(out, CHECK_PASS, name,
		    "generation %u's kernel logged 'luo: Retrieved live update data'", gen);
	else if (con)
		check_add(out, CHECK_FAIL, name,
		    "generation %u's kernel booted without retrieving LUO state through KHO", gen);
	else
		check_add(out, CHECK_FAIL, name, "generation %u's kernel never printed its banner", gen);
}

static void check_agent_finished(const struct evidence *ev, GPtrArray *out)
{
	guint last = ev->expected_gens;

	for (guint i = 0; i < ev->agent->len; i++) {
		const struct agent_event *e = g_ptr_array_index(ev->agent, i);

		if (g_str_equal(e->event, "error")) {
			check_add(out, CHECK_FAIL, g_strdup("agent-finished"),
			    "agent error in generation %d at %s: %s", e->gen,
			    json_string_value(json_object_get(e->msg, "step")),
			    json_string_value(json_object_get(e->msg, "message")));
			return;
		}
	}
	if (evidence_agent_find(ev, (int)last, "done"))
		check_add(out, CHECK_PASS, g_strdup("agent-finished"),
		    "agent finished in generation %u", last);
	else
		check_add(out, CHECK_FAIL, g_strdup("agent-finished"),
		    "agent never reported done in generation %u", last);
}

/* One check per generation, so an error one kernel is expected to log
 * never hides another kernel's. */
static void check_kernel_problems(const struct evidence *ev, GPtrArray *out)
{
	guint gens = MAX(ev->expected_gens, ev->console->len);

	for (guint g = 1; g <= gens; g++) {
		const struct console_gen *con = evidence_console(ev, g);
		char *name = g_strdup_printf("no-kernel-errors:gen%u", g);

		if (!con)
			check_add(out, CHECK_NA, name, "generation %u left no kernel log (see "
				  "gen%u-booted)", g, g);
		else if (con->problems->len)
			check_add(out, CHECK_FAIL, name, "%s%s",
				  (const char *)g_ptr_array_index(con->problems, 0),
				  con->problems->len > 1 ? " (and more)" : "");
		else
			check_add(out, CHECK_PASS, name, "no panic, BUG, WARNING or Oops in "
				  "kernel %u's log", g);
	}
}

static void check_poweroff(const struct evidence *ev, GPtrArray *out)
{
	json_t *shutdown = evidence_qmp_find(ev, "SHUTDOWN");
	const char *reason = json_string_value(
		json_object_get(json_object_get(shutdown, "data"), "reason"));

	if (reason && g_str_equal(reason, "guest-shutdown") &&
	    ev->run.exited && ev->run.exit_status == 0)
		check_add(out, CHECK_PASS, g_strdup("clean-poweroff"),
		    "the guest powered off and QEMU exited with status 0");
	else
		check_add(out, CHECK_FAIL, g_strdup("clean-poweroff"),
		    "shutdown reason %s, QEMU %s %d", reason ? reason : "(none)",
		    ev->run.exited ? "exit status" : "killed by signal",
		    ev->run.exited ? ev->run.exit_status : ev->run.term_signal);
}

/* A file the run should have left and did not is a check of its own. */
static void check_evidence_files(const struct evidence *ev, GPtrArray *out)
{
	for (guint i = 0; i < ev->missing->len; i++) {
		const char *why = g_ptr_array_index(ev->missing, i);
		const char *colon = strchr(why, ':');

		check_add(out, CHECK_FAIL, g_strdup_printf("evidence:%.*s",
			  colon ? (int)(colon - why) : (int)strlen(why), why), "%s", why);
	}
}

static enum verdict overall(const struct evidence *ev, GPtrArray *checks,
			    char **summary)
{
	guint failed = 0, skipped = 0;

	switch (ev->run.end) {
	case RUN_END_SETUP_ERROR:
		*summary = g_strdup(ev->run.setup_error);
		return VERDICT_SETUP_ERROR;
	case RUN_END_TIMEOUT:
		*summary = g_strdup("the run did not finish in time (guest hang?)");
		return VERDICT_TIMEOUT;
	case RUN_END_INTERRUPTED:
		*summary = g_strdup("the run was interrupted");
		return VERDICT_INTERRUPTED;
	case RUN_END_EXITED:
		break;
	}
	if (ev->run.guest_panicked || !ev->run.exited) {
		*summary = g_strdup(ev->run.guest_panicked ?
				    "the guest kernel panicked" :
				    "QEMU died from a signal");
		return VERDICT_CRASHED;
	}
	/* A panic before the pvpanic driver loaded reaches QEMU as a reset. */
	for (guint g = 1; g <= ev->console->len; g++) {
		const char *panic = console_panic(evidence_console(ev, g));

		if (panic) {
			*summary = g_strdup_printf("generation %u's kernel panicked: %s", g, panic);
			return VERDICT_CRASHED;
		}
	}
	for (guint i = 0; i < checks->len; i++) {
		enum check_status st = ((struct check *)g_ptr_array_index(checks, i))->status;

		failed += st == CHECK_FAIL;
		skipped += st == CHECK_SKIP;
	}
	*summary = skipped ? g_strdup_printf("%u of %u checks failed, %u skipped", failed,
					     checks->len, skipped) :
			     g_strdup_printf("%u of %u checks failed", failed, checks->len);
	return failed ? VERDICT_FAIL : VERDICT_PASS;
}

void checks_judge(const struct evidence *ev, struct verdict_report *out)
{
	out->checks = g_ptr_array_new_with_free_func(check_free);
	if (ev->run.end != RUN_END_SETUP_ERROR) {
		for (guint g = 1; g <= ev->expected_gens; g++) {
			if (g > 1)
				check_kexec(ev, out->checks, g);
			check_generation_booted(ev, out->checks, g);
			if (g > 1)
				check_luo_retrieved(ev, out->checks, g);
		}
		check_agent_finished(ev, out->checks);
		check_evidence_files(ev, out->checks);
		checks_plan(ev, out->checks);
		checks_plan_fault(ev, out->checks);
		check_kernel_problems(ev, out->checks);
		check_poweroff(ev, out->checks);
		checks_pci(ev, out->checks);
		checks_pci_lu(ev, out->checks);
		checks_dma(ev, out->checks);
		checks_iommu(ev, out->checks);
		checks_guest(ev, out->checks);
		checks_selftest(ev, out->checks);
	}
	out->verdict = overall(ev, out->checks, &out->summary);
}

void checks_kernel_says(const struct evidence *ev, const struct kernel_says *says, guint n,
			struct verdict_report *r)
{
	if (!n)
		return;
	check_kernel_says(ev, says, n, r->checks);
	g_free(r->summary);
	r->verdict = overall(ev, r->checks, &r->summary);
}

void verdict_report_clear(struct verdict_report *r)
{
	g_clear_pointer(&r->checks, g_ptr_array_unref);
	g_clear_pointer(&r->summary, g_free);
}

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS: return "pass";
	case VERDICT_FAIL: return "fail";
	case VERDICT_TIMEOUT: return "timeout";
	case VERDICT_CRASHED: return "crashed";
	case VERDICT_SETUP_ERROR: return "setup-error";
	case VERDICT_INTERRUPTED: return "interrupted";
	}
	return "?";
}

const char *check_status_name(enum check_status s)
{
	return s == CHECK_PASS ? "pass" : s == CHECK_FAIL ? "fail" :
	       s == CHECK_SKIP ? "skip" : "n/a";
}

char *check_kind(const struct check *c)
{
	return g_strndup(c->name, strcspn(c->name, ":"));
}

const char *check_device(const struct check *c)
{
	const char *colon = strchr(c->name, ':');

	return colon ? colon + 1 : NULL;
}

const struct check *verdict_report_find(const struct verdict_report *r,
					const char *name)
{
	for (guint i = 0; i < r->checks->len; i++) {
		const struct check *c = g_ptr_array_index(r->checks, i);

		if (g_str_equal(c->name, name))
			return c;
	}
	return NULL;
}
