/*
 * Unit tests of kiosk-to-office sync's shared formats (kiosk/BUNDLE.md):
 * key ids and fingerprints against an independent known answer, key files
 * (written, read back, and every way of refusing one), bundles (written,
 * peeked, verified, parsed and their records opened; every cut and every
 * changed byte refused; well-signed but malformed ones refused) and
 * acknowledgements (the same). Prints "ok - NAME" or "not ok - NAME" per
 * check and exits 1 if any failed. Runs from anywhere: its files go in a
 * new folder under TMPDIR (or /tmp), removed at the end.
 */
#define _XOPEN_SOURCE 700	/* posix_openpt, grantpt, unlockpt, ptsname */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "buf.h"
#include "bundle.h"
#include "fsutil.h"
#include "keys.h"

static int	 failed;
static char	 tmp[4096];	/* the test's own folder */

static void
expect(const char *name, int cond)
{
	printf("%s - %s\n", cond ? "ok" : "not ok", name);
	if (!cond)
		failed = 1;
}

static void
expect_str(const char *name, const char *want, const char *got)
{
	if (strcmp(want, got) == 0) {
		printf("ok - %s\n", name);
		return;
	}
	printf("not ok - %s\n    want: %s\n    got:  %s\n", name, want, got);
	failed = 1;
}

/* ok when rc is -1 and why holds want; otherwise says what came back. */
static void
expect_refused(const char *name, int rc, const struct buf *why,
    const char *want)
{
	if (rc == -1 && strstr(buf_str(why), want) != NULL) {
		printf("ok - %s\n", name);
		return;
	}
	printf("not ok - %s\n    want: -1 and a message with '%s'\n"
	    "    got:  %d '%s'\n", name, want, rc, buf_str(why));
	failed = 1;
}

/* The path of name in the test's folder (one of two at a time). */
static const char *
path(const char *name)
{
	static char	 p[2][4200];
	static int	 i;

	i = !i;
	snprintf(p[i], sizeof(p[i]), "%s/%s", tmp, name);
	return p[i];
}

