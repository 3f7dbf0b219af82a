#define _DEFAULT_SOURCE	/* realpath, EDQUOT */
/*
 * sync: keys, export and ack. The formats are generator/keys.c and
 * generator/bundle.c; this file is the kiosk's use of them: which rows go
 * in a bundle, how the bundle reaches the stick intact, and which rows an
 * acknowledgement may mark delivered.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "buf.h"
#include "bundle.h"
#include "config.h"
#include "diag.h"
#include "fsutil.h"
#include "keys.h"
#include "outbox.h"
#include "sync.h"

#define EXIT_OK		0
#define EXIT_INPUT	1
#define EXIT_ENV	3

/* The largest acknowledgement: the header, every record a bundle can
 * hold, the signature. */
#define ACK_MAX_BYTES	((size_t)ACK_HEADER_BYTES + \
			    (size_t)ACK_ENTRY_BYTES * BUNDLE_MAX_RECORDS + \
			    BUNDLE_SIG_BYTES)
/* Bytes a record adds to a bundle besides its sealed bytes. */
#define RECORD_OVERHEAD	(8 + UUID_BYTES + 4)

/* dir/name in out (PATH_MAX bytes); -1 when it does not fit. */
static int
path_join(char *out, const char *dir, const char *name)
{
	int	 n;

	n = snprintf(out, PATH_MAX, "%s/%s", dir, name);
	return n < 0 || n >= PATH_MAX ? -1 : 0;
}

/* Whether path exists as anything, even a dangling link. */
static int
exists(const char *path)
{
	struct stat	 sb;

	return lstat(path, &sb) == 0;
}

int
sync_keys(const struct kiosk_config *c, const char *config_path,
    const char *dir)
{
	struct secret_key sk;
	struct public_key pub;
	struct buf	 why = BUF_INIT;
	char		 pub_path[PATH_MAX], key_path[PATH_MAX];
	char		 fp[KEY_FP_LEN], *a = NULL, *b = NULL;
	int		 rc = EXIT_ENV;

	memset(&sk, 0, sizeof(sk));
	if (path_join(pub_path, dir, "kiosk.pub") == -1 ||
	    path_join(key_path, dir, "kiosk.key") == -1) {
		fprintf(stderr, "candour-kiosk: %s: the folder's name is too "
		    "long; use a shorter one\n", dir);
		return EXIT_INPUT;
	}
	if (exists(key_path) || exists(pub_path)) {
		fprintf(stderr, "candour-kiosk: %s: already exists, and keys "
		    "are never overwritten; this kiosk may have its keys "
		    "already. To make new ones (for a new kiosk, or after a "
		    "key was lost or stolen) move the old files away first "
		    "and retire the old key at the office (candour log "
		    "kiosks retire %s)\n", exists(key_path) ? key_path :
		    pub_path, c->kiosk_id);
		return EXIT_INPUT;
	}
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		fprintf(stderr, "candour-kiosk: %s: cannot make the folder: "
		    "%s\n", dir, strerror(errno));
		return EXIT_ENV;
	}
	if (key_generate(KEY_KIOSK, &sk, &why) == -1) {
		fprintf(stderr, "candour-kiosk: cannot make a key pair: %s\n",
		    buf_str(&why));
		goto out;
	}
	pub.role = KEY_KIOSK;
	memcpy(pub.pk, sk.pk, sizeof(pub.pk));
	memcpy(pub.id, sk.id, sizeof(pub.id));
	/* The secret first: a public key without its secret would be
	 * registered at the office for a kiosk that cannot sign. */
	if (key_write_secret(key_path, &sk, NULL, 0, 0, &why) == -1) {
		fprintf(stderr, "candour-kiosk: %s: %s\n", key_path,
		    buf_str(&why));
		goto out;
	}
	if (key_write_public(pub_path, &pub, &why) == -1) {
		fprintf(stderr, "candour-kiosk: %s: %s\n", pub_path,
		    buf_str(&why));
		goto out;
	}
	key_fingerprint(pub.id, fp);
	printf("Made the signing keys of kiosk %s:\n"
	    "  %s  the secret key: it stays on this kiosk; never copy it\n"
	    "  %s  the public key: take it to the office\n"
	    "Fingerprint: %s\n"
	    "At the office, register the kiosk with\n"
	    "  candour log kiosks add %s --public-key kiosk.pub "
	    "--label \"%s\"\n"
	    "and check that the fingerprint it prints is the one above.\n",
	    c->kiosk_id, key_path, pub_path, fp, c->kiosk_id, c->scheme_name);
	a = realpath(key_path, NULL);
	b = realpath(c->signing_key, NULL);
	if (a == NULL || b == NULL || strcmp(a, b) != 0)
		printf("Note: %s says signing_key is %s; set\n"
		    "  signing_key: %s\n"
		    "there so that export finds this key.\n", config_path,
		    c->signing_key, a != NULL ? a : key_path);
	rc = EXIT_OK;
