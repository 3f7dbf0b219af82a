/*
 * office-key: a test helper standing in for the office side of the kiosk
 * (kiosk/BUNDLE.md), through the same generator/keys.c and bundle.c the
 * two programs use. It never goes on a kiosk. Office secret keys are
 * always under a passphrase, taken from CANDOUR_PASSPHRASE (with
 * crypto_pwhash's INTERACTIVE limits, to keep the tests quick).
 *
 *	office-key keypair PUBLIC SECRET
 *		make an office Ed25519 pair: PUBLIC in the format kiosk.yaml's
 *		office_key reads, SECRET as an encrypted secret key file
 *	office-key open SECRET OUTBOX
 *		print each record of OUTBOX, opened with SECRET and unpadded,
 *		one per line: "SEQ<TAB>REFERENCE<TAB>JSON"; exit 1 if any
 *		record does not open
 *	office-key bundle SECRET KIOSKPUB BUNDLE
 *		check BUNDLE as the office does (signature by KIOSKPUB first)
 *		and print "bundle KIOSK FIRST LAST COUNT BUNDLEID KEYID", then
 *		"SEQ<TAB>SID<TAB>JSON" for each record; exit 1 if any fails
 *	office-key ack [--forge] [--kiosk ID] SECRET KIOSKPUB BUNDLE OUT
 *	    [SEQ:UUID...]
 *		write to OUT the signed acknowledgement of BUNDLE naming each
 *		SEQ:UUID given, or else every record of the bundle; --kiosk
 *		puts another kiosk id in it; --forge signs it with a new key
 *		but writes SECRET's key id in it (so only the signature is
 *		wrong)
 *	office-key fill OFFICEPUB OUTBOX N
 *		add N sealed records to the existing OUTBOX, as the kiosk
 *		would (for timing export on many records)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <sqlite3.h>

#include "buf.h"
#include "bundle.h"
#include "diag.h"
#include "fsutil.h"
#include "keys.h"

static const char *
passphrase(void)
{
	const char	*p = getenv("CANDOUR_PASSPHRASE");

	if (p == NULL)
		fprintf(stderr, "office-key: set CANDOUR_PASSPHRASE\n");
	return p;
}

static int
read_secret(const char *path, struct secret_key *sk)
{
	struct buf	 why = BUF_INIT;
	const char	*pass;
	int		 rc = 0;

	if ((pass = passphrase()) == NULL)
		return -1;
	if (key_read_secret(path, KEY_OFFICE, pass, sk, &why) == -1) {
		fprintf(stderr, "office-key: %s: %s\n", path, buf_str(&why));
		rc = -1;
	}
	buf_free(&why);
	return rc;
}

static int
read_public(const char *path, enum key_role role, struct public_key *pk)
{
	struct buf	 why = BUF_INIT;
	int		 rc = 0;

	if (key_read_public(path, role, pk, &why) == -1) {
		fprintf(stderr, "office-key: %s: %s\n", path, buf_str(&why));
		rc = -1;
	}
	buf_free(&why);
	return rc;
}

static int
keypair(const char *pub_path, const char *sec_path)
{
	struct secret_key sk;
	struct public_key pk;
	struct buf	 why = BUF_INIT;
	const char	*pass;
	int		 rc = 1;

	memset(&sk, 0, sizeof(sk));
	if ((pass = passphrase()) == NULL)
		return 2;
	if (key_generate(KEY_OFFICE, &sk, &why) == -1)
		goto out;
	pk.role = KEY_OFFICE;
	memcpy(pk.pk, sk.pk, sizeof(pk.pk));
	memcpy(pk.id, sk.id, sizeof(pk.id));
	if (key_write_secret(sec_path, &sk, pass,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE, &why) == -1 ||
	    key_write_public(pub_path, &pk, &why) == -1)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "office-key: %s\n", buf_str(&why));
	key_secret_free(&sk);
	buf_free(&why);
	return rc;
}

static int
open_records(const char *sec, const char *db_path)
{
	struct secret_key sk;
	struct buf	 why = BUF_INIT;
	unsigned char	*plain;
	size_t		 plen;
	sqlite3		*db = NULL;
	sqlite3_stmt	*st = NULL;
	int		 bad = 0, n;

	memset(&sk, 0, sizeof(sk));
	if (read_secret(sec, &sk) == -1)
		return 2;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(db, "SELECT seq, reference, "
	    "sealed FROM records ORDER BY seq", -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "office-key: %s: %s\n", db_path,
		    sqlite3_errmsg(db));
		bad = 2;
		goto out;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_bytes(st, 2);
		if (bundle_open_record(&sk, sqlite3_column_blob(st, 2),
		    (size_t)n, &plain, &plen, &why) == -1) {
			printf("%lld\t%s\tDOES NOT OPEN: %s\n",
			    (long long)sqlite3_column_int64(st, 0),
			    sqlite3_column_text(st, 1), buf_str(&why));
			bad = 1;
			continue;
		}
		printf("%lld\t%s\t%s\n", (long long)sqlite3_column_int64(st, 0),
		    sqlite3_column_text(st, 1), (const char *)plain);
		sodium_free(plain);
	}
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	key_secret_free(&sk);
	buf_free(&why);
	return bad;
}

/* What a parse of a bundle collects. */
struct parsed {
	const struct secret_key *office;	/* NULL: do not open */
	const struct bundle_header *h;		/* printed before the first */
	struct ack_entry *entries;
	uint32_t	 n;
	int		 bad;
};

