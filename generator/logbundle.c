#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "buf.h"
#include "build.h"
#include "bundle.h"
#include "fsutil.h"
#include "keys.h"
#include "log.h"
#include "logbundle.h"
#include "logimport.h"
#include "utf8.h"
#include "workdays.h"

#define PROGRESS_EVERY	500	/* records between progress lines */
#define SHA256_HEX	(2 * crypto_hash_sha256_BYTES + 1)

/*
 * The kiosk's categories (kiosk/form.c) and the log's (log.h) they are
 * counted under. kiosk/BUNDLE.md, "How the office reads a record", shows
 * this table to staff; change both together.
 */
static const struct {
	const char	*kiosk;
	enum log_category log;
} categories[] = {
	{ "repairs", LOG_CATEGORY_REPAIRS },
	{ "staff", LOG_CATEGORY_STAFF },
	{ "neighbours", LOG_CATEGORY_ASB },
	{ "cleaning", LOG_CATEGORY_NEIGHBOURHOOD },
	{ "safety", LOG_CATEGORY_SAFETY },
	{ "money", LOG_CATEGORY_CHARGES },
	{ "support", LOG_CATEGORY_SUPPORT },
	{ "other", LOG_CATEGORY_OTHER },
};

int
logbundle_category(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
		if (strcmp(categories[i].kiosk, name) == 0)
			return (int)categories[i].log;
	return -1;
}

/* Two decimal digits at s, or -1. */
static int
two_digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int
logbundle_parse_time(const char *s, size_t n, long *day, int *minute)
{
	int	 h, m;

	/* "2025-11-23T18:04Z": 17 bytes. */
	if (n != 17 || s[10] != 'T' || s[13] != ':' || s[16] != 'Z' ||
	    date_parse(s, 10, day) != DATE_OK)
		return -1;
	if ((h = two_digits(s + 11)) < 0 || h > 23 ||
	    (m = two_digits(s + 14)) < 0 || m > 59)
		return -1;
	*minute = h * 60 + m;
	return 0;
}

/* The last Sunday of month m (1-12, a month of 31 days) of year y. */
static long
last_sunday(int y, int m)
{
	long	 d = date_from_civil(y, m, 31);

	/* date_weekday: 0 Monday ... 6 Sunday. */
	return d - (date_weekday(d) + 1) % 7;
}

long
logbundle_england_day(long day, int minute)
{
	int	 y, m, d;
	long	 start, end, t;

	date_to_civil(day, &y, &m, &d);
	/* Minutes since 1970, to compare with the changes at 01:00 UTC. */
	t = day * 1440 + minute;
	start = last_sunday(y, 3) * 1440 + 60;
	end = last_sunday(y, 10) * 1440 + 60;
	if (t >= start && t < end)
		t += 60;
	return t / 1440;
}

/* The time now in UTC, ISO 8601: "2025-11-23T18:04:05Z". */
static void
now_text(char out[32])
{
	struct tm	 tm;
	time_t		 now = time(NULL);

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "1970-01-01T00:00:00Z");
}

/* Make a public key from the hex the log keeps. Returns 0 or -1. */
static int
kiosk_key(const struct log_kiosk *k, struct public_key *pk)
{
	size_t	 n;

	memset(pk, 0, sizeof(*pk));
	pk->role = KEY_KIOSK;
	if (sodium_hex2bin(pk->pk, sizeof(pk->pk), k->public_key,
	    strlen(k->public_key), NULL, &n, NULL) != 0 || n != sizeof(pk->pk))
		return -1;
	key_id(pk->pk, pk->id);
	return 0;
}

/* Is s a label staff can read: UTF-8, no control characters, not empty? */
static int
label_ok(const char *s)
{
	size_t	 n = strlen(s), i;

	if (n == 0 || n > LOG_LABEL_MAX || utf8_check(s, n) != n)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < ' ' || s[i] == 0x7f)
			return 0;
	return 1;
}

