#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "output.h"

/*
 * Does the regular file at path hold exactly data[0..n)? Sets *st to it.
 * Symbolic links are not followed.
 */
static int
file_holds(const char *path, const char *data, size_t n, struct stat *st)
{
	int	 fd, same;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return 0;
	same = fstat(fd, st) == 0 && S_ISREG(st->st_mode) &&
	    (size_t)st->st_size == n && fd_holds(fd, data, n, NULL) == 1;
	close(fd);
	return same;
}

/* Write data[0..n) at off in fd. 0, or -1 (errno). */
static int
pwrite_all(int fd, const char *data, size_t n, off_t off)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = pwrite(fd, data, n, off)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

/*
 * Make the file at path hold data[0..n), in place: if it already does,
 * nothing is written; otherwise it is overwritten only if it is a regular
 * file with no other name (so no other folder, the live site above all,
 * sees the change). Overwriting keeps the file's blocks: no inode or block
 * is freed and allocated again, which on this kind of disk is the slow
 * part. Returns 0 done, 1 no such file, -1 not done (the file may then hold
 * anything).
 */
static int
file_update(const char *path, const char *data, size_t n)
{
	struct stat	 st;
	int		 fd;

	if ((fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 1 : -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode))
		goto fail;
	/* A read error counts as different: the file is written over. */
	if ((size_t)st.st_size == n && fd_holds(fd, data, n, NULL) == 1)
		return close(fd);
	if (st.st_nlink != 1)
		goto fail;
	if (pwrite_all(fd, data, n, 0) == -1 || ftruncate(fd, (off_t)n) == -1)
		goto fail;
	return close(fd);
fail:
	close(fd);
	return -1;
}

/*
 * Make path a second name for the file at old, which holds what st says
 * (just compared). Returns 0, or -1 with path not created.
 */
static int
link_same(const char *old, const char *path, const struct stat *st)
{
	struct stat	 made;

	if (linkat(AT_FDCWD, old, AT_FDCWD, path, 0) == -1)
		return -1;
	/* What was linked must be the file just compared, not a stand-in. */
	if (lstat(path, &made) == -1 || made.st_dev != st->st_dev ||
	    made.st_ino != st->st_ino) {
		(void)unlink(path);
		return -1;
	}
	return 0;
}

/* Report that the output at path could not be written (errno says why). */
void
out_failed(struct out *o, const char *path)
{
	diag_error(o->diag, path, 0, 0, "cannot write: %s; check there is free "
	    "disk space and you may write there", strerror(errno));
	o->failed = 1;
}

/*
 * Write rel under the temporary folder; records failure. In a reused spare
 * folder, a file already right is left alone and one with no other name is
 * overwritten in place. Otherwise a file the site being replaced already
 * holds is not written again: it gets a second name (the two sites share
 * it). Folders are made when a file cannot be made for want of one.
 */
void
out_write(struct out *o, const char *rel, const char *data, size_t n)
{
	struct buf	 path = BUF_INIT;
	struct stat	 ost;
	char		*slash;
	int		 have_old = 0, r, tries;

	if (o->tmp.len == 0 || o->failed)
		return;
	buf_printf(&path, "%s/%s", buf_str(&o->tmp), rel);
	if (path.err)
		goto fail;
	if (o->reuse) {
		if ((r = file_update(buf_str(&path), data, n)) == 0)
			goto done;
		if (r == -1 && unlink(buf_str(&path)) == -1 &&
		    tree_remove(buf_str(&path)) == -1)
			goto fail;
	}
	if (o->prev.len > 0) {
		buf_truncate(&o->old, 0);
		buf_printf(&o->old, "%s/%s", buf_str(&o->prev), rel);
		have_old = !o->old.err && file_holds(buf_str(&o->old), data, n,
		    &ost);
	}
	for (tries = 0; tries < 2; tries++) {
		if (have_old && link_same(buf_str(&o->old), buf_str(&path),
		    &ost) == 0)
			goto done;
		if (file_create(buf_str(&path), data, n) == 0)
			goto done;
		if (errno != ENOENT || tries > 0 || (slash = strrchr(path.data,
		    '/')) == NULL || slash <= path.data + o->tmp.len)
			goto fail;
		*slash = '\0';
		r = dir_make(path.data);
		*slash = '/';
		if (r == -1)
			goto fail;
	}
fail:
	out_failed(o, buf_str(&path));
done:
	buf_free(&path);
}