static int
write_text(const char *name, const char *text, size_t n)
{
	FILE	*f;
	int	 rc = 0;

	if ((f = fopen(path(name), "w")) == NULL)
		return -1;
	if (fwrite(text, 1, n, f) != n)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

/* The whole of file name into out (NUL-terminated); its length, or -1. */
static long
read_text(const char *name, char *out, size_t max)
{
	FILE	*f;
	size_t	 n;

	if ((f = fopen(path(name), "r")) == NULL)
		return -1;
	n = fread(out, 1, max - 1, f);
	fclose(f);
	out[n] = '\0';
	return (long)n;
}

/* A key pair made from a seed of 32 copies of c, so tests repeat. */
static void
seed_key(enum key_role role, unsigned char c, struct secret_key *sk)
{
	unsigned char	 seed[crypto_sign_SEEDBYTES];

	memset(sk, 0, sizeof(*sk));
	memset(seed, c, sizeof(seed));
	if ((sk->sk = sodium_malloc(crypto_sign_SECRETKEYBYTES)) == NULL) {
		fprintf(stderr, "sync: out of memory\n");
		exit(2);
	}
	crypto_sign_seed_keypair(sk->pk, sk->sk, seed);
	sk->role = role;
	key_id(sk->pk, sk->id);
}

static void
public_of(const struct secret_key *sk, struct public_key *pk)
{
	memset(pk, 0, sizeof(*pk));
	pk->role = sk->role;
	memcpy(pk->pk, sk->pk, sizeof(pk->pk));
	memcpy(pk->id, sk->id, sizeof(pk->id));
}

/* Keys shared by the tests below. */
static struct secret_key kiosk_sk, other_kiosk_sk, office_sk, other_office_sk;
static struct public_key kiosk_pk, other_kiosk_pk, office_pk, other_office_pk;

/*
 * Key ids and fingerprints. The known answer is RFC 8032's first Ed25519
 * test key; its id was worked out apart from libsodium, with Python's
 * hashlib: blake2b(pk, digest_size=32).hexdigest()[:16].
 */
static void
test_ids(void)
{
	unsigned char	 seed[crypto_sign_SEEDBYTES], id[KEY_ID_BYTES];
	unsigned char	 pk[crypto_sign_PUBLICKEYBYTES], want_pk[sizeof(pk)];
	unsigned char	 sk[crypto_sign_SECRETKEYBYTES];
	char		 hex[KEY_ID_HEX], fp[KEY_FP_LEN];
	size_t		 bin;

	sodium_hex2bin(seed, sizeof(seed), "9d61b19deffd5a60ba844af492ec2cc4"
	    "4449c5697b326919703bac031cae7f60", 64, NULL, &bin, NULL);
	sodium_hex2bin(want_pk, sizeof(want_pk), "d75a980182b10ab7d54bfed3c9"
	    "64073a0ee172f3daa62325af021a68f707511a", 64, NULL, &bin, NULL);
	crypto_sign_seed_keypair(pk, sk, seed);
	expect("ids: RFC 8032 test 1's seed gives its public key",
	    memcmp(pk, want_pk, sizeof(pk)) == 0);
	key_id(pk, id);
	key_id_hex(id, hex);
	expect_str("ids: key id is BLAKE2b-256(pk)[0..8) in lower-case hex",
	    "7849ac3049680be1", hex);
	key_fingerprint(id, fp);
	expect_str("ids: fingerprint is the id in upper case, in fours",
	    "7849-AC30-4968-0BE1", fp);
	expect("ids: the fingerprint fills KEY_FP_LEN exactly",
	    strlen(fp) + 1 == KEY_FP_LEN && strlen(hex) + 1 == KEY_ID_HEX);
	expect("ids: role names", strcmp(key_role_name(KEY_OFFICE),
	    "office") == 0 && strcmp(key_role_name(KEY_KIOSK), "kiosk") == 0);
	sodium_memzero(sk, sizeof(sk));
}

/* The passphrase of the tests' encrypted keys. */
#define PASS	"correct horse battery staple"

static void
test_key_files(void)
{
	struct secret_key sk, back;
	struct public_key pk;
	struct buf	 why = BUF_INIT;
	struct stat	 st;
	char		 text[KEY_FILE_MAX + 64], *p;
	long		 n;
	int		 rc;

	/* Public keys. */
	expect("keys: a new key pair is made", key_generate(KEY_OFFICE, &sk,
	    &why) == 0 && sk.sk != NULL && sk.role == KEY_OFFICE);
	public_of(&sk, &pk);
	expect("keys: the public key file is written",
	    key_write_public(path("office.pub"), &pk, &why) == 0);
	memset(&pk, 0xa5, sizeof(pk));
	rc = key_read_public(path("office.pub"), KEY_OFFICE, &pk, &why);
	expect("keys: the public key file reads back the same key", rc == 0 &&
	    pk.role == KEY_OFFICE && memcmp(pk.pk, sk.pk, sizeof(pk.pk)) ==
	    0 && memcmp(pk.id, sk.id, sizeof(pk.id)) == 0);
	n = read_text("office.pub", text, sizeof(text));
	expect("keys: the public key file says what it is, with its "
	    "fingerprint", n > 0 && strncmp(text, "# candour office public "
	    "key", 26) == 0 && strstr(text, "\n# fingerprint ") != NULL &&
	    strstr(text, "\ncandour-public-key 1 office ") != NULL);
	expect_refused("keys: an existing public key file is not overwritten",
	    key_write_public(path("office.pub"), &pk, &why), &why,
	    "already exists");
	expect("keys: ... and is left as it was", read_text("office.pub",
	    text + 2048, 2048) == n && strncmp(text, text + 2048,
	    (size_t)n) == 0);
	expect_refused("keys: an office public key is refused as a kiosk's",
	    key_read_public(path("office.pub"), KEY_KIOSK, &pk, &why), &why,
	    "this is an office key, but a kiosk key is needed here");

	/* An encrypted secret key. */
	rc = key_write_secret(path("office.key"), &sk, PASS,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE, &why);
	expect("keys: the encrypted secret key file is written", rc == 0);
	expect("keys: ... with mode 0600", stat(path("office.key"), &st) ==
	    0 && (st.st_mode & 0777) == 0600);
	rc = key_read_secret(path("office.key"), KEY_OFFICE, PASS, &back,
	    &why);
	expect("keys: the encrypted secret key reads back with its "
	    "passphrase", rc == 0 && back.sk != NULL && back.role ==
	    KEY_OFFICE && memcmp(back.sk, sk.sk,
	    crypto_sign_SECRETKEYBYTES) == 0 && memcmp(back.pk, sk.pk,
	    sizeof(sk.pk)) == 0 && memcmp(back.id, sk.id, sizeof(sk.id)) ==
	    0);
	key_secret_free(&back);
	expect("keys: key_secret_free clears the key", back.sk == NULL);
	expect_refused("keys: a wrong passphrase is refused",
	    key_read_secret(path("office.key"), KEY_OFFICE, "not the "
	    "passphrase at all", &back, &why), &why,
	    "the passphrase is wrong, or the file was altered");
	expect("keys: ... and gives no key", back.sk == NULL);
	expect_refused("keys: no passphrase for an encrypted key says how "
	    "to give one", key_read_secret(path("office.key"), KEY_OFFICE,
	    NULL, &back, &why), &why, "set CANDOUR_PASSPHRASE");
	expect_refused("keys: an office secret key is refused as a kiosk's",
	    key_read_secret(path("office.key"), KEY_KIOSK, PASS, &back,
	    &why), &why, "this is an office key, but a kiosk key is needed");
	expect_refused("keys: the secret key file is refused as the public "
	    "one", key_read_public(path("office.key"), KEY_OFFICE, &pk, &why),
	    &why, "this is a secret key file, but the public key file is "
	    "needed here");
	expect_refused("keys: the public key file is refused as the secret "
	    "one", key_read_secret(path("office.pub"), KEY_OFFICE, PASS,
	    &back, &why), &why, "this is a public key file, but the secret");
	expect_refused("keys: an existing secret key file is not overwritten",
	    key_write_secret(path("office.key"), &sk, PASS,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE, &why), &why,
	    "already exists");
	expect_refused("keys: an office key is never written plain",
	    key_write_secret(path("office-plain.key"), &sk, NULL, 0, 0, &why),
	    &why, "always encrypted");
	expect("keys: ... and no file is left",
	    access(path("office-plain.key"), F_OK) == -1 && errno == ENOENT);
	/* The encrypted key with one hex digit of the box changed. */
	n = read_text("office.key", text, sizeof(text));
	p = strrchr(text, ' ');
	if (n > 0 && p != NULL) {
		p[10] = p[10] == '0' ? '1' : '0';
		write_text("office-altered.key", text, (size_t)n);
	}
	expect_refused("keys: an encrypted key with its box altered is "
	    "refused as a wrong passphrase is", key_read_secret(
	    path("office-altered.key"), KEY_OFFICE, PASS, &back, &why), &why,
	    "the passphrase is wrong, or the file was altered");
	key_secret_free(&sk);

	/* A plain (kiosk) secret key. */
	expect("keys: a kiosk key pair is made", key_generate(KEY_KIOSK, &sk,
	    &why) == 0);
	expect("keys: the plain kiosk secret key file is written",
	    key_write_secret(path("kiosk.key"), &sk, NULL, 0, 0, &why) == 0);
	expect("keys: ... with mode 0600", stat(path("kiosk.key"), &st) ==
	    0 && (st.st_mode & 0777) == 0600);
	rc = key_read_secret(path("kiosk.key"), KEY_KIOSK, NULL, &back, &why);
	expect("keys: the plain secret key reads back the same", rc == 0 &&
	    back.role == KEY_KIOSK && memcmp(back.sk, sk.sk,
	    crypto_sign_SECRETKEYBYTES) == 0 && memcmp(back.id, sk.id,
	    sizeof(sk.id)) == 0);
	key_secret_free(&back);
	n = read_text("kiosk.key", text, sizeof(text));
	expect("keys: the plain secret key line is as BUNDLE.md says",
	    n > 0 && strstr(text, "\ncandour-secret-key 1 kiosk plain ") !=
	    NULL);
	key_secret_free(&sk);
	buf_free(&why);
}

/* One sealed record: text padded as the kiosk pads it, sealed to pk. */
static unsigned char *
seal(const struct public_key *office, const char *text, uint32_t *len)
{
	unsigned char	 x[crypto_box_PUBLICKEYBYTES], *padded, *sealed;
	size_t		 n = strlen(text), plen;

	if (key_box_public(office, x) == -1 ||
	    (padded = malloc(n + BUNDLE_RECORD_PAD)) == NULL)
		return NULL;
	memcpy(padded, text, n);
	if (sodium_pad(&plen, padded, n, BUNDLE_RECORD_PAD,
	    n + BUNDLE_RECORD_PAD) != 0 ||
	    (sealed = malloc(plen + crypto_box_SEALBYTES)) == NULL) {
		free(padded);
		return NULL;
	}
	crypto_box_seal(sealed, padded, plen, x);
	free(padded);
	*len = (uint32_t)(plen + crypto_box_SEALBYTES);
	return sealed;
}

static const char *const texts[] = {
	"{\"form\":1,\"what\":\"the lift\"}",
	"{\"form\":1,\"what\":\"\xc5\xb5 \\u0000 a longer one\"}",
	"",
	"{\"form\":1,\"what\":\"three\"}",
};
#define NTEXTS (sizeof(texts) / sizeof(texts[0]))

static const uint64_t seqs[NTEXTS] = { 140, 141, 145, 151 };

/* What bundle_parse hands on, kept for the checks. */
struct got {
	size_t			 n;
	struct bundle_record	 r[16];
	int			 stop_at;	/* 0: never stop */
};

static int
keep(void *cls, const struct bundle_record *r)
{
	struct got	*g = cls;

	if (g->n < 16)
		g->r[g->n] = *r;
	g->n++;
	return g->stop_at != 0 && (int)g->n == g->stop_at ? -1 : 0;
}

static void
header(struct bundle_header *h, const char *kiosk)
{
	memset(h, 0, sizeof(*h));
	snprintf(h->kiosk_id, sizeof(h->kiosk_id), "%s", kiosk);
	memset(h->bundle_id, 0x9f, sizeof(h->bundle_id));
	memcpy(h->office_key_id, office_sk.id, KEY_ID_BYTES);
	h->created = 1796000000;
}

static void
test_bundle_round_trip(void)
{
	struct bundle_header h, back;
	struct bundle_record r;
	struct buf	 out = BUF_INIT, why = BUF_INIT;
	struct got	 g;
	unsigned char	*sealed[NTEXTS], *plain;
	char		 sid[UUID_TEXT];
	size_t		 i, plen;
	int		 ok = 1, rc;

	header(&h, "K03");
	bundle_begin(&out, &h);
	for (i = 0; i < NTEXTS; i++) {
		memset(&r, 0, sizeof(r));
		r.seq = seqs[i];
		memset(r.sid, (int)(0x10 + i), sizeof(r.sid));
		if ((sealed[i] = seal(&office_pk, texts[i], &r.len)) == NULL)
			ok = 0;
		r.sealed = sealed[i];
		if (ok && bundle_add(&out, &r, &why) == -1)
			ok = 0;
	}
	expect("bundle: records are added", ok);
	expect("bundle: it is signed", bundle_finish(&out, &kiosk_sk, &why) ==
	    0);
	expect("bundle: the header starts CNDRBNDL, version 1", out.len >
	    BUNDLE_MIN_BYTES && memcmp(out.data, "CNDRBNDL\0\0\0\1K03\0", 16)
	    == 0);
	rc = bundle_peek((unsigned char *)out.data, out.len, &back, &why);
	expect("bundle: peek reads the kiosk id", rc == 0 &&
	    strcmp(back.kiosk_id, "K03") == 0);
	expect("bundle: verify takes the kiosk's signature",
	    bundle_verify((unsigned char *)out.data, out.len, &kiosk_pk,
	    &why) == 0);
	memset(&g, 0, sizeof(g));
	rc = bundle_parse((unsigned char *)out.data, out.len, &back, keep, &g,
	    &why);
	expect("bundle: parse takes it", rc == 0);
	expect("bundle: parse fills the header", strcmp(back.kiosk_id,
	    "K03") == 0 && memcmp(back.bundle_id, h.bundle_id,
	    BUNDLE_ID_BYTES) == 0 && memcmp(back.office_key_id,
	    h.office_key_id, KEY_ID_BYTES) == 0 && back.created ==
	    h.created && back.first_seq == 140 && back.last_seq == 151 &&
	    back.count == NTEXTS);
	expect("bundle: parse hands on each record, in order", g.n ==
	    NTEXTS);
	for (i = 0, ok = 1; i < NTEXTS && i < g.n; i++)
		if (g.r[i].seq != seqs[i] || g.r[i].sid[0] != 0x10 + i ||
		    g.r[i].sealed < (unsigned char *)out.data ||
		    g.r[i].sealed + g.r[i].len > (unsigned char *)out.data +
		    out.len - BUNDLE_SIG_BYTES)
			ok = 0;
	expect("bundle: each record's number, id and place are right", ok);
	for (i = 0, ok = 1; i < NTEXTS && i < g.n; i++) {
		if (bundle_open_record(&office_sk, g.r[i].sealed, g.r[i].len,
		    &plain, &plen, &why) == -1) {
			ok = 0;
			continue;
		}
		if (plen != strlen(texts[i]) || memcmp(plain, texts[i],
		    plen) != 0 || plain[plen] != '\0')
			ok = 0;
		sodium_free(plain);
	}
	expect("bundle: each record opens with the office key to its text",
	    ok);
	if (g.n > 0) {
		expect_refused("bundle: a record does not open with another "
		    "office key", bundle_open_record(&other_office_sk,
		    g.r[0].sealed, g.r[0].len, &plain, &plen, &why), &why,
		    "sealed to another office key");
		expect("bundle: ... and gives nothing", plain == NULL &&
		    plen == 0);
	}
	memset(&g, 0, sizeof(g));
	g.stop_at = 2;
	expect_refused("bundle: parse stops when the callback says so",
	    bundle_parse((unsigned char *)out.data, out.len, &back, keep, &g,
	    &why), &why, "stopped at record 2 (number 141)");
	expect("bundle: ... after two records", g.n == 2);

	/* An empty bundle: 144 bytes, first and last 0. */
	header(&h, "K3ABCDEFGHIJKLM");
	bundle_begin(&out, &h);
	expect("bundle: one with no records is signed",
	    bundle_finish(&out, &kiosk_sk, &why) == 0 && out.len == 144);
	memset(&g, 0, sizeof(g));
	expect("bundle: ... and reads back, with a 15-letter kiosk id",
	    bundle_peek((unsigned char *)out.data, out.len, &back, &why) ==
	    0 && bundle_verify((unsigned char *)out.data, out.len, &kiosk_pk,
	    &why) == 0 && bundle_parse((unsigned char *)out.data, out.len,
	    &back, keep, &g, &why) == 0 && g.n == 0 && back.count == 0 &&
	    strcmp(back.kiosk_id, "K3ABCDEFGHIJKLM") == 0);

	/* UUIDs and kiosk ids. */
	memset(&r, 0, sizeof(r));
	expect("uuid: a UUID in upper case is parsed",
	    uuid_parse("0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0", r.sid) == 0 &&
	    r.sid[0] == 0x0f && r.sid[15] == 0xf0);
	uuid_format(r.sid, sid);
	expect_str("uuid: and written in lower case",
	    "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", sid);
	expect("uuid: bad ones are refused",
	    uuid_parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f", r.sid) == -1 &&
	    uuid_parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f00", r.sid) ==
	    -1 && uuid_parse("0f1e2d3c4b5a-6978-8796-a5b4c3d2e1f0-", r.sid) ==
	    -1 && uuid_parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1fg", r.sid) ==
	    -1 && uuid_parse("", r.sid) == -1);
	expect("kiosk id: good ones pass", bundle_kiosk_id_ok("K") &&
	    bundle_kiosk_id_ok("K03") && bundle_kiosk_id_ok("ABCDEFGHIJKLMNO"));
	expect("kiosk id: bad ones fail", !bundle_kiosk_id_ok("") &&
	    !bundle_kiosk_id_ok("k03") && !bundle_kiosk_id_ok("3K") &&
	    !bundle_kiosk_id_ok("K-3") && !bundle_kiosk_id_ok("K03 ") &&
	    !bundle_kiosk_id_ok("ABCDEFGHIJKLMNOP") &&
	    !bundle_kiosk_id_ok(NULL));

	for (i = 0; i < NTEXTS; i++)
		free(sealed[i]);
	buf_free(&out);
	buf_free(&why);
}

static struct ack_entry entries[3];

static void
make_ack(struct ack *a, const char *kiosk)
{
	size_t	 i;

	memset(a, 0, sizeof(*a));
	snprintf(a->kiosk_id, sizeof(a->kiosk_id), "%s", kiosk);
	memset(a->bundle_id, 0x9f, sizeof(a->bundle_id));
	a->created = 1796000100;
	for (i = 0; i < 3; i++) {
		entries[i].seq = 140 + i;
		memset(entries[i].sid, (int)(0x10 + i), UUID_BYTES);
	}
	a->count = 3;
	a->entries = entries;
}

static void
test_ack_round_trip(void)
{
	struct ack	 a, back;
	struct buf	 out = BUF_INIT, why = BUF_INIT;
	int		 rc;

	make_ack(&a, "K03");
	expect("ack: it is written", ack_write(&out, &a, &office_sk, &why) ==
	    0 && out.len == 64 + 3 * 24 + 64 &&
	    memcmp(out.data, "CNDRACKN\0\0\0\1K03\0", 16) == 0);
	rc = ack_read((unsigned char *)out.data, out.len, &office_pk, "K03",
	    &back, &why);
	expect("ack: it reads back the same", rc == 0 &&
	    strcmp(back.kiosk_id, "K03") == 0 && memcmp(back.bundle_id,
	    a.bundle_id, BUNDLE_ID_BYTES) == 0 && memcmp(back.office_key_id,
	    office_sk.id, KEY_ID_BYTES) == 0 && back.created == a.created &&
	    back.count == 3 && back.entries != NULL &&
	    memcmp(back.entries, entries, sizeof(entries)) == 0);
	ack_free(&back);
	expect("ack: ack_free empties it", back.entries == NULL &&
	    back.count == 0);
	a.count = 0;
	expect("ack: one with no entries is 128 bytes and reads back",
	    ack_write(&out, &a, &office_sk, &why) == 0 && out.len == 128 &&
	    ack_read((unsigned char *)out.data, out.len, &office_pk, "K03",
	    &back, &why) == 0 && back.count == 0 && back.entries == NULL);
	ack_free(&back);
	buf_free(&out);
	buf_free(&why);
}

/* Write text to file name and read it as a public key of role. */
static int
public_from(const char *name, const char *text, enum key_role role,
    struct buf *why)
{
	struct public_key pk;

	if (write_text(name, text, strlen(text)) == -1)
		return -2;
	return key_read_public(path(name), role, &pk, why);
}

static void
test_key_refusals(void)
{
	struct secret_key sk;
	struct public_key pk;
	struct buf	 why = BUF_INIT;
	char		 hex[2 * crypto_sign_PUBLICKEYBYTES + 1];
	char		 line[256], text[KEY_FILE_MAX + 256], *p;
	size_t		 n;
	long		 len;
	int		 rc;

	sodium_bin2hex(hex, sizeof(hex), office_pk.pk, sizeof(office_pk.pk));
	snprintf(line, sizeof(line), "candour-public-key 1 office %s\n", hex);
	expect("key files: a bare key line with no comments is read",
	    public_from("a.pub", line, KEY_OFFICE, &why) == 0);
	snprintf(text, sizeof(text), "# a comment\r\n\r\n%s", line);
	p = strrchr(text, '\n');
	memcpy(p, "\r\n", 3);
	expect("key files: lines ending \\r\\n and blank lines are read",
	    public_from("b.pub", text, KEY_OFFICE, &why) == 0);
	line[strlen(line) - 1] = '\0';
	expect("key files: a last line without its \\n is read",
	    public_from("c.pub", line, KEY_OFFICE, &why) == 0);

	snprintf(text, sizeof(text), "# x\ncandour-public-key 7 office %s\n",
	    hex);
	expect_refused("key files: a newer format version is refused, saying "
	    "to update", public_from("v7.pub", text, KEY_OFFICE, &why), &why,
	    "line 2: key file format version 7 is newer than this candour "
	    "knows (1); update candour");
	snprintf(text, sizeof(text), "candour-public-key 0 office %s\n", hex);
	expect_refused("key files: version 0 is refused", public_from(
	    "v0.pub", text, KEY_OFFICE, &why), &why,
	    "format version '0' is not one candour knows");
	snprintf(text, sizeof(text), "candour-public-key one office %s\n",
	    hex);
	expect_refused("key files: a version that is not a number is refused",
	    public_from("vx.pub", text, KEY_OFFICE, &why), &why,
	    "the format version 'one' is not a number");
	snprintf(text, sizeof(text), "candour-public-key 1 Office %s\n", hex);
	expect_refused("key files: an unknown role is refused", public_from(
	    "role.pub", text, KEY_OFFICE, &why), &why,
	    "the key's role 'Office' is neither office nor kiosk");
	snprintf(text, sizeof(text), "candour-public-key 1 office %s\n", hex);
	text[30] = 'g';
	expect_refused("key files: a public key with a non-hex digit is "
	    "refused", public_from("g.pub", text, KEY_OFFICE, &why), &why,
	    "line 1: the key is not 64 hexadecimal digits");
	snprintf(text, sizeof(text), "candour-public-key 1 office %.63s\n",
	    hex);
	expect_refused("key files: a public key a digit short is refused",
	    public_from("short.pub", text, KEY_OFFICE, &why), &why,
	    "not 64 hexadecimal digits");
	snprintf(text, sizeof(text), "candour-public-key 1 office %s 1\n",
	    hex);
	expect_refused("key files: a field too many is refused", public_from(
	    "more.pub", text, KEY_OFFICE, &why), &why, "has 4 fields, and "
	    "this one has 5");
	snprintf(text, sizeof(text), "candour-public-key 1 office  %s\n",
	    hex);
	expect_refused("key files: two spaces between fields are refused",
	    public_from("spaces.pub", text, KEY_OFFICE, &why), &why,
	    "has 4 fields");
	snprintf(text, sizeof(text), "candour-public-key 1 office %064d\n",
	    0);
	expect_refused("key files: a key that is no Ed25519 point is refused",
	    public_from("zero.pub", text, KEY_OFFICE, &why), &why,
	    "not a valid Ed25519 public key");
	expect_refused("key files: a file of comments only is refused",
	    public_from("none.pub", "# nothing\n#\n", KEY_OFFICE, &why), &why,
	    "has no key line");
	expect_refused("key files: an empty file is refused", public_from(
	    "empty.pub", "", KEY_OFFICE, &why), &why, "has no key line");
	snprintf(text, sizeof(text), "%s\n%s\n", line, line);
	expect_refused("key files: two key lines are refused", public_from(
	    "two.pub", text, KEY_OFFICE, &why), &why,
	    "line 2: a second key line (the first is line 1)");
	expect_refused("key files: another kind of file is refused",
	    public_from("ssh.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 me\n",
	    KEY_OFFICE, &why), &why, "this is not a candour key file (it "
	    "should start 'candour-public-key', not 'ssh-ed25519')");
	memcpy(text, "# \0\n", 4);
	snprintf(text + 4, sizeof(text) - 4, "%s\n", line);
	write_text("nul.pub", text, 4 + strlen(text + 4));
	expect_refused("key files: a NUL byte is refused", key_read_public(
	    path("nul.pub"), KEY_OFFICE, &pk, &why), &why, "NUL byte");

	/* The size limit: exactly KEY_FILE_MAX is read, one more is not. */
	n = strlen(line) + 1;
	memset(text, '#', KEY_FILE_MAX - n);
	text[KEY_FILE_MAX - n - 1] = '\n';
	snprintf(text + KEY_FILE_MAX - n, n + 1, "%s\n", line);
	expect("key files: a file of exactly 4096 bytes is read",
	    strlen(text) == KEY_FILE_MAX && public_from("max.pub", text,
	    KEY_OFFICE, &why) == 0);
	memmove(text + 1, text, KEY_FILE_MAX + 1);
	expect_refused("key files: a file of 4097 bytes is refused as too "
	    "long", public_from("toolong.pub", text, KEY_OFFICE, &why), &why,
	    "is over 4096 bytes, too long for a key file");
	expect_refused("key files: a missing file is refused, naming the "
	    "cause", key_read_public(path("missing.pub"), KEY_OFFICE, &pk,
	    &why), &why, "cannot open it: No such file");
	expect_refused("key files: a folder is refused", key_read_public(tmp,
	    KEY_OFFICE, &pk, &why), &why, "is not a regular file");
	if (mkfifo(path("fifo.pub"), 0600) == 0)
		expect_refused("key files: a FIFO is refused, without waiting "
		    "for a writer", key_read_public(path("fifo.pub"),
		    KEY_OFFICE, &pk, &why), &why, "is not a regular file");

	/* Plain secret keys, altered. */
	seed_key(KEY_KIOSK, 7, &sk);
	rc = key_write_secret(path("k7.key"), &sk, NULL, 0, 0, &why);
	len = read_text("k7.key", text, sizeof(text));
	expect("key files: a plain kiosk key is written", rc == 0 && len > 0);
	p = strstr(text, " plain ");
	if (p != NULL) {
		p[7 + 5] = p[7 + 5] == 'a' ? 'b' : 'a';	/* in the seed */
		write_text("k7-seed.key", text, (size_t)len);
		p[7 + 5] = text[0];
		read_text("k7.key", text, sizeof(text));
		p[7 + 100] = p[7 + 100] == 'a' ? 'b' : 'a'; /* in the pk */
		write_text("k7-pk.key", text, (size_t)len);
		read_text("k7.key", text, sizeof(text));
	}
	rc = key_read_secret(path("k7-seed.key"), KEY_KIOSK, NULL, &sk, &why);
	expect_refused("key files: a plain key with a changed digit in its "
	    "seed is refused", rc, &why, "the secret key does not hold "
	    "together: the file was altered");
	key_secret_free(&sk);
	rc = key_read_secret(path("k7-pk.key"), KEY_KIOSK, NULL, &sk, &why);
	expect_refused("key files: a plain key with a changed digit in its "
	    "public half is refused", rc, &why, "does not hold together");
	key_secret_free(&sk);
	rc = key_read_secret(path("k7.key"), KEY_OFFICE, "passphrase", &sk,
	    &why);
	expect_refused("key files: a kiosk secret key is refused as the "
	    "office's", rc, &why, "this is a kiosk key, but an office key is "
	    "needed here");
	key_secret_free(&sk);
	if ((p = strstr(text, "1 kiosk plain")) != NULL) {
		memmove(p + 8, p + 7, strlen(p + 7) + 1);
		memcpy(p, "1 office", 8);
		write_text("k7-office.key", text, strlen(text));
	}
	rc = key_read_secret(path("k7-office.key"), KEY_OFFICE, NULL, &sk,
	    &why);
	expect_refused("key files: an office key stored plain is refused", rc,
	    &why, "stored without a passphrase");
	key_secret_free(&sk);
	read_text("k7.key", text, sizeof(text));
	if ((p = strstr(text, " plain ")) != NULL) {
		p[1] = 'P';
		write_text("k7-how.key", text, strlen(text));
	}
	rc = key_read_secret(path("k7-how.key"), KEY_KIOSK, NULL, &sk, &why);
	expect_refused("key files: an unknown way of storing the secret is "
	    "refused", rc, &why, "stored neither 'plain' nor 'argon2id13'");
	key_secret_free(&sk);
	read_text("k7.key", text, sizeof(text));
	if ((p = strstr(text, " plain ")) != NULL) {
		p[7 + 127] = '\n';
		p[7 + 128] = '\0';
		write_text("k7-cut.key", text, strlen(text));
	}
	rc = key_read_secret(path("k7-cut.key"), KEY_KIOSK, NULL, &sk, &why);
	expect_refused("key files: a plain key cut short a digit is refused",
	    rc, &why, "is not 128 hexadecimal digits");
	key_secret_free(&sk);

	/* Argon2id limits outside what is read. */
	seed_key(KEY_OFFICE, 8, &sk);
	expect_refused("key files: a secret key is not written with limits "
	    "below interactive", key_write_secret(path("weak.key"), &sk, PASS,
	    crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN, &why),
	    &why, "outside what candour reads back");
	expect_refused("key files: nor with an empty passphrase",
	    key_write_secret(path("weak.key"), &sk, "",
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE, &why), &why,
	    "the passphrase is empty");
	key_secret_free(&sk);
	snprintf(text, sizeof(text), "candour-secret-key 1 office argon2id13 "
	    "1 67108864 %032d %048d %0160d\n", 0, 0, 0);
	write_text("ops1.key", text, strlen(text));
	rc = key_read_secret(path("ops1.key"), KEY_OFFICE, PASS, &sk, &why);
	expect_refused("key files: an encrypted key with 1 pass is refused "
	    "before any work", rc, &why, "(1 passes, 67108864 bytes) are "
	    "outside what candour accepts");
	key_secret_free(&sk);
	snprintf(text, sizeof(text), "candour-secret-key 1 office argon2id13 "
	    "2 67108864 %032d %047d %0160d\n", 0, 0, 0);
	write_text("nonce.key", text, strlen(text));
	rc = key_read_secret(path("nonce.key"), KEY_OFFICE, PASS, &sk, &why);
	expect_refused("key files: an encrypted key with a short nonce is "
	    "refused", rc, &why, "the salt, nonce or encrypted key is not");
	key_secret_free(&sk);
	snprintf(text, sizeof(text), "candour-secret-key 1 office argon2id13 "
	    "2 99999999999999999999 %032d %048d %0160d\n", 0, 0, 0);
	write_text("big.key", text, strlen(text));
	rc = key_read_secret(path("big.key"), KEY_OFFICE, PASS, &sk, &why);
	expect_refused("key files: a limit of 20 digits is refused", rc, &why,
	    "the Argon2id limits are not numbers");
	key_secret_free(&sk);
	buf_free(&why);
}

/*
 * key_passphrase in a child with no terminal (setsid: no controlling
 * one) and no CANDOUR_PASSPHRASE; its message comes back through a pipe.
 */
static void
free_keys(void);

static void
test_no_terminal(void)
{
	struct buf	 why = BUF_INIT;
	char		 msg[512], *p;
	ssize_t		 n;
	pid_t		 pid;
	int		 fds[2], status;

	fflush(stdout);		/* or the child would print it again */
	if (pipe(fds) == -1 || (pid = fork()) == -1) {
		expect("passphrase: a child with no terminal runs", 0);
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		(void)setsid();
		(void)unsetenv("CANDOUR_PASSPHRASE");
		p = key_passphrase("Passphrase: ", 0, &why);
		snprintf(msg, sizeof(msg), "%s%s", p == NULL ? "NULL " : "",
		    buf_str(&why));
		key_passphrase_free(p);
		(void)!write(fds[1], msg, strlen(msg));
		close(fds[1]);
		buf_free(&why);
		free_keys();
		exit(0);	/* not _exit: libraries free what they hold */
	}
	close(fds[1]);
	n = read(fds[0], msg, sizeof(msg) - 1);
	close(fds[0]);
	msg[n > 0 ? n : 0] = '\0';
	waitpid(pid, &status, 0);
	expect_str("passphrase: with no terminal and no variable, says what "
	    "to do", "NULL no passphrase: set CANDOUR_PASSPHRASE or run this "
	    "in a terminal", msg);
}

static void
test_passphrase(void)
{
	struct buf	 why = BUF_INIT;
	char		*p;

	setenv("CANDOUR_PASSPHRASE", "short one", 1);
	p = key_passphrase("Passphrase: ", 0, &why);
	expect("passphrase: CANDOUR_PASSPHRASE is taken for an existing key",
	    p != NULL && strcmp(p, "short one") == 0);
	key_passphrase_free(p);
	p = key_passphrase("New passphrase: ", 1, &why);
	expect_refused("passphrase: a new one under 12 characters is refused",
	    p == NULL ? -1 : 0, &why, "the passphrase is 9 characters; a new "
	    "one needs at least 12");
	key_passphrase_free(p);
	/* Eleven letters in 22 bytes: characters, not bytes, count. */
	setenv("CANDOUR_PASSPHRASE", "\xc5\xb5\xc5\xb5\xc5\xb5\xc5\xb5\xc5"
	    "\xb5\xc5\xb5\xc5\xb5\xc5\xb5\xc5\xb5\xc5\xb5\xc5\xb5", 1);
	p = key_passphrase("New passphrase: ", 1, &why);
	expect_refused("passphrase: characters are counted, not bytes",
	    p == NULL ? -1 : 0, &why, "is 11 characters");
	key_passphrase_free(p);
	setenv("CANDOUR_PASSPHRASE", PASS, 1);
	p = key_passphrase("New passphrase: ", 1, &why);
	expect("passphrase: a new one of 12 or more is taken", p != NULL &&
	    strcmp(p, PASS) == 0);
	key_passphrase_free(p);
	unsetenv("CANDOUR_PASSPHRASE");
	buf_free(&why);
	test_no_terminal();
}

/*
 * key_passphrase on a real terminal: a pseudo-terminal this test types
 * into, the controlling terminal of a new session whose leader acts as a
 * shell would: it runs the prompt in its own foreground process group and
 * watches it stop, go on and end. The passphrase must not be echoed, and
 * the terminal's echo must be back on however the prompt ends: taken,
 * refused, stopped with ^Z (and asked again when continued) or ended with
 * ^C.
 */
enum pty_plan { PTY_SAME, PTY_DIFFER, PTY_STOP, PTY_INTERRUPT };

/* Read from the terminal's master side into seen until it holds want or
 * 30 seconds pass. 0 when found. */
static int
pty_wait(int m, struct buf *seen, const char *want)
{
	struct pollfd	 p;
	char		 chunk[256];
	ssize_t		 n;
	int		 waited = 0;

	while (strstr(buf_str(seen), want) == NULL) {
		p.fd = m;
		p.events = POLLIN;
		if (poll(&p, 1, 100) == 0) {
			if (++waited > 300)
				return -1;
			continue;
		}
		if ((n = read(m, chunk, sizeof(chunk))) <= 0)
			return -1;
		buf_put(seen, chunk, (size_t)n);
	}
	return 0;
}

/* Is echo on for the terminal named slave? */
static int
pty_echo(const char *slave)
{
	struct termios	 t;
	int		 fd, on;

	if ((fd = open(slave, O_RDWR | O_NOCTTY)) == -1)
		return -1;
	on = tcgetattr(fd, &t) == 0 && (t.c_lflag & ECHO) != 0;
	close(fd);
	return on;
}

/* The prompt, in its own foreground process group: "PASSPHRASE|WHY|echo
 * N" to out. */
static void
pty_prompt(const char *slave, int s, int confirm, int out)
{
	struct buf	 why = BUF_INIT, msg = BUF_INIT;
	char		*p;

	(void)setpgid(0, 0);
	(void)signal(SIGTTOU, SIG_IGN);
	(void)tcsetpgrp(s, getpgrp());
	(void)signal(SIGTTOU, SIG_DFL);
	(void)unsetenv("CANDOUR_PASSPHRASE");
	p = key_passphrase("Passphrase: ", confirm, &why);
	buf_printf(&msg, "%s|%s|echo %d", p != NULL ? p : "NULL",
	    buf_str(&why), pty_echo(slave));
	(void)!write(out, msg.data, msg.len);
	key_passphrase_free(p);
	buf_free(&why);
	buf_free(&msg);
	close(s);
	close(out);
	free_keys();
	exit(0);	/* not _exit: libraries free what they hold */
}

/* The session leader: "|stopped, echo N" for each stop, then "|exit N"
 * or "|signal N, echo N" to out. */
static void
pty_leader(const char *slave, int confirm, int out)
{
	struct buf	 msg = BUF_INIT;
	pid_t		 pid;
	int		 s, status;

	/*
	 * The signals the prompt handles as a shell in the foreground would
	 * leave them: a test run in the background (bash without job control
	 * starts it with SIGINT and SIGQUIT ignored) must test the same thing.
	 */
	(void)signal(SIGINT, SIG_DFL);
	(void)signal(SIGQUIT, SIG_DFL);
	(void)signal(SIGTSTP, SIG_DFL);
	(void)setsid();
	/* The first terminal a session leader opens becomes its own. */
	if ((s = open(slave, O_RDWR)) == -1)
		exit(3);
	if ((pid = fork()) == -1)
		exit(3);
	if (pid == 0)
		pty_prompt(slave, s, confirm, out);
	(void)setpgid(pid, pid);
	while (waitpid(pid, &status, WUNTRACED) == pid) {
		if (!WIFSTOPPED(status))
			break;
		buf_printf(&msg, "|stopped, echo %d", pty_echo(slave));
		kill(pid, SIGCONT);
	}
	if (WIFSIGNALED(status))
		buf_printf(&msg, "|signal %d, echo %d", WTERMSIG(status),
		    pty_echo(slave));
	else
		buf_printf(&msg, "|exit %d", WEXITSTATUS(status));
	(void)!write(out, msg.data, msg.len);
	buf_free(&msg);
	close(s);
	close(out);
	free_keys();
	exit(0);
}

static void
test_pty(enum pty_plan plan, const char *name, const char *want)
{
	struct buf	 seen = BUF_INIT, result = BUF_INIT;
	char		 slave[256], chunk[256];
	const char	*sp;
	ssize_t		 n;
	pid_t		 pid;
	int		 m, fds[2], ok = 1;

	if ((m = posix_openpt(O_RDWR | O_NOCTTY)) == -1 || grantpt(m) == -1 ||
	    unlockpt(m) == -1 || (sp = ptsname(m)) == NULL) {
		printf("ok - %s # SKIP no pseudo-terminal here\n", name);
		if (m != -1)
			close(m);
		return;
	}
	snprintf(slave, sizeof(slave), "%s", sp);
	fflush(stdout);		/* or the children would print it again */
	if (pipe(fds) == -1 || (pid = fork()) == -1) {
		expect(name, 0);
		close(m);
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		close(m);
		pty_leader(slave, plan == PTY_SAME || plan == PTY_DIFFER,
		    fds[1]);
	}
	close(fds[1]);
	if (pty_wait(m, &seen, "Passphrase: ") == -1)
		ok = 0;
	switch (plan) {
	case PTY_SAME:
	case PTY_DIFFER:
		(void)!write(m, PASS "\n", strlen(PASS) + 1);
		if (pty_wait(m, &seen, "again: ") == -1)
			ok = 0;
		if (plan == PTY_SAME)
			(void)!write(m, PASS "\n", strlen(PASS) + 1);
		else
			(void)!write(m, "something else\n", 15);
		break;
	case PTY_STOP:
		(void)!write(m, "\032", 1);		/* ^Z */
		buf_truncate(&seen, 0);
		if (pty_wait(m, &seen, "Passphrase: ") == -1)
			ok = 0;
		(void)!write(m, PASS "\n", strlen(PASS) + 1);
		break;
	case PTY_INTERRUPT:
		(void)!write(m, "\003", 1);		/* ^C */
		break;
	}
	/*
	 * The result, within a minute: a prompt still waiting then is hung
	 * up (closing the terminal's master side sends SIGHUP to it), so a
	 * prompt that never returns fails this test instead of stopping
	 * the suite.
	 */
	for (;;) {
		struct pollfd p = { fds[0], POLLIN, 0 };
		if (poll(&p, 1, 60 * 1000) <= 0) {
			ok = 0;
			if (m == -1)
				break;		/* hung up a minute ago */
			printf("    no result after a minute: hanging up\n");
			close(m);
			m = -1;
			continue;
		}
		if ((n = read(fds[0], chunk, sizeof(chunk))) <= 0)
			break;
		buf_put(&result, chunk, (size_t)n);
	}
	close(fds[0]);
	if (waitpid(pid, NULL, 0) != pid)
		ok = 0;
	if (m != -1)
		(void)pty_wait(m, &seen, "\n");
	if (strstr(buf_str(&seen), "horse") != NULL) {
		printf("    the passphrase was echoed: '%s'\n", buf_str(&seen));
		ok = 0;
	}
	if (ok && strcmp(buf_str(&result), want) == 0)
		printf("ok - %s\n", name);
	else {
		printf("not ok - %s\n    want: %s\n    got:  %s%s\n", name,
		    want, buf_str(&result), ok ? "" : " (and the terminal did "
		    "not show what was expected)");
		failed = 1;
	}
	buf_free(&seen);
	buf_free(&result);
	if (m != -1)
		close(m);
}

static void
test_terminal(void)
{
	test_pty(PTY_SAME, "passphrase: typed twice on a terminal, not echoed; "
	    "echo back on after", PASS "||echo 1|exit 0");
	test_pty(PTY_DIFFER, "passphrase: two that differ are refused; echo "
	    "back on after", "NULL|the two passphrases differ; try again|"
	    "echo 1|exit 0");
	/* valgrind does not stop a program that stops itself (the default
	 * action of SIGTSTP, raised again): there it is only asked again. */
	if (RUNNING_ON_VALGRIND)
		test_pty(PTY_STOP, "passphrase: ^Z at the prompt: asked again, "
		    "with echo back on after (under valgrind, which does not "
		    "stop)", PASS "||echo 1|exit 0");
	else
		test_pty(PTY_STOP, "passphrase: ^Z at the prompt stops it with "
		    "echo back on; continued, it asks again", PASS "||echo 1|"
		    "stopped, echo 1|exit 0");
	test_pty(PTY_INTERRUPT, "passphrase: ^C at the prompt ends it with "
	    "echo back on", "|signal 2, echo 1");
}

static void
test_write_atomic(void)
{
	struct stat	 st;
	char		 text[64];
	int		 e, left = 0;
	FILE		*ls;
	char		 cmd[4300], name[512];

	expect("atomic: a new file is written", file_write_atomic(
	    path("a.txt"), "one\n", 4, 0640, 0) == 0 && read_text("a.txt",
	    text, sizeof(text)) == 4 && strcmp(text, "one\n") == 0);
	expect("atomic: with exactly the mode given", stat(path("a.txt"),
	    &st) == 0 && (st.st_mode & 0777) == 0640);
	e = file_write_atomic(path("a.txt"), "two\n", 4, 0640, 0) == -1 ?
	    errno : 0;
	expect("atomic: an existing file is not replaced, with EEXIST",
	    e == EEXIST && read_text("a.txt", text, sizeof(text)) == 4 &&
	    strcmp(text, "one\n") == 0);
	expect("atomic: with replace set, it is", file_write_atomic(
	    path("a.txt"), "three\n", 6, 0600, 1) == 0 && read_text("a.txt",
	    text, sizeof(text)) == 6 && strcmp(text, "three\n") == 0 &&
	    stat(path("a.txt"), &st) == 0 && (st.st_mode & 0777) == 0600);
	expect("atomic: an empty file is written", file_write_atomic(
	    path("empty.txt"), "", 0, 0644, 0) == 0 && stat(path("empty.txt"),
	    &st) == 0 && st.st_size == 0);
	e = file_write_atomic(path("no/such/folder/a.txt"), "x", 1, 0644,
	    0) == -1 ? errno : 0;
	expect("atomic: into a missing folder gives ENOENT", e == ENOENT);
	snprintf(cmd, sizeof(cmd), "ls -a '%s'", tmp);
	if ((ls = popen(cmd, "r")) != NULL) {
		while (fgets(name, sizeof(name), ls) != NULL)
			if (name[0] == '.' && strcmp(name, ".\n") != 0 &&
			    strcmp(name, "..\n") != 0)
				left++;
		pclose(ls);
	}
	expect("atomic: no temporary file is left behind", ls != NULL &&
	    left == 0);
}

/* Which step refused: 1 peek, 2 verify, 3 parse; 0 when all took it. */
static int
read_bundle(const unsigned char *data, size_t len,
    const struct public_key *kiosk, struct got *g, struct buf *why)
{
	struct bundle_header h;

	memset(g, 0, sizeof(*g));
	buf_truncate(why, 0);
	if (bundle_peek(data, len, &h, why) == -1)
		return 1;
	if (bundle_verify(data, len, kiosk, why) == -1)
		return 2;
	if (bundle_parse(data, len, &h, keep, g, why) == -1)
		return 3;
	return 0;
}

/* ok when read_bundle refuses at step with a message holding want. */
static void
expect_bundle_refused(const char *name, const struct buf *b, int step,
    const char *want)
{
	struct buf	 why = BUF_INIT;
	struct got	 g;
	int		 got;

	got = read_bundle((const unsigned char *)b->data, b->len, &kiosk_pk,
	    &g, &why);
	if (got == step && g.n == 0 && strstr(buf_str(&why), want) != NULL)
		printf("ok - %s\n", name);
	else {
		printf("not ok - %s\n    want: step %d, '%s'\n"
		    "    got:  step %d, %zu records, '%s'\n", name, step, want,
		    got, g.n, buf_str(&why));
		failed = 1;
	}
	buf_free(&why);
}

/* A small bundle of n records with short stand-in sealed bytes (the
 * bundle does not look inside them), sequence numbers 140, 141, 145...,
 * signed by sk. */
static void
small_bundle(struct buf *out, size_t n, const struct secret_key *sk)
{
	static const unsigned char fill[60];
	struct bundle_header h;
	struct bundle_record r;
	struct buf	 why = BUF_INIT;
	size_t		 i;

	header(&h, "K03");
	bundle_begin(out, &h);
	for (i = 0; i < n; i++) {
		memset(&r, 0, sizeof(r));
		r.seq = seqs[i];
		memset(r.sid, (int)(0x10 + i), sizeof(r.sid));
		r.sealed = fill;
		r.len = (uint32_t)(BUNDLE_SEALED_MIN + i);
		(void)bundle_add(out, &r, &why);
	}
	(void)bundle_finish(out, sk, &why);
	buf_free(&why);
}

/* Sign again what is before the signature, after a change by hand. */
static void
resign(struct buf *b, const struct secret_key *sk)
{
	unsigned char	 sig[crypto_sign_BYTES];

	buf_truncate(b, b->len - crypto_sign_BYTES);
	crypto_sign_detached(sig, NULL, (unsigned char *)b->data, b->len,
	    sk->sk);
	buf_put(b, (char *)sig, sizeof(sig));
}

static void
put_be(unsigned char *p, uint64_t v, int bytes)
{
	int	 i;

	for (i = bytes - 1; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

/* Offsets in the small bundle of 3 records (48, 49 and 50 bytes). */
#define R1	80
#define R2	(R1 + 28 + 48)
#define R3	(R2 + 28 + 49)
#define REND	(R3 + 28 + 50)

static void
test_bundle_refusals(void)
{
	struct buf	 b = BUF_INIT, m = BUF_INIT, why = BUF_INIT;
	struct got	 g;
	unsigned char	*d, x;
	size_t		 len, i, bad, shown;
	int		 step, pass;
	static const unsigned char xors[] = { 0x01, 0xff };

	small_bundle(&b, 3, &kiosk_sk);
	expect("bundle: the small bundle of 3 records is as laid out",
	    b.len == REND + 64 && read_bundle((unsigned char *)b.data, b.len,
	    &kiosk_pk, &g, &why) == 0 && g.n == 3);

	/* Every cut: 0 to len - 1 bytes. */
	for (len = 0, bad = shown = 0; len < b.len; len++) {
		if ((d = malloc(len + 1)) == NULL)
			break;
		memcpy(d, b.data, len);
		step = read_bundle(d, len, &kiosk_pk, &g, &why);
		if (step == 0 || g.n != 0 || why.len == 0) {
			if (shown++ < 5)
				printf("    cut to %zu bytes: taken\n", len);
			bad++;
		}
		if (len < BUNDLE_MIN_BYTES && strstr(buf_str(&why), len == 0 ?
		    "the file is empty" : "the file is cut short: it is") ==
		    NULL) {
			if (shown++ < 5)
				printf("    cut to %zu bytes: '%s'\n", len,
				    buf_str(&why));
			bad++;
		}
		memset(&g, 0, sizeof(g));
		(void)bundle_parse(d, len, &(struct bundle_header){ 0 },
		    keep, &g, &why);	/* unverified: must still be safe */
		free(d);
	}
	printf("%s - bundle: every one of its %zu cuts is refused, the short "
	    "ones as cut short\n", bad == 0 && len == b.len ? "ok" :
	    "not ok", b.len);
	if (bad != 0 || len != b.len)
		failed = 1;

	/* Every byte changed, two ways. */
	d = (unsigned char *)b.data;
	for (pass = 0, bad = shown = 0; pass < 2; pass++)
		for (i = 0; i < b.len; i++) {
			x = d[i];
			d[i] ^= xors[pass];
			step = read_bundle(d, b.len, &kiosk_pk, &g, &why);
			if (step == 0 || g.n != 0 || why.len == 0) {
				if (shown++ < 5)
					printf("    byte %zu ^ 0x%02x: taken\n", i,
					    xors[pass]);
				bad++;
			}
			memset(&g, 0, sizeof(g));
			(void)bundle_parse(d, b.len,
			    &(struct bundle_header){ 0 }, keep, &g, &why);
			d[i] = x;
		}
	printf("%s - bundle: every one of its %zu bytes changed (^ 0x01, "
	    "^ 0xff) is refused\n", bad == 0 ? "ok" : "not ok", b.len);
	if (bad != 0)
		failed = 1;
	expect("bundle: ... and it is unchanged after", read_bundle(d, b.len,
	    &kiosk_pk, &g, &why) == 0 && g.n == 3);

	/* Which step says what. */
	buf_truncate(&m, 0);
	buf_put(&m, b.data, b.len);
	m.data[200] ^= 1;
	expect_bundle_refused("bundle: a changed record byte is refused by "
	    "the signature", &m, 2, "the signature does not match: the file "
	    "was altered or was not made by kiosk K03 (key ");
	small_bundle(&m, 3, &other_kiosk_sk);
	expect_bundle_refused("bundle: one signed by another kiosk's key is "
	    "refused", &m, 2, "the signature does not match: the file was "
	    "altered or was not made by kiosk K03");
	expect_refused("bundle: verify wants a kiosk's key, not the office's",
	    bundle_verify((unsigned char *)b.data, b.len, &office_pk, &why),
	    &why, "a kiosk's public key");
	buf_truncate(&m, 0);
	buf_put(&m, b.data, 100);
	expect_bundle_refused("bundle: one cut to 100 bytes says so", &m, 1,
	    "the file is cut short: it is 100 bytes, and a bundle is at "
	    "least 144; copy it again");
	buf_truncate(&m, 0);
	buf_puts(&m, "PK\3\4 a zip file, not a bundle at all, padded out to "
	    "well past the smallest bundle's size, so size is not the reason "
	    "it is refused...........................................");
	expect_bundle_refused("bundle: another kind of file is refused as "
	    "such", &m, 1, "this is not a candour bundle (it does not start "
	    "with CNDRBNDL)");
	expect_bundle_refused("bundle: nothing at all is refused", &why, 1,
	    "");

	/* Malformed, but signed with the right key: parse refuses them. */
#define MALFORMED(name, change, step, want) do {			\
	buf_truncate(&m, 0);						\
	buf_put(&m, b.data, b.len);					\
	d = (unsigned char *)m.data;					\
	change;								\
	resign(&m, &kiosk_sk);						\
	expect_bundle_refused(name, &m, step, want);			\
} while (0)
	MALFORMED("bundle: format version 7 is refused, saying to update",
	    put_be(d + 8, 7, 4), 1, "format version 7 is newer than this "
	    "candour knows (1); update candour");
	MALFORMED("bundle: format version 0 is refused",
	    put_be(d + 8, 0, 4), 1, "format version 0 is not one");
	MALFORMED("bundle: a kiosk id in lower case is refused",
	    d[12] = 'k', 1, "the kiosk id in the header is not well formed");
	MALFORMED("bundle: a kiosk id with bytes after its end is refused",
	    d[27] = 'X', 1, "not well formed");
	MALFORMED("bundle: a kiosk id of 16 letters is refused",
	    memset(d + 12, 'K', 16), 1, "not well formed");
	MALFORMED("bundle: an empty kiosk id is refused",
	    memset(d + 12, 0, 16), 1, "not well formed");
	MALFORMED("bundle: a count more than the range holds is refused",
	    put_be(d + 76, 7, 4), 3, "the header's sequence numbers (140 to "
	    "145) do not fit its 7 records");
	MALFORMED("bundle: a count one too many is refused",
	    put_be(d + 76, 4, 4), 3, "the header says 4 records, but only "
	    "231 bytes of records follow");
	MALFORMED("bundle: a count one too few is refused",
	    put_be(d + 76, 2, 4), 3, "the last record is number 141, but the "
	    "header says 145");
	MALFORMED("bundle: a count one too few, last matching, is refused",
	    (put_be(d + 76, 2, 4), put_be(d + 68, 141, 8)), 3,
	    "78 stray bytes between the last record and the signature");
	MALFORMED("bundle: a count over a million is refused",
	    put_be(d + 76, 1000001, 4), 3, "more than a bundle can hold");
	MALFORMED("bundle: records out of order are refused",
	    put_be(d + R3, 139, 8), 3, "record 3 has sequence number 139, out "
	    "of order (it follows 141)");
	MALFORMED("bundle: a repeated sequence number is refused",
	    put_be(d + R3, 141, 8), 3, "record 3 has sequence number 141, out "
	    "of order (it follows 141)");
	MALFORMED("bundle: a first record not the header's first is refused",
	    put_be(d + 60, 139, 8), 3, "record 1 has sequence number 140, out "
	    "of order (the header says the first is 139)");
	MALFORMED("bundle: a record after the header's last is refused",
	    put_be(d + R3, 146, 8), 3, "record 3 has sequence number 146, "
	    "after the last the header gives (145)");
	MALFORMED("bundle: a first sequence number of 0 is refused",
	    (put_be(d + 60, 0, 8), put_be(d + R1, 0, 8)), 3,
	    "the header's sequence numbers (0 to 145)");
	MALFORMED("bundle: a last before the first is refused",
	    put_be(d + 68, 139, 8), 3, "(140 to 139) do not fit");
	MALFORMED("bundle: a record of 47 bytes is refused",
	    put_be(d + R1 + 24, 47, 4), 3, "record 1 (number 140) says it is "
	    "47 bytes; a sealed record is 48 to 65536");
	MALFORMED("bundle: a record of 65,537 bytes is refused",
	    put_be(d + R3 + 24, 65537, 4), 3, "says it is 65537 bytes");
	MALFORMED("bundle: a record running into the signature is refused",
	    put_be(d + R3 + 24, 51, 4), 3, "record 3 (number 145) runs past "
	    "the signature");
	MALFORMED("bundle: a record of length 2^32 - 1 is refused",
	    put_be(d + R2 + 24, 0xffffffff, 4), 3, "says it is 4294967295 "
	    "bytes");
	MALFORMED("bundle: a record ending a byte early is refused",
	    put_be(d + R3 + 24, 49, 4), 3, "1 stray byte between the last "
	    "record and the signature");
	MALFORMED("bundle: a length that moves the next record is refused",
	    put_be(d + R1 + 24, 60, 4), 3, "record 2");
	MALFORMED("bundle: a time before 1970 is refused",
	    put_be(d + 52, (uint64_t)-1, 8), 3, "before 1970");
	MALFORMED("bundle: bytes added before the signature are refused",
	    (buf_truncate(&m, m.len - 64), buf_put(&m, "extra", 5),
	    buf_put(&m, b.data + b.len - 64, 64)), 3,
	    "5 stray bytes between the last record and the signature");
	MALFORMED("bundle: no records but a sequence range is refused",
	    (buf_truncate(&m, 80 + 64), put_be(d + 76, 0, 4)), 3,
	    "(140 to 145) do not fit its 0 records");
#undef MALFORMED

	/* The writer refuses what the reader would. */
	{
		struct bundle_header h;
		struct bundle_record r;
		static const unsigned char fill[BUNDLE_SEALED_MIN];

		header(&h, "K03");
		bundle_begin(&m, &h);
		memset(&r, 0, sizeof(r));
		r.seq = 5;
		r.sealed = fill;
		r.len = sizeof(fill);
		expect("bundle: writer: a record is added", bundle_add(&m, &r,
		    &why) == 0);
		expect_refused("bundle: writer: an equal sequence number is "
		    "refused", bundle_add(&m, &r, &why), &why, "record 5 comes "
		    "after record 5");
		r.seq = 6;
		r.len = BUNDLE_SEALED_MIN - 1;
		expect_refused("bundle: writer: a short sealed record is "
		    "refused", bundle_add(&m, &r, &why), &why, "a sealed "
		    "record is 48 to 65536 bytes");
		r.seq = 0;
		expect_refused("bundle: writer: sequence number 0 is refused",
		    bundle_add(&m, &r, &why), &why, "they start at 1");
		expect_refused("bundle: writer: it is signed only with a "
		    "kiosk's key", bundle_finish(&m, &office_sk, &why), &why,
		    "a kiosk's secret key");
		header(&h, "k03");
		bundle_begin(&m, &h);
		expect_refused("bundle: writer: a bad kiosk id is refused",
		    bundle_finish(&m, &kiosk_sk, &why), &why, "the kiosk id is "
		    "not well formed");
		header(&h, "K03");
		h.created = -1;
		bundle_begin(&m, &h);
		expect_refused("bundle: writer: a time before 1970 is "
		    "refused", bundle_finish(&m, &kiosk_sk, &why), &why,
		    "before 1970");
		buf_truncate(&m, 0);
		expect_refused("bundle: writer: add without begin is refused",
		    bundle_add(&m, &r, &why), &why, "not begun");
	}
	buf_free(&b);
	buf_free(&m);
	buf_free(&why);
}

static void
test_open_refusals(void)
{
	struct buf	 why = BUF_INIT;
	unsigned char	 x[crypto_box_PUBLICKEYBYTES], raw[2048], *sealed;
	unsigned char	*plain;
	uint32_t	 len;
	size_t		 plen;

	sealed = seal(&other_office_pk, "{\"form\":1}", &len);
	expect_refused("open: a record sealed to another office key does not "
	    "open", sealed == NULL ? 0 : bundle_open_record(&office_sk, sealed,
	    len, &plain, &plen, &why), &why, "the record does not open with "
	    "this office's key (id ");
	expect("open: ... and other_office opens it", sealed != NULL &&
	    bundle_open_record(&other_office_sk, sealed, len, &plain, &plen,
	    &why) == 0 && plen == 10 && strcmp((char *)plain, "{\"form\":1}")
	    == 0);
	if (sealed != NULL && plain != NULL)
		sodium_free(plain);
	if (sealed != NULL) {
		sealed[60] ^= 1;
		expect_refused("open: a sealed record with a changed byte does "
		    "not open", bundle_open_record(&office_sk, sealed, len,
		    &plain, &plen, &why), &why, "or altered");
	}
	free(sealed);
	expect_refused("open: it takes the office key, not a kiosk's",
	    bundle_open_record(&kiosk_sk, raw, 100, &plain, &plen, &why),
	    &why, "the office's secret key");
	expect_refused("open: a sealed record under 48 bytes is refused",
	    bundle_open_record(&office_sk, raw, 47, &plain, &plen, &why), &why,
	    "the sealed record is 47 bytes; one is 48 to 65536");
	/* Sealed properly, but not padded as the kiosk pads. */
	key_box_public(&office_pk, x);
	memset(raw, 'a', 1024);
	crypto_box_seal(raw + 1024 - 48 - 48, raw, 100, x);
	expect_refused("open: a record not a multiple of 1024 bytes is "
	    "refused as badly padded", bundle_open_record(&office_sk,
	    raw + 1024 - 48 - 48, 148, &plain, &plen, &why), &why,
	    "its padding is wrong");
	memset(raw, 'a', 1024);
	if ((sealed = malloc(1024 + 48)) != NULL) {
		crypto_box_seal(sealed, raw, 1024, x);
		expect_refused("open: a 1024-byte record with no pad marker is "
		    "refused", bundle_open_record(&office_sk, sealed, 1072,
		    &plain, &plen, &why), &why, "its padding is wrong");
		expect("open: ... and gives nothing", plain == NULL &&
		    plen == 0);
		free(sealed);
	}
	buf_free(&why);
}

static int
read_ack(const struct buf *b, const struct public_key *office,
    const char *kiosk, struct buf *why)
{
	struct ack	 a;
	int		 rc;

	buf_truncate(why, 0);
	rc = ack_read((const unsigned char *)b->data, b->len, office, kiosk,
	    &a, why);
	if (rc == -1 && (a.entries != NULL || a.count != 0))
		rc = -2;	/* refused, but left something behind */
	ack_free(&a);
	return rc;
}

static void
test_ack_refusals(void)
{
	struct buf	 b = BUF_INIT, m = BUF_INIT, why = BUF_INIT;
	struct ack	 a;
	unsigned char	*d, x;
	size_t		 len, i, bad, shown;
	int		 pass, rc;
	static const unsigned char xors[] = { 0x01, 0xff };

	make_ack(&a, "K03");
	(void)ack_write(&b, &a, &office_sk, &why);
	expect("ack: the ack of 3 entries is 200 bytes and reads",
	    b.len == 200 && read_ack(&b, &office_pk, "K03", &why) == 0);

	for (len = 0, bad = shown = 0; len < b.len; len++) {
		buf_truncate(&m, 0);
		buf_put(&m, b.data, len);
		rc = read_ack(&m, &office_pk, "K03", &why);
		if (rc != -1 || why.len == 0 || (len > 0 && len < 128 &&
		    strstr(buf_str(&why), "the file is cut short") == NULL)) {
			if (shown++ < 5)
				printf("    cut to %zu bytes: %d '%s'\n", len,
				    rc, buf_str(&why));
			bad++;
		}
	}
	printf("%s - ack: every one of its %zu cuts is refused, the short "
	    "ones as cut short\n", bad == 0 ? "ok" : "not ok", b.len);
	if (bad != 0)
		failed = 1;

	d = (unsigned char *)b.data;
	for (pass = 0, bad = shown = 0; pass < 2; pass++)
		for (i = 0; i < b.len; i++) {
			x = d[i];
			d[i] ^= xors[pass];
			rc = read_ack(&b, &office_pk, "K03", &why);
			if (rc != -1 || why.len == 0) {
				if (shown++ < 5)
					printf("    byte %zu ^ 0x%02x: %d\n", i,
					    xors[pass], rc);
				bad++;
			}
			d[i] = x;
		}
	printf("%s - ack: every one of its %zu bytes changed (^ 0x01, ^ 0xff) "
	    "is refused\n", bad == 0 ? "ok" : "not ok", b.len);
	if (bad != 0)
		failed = 1;
	expect("ack: ... and it is unchanged after", read_ack(&b, &office_pk,
	    "K03", &why) == 0);

	expect_refused("ack: another kiosk's ack is refused", read_ack(&b,
	    &office_pk, "K04", &why), &why, "it is for kiosk K03, not this "
	    "kiosk (K04)");
	expect_refused("ack: one signed by another office key is refused, "
	    "naming both", (ack_write(&m, &a, &other_office_sk, &why),
	    read_ack(&m, &office_pk, "K03", &why)), &why, "it was signed by "
	    "another office key (id ");
	/* Another key's signature under this office's key id. */
	memcpy(m.data + 44, office_sk.id, KEY_ID_BYTES);
	expect_refused("ack: another key's signature under this office's key "
	    "id is refused", read_ack(&m, &office_pk, "K03", &why), &why,
	    "the signature does not match: the file was altered or was not "
	    "made with the office key ");
	expect_refused("ack: it is checked with the office key, not a "
	    "kiosk's", read_ack(&b, &kiosk_pk, "K03", &why), &why,
	    "the office's public key");
	expect_refused("ack: a kiosk cannot sign one", ack_write(&m, &a,
	    &kiosk_sk, &why), &why, "signed with the office's secret key");

#define MALFORMED(name, change, want) do {				\
	buf_truncate(&m, 0);						\
	buf_put(&m, b.data, b.len);					\
	d = (unsigned char *)m.data;					\
	change;								\
	resign(&m, &office_sk);						\
	expect_refused(name, read_ack(&m, &office_pk, "K03", &why),	\
	    &why, want);						\
} while (0)
	MALFORMED("ack: format version 2 is refused, saying to update",
	    put_be(d + 8, 2, 4), "format version 2 is newer than this "
	    "candour knows (1); update candour");
	MALFORMED("ack: a count one too many is refused, though signed",
	    put_be(d + 60, 4, 4), "its entry count does not match its "
	    "length");
	MALFORMED("ack: a count one too few is refused, though signed",
	    put_be(d + 60, 2, 4), "its entry count does not match");
	MALFORMED("ack: a part entry is refused, though signed",
	    (buf_truncate(&m, m.len - 64), buf_put(&m, "x", 1),
	    buf_put(&m, b.data + b.len - 64, 64)), "does not match");
	MALFORMED("ack: an entry numbered 0 is refused, though signed",
	    put_be(d + 64 + 24, 0, 8), "entry 2 has sequence number 0");
	MALFORMED("ack: a bad kiosk id is refused, though signed",
	    d[13] = '-', "the kiosk id in the header is not well formed");
	MALFORMED("ack: a time before 1970 is refused, though signed",
	    put_be(d + 52, (uint64_t)-5, 8), "before 1970");
#undef MALFORMED
	a.created = -1;
	expect_refused("ack: writer: a time before 1970 is refused",
	    ack_write(&m, &a, &office_sk, &why), &why, "before 1970");
	make_ack(&a, "K-3");
	expect_refused("ack: writer: a bad kiosk id is refused",
	    ack_write(&m, &a, &office_sk, &why), &why, "not well formed");
	buf_free(&b);
	buf_free(&m);
	buf_free(&why);
}

static void
free_keys(void)
{
	key_secret_free(&kiosk_sk);
	key_secret_free(&other_kiosk_sk);
	key_secret_free(&office_sk);
	key_secret_free(&other_office_sk);
}

static void
rm_tmp(void)
{
	char	 cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "sync: could not remove %s\n", tmp);
}

int
main(void)
{
	const char	*t = getenv("TMPDIR");

	if (sodium_init() < 0) {
		printf("not ok - libsodium starts\n");
		return 1;
	}
	snprintf(tmp, sizeof(tmp), "%s/candour-sync.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(tmp) == NULL) {
		printf("not ok - a folder for the test's files is made\n");
		return 1;
	}
	seed_key(KEY_KIOSK, 1, &kiosk_sk);
	seed_key(KEY_KIOSK, 2, &other_kiosk_sk);
	seed_key(KEY_OFFICE, 3, &office_sk);
	seed_key(KEY_OFFICE, 4, &other_office_sk);
	public_of(&kiosk_sk, &kiosk_pk);
	public_of(&other_kiosk_sk, &other_kiosk_pk);
	public_of(&office_sk, &office_pk);
	public_of(&other_office_sk, &other_office_pk);

	test_ids();
	test_key_files();
	test_bundle_round_trip();
	test_ack_round_trip();
	test_key_refusals();
	test_passphrase();
	test_terminal();
	test_write_atomic();
	test_bundle_refusals();
	test_open_refusals();
	test_ack_refusals();

	free_keys();
	rm_tmp();
	return failed;
}