int
logbundle_kiosk_add(struct complaint_log *l, const char *id,
    const char *key_file, const char *label, enum log_tenure tenure)
{
	struct log_kiosk k, old;
	struct public_key pk;
	struct buf	 why = BUF_INIT;
	char		 fp[KEY_FP_LEN], now[32];
	int		 rc = EXIT_INPUT, found;

	if (!bundle_kiosk_id_ok(id)) {
		fprintf(stderr, "candour log kiosks: '%s' is not a kiosk id: use "
		    "a capital letter then capitals and digits, at most %d in "
		    "all, as the kiosk's kiosk.yaml has it (K03)\n", id,
		    BUNDLE_KIOSK_ID_MAX);
		return EXIT_INPUT;
	}
	if (!label_ok(label)) {
		fprintf(stderr, "candour log kiosks: --label: say where the "
		    "kiosk stands, in at most %d characters on one line\n",
		    LOG_LABEL_MAX);
		return EXIT_INPUT;
	}
	if (key_read_public(key_file, KEY_KIOSK, &pk, &why) == -1) {
		fprintf(stderr, "candour log kiosks: %s: %s\n", key_file,
		    buf_str(&why));
		goto out;
	}
	if ((found = log_get_kiosk(l, id, &old, &why)) == -1) {
		fprintf(stderr, "candour: the log: %s\n", buf_str(&why));
		rc = EXIT_ENV;
		goto out;
	}
	if (found) {
		fprintf(stderr, "candour log kiosks: kiosk %s is already "
		    "registered (%s%s); give the new kiosk another id\n", id,
		    old.label, old.active ? "" : ", retired");
		goto out;
	}
	memset(&k, 0, sizeof(k));
	snprintf(k.id, sizeof(k.id), "%s", id);
	snprintf(k.label, sizeof(k.label), "%s", label);
	sodium_bin2hex(k.public_key, sizeof(k.public_key), pk.pk,
	    sizeof(pk.pk));
	k.tenure = tenure;
	now_text(now);
	if (log_begin(l, &why) == -1 || log_add_kiosk(l, &k, now, &why) ==
	    -1 || log_commit(l, &why) == -1) {
		log_rollback(l);
		fprintf(stderr, "candour: the log: %s\n", buf_str(&why));
		rc = EXIT_ENV;
		goto out;
	}
	key_fingerprint(pk.id, fp);
	printf("candour: kiosk %s (%s) registered; its complaints count as "
	    "%s\n"
	    "key fingerprint: %s\n"
	    "Check that this is the fingerprint the kiosk showed when its key "
	    "was made. If it\ndiffers, retire the kiosk with 'candour log "
	    "kiosks retire %s' and find out why.\n", id, label,
	    log_tenures[tenure], fp, id);
	rc = EXIT_OK;
out:
	buf_free(&why);
	return rc;
}

static int
list_one(void *arg, const struct log_kiosk *k)
{
	struct public_key pk;
	char		 fp[KEY_FP_LEN];

	(void)arg;
	if (kiosk_key(k, &pk) == -1)
		snprintf(fp, sizeof(fp), "(damaged key)");
	else
		key_fingerprint(pk.id, fp);
	printf("%-6s  %-19s  %-7s  %7lld  %-20s  %s\n", k->id, fp,
	    k->active ? "active" : "retired", k->nbundles,
	    k->last_import[0] ? k->last_import : "never", k->label);
	return 0;
}

int
logbundle_kiosk_list(struct complaint_log *l)
{
	struct buf	 why = BUF_INIT;
	int		 rc = EXIT_OK;

	printf("%-6s  %-19s  %-7s  %7s  %-20s  %s\n", "kiosk", "fingerprint",
	    "status", "bundles", "last import", "label");
	if (log_each_kiosk(l, list_one, NULL, &why) == -1) {
		fprintf(stderr, "candour: the log: %s\n", buf_str(&why));
		rc = EXIT_ENV;
	}
	buf_free(&why);
	return rc;
}

