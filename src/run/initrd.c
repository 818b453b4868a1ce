// SPDX-License-Identifier: GPL-2.0-only
#include "initrd.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <string.h>
#include <unistd.h>

struct initrd_file *initrd_file_new(const char *guest_path, const char *host_path,
				    unsigned int mode)
{
	struct initrd_file *f = g_new0(struct initrd_file, 1);

	f->guest_path = g_strdup(guest_path);
	f->host_path = g_strdup(host_path);
	f->mode = mode;
	return f;
}

struct initrd_file *initrd_file_new_data(const char *guest_path, const char *data)
{
	struct initrd_file *f = initrd_file_new(guest_path, NULL, 0644);

	f->data = g_strdup(data);
	return f;
}

void initrd_file_free(gpointer file)
{
	struct initrd_file *f = file;

	g_free(f->guest_path);
	g_free(f->host_path);
	g_free(f->data);
	g_free(f);
}

static gboolean write_entry(struct archive *a, const char *path, unsigned int type,
			    unsigned int mode, const void *data, gsize len,
			    GError **error)
{
	struct archive_entry *e = archive_entry_new();
	gboolean ok;

	archive_entry_set_pathname(e, path);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, mode);
	archive_entry_set_size(e, (la_int64_t)len);
	ok = archive_write_header(a, e) == ARCHIVE_OK &&
	     (!len || archive_write_data(a, data, len) == (la_ssize_t)len);
	archive_entry_free(e);
	if (!ok)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
			    "initramfs: writing %s: %s", path,
			    archive_error_string(a));
	return ok;
}

static gboolean add_entry(struct archive *a, const char *path,
			  const void *data, gsize len, GError **error)
{
	return write_entry(a, path, AE_IFREG, 0644, data, len, error);
}

/*
 * Linux unpacks an archive without making missing directories, so each
 * directory above @f comes first (one that exists already is kept).
 */
static gboolean add_file(struct archive *a, const struct initrd_file *f,
			 GError **error)
{
	g_autofree char *data = NULL;
	const char *slash = f->guest_path;
	gsize len;

	while ((slash = strchr(slash + 1, '/'))) {
		g_autofree char *dir = g_strndup(f->guest_path,
						 (gsize)(slash - f->guest_path));

		if (!write_entry(a, dir, AE_IFDIR, 0755, NULL, 0, error))
			return FALSE;
	}
	if (!f->host_path)
		return write_entry(a, f->guest_path, AE_IFREG, f->mode, f->data,
				   strlen(f->data), error);
	return g_file_get_contents(f->host_path, &data, &len, error) &&
	       write_entry(a, f->guest_path, AE_IFREG, f->mode, data, len, error);
}

static gboolean add_generation(struct archive *a, guint index,
			       const struct generation *gen, GError **error)
{
	g_autofree char *kernel = NULL;
	g_autofree char *kernel_path = NULL;
	g_autofree char *cmdline_path = NULL;
	gsize len;

	if (!g_file_get_contents(gen->kernel, &kernel, &len, error))
		return FALSE;
	kernel_path = g_strdup_printf("boot/kernel-gen%u", index + 1);
	cmdline_path = g_strdup_printf("etc/lutb/cmdline-gen%u", index + 1);
	return add_entry(a, kernel_path, kernel, len, error) &&
	       add_entry(a, cmdline_path, gen->cmdline, strlen(gen->cmdline), error);
}

gboolean initrd_compose(const char *base, const struct generation *gens,
			guint n, const char *scenario, const char *host_waits,
			const GPtrArray *files, const char *output, GError **error)
{
	g_autofree char *base_data = NULL;
	struct archive *a;
	gsize base_len;
	gboolean ok = TRUE;
	guint i;
	int fd;

	if (!g_file_get_contents(base, &base_data, &base_len, error))
		return FALSE;
	fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, base_data, base_len) != (ssize_t)base_len) {
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno),
			    "initramfs: writing %s: %s", output, g_strerror(errno));
		if (fd >= 0)
			close(fd);
		return FALSE;
	}
	a = archive_write_new();
	archive_write_set_format_cpio_newc(a);
	if (archive_write_open_fd(a, fd) != ARCHIVE_OK) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
			    "initramfs: %s", archive_error_string(a));
		ok = FALSE;
	}
	for (i = 1; ok && i < n; i++)
		ok = add_generation(a, i, &gens[i], error);
	if (ok && scenario)
		ok = add_entry(a, "etc/lutb/scenario", scenario, strlen(scenario), error);
	if (ok && host_waits)
		ok = add_entry(a, "etc/lutb/host-waits", host_waits, strlen(host_waits), error);
	for (i = 0; ok && files && i < files->len; i++)
		ok = add_file(a, g_ptr_array_index(files, i), error);
	if (archive_write_close(a) != ARCHIVE_OK && ok) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
			    "initramfs: closing %s: %s", output,
			    archive_error_string(a));
		ok = FALSE;
	}
	archive_write_free(a);
	close(fd);
	return ok;
}
