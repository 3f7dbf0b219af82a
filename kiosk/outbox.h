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
 *	delivered_at	UTC to the second when it was marked delivered
 *
 * and table exports records each bundle written (kiosk/BUNDLE.md). A row
 * is deleted OUTBOX_GRACE_DAYS after the office acknowledged it, with
 * secure_delete on and the write-ahead log truncated afterwards. The kiosk
 * holds no key that opens sealed.
 */
#ifndef KIOSK_OUTBOX_H
#define KIOSK_OUTBOX_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

/*
 * Days a delivered row is kept after the office's acknowledgement, so a
 * bundle can be exported again (export --all) if the office loses its log
 * before its backup runs.
 */
#define OUTBOX_GRACE_DAYS	14

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
	long long	 delivered;	/* rows delivered, kept for the grace period */
	long long	 total;		/* every complaint ever made here */
	long long	 last_seq;	/* the highest sequence number given */
	char		 oldest[24];	/* created_at of the oldest waiting, or "" */
	char		 kept_until[24];	/* "2026-12-07": the last delivered
					 * row's deletion date, or "" */
	char		 kiosk_id[16];	/* the kiosk that made it */
	char		 export_at[24];	/* the last export's time, or "" */
	char		 export_file[256];	/* and its file name */
	long long	 export_count;	/* and how many records it held */
};

/* Whether there is an outbox file at path (1) or not (0). */
int	 outbox_exists(const char *path);

/* Read the outbox's figures. Returns 0, or -1 after saying why. */
int	 outbox_status(struct outbox *, struct outbox_status *, FILE *errors);

/* One row, as outbox_each gives it; the pointers last until fn returns. */
struct outbox_row {
	long long	 seq;
	const char	*sid;		/* submission id, text UUID */
	const unsigned char *sealed;
	size_t		 len;
};

/*
 * Call fn for each row sealed to the office key key_id that is waiting
 * (with all set: and each delivered one still kept), in sequence order,
 * all from one snapshot of the outbox. fn returns 0 to go on, 1 when it
 * has no room for this row (the rows from there on are counted into
 * *left, not given), or -1 to stop with an error (outbox_each then
 * returns -1, and fn has said why). *other is the number of waiting rows
 * sealed to another office key, which no bundle for key_id can carry.
 * Returns 0, or -1 after saying why.
 */
typedef int (*outbox_row_fn)(void *cls, const struct outbox_row *);
int	 outbox_each(struct outbox *, const char *key_id, int all,
	    outbox_row_fn fn, void *cls, long long *left, long long *other,
	    FILE *errors);

/* Record a bundle written: its id (hex), file name, range and count. */
int	 outbox_exported(struct outbox *, const char *bundle_id,
	    const char *file, long long first, long long last, long long n,
	    FILE *errors);

/*
 * The export of bundle id bundle_id (hex): sets *n to how many records it
 * held and returns 1, or returns 0 when this outbox has no such export,
 * or -1 after saying why.
 */
int	 outbox_export_of(struct outbox *, const char *bundle_id,
	    long long *n, FILE *errors);

/* A record the office acknowledged: its sequence number and its id. */
struct outbox_delivery {
	long long	 seq;
	char		 sid[40];	/* text UUID, lower case */
};

/*
 * Mark delivered, in one transaction, every row whose seq and submission
 * id both match one of the n deliveries (a row delivered before keeps its
 * first delivered_at, so acknowledging again does not lengthen the grace
 * period). *matched is how many rows matched, *waiting how many rows are
 * still waiting afterwards. Returns 0, or -1 after saying why (nothing is
 * changed then).
 */
int	 outbox_deliver(struct outbox *, const struct outbox_delivery *,
	    size_t n, long long *matched, long long *waiting, FILE *errors);

/*
 * Delete the rows delivered more than OUTBOX_GRACE_DAYS before now, with
 * secure_delete on, then checkpoint and truncate the write-ahead log so
 * their bytes are gone from it too. *pruned is how many were deleted.
 * Returns 0, or -1 after saying why.
 */
int	 outbox_prune(struct outbox *, time_t now, long long *pruned,
	    FILE *errors);

#endif