out:
	free(a);
	free(b);
	key_secret_free(&sk);
	buf_free(&why);
	return rc;
}

/* What export gathers while the outbox gives it rows. */
struct gather {
	struct buf	*out;		/* the bundle so far */
	struct buf	 why;
	long long	 first, last;	/* sequence numbers */
	long long	 n;		/* records added */
	int		 failed;
};

static int
gather_row(void *cls, const struct outbox_row *row)
{
	struct gather	*g = cls;
	struct bundle_record r;

	if (g->n >= SYNC_EXPORT_MAX || g->out->len + RECORD_OVERHEAD +
	    row->len + BUNDLE_SIG_BYTES > BUNDLE_MAX_BYTES)
		return 1;
	memset(&r, 0, sizeof(r));
	r.seq = (uint64_t)row->seq;
	r.sealed = row->sealed;
	r.len = (uint32_t)row->len;
	if (row->len < BUNDLE_SEALED_MIN || row->len > BUNDLE_SEALED_MAX ||
	    uuid_parse(row->sid, r.sid) == -1) {
		fprintf(stderr, "candour-kiosk: record %lld in the outbox is "
		    "damaged (its submission id or sealed record is not "
		    "valid); run `sqlite3 OUTBOX 'PRAGMA integrity_check'` "
		    "and tell the office\n", row->seq);
		return -1;
	}
	if (bundle_add(g->out, &r, &g->why) == -1) {
		fprintf(stderr, "candour-kiosk: cannot add record %lld to "
		    "the bundle: %s\n", row->seq, buf_str(&g->why));
		return -1;
	}
	if (g->n == 0)
		g->first = row->seq;
	g->last = row->seq;
	g->n++;
	return 0;
}

/*
 * Read path back from the disk and compare it with data. The pages are
 * dropped from the cache first where the system allows, so what is
 * compared is what the stick gives back, not what is still in memory: a
 * fake-capacity stick accepts writes it cannot keep. Returns 0 when equal,
 * 1 when they differ (*at: the first differing byte), -1 with errno.
 */
static int
read_back(const char *path, const unsigned char *data, size_t len,
    size_t *at)
{
	int	 fd, held, saved;

	*at = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	held = fd_holds(fd, data, len, at);
	saved = errno;
	close(fd);
	errno = saved;
	return held == 1 ? 0 : held == 0 ? 1 : -1;
}

/*
 * Put data in dir/name with file_write_atomic (a temporary file beside
 * it, fsynced, renamed, the folder fsynced: a killed export leaves at most
 * the temporary ".name.XXXXXX", never a part bundle under its final
 * name), then read it back and compare. Returns an exit status, having
 * said what went wrong.
 */
static int
write_bundle(const char *dir, const char *name, const unsigned char *data,
    size_t len)
{
	char		 path[PATH_MAX];
	size_t		 at;
	int		 rc;

	if (path_join(path, dir, name) == -1) {
		fprintf(stderr, "candour-kiosk: %s: the folder's name is too "
		    "long; use a shorter one\n", dir);
		return EXIT_INPUT;
	}
	if (file_write_atomic(path, data, len, 0644, 0) == -1) {
		rc = errno;
		if (rc == ENOSPC || rc == EDQUOT || rc == EFBIG)
			fprintf(stderr, "candour-kiosk: %s: not enough room "
			    "for the bundle (%zu bytes): free some space on it "
			    "or use another stick\n", dir, len);
		else if (rc == ENOENT || rc == EROFS || rc == EACCES)
			fprintf(stderr, "candour-kiosk: %s: cannot write "
			    "there: %s; check the stick is in, mounted and "
			    "not read-only\n", dir, strerror(rc));
		else
			fprintf(stderr, "candour-kiosk: %s: cannot write the "
			    "bundle: %s\n", path, strerror(rc));
		/* A failed folder fsync leaves the file: it is not known
		 * to be on the stick, so it goes. */
		if (access(path, F_OK) == 0 && unlink(path) == 0)
			(void)dir_sync(dir);
		return EXIT_ENV;
	}
	if ((rc = read_back(path, data, len, &at)) != 0) {
		if (rc == -1)
			fprintf(stderr, "candour-kiosk: %s: cannot read the "
			    "bundle back: %s\n", path, strerror(errno));
		else
			fprintf(stderr, "candour-kiosk: %s: what was read "
			    "back differs from what was written (from byte "
			    "%zu of %zu): the stick is faulty, or smaller "
			    "than it claims. The bundle was removed; the "
			    "complaints are still in the outbox. Use another "
			    "stick\n", path, at, len);
		unlink(path);
		(void)dir_sync(dir);
		return EXIT_ENV;
	}
	return EXIT_OK;
}

