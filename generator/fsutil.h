/*
 * fsutil: reading untrusted files with a size cap, writing outputs with
 * every error checked, and the durable-replace primitives (fsync of files and
 * folders) that the build's atomic swap relies on.
 */
#ifndef CANDOUR_FSUTIL_H
#define CANDOUR_FSUTIL_H

#include <stddef.h>

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
 * If old is a regular file (not a symbolic link) with no other names that
 * holds exactly data[0..n), make path (which must not exist) a second name
 * for it and return 0: nothing is written and no new file is made. Otherwise
 * return -1 and leave path uncreated. The build uses it to carry unchanged
 * files over from the site it replaces.
 */
int	 file_link_same(const char *old, const char *path, const char *data,
	    size_t n);

/* Create path and any missing parents, mode 0755. Returns 0 or -1/errno. */
int	 dir_make(const char *path);

/* Remove path and everything under it; 0, or -1/errno. Missing is not an
 * error. */
int	 tree_remove(const char *path);

/* fsync the folder path itself (its entries). 0 or -1/errno. */
int	 dir_sync(const char *path);

#endif