static void
print_header(const struct bundle_header *h)
{
	char		 idhex[2 * BUNDLE_ID_BYTES + 1], keyhex[KEY_ID_HEX];

	sodium_bin2hex(idhex, sizeof(idhex), h->bundle_id,
	    sizeof(h->bundle_id));
	key_id_hex(h->office_key_id, keyhex);
	printf("bundle %s %llu %llu %lu %s %s\n", h->kiosk_id,
	    (unsigned long long)h->first_seq, (unsigned long long)h->last_seq,
	    (unsigned long)h->count, idhex, keyhex);
}

static int
each_record(void *cls, const struct bundle_record *r)
{
	struct parsed	*p = cls;
	struct buf	 why = BUF_INIT;
	unsigned char	*plain;
	size_t		 plen;
	char		 sid[UUID_TEXT];

	if (p->n == 0 && p->office != NULL)
		print_header(p->h);
	p->entries[p->n].seq = r->seq;
	memcpy(p->entries[p->n].sid, r->sid, UUID_BYTES);
	p->n++;
	if (p->office == NULL)
		return 0;
	uuid_format(r->sid, sid);
	if (bundle_open_record(p->office, r->sealed, r->len, &plain, &plen,
	    &why) == -1) {
		printf("%llu\t%s\tDOES NOT OPEN: %s\n",
		    (unsigned long long)r->seq, sid, buf_str(&why));
		p->bad = 1;
	} else {
		printf("%llu\t%s\t%s\n", (unsigned long long)r->seq, sid,
		    (const char *)plain);
		sodium_free(plain);
	}
	buf_free(&why);
	return 0;
}

/*
 * Read, verify and parse the bundle at path into h and p (entries
 * malloc'd: the caller frees). Returns 0, or -1 having said why.
 */
static int
load_bundle(const char *kiosk_pub, const char *path, struct buf *data,
    struct bundle_header *h, struct parsed *p)
{
	struct public_key kpk;
	struct buf	 why = BUF_INIT;
	struct diag	 d;
	int		 rc = -1;

	diag_init(&d, stderr);
	if (read_public(kiosk_pub, KEY_KIOSK, &kpk) == -1 ||
	    file_read(path, BUNDLE_MAX_BYTES, data, &d) == -1)
		goto out;
	if (bundle_peek((const unsigned char *)data->data, data->len, h,
	    &why) == -1 || bundle_verify((const unsigned char *)data->data,
	    data->len, &kpk, &why) == -1) {
		fprintf(stderr, "office-key: %s: %s\n", path, buf_str(&why));
		goto out;
	}
	if ((p->entries = calloc(BUNDLE_MAX_RECORDS, sizeof(*p->entries))) ==
	    NULL)
		goto out;
	if (bundle_parse((const unsigned char *)data->data, data->len, h,
	    each_record, p, &why) == -1) {
		fprintf(stderr, "office-key: %s: %s\n", path, buf_str(&why));
		goto out;
	}
	rc = 0;
out:
	buf_free(&why);
	return rc;
}

