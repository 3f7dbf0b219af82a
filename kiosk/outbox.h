/*
 * outbox: the kiosk's store of sealed complaints, one SQLite file in WAL
 * mode with synchronous=FULL, so a complaint whose commit has returned
 * survives a crash or power cut. Each row is one complaint:
 *
 *	seq		per-kiosk sequence 1, 2, 3 ..., never reused
 *	submission_id	the UUID minted on the check-answers page (unique)
 *	reference	what the resident is shown: kiosk id, '-', seq
 *	created_at	UTC to the minute, "2025-11-23T18:04Z"
 *	form_version	the record format inside sealed (record.h)
 *	key_id		which office public key it was sealed to
 *	sealed		crypto_box_seal of the padded JSON record
 *	delivered	0; 1 once a signed office acknowledgement names it
 *
 * The kiosk holds no key that opens sealed. Export to the office (bundles,
 * acknowledgements, pruning) is a later version's work; this layout leaves
 * room for it.
 */
#ifndef KIOSK_OUTBOX_H
#define KIOSK_OUTBOX_H

#include <stddef.h>
#include <stdio.h>

struct outbox;

/*
 * Open the outbox at path, creating it (and its schema) if it is missing,
 * for kiosk kiosk_id; an outbox made by another kiosk is refused. A
 * max_bytes above 0 refuses a complaint that would grow the file past it.
 * Returns 0, or -1 after saying why on errors. outbox_close closes it.
 */
int	 outbox_open(struct outbox **, const char *path, const char *kiosk_id,
	    long long max_bytes, FILE *errors);
void	 outbox_close(struct outbox *);

/*
 * Make the sealed record of a complaint. Called inside the transaction
 * with the reference and time the row will have; sets *blob (the caller
 * frees it with free) and *len. Returns 0, or -1 if it could not.
 */
typedef int (*outbox_seal_fn)(void *cls, const char *reference,
	    const char *created_at, unsigned char **blob, size_t *len);

enum outbox_result {
	OUTBOX_SAVED,		/* committed now, or already there */
	OUTBOX_FULL,		/* the disk or the size limit is full */
	OUTBOX_FAILED,		/* any other failure */
};

/*
 * Commit the complaint with submission id sid: if a row with sid is there
 * already, its reference is given back and nothing is written (one
 * complaint, one row); otherwise seal makes the record and it is inserted
 * and committed before this returns. The reference goes to ref (refsize
 * bytes); why (whysize bytes) says what failed.
 */
enum outbox_result outbox_commit(struct outbox *, const char *sid,
	    const char *key_id, int form_version, outbox_seal_fn seal,
	    void *cls, char *ref, size_t refsize, char *why, size_t whysize);

struct outbox_status {
	long long	 waiting;	/* rows not yet delivered */
	long long	 total;		/* all rows */
	long long	 last_seq;	/* the highest sequence number given */
	char		 oldest[24];	/* created_at of the oldest waiting, or "" */
	char		 kiosk_id[16];	/* the kiosk that made it */
};

/* Read the outbox's figures without changing it. Returns 0, 1 when there
 * is no outbox file yet, or -1 after saying why on errors. */
int	 outbox_status(const char *path, struct outbox_status *, FILE *errors);

#endif
