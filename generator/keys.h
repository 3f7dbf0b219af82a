/*
 * keys: the key files of kiosk-to-office sync (kiosk/BUNDLE.md, "Keys"),
 * shared by candour and candour-kiosk. Every key is an Ed25519 pair; the
 * office's public key is also used in its X25519 form to seal records.
 *
 * Every function that can fail returns 0, or -1 with a message in why
 * that can be shown after the file's path ("office.key: ...") and says
 * what to do. Secret keys live only in sodium_malloc'd memory.
 */
#ifndef CANDOUR_KEYS_H
#define CANDOUR_KEYS_H

#include <stddef.h>

#include <sodium.h>

struct buf;

#define KEY_ID_BYTES	8		/* a key id: BLAKE2b-256(pk)[0..8) */
#define KEY_ID_HEX	(2 * KEY_ID_BYTES + 1)	/* "5c1f0a9b33e2d817" */
#define KEY_FP_LEN	20		/* "5C1F-0A9B-33E2-D817" and NUL */
#define KEY_FILE_MAX	4096		/* bytes in a key file at most */
#define KEY_PASSPHRASE_MIN 12		/* characters in a new passphrase */

enum key_role {
	KEY_OFFICE,
	KEY_KIOSK,
};

/* "office", "kiosk" */
const char *key_role_name(enum key_role);

struct public_key {
	enum key_role	 role;
	unsigned char	 pk[crypto_sign_PUBLICKEYBYTES];	/* Ed25519 */
	unsigned char	 id[KEY_ID_BYTES];
};

struct secret_key {
	enum key_role	 role;
	unsigned char	*sk;	/* crypto_sign_SECRETKEYBYTES, sodium_malloc */
	unsigned char	 pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char	 id[KEY_ID_BYTES];
};

/* The id of an Ed25519 public key, and its two written forms. */
void	 key_id(const unsigned char pk[crypto_sign_PUBLICKEYBYTES],
	    unsigned char id[KEY_ID_BYTES]);
void	 key_id_hex(const unsigned char id[KEY_ID_BYTES], char out[KEY_ID_HEX]);
void	 key_fingerprint(const unsigned char id[KEY_ID_BYTES],
	    char out[KEY_FP_LEN]);

/*
 * Make a new key pair of role. The secret goes to sk (sodium_malloc'd by
 * this function; free with key_secret_free). Returns 0, or -1 with why.
 */
int	 key_generate(enum key_role, struct secret_key *sk, struct buf *why);
void	 key_secret_free(struct secret_key *);

/*
 * Write the public key file, and the secret key file (mode 0600), each to
 * a temporary file beside it, fsynced, then renamed; an existing file is
 * never overwritten (why says so and what to do). A NULL passphrase
 * stores the secret plain (kiosk keys only); otherwise it is encrypted
 * with Argon2id at opslimit and memlimit (crypto_pwhash_*_MODERATE for
 * real keys). Returns 0, or -1 with why.
 */
int	 key_write_public(const char *path, const struct public_key *,
	    struct buf *why);
int	 key_write_secret(const char *path, const struct secret_key *,
	    const char *passphrase, unsigned long long opslimit,
	    size_t memlimit, struct buf *why);

/*
 * Read a key file of role. A secret key file encrypted under a
 * passphrase needs passphrase (NULL: why says one is needed); a wrong
 * passphrase and an altered file give the same message. Returns 0, or
 * -1 with why naming the line and what is wrong.
 */
int	 key_read_public(const char *path, enum key_role, struct public_key *,
	    struct buf *why);
int	 key_read_secret(const char *path, enum key_role, const char *passphrase,
	    struct secret_key *, struct buf *why);

/* The X25519 forms, for sealing to and opening with an office key. */
int	 key_box_public(const struct public_key *,
	    unsigned char out[crypto_box_PUBLICKEYBYTES]);

/*
 * The passphrase: CANDOUR_PASSPHRASE if set, else asked on /dev/tty with
 * echo off, prompting with prompt (and asked twice when confirm is set).
 * A new passphrase (confirm set) must have KEY_PASSPHRASE_MIN characters.
 * Returns a sodium_malloc'd string (free with key_passphrase_free), or
 * NULL with why (no terminal and no variable, the two differ, too short).
 */
char	*key_passphrase(const char *prompt, int confirm, struct buf *why);
void	 key_passphrase_free(char *);

#endif
