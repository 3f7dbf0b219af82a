#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "log.h"
#include "manifest.h"

#define MANIFEST_MAGIC	"candour manifest 1"
#define WALK_DEPTH_MAX	32	/* folders under content/; deeper: no vouching */

/* Add h, a 256-bit little-endian number, to sum, modulo 2^256. */
static void
sum_add(unsigned char sum[MANIFEST_BYTES], const unsigned char h[MANIFEST_BYTES])
{
	unsigned int	 carry = 0, x;
	size_t		 i;

	for (i = 0; i < MANIFEST_BYTES; i++) {
		x = (unsigned int)sum[i] + h[i] + carry;
		sum[i] = (unsigned char)(x & 0xff);
		carry = x >> 8;
	}
}

/* The coarse clock, which file times come from, less one tick. */
static int
clock_since(struct timespec *since)
{
	struct timespec	 res;

	if (clock_gettime(CLOCK_REALTIME_COARSE, since) == -1 ||
	    clock_getres(CLOCK_REALTIME_COARSE, &res) == -1)
		return -1;
	since->tv_sec -= res.tv_sec;
	since->tv_nsec -= res.tv_nsec;
	while (since->tv_nsec < 0) {
		since->tv_nsec += 1000000000L;
		since->tv_sec--;
	}
	return 0;
}

static int
too_recent(const struct stat *st, const struct timespec *since)
{
	return st->st_ctim.tv_sec > since->tv_sec ||
	    (st->st_ctim.tv_sec == since->tv_sec &&
	    st->st_ctim.tv_nsec >= since->tv_nsec);
}

struct inputs {
	unsigned char	 sum[MANIFEST_BYTES];	/* of every entry's record */
	struct timespec	 since;		/* a change time from here on is too
					   recent to vouch for */
	int		 unsure;	/* cannot vouch: build in full */
};

/*
 * Add one entry of the input tree: its path, its kind and, for a file, the
 * times and numbers that any change to it changes. A change time is set by
 * the kernel on every write, rename or link and cannot be set back by a
 * program, so equal change times mean an unchanged file, provided the file
 * was not changed again within the same clock tick as the time recorded:
 * hence files changed since `since` (just before the walk) make the
 * identity unsure.
 */
static void
input_add(struct inputs *in, const char *rel, char kind, const struct stat *st)
{
	crypto_generichash_state h;
	unsigned char	 out[MANIFEST_BYTES];
	long long	 v[8];

	memset(v, 0, sizeof(v));
	if (st != NULL) {
		v[0] = (long long)st->st_dev;
		v[1] = (long long)st->st_ino;
		v[2] = (long long)st->st_size;
		v[3] = (long long)st->st_mtim.tv_sec;
		v[4] = st->st_mtim.tv_nsec;
		v[5] = (long long)st->st_ctim.tv_sec;
		v[6] = st->st_ctim.tv_nsec;
		v[7] = (long long)st->st_mode;
		if (too_recent(st, &in->since))
			in->unsure = 1;
	}
	crypto_generichash_init(&h, NULL, 0, sizeof(out));
	crypto_generichash_update(&h, (const unsigned char *)&kind, 1);
	crypto_generichash_update(&h, (const unsigned char *)rel,
	    strlen(rel) + 1);
	crypto_generichash_update(&h, (const unsigned char *)v, sizeof(v));
	crypto_generichash_final(&h, out, sizeof(out));
	sum_add(in->sum, out);
}

/*
 * Add every entry under path (whose name relative to the content folder
 * starts at path->data + rel), following symbolic links as the build does.
 */
