/*
 * make-bundle: the test helper of the office side of kiosk sync (tests
 * only). It makes what a kiosk would, through the shared bundle.h, so the
 * office's import can be tested before and apart from candour-kiosk:
 *
 *	make-bundle kiosk-keys DIR
 *		DIR/kiosk.pub and DIR/kiosk.key (plain), as a kiosk has
 *	make-bundle office-keys DIR
 *		DIR/office.pub and DIR/office.key under CANDOUR_PASSPHRASE,
 *		with the INTERACTIVE Argon2id limits (fast, for tests)
 *	make-bundle bundle KIOSK.key OFFICE.pub KIOSK-ID OUT < RECORDS
 *		a signed bundle of the records on standard input, one a line:
 *		"SEQ SUBMISSION-ID JSON" (JSON to the end of the line),
 *		each padded and sealed to OFFICE.pub as the kiosk does.
 *		A kiosk seals a record once and exports those bytes in every
 *		bundle it is in; so that overlapping bundles do the same, the
 *		sealed bytes are kept in the folder MAKE_BUNDLE_STORE (when
 *		set) by the record's SHA-256 and used again
 *	make-bundle ack ACK OFFICE.pub KIOSK-ID
 *		check an acknowledgement with ack_read; print "SEQ SID" a line
 *	make-bundle unit
 *		the unit tests of logbundle.h (the England date, created_at,
 *		the category table)
 *
 * Exit status 0, or 1 with a message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "buf.h"
#include "bundle.h"
#include "keys.h"
#include "log.h"
#include "logbundle.h"
#include "workdays.h"

#define LINE_MAX_BYTES	(64 * 1024)

static int
fail(const char *what, const struct buf *why)
{
	fprintf(stderr, "make-bundle: %s: %s\n", what, buf_str(why));
	return 1;
}

static int
make_keys(const char *dir, enum key_role role)
{
	struct secret_key sk;
	struct public_key pk;
	struct buf	 why = BUF_INIT, pub = BUF_INIT, sec = BUF_INIT;
	const char	*pass = getenv("CANDOUR_PASSPHRASE");
	int		 rc = 1;

	buf_printf(&pub, "%s/%s.pub", dir, key_role_name(role));
	buf_printf(&sec, "%s/%s.key", dir, key_role_name(role));
	if (key_generate(role, &sk, &why) == -1)
		return fail("key_generate", &why);
	pk.role = role;
	memcpy(pk.pk, sk.pk, sizeof(pk.pk));
	memcpy(pk.id, sk.id, sizeof(pk.id));
	if (role == KEY_OFFICE && pass == NULL) {
		fprintf(stderr, "make-bundle: set CANDOUR_PASSPHRASE\n");
		goto out;
	}
	if (key_write_secret(buf_str(&sec), &sk, role == KEY_OFFICE ? pass :
	    NULL, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE, &why) == -1) {
		rc = fail(buf_str(&sec), &why);
		goto out;
	}
	if (key_write_public(buf_str(&pub), &pk, &why) == -1) {
		rc = fail(buf_str(&pub), &why);
		goto out;
	}
	rc = 0;
out:
	key_secret_free(&sk);
	buf_free(&why);
	buf_free(&pub);
	buf_free(&sec);
	return rc;
}

/* Pad and seal one record as kiosk/record.c does. */
static unsigned char *
seal(const char *json, size_t n, const unsigned char box_pk[], size_t *len)
{
	unsigned char	*padded, *sealed;
	size_t		 plen;

	if ((padded = malloc(n + BUNDLE_RECORD_PAD)) == NULL)
		return NULL;
	memcpy(padded, json, n);
	if (sodium_pad(&plen, padded, n, BUNDLE_RECORD_PAD, n +
	    BUNDLE_RECORD_PAD) != 0 ||
	    (sealed = malloc(plen + crypto_box_SEALBYTES)) == NULL) {
		free(padded);
		return NULL;
	}
	if (crypto_box_seal(sealed, padded, plen, box_pk) != 0) {
		free(padded);
		free(sealed);
		return NULL;
	}
	free(padded);
	*len = plen + crypto_box_SEALBYTES;
	return sealed;
}

