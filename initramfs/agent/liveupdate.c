// SPDX-License-Identifier: GPL-2.0-only
#include "liveupdate.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kmsg_mark.h"
#include "luo.h"
#include "report.h"
#include "scenario.h"

#define ENGINE_TOKEN 1
#define PCI_LU_STATE "/sys/kernel/debug/pci_liveupdate"

static void session_name(const struct engine *e, char *buf, size_t len)
{
	snprintf(buf, len, "lutb-%s", e->bdf);
}

static json_t *engine_result(const struct engine *e, int err)
{
	json_t *j = engine_id(e);

	json_object_set_new(j, "ok", json_boolean(err == 0));
	if (err)
		json_object_set_new(j, "error", json_string(strerror(-err)));
	return j;
}

/* Send @event with "engines" and "ok" (every engine succeeded). */
static int report_engines(const char *event, json_t *list, int failed)
{
	report_send(event, json_pack("{s:o, s:b}", "engines", list, "ok", !failed));
	return failed ? -1 : 0;
}

int lu_start_engines(struct engine *e, int n, const struct engine_params *p)
{
	json_t *list = json_array();
	int failed = 0;

	for (int i = 0; i < n; i++) {
		int err = e[i].ops->open(&e[i]);
		json_t *j;

		if (!err)
			err = e[i].ops->start(&e[i], p);
		j = engine_result(&e[i], err);
		if (!err)
			json_object_set_new(j, "status", e[i].ops->status(&e[i]));
		json_array_append_new(list, j);
		failed += err != 0;
	}
	return report_engines("dma-start", list, failed);
}

static bool selected(const struct engine *e)
{
	return scenario_list_has("preserve", "all", "all") ||
	       scenario_list_has("preserve", e->bdf, "all");
}

int lu_preserve_engines(struct engine *e, int n)
{
	json_t *list = json_array();
	char name[64];
	int failed = 0;

	for (int i = 0; i < n; i++) {
		int err;
		json_t *j;

		if (e[i].fd < 0 || !selected(&e[i]))
			continue;
		session_name(&e[i], name, sizeof(name));
		err = e[i].session = luo_create_session(name);
		if (e[i].session >= 0)
			err = luo_preserve_fd(e[i].session, e[i].fd, ENGINE_TOKEN);
		if (err && e[i].session >= 0) {
			close(e[i].session);
			e[i].session = -1;
		}
		j = engine_result(&e[i], err);
		json_object_set_new(j, "session", json_string(name));
		if (!err)
			json_object_set_new(j, "status", e[i].ops->status(&e[i]));
		json_array_append_new(list, j);
		failed += err != 0;
	}
	return report_engines("luo-preserve", list, failed);
}

int lu_unpreserve_engines(struct engine *e, int n)
{
	json_t *list = json_array();

	if (!scenario_get("unpreserve", NULL))
		return 0;
	for (int i = 0; i < n; i++) {
		if (e[i].session < 0 || !scenario_list_has("unpreserve", e[i].bdf, NULL))
			continue;
		/* Closing the session unpreserves every fd in it. */
		close(e[i].session);
		e[i].session = -1;
		json_array_append_new(list, engine_result(&e[i], 0));
	}
	return report_engines("luo-unpreserve", list, 0);
}

int lu_retrieve_engines(struct engine *e, int n)
{
	json_t *list = json_array();
	char name[64];
	int failed = 0;

	for (int i = 0; i < n; i++) {
		int err;
		json_t *j;

		session_name(&e[i], name, sizeof(name));
		/* The driver that preserved the fd must hold the device again. */
		if (e[i].ops->claim && (err = e[i].ops->claim(&e[i]))) {
			fprintf(stderr, "lutb-agent: %s: cannot bind it for %s: %s\n", e[i].bdf,
				e[i].ops->name, strerror(-err));
		}
		err = e[i].session = luo_retrieve_session(name);
		/* No session for this engine: it was not preserved. */
		if (err == -ENOENT) {
			e[i].session = -1;
			continue;
		}
		if (e[i].session >= 0) {
			err = e[i].fd = luo_retrieve_fd(e[i].session, ENGINE_TOKEN);
			if (e[i].fd >= 0) {
				err = e[i].ops->resume ? e[i].ops->resume(&e[i]) : 0;
				e[i].retrieved = true;
			}
		}
		j = engine_result(&e[i], err < 0 ? err : 0);
		json_object_set_new(j, "session", json_string(name));
		if (e[i].retrieved)
			json_object_set_new(j, "status", e[i].ops->status(&e[i]));
		json_array_append_new(list, j);
		failed += err < 0;
	}
	return report_engines("luo-retrieve", list, failed);
}

int lu_verify_engines(struct engine *e, int n, const struct engine_params *p)
{
	json_t *list = json_array();
	int failed = 0;

	for (int i = 0; i < n; i++) {
		json_t *j;
		bool ok;

		if (!e[i].retrieved)
			continue;
		j = engine_id(&e[i]);
		json_object_update_new(j, e[i].ops->verify(&e[i], p, &ok));
		json_array_append_new(list, j);
		failed += !ok;
	}
	return report_engines("ring", list, failed);
}

/* finish=yes finishes every retrieved engine, finish=BDF,... those only. */
static bool to_finish(const struct engine *e)
{
	return scenario_list_has("finish", "yes", "yes") ||
	       scenario_list_has("finish", e->bdf, "yes");
}

int lu_finish_engines(struct engine *e, int n)
{
	json_t *list = json_array();
	int failed = 0;

	for (int i = 0; i < n; i++) {
		int err;

		if (e[i].session < 0 || !e[i].retrieved || !to_finish(&e[i]))
			continue;
		err = luo_finish_session(e[i].session);
		if (!err) {
			close(e[i].session);
			e[i].session = -1;
		}
		json_array_append_new(list, engine_result(&e[i], err));
		failed += err != 0;
	}
	return report_engines("luo-finish", list, failed);
}

/* "outgoing 0000:00:02.0 refcount 2 preserved" lines -> objects. */
void lu_report_pci_state(const char *phase)
{
	json_t *devices, *msg;
	char line[256], dir[16], bdf[32], extra[32];
	unsigned int refcount;
	int inherit = -1;
	FILE *f;

	f = fopen(PCI_LU_STATE, "r");
	if (!f) {
		/* The posted series shows its state only in its log: mark the
		 * phase there, in order with the kernel's own lines. */
		mark_kernel_log("pci-liveupdate phase %s", phase);
		/* Only lutb's series has the file: the judge reads the log or
		 * says n/a, but never loses the check. */
		report_send("pci-liveupdate",
			    json_pack("{s:s, s:s}", "phase", phase, "absent",
				      "this kernel has no " PCI_LU_STATE));
		return;
	}
	devices = json_array();
	while (fgets(line, sizeof(line), f)) {
		extra[0] = '\0';
		if (sscanf(line, "inherit_buses %d", &inherit) == 1)
			continue;
		if (sscanf(line, "%15s %31s refcount %u %31s", dir, bdf, &refcount, extra) >= 3)
			json_array_append_new(devices,
				json_pack("{s:s, s:s, s:i, s:b}", "dir", dir, "bdf", bdf,
					  "refcount", (int)refcount,
					  "preserved", strcmp(extra, "preserved") == 0));
	}
	fclose(f);
	msg = json_pack("{s:s, s:o}", "phase", phase, "devices", devices);
	json_object_set_new(msg, "inherit_buses",
			    inherit < 0 ? json_null() : json_boolean(inherit));
	report_send("pci-liveupdate", msg);
}