int
logbundle_kiosk_retire(struct complaint_log *l, const char *id)
{
	struct log_kiosk k;
	struct buf	 why = BUF_INIT;
	char		 now[32];
	int		 rc = EXIT_INPUT, found;

	now_text(now);
	if ((found = log_get_kiosk(l, id, &k, &why)) == -1 ||
	    (found && k.active && (log_begin(l, &why) == -1 ||
	    log_retire_kiosk(l, id, now, &why) == -1 ||
	    log_commit(l, &why) == -1))) {
		log_rollback(l);
		fprintf(stderr, "candour: the log: %s\n", buf_str(&why));
		rc = EXIT_ENV;
	} else if (!found)
		fprintf(stderr, "candour log kiosks: there is no kiosk '%s' in "
		    "the log; 'candour log kiosks list' shows them\n", id);
	else if (!k.active)
		fprintf(stderr, "candour log kiosks: kiosk %s is already "
		    "retired\n", id);
	else {
		printf("candour: kiosk %s (%s) retired: its bundles are refused "
		    "from now on; the complaints already imported from it stay "
		    "in the log\n", id, k.label);
		rc = EXIT_OK;
	}
	buf_free(&why);
	return rc;
}

/* One `candour log import`: what stays the same for every bundle. */
struct bundle_import {
	struct complaint_log *log;
	const char	*log_file;
	struct secret_key office;
	struct record_opener *opener;	/* every record is opened with it */
	int		 progress;	/* show progress: stderr is a terminal */
};

/* One bundle being imported. */
struct bundle_run {
	struct bundle_import	*im;
	const char	*path;
	struct bundle_header h;
	struct log_kiosk kiosk;
	char		 bundle_hex[2 * BUNDLE_ID_BYTES + 1];
	char		 now[32];
	struct ack_entry *acked;	/* records in the log, same content */
	size_t		 nacked;
	size_t		 n, nnew, nsame, nconflict;
	struct buf	 why;		/* why the bundle is refused */
	int		 env;		/* the refusal is the log's, not the
					 * bundle's: exit 3 */
};

