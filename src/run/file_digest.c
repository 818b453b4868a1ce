// SPDX-License-Identifier: GPL-2.0-only
#include "file_digest.h"

#include <errno.h>
#include <gio/gio.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <sys/stat.h>

static GMutex memo_lock;
static GHashTable *memo;	/* "path dev ino size mtime" -> hex digest */

/* Names the file's content as long as nobody rewrites it in place. */
static char *identity(const char *path, const struct stat *st)
{
	return g_strdup_printf("%s %ju %ju %jd %jd.%09ld", path, (uintmax_t)st->st_dev,
			       (uintmax_t)st->st_ino, (intmax_t)st->st_size,
			       (intmax_t)st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
}

static char *digest_of(const char *path, GError **error)
{
	g_autoptr(GMappedFile) map = g_mapped_file_new(path, FALSE, error);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	GString *hex;

	if (!map)
		return NULL;
	if (!EVP_Digest(g_mapped_file_get_contents(map), g_mapped_file_get_length(map), md,
			&len, EVP_sha256(), NULL)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: SHA-256 failed", path);
		return NULL;
	}
	hex = g_string_sized_new(2 * len);

	for (unsigned int i = 0; i < len; i++)
		g_string_append_printf(hex, "%02x", md[i]);
	return g_string_free(hex, FALSE);
}

char *file_sha256(const char *path, GError **error)
{
	g_autofree char *id = NULL;
	struct stat st;
	char *sum;

	if (stat(path, &st) != 0) {
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno), "%s: %s", path,
			    g_strerror(errno));
		return NULL;
	}
	id = identity(path, &st);
	g_mutex_lock(&memo_lock);
	if (!memo)
		memo = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	sum = g_strdup(g_hash_table_lookup(memo, id));
	g_mutex_unlock(&memo_lock);
	if (sum || !(sum = digest_of(path, error)))
		return sum;
	g_mutex_lock(&memo_lock);
	g_hash_table_replace(memo, g_steal_pointer(&id), g_strdup(sum));
	g_mutex_unlock(&memo_lock);
	return sum;
}
