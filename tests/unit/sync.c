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
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

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

	key_secret_free(&kiosk_sk);
	key_secret_free(&other_kiosk_sk);
	key_secret_free(&office_sk);
	key_secret_free(&other_office_sk);
	rm_tmp();
	return failed;
}
