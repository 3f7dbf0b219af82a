#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"

int
file_read(const char *path, size_t max, struct buf *out, struct diag *d)
{
	struct stat	 st;
	char		 chunk[65536];
	ssize_t		 n;
	size_t		 total = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		diag_error(d, path, 0, 0, "cannot open: %s%s", strerror(errno),
		    errno == ENOENT ? "; check the file is there and named "
		    "correctly" : "");
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		diag_error(d, path, 0, 0, "is not a regular file; replace it "
		    "with the file itself");
		close(fd);
		return -1;
	}
	if ((size_t)st.st_size > max) {
		diag_error(d, path, 0, 0, "is %lld bytes; the limit is %zu "
		    "bytes, so split it into smaller files",
		    (long long)st.st_size, max);
		close(fd);
		return -1;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			diag_error(d, path, 0, 0, "cannot read: %s",
			    strerror(errno));
			close(fd);
			return -1;
		}
		total += (size_t)n;
		if (total > max) {
			diag_error(d, path, 0, 0, "is over %zu bytes; split it "
			    "into smaller files", max);
			close(fd);
			return -1;
		}
		buf_put(out, chunk, (size_t)n);
		/* The size fstat gave is all there is: skip the read that
		 * would only find the end (files that say 0 are read to it). */
		if (total == (size_t)st.st_size && total > 0)
			break;
	}
	close(fd);
	if (out->err) {
		diag_error(d, path, 0, 0, "out of memory reading it");
		return -1;
	}
	return 0;
}

int
fd_holds(int fd, const void *data, size_t n, size_t *at)
{
	const unsigned char *want = data;
	unsigned char	 chunk[65536];
	size_t		 off = 0, i;
	ssize_t		 got;

	while ((got = read(fd, chunk, sizeof(chunk))) != 0) {
		if (got == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (i = 0; i < (size_t)got; i++)
			if (off + i >= n || chunk[i] != want[off + i]) {
				if (at != NULL)
					*at = off + i;
				return 0;
			}
		off += (size_t)got;
	}
	if (at != NULL)
		*at = off;
	return off == n;
}

int
file_create(const char *path, const char *data, size_t n)
{
	ssize_t	 w;
	int	 fd, saved;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1)
		return -1;
	while (n > 0) {
		if ((w = write(fd, data, n)) == -1) {
			if (errno == EINTR)
				continue;
			saved = errno;
			close(fd);
			unlink(path);
			errno = saved;
			return -1;
		}
		data += w;
		n -= (size_t)w;
	}
	if (close(fd) == -1) {
		saved = errno;
		unlink(path);
		errno = saved;
		return -1;
	}
	return 0;
}

int
dir_make(const char *path)
{
	char	 tmp[4096];
	size_t	 i, n = strlen(path);

	if (n == 0 || n >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* Usually only the last folder is missing: one call, not one a level. */
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -1;
	memcpy(tmp, path, n + 1);
	for (i = 1; i < n; i++) {
		if (tmp[i] != '/')
			continue;
		tmp[i] = '\0';
		if (mkdir(tmp, 0755) == -1 && errno != EEXIST)
			return -1;
		tmp[i] = '/';
	}
	if (mkdir(tmp, 0755) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

static int
remove_entry(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

int
tree_remove(const char *path)
{
	struct stat	 st;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	return nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS);
}

int
dir_sync(const char *path)
{
	int	 fd, rc;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	if (close(fd) == -1)
		rc = -1;
	return rc;
}

/* Put the folder of path in dir ("." or "/" when it has none) and the
 * temporary name beside path in tmp: both malloc'd. 0, or -1/errno. */
static int
atomic_names(const char *path, char **dir, char **tmp)
{
	const char	*slash = strrchr(path, '/');
	const char	*base = slash ? slash + 1 : path;
	size_t		 dn = slash ? (size_t)(slash - path) : 0;
	size_t		 n = strlen(path);

	*dir = *tmp = NULL;
	if (*base == '\0' || n > 4000) {
		errno = *base == '\0' ? EISDIR : ENAMETOOLONG;
		return -1;
	}
	if ((*dir = malloc(dn + 2)) == NULL || (*tmp = malloc(n + 10)) ==
	    NULL) {
		free(*dir);
		*dir = NULL;
		errno = ENOMEM;
		return -1;
	}
	if (slash == NULL)
		memcpy(*dir, ".", 2);
	else if (dn == 0)
		memcpy(*dir, "/", 2);
	else {
		memcpy(*dir, path, dn);
		(*dir)[dn] = '\0';
	}
	/* "DIR/.NAME.XXXXXX": the dot keeps it out of listings and globs. */
	memcpy(*tmp, path, (size_t)(base - path));
	snprintf(*tmp + (base - path), n - (size_t)(base - path) + 9,
	    ".%s.XXXXXX", base);
	return 0;
}

/* Move tmp to path where nothing is: 0, or -1/errno (EEXIST if taken). */
static int
rename_noreplace(const char *tmp, const char *path)
{
	struct stat	 st;

	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return -1;
	/* No RENAME_NOREPLACE here: a second name, then drop the first. */
	if (link(tmp, path) == 0) {
		(void)unlink(tmp);
		return 0;
	}
	if (errno != EPERM && errno != ENOTSUP && errno != ENOSYS)
		return -1;
	/* No hard links either (FAT): look, then rename. */
	if (lstat(path, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	if (errno != ENOENT)
		return -1;
	return rename(tmp, path);
}

int
file_write_atomic(const char *path, const void *data, size_t n, mode_t mode,
    int replace)
{
	const unsigned char *p = data;
	char		*dir, *tmp;
	ssize_t		 w;
	int		 fd, saved;

	if (atomic_names(path, &dir, &tmp) == -1)
		return -1;
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		goto fail;
	if (fchmod(fd, mode) == -1)
		goto fail_fd;
	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail_fd;
		}
		p += w;
		n -= (size_t)w;
	}
	if (fsync(fd) == -1)
		goto fail_fd;
	if (close(fd) == -1)
		goto fail_tmp;
	if (replace ? rename(tmp, path) : rename_noreplace(tmp, path))
		goto fail_tmp;
	free(tmp);
	if (dir_sync(dir) == -1 && errno != EINVAL && errno != ENOTSUP) {
		saved = errno;
		free(dir);
		errno = saved;
		return -1;
	}
	free(dir);
	return 0;
fail_fd:
	saved = errno;
	close(fd);
	errno = saved;
fail_tmp:
	saved = errno;
	(void)unlink(tmp);
	errno = saved;
fail:
	saved = errno;
	free(dir);
	free(tmp);
	errno = saved;
	return -1;
}