static int
show_bundle(const char *sec, const char *kiosk_pub, const char *path)
{
	struct secret_key sk;
	struct bundle_header h;
	struct parsed	 p;
	struct buf	 data = BUF_INIT;
	int		 rc = 1;

	memset(&sk, 0, sizeof(sk));
	memset(&p, 0, sizeof(p));
	if (read_secret(sec, &sk) == -1)
		return 2;
	p.office = &sk;
	p.h = &h;
	if (load_bundle(kiosk_pub, path, &data, &h, &p) == -1)
		goto out;
	if (p.n == 0)
		print_header(&h);
	rc = p.bad;
out:
	free(p.entries);
	buf_free(&data);
	key_secret_free(&sk);
	return rc;
}

static int
write_ack(int argc, char *argv[])
{
	struct secret_key sk, forger;
	struct bundle_header h;
	struct parsed	 p;
	struct ack	 a;
	struct buf	 data = BUF_INIT, out = BUF_INIT, why = BUF_INIT;
	const char	*kiosk = NULL, *colon;
	int		 forge = 0, i, rc = 1;
	FILE		*f;

	memset(&sk, 0, sizeof(sk));
	memset(&forger, 0, sizeof(forger));
	memset(&p, 0, sizeof(p));
	memset(&a, 0, sizeof(a));
	for (i = 0; i < argc && argv[i][0] == '-'; i++)
		if (strcmp(argv[i], "--forge") == 0)
			forge = 1;
		else if (strcmp(argv[i], "--kiosk") == 0 && i + 1 < argc)
			kiosk = argv[++i];
		else
			return 2;
	argc -= i;
	argv += i;
	if (argc < 4)
		return 2;
	if (read_secret(argv[0], &sk) == -1)
		return 2;
	if (load_bundle(argv[1], argv[2], &data, &h, &p) == -1)
		goto out;
	snprintf(a.kiosk_id, sizeof(a.kiosk_id), "%s",
	    kiosk != NULL ? kiosk : h.kiosk_id);
	memcpy(a.bundle_id, h.bundle_id, sizeof(a.bundle_id));
	a.created = (int64_t)time(NULL);
	a.entries = p.entries;
	a.count = p.n;
	if (argc > 4) {
		a.count = 0;
		for (i = 4; i < argc; i++) {
			if ((colon = strchr(argv[i], ':')) == NULL ||
			    uuid_parse(colon + 1, a.entries[a.count].sid) ==
			    -1)
				goto out;
			a.entries[a.count++].seq = strtoull(argv[i], NULL,
			    10);
		}
	}
	if (forge && key_generate(KEY_OFFICE, &forger, &why) == -1)
		goto out;
	if (ack_write(&out, &a, forge ? &forger : &sk, &why) == -1) {
		fprintf(stderr, "office-key: %s\n", buf_str(&why));
		goto out;
	}
	if (forge)	/* the office key id, as if the office had signed */
		memcpy(out.data + 44, sk.id, KEY_ID_BYTES);
	if ((f = fopen(argv[3], "wb")) == NULL)
		goto out;
	if (fwrite(out.data, 1, out.len, f) != out.len) {
		fclose(f);
		goto out;
	}
	if (fclose(f) != 0)
		goto out;
	rc = 0;
out:
	free(p.entries);
	buf_free(&data);
	buf_free(&out);
	buf_free(&why);
	key_secret_free(&sk);
	key_secret_free(&forger);
	return rc;
}

/* Seal a small valid record for seq to the office key; append to out. */
static int
seal_one(const unsigned char box[crypto_box_PUBLICKEYBYTES],
    const char *kiosk, const char *sid, const char *ref, const char *when,
    unsigned char **sealed, size_t *len)
{
	unsigned char	 plain[4 * 1024];
	size_t		 n, padded;

	n = (size_t)snprintf((char *)plain, sizeof(plain) - 1024,
	    "{\"format\":\"candour-kiosk-record\",\"form_version\":1,"
	    "\"submission_id\":\"%s\",\"reference\":\"%s\",\"kiosk\":\"%s\","
	    "\"scheme\":\"HH01\",\"created_at\":\"%s\",\"language\":\"en\","
	    "\"easy_read\":false,\"category\":\"repairs\",\"happened\":"
	    "\"Filled in by office-key\",\"put_right\":\"Fix it\","
	    "\"danger\":\"no\",\"contact\":{\"method\":\"anonymous\"},"
	    "\"help\":[],\"help_details\":\"\"}", sid, ref, kiosk, when);
	if (sodium_pad(&padded, plain, n, BUNDLE_RECORD_PAD, sizeof(plain)) !=
	    0 || (*sealed = malloc(padded + crypto_box_SEALBYTES)) == NULL)
		return -1;
	*len = padded + crypto_box_SEALBYTES;
	return crypto_box_seal(*sealed, plain, padded, box);
}