/* Read the whole of path, at most BUNDLE_MAX_BYTES, into *data. */
static int
read_bundle(struct bundle_run *b, unsigned char **data, size_t *len)
{
	struct stat	 st;
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd;

	*data = NULL;
	if ((fd = open(b->path, O_RDONLY | O_CLOEXEC)) == -1) {
		buf_printf(&b->why, "cannot open it: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		buf_printf(&b->why, "is not a bundle file");
		goto fail;
	}
	if (st.st_size < (off_t)BUNDLE_MIN_BYTES ||
	    (uintmax_t)st.st_size > BUNDLE_MAX_BYTES) {
		buf_printf(&b->why, "is %lld bytes; a bundle is %d bytes to "
		    "%zu MiB, so it is cut short or not a bundle",
		    (long long)st.st_size, BUNDLE_MIN_BYTES,
		    (size_t)(BUNDLE_MAX_BYTES >> 20) + 1);
		goto fail;
	}
	*len = (size_t)st.st_size;
	if ((*data = malloc(*len)) == NULL) {
		buf_printf(&b->why, "out of memory");
		b->env = 1;
		goto fail;
	}
	while (got < *len) {
		if ((n = read(fd, *data + got, *len - got)) == -1) {
			if (errno == EINTR)
				continue;
			buf_printf(&b->why, "cannot read it: %s",
			    strerror(errno));
			goto fail;
		}
		if (n == 0) {
			buf_printf(&b->why, "it changed while it was read; "
			    "import it again when it is complete");
			goto fail;
		}
		got += (size_t)n;
	}
	close(fd);
	return 0;
fail:
	free(*data);
	*data = NULL;
	close(fd);
	return -1;
}

/* Refuse the bundle at record r: "record 3 (sequence 142): ...". */
static int refuse(struct bundle_run *, const struct bundle_record *,
    const char *, ...) __attribute__((format(printf, 3, 4)));

static int
refuse(struct bundle_run *b, const struct bundle_record *r,
    const char *fmt, ...)
{
	va_list	 ap;

	buf_truncate(&b->why, 0);
	buf_printf(&b->why, "record %zu (sequence %llu): ", b->n,
	    (unsigned long long)r->seq);
	va_start(ap, fmt);
	buf_vprintf(&b->why, fmt, ap);
	va_end(ap);
	return -1;
}

/* Check the record's members (all but contact and adjustments' text). */
static int
check_record(struct bundle_run *b, const struct bundle_record *r,
    const struct log_record *rec, struct log_kiosk_complaint *c,
    char sid[UUID_TEXT])
{
	unsigned char	 id[UUID_BYTES];
	const char	*t, *problem;
	long		 day;
	int		 minute, cat;

	t = rec->text[LR_FORMAT];
	if (t == NULL || strcmp(t, "candour-kiosk-record") != 0)
		return refuse(b, r, "is not a kiosk complaint record "
		    "(format is not \"candour-kiosk-record\")");
	if (rec->form_version != 1)
		return refuse(b, r, "has form version %lld, which this "
		    "candour does not know; update candour on this computer",
		    rec->form_version);
	if ((t = rec->text[LR_KIOSK]) == NULL || strcmp(t, b->h.kiosk_id) !=
	    0)
		return refuse(b, r, "says it is from another kiosk than the "
		    "bundle (%s)", b->h.kiosk_id);
	if ((t = rec->text[LR_SUBMISSION_ID]) == NULL ||
	    uuid_parse(t, id) == -1 || memcmp(id, r->sid, UUID_BYTES) != 0)
		return refuse(b, r, "its submission id is not the one the "
		    "bundle gives it");
	uuid_format(id, sid);
	if ((t = rec->text[LR_REFERENCE]) == NULL)
		return refuse(b, r, "has no reference");
	if ((problem = import_reference_problem(t, strlen(t))) != NULL)
		return refuse(b, r, "its reference %s", problem);
	if ((t = rec->text[LR_CREATED_AT]) == NULL ||
	    logbundle_parse_time(t, strlen(t), &day, &minute) == -1)
		return refuse(b, r, "its created_at is not a time like "
		    "2025-11-23T18:04Z");
	if ((t = rec->text[LR_CATEGORY]) == NULL ||
	    (cat = logbundle_category(t)) < 0)
		return refuse(b, r, "its category is not one the kiosk "
		    "offers");
	if (rec->text[LR_HAPPENED] == NULL || rec->text[LR_PUT_RIGHT] == NULL)
		return refuse(b, r, "has no text for what happened or what "
		    "would put it right");
	if (rec->bad[LR_CONTACT] || rec->bad[LR_ADJUSTMENTS])
		return refuse(b, r, "its contact or help answers are not in "
		    "the form the kiosk writes");
	if ((t = rec->text[LR_SCHEME]) != NULL && strlen(t) > LOG_SCHEME_MAX)
		return refuse(b, r, "its scheme code is over %d characters",
		    LOG_SCHEME_MAX);
	c->id = sid;
	c->reference = rec->text[LR_REFERENCE];
	c->scheme = t != NULL && *t != '\0' ? t : NULL;
	c->tenure = b->kiosk.tenure;
	c->category = (enum log_category)cat;
	c->summary = rec->text[LR_HAPPENED];
	c->outcome_sought = rec->text[LR_PUT_RIGHT];
	c->contact = rec->text[LR_CONTACT];
	c->adjustments = rec->text[LR_ADJUSTMENTS];
	c->received_at = rec->text[LR_CREATED_AT];
	c->received = logbundle_england_day(day, minute);
	c->source = b->h.kiosk_id;
	c->bundle_id = b->bundle_hex;
	c->now = b->now;
	return 0;
}

/*
 * What bundle_parse fills in before the first record: the office key id
 * must be ours. Returns 0, or -1 with why.
 */
static int
header_checked(struct bundle_run *b)
{
	char	 theirs[KEY_FP_LEN], ours[KEY_FP_LEN];

	sodium_bin2hex(b->bundle_hex, sizeof(b->bundle_hex), b->h.bundle_id,
	    sizeof(b->h.bundle_id));
	if (memcmp(b->h.office_key_id, b->im->office.id, KEY_ID_BYTES) == 0)
		return 0;
	key_fingerprint(b->h.office_key_id, theirs);
	key_fingerprint(b->im->office.id, ours);
	buf_truncate(&b->why, 0);
	buf_printf(&b->why, "its records are sealed to another office key "
	    "(%s, not this office's %s); give the kiosk this office's "
	    "office.pub", theirs, ours);
	return -1;
}

/*
 * bundle_parse's callback: open, check and add one record, inside the
 * bundle's transaction. Returns 0, or -1 with why (the whole bundle is
 * then rolled back).
 */
static int
import_record(void *cls, const struct bundle_record *r)
{
	struct bundle_run *b = cls;
	struct log_kiosk_complaint c;
	struct log_record rec;
	struct ack_entry *e;
	const unsigned char *plain = NULL;
	unsigned char	 hash[crypto_hash_sha256_BYTES];
	char		 sha[SHA256_HEX], sid[UUID_TEXT];
	size_t		 plen;
	enum log_put	 result;
	int		 rc = -1, read;

	b->n++;
	memset(&rec, 0, sizeof(rec));
	memset(&c, 0, sizeof(c));
	if (b->n == 1 && header_checked(b) == -1)
		return -1;
	buf_truncate(&b->why, 0);
	if (record_open(b->im->opener, r->sealed, r->len, &plain, &plen,
	    &b->why) == -1) {
		char	*reason = buf_detach(&b->why);

		refuse(b, r, "%s", reason ? reason : "out of memory");
		free(reason);
		return -1;
	}
	if (utf8_check((const char *)plain, plen) != plen) {
		refuse(b, r, "is not UTF-8 text");
		goto out;
	}
	if ((read = log_read_record(b->im->log, (const char *)plain, plen,
	    &rec, &b->why)) == -1) {
		b->env = 1;
		goto out;
	}
	if (read == 1) {
		refuse(b, r, "is not a JSON object");
		goto out;
	}
	if (check_record(b, r, &rec, &c, sid) == -1)
		goto out;
	crypto_hash_sha256(hash, r->sealed, r->len);
	sodium_bin2hex(sha, sizeof(sha), hash, sizeof(hash));
	c.content_sha256 = sha;
	if (log_put_kiosk_complaint(b->im->log, &c, &result, &b->why) == -1) {
		b->env = 1;
		goto out;
	}
	switch (result) {
	case LOG_PUT_NEW:
	case LOG_PUT_SAME:
		if (result == LOG_PUT_NEW)
			b->nnew++;
		else
			b->nsame++;
		e = &b->acked[b->nacked++];
		e->seq = r->seq;
		memcpy(e->sid, r->sid, UUID_BYTES);
		break;
	case LOG_PUT_CONFLICT_ID:
	case LOG_PUT_CONFLICT_REFERENCE:
		b->nconflict++;
		fprintf(stderr, "candour: %s: record %zu (sequence %llu, "
		    "reference %s): %s; it is recorded in import_conflicts, "
		    "not imported and not acknowledged, so the kiosk keeps "
		    "it; tell the person who looks after the kiosks\n",
		    b->path, b->n, (unsigned long long)r->seq, c.reference,
		    result == LOG_PUT_CONFLICT_ID ? "its submission id is "
		    "already in the log with different content, and the first "
		    "is kept" : "its reference is already in the log for "
		    "another complaint");
		break;
	}
	if (b->im->progress && b->n % PROGRESS_EVERY == 0)
		fprintf(stderr, "\r%s: %zu of %lu records", b->path, b->n,
		    (unsigned long)b->h.count);
	rc = 0;
out:
	log_record_clear(&rec);
	/* The opener's buffer: zeroed now rather than at the next record. */
	sodium_memzero((void *)(uintptr_t)plain, plen);
	return rc;
}

/* The acknowledgement's path: the bundle's, .bundle replaced by .ack. */
static void
ack_path(struct buf *out, const char *bundle)
{
	size_t	 n = strlen(bundle);

	if (n > 7 && strcmp(bundle + n - 7, ".bundle") == 0)
		n -= 7;
	buf_put(out, bundle, n);
	buf_puts(out, ".ack");
}

/* Sign and write the acknowledgement of b. */
static int
write_ack(struct bundle_run *b, struct buf *path)
{
	struct ack	 a;
	struct buf	 out = BUF_INIT;
	int		 rc = -1;

	memset(&a, 0, sizeof(a));
	memcpy(a.kiosk_id, b->h.kiosk_id, sizeof(a.kiosk_id));
	memcpy(a.bundle_id, b->h.bundle_id, sizeof(a.bundle_id));
	memcpy(a.office_key_id, b->im->office.id, sizeof(a.office_key_id));
	a.created = (int64_t)time(NULL);
	a.count = (uint32_t)b->nacked;
	a.entries = b->acked;
	ack_path(path, b->path);
	buf_truncate(&b->why, 0);
	if (path->err || ack_write(&out, &a, &b->im->office, &b->why) == -1)
		goto out;
	if (out.err) {
		buf_printf(&b->why, "out of memory");
		goto out;
	}
	/* Atomic: a kiosk never reads half an acknowledgement. */
	if (file_write_atomic(buf_str(path), out.data, out.len, 0644, 1) ==
	    -1) {
		buf_printf(&b->why, "cannot write it: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	buf_free(&out);
	return rc;
}

/*
 * Import one bundle. Returns 0, EXIT_INPUT when it is refused (nothing of
 * it imported), EXIT_ENV when the log or the disk failed.
 */
static int
import_bundle(struct bundle_import *im, const char *path)
{
	struct bundle_run b;
	struct public_key pk;
	struct buf	 ack = BUF_INIT;
	unsigned char	*data = NULL, hash[crypto_hash_sha256_BYTES];
	char		 sha[SHA256_HEX];
	size_t		 len = 0;
	int		 found, seen, rc = EXIT_INPUT;

	memset(&b, 0, sizeof(b));
	b.im = im;
	b.path = path;
	now_text(b.now);
	if (read_bundle(&b, &data, &len) == -1)
		goto refused;
	if (bundle_peek(data, len, &b.h, &b.why) == -1)
		goto refused;
	if ((found = log_get_kiosk(im->log, b.h.kiosk_id, &b.kiosk,
	    &b.why)) == -1) {
		b.env = 1;
		goto refused;
	}
	if (!found) {
		buf_printf(&b.why, "it comes from kiosk %s, which is not "
		    "registered in this log; register the kiosk with 'candour "
		    "log kiosks add %s' (check its fingerprint) and import "
		    "again", b.h.kiosk_id, b.h.kiosk_id);
		goto refused;
	}
	if (!b.kiosk.active) {
		buf_printf(&b.why, "kiosk %s (%s) is retired, so its bundles "
		    "are refused", b.h.kiosk_id, b.kiosk.label);
		goto refused;
	}
	if (kiosk_key(&b.kiosk, &pk) == -1) {
		buf_printf(&b.why, "the public key registered for kiosk %s is "
		    "damaged in the log", b.h.kiosk_id);
		goto refused;
	}
	/* Nothing after the header is read before the signature passes. */
	if (bundle_verify(data, len, &pk, &b.why) == -1)
		goto refused;
	crypto_hash_sha256(hash, data, len);
	sodium_bin2hex(sha, sizeof(sha), hash, sizeof(hash));
	if (log_begin(im->log, &b.why) == -1) {
		b.env = 1;
		goto refused;
	}
	/* An entry for each record at most, and each takes 76 bytes or
	 * more of the bundle. */
	if ((b.acked = calloc(len / (8 + UUID_BYTES + 4 + BUNDLE_SEALED_MIN) +
	    1, sizeof(*b.acked))) == NULL) {
		buf_printf(&b.why, "out of memory");
		b.env = 1;
		goto refused;
	}
	if (bundle_parse(data, len, &b.h, import_record, &b, &b.why) == -1)
		goto refused;
	if (b.n == 0 && header_checked(&b) == -1)
		goto refused;
	if ((seen = log_has_bundle(im->log, b.bundle_hex, &b.why)) == -1 ||
	    log_add_bundle(im->log, b.bundle_hex, b.h.kiosk_id, sha, b.now,
	    (long)b.nnew, (long)b.nsame, &b.why) == -1 ||
	    log_commit(im->log, &b.why) == -1) {
		b.env = 1;
		goto refused;
	}
	if (im->progress && b.n >= PROGRESS_EVERY)
		fputs("\r\033[K", stderr);
	if (write_ack(&b, &ack) == -1) {
		fprintf(stderr, "candour: %s: the complaints are in the log, "
		    "but the acknowledgement %s was not written: %s; import "
		    "the bundle again to write it\n", path, buf_str(&ack),
		    buf_str(&b.why));
		rc = EXIT_ENV;
		goto out;
	}
	printf("%s: %zu complaint%s, %zu new, %zu already in the log",
	    path, b.n, b.n == 1 ? "" : "s", b.nnew, b.nsame);
	if (b.nconflict > 0)
		printf(", %zu in conflict (not imported)", b.nconflict);
	printf("%s; acknowledgement written to %s\n", seen ?
	    " (imported before)" : "", buf_str(&ack));
	rc = EXIT_OK;
	goto out;
refused:
	log_rollback(im->log);
	if (im->progress && b.n >= PROGRESS_EVERY)
		fputs("\r\033[K", stderr);
	if (b.env) {
		fprintf(stderr, "candour: %s: %s: %s\n", path, im->log_file,
		    buf_str(&b.why));
		rc = EXIT_ENV;
	} else
		fprintf(stderr, "candour: %s: refused, nothing imported: %s\n",
		    path, buf_str(&b.why));
out:
	free(data);
	free(b.acked);
	buf_free(&b.why);
	buf_free(&ack);
	return rc;
}

int
logbundle_import(struct complaint_log *l, const char *log_file,
    const char *key_file, char *const bundles[], size_t n)
{
	struct bundle_import	 im;
	struct buf	 why = BUF_INIT, prompt = BUF_INIT;
	char		*pass;
	size_t		 i;
	int		 rc = EXIT_OK, r;

	memset(&im, 0, sizeof(im));
	im.log = l;
	im.log_file = log_file;
	im.progress = isatty(STDERR_FILENO);
	if (access(key_file, R_OK) == -1) {
		r = errno;
		fprintf(stderr, "candour: %s: cannot read the office key: %s; "
		    "name it with --key, or set office_key in site.yaml "
		    "('candour keys office' makes one)\n", key_file,
		    strerror(r));
		return r == ENOENT ? EXIT_INPUT : EXIT_ENV;
	}
	buf_printf(&prompt, "Passphrase of the office key %s: ", key_file);
	if ((pass = key_passphrase(buf_str(&prompt), 0, &why)) == NULL) {
		fprintf(stderr, "candour: %s\n", buf_str(&why));
		rc = EXIT_INPUT;
		goto out;
	}
	r = key_read_secret(key_file, KEY_OFFICE, pass, &im.office, &why);
	key_passphrase_free(pass);
	if (r == -1) {
		fprintf(stderr, "candour: %s: %s\n", key_file, buf_str(&why));
		rc = EXIT_INPUT;
		goto out;
	}
	if ((im.opener = record_opener_new(&im.office, &why)) == NULL) {
		fprintf(stderr, "candour: %s\n", buf_str(&why));
		rc = EXIT_ENV;
	} else
		for (i = 0; i < n; i++) {
			r = import_bundle(&im, bundles[i]);
			/* Environment errors outrank refusals. */
			if (r > rc)
				rc = r;
		}
	record_opener_free(im.opener);
	key_secret_free(&im.office);
out:
	buf_free(&why);
	buf_free(&prompt);
	return rc;
}
