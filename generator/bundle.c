/*
 * bundle: the bundle of sealed records a kiosk exports, the office's
 * acknowledgement of it, and opening a sealed record, byte for byte as
 * kiosk/BUNDLE.md lays them out.
 *
 * The readers take hostile bytes. Every length is checked against what is
 * left before anything is read (subtractions, never additions that could
 * wrap), nothing after a header is read before its signature has been
 * checked, and the whole structure is checked before the first record is
 * handed on. Writers check what they are given, so that they never make a
 * file the readers would refuse.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "buf.h"
#include "bundle.h"
#include "keys.h"

#define BUNDLE_MAGIC	"CNDRBNDL"
#define ACK_MAGIC	"CNDRACKN"
#define MAGIC_BYTES	8
#define RECORD_HEAD	(8 + UUID_BYTES + 4)	/* seq, sid, length: 28 */
#define ACK_MIN_BYTES	(ACK_HEADER_BYTES + BUNDLE_SIG_BYTES)
#define ACK_MAX_BYTES	(ACK_MIN_BYTES + \
			    (size_t)ACK_ENTRY_BYTES * BUNDLE_MAX_RECORDS)

/* Header offsets, shared by both formats up to 52. */
#define OFF_VERSION	8
#define OFF_KIOSK	12
#define OFF_BUNDLE_ID	28
#define OFF_OFFICE_KEY	44
#define OFF_CREATED	52
#define OFF_FIRST	60
#define OFF_LAST	68
#define OFF_COUNT	76
#define OFF_ACK_COUNT	60

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void
put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p + 4, (uint32_t)v);
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static uint64_t
get64(const unsigned char *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

int
bundle_kiosk_id_ok(const char *id)
{
	size_t	 i;

	if (id == NULL || !(id[0] >= 'A' && id[0] <= 'Z'))
		return 0;
	for (i = 1; id[i] != '\0'; i++)
		if (i >= BUNDLE_KIOSK_ID_MAX || !((id[i] >= 'A' &&
		    id[i] <= 'Z') || (id[i] >= '0' && id[i] <= '9')))
			return 0;
	return 1;
}

/* The kiosk id field p[0..16) into out: 0, or -1 when it is not a
 * well-formed id followed only by zeros. */
static int
kiosk_field(const unsigned char *p, char out[BUNDLE_KIOSK_ID_MAX + 1])
{
	size_t	 n, i;

	memset(out, 0, BUNDLE_KIOSK_ID_MAX + 1);
	for (n = 0; n < BUNDLE_KIOSK_ID_MAX + 1 && p[n] != 0; n++)
		continue;
	if (n == 0 || n > BUNDLE_KIOSK_ID_MAX)
		return -1;
	for (i = n; i < BUNDLE_KIOSK_ID_MAX + 1; i++)
		if (p[i] != 0)
			return -1;
	memcpy(out, p, n);
	if (!bundle_kiosk_id_ok(out)) {
		memset(out, 0, BUNDLE_KIOSK_ID_MAX + 1);
		return -1;
	}
	return 0;
}

int
uuid_parse(const char *s, unsigned char out[UUID_BYTES])
{
	static const size_t digits[] = { 8, 4, 4, 4, 12 };	/* per group */
	unsigned char	 b[UUID_BYTES];
	size_t		 g, at = 0, o = 0, bin;

	if (s == NULL || strnlen(s, UUID_TEXT) != UUID_TEXT - 1)
		return -1;
	for (g = 0; g < sizeof(digits) / sizeof(digits[0]); g++) {
		if (g > 0 && s[at++] != '-')
			return -1;
		if (sodium_hex2bin(b + o, sizeof(b) - o, s + at, digits[g],
		    NULL, &bin, NULL) != 0 || bin != digits[g] / 2)
			return -1;
		at += digits[g];
		o += bin;
	}
	memcpy(out, b, UUID_BYTES);
	return 0;
}

void
uuid_format(const unsigned char id[UUID_BYTES], char out[UUID_TEXT])
{
	static const char digits[] = "0123456789abcdef";
	size_t		 i, o = 0;

	for (i = 0; i < UUID_BYTES; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = digits[id[i] >> 4];
		out[o++] = digits[id[i] & 0xf];
	}
	out[o] = '\0';
}

/*
 * Writing a bundle. While it is being written, the header's count, first
 * and last always describe the records so far, so bundle_add can check
 * order and bundle_finish has only to sign.
 */
void
bundle_begin(struct buf *out, const struct bundle_header *h)
{
	unsigned char	 head[BUNDLE_HEADER_BYTES];

	memset(head, 0, sizeof(head));
	memcpy(head, BUNDLE_MAGIC, MAGIC_BYTES);
	put32(head + OFF_VERSION, BUNDLE_VERSION);
	memcpy(head + OFF_KIOSK, h->kiosk_id,
	    strnlen(h->kiosk_id, BUNDLE_KIOSK_ID_MAX));
	memcpy(head + OFF_BUNDLE_ID, h->bundle_id, BUNDLE_ID_BYTES);
	memcpy(head + OFF_OFFICE_KEY, h->office_key_id, KEY_ID_BYTES);
	put64(head + OFF_CREATED, (uint64_t)h->created);
	/* first, last and count: 0 until records come */
	buf_truncate(out, 0);
	buf_put(out, (const char *)head, sizeof(head));
}

/* out holds a bundle being written, from bundle_begin. */
static int
writing(const struct buf *out, struct buf *why)
{
	if (out->err) {
		buf_set(why, "out of memory writing the bundle");
		return -1;
	}
	if (out->len < BUNDLE_HEADER_BYTES || memcmp(out->data, BUNDLE_MAGIC,
	    MAGIC_BYTES) != 0) {
		buf_set(why, "the bundle was not begun with bundle_begin");
		return -1;
	}
	return 0;
}

int
bundle_add(struct buf *out, const struct bundle_record *r, struct buf *why)
{
	unsigned char	*head, rec[RECORD_HEAD];
	uint32_t	 count;
	uint64_t	 last;

	if (writing(out, why) == -1)
		return -1;
	head = (unsigned char *)out->data;
	count = get32(head + OFF_COUNT);
	last = get64(head + OFF_LAST);
	if (r->seq == 0) {
		buf_set(why, "a record has sequence number 0; they start at 1");
		return -1;
	}
	if (count > 0 && r->seq <= last) {
		buf_set(why, "record %llu comes after record %llu: records go in "
		    "increasing sequence order, from 1",
		    (unsigned long long)r->seq, (unsigned long long)last);
		return -1;
	}
	if (r->len < BUNDLE_SEALED_MIN || r->len > BUNDLE_SEALED_MAX ||
	    r->sealed == NULL) {
		buf_set(why, "record %llu is %lu bytes sealed; a sealed record "
		    "is %d to %d bytes", (unsigned long long)r->seq,
		    (unsigned long)r->len, BUNDLE_SEALED_MIN,
		    BUNDLE_SEALED_MAX);
		return -1;
	}
	if (count >= BUNDLE_MAX_RECORDS || out->len > BUNDLE_MAX_BYTES ||
	    BUNDLE_MAX_BYTES - out->len < (size_t)RECORD_HEAD + r->len +
	    BUNDLE_SIG_BYTES) {
		buf_set(why, "the bundle is full (%lu records, %zu bytes); "
		    "export the rest in another", (unsigned long)count,
		    out->len);
		return -1;
	}
	put64(rec, r->seq);
	memcpy(rec + 8, r->sid, UUID_BYTES);
	put32(rec + 8 + UUID_BYTES, r->len);
	buf_put(out, (const char *)rec, sizeof(rec));
	buf_put(out, (const char *)r->sealed, r->len);
	if (out->err) {
		buf_set(why, "out of memory writing the bundle");
		return -1;
	}
	head = (unsigned char *)out->data;	/* it may have moved */
	if (count == 0)
		put64(head + OFF_FIRST, r->seq);
	put64(head + OFF_LAST, r->seq);
	put32(head + OFF_COUNT, count + 1);
	return 0;
}

int
bundle_finish(struct buf *out, const struct secret_key *kiosk,
    struct buf *why)
{
	unsigned char	 sig[BUNDLE_SIG_BYTES];
	char		 id[BUNDLE_KIOSK_ID_MAX + 1];

	if (writing(out, why) == -1)
		return -1;
	if (kiosk_field((unsigned char *)out->data + OFF_KIOSK, id) == -1) {
		buf_set(why, "the kiosk id is not well formed: one capital letter, "
		    "then up to %d capital letters and digits",
		    BUNDLE_KIOSK_ID_MAX - 1);
		return -1;
	}
	if (get64((unsigned char *)out->data + OFF_CREATED) > INT64_MAX) {
		buf_set(why, "the time the bundle was made is before 1970: check "
		    "the kiosk's clock");
		return -1;
	}
	if (kiosk->sk == NULL || kiosk->role != KEY_KIOSK) {
		buf_set(why, "a bundle is signed with a kiosk's secret key");
		return -1;
	}
	if (out->len > BUNDLE_MAX_BYTES - BUNDLE_SIG_BYTES) {
		buf_set(why, "the bundle is too big");
		return -1;
	}
	crypto_sign_detached(sig, NULL, (const unsigned char *)out->data,
	    out->len, kiosk->sk);
	buf_put(out, (const char *)sig, sizeof(sig));
	if (out->err) {
		buf_set(why, "out of memory writing the bundle");
		return -1;
	}
	return 0;
}

/* Size, magic and version of a bundle or ack: the checks both start with.
 * what is "bundle" or "acknowledgement". */
static int
check_start(const unsigned char *data, size_t len, const char *magic,
    size_t min, size_t max, const char *what, struct buf *why)
{
	uint32_t	 v;
	size_t		 m = len < MAGIC_BYTES ? len : MAGIC_BYTES;

	if (data == NULL || len == 0) {
		buf_set(why, "the file is empty");
		return -1;
	}
	if (memcmp(data, magic, m) != 0) {
		buf_set(why, "this is not a candour %s (it does not start with "
		    "%s)", what, magic);
		return -1;
	}
	if (len < min) {
		buf_set(why, "the file is cut short: it is %zu bytes, and %s %s "
		    "is at least %zu; copy it again", len,
		    *what == 'a' ? "an" : "a", what, min);
		return -1;
	}
	if (len > max) {
		buf_set(why, "the file is %zu bytes, more than %s %s can be "
		    "(%zu): it is not one candour made", len,
		    *what == 'a' ? "an" : "a", what, max);
		return -1;
	}
	v = get32(data + OFF_VERSION);
	if (v != 1) {
		if (v > 1)
			buf_set(why, "format version %lu is newer than this "
			    "candour knows (1); update candour",
			    (unsigned long)v);
		else
			buf_set(why, "format version 0 is not one candour knows "
			    "(1): the file is damaged");
		return -1;
	}
	return 0;
}

static int
bundle_start(const unsigned char *data, size_t len,
    char kiosk_id[BUNDLE_KIOSK_ID_MAX + 1], struct buf *why)
{
	if (check_start(data, len, BUNDLE_MAGIC, BUNDLE_MIN_BYTES,
	    BUNDLE_MAX_BYTES, "bundle", why) == -1)
		return -1;
	if (kiosk_field(data + OFF_KIOSK, kiosk_id) == -1) {
		buf_set(why, "the kiosk id in the header is not well formed: the "
		    "file is damaged");
		return -1;
	}
	return 0;
}

int
bundle_peek(const unsigned char *data, size_t len, struct bundle_header *h,
    struct buf *why)
{
	memset(h, 0, sizeof(*h));
	return bundle_start(data, len, h->kiosk_id, why);
}

int
bundle_verify(const unsigned char *data, size_t len,
    const struct public_key *kiosk, struct buf *why)
{
	char	 id[BUNDLE_KIOSK_ID_MAX + 1], fp[KEY_FP_LEN];

	if (bundle_start(data, len, id, why) == -1)
		return -1;
	if (kiosk->role != KEY_KIOSK) {
		buf_set(why, "a bundle is checked with a kiosk's public key");
		return -1;
	}
	if (crypto_sign_verify_detached(data + len - BUNDLE_SIG_BYTES, data,
	    len - BUNDLE_SIG_BYTES, kiosk->pk) != 0) {
		key_fingerprint(kiosk->id, fp);
		buf_set(why, "the signature does not match: the file was altered "
		    "or was not made by kiosk %s (key %s)", id, fp);
		return -1;
	}
	return 0;
}

/* One record's head at p, with room (at least RECORD_HEAD bytes). */
static void
record_at(const unsigned char *p, struct bundle_record *r)
{
	r->seq = get64(p);
	memcpy(r->sid, p + 8, UUID_BYTES);
	r->len = get32(p + 8 + UUID_BYTES);
	r->sealed = p + RECORD_HEAD;
}

int
bundle_parse(const unsigned char *data, size_t len, struct bundle_header *h,
    int (*fn)(void *, const struct bundle_record *), void *cls,
    struct buf *why)
{
	struct bundle_record r;
	const unsigned char *p;
	uint64_t	 created, prev = 0;
	size_t		 end, left;
	uint32_t	 i;

	buf_truncate(why, 0);
	memset(h, 0, sizeof(*h));
	if (bundle_start(data, len, h->kiosk_id, why) == -1)
		return -1;
	memcpy(h->bundle_id, data + OFF_BUNDLE_ID, BUNDLE_ID_BYTES);
	memcpy(h->office_key_id, data + OFF_OFFICE_KEY, KEY_ID_BYTES);
	created = get64(data + OFF_CREATED);
	h->first_seq = get64(data + OFF_FIRST);
	h->last_seq = get64(data + OFF_LAST);
	h->count = get32(data + OFF_COUNT);
	if (created > INT64_MAX) {
		buf_set(why, "the time the bundle was made is before 1970: the "
		    "kiosk's clock or the file is wrong");
		return -1;
	}
	h->created = (int64_t)created;
	end = len - BUNDLE_SIG_BYTES;	/* the records end here */
	left = end - BUNDLE_HEADER_BYTES;
	if (h->count > BUNDLE_MAX_RECORDS) {
		buf_set(why, "the header says %lu records, more than a bundle can "
		    "hold (%d): the bundle is malformed",
		    (unsigned long)h->count, BUNDLE_MAX_RECORDS);
		return -1;
	}
	if (h->count == 0 ? h->first_seq != 0 || h->last_seq != 0 :
	    h->first_seq == 0 || h->last_seq < h->first_seq ||
	    h->last_seq - h->first_seq < h->count - 1) {
		buf_set(why, "the header's sequence numbers (%llu to %llu) do not "
		    "fit its %lu records: the bundle is malformed",
		    (unsigned long long)h->first_seq,
		    (unsigned long long)h->last_seq, (unsigned long)h->count);
		return -1;
	}
	if (h->count > left / (RECORD_HEAD + BUNDLE_SEALED_MIN)) {
		buf_set(why, "the header says %lu records, but only %zu bytes "
		    "of records follow: the bundle is malformed",
		    (unsigned long)h->count, left);
		return -1;
	}
	/* The whole structure first, so nothing is handed on from a
	 * bundle that is refused. */
	p = data + BUNDLE_HEADER_BYTES;
	for (i = 0; i < h->count; i++) {
		left = end - (size_t)(p - data);
		if (left < RECORD_HEAD) {
			buf_set(why, "record %lu of %lu is cut short before the "
			    "signature: the bundle is malformed",
			    (unsigned long)i + 1, (unsigned long)h->count);
			return -1;
		}
		record_at(p, &r);
		if (i == 0 ? r.seq != h->first_seq : r.seq <= prev) {
			buf_set(why, "record %lu has sequence number %llu, out "
			    "of order (%s %llu): the bundle is malformed",
			    (unsigned long)i + 1, (unsigned long long)r.seq,
			    i == 0 ? "the header says the first is" :
			    "it follows", (unsigned long long)(i == 0 ?
			    h->first_seq : prev));
			return -1;
		}
		if (r.seq > h->last_seq) {
			buf_set(why, "record %lu has sequence number %llu, after "
			    "the last the header gives (%llu): the bundle is "
			    "malformed", (unsigned long)i + 1,
			    (unsigned long long)r.seq,
			    (unsigned long long)h->last_seq);
			return -1;
		}
		if (r.len < BUNDLE_SEALED_MIN || r.len > BUNDLE_SEALED_MAX) {
			buf_set(why, "record %lu (number %llu) says it is %lu "
			    "bytes; a sealed record is %d to %d: the bundle "
			    "is malformed", (unsigned long)i + 1,
			    (unsigned long long)r.seq, (unsigned long)r.len,
			    BUNDLE_SEALED_MIN, BUNDLE_SEALED_MAX);
			return -1;
		}
		if (left - RECORD_HEAD < r.len) {
			buf_set(why, "record %lu (number %llu) runs past the "
			    "signature: the bundle is malformed",
			    (unsigned long)i + 1, (unsigned long long)r.seq);
			return -1;
		}
		prev = r.seq;
		p += RECORD_HEAD + r.len;
	}
	if (h->count > 0 && prev != h->last_seq) {
		buf_set(why, "the last record is number %llu, but the header says "
		    "%llu: the bundle is malformed", (unsigned long long)prev,
		    (unsigned long long)h->last_seq);
		return -1;
	}
	if ((size_t)(p - data) != end) {
		buf_set(why, "%zu stray byte%s between the last record and the "
		    "signature: the bundle is malformed",
		    end - (size_t)(p - data), end - (size_t)(p - data) == 1 ?
		    "" : "s");
		return -1;
	}
	if (fn == NULL)
		return 0;
	p = data + BUNDLE_HEADER_BYTES;
	for (i = 0; i < h->count; i++) {
		record_at(p, &r);
		if (fn(cls, &r) != 0) {
			if (why->len == 0)
				buf_set(why, "stopped at record %lu (number %llu)",
				    (unsigned long)i + 1,
				    (unsigned long long)r.seq);
			return -1;
		}
		p += RECORD_HEAD + r.len;
	}
	return 0;
}

struct record_opener {
	unsigned char	 xpk[crypto_box_PUBLICKEYBYTES];
	unsigned char	*xsk;		/* locked: crypto_box_SECRETKEYBYTES */
	unsigned char	*plain;		/* locked: BUNDLE_SEALED_MAX + 1 */
	unsigned char	 id[KEY_ID_BYTES];
};

struct record_opener *
record_opener_new(const struct secret_key *office, struct buf *why)
{
	struct record_opener *o;

	if (sodium_init() < 0) {
		buf_set(why, "libsodium could not start");
		return NULL;
	}
	if (office->sk == NULL || office->role != KEY_OFFICE) {
		buf_set(why, "a record is opened with the office's secret key");
		return NULL;
	}
	if ((o = calloc(1, sizeof(*o))) == NULL ||
	    (o->xsk = sodium_malloc(crypto_box_SECRETKEYBYTES)) == NULL ||
	    (o->plain = sodium_malloc(BUNDLE_SEALED_MAX + 1)) == NULL ||
	    crypto_sign_ed25519_pk_to_curve25519(o->xpk, office->pk) != 0 ||
	    crypto_sign_ed25519_sk_to_curve25519(o->xsk, office->sk) != 0) {
		record_opener_free(o);
		buf_set(why, "out of memory opening the records");
		return NULL;
	}
	memcpy(o->id, office->id, sizeof(o->id));
	return o;
}

void
record_opener_free(struct record_opener *o)
{
	if (o == NULL)
		return;
	if (o->xsk != NULL)
		sodium_free(o->xsk);	/* zeroes it */
	if (o->plain != NULL)
		sodium_free(o->plain);
	free(o);
}

int
record_open(struct record_opener *o, const unsigned char *sealed, size_t len,
    const unsigned char **plain, size_t *plen, struct buf *why)
{
	char	 idhex[KEY_ID_HEX];
	size_t	 mlen, n;

	*plain = NULL;
	*plen = 0;
	if (sealed == NULL || len < BUNDLE_SEALED_MIN ||
	    len > BUNDLE_SEALED_MAX) {
		buf_set(why, "the sealed record is %zu bytes; one is %d to %d",
		    sealed == NULL ? 0 : len, BUNDLE_SEALED_MIN,
		    BUNDLE_SEALED_MAX);
		return -1;
	}
	mlen = len - crypto_box_SEALBYTES;
	if (crypto_box_seal_open(o->plain, sealed, len, o->xpk, o->xsk) != 0) {
		key_id_hex(o->id, idhex);
		buf_set(why, "the record does not open with this office's key "
		    "(id %s): it was sealed to another office key, or "
		    "altered", idhex);
		return -1;
	}
	if (mlen == 0 || mlen % BUNDLE_RECORD_PAD != 0 ||
	    sodium_unpad(&n, o->plain, mlen, BUNDLE_RECORD_PAD) != 0) {
		sodium_memzero(o->plain, mlen);
		buf_set(why, "the record opens, but its padding is wrong: it was "
		    "not made by candour-kiosk");
		return -1;
	}
	o->plain[n] = '\0';
	*plain = o->plain;
	*plen = n;
	return 0;
}

int
bundle_open_record(const struct secret_key *office,
    const unsigned char *sealed, size_t len, unsigned char **plain,
    size_t *plen, struct buf *why)
{
	struct record_opener *o;
	const unsigned char *text;
	int		 rc = -1;

	*plain = NULL;
	*plen = 0;
	if ((o = record_opener_new(office, why)) == NULL)
		return -1;
	if (record_open(o, sealed, len, &text, plen, why) == 0) {
		if ((*plain = sodium_malloc(*plen + 1)) == NULL) {
			buf_set(why, "out of memory opening the record");
			*plen = 0;
		} else {
			memcpy(*plain, text, *plen + 1);
			rc = 0;
		}
	}
	record_opener_free(o);
	return rc;
}

int
ack_write(struct buf *out, const struct ack *a, const struct secret_key *office,
    struct buf *why)
{
	unsigned char	 head[ACK_HEADER_BYTES], e[ACK_ENTRY_BYTES];
	unsigned char	 sig[BUNDLE_SIG_BYTES];
	uint32_t	 i;

	buf_truncate(out, 0);
	if (!bundle_kiosk_id_ok(a->kiosk_id)) {
		buf_set(why, "the kiosk id is not well formed");
		return -1;
	}
	if (office->sk == NULL || office->role != KEY_OFFICE) {
		buf_set(why, "an acknowledgement is signed with the office's "
		    "secret key");
		return -1;
	}
	if (a->created < 0) {
		buf_set(why, "the time is before 1970: check the clock");
		return -1;
	}
	if (a->count > BUNDLE_MAX_RECORDS || (a->count > 0 &&
	    a->entries == NULL)) {
		buf_set(why, "an acknowledgement names at most %d records",
		    BUNDLE_MAX_RECORDS);
		return -1;
	}
	for (i = 0; i < a->count; i++)
		if (a->entries[i].seq == 0) {
			buf_set(why, "entry %lu has sequence number 0",
			    (unsigned long)i + 1);
			return -1;
		}
	memset(head, 0, sizeof(head));
	memcpy(head, ACK_MAGIC, MAGIC_BYTES);
	put32(head + OFF_VERSION, ACK_VERSION);
	memcpy(head + OFF_KIOSK, a->kiosk_id, strlen(a->kiosk_id));
	memcpy(head + OFF_BUNDLE_ID, a->bundle_id, BUNDLE_ID_BYTES);
	/* The key that signs it, whatever a says. */
	memcpy(head + OFF_OFFICE_KEY, office->id, KEY_ID_BYTES);
	put64(head + OFF_CREATED, (uint64_t)a->created);
	put32(head + OFF_ACK_COUNT, a->count);
	buf_put(out, (const char *)head, sizeof(head));
	for (i = 0; i < a->count; i++) {
		put64(e, a->entries[i].seq);
		memcpy(e + 8, a->entries[i].sid, UUID_BYTES);
		buf_put(out, (const char *)e, sizeof(e));
	}
	if (!out->err) {
		crypto_sign_detached(sig, NULL,
		    (const unsigned char *)out->data, out->len, office->sk);
		buf_put(out, (const char *)sig, sizeof(sig));
	}
	if (out->err) {
		buf_set(why, "out of memory writing the acknowledgement");
		return -1;
	}
	return 0;
}

int
ack_read(const unsigned char *data, size_t len, const struct public_key *office,
    const char *kiosk_id, struct ack *a, struct buf *why)
{
	char		 have[KEY_ID_HEX], want[KEY_ID_HEX];
	const unsigned char *p;
	uint64_t	 created;
	size_t		 n;
	uint32_t	 i;

	memset(a, 0, sizeof(*a));
	if (check_start(data, len, ACK_MAGIC, ACK_MIN_BYTES, ACK_MAX_BYTES,
	    "acknowledgement", why) == -1)
		return -1;
	if (office->role != KEY_OFFICE) {
		buf_set(why, "an acknowledgement is checked with the office's "
		    "public key");
		return -1;
	}
	if (sodium_memcmp(data + OFF_OFFICE_KEY, office->id,
	    KEY_ID_BYTES) != 0) {
		key_id_hex(data + OFF_OFFICE_KEY, have);
		key_id_hex(office->id, want);
		buf_set(why, "it was signed by another office key (id %s); this "
		    "kiosk's office key is %s", have, want);
		return -1;
	}
	if (crypto_sign_verify_detached(data + len - BUNDLE_SIG_BYTES, data,
	    len - BUNDLE_SIG_BYTES, office->pk) != 0) {
		key_id_hex(office->id, want);
		buf_set(why, "the signature does not match: the file was altered "
		    "or was not made with the office key %s", want);
		return -1;
	}
	if (kiosk_field(data + OFF_KIOSK, a->kiosk_id) == -1) {
		buf_set(why, "the kiosk id in the header is not well formed: the "
		    "file is damaged");
		return -1;
	}
	if (kiosk_id == NULL || strcmp(a->kiosk_id, kiosk_id) != 0) {
		buf_set(why, "it is for kiosk %s, not this kiosk (%s)",
		    a->kiosk_id, kiosk_id != NULL &&
		    bundle_kiosk_id_ok(kiosk_id) ? kiosk_id : "?");
		memset(a, 0, sizeof(*a));
		return -1;
	}
	memcpy(a->bundle_id, data + OFF_BUNDLE_ID, BUNDLE_ID_BYTES);
	memcpy(a->office_key_id, data + OFF_OFFICE_KEY, KEY_ID_BYTES);
	created = get64(data + OFF_CREATED);
	a->count = get32(data + OFF_ACK_COUNT);
	n = len - ACK_MIN_BYTES;
	if (created > INT64_MAX || n % ACK_ENTRY_BYTES != 0 ||
	    a->count != n / ACK_ENTRY_BYTES) {
		buf_set(why, "the acknowledgement is malformed: %s",
		    created > INT64_MAX ? "its time is before 1970" :
		    "its entry count does not match its length");
		memset(a, 0, sizeof(*a));
		return -1;
	}
	a->created = (int64_t)created;
	if (a->count == 0)
		return 0;
	if ((a->entries = calloc(a->count, sizeof(*a->entries))) == NULL) {
		buf_set(why, "out of memory reading the acknowledgement");
		memset(a, 0, sizeof(*a));
		return -1;
	}
	p = data + ACK_HEADER_BYTES;
	for (i = 0; i < a->count; i++, p += ACK_ENTRY_BYTES) {
		a->entries[i].seq = get64(p);
		memcpy(a->entries[i].sid, p + 8, UUID_BYTES);
		if (a->entries[i].seq == 0) {
			buf_set(why, "entry %lu has sequence number 0: the "
			    "acknowledgement is malformed",
			    (unsigned long)i + 1);
			ack_free(a);
			return -1;
		}
	}
	return 0;
}

void
ack_free(struct ack *a)
{
	if (a == NULL)
		return;
	free(a->entries);
	memset(a, 0, sizeof(*a));
}