static void
inputs_walk(struct inputs *in, struct buf *path, size_t rel, size_t depth)
{
	DIR		*dir;
	struct dirent	*de;
	struct stat	 st;
	size_t		 len = path->len;

	if (depth > WALK_DEPTH_MAX || (dir = opendir(buf_str(path))) == NULL) {
		in->unsure = 1;
		return;
	}
	while (!in->unsure && (de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		buf_truncate(path, len);
		buf_printf(path, "/%s", de->d_name);
		if (path->err) {
			in->unsure = 1;
			break;
		}
		if (stat(buf_str(path), &st) == -1)
			input_add(in, path->data + rel, 'x', NULL);
		else if (S_ISDIR(st.st_mode)) {
			input_add(in, path->data + rel, 'd', NULL);
			inputs_walk(in, path, rel, depth + 1);
		} else
			input_add(in, path->data + rel, 'f', &st);
	}
	closedir(dir);
	buf_truncate(path, len);
}

/* Hash the running program's own bytes: a new candour may build otherwise. */
static int
program_hash(unsigned char out[MANIFEST_BYTES])
{
	crypto_generichash_state h;
	unsigned char	 chunk[65536];
	ssize_t		 r;
	int		 fd;

	if ((fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	crypto_generichash_init(&h, NULL, 0, MANIFEST_BYTES);
	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			close(fd);
			return -1;
		}
		crypto_generichash_update(&h, chunk, (size_t)r);
	}
	close(fd);
	crypto_generichash_final(&h, out, MANIFEST_BYTES);
	return 0;
}

/*
 * The log's files: the database, and its write-ahead log and rollback
 * journal, where an empty one is the same as none (a reader may create an
 * empty write-ahead log). The shared-memory index is derived from them.
 */
static int
log_add(struct inputs *in, const char *content_dir)
{
	static const char *const suffix[] = { "", "-wal", "-journal" };
	struct config	 c;
	struct diag	 d;
	struct buf	 path = BUF_INIT, file = BUF_INIT;
	struct stat	 st;
	FILE		*quiet;
	char		*text = NULL;
	size_t		 textlen = 0, i;
	int		 rc = 0;

	/* Its place is a setting; the full build reports any error in it. */
	if ((quiet = open_memstream(&text, &textlen)) == NULL)
		return -1;
	diag_init(&d, quiet);
	if (config_read(&c, content_dir, &d) == -1 ||
	    c.value[SET_LOG] == NULL)
		in->unsure = 1;
	else {
		log_path(&path, content_dir, c.value[SET_LOG]);
		input_add(in, buf_str(&path), 'l', NULL);
		for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
			buf_truncate(&file, 0);
			buf_printf(&file, "%s%s", buf_str(&path), suffix[i]);
			if (stat(buf_str(&file), &st) == -1) {
				if (errno != ENOENT)
					in->unsure = 1;
				input_add(in, suffix[i], 'e', NULL);
			} else if (i > 0 && st.st_size == 0)
				input_add(in, suffix[i], 'e', NULL);
			else
				input_add(in, suffix[i], 'f', &st);
		}
		if (path.err || file.err)
			rc = -1;
	}
	config_free(&c);
	fclose(quiet);
	free(text);
	buf_free(&path);
	buf_free(&file);
	return rc;
}

int
manifest_inputs(const char *content_dir, unsigned char id[MANIFEST_BYTES])
{
	struct inputs	 in;
	struct buf	 path = BUF_INIT;
	crypto_generichash_state h;
	unsigned char	 prog[MANIFEST_BYTES];
	int		 rc;

	memset(&in, 0, sizeof(in));
	if (clock_since(&in.since) == -1 || sodium_init() == -1 ||
	    program_hash(prog) == -1)
		return 1;
	buf_puts(&path, content_dir);
	inputs_walk(&in, &path, path.len, 0);
	rc = path.err ? -1 : log_add(&in, content_dir);
	buf_free(&path);
	if (rc == -1)
		return -1;
	crypto_generichash_init(&h, NULL, 0, MANIFEST_BYTES);
	crypto_generichash_update(&h, (const unsigned char *)MANIFEST_MAGIC,
	    sizeof(MANIFEST_MAGIC));
	crypto_generichash_update(&h, prog, sizeof(prog));
	crypto_generichash_update(&h, (const unsigned char *)content_dir,
	    strlen(content_dir) + 1);
	crypto_generichash_update(&h, in.sum, sizeof(in.sum));
	crypto_generichash_final(&h, id, MANIFEST_BYTES);
	return in.unsure ? 1 : 0;
}

struct files_walk {
	struct manifest_files *set;
	struct timespec	 since;
	int		 unsure;	/* a file changed too recently */
};

/*
 * Add the files under the open folder fd, named rel ("" or "a/b/"): each
 * one's path, inode, size, mode and times, which any change to it changes
 * (see input_add).
 */
