// SPDX-License-Identifier: GPL-2.0-only
#include "libvirt_staging.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libvirt_error.h"

struct libvirt_staging {
	virStoragePoolPtr pool;
	char *prefix;
	GPtrArray *volumes;	/* virStorageVolPtr, each deleted when freed */
};

static const char pool_xml[] =
	"<pool type='dir'>\n"
	"  <name>" LIBVIRT_STAGING_POOL "</name>\n"
	"  <target>\n"
	"    <path>" LIBVIRT_STAGING_DIR "</path>\n"
	"    <permissions><mode>0755</mode></permissions>\n"
	"  </target>\n"
	"</pool>\n";

/* Another lutb may make the pool at the same moment: either one's will do. */
static virStoragePoolPtr open_pool(virConnectPtr conn, GError **error)
{
	virStoragePoolPtr pool;

	for (int attempt = 0; attempt < 2; attempt++) {
		pool = virStoragePoolLookupByName(conn, LIBVIRT_STAGING_POOL);
		if (pool && virStoragePoolIsActive(pool) != 1 && virStoragePoolCreate(pool, 0) < 0) {
			libvirt_set_error(error, "starting storage pool " LIBVIRT_STAGING_POOL);
			virStoragePoolFree(pool);
			return NULL;
		}
		if (pool)
			return pool;
		pool = virStoragePoolCreateXML(conn, pool_xml, VIR_STORAGE_POOL_CREATE_WITH_BUILD);
		if (pool)
			return pool;
	}
	libvirt_set_error(error, "making storage pool " LIBVIRT_STAGING_POOL " in "
			  LIBVIRT_STAGING_DIR);
	return NULL;
}

struct libvirt_staging *libvirt_staging_open(virConnectPtr conn, const char *prefix,
					     GError **error)
{
	struct libvirt_staging *s;
	virStoragePoolPtr pool = open_pool(conn, error);

	if (!pool)
		return NULL;
	s = g_new0(struct libvirt_staging, 1);
	s->pool = pool;
	s->prefix = g_strdup(prefix);
	s->volumes = g_ptr_array_new();
	return s;
}

static char *volume_name(const struct libvirt_staging *s, const char *name)
{
	return g_strdup_printf("%s-%s", s->prefix, name);
}

/* Sparse, so that making it costs nothing before the upload fills it. */
static virStorageVolPtr make_volume(struct libvirt_staging *s, const char *name,
				    guint64 size, const char *mode, GError **error)
{
	g_autofree char *full = volume_name(s, name);
	g_autofree char *xml = g_markup_printf_escaped(
		"<volume>\n  <name>%s</name>\n"
		"  <capacity unit='bytes'>%" G_GUINT64_FORMAT "</capacity>\n"
		"  <allocation unit='bytes'>0</allocation>\n"
		"  <target>\n    <format type='raw'/>\n"
		"    <permissions><mode>%s</mode></permissions>\n  </target>\n"
		"</volume>\n", full, size, mode);
	virStorageVolPtr vol = virStorageVolCreateXML(s->pool, xml, 0);

	if (!vol) {
		libvirt_set_error(error, "making %s in storage pool " LIBVIRT_STAGING_POOL, full);
		return NULL;
	}
	g_ptr_array_add(s->volumes, vol);
	return vol;
}

static char *volume_path(virStorageVolPtr vol, GError **error)
{
	char *path = virStorageVolGetPath(vol);
	char *copy;

	if (!path) {
		libvirt_set_error(error, "the path of %s", virStorageVolGetName(vol));
		return NULL;
	}
	copy = g_strdup(path);
	free(path);
	return copy;
}

static int read_source(virStreamPtr st, char *data, size_t nbytes, void *opaque)
{
	(void)st;
	return (int)read(*(int *)opaque, data, nbytes);
}

char *libvirt_staging_upload(struct libvirt_staging *s, const char *local,
			     const char *name, GError **error)
{
	virConnectPtr conn = virStoragePoolGetConnect(s->pool);
	virStorageVolPtr vol;
	virStreamPtr st;
	struct stat sb;
	int fd, ok;

	fd = open(local, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) < 0) {
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno), "%s: %s", local,
			    g_strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	vol = make_volume(s, name, (guint64)sb.st_size, "0644", error);
	st = vol ? virStreamNew(conn, 0) : NULL;
	ok = st && virStorageVolUpload(vol, st, 0, (unsigned long long)sb.st_size, 0) == 0 &&
	     virStreamSendAll(st, read_source, &fd) == 0 && virStreamFinish(st) == 0;
	if (vol && !ok) {
		libvirt_set_error(error, "copying %s to the libvirt host", local);
		if (st)
			virStreamAbort(st);
	}
	if (st)
		virStreamFree(st);
	close(fd);
	return ok ? volume_path(vol, error) : NULL;
}

gboolean libvirt_staging_create(struct libvirt_staging *s, const char *name,
				GError **error)
{
	return make_volume(s, name, 0, "0666", error) != NULL;
}

static int write_sink(virStreamPtr st, const char *data, size_t nbytes, void *opaque)
{
	(void)st;
	return (int)write(*(int *)opaque, data, nbytes);
}

gboolean libvirt_staging_download(struct libvirt_staging *s, const char *name,
				  const char *local, GError **error)
{
	g_autofree char *full = volume_name(s, name);
	virStorageVolPtr vol = virStorageVolLookupByName(s->pool, full);
	virStreamPtr st = NULL;
	gboolean ok = FALSE;
	int fd = -1;

	if (!vol) {
		libvirt_set_error(error, "%s on the libvirt host", full);
		return FALSE;
	}
	fd = open(local, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno), "%s: %s", local,
			    g_strerror(errno));
		goto out;
	}
	/* Length 0: to the end of what QEMU wrote, not the size it was made. */
	st = virStreamNew(virStoragePoolGetConnect(s->pool), 0);
	ok = st && virStorageVolDownload(vol, st, 0, 0, 0) == 0 &&
	     virStreamRecvAll(st, write_sink, &fd) == 0 && virStreamFinish(st) == 0;
	if (!ok) {
		libvirt_set_error(error, "copying %s from the libvirt host", full);
		if (st)
			virStreamAbort(st);
	}
out:
	if (st)
		virStreamFree(st);
	if (fd >= 0)
		close(fd);
	virStorageVolFree(vol);
	return ok;
}

void libvirt_staging_free(struct libvirt_staging *s)
{
	if (!s)
		return;
	for (guint i = 0; i < s->volumes->len; i++) {
		virStorageVolPtr vol = g_ptr_array_index(s->volumes, i);

		virStorageVolDelete(vol, 0);
		virStorageVolFree(vol);
	}
	g_ptr_array_free(s->volumes, TRUE);
	virStoragePoolFree(s->pool);
	g_free(s->prefix);
	g_free(s);
}