/*
 * Does c hold data[0..n) at off? A read error or a file that ends too soon
 * counts as different.
 */
static int
candidate_same(struct out_candidate *c, const char *data, size_t n, off_t off)
{
	char	 chunk[65536];
	size_t	 want, done = 0;
	ssize_t	 got;

	while (done < n) {
		want = n - done < sizeof(chunk) ? n - done : sizeof(chunk);
		got = pread(c->fd, chunk, want, off + (off_t)done);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0 || memcmp(chunk, data + done, (size_t)got) != 0)
			return 0;
		done += (size_t)got;
	}
	return 1;
}

/* Open the regular file at path as a candidate: 0, or -1 (errno). */
static int
candidate_open(struct out_candidate *c, const char *path, int flags)
{
	if ((c->fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(c->fd, &c->st) == -1 || !S_ISREG(c->st.st_mode)) {
		close(c->fd);
		c->fd = -1;
		errno = EISDIR;
		return -1;
	}
	c->match = 1;
	return 0;
}

/* Make the folder that will hold s's file. 0, or -1 (errno). */
static int
stream_make_folder(struct out_stream *s)
{
	char	*slash = strrchr(s->path.data, '/');
	int	 r;

	if (slash == NULL || slash <= s->path.data + s->o->tmp.len) {
		errno = ENOENT;
		return -1;
	}
	*slash = '\0';
	r = dir_make(s->path.data);
	*slash = '/';
	return r;
}

/*
 * Create s's file, which must not exist, holding the s->off bytes taken so
 * far (copied from a candidate that matched them). 0, or -1 (errno).
 */
static int
stream_create(struct out_stream *s)
{
	const struct out_candidate *from = NULL;
	char		 chunk[65536];
	size_t		 want;
	ssize_t		 got;
	off_t		 at = 0;
	int		 tries;

	for (tries = 0; tries < 2; tries++) {
		s->fd = open(buf_str(&s->path), O_WRONLY | O_CREAT | O_EXCL |
		    O_CLOEXEC, 0644);
		if (s->fd != -1 || errno != ENOENT || tries > 0 ||
		    stream_make_folder(s) == -1)
			break;
	}
	if (s->fd == -1)
		return -1;
	if (s->spare.fd != -1 && s->spare.same >= s->off)
		from = &s->spare;
	else if (s->old.fd != -1 && s->old.same >= s->off)
		from = &s->old;
	while (at < s->off) {
		if (from == NULL) {
			errno = EIO;
			return -1;
		}
		want = s->off - at < (off_t)sizeof(chunk) ?
		    (size_t)(s->off - at) : sizeof(chunk);
		got = pread(from->fd, chunk, want, at);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				errno = EIO;	/* it was cut meanwhile */
			return -1;
		}
		if (pwrite_all(s->fd, chunk, (size_t)got, at) == -1)
			return -1;
		at += got;
	}
	return 0;
}

/* Record that s failed (errno says why); nothing more is written. */
static void
stream_failed(struct out_stream *s)
{
	if (!s->failed && !s->o->failed)
		out_failed(s->o, buf_str(&s->path));
	s->failed = 1;
	s->o->failed = 1;
}

/*
 * Start writing rel under the temporary folder as out_write would. A
 * failure is reported and makes every later out_stream_send fail.
 * out_stream_close ends it, whatever happened.
 */
