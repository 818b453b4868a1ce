// SPDX-License-Identifier: GPL-2.0-only
#include "libvirt_events.h"

#include <glib.h>
#include <libvirt/libvirt.h>

static gpointer event_loop(gpointer data)
{
	(void)data;
	for (;;)
		virEventRunDefaultImpl();
	return NULL;
}

void libvirt_events_start(void)
{
	static gsize started;

	if (g_once_init_enter(&started)) {
		virEventRegisterDefaultImpl();
		g_thread_unref(g_thread_new("libvirt-events", event_loop, NULL));
		g_once_init_leave(&started, 1);
	}
}

struct barrier {
	GMutex lock;
	GCond cond;
	gboolean passed;
	int timer;
};

static void pass(int timer, void *opaque)
{
	struct barrier *b = opaque;

	virEventRemoveTimeout(timer);
	g_mutex_lock(&b->lock);
	b->passed = TRUE;
	g_cond_signal(&b->cond);
	g_mutex_unlock(&b->lock);
}

void libvirt_events_sync(void)
{
	struct barrier b = { 0 };

	g_mutex_init(&b.lock);
	g_cond_init(&b.cond);
	/* Dispatch is one callback at a time: this one runs after the rest. */
	if (virEventAddTimeout(0, pass, &b, NULL) >= 0) {
		g_mutex_lock(&b.lock);
		while (!b.passed)
			g_cond_wait(&b.cond, &b.lock);
		g_mutex_unlock(&b.lock);
	}
	g_mutex_clear(&b.lock);
	g_cond_clear(&b.cond);
}
