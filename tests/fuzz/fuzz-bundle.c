/*
 * fuzz-bundle: a libFuzzer harness for the wire formats of kiosk-to-office
 * sync (generator/bundle.c, kiosk/BUNDLE.md): a bundle read as the office
 * reads it (bundle_peek, bundle_verify with a fixed test kiosk key,
 * bundle_parse), its records opened (bundle_open_record), and an
 * acknowledgement read as a kiosk reads it (ack_read).
 *
 * Each input is used three ways:
 *
 *	raw	as a whole bundle (peek, verify, parse; and parse again
 *		without the verify, which must be just as safe) and as a
 *		whole ack;
 *	bundle	as everything before a bundle's signature, signed here with
 *		the test kiosk key, so the fuzzer gets past the signature to
 *		the structure checks;
 *	ack	as everything before an ack's signature, signed here with the
 *		test office key.
 *
 * Whatever is taken must keep the promises of bundle.h: records in
 * strictly increasing order within the header's range, of allowed
 * lengths, inside the bytes before the signature, as many as the header
 * says; and it must be written back, by bundle_begin/add/finish or
 * ack_write, to exactly the input (so reading and writing agree). A
 * record is opened as it stands, and its bytes are also sealed here to
 * the test office key and opened, so the unpadding sees fuzzed text. A
 * broken promise aborts, so libFuzzer saves the input.
 *
 * The seeds in tests/fuzz/corpus/bundle are made by this harness:
 *
 *	CANDOUR_FUZZ_WRITE_SEEDS=tests/fuzz/corpus/bundle \
 *	    build/fuzz/fuzz-bundle
 *
 * Build and run: make -f Makefile -f tests/fuzz/fuzz.mk fuzz-bundle-run (or
 * fuzz-smoke, which runs every harness).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "buf.h"
#include "bundle.h"
#include "keys.h"

int	 LLVMFuzzerInitialize(int *, char ***);
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define KIOSK	"K03"

static struct secret_key kiosk_sk, office_sk;
static struct public_key kiosk_pk, office_pk;

static void
check_failed(const char *what)
{
	fprintf(stderr, "fuzz-bundle: %s\n", what);
	abort();
}

static void
seed_key(enum key_role role, unsigned char c, struct secret_key *sk,
    struct public_key *pk)
{
	unsigned char	 seed[crypto_sign_SEEDBYTES];

	memset(seed, c, sizeof(seed));
	if ((sk->sk = sodium_malloc(crypto_sign_SECRETKEYBYTES)) == NULL)
		abort();
	crypto_sign_seed_keypair(sk->pk, sk->sk, seed);
	sk->role = pk->role = role;
	key_id(sk->pk, sk->id);
	memcpy(pk->pk, sk->pk, sizeof(pk->pk));
	memcpy(pk->id, sk->id, sizeof(pk->id));
}

/* What a parse hands on, checked as it comes. */
struct seen {
	const unsigned char	*data;
	size_t			 len;
	const struct bundle_header *h;
	struct bundle_record	 r[8];	/* the first few, to write back */
	size_t			 n;
	uint64_t		 prev;
	int			 open;	/* open the first few records */
};

static void
open_record(const unsigned char *sealed, size_t len)
{
	struct buf	 why = BUF_INIT;
	unsigned char	 x[crypto_box_PUBLICKEYBYTES], *box, *plain;
	size_t		 plen;

	/* As it stands: it opens only if sealed to the test office key. */
	if (bundle_open_record(&office_sk, sealed, len, &plain, &plen,
	    &why) == 0) {
		if (plen > len - crypto_box_SEALBYTES || plain[plen] != '\0')
			check_failed("an opened record is longer than it was");
		sodium_free(plain);
	} else if (plain != NULL || plen != 0 || why.len == 0)
		check_failed("a record that did not open left something");
	/* Its bytes sealed here, so unpadding sees the fuzzer's text. */
	if (len - crypto_box_SEALBYTES > 4096 || key_box_public(&office_pk,
	    x) == -1 || (box = malloc(len + crypto_box_SEALBYTES)) == NULL) {
		buf_free(&why);
		return;
	}
	crypto_box_seal(box, sealed, len, x);
	if (bundle_open_record(&office_sk, box, len + crypto_box_SEALBYTES,
	    &plain, &plen, &why) == 0) {
		if (plen > len || plain[plen] != '\0' || len % 1024 != 0 ||
		    memcmp(plain, sealed, plen) != 0)
			check_failed("unpadding gave something else");
		sodium_free(plain);
	}
	free(box);
	buf_free(&why);
}

