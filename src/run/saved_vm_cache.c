// SPDX-License-Identifier: GPL-2.0-only
#include "saved_vm_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOCK_SUFFIX ".lock"
#define DEFAULT_BUDGET_MB 4096

/*
 * A pruner unlinks a lock file while holding it: a lock taken on a file
 * no longer at @path locks nothing the next comer sees, so take it again.
 */
static gboolean still_there(int fd, const char *path)
{
	struct stat held, named;

	return fstat(fd, &held) == 0 && stat(path, &named) == 0 &&
	       held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

static char *lock_path(const char *root, const char *key)
{
	return g_strconcat(root, "/", key, LOCK_SUFFIX, NULL);
}

/* flock(@how), saying why when it has to wait. */
static int wait_for(int fd, int how, const char *key)
{
	if (flock(fd, how | LOCK_NB) == 0)
		return 0;
	fprintf(stderr, "lutb: waiting for another lutb holding the same saved VM (%s)\n", key);
	return flock(fd, how);
}

int saved_vm_lock(const char *root, const char *key, GError **error)
{
	g_autofree char *path = lock_path(root, key);

	for (;;) {
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

		if (fd >= 0 && wait_for(fd, LOCK_SH, key) != 0) {
			close(fd);
			fd = -1;
		}
		if (fd < 0) {
			g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno),
				    "locking %s: %s", path, g_strerror(errno));
			return -1;
		}
		if (still_there(fd, path))
			return fd;
		close(fd);
	}
}

gboolean saved_vm_lock_exclusive(int lock, const char *root, const char *key)
{
	g_autofree char *path = lock_path(root, key);

	return wait_for(lock, LOCK_EX, key) == 0 && still_there(lock, path);
}

void saved_vm_hold_shared(int lock, const char *dir)
{
	g_autofree char *used = g_build_filename(dir, SAVED_VM_DONE_MARK, NULL);

	utimensat(AT_FDCWD, used, NULL, 0);
	flock(lock, LOCK_SH);
}

void saved_vm_empty_dir(const char *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *path = g_build_filename(dir, name, NULL);

		unlink(path);
	}
}

guint64 saved_vm_budget(void)
{
	const char *mb = g_getenv("LUTB_SAVED_VM_BUDGET_MB");
	guint64 n;

	if (!mb || !g_ascii_string_to_unsigned(mb, 10, 0, G_MAXUINT32, &n, NULL))
		n = DEFAULT_BUDGET_MB;
	return n << 20;
}

struct cached {
	char *key;
	gint64 used;	/* seconds */
	guint64 bytes;	/* on disk: a saved state is sparse */
};

static void cached_free(gpointer p)
{
	struct cached *c = p;

	g_free(c->key);
	g_free(c);
}

static void measure(struct cached *c, const char *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;
	struct stat st;

	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *path = g_build_filename(dir, name, NULL);

		if (lstat(path, &st) == 0)
			c->bytes += (guint64)st.st_blocks * 512;
		if (g_str_equal(name, SAVED_VM_DONE_MARK))
			c->used = st.st_mtime;
	}
}

static GPtrArray *list_cached(const char *root)
{
	GPtrArray *all = g_ptr_array_new_with_free_func(cached_free);
	g_autoptr(GDir) d = g_dir_open(root, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *lock = g_build_filename(root, name, NULL);
		g_autofree char *dir = NULL;
		struct cached *c;
		struct stat st;

		if (!g_str_has_suffix(name, LOCK_SUFFIX) || stat(lock, &st) != 0)
			continue;
		c = g_new0(struct cached, 1);
		c->key = g_strndup(name, strlen(name) - strlen(LOCK_SUFFIX));
		/* Never used, or half made: as old as its lock. */
		c->used = st.st_mtime;
		dir = g_build_filename(root, c->key, NULL);
		measure(c, dir);
		g_ptr_array_add(all, c);
	}
	return all;
}

static gint most_recent_first(gconstpointer a, gconstpointer b)
{
	const struct cached *x = *(struct cached *const *)a;
	const struct cached *y = *(struct cached *const *)b;

	return (x->used < y->used) - (x->used > y->used);
}

/* Removes @key's saved VM if nobody holds it. */
static gboolean remove_unheld(const char *root, const char *key)
{
	g_autofree char *lock = lock_path(root, key);
	g_autofree char *dir = g_build_filename(root, key, NULL);
	int fd = open(lock, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return FALSE;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0 || !still_there(fd, lock)) {
		close(fd);
		return FALSE;
	}
	saved_vm_empty_dir(dir);
	rmdir(dir);
	unlink(lock);
	close(fd);
	return TRUE;
}

guint saved_vm_prune(const char *root, const char *keep_key, guint64 budget)
{
	g_autoptr(GPtrArray) all = list_cached(root);
	guint64 kept = 0;
	guint removed = 0;

	g_ptr_array_sort(all, most_recent_first);
	for (guint i = 0; i < all->len; i++) {
		struct cached *c = g_ptr_array_index(all, i);

		if (g_strcmp0(c->key, keep_key) != 0 && kept + c->bytes > budget &&
		    remove_unheld(root, c->key)) {
			removed++;
			continue;
		}
		kept += c->bytes;
	}
	return removed;
}