static int
fill(const char *pub_path, const char *db_path, const char *count)
{
	struct public_key pk;
	unsigned char	 box[crypto_box_PUBLICKEYBYTES], uuid[UUID_BYTES];
	unsigned char	*sealed;
	char		 keyhex[KEY_ID_HEX], sid[UUID_TEXT], ref[48], when[24];
	char		 kiosk[16];
	sqlite3		*db = NULL;
	sqlite3_stmt	*st = NULL, *ins = NULL;
	long long	 seq, i, n = atoll(count);
	size_t		 len;
	time_t		 now = time(NULL);
	int		 rc = 1;

	if (read_public(pub_path, KEY_OFFICE, &pk) == -1 ||
	    key_box_public(&pk, box) == -1)
		return 2;
	key_id_hex(pk.id, keyhex);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%MZ", gmtime(&now));
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK || sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL) != SQLITE_OK || sqlite3_prepare_v2(db, "SELECT "
	    "coalesce((SELECT seq FROM sqlite_sequence WHERE name = "
	    "'records'), 0), (SELECT value FROM meta WHERE key = "
	    "'kiosk_id')", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		goto sqlerr;
	seq = sqlite3_column_int64(st, 0);
	snprintf(kiosk, sizeof(kiosk), "%s", sqlite3_column_text(st, 1));
	if (sqlite3_prepare_v2(db, "INSERT INTO records (seq, submission_id, "
	    "reference, created_at, form_version, key_id, sealed) VALUES "
	    "(?1, ?2, ?3, ?4, 1, ?5, ?6)", -1, &ins, NULL) != SQLITE_OK)
		goto sqlerr;
	for (i = 0; i < n; i++) {
		seq++;
		randombytes_buf(uuid, sizeof(uuid));
		uuid[6] = (uuid[6] & 0x0f) | 0x40;
		uuid[8] = (uuid[8] & 0x3f) | 0x80;
		uuid_format(uuid, sid);
		snprintf(ref, sizeof(ref), "%s-%04lld", kiosk, seq);
		if (seal_one(box, kiosk, sid, ref, when, &sealed, &len) != 0)
			goto out;
		sqlite3_bind_int64(ins, 1, seq);
		sqlite3_bind_text(ins, 2, sid, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 3, ref, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 4, when, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 5, keyhex, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(ins, 6, sealed, (int)len, free);
		if (sqlite3_step(ins) != SQLITE_DONE)
			goto sqlerr;
		sqlite3_reset(ins);
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto sqlerr;
	rc = 0;
	goto out;
sqlerr:
	fprintf(stderr, "office-key: %s: %s\n", db_path, sqlite3_errmsg(db));
out:
	sqlite3_finalize(st);
	sqlite3_finalize(ins);
	sqlite3_close(db);
	return rc;
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
	if (argc == 5 && strcmp(argv[1], "bundle") == 0)
		return show_bundle(argv[2], argv[3], argv[4]);
	if (argc >= 2 && strcmp(argv[1], "ack") == 0) {
		int	 rc = write_ack(argc - 2, argv + 2);

		if (rc != 2)
			return rc;
	}
	if (argc == 5 && strcmp(argv[1], "fill") == 0)
		return fill(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: office-key keypair PUBLIC SECRET\n"
	    "       office-key open SECRET OUTBOX\n"
	    "       office-key bundle SECRET KIOSKPUB BUNDLE\n"
	    "       office-key ack [--forge] [--kiosk ID] SECRET KIOSKPUB "
	    "BUNDLE OUT [SEQ:UUID...]\n"
	    "       office-key fill OFFICEPUB OUTBOX N\n");
	return 2;
}
