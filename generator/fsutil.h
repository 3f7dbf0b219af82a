/*
 * fsutil: reading untrusted files with a size cap, writing outputs with
 * every error checked, and the durable-replace primitives (fsync of files and
 * folders) that the build's atomic swap relies on.
 */
#ifndef CANDOUR_FSUTIL_H
#define CANDOUR_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

struct buf;
struct diag;

/*
 * Append the whole of file path to out. A file larger than max bytes, or one
 * that cannot be read, is reported through d (naming path) and gives -1.
 */
int	 file_read(const char *path, size_t max, struct buf *out,
	    struct diag *d);

/*
 * Create file path (which must not exist) holding data[0..n), checking every
 * write and the close. Returns 0, or -1 with errno set.
 */
int	 file_create(const char *path, const char *data, size_t n);

/*
 * Read fd from where it is to its end and compare with data[0..n).
 * Returns 1 when it held exactly that, 0 when not (*at, if at is not
 * NULL: the first byte that differs, or where the shorter ended), or -1
 * with errno when a read failed.
 */
int	 fd_holds(int fd, const void *data, size_t n, size_t *at);


/* Create path and any missing parents, mode 0755. Returns 0 or -1/errno. */
int	 dir_make(const char *path);

/* Remove path and everything under it; 0, or -1/errno. Missing is not an
 * error. */
int	 tree_remove(const char *path);

/* fsync the folder path itself (its entries). 0 or -1/errno. */
int	 dir_sync(const char *path);

/*
 * Write file path holding data[0..n) so that it is, even across a crash,
 * either absent (or its old self) or whole: the bytes go to a new temporary
 * file beside it (".NAME.XXXXXX" in the same folder) made with mode (exactly:
 * the umask does not apply; 0600 for secrets), which is written, fsynced and
 * closed, then moved into place, and then the folder is fsynced.
 *
 * replace 1: an existing path is replaced (rename).
 * replace 0: an existing path is never touched: -1 with errno EEXIST
 * (renameat2 RENAME_NOREPLACE; where the file system lacks it, link and
 * unlink; where it has neither, as on FAT, a check just before the rename).
 *
 * Returns 0, or -1 with errno set and no temporary file left behind. A
 * failure of the last step, the folder's fsync, leaves path in place
 * (errno says why; a file system that cannot fsync folders is not a
 * failure).
 */
int	 file_write_atomic(const char *path, const void *data, size_t n,
	    mode_t mode, int replace);

#endif
