/*
 * bundle: the wire formats of kiosk-to-office sync, byte by byte in
 * kiosk/BUNDLE.md: the bundle of sealed records a kiosk exports and the
 * acknowledgement the office writes back, and opening a sealed record.
 * Shared by candour (reads bundles, writes acks) and candour-kiosk
 * (writes bundles, reads acks). Pure functions on memory: no files.
 *
 * Every reader treats its input as hostile: it checks sizes before it
 * reads, and the signature before anything after the header. Messages in
 * why are plain words for staff ("the file is cut short: ...").
 */
#ifndef CANDOUR_BUNDLE_H
#define CANDOUR_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "keys.h"

struct buf;

#define BUNDLE_VERSION		1
#define BUNDLE_HEADER_BYTES	80
#define BUNDLE_SIG_BYTES	crypto_sign_BYTES	/* 64 */
#define BUNDLE_MIN_BYTES	(BUNDLE_HEADER_BYTES + BUNDLE_SIG_BYTES)
#define BUNDLE_MAX_BYTES	((size_t)256 * 1024 * 1024 - 1024)
#define BUNDLE_MAX_RECORDS	1000000
#define BUNDLE_SEALED_MIN	crypto_box_SEALBYTES	/* 48 */
#define BUNDLE_SEALED_MAX	65536
#define BUNDLE_RECORD_PAD	1024	/* sodium_pad block of a record */
#define BUNDLE_KIOSK_ID_MAX	15	/* bytes in a kiosk id */
#define BUNDLE_ID_BYTES		16
#define ACK_VERSION		1
#define ACK_HEADER_BYTES	64
#define ACK_ENTRY_BYTES		24
#define UUID_BYTES		16
#define UUID_TEXT		37	/* 36 characters and NUL */

struct bundle_header {
	char		 kiosk_id[BUNDLE_KIOSK_ID_MAX + 1];
	unsigned char	 bundle_id[BUNDLE_ID_BYTES];
	unsigned char	 office_key_id[KEY_ID_BYTES];
	int64_t		 created;	/* seconds since 1970 UTC */
	uint64_t	 first_seq, last_seq;
	uint32_t	 count;
};

struct bundle_record {
	uint64_t	 seq;
	unsigned char	 sid[UUID_BYTES];	/* submission id */
	const unsigned char *sealed;		/* into the bundle's bytes */
	uint32_t	 len;
};

/* 1 when id is a well-formed kiosk id ("K03"): [A-Z][A-Z0-9]{0,14}. */
int	 bundle_kiosk_id_ok(const char *id);

/*
 * Text UUID (36 characters, any case) to 16 bytes and back (lower case).
 * uuid_parse returns 0, or -1 when s is not a UUID.
 */
int	 uuid_parse(const char *s, unsigned char out[UUID_BYTES]);
void	 uuid_format(const unsigned char id[UUID_BYTES], char out[UUID_TEXT]);

/*
 * Writing a bundle: bundle_begin puts h's header in out (count and the
 * sequence range are filled in by bundle_finish); bundle_add appends one
 * record (in strictly increasing seq); bundle_finish patches the header
 * and appends the signature made with the kiosk's secret key. Returns 0,
 * or -1 with why (out of memory, out of order, too big).
 */
void	 bundle_begin(struct buf *out, const struct bundle_header *h);
int	 bundle_add(struct buf *out, const struct bundle_record *r,
	    struct buf *why);
int	 bundle_finish(struct buf *out, const struct secret_key *kiosk,
	    struct buf *why);

/*
 * Reading a bundle, in three steps that must come in this order:
 * bundle_peek checks size, magic, version and the kiosk id, and fills h's
 * kiosk_id only; bundle_verify checks the signature with the kiosk's
 * public key; bundle_parse (only after bundle_verify) fills all of h,
 * checks the whole structure, then calls fn for each record in order
 * (fn returns 0 to go on, -1 to stop: bundle_parse then returns -1). Each
 * returns 0, or -1 with why.
 */
int	 bundle_peek(const unsigned char *data, size_t len,
	    struct bundle_header *h, struct buf *why);
int	 bundle_verify(const unsigned char *data, size_t len,
	    const struct public_key *kiosk, struct buf *why);
int	 bundle_parse(const unsigned char *data, size_t len,
	    struct bundle_header *h,
	    int (*fn)(void *cls, const struct bundle_record *), void *cls,
	    struct buf *why);

/*
 * Open a sealed record with the office secret key: the unpadded plain
 * text goes to *plain (sodium_malloc'd, NUL-terminated; free with
 * sodium_free) and its length to *plen. Returns 0, or -1 with why (does
 * not open: sealed to another key or altered; bad padding).
 */
int	 bundle_open_record(const struct secret_key *office,
	    const unsigned char *sealed, size_t len, unsigned char **plain,
	    size_t *plen, struct buf *why);

/*
 * Opening many records (an import): a record_opener holds the X25519 form
 * of the office key and one locked buffer, made once, because locked
 * memory costs an mmap, mprotect, mlock and munmap each time it is made
 * (on a virtual machine, most of a 10,000-record import when made per
 * record). record_open opens a sealed record into the opener's buffer
 * and points *plain at it (unpadded, NUL-terminated, valid until the next
 * record_open); it checks and says what bundle_open_record does.
 * record_opener_new returns NULL (out of memory, or not an office secret
 * key) with why; record_opener_free zeroes and frees.
 */
struct record_opener;

struct record_opener *record_opener_new(const struct secret_key *office,
	    struct buf *why);
int	 record_open(struct record_opener *, const unsigned char *sealed,
	    size_t len, const unsigned char **plain, size_t *plen,
	    struct buf *why);
void	 record_opener_free(struct record_opener *);

struct ack_entry {
	uint64_t	 seq;
	unsigned char	 sid[UUID_BYTES];
};

struct ack {
	char		 kiosk_id[BUNDLE_KIOSK_ID_MAX + 1];
	unsigned char	 bundle_id[BUNDLE_ID_BYTES];
	unsigned char	 office_key_id[KEY_ID_BYTES];
	int64_t		 created;
	uint32_t	 count;
	struct ack_entry *entries;	/* count of them; malloc'd by ack_read */
};

/*
 * ack_write puts a's acknowledgement, signed with the office secret key,
 * in out. ack_read checks size, magic, version, that the office key id is
 * office's, the signature and that the kiosk id is kiosk_id, before it
 * reads any entry; it fills a (free with ack_free). Each returns 0, or -1
 * with why.
 */
int	 ack_write(struct buf *out, const struct ack *a,
	    const struct secret_key *office, struct buf *why);
int	 ack_read(const unsigned char *data, size_t len,
	    const struct public_key *office, const char *kiosk_id,
	    struct ack *a, struct buf *why);
void	 ack_free(struct ack *);

#endif