/* Seal json, or take the bytes sealed before from the store. */
static unsigned char *
seal_once(const char *json, size_t n, const unsigned char box_pk[],
    size_t *len)
{
	const char	*store = getenv("MAKE_BUNDLE_STORE");
	unsigned char	 h[crypto_hash_sha256_BYTES], *sealed;
	char		 hex[2 * sizeof(h) + 1], path[4096];
	long		 size;
	FILE		*f;

	if (store == NULL)
		return seal(json, n, box_pk, len);
	/* The same record sealed to another office key is another file. */
	crypto_generichash(h, sizeof(h), (const unsigned char *)json, n,
	    box_pk, crypto_box_PUBLICKEYBYTES);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(path, sizeof(path), "%s/%s", store, hex);
	if ((f = fopen(path, "rb")) != NULL) {
		if (fseek(f, 0, SEEK_END) == -1 || (size = ftell(f)) <= 0 ||
		    fseek(f, 0, SEEK_SET) == -1 ||
		    (sealed = malloc((size_t)size)) == NULL) {
			fclose(f);
			return NULL;
		}
		*len = fread(sealed, 1, (size_t)size, f);
		fclose(f);
		return sealed;
	}
	if ((sealed = seal(json, n, box_pk, len)) != NULL &&
	    (f = fopen(path, "wb")) != NULL) {
		if (fwrite(sealed, 1, *len, f) != *len)
			perror(path);
		fclose(f);
	}
	return sealed;
}

static int
make_bundle(const char *kiosk_key, const char *office_pub, const char *id,
    const char *out)
{
	struct secret_key sk;
	struct public_key office;
	struct bundle_header h;
	struct bundle_record r;
	struct buf	 why = BUF_INIT, b = BUF_INIT;
	unsigned char	 box_pk[crypto_box_PUBLICKEYBYTES], *sealed;
	char		*line, *sp, *sp2, sid[UUID_TEXT];
	size_t		 n, len;
	FILE		*f;
	int		 rc = 1;

	if (key_read_secret(kiosk_key, KEY_KIOSK, NULL, &sk, &why) == -1)
		return fail(kiosk_key, &why);
	if (key_read_public(office_pub, KEY_OFFICE, &office, &why) == -1 ||
	    key_box_public(&office, box_pk) == -1) {
		key_secret_free(&sk);
		return fail(office_pub, &why);
	}
	if ((line = malloc(LINE_MAX_BYTES)) == NULL)
		return 1;
	memset(&h, 0, sizeof(h));
	snprintf(h.kiosk_id, sizeof(h.kiosk_id), "%s", id);
	randombytes_buf(h.bundle_id, sizeof(h.bundle_id));
	memcpy(h.office_key_id, office.id, KEY_ID_BYTES);
	h.created = 1732384800;
	bundle_begin(&b, &h);
	while (fgets(line, LINE_MAX_BYTES, stdin) != NULL) {
		n = strlen(line);
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n == 0)
			continue;
		if ((sp = strchr(line, ' ')) == NULL ||
		    (sp2 = strchr(sp + 1, ' ')) == NULL ||
		    (size_t)(sp2 - sp - 1) != UUID_TEXT - 1) {
			fprintf(stderr, "make-bundle: want SEQ SID JSON: %s\n",
			    line);
			goto out;
		}
		memset(&r, 0, sizeof(r));
		r.seq = strtoull(line, NULL, 10);
		memcpy(sid, sp + 1, UUID_TEXT - 1);
		sid[UUID_TEXT - 1] = '\0';
		if (uuid_parse(sid, r.sid) == -1) {
			fprintf(stderr, "make-bundle: bad uuid %s\n", sid);
			goto out;
		}
		if ((sealed = seal_once(sp2 + 1, strlen(sp2 + 1), box_pk, &len)) ==
		    NULL)
			goto out;
		r.sealed = sealed;
		r.len = (uint32_t)len;
		n = (size_t)bundle_add(&b, &r, &why);
		free(sealed);
		if (n != 0) {
			rc = fail("bundle_add", &why);
			goto out;
		}
	}
	if (bundle_finish(&b, &sk, &why) == -1) {
		rc = fail("bundle_finish", &why);
		goto out;
	}
	if (b.err || (f = fopen(out, "wb")) == NULL)
		goto out;
	if (fwrite(b.data, 1, b.len, f) != b.len) {
		fclose(f);
		goto out;
	}
	if (fclose(f) == 0)
		rc = 0;
out:
	free(line);
	key_secret_free(&sk);
	buf_free(&b);
	buf_free(&why);
	return rc;
}

static int
read_ack(const char *path, const char *office_pub, const char *id)
{
	struct public_key office;
	struct ack	 a;
	struct buf	 why = BUF_INIT, data = BUF_INIT;
	char		 chunk[65536], sid[UUID_TEXT];
	size_t		 n;
	uint32_t	 i;
	FILE		*f;

	if (key_read_public(office_pub, KEY_OFFICE, &office, &why) == -1)
		return fail(office_pub, &why);
	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return 1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&data, chunk, n);
	fclose(f);
	if (ack_read((const unsigned char *)buf_str(&data), data.len, &office,
	    id, &a, &why) == -1) {
		buf_free(&data);
		return fail(path, &why);
	}
	for (i = 0; i < a.count; i++) {
		uuid_format(a.entries[i].sid, sid);
		printf("%llu %s\n", (unsigned long long)a.entries[i].seq, sid);
	}
	ack_free(&a);
	buf_free(&data);
	buf_free(&why);
	return 0;
}

static int failures;