static int
files_walk(struct files_walk *w, int fd, struct buf *rel, size_t depth)
{
	crypto_generichash_state h;
	unsigned char	 out[MANIFEST_BYTES];
	DIR		*dir;
	struct dirent	*de;
	struct stat	 st;
	long long	 v[8];
	size_t		 len = rel->len, before = w->set->n;
	int		 sub, rc = 0;

	if (depth > WALK_DEPTH_MAX || (dir = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	while (rc == 0 && (de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		buf_truncate(rel, len);
		buf_puts(rel, de->d_name);
		if (rel->err || fstatat(dirfd(dir), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == -1) {
			rc = -1;
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			buf_putc(rel, '/');
			sub = openat(dirfd(dir), de->d_name, O_RDONLY |
			    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			rc = sub == -1 ? -1 : files_walk(w, sub, rel,
			    depth + 1);
			continue;
		}
		if (!S_ISREG(st.st_mode)) {
			rc = -1;	/* a build never writes one */
			break;
		}
		if (too_recent(&st, &w->since))
			w->unsure = 1;
		v[0] = (long long)st.st_dev;
		v[1] = (long long)st.st_ino;
		v[2] = (long long)st.st_size;
		v[3] = (long long)st.st_mtim.tv_sec;
		v[4] = st.st_mtim.tv_nsec;
		v[5] = (long long)st.st_ctim.tv_sec;
		v[6] = st.st_ctim.tv_nsec;
		v[7] = (long long)st.st_mode;
		crypto_generichash_init(&h, NULL, 0, sizeof(out));
		crypto_generichash_update(&h, (const unsigned char *)rel->data,
		    rel->len + 1);
		crypto_generichash_update(&h, (const unsigned char *)v,
		    sizeof(v));
		crypto_generichash_final(&h, out, sizeof(out));
		sum_add(w->set->sum, out);
		w->set->n++;
	}
	closedir(dir);
	buf_truncate(rel, len);
	/* A build makes a folder only to hold a file. */
	if (rc == 0 && w->set->n == before)
		rc = -1;
	return rc;
}

int
manifest_files_scan(const char *dir, struct manifest_files *set)
{
	struct files_walk w;
	struct buf	 rel = BUF_INIT;
	int		 fd, rc;

	memset(&w, 0, sizeof(w));
	memset(set, 0, sizeof(*set));
	w.set = set;
	if (sodium_init() == -1 || clock_since(&w.since) == -1)
		return -1;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return -1;
	rc = files_walk(&w, fd, &rel, 0);
	buf_free(&rel);
	if (rc == 0 && w.unsure)
		rc = 1;
	return rc;
}

void
manifest_settle(void)
{
	struct timespec	 res, t;

	/*
	 * Three ticks: a file time may be up to a tick ahead of the coarse
	 * clock (fine-grained times), and the check allows one tick.
	 */
	if (clock_getres(CLOCK_REALTIME_COARSE, &res) == -1)
		return;
	t.tv_sec = res.tv_sec * 3;
	t.tv_nsec = res.tv_nsec * 3;
	while (t.tv_nsec >= 1000000000L) {
		t.tv_nsec -= 1000000000L;
		t.tv_sec++;
	}
	while (nanosleep(&t, &t) == -1 && errno == EINTR)
		;
}

static int
hex_decode(unsigned char out[MANIFEST_BYTES], const char *hex)
{
	size_t	 bin_len;

	if (strlen(hex) != MANIFEST_BYTES * 2 ||
	    sodium_hex2bin(out, MANIFEST_BYTES, hex, MANIFEST_BYTES * 2, NULL,
	    &bin_len, NULL) != 0 || bin_len != MANIFEST_BYTES)
		return -1;
	return 0;
}

int
manifest_read(const char *path, struct manifest *m)
{
	char	 text[512], in[MANIFEST_BYTES * 2 + 1], out[MANIFEST_BYTES * 2 + 1];
	char	 tail;
	ssize_t	 r;
	size_t	 n = 0;
	unsigned long long nfiles;
	long long built;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	while (n < sizeof(text) - 1 && (r = read(fd, text + n,
	    sizeof(text) - 1 - n)) != 0) {
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			close(fd);
			return -1;
		}
		n += (size_t)r;
	}
	close(fd);
	text[n] = '\0';
	if (sscanf(text, MANIFEST_MAGIC "\ninputs %64s\noutputs %64s %llu\n"
	    "built %lld%c", in, out, &nfiles, &built, &tail) != 5 ||
	    tail != '\n' || strlen(text) != n ||
	    hex_decode(m->inputs, in) == -1 ||
	    hex_decode(m->outputs.sum, out) == -1)
		return -1;
	m->outputs.n = (size_t)nfiles;
	m->built = built;
	return 0;
}

int
manifest_write(const char *path, const struct manifest *m, int no_sync)
{
	struct buf	 tmp = BUF_INIT, text = BUF_INIT;
	char		 in[MANIFEST_BYTES * 2 + 1], out[MANIFEST_BYTES * 2 + 1];
	char		*slash;
	ssize_t		 w;
	size_t		 off = 0;
	int		 fd = -1, dfd, saved;

	sodium_bin2hex(in, sizeof(in), m->inputs, MANIFEST_BYTES);
	sodium_bin2hex(out, sizeof(out), m->outputs.sum, MANIFEST_BYTES);
	buf_printf(&text, MANIFEST_MAGIC "\ninputs %s\noutputs %s %zu\n"
	    "built %lld\n", in, out, m->outputs.n, m->built);
	buf_printf(&tmp, "%s.new-XXXXXX", path);
	if (text.err || tmp.err) {
		errno = ENOMEM;
		goto fail;
	}
	if ((fd = mkostemp(tmp.data, O_CLOEXEC)) == -1)
		goto fail;
	while (off < text.len) {
		if ((w = write(fd, text.data + off, text.len - off)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)w;
	}
	if ((!no_sync && fsync(fd) == -1) || fchmod(fd, 0644) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp.data, path) == -1)
		goto fail;
	if (!no_sync) {
		/* The folder's entry: the rename itself must last. */
		buf_truncate(&tmp, 0);
		if ((slash = strrchr(path, '/')) == NULL)
			buf_puts(&tmp, ".");
		else
			buf_put(&tmp, path, (size_t)(slash - path) + 1);
		if ((dfd = open(buf_str(&tmp), O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC)) == -1)
			goto fail_renamed;
		if (fsync(dfd) == -1) {
			saved = errno;
			close(dfd);
			errno = saved;
			goto fail_renamed;
		}
		close(dfd);
	}
	buf_free(&tmp);
	buf_free(&text);
	return 0;
fail:
	saved = errno;
	if (fd != -1)
		close(fd);
	if (tmp.data != NULL && !tmp.err)
		(void)unlink(tmp.data);
	errno = saved;
fail_renamed:
	buf_free(&tmp);
	buf_free(&text);
	return -1;
}
