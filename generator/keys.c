/*
 * keys: the key files of kiosk-to-office sync, as kiosk/BUNDLE.md "Keys"
 * lays them out, and the passphrase that unlocks the office's.
 *
 * A key file is text: '#' comments and exactly one key line. Everything
 * read is checked before use (the file's size first, then each field's
 * form) and every refusal says, in plain words, which line is wrong and
 * what to do. Secrets (the secret key, the text of a secret key file, the
 * passphrase and the key made from it) only ever sit in sodium_malloc'd
 * memory, which sodium_free zeroes.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "buf.h"
#include "fsutil.h"
#include "keys.h"

#define KEY_VERSION	1
#define KEY_FIELDS_MAX	9		/* the argon2id13 line has nine */
#define PASS_MAX	1024		/* bytes of a typed passphrase, NUL too */
#define HEX_SK		(2 * crypto_sign_SECRETKEYBYTES)
#define BOX_BYTES	(crypto_secretbox_MACBYTES + crypto_sign_SECRETKEYBYTES)

/* libsodium must be started before sodium_malloc; sodium_init is cheap
 * and safe to call again. */
static int
ready(struct buf *why)
{
	if (sodium_init() < 0) {
		buf_set(why, "libsodium could not start; check the machine has "
		    "a working random number source");
		return -1;
	}
	return 0;
}

/* Up to 24 bytes of untrusted text, fit to show: non-printing bytes as
 * '?', and "..." when there is more. */