static void
expect(int ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
	if (!ok)
		failures++;
}

/* The England date of a UTC "YYYY-MM-DDTHH:MMZ", as "YYYY-MM-DD". */
static const char *
england(const char *t)
{
	static char	 out[DATE_LEN + 1];
	long		 day;
	int		 minute;

	if (logbundle_parse_time(t, strlen(t), &day, &minute) == -1)
		return "bad";
	date_format(logbundle_england_day(day, minute), out);
	return out;
}

static int
unit(void)
{
	static const struct {
		const char	*utc, *england;
	} days[] = {
		/* 2025: BST from 30 March 01:00 UTC to 26 October 01:00. */
		{ "2025-03-29T23:30Z", "2025-03-29" },
		{ "2025-03-30T00:59Z", "2025-03-30" },
		{ "2025-03-30T23:00Z", "2025-03-31" },
		{ "2025-03-30T22:59Z", "2025-03-30" },
		{ "2025-06-30T23:15Z", "2025-07-01" },
		{ "2025-10-25T23:00Z", "2025-10-26" },
		{ "2025-10-26T00:59Z", "2025-10-26" },
		{ "2025-10-26T23:30Z", "2025-10-26" },
		{ "2025-12-31T23:59Z", "2025-12-31" },
		/* 2024: 31 March and 27 October. */
		{ "2024-03-30T23:30Z", "2024-03-30" },
		{ "2024-03-31T23:30Z", "2024-04-01" },
		{ "2024-10-26T23:30Z", "2024-10-27" },
		{ "2024-10-27T23:30Z", "2024-10-27" },
		/* 2026: 29 March and 25 October; the year's last day. */
		{ "2026-03-28T23:30Z", "2026-03-28" },
		{ "2026-03-29T23:30Z", "2026-03-30" },
		{ "2026-10-24T23:30Z", "2026-10-25" },
		{ "2026-10-25T23:30Z", "2026-10-25" },
		/* A resident's 31 March in BST is the reporting year's end. */
		{ "2025-03-31T22:30Z", "2025-03-31" },
		{ "2025-03-31T23:30Z", "2025-04-01" },
	};
	static const char *const bad[] = { "2025-11-23T18:04", "2025-11-23 "
	    "18:04Z", "2025-11-23T24:00Z", "2025-11-23T18:60Z",
	    "2025-02-29T12:00Z", "1999-12-31T12:00Z", "2025-11-23T18:04:05Z",
	    "2025-11-23t18:04Z", "" };
	char		 what[128];
	size_t		 i;
	long		 day;
	int		 minute;

	for (i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		snprintf(what, sizeof(what), "england day of %s is %s",
		    days[i].utc, days[i].england);
		expect(strcmp(england(days[i].utc), days[i].england) == 0,
		    what);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(what, sizeof(what), "created_at '%s' refused", bad[i]);
		expect(logbundle_parse_time(bad[i], strlen(bad[i]), &day,
		    &minute) == -1, what);
	}
	expect(logbundle_category("repairs") == LOG_CATEGORY_REPAIRS &&
	    logbundle_category("staff") == LOG_CATEGORY_STAFF &&
	    logbundle_category("neighbours") == LOG_CATEGORY_ASB &&
	    logbundle_category("cleaning") == LOG_CATEGORY_NEIGHBOURHOOD &&
	    logbundle_category("safety") == LOG_CATEGORY_SAFETY &&
	    logbundle_category("money") == LOG_CATEGORY_CHARGES &&
	    logbundle_category("support") == LOG_CATEGORY_SUPPORT &&
	    logbundle_category("other") == LOG_CATEGORY_OTHER,
	    "every kiosk category maps to the log's");
	expect(logbundle_category("Repairs") == -1 &&
	    logbundle_category("damp and mould") == -1 &&
	    logbundle_category("") == -1, "other names are not categories");
	return failures ? 1 : 0;
}

int
main(int argc, char *argv[])
{
	if (sodium_init() < 0)
		return 1;
	if (argc == 3 && strcmp(argv[1], "kiosk-keys") == 0)
		return make_keys(argv[2], KEY_KIOSK);
	if (argc == 3 && strcmp(argv[1], "office-keys") == 0)
		return make_keys(argv[2], KEY_OFFICE);
	if (argc == 6 && strcmp(argv[1], "bundle") == 0)
		return make_bundle(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 5 && strcmp(argv[1], "ack") == 0)
		return read_ack(argv[2], argv[3], argv[4]);
	if (argc == 2 && strcmp(argv[1], "unit") == 0)
		return unit();
	fprintf(stderr, "usage: make-bundle kiosk-keys DIR | office-keys DIR |"
	    "\n       bundle KIOSK.key OFFICE.pub KIOSK-ID OUT < RECORDS |\n"
	    "       ack ACK OFFICE.pub KIOSK-ID | unit\n");
	return 1;
}
