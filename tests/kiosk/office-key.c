/*
 * office-key: a test helper standing in for the office side of the kiosk,
 * until `candour keys office` exists. It never goes on a kiosk.
 *
 *	office-key keypair PUBLIC SECRET
 *		make an X25519 key pair: PUBLIC in the format kiosk.yaml's
 *		office_key reads, SECRET as 64 hex digits
 *	office-key open SECRET OUTBOX
 *		print each record of OUTBOX, opened with SECRET and unpadded,
 *		one per line: "SEQ<TAB>REFERENCE<TAB>JSON"; exit 1 if any
 *		record does not open
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

static int
write_file(const char *path, const char *text)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		return -1;
	}
	fputs(text, f);
	if (fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

static int
keypair(const char *pub, const char *sec)
{
	unsigned char	 pk[crypto_box_PUBLICKEYBYTES];
	unsigned char	 sk[crypto_box_SECRETKEYBYTES];
	char		 hex[2 * crypto_box_SECRETKEYBYTES + 1];
	char		 text[256];

	crypto_box_keypair(pk, sk);
	sodium_bin2hex(hex, sizeof(hex), pk, sizeof(pk));
	snprintf(text, sizeof(text), "# candour office public key (test)\n"
	    "%s\n", hex);
	if (write_file(pub, text) == -1)
		return 1;
	sodium_bin2hex(hex, sizeof(hex), sk, sizeof(sk));
	snprintf(text, sizeof(text), "%s\n", hex);
	return write_file(sec, text) == -1 ? 1 : 0;
}

static int
open_records(const char *sec, const char *db_path)
{
	unsigned char	 pk[crypto_box_PUBLICKEYBYTES];
	unsigned char	 sk[crypto_box_SECRETKEYBYTES];
	unsigned char	*plain;
	char		 hex[2 * crypto_box_SECRETKEYBYTES + 8];
	sqlite3		*db;
	sqlite3_stmt	*st;
	const unsigned char *blob;
	size_t		 len, unpadded, bin;
	FILE		*f;
	int		 bad = 0, n;

	if ((f = fopen(sec, "r")) == NULL || fgets(hex, sizeof(hex), f) ==
	    NULL || sodium_hex2bin(sk, sizeof(sk), hex, strlen(hex), "\n",
	    &bin, NULL) != 0 || bin != sizeof(sk)) {
		fprintf(stderr, "office-key: %s: not a secret key\n", sec);
		return 2;
	}
	fclose(f);
	crypto_scalarmult_base(pk, sk);
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(db, "SELECT seq, reference, "
	    "sealed FROM records ORDER BY seq", -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "office-key: %s: %s\n", db_path,
		    sqlite3_errmsg(db));
		return 2;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		blob = sqlite3_column_blob(st, 2);
		n = sqlite3_column_bytes(st, 2);
		if (n < (int)crypto_box_SEALBYTES) {
			bad = 1;
			continue;
		}
		len = (size_t)n - crypto_box_SEALBYTES;
		if ((plain = sodium_malloc(len + 1)) == NULL)
			return 2;
		if (crypto_box_seal_open(plain, blob, (size_t)n, pk, sk) != 0 ||
		    sodium_unpad(&unpadded, plain, len, 1024) != 0) {
			printf("%lld\t%s\tDOES NOT OPEN\n",
			    (long long)sqlite3_column_int64(st, 0),
			    sqlite3_column_text(st, 1));
			bad = 1;
		} else {
			plain[unpadded] = '\0';
			printf("%lld\t%s\t%s\n",
			    (long long)sqlite3_column_int64(st, 0),
			    sqlite3_column_text(st, 1), plain);
		}
		sodium_free(plain);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return bad;
}

int
main(int argc, char *argv[])
{
	if (sodium_init() < 0)
		return 2;
	if (argc == 4 && strcmp(argv[1], "keypair") == 0)
		return keypair(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "open") == 0)
		return open_records(argv[2], argv[3]);
	fprintf(stderr, "usage: office-key keypair PUBLIC SECRET\n"
	    "       office-key open SECRET OUTBOX\n");
	return 2;
}