static const char *
shown(const char *s, char out[32])
{
	size_t	 i;

	for (i = 0; s[i] != '\0' && i < 24; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	if (s[i] != '\0') {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
	return out;
}

const char *
key_role_name(enum key_role role)
{
	return role == KEY_OFFICE ? "office" : "kiosk";
}

void
key_id(const unsigned char pk[crypto_sign_PUBLICKEYBYTES],
    unsigned char id[KEY_ID_BYTES])
{
	unsigned char	 h[crypto_generichash_BYTES];	/* 32: BLAKE2b-256 */

	crypto_generichash(h, sizeof(h), pk, crypto_sign_PUBLICKEYBYTES,
	    NULL, 0);
	memcpy(id, h, KEY_ID_BYTES);
}

void
key_id_hex(const unsigned char id[KEY_ID_BYTES], char out[KEY_ID_HEX])
{
	sodium_bin2hex(out, KEY_ID_HEX, id, KEY_ID_BYTES);
}

void
key_fingerprint(const unsigned char id[KEY_ID_BYTES], char out[KEY_FP_LEN])
{
	static const char digits[] = "0123456789ABCDEF";
	size_t		 i, o = 0;

	for (i = 0; i < KEY_ID_BYTES; i++) {
		if (i > 0 && i % 2 == 0)
			out[o++] = '-';
		out[o++] = digits[id[i] >> 4];
		out[o++] = digits[id[i] & 0xf];
	}
	out[o] = '\0';
}

int
key_generate(enum key_role role, struct secret_key *sk, struct buf *why)
{
	memset(sk, 0, sizeof(*sk));
	if (ready(why) == -1)
		return -1;
	if (role != KEY_OFFICE && role != KEY_KIOSK) {
		buf_set(why, "unknown key role %d", (int)role);
		return -1;
	}
	if ((sk->sk = sodium_malloc(crypto_sign_SECRETKEYBYTES)) == NULL) {
		buf_set(why, "out of memory making the key");
		return -1;
	}
	if (crypto_sign_keypair(sk->pk, sk->sk) != 0) {
		key_secret_free(sk);
		buf_set(why, "libsodium could not make a key pair");
		return -1;
	}
	sk->role = role;
	key_id(sk->pk, sk->id);
	return 0;
}

void
key_secret_free(struct secret_key *sk)
{
	if (sk == NULL)
		return;
	if (sk->sk != NULL)
		sodium_free(sk->sk);	/* zeroes it */
	sodium_memzero(sk, sizeof(*sk));
	sk->sk = NULL;
}

/* Write text[0..n) to the new file path with mode, or say why not. */
static int
write_new(const char *path, const char *text, size_t n, mode_t mode,
    struct buf *why)
{
	if (file_write_atomic(path, text, n, mode, 0) == 0)
		return 0;
	if (errno == EEXIST)
		buf_set(why, "already exists, and was left as it is: a key file "
		    "is never overwritten; move the old one away first if "
		    "you mean to replace that key");
	else
		buf_set(why, "cannot write it: %s; check the folder is there and "
		    "you may write in it", strerror(errno));
	return -1;
}

int
key_write_public(const char *path, const struct public_key *pk,
    struct buf *why)
{
	char	 text[512], hex[2 * crypto_sign_PUBLICKEYBYTES + 1];
	char	 fp[KEY_FP_LEN], idhex[KEY_ID_HEX];
	int	 n;

	if (pk->role != KEY_OFFICE && pk->role != KEY_KIOSK) {
		buf_set(why, "unknown key role %d", (int)pk->role);
		return -1;
	}
	sodium_bin2hex(hex, sizeof(hex), pk->pk, sizeof(pk->pk));
	key_fingerprint(pk->id, fp);
	key_id_hex(pk->id, idhex);
	n = snprintf(text, sizeof(text),
	    "# candour %s public key: %s\n"
	    "# fingerprint %s (key id %s)\n"
	    "candour-public-key %d %s %s\n", key_role_name(pk->role),
	    pk->role == KEY_OFFICE ? "copy it to each kiosk" :
	    "register it at the office with candour log kiosks add",
	    fp, idhex, KEY_VERSION, key_role_name(pk->role), hex);
	if (n < 0 || (size_t)n >= sizeof(text)) {
		buf_set(why, "the key file would be too long");
		return -1;
	}
	return write_new(path, text, (size_t)n, 0644, why);
}

int
key_write_secret(const char *path, const struct secret_key *sk,
    const char *passphrase, unsigned long long opslimit, size_t memlimit,
    struct buf *why)
{
	unsigned char	 salt[crypto_pwhash_SALTBYTES];
	unsigned char	 nonce[crypto_secretbox_NONCEBYTES];
	unsigned char	 box[BOX_BYTES];
	unsigned char	*key = NULL;
	char		*text = NULL, fp[KEY_FP_LEN], idhex[KEY_ID_HEX];
	char		 salthex[2 * sizeof(salt) + 1];
	char		 noncehex[2 * sizeof(nonce) + 1];
	char		 boxhex[2 * sizeof(box) + 1];
	int		 n, rc = -1;

	if (ready(why) == -1)
		return -1;
	if (sk->sk == NULL || (sk->role != KEY_OFFICE &&
	    sk->role != KEY_KIOSK) || sodium_memcmp(sk->pk, sk->sk +
	    crypto_sign_SECRETKEYBYTES - crypto_sign_PUBLICKEYBYTES,
	    crypto_sign_PUBLICKEYBYTES) != 0) {
		buf_set(why, "the key pair given is not whole");
		return -1;
	}
	if (passphrase == NULL && sk->role == KEY_OFFICE) {
		buf_set(why, "an office secret key is always encrypted under a "
		    "passphrase");
		return -1;
	}
	if (passphrase != NULL && *passphrase == '\0') {
		buf_set(why, "the passphrase is empty");
		return -1;
	}
	if (passphrase != NULL && (opslimit < crypto_pwhash_OPSLIMIT_INTERACTIVE
	    || opslimit > crypto_pwhash_OPSLIMIT_SENSITIVE ||
	    memlimit < crypto_pwhash_MEMLIMIT_INTERACTIVE ||
	    memlimit > crypto_pwhash_MEMLIMIT_SENSITIVE)) {
		buf_set(why, "the Argon2id limits (%llu passes, %zu bytes) are "
		    "outside what candour reads back", opslimit, memlimit);
		return -1;
	}
	if ((text = sodium_malloc(KEY_FILE_MAX)) == NULL) {
		buf_set(why, "out of memory writing the key");
		return -1;
	}
	key_fingerprint(sk->id, fp);
	key_id_hex(sk->id, idhex);
	n = snprintf(text, KEY_FILE_MAX,
	    "# candour %s secret key: %s\n"
	    "# fingerprint %s (key id %s)\n"
	    "candour-secret-key %d %s ", key_role_name(sk->role),
	    sk->role == KEY_OFFICE ? "encrypted under a passphrase; keep it "
	    "on the office computer and its backups only" :
	    "keep it on this kiosk only, and never copy it",
	    fp, idhex, KEY_VERSION, key_role_name(sk->role));
	if (n < 0 || n >= KEY_FILE_MAX)
		goto toolong;
	if (passphrase == NULL) {
		if ((size_t)n + 6 + HEX_SK + 2 > KEY_FILE_MAX)
			goto toolong;
		memcpy(text + n, "plain ", 6);
		sodium_bin2hex(text + n + 6, HEX_SK + 1, sk->sk,
		    crypto_sign_SECRETKEYBYTES);
		n += 6 + HEX_SK;
		text[n++] = '\n';
		text[n] = '\0';
	} else {
		if ((key = sodium_malloc(crypto_secretbox_KEYBYTES)) == NULL) {
			buf_set(why, "out of memory writing the key");
			goto out;
		}
		randombytes_buf(salt, sizeof(salt));
		randombytes_buf(nonce, sizeof(nonce));
		if (crypto_pwhash(key, crypto_secretbox_KEYBYTES, passphrase,
		    strlen(passphrase), salt, opslimit, memlimit,
		    crypto_pwhash_ALG_ARGON2ID13) != 0) {
			buf_set(why, "not enough memory to encrypt the key "
			    "(Argon2id needs %zu MiB)", memlimit >> 20);
			goto out;
		}
		crypto_secretbox_easy(box, sk->sk, crypto_sign_SECRETKEYBYTES,
		    nonce, key);
		sodium_bin2hex(salthex, sizeof(salthex), salt, sizeof(salt));
		sodium_bin2hex(noncehex, sizeof(noncehex), nonce,
		    sizeof(nonce));
		sodium_bin2hex(boxhex, sizeof(boxhex), box, sizeof(box));
		n += snprintf(text + n, KEY_FILE_MAX - (size_t)n,
		    "argon2id13 %llu %zu %s %s %s\n", opslimit, memlimit,
		    salthex, noncehex, boxhex);
		if (n >= KEY_FILE_MAX)
			goto toolong;
	}
	rc = write_new(path, text, (size_t)n, 0600, why);
	goto out;
toolong:
	buf_set(why, "the key file would be too long");
out:
	if (key != NULL)
		sodium_free(key);
	sodium_free(text);
	return rc;
}

/*
 * Reading. The file goes into text (KEY_FILE_MAX + 1 bytes, which the
 * caller owns: sodium_malloc'd for a secret key), NUL-terminated.
 */
static int
read_text(const char *path, char *text, size_t *len, struct buf *why)
{
	struct stat	 st;
	size_t		 got = 0;
	ssize_t		 r;
	int		 fd;

	/* O_NONBLOCK: a FIFO must not hang the open (it is refused below). */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) ==
	    -1) {
		buf_set(why, "cannot open it: %s%s", strerror(errno),
		    errno == ENOENT ? "; check the path and the file's name" :
		    "");
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		buf_set(why, "is not a regular file; give the key file itself");
		goto fail;
	}
	if (st.st_size > KEY_FILE_MAX)
		goto toolong;
	while (got <= KEY_FILE_MAX) {
		r = read(fd, text + got, KEY_FILE_MAX + 1 - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			buf_set(why, "cannot read it: %s", strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	if (got > KEY_FILE_MAX)
		goto toolong;
	close(fd);
	text[got] = '\0';
	*len = got;
	return 0;
toolong:
	buf_set(why, "is over %d bytes, too long for a key file: check this is "
	    "the key file candour made", KEY_FILE_MAX);
fail:
	close(fd);
	return -1;
}

struct key_line {
	size_t	 line;			/* its line number, from 1 */
	char	*f[KEY_FIELDS_MAX];	/* its fields, in text */
	size_t	 n;
};

/*
 * Find the one key line of text[0..len), splitting it into fields in
 * place. Comments and empty lines are skipped; a "\r" before "\n" is
 * allowed.
 */
static int
key_line(char *text, size_t len, struct key_line *k, struct buf *why)
{
	char	*p = text, *end = text + len, *nl, *s;
	size_t	 line = 0;

	memset(k, 0, sizeof(*k));
	if (memchr(text, '\0', len) != NULL) {
		buf_set(why, "holds a NUL byte, so it is not a key file: check "
		    "this is the key file candour made");
		return -1;
	}
	for (; p < end; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*p == '\0' || *p == '#')
			continue;
		if (k->line != 0) {
			buf_set(why, "line %zu: a second key line (the first is "
			    "line %zu); a key file holds one key: check this "
			    "is the key file candour made", line, k->line);
			return -1;
		}
		k->line = line;
		for (s = p;; s++) {
			if (k->n == KEY_FIELDS_MAX) {
				buf_set(why, "line %zu: too many fields: the file "
				    "is damaged", line);
				return -1;
			}
			k->f[k->n++] = s;
			if ((s = strchr(s, ' ')) == NULL)
				break;
			*s = '\0';
		}
	}
	if (k->line == 0) {
		buf_set(why, "has no key line, so it is not a candour key file "
		    "(or it is empty)");
		return -1;
	}
	return 0;
}

/* The start of a key line: its kind, version and role. */
static int
key_head(const struct key_line *k, const char *kind, enum key_role want,
    struct buf *why)
{
	const char	*v = k->f[1];
	char		 s[32];
	size_t		 i;
	int		 secret = strcmp(kind, "candour-secret-key") == 0;

	if (strcmp(k->f[0], kind) != 0) {
		if (strcmp(k->f[0], secret ? "candour-public-key" :
		    "candour-secret-key") == 0)
			buf_set(why, "line %zu: this is a %s key file, but the "
			    "%s key file is needed here", k->line,
			    secret ? "public" : "secret",
			    secret ? "secret" : "public");
		else
			buf_set(why, "line %zu: this is not a candour key file "
			    "(it should start '%s', not '%s')", k->line, kind,
			    shown(k->f[0], s));
		return -1;
	}
	if (k->n < 2 || *v == '\0') {
		buf_set(why, "line %zu: the format version is missing: the file "
		    "is damaged", k->line);
		return -1;
	}
	for (i = 0; v[i] >= '0' && v[i] <= '9'; i++)
		continue;
	if (v[i] != '\0' || i > 9) {
		buf_set(why, "line %zu: the format version '%s' is not a number: "
		    "the file is damaged", k->line, shown(v, s));
		return -1;
	}
	if (strcmp(v, "1") != 0) {
		/* At most nine digits (checked above): it fits a long. */
		if (strtol(v, NULL, 10) > KEY_VERSION)
			buf_set(why, "line %zu: key file format version %ld is "
			    "newer than this candour knows (%d); update "
			    "candour", k->line, strtol(v, NULL, 10),
			    KEY_VERSION);
		else
			buf_set(why, "line %zu: key file format version '%s' is "
			    "not one candour knows (%d): the file is damaged",
			    k->line, v, KEY_VERSION);
		return -1;
	}
	if (k->n < 3 || (strcmp(k->f[2], "office") != 0 &&
	    strcmp(k->f[2], "kiosk") != 0)) {
		buf_set(why, "line %zu: the key's role '%s' is neither office "
		    "nor kiosk: the file is damaged", k->line,
		    k->n < 3 ? "" : shown(k->f[2], s));
		return -1;
	}
	if (strcmp(k->f[2], key_role_name(want)) != 0) {
		buf_set(why, "line %zu: this is %s %s key, but %s %s key is "
		    "needed here", k->line, want == KEY_OFFICE ? "a" : "an",
		    k->f[2], want == KEY_OFFICE ? "an" : "a",
		    key_role_name(want));
		return -1;
	}
	return 0;
}

/* Exactly 2n hexadecimal digits of s into out[0..n). 0 or -1. */
static int
hex_field(const char *s, unsigned char *out, size_t n)
{
	size_t	 i, bin = 0;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < 2 * n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return -1;
	if (sodium_hex2bin(out, n, s, 2 * n, NULL, &bin, NULL) != 0 ||
	    bin != n)
		return -1;
	return 0;
}

/* A decimal number of up to 19 digits, no sign, into *v. 0 or -1. */
static int
dec_field(const char *s, unsigned long long *v)
{
	size_t	 i;

	*v = 0;
	if (*s == '\0' || strlen(s) > 19 || (s[0] == '0' && s[1] != '\0'))
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (unsigned long long)(s[i] - '0');
	}
	return 0;
}

int
key_read_public(const char *path, enum key_role role, struct public_key *pk,
    struct buf *why)
{
	unsigned char	 x[crypto_box_PUBLICKEYBYTES];
	struct key_line	 k;
	char		 text[KEY_FILE_MAX + 1];
	size_t		 len;

	memset(pk, 0, sizeof(*pk));
	if (ready(why) == -1 || read_text(path, text, &len, why) == -1 ||
	    key_line(text, len, &k, why) == -1 ||
	    key_head(&k, "candour-public-key", role, why) == -1)
		return -1;
	if (k.n != 4) {
		buf_set(why, "line %zu: a public key line has 4 fields, and this "
		    "one has %zu: the file is damaged", k.line, k.n);
		return -1;
	}
	if (hex_field(k.f[3], pk->pk, sizeof(pk->pk)) == -1) {
		buf_set(why, "line %zu: the key is not %zu hexadecimal digits: "
		    "the file is damaged or cut short", k.line,
		    2 * sizeof(pk->pk));
		return -1;
	}
	if (crypto_sign_ed25519_pk_to_curve25519(x, pk->pk) != 0) {
		memset(pk, 0, sizeof(*pk));
		buf_set(why, "line %zu: the key is not a valid Ed25519 public "
		    "key: the file is damaged", k.line);
		return -1;
	}
	pk->role = role;
	key_id(pk->pk, pk->id);
	return 0;
}

/*
 * The 64-byte secret key sk must be libsodium's seed and the public key
 * made from that seed. 0 or -1.
 */
static int
secret_whole(const unsigned char *sk)
{
	unsigned char	*seed, *again;
	unsigned char	 pk[crypto_sign_PUBLICKEYBYTES];
	int		 rc = -1;

	seed = sodium_malloc(crypto_sign_SEEDBYTES);
	again = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	if (seed != NULL && again != NULL) {
		crypto_sign_ed25519_sk_to_seed(seed, sk);
		if (crypto_sign_seed_keypair(pk, again, seed) == 0 &&
		    sodium_memcmp(again, sk, crypto_sign_SECRETKEYBYTES) == 0)
			rc = 0;
	}
	if (seed != NULL)
		sodium_free(seed);
	if (again != NULL)
		sodium_free(again);
	return rc;
}

/* Decrypt an argon2id13 line's box into sk with passphrase. */
static int
unlock(const struct key_line *k, const char *passphrase, unsigned char *sk,
    struct buf *why)
{
	unsigned char	 salt[crypto_pwhash_SALTBYTES];
	unsigned char	 nonce[crypto_secretbox_NONCEBYTES];
	unsigned char	 box[BOX_BYTES];
	unsigned char	*key;
	unsigned long long ops, mem;
	int		 rc;

	if (k->n != 9) {
		buf_set(why, "line %zu: an encrypted secret key line has 9 "
		    "fields, and this one has %zu: the file is damaged",
		    k->line, k->n);
		return -1;
	}
	if (dec_field(k->f[4], &ops) == -1 || dec_field(k->f[5], &mem) ==
	    -1) {
		buf_set(why, "line %zu: the Argon2id limits are not numbers: the "
		    "file is damaged", k->line);
		return -1;
	}
	if (ops < crypto_pwhash_OPSLIMIT_INTERACTIVE ||
	    ops > crypto_pwhash_OPSLIMIT_SENSITIVE ||
	    mem < crypto_pwhash_MEMLIMIT_INTERACTIVE ||
	    mem > crypto_pwhash_MEMLIMIT_SENSITIVE) {
		buf_set(why, "line %zu: the Argon2id limits (%llu passes, %llu "
		    "bytes) are outside what candour accepts (%llu to %llu "
		    "passes, %zu to %zu MiB): the file is damaged", k->line,
		    ops, mem,
		    (unsigned long long)crypto_pwhash_OPSLIMIT_INTERACTIVE,
		    (unsigned long long)crypto_pwhash_OPSLIMIT_SENSITIVE,
		    (size_t)crypto_pwhash_MEMLIMIT_INTERACTIVE >> 20,
		    (size_t)crypto_pwhash_MEMLIMIT_SENSITIVE >> 20);
		return -1;
	}
	if (hex_field(k->f[6], salt, sizeof(salt)) == -1 ||
	    hex_field(k->f[7], nonce, sizeof(nonce)) == -1 ||
	    hex_field(k->f[8], box, sizeof(box)) == -1) {
		buf_set(why, "line %zu: the salt, nonce or encrypted key is not "
		    "the right number of hexadecimal digits: the file is "
		    "damaged or cut short", k->line);
		return -1;
	}
	if (passphrase == NULL) {
		buf_set(why, "this key is encrypted under a passphrase: set "
		    "CANDOUR_PASSPHRASE or run this in a terminal");
		return -1;
	}
	if ((key = sodium_malloc(crypto_secretbox_KEYBYTES)) == NULL) {
		buf_set(why, "out of memory unlocking the key");
		return -1;
	}
	if (crypto_pwhash(key, crypto_secretbox_KEYBYTES, passphrase,
	    strlen(passphrase), salt, ops, (size_t)mem,
	    crypto_pwhash_ALG_ARGON2ID13) != 0) {
		buf_set(why, "not enough memory to unlock the key (Argon2id "
		    "needs %llu MiB)", mem >> 20);
		rc = -1;
	} else if (crypto_secretbox_open_easy(sk, box, sizeof(box), nonce,
	    key) != 0) {
		buf_set(why, "the passphrase is wrong, or the file was altered");
		rc = -1;
	} else
		rc = 0;
	sodium_free(key);
	return rc;
}

int
key_read_secret(const char *path, enum key_role role, const char *passphrase,
    struct secret_key *out, struct buf *why)
{
	struct key_line	 k;
	unsigned char	 x[crypto_box_PUBLICKEYBYTES];
	unsigned char	*sk = NULL;
	char		*text = NULL;
	size_t		 len;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	if (ready(why) == -1)
		return -1;
	if ((text = sodium_malloc(KEY_FILE_MAX + 1)) == NULL ||
	    (sk = sodium_malloc(crypto_sign_SECRETKEYBYTES)) == NULL) {
		buf_set(why, "out of memory reading the key");
		goto out;
	}
	if (read_text(path, text, &len, why) == -1 ||
	    key_line(text, len, &k, why) == -1 ||
	    key_head(&k, "candour-secret-key", role, why) == -1)
		goto out;
	if (k.n >= 4 && strcmp(k.f[3], "plain") == 0) {
		if (role == KEY_OFFICE) {
			buf_set(why, "line %zu: this office key is stored without "
			    "a passphrase, which candour never does: the file "
			    "was altered; make a new office key", k.line);
			goto out;
		}
		if (k.n != 5) {
			buf_set(why, "line %zu: a plain secret key line has 5 "
			    "fields, and this one has %zu: the file is "
			    "damaged", k.line, k.n);
			goto out;
		}
		if (hex_field(k.f[4], sk, crypto_sign_SECRETKEYBYTES) == -1) {
			buf_set(why, "line %zu: the secret key is not %d "
			    "hexadecimal digits: the file is damaged or cut "
			    "short", k.line, HEX_SK);
			goto out;
		}
	} else if (k.n >= 4 && strcmp(k.f[3], "argon2id13") == 0) {
		if (unlock(&k, passphrase, sk, why) == -1)
			goto out;
	} else {
		buf_set(why, "line %zu: the secret key is stored neither 'plain' "
		    "nor 'argon2id13': the file is damaged, or newer than "
		    "this candour; update candour", k.line);
		goto out;
	}
	if (secret_whole(sk) == -1 || crypto_sign_ed25519_pk_to_curve25519(x,
	    sk + crypto_sign_SEEDBYTES) != 0) {
		buf_set(why, "line %zu: the secret key does not hold together: "
		    "the file was altered", k.line);
		goto out;
	}
	out->role = role;
	out->sk = sk;
	memcpy(out->pk, sk + crypto_sign_SEEDBYTES, sizeof(out->pk));
	key_id(out->pk, out->id);
	sk = NULL;
	rc = 0;
out:
	if (sk != NULL)
		sodium_free(sk);
	if (text != NULL)
		sodium_free(text);
	return rc;
}

int
key_box_public(const struct public_key *pk,
    unsigned char out[crypto_box_PUBLICKEYBYTES])
{
	return crypto_sign_ed25519_pk_to_curve25519(out, pk->pk) == 0 ? 0 :
	    -1;
}

/*
 * The passphrase prompt. While echo is off, the signals that would stop
 * or end the program are caught, so the terminal is put back first; then
 * each is raised again as it would have been (the stops come back to the
 * prompt when the program is continued).
 */
static volatile sig_atomic_t caught;

static void
on_signal(int sig)
{
	caught = sig;
}

static const int tty_signals[] = {
	SIGALRM, SIGHUP, SIGINT, SIGPIPE, SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN,
	SIGTTOU,
};
#define NTTY_SIGNALS (sizeof(tty_signals) / sizeof(tty_signals[0]))

static const char no_passphrase[] = "no passphrase: set CANDOUR_PASSPHRASE "
    "or run this in a terminal";

static void
put_tty(int fd, const char *s)
{
	size_t	 n = strlen(s);
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, s, n)) == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
		s += w;
		n -= (size_t)w;
	}
}