/* Say how many rows a prune deleted, if any. */
static void
say_pruned(long long pruned)
{
	if (pruned > 0)
		printf("Deleted %lld complaint%s that reached the office "
		    "more than %d days ago.\n", pruned, pruned == 1 ? "" : "s",
		    OUTBOX_GRACE_DAYS);
}

int
sync_export(const struct kiosk_config *c, const char *dir, int all)
{
	struct outbox	*o = NULL;
	struct bundle_header h;
	struct secret_key sk;
	struct gather	 g;
	struct buf	 out = BUF_INIT;
	char		 idhex[2 * BUNDLE_ID_BYTES + 1], name[NAME_MAX];
	long long	 left = 0, other = 0, pruned;
	int		 rc = EXIT_ENV;

	memset(&sk, 0, sizeof(sk));
	memset(&g, 0, sizeof(g));
	if (!outbox_exists(c->outbox)) {
		printf("Nothing to export: no complaints have been made on "
		    "this kiosk yet (there is no outbox at %s).\n", c->outbox);
		return EXIT_OK;
	}
	if (outbox_open(&o, c->outbox, c->kiosk_id, 0, stderr) == -1)
		return EXIT_ENV;
	if (outbox_prune(o, time(NULL), &pruned, stderr) == -1)
		goto out;
	say_pruned(pruned);
	memset(&h, 0, sizeof(h));
	snprintf(h.kiosk_id, sizeof(h.kiosk_id), "%s", c->kiosk_id);
	randombytes_buf(h.bundle_id, sizeof(h.bundle_id));
	memcpy(h.office_key_id, c->office.id, sizeof(h.office_key_id));
	h.created = (int64_t)time(NULL);
	bundle_begin(&out, &h);
	g.out = &out;
	if (outbox_each(o, c->key_id, all, gather_row, &g, &left, &other,
	    stderr) == -1)
		goto out;
	if (other > 0)
		printf("%lld complaint%s sealed to another office key, not "
		    "the one in %s (%s); %s stay in the outbox. Put that key "
		    "back as office_key to export %s.\n", other, other == 1 ?
		    " is" : "s are", c->office_key, c->key_id, other == 1 ?
		    "it" : "they", other == 1 ? "it" : "them");
	if (g.n == 0) {
		printf("Nothing to export: no complaints are waiting to go to "
		    "the office.\n");
		rc = EXIT_OK;
		goto out;
	}
	if (key_read_secret(c->signing_key, KEY_KIOSK, NULL, &sk, &g.why) ==
	    -1) {
		fprintf(stderr, "candour-kiosk: %s: %s (signing_key in "
		    "kiosk.yaml; make the kiosk's keys with `candour-kiosk "
		    "keys --out DIR`)\n", c->signing_key, buf_str(&g.why));
		rc = EXIT_INPUT;
		goto out;
	}
	if (bundle_finish(&out, &sk, &g.why) == -1 || out.err) {
		fprintf(stderr, "candour-kiosk: cannot finish the bundle: "
		    "%s\n", out.err ? "out of memory" : buf_str(&g.why));
		goto out;
	}
	sodium_bin2hex(idhex, sizeof(idhex), h.bundle_id, sizeof(h.bundle_id));
	snprintf(name, sizeof(name), "%s-%06lld-%06lld-%.8s.bundle",
	    c->kiosk_id, g.first, g.last, idhex);
	if ((rc = write_bundle(dir, name, (const unsigned char *)out.data,
	    out.len)) != EXIT_OK)
		goto out;
	if (outbox_exported(o, idhex, name, g.first, g.last, g.n, stderr) ==
	    -1) {
		/* The bundle is good; only the status line misses it. */
		rc = EXIT_ENV;
		goto out;
	}
	printf("Wrote %s/%s: %lld complaint%s (%s-%04lld to %s-%04lld), "
	    "%zu bytes, checked by reading it back.\n", dir, name, g.n,
	    g.n == 1 ? "" : "s", c->kiosk_id, g.first, c->kiosk_id, g.last,
	    out.len);
	if (left > 0)
		printf("%lld more complaint%s did not fit in one bundle; %s "
		    "go in the next export, once the office's "
		    "acknowledgement of this one has been read with "
		    "`candour-kiosk ack`.\n", left, left == 1 ? "" : "s",
		    left == 1 ? "it" : "they");
	printf("Take it to the office to import (candour log import), then "
	    "bring back the .ack file it writes and run candour-kiosk ack "
	    "FILE.\nThe complaints stay in the outbox until then.\n");
out:
	key_secret_free(&sk);
	buf_free(&g.why);
	if (out.data != NULL)
		sodium_memzero(out.data, out.cap);
	buf_free(&out);
	outbox_close(o);
	return rc;
}