static int
check_record(void *cls, const struct bundle_record *r)
{
	struct seen	*s = cls;

	if (r->seq == 0 || (s->n > 0 && r->seq <= s->prev) ||
	    (s->n == 0 && r->seq != s->h->first_seq) ||
	    r->seq > s->h->last_seq)
		check_failed("a record out of order was handed on");
	if (r->len < BUNDLE_SEALED_MIN || r->len > BUNDLE_SEALED_MAX)
		check_failed("a record of a bad length was handed on");
	if (r->sealed < s->data + BUNDLE_HEADER_BYTES + 28 ||
	    r->sealed > s->data + s->len - BUNDLE_SIG_BYTES ||
	    (size_t)(s->data + s->len - BUNDLE_SIG_BYTES - r->sealed) <
	    r->len)
		check_failed("a record outside the bundle was handed on");
	if (s->n < 8)
		s->r[s->n] = *r;
	if (s->open && s->n < 2)
		open_record(r->sealed, r->len);
	s->prev = r->seq;
	s->n++;
	return 0;
}

/* Read data as the office does: 0 if every step took it, else the step
 * that refused it (1 peek, 2 verify, 3 parse). */
static int
read_bundle(const unsigned char *data, size_t len, int verify, int open,
    struct bundle_header *h, struct seen *s)
{
	struct buf	 why = BUF_INIT;
	int		 rc;

	memset(s, 0, sizeof(*s));
	s->data = data;
	s->len = len;
	s->h = h;
	s->open = open;
	if (bundle_peek(data, len, h, &why) == -1) {
		if (why.len == 0)
			check_failed("peek refused with no reason");
		rc = 1;
		goto out;
	}
	if (!bundle_kiosk_id_ok(h->kiosk_id))
		check_failed("peek took a bad kiosk id");
	if (verify && bundle_verify(data, len, &kiosk_pk, &why) == -1) {
		rc = 2;
		goto out;
	}
	buf_truncate(&why, 0);
	if (bundle_parse(data, len, h, check_record, s, &why) == -1) {
		if (why.len == 0)
			check_failed("parse refused with no reason");
		if (s->n != 0)
			check_failed("parse refused after handing records on");
		rc = 3;
		goto out;
	}
	if (s->n != h->count)
		check_failed("parse handed on other than count records");
	rc = 0;
out:
	buf_free(&why);
	return rc;
}

/* A bundle taken must be written back, byte for byte, from what was read
 * (when it is small enough to have kept every record). */
static void
write_back(const unsigned char *data, size_t len,
    const struct bundle_header *h, const struct seen *s)
{
	struct buf	 out = BUF_INIT, why = BUF_INIT;
	size_t		 i;

	if (s->n > 8)
		return;
	bundle_begin(&out, h);
	for (i = 0; i < s->n; i++)
		if (bundle_add(&out, &s->r[i], &why) == -1)
			check_failed("a record taken could not be written");
	if (bundle_finish(&out, &kiosk_sk, &why) == -1)
		check_failed("a bundle taken could not be written");
	if (out.len != len || memcmp(out.data, data, len) != 0)
		check_failed("a bundle taken is written back differently");
	buf_free(&out);
	buf_free(&why);
}

static void
read_ack(const unsigned char *data, size_t len)
{
	struct buf	 out = BUF_INIT, why = BUF_INIT;
	struct ack	 a;
	uint32_t	 i;

	if (ack_read(data, len, &office_pk, KIOSK, &a, &why) == -1) {
		if (why.len == 0 || a.entries != NULL || a.count != 0)
			check_failed("a refused ack left something, or no "
			    "reason");
		goto out;
	}
	if (strcmp(a.kiosk_id, KIOSK) != 0 || memcmp(a.office_key_id,
	    office_pk.id, KEY_ID_BYTES) != 0 || a.created < 0 ||
	    len != ACK_HEADER_BYTES + (size_t)a.count * ACK_ENTRY_BYTES +
	    BUNDLE_SIG_BYTES || (a.count > 0 && a.entries == NULL))
		check_failed("an ack taken breaks a promise");
	for (i = 0; i < a.count; i++)
		if (a.entries[i].seq == 0)
			check_failed("an ack entry numbered 0 was taken");
	if (ack_write(&out, &a, &office_sk, &why) == -1 || out.len != len ||
	    memcmp(out.data, data, len) != 0)
		check_failed("an ack taken is written back differently");
out:
	ack_free(&a);
	buf_free(&out);
	buf_free(&why);
}

/* body followed by its signature with sk, in a new buffer. */
static unsigned char *
signed_copy(const uint8_t *body, size_t size, const struct secret_key *sk)
{
	unsigned char	*d;

	if ((d = malloc(size + crypto_sign_BYTES)) == NULL)
		return NULL;
	if (size > 0)
		memcpy(d, body, size);
	crypto_sign_detached(d + size, NULL, d, size, sk->sk);
	return d;
}

/* The seed corpus, made with the keys above. */
static void
write_seed(const char *dir, const char *name, const void *data, size_t n,
    int body)
{
	char	 path[4096];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, body ? n - crypto_sign_BYTES : n, f) !=
	    (body ? n - crypto_sign_BYTES : n) || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static void