/* Ask on the terminal fd, echo off; the line (without its end) goes to
 * out[PASS_MAX]. 0, or -1 with why. */
static int
ask(int fd, const char *prompt, char *out, struct buf *why)
{
	struct sigaction sa, saved[NTTY_SIGNALS];
	struct termios	 old, quiet;
	size_t		 i, n;
	ssize_t		 r;
	char		 c;
	int		 sig, eof, toolong, failed;

again:
	caught = 0;
	n = 0;
	eof = toolong = failed = 0;
	if (tcgetattr(fd, &old) == -1) {
		buf_set(why, "%s", no_passphrase);
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;	/* no SA_RESTART: read stops */
	for (i = 0; i < NTTY_SIGNALS; i++)
		(void)sigaction(tty_signals[i], &sa, &saved[i]);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	if (tcsetattr(fd, TCSAFLUSH, &quiet) == -1) {
		failed = errno;
		for (i = 0; i < NTTY_SIGNALS; i++)
			(void)sigaction(tty_signals[i], &saved[i], NULL);
		/* In the background, SIGTTOU: stop as a job should, and try
		 * again when brought to the foreground. */
		if ((sig = caught) != 0) {
			(void)kill(getpid(), sig);
			if (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
				goto again;
		}
		buf_set(why, "cannot turn the terminal's echo off: %s",
		    strerror(failed));
		return -1;
	}
	put_tty(fd, prompt);
	while (!caught) {
		if ((r = read(fd, &c, 1)) == -1) {
			if (errno == EINTR)
				continue;
			failed = errno;
			break;
		}
		if (r == 0) {
			eof = 1;
			break;
		}
		if (c == '\n')
			break;
		if (n + 1 < PASS_MAX)
			out[n++] = c;
		else
			toolong = 1;
	}
	c = 0;
	if (n > 0 && out[n - 1] == '\r')
		n--;
	out[n] = '\0';
	put_tty(fd, "\n");
	/* Back as it was, whatever happened above. */
	while (tcsetattr(fd, TCSAFLUSH, &old) == -1 && errno == EINTR)
		continue;
	for (i = 0; i < NTTY_SIGNALS; i++)
		(void)sigaction(tty_signals[i], &saved[i], NULL);
	if ((sig = caught) != 0) {
		sodium_memzero(out, PASS_MAX);
		(void)kill(getpid(), sig);
		if (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
			goto again;
		buf_set(why, "interrupted before the passphrase was typed");
		return -1;
	}
	if (failed) {
		sodium_memzero(out, PASS_MAX);
		buf_set(why, "cannot read the passphrase from the terminal: %s",
		    strerror(failed));
		return -1;
	}
	if (toolong) {
		sodium_memzero(out, PASS_MAX);
		buf_set(why, "the passphrase is longer than %d bytes", PASS_MAX - 1);
		return -1;
	}
	if (eof && n == 0) {
		buf_set(why, "no passphrase was typed");
		return -1;
	}
	return 0;
}

/* Characters (not bytes) of UTF-8 text s. */
static size_t
characters(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

char *
key_passphrase(const char *prompt, int confirm, struct buf *why)
{
	const char	*env;
	char		*p = NULL, *p2 = NULL;
	size_t		 n;
	int		 fd = -1;

	if (ready(why) == -1)
		return NULL;
	if ((env = getenv("CANDOUR_PASSPHRASE")) != NULL) {
		n = strlen(env);
		if ((p = sodium_malloc(n + 1)) == NULL)
			goto nomem;
		memcpy(p, env, n + 1);
	} else {
		if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) ==
		    -1) {
			buf_set(why, "%s", no_passphrase);
			return NULL;
		}
		if ((p = sodium_malloc(PASS_MAX)) == NULL)
			goto nomem;
		if (ask(fd, prompt, p, why) == -1)
			goto fail;
		if (confirm) {
			if ((p2 = sodium_malloc(PASS_MAX)) == NULL)
				goto nomem;
			if (ask(fd, "The same passphrase again: ", p2, why) ==
			    -1)
				goto fail;
			if (strlen(p) != strlen(p2) ||
			    sodium_memcmp(p, p2, strlen(p)) != 0) {
				buf_set(why, "the two passphrases differ; try "
				    "again");
				goto fail;
			}
		}
	}
	if (confirm && characters(p) < KEY_PASSPHRASE_MIN) {
		buf_set(why, "the passphrase is %zu characters; a new one needs "
		    "at least %d (a few unrelated words make a good one)",
		    characters(p), KEY_PASSPHRASE_MIN);
		goto fail;
	}
	if (p2 != NULL)
		sodium_free(p2);
	if (fd != -1)
		close(fd);
	return p;
nomem:
	buf_set(why, "out of memory for the passphrase");
fail:
	if (p != NULL)
		sodium_free(p);
	if (p2 != NULL)
		sodium_free(p2);
	if (fd != -1)
		close(fd);
	return NULL;
}

void
key_passphrase_free(char *p)
{
	if (p != NULL)
		sodium_free(p);
}
