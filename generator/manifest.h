/*
 * manifest: lets `candour build` see that nothing has changed since the
 * last build and stop without rendering or writing anything.
 *
 * A manifest records one fact: "inputs whose identity is I gave the site
 * whose contents are O". I covers everything a build reads (every file
 * under the content folder, the complaint log, the candour program itself,
 * the paths given); O covers every output file's path and identity. The build
 * is deterministic, so the fact stays true for as long as the program is the
 * same, which I includes. A build may therefore skip all its work when the
 * inputs have identity I and the site folder holds exactly O; anything
 * else (a missing, old or damaged manifest) only means a full build.
 *
 * The manifest is kept beside the site ("dir/.site.manifest"), never in it,
 * and is replaced atomically after the new site is in place.
 */
#ifndef CANDOUR_MANIFEST_H
#define CANDOUR_MANIFEST_H

#include <stddef.h>

#define MANIFEST_BYTES 32

/* A set of files, as an order-independent sum of per-file hashes. */
struct manifest_files {
	unsigned char	 sum[MANIFEST_BYTES];	/* sum mod 2^256 of H(file) */
	size_t		 n;			/* files in the set */
};

struct manifest {
	unsigned char	 inputs[MANIFEST_BYTES];	/* the inputs' identity */
	struct manifest_files outputs;		/* the site it gave */
	long long	 built;			/* when, seconds since 1970 */
};

/*
 * The identity of the inputs of a build of content_dir (and of the log
 * site.yaml names): a hash of every file's path, size, inode, modification
 * and change times, of the log's files likewise, and of this program's own
 * bytes. Returns 0 and fills id; 1 when it cannot vouch for them (a file
 * changed too recently to tell a later change from it by its times, or
 * something could not be read), so the caller must build in full and must
 * not record a manifest; -1 out of memory.
 */
int	 manifest_inputs(const char *content_dir,
	    unsigned char id[MANIFEST_BYTES]);

/*
 * Read what is under dir into set: every file's path, inode, size, mode and
 * times (any change to a file changes its change time, which no program can
 * set back). Returns 0; 1 if a file changed within the last clock tick, so
 * that a later change might not show (then the set vouches for nothing);
 * or -1 if dir holds anything a build never writes (a symbolic link, an
 * empty folder, a special file) or cannot be read.
 */
int	 manifest_files_scan(const char *dir, struct manifest_files *);

/* Wait until the times of every file written so far are in the past. */
void	 manifest_settle(void);

/* Read the manifest at path: 0, or -1 if missing, unreadable or damaged. */
int	 manifest_read(const char *path, struct manifest *);

/*
 * Replace the manifest at path with m: a temporary file beside it, synced
 * unless no_sync, renamed over it, the folder synced. 0 or -1 (errno).
 */
int	 manifest_write(const char *path, const struct manifest *, int no_sync);

#endif