write_seeds(const char *dir)
{
	static const char *const texts[] = {
		"{\"form\":1,\"sid\":\"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\"}",
		"{\"form\":1,\"what\":\"the lift\"}",
	};
	struct buf	 b = BUF_INIT, why = BUF_INIT;
	struct bundle_header h;
	struct bundle_record r;
	struct ack	 a;
	struct ack_entry e[3];
	unsigned char	 x[crypto_box_PUBLICKEYBYTES], padded[2048];
	unsigned char	 sealed[2048 + crypto_box_SEALBYTES];
	static const unsigned char fill[60];
	size_t		 i, n, plen;

	memset(&h, 0, sizeof(h));
	memcpy(h.kiosk_id, KIOSK, sizeof(KIOSK));
	memset(h.bundle_id, 0x9f, sizeof(h.bundle_id));
	memcpy(h.office_key_id, office_pk.id, KEY_ID_BYTES);
	h.created = 1796000000;

	/* Three short stand-ins for sealed records. */
	bundle_begin(&b, &h);
	for (i = 0; i < 3; i++) {
		memset(&r, 0, sizeof(r));
		r.seq = 140 + i * i;
		memset(r.sid, (int)(0x10 + i), sizeof(r.sid));
		r.sealed = fill;
		r.len = (uint32_t)(BUNDLE_SEALED_MIN + i);
		if (bundle_add(&b, &r, &why) == -1)
			abort();
	}
	if (bundle_finish(&b, &kiosk_sk, &why) == -1)
		abort();
	write_seed(dir, "bundle-3", b.data, b.len, 0);
	write_seed(dir, "bundle-body-3", b.data, b.len, 1);

	/* Two real sealed records, which open with the office key. */
	key_box_public(&office_pk, x);
	bundle_begin(&b, &h);
	for (i = 0; i < 2; i++) {
		n = strlen(texts[i]);
		memcpy(padded, texts[i], n);
		if (sodium_pad(&plen, padded, n, BUNDLE_RECORD_PAD,
		    sizeof(padded)) != 0)
			abort();
		crypto_box_seal(sealed, padded, plen, x);
		memset(&r, 0, sizeof(r));
		r.seq = 7 + i;
		uuid_parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", r.sid);
		r.sid[15] += (unsigned char)i;
		r.sealed = sealed;
		r.len = (uint32_t)(plen + crypto_box_SEALBYTES);
		if (bundle_add(&b, &r, &why) == -1)
			abort();
	}
	if (bundle_finish(&b, &kiosk_sk, &why) == -1)
		abort();
	write_seed(dir, "bundle-sealed-2", b.data, b.len, 0);
	write_seed(dir, "bundle-body-sealed-2", b.data, b.len, 1);

	/* No records. */
	bundle_begin(&b, &h);
	if (bundle_finish(&b, &kiosk_sk, &why) == -1)
		abort();
	write_seed(dir, "bundle-empty", b.data, b.len, 0);
	write_seed(dir, "bundle-body-empty", b.data, b.len, 1);

	/* Acks of three entries and of none. */
	memset(&a, 0, sizeof(a));
	memcpy(a.kiosk_id, KIOSK, sizeof(KIOSK));
	memset(a.bundle_id, 0x9f, sizeof(a.bundle_id));
	a.created = 1796000100;
	for (i = 0; i < 3; i++) {
		e[i].seq = 140 + i * i;
		memset(e[i].sid, (int)(0x10 + i), UUID_BYTES);
	}
	a.entries = e;
	a.count = 3;
	if (ack_write(&b, &a, &office_sk, &why) == -1)
		abort();
	write_seed(dir, "ack-3", b.data, b.len, 0);
	write_seed(dir, "ack-body-3", b.data, b.len, 1);
	a.count = 0;
	if (ack_write(&b, &a, &office_sk, &why) == -1)
		abort();
	write_seed(dir, "ack-empty", b.data, b.len, 0);
	write_seed(dir, "ack-body-empty", b.data, b.len, 1);
	buf_free(&b);
	buf_free(&why);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*dir;

	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	seed_key(KEY_KIOSK, 1, &kiosk_sk, &kiosk_pk);
	seed_key(KEY_OFFICE, 3, &office_sk, &office_pk);
	if ((dir = getenv("CANDOUR_FUZZ_WRITE_SEEDS")) != NULL) {
		write_seeds(dir);
		exit(0);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bundle_header h;
	struct seen	 s;
	unsigned char	*d;

	/* Raw: a whole bundle, then parsed with no verify; a whole ack. */
	if (read_bundle(data, size, 1, 1, &h, &s) == 0)
		write_back(data, size, &h, &s);
	(void)read_bundle(data, size, 0, 0, &h, &s);
	read_ack(data, size);

	/* Signed here: the structure checks behind the signature. A
	 * bundle that peek takes must then verify. */
	if ((d = signed_copy(data, size, &kiosk_sk)) != NULL) {
		switch (read_bundle(d, size + crypto_sign_BYTES, 1, 1, &h,
		    &s)) {
		case 0:
			write_back(d, size + crypto_sign_BYTES, &h, &s);
			break;
		case 2:
			check_failed("a bundle signed here failed to verify");
			break;
		}
		free(d);
	}
	if ((d = signed_copy(data, size, &office_sk)) != NULL) {
		read_ack(d, size + crypto_sign_BYTES);
		free(d);
	}
	return 0;
}