void
out_stream_open(struct out_stream *s, struct out *o, const char *rel)
{
	memset(s, 0, sizeof(*s));
	s->o = o;
	s->fd = s->spare.fd = s->old.fd = -1;
	if (o->tmp.len == 0 || o->failed) {
		s->failed = 1;
		return;
	}
	buf_printf(&s->path, "%s/%s", buf_str(&o->tmp), rel);
	if (o->prev.len > 0)
		buf_printf(&s->oldpath, "%s/%s", buf_str(&o->prev), rel);
	if (s->path.err || s->oldpath.err) {
		errno = ENOMEM;
		stream_failed(s);
		return;
	}
	/* Anything at the path that is not a regular file goes. */
	if (o->reuse && candidate_open(&s->spare, buf_str(&s->path),
	    O_RDWR) == -1 && errno != ENOENT &&
	    unlink(buf_str(&s->path)) == -1 &&
	    tree_remove(buf_str(&s->path)) == -1) {
		stream_failed(s);
		return;
	}
	if (o->prev.len > 0 && candidate_open(&s->old, buf_str(&s->oldpath),
	    O_RDONLY) == 0 && s->spare.fd != -1 &&
	    s->old.st.st_dev == s->spare.st.st_dev &&
	    s->old.st.st_ino == s->spare.st.st_ino) {
		/* One file under two names: the spare's answers for both. */
		close(s->old.fd);
		s->old.fd = -1;
		s->old.match = 0;
	}
}

/* Take data[0..n), the next bytes of s's file: a sink's send. */
int
out_stream_send(void *arg, const char *data, size_t n)
{
	struct out_stream *s = arg;
	struct out_candidate *sp = &s->spare, *old = &s->old;

	if (s->failed)
		return -1;
	if (s->fd == -1 && sp->match) {
		if (candidate_same(sp, data, n, s->off))
			sp->same = s->off + (off_t)n;
		else {
			sp->match = 0;
			if (sp->st.st_nlink == 1) {
				/* No other folder sees it: write over it. */
				s->fd = sp->fd;
				sp->fd = -1;
				s->in_place = 1;
			} else if (unlink(buf_str(&s->path)) == -1)
				goto fail;
		}
	}
	if (s->fd == -1 && old->match) {
		if (candidate_same(old, data, n, s->off))
			old->same = s->off + (off_t)n;
		else
			old->match = 0;
	}
	if (s->fd == -1 && !sp->match && !old->match &&
	    stream_create(s) == -1)
		goto fail;
	if (s->fd != -1 && pwrite_all(s->fd, data, n, s->off) == -1)
		goto fail;
	s->off += (off_t)n;
	return 0;
fail:
	stream_failed(s);
	return -1;
}

/*
 * Finish s's file: keep the spare's file or link the old one if either
 * held exactly what was sent, else complete the file written. Frees what
 * s holds; a failure is reported and recorded in the out.
 */
void
out_stream_close(struct out_stream *s)
{
	struct out_candidate *sp = &s->spare, *old = &s->old;
	int	 done = 0, tries;

	if (s->failed || s->fd != -1)
		goto finish;
	if (sp->match) {
		if (sp->st.st_size == s->off)
			done = 1;
		else if (sp->st.st_nlink == 1) {
			if (ftruncate(sp->fd, s->off) == -1)
				goto fail;
			done = 1;
		} else if (unlink(buf_str(&s->path)) == -1)
			goto fail;
		sp->match = done;
	}
	for (tries = 0; !done && old->match && old->st.st_size == s->off &&
	    tries < 2; tries++) {
		if (link_same(buf_str(&s->oldpath), buf_str(&s->path),
		    &old->st) == 0)
			done = 1;
		else if (errno != ENOENT || stream_make_folder(s) == -1)
			break;
	}
	if (!done && stream_create(s) == -1)
		goto fail;
finish:
	if (s->fd != -1) {
		if (!s->failed && s->in_place && ftruncate(s->fd, s->off) == -1)
			stream_failed(s);
		if (close(s->fd) == -1 && !s->failed)
			stream_failed(s);
	}
	goto out;
fail:
	stream_failed(s);
	if (s->fd != -1)
		close(s->fd);
out:
	if (sp->fd != -1)
		close(sp->fd);
	if (old->fd != -1)
		close(old->fd);
	buf_free(&s->path);
	buf_free(&s->oldpath);
	s->fd = sp->fd = old->fd = -1;
}