/* Read one acknowledgement and apply it. Returns an exit status. */
static int
ack_one(const struct kiosk_config *c, struct outbox *o, const char *path)
{
	struct outbox_delivery *d = NULL;
	struct ack	 a;
	struct buf	 data = BUF_INIT, why = BUF_INIT;
	struct diag	 diag;
	struct stat	 sb;
	char		 idhex[2 * BUNDLE_ID_BYTES + 1];
	long long	 matched, waiting, exported;
	uint32_t	 i;
	int		 rc = EXIT_INPUT, known;

	memset(&a, 0, sizeof(a));
	diag_init(&diag, stderr);
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (size_t)sb.st_size > ACK_MAX_BYTES) {
		fprintf(stderr, "%s: is %lld bytes, more than any "
		    "acknowledgement (%zu at most); this is not one; nothing "
		    "was changed\n", path, (long long)sb.st_size,
		    ACK_MAX_BYTES);
		goto out;
	}
	data.max = ACK_MAX_BYTES + 1;
	if (file_read(path, ACK_MAX_BYTES, &data, &diag) == -1)
		goto out;
	if (ack_read((const unsigned char *)buf_str(&data), data.len,
	    &c->office, c->kiosk_id, &a, &why) == -1) {
		fprintf(stderr, "%s: %s; nothing was changed\n", path,
		    buf_str(&why));
		goto out;
	}
	if (a.count > 0 && (d = calloc(a.count, sizeof(*d))) == NULL) {
		fprintf(stderr, "candour-kiosk: out of memory\n");
		rc = EXIT_ENV;
		goto out;
	}
	for (i = 0; i < a.count; i++) {
		d[i].seq = (long long)a.entries[i].seq;
		uuid_format(a.entries[i].sid, d[i].sid);
	}
	if (outbox_deliver(o, d, a.count, &matched, &waiting, stderr) == -1) {
		rc = EXIT_ENV;
		goto out;
	}
	printf("%s: %lld complaint%s reached the office; %lld still "
	    "waiting.\n", path, matched, matched == 1 ? "" : "s", waiting);
	sodium_bin2hex(idhex, sizeof(idhex), a.bundle_id, sizeof(a.bundle_id));
	if ((known = outbox_export_of(o, idhex, &exported, stderr)) == -1) {
		rc = EXIT_ENV;
		goto out;
	}
	if (known && exported > (long long)a.count)
		printf("%lld complaint%s of that bundle %s not acknowledged "
		    "(the office found a conflict, or could not import %s); "
		    "%s stay%s here and go in the next export.\n",
		    exported - a.count, exported - a.count == 1 ? "" : "s",
		    exported - a.count == 1 ? "was" : "were",
		    exported - a.count == 1 ? "it" : "them",
		    exported - a.count == 1 ? "it" : "they",
		    exported - a.count == 1 ? "s" : "");
	if (matched < (long long)a.count)
		printf("%lld of its entries match no complaint here (deleted "
		    "already after %d days, or not from this outbox).\n",
		    (long long)a.count - matched, OUTBOX_GRACE_DAYS);
	rc = EXIT_OK;
out:
	free(d);
	ack_free(&a);
	buf_free(&why);
	buf_free(&data);
	return rc;
}

int
sync_ack(const struct kiosk_config *c, char *const files[], int n)
{
	struct outbox	*o;
	long long	 pruned;
	int		 i, r, rc = EXIT_OK;

	if (!outbox_exists(c->outbox)) {
		fprintf(stderr, "candour-kiosk: %s: there is no outbox, so "
		    "nothing to acknowledge; check outbox in kiosk.yaml\n",
		    c->outbox);
		return EXIT_INPUT;
	}
	if (outbox_open(&o, c->outbox, c->kiosk_id, 0, stderr) == -1)
		return EXIT_ENV;
	for (i = 0; i < n; i++)
		if ((r = ack_one(c, o, files[i])) > rc)
			rc = r;
	if (outbox_prune(o, time(NULL), &pruned, stderr) == -1)
		rc = EXIT_ENV;
	else
		say_pruned(pruned);
	outbox_close(o);
	return rc;
}
