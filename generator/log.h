/*
 * log: the complaint log, one SQLite file (var/complaints.db by default, the
 * `log` setting in site.yaml). log.c holds every SQL statement that touches
 * the log, as an enum and a const table of fixed statements: values are
 * always bound, never pasted into SQL. The schema is created and brought up
 * to date by numbered migrations (a const table of SQL scripts), recorded
 * in schema_version; every column is described in the SQL itself.
 *
 * The site generator opens the log read-only and runs one query, through
 * log_each_fact, which gives for each stage only its dates and codes (as
 * the enums below): never a reference, an id, a scheme or any free text,
 * so nothing that could identify a resident reaches the generator, let
 * alone site/. It is a plain pass over the stages, not a GROUP BY: sorting
 * a million rows in SQLite alone takes longer than the one second the
 * figures may take (DESIGN 9); the counting is done in figures.c. Stages
 * join their complaint by complaints.seq, an integer row number, rather
 * than by the UUID id, for the same reason.
 *
 * The lists of values below are data shared by the CSV import, the
 * commands and the figures: the text is what the log stores.
 */
#ifndef CANDOUR_LOG_H
#define CANDOUR_LOG_H

#include <stddef.h>

struct buf;

#define LOG_SCHEMA_VERSION 2		/* the migrations this candour has */
#define LOG_REFERENCE_MAX 40		/* bytes in a reference */
#define LOG_SCHEME_MAX 40		/* bytes in a scheme code */
#define LOG_REASON_TEXT_MAX 500		/* bytes in an extension reason */

/* X(number, NAME, "text as stored") */
#define LOG_TENURES(X)						\
	X(0, LCRA, "LCRA")					\
	X(1, LCHO, "LCHO")

#define LOG_CHANNELS(X)						\
	X(0, KIOSK, "kiosk")					\
	X(1, PHONE, "phone")					\
	X(2, EMAIL, "email")					\
	X(3, LETTER, "letter")					\
	X(4, IN_PERSON, "in person")				\
	X(5, WEB, "web")					\
	X(6, SOCIAL_MEDIA, "social media")			\
	X(7, THIRD_PARTY, "third party")			\
	X(8, OTHER, "other")

#define LOG_CATEGORIES(X)					\
	X(0, REPAIRS, "repairs")				\
	X(1, DAMP, "damp and mould")				\
	X(2, ASB, "anti-social behaviour")			\
	X(3, NEIGHBOURHOOD, "neighbourhood")			\
	X(4, CHARGES, "rent and charges")			\
	X(5, STAFF, "staff and communication")			\
	X(6, SUPPORT, "support services")			\
	X(7, SAFETY, "safety")					\
	X(8, OTHER, "other")

/* Outcome 0 is "still open": the log stores NULL. */
#define LOG_OUTCOMES(X)						\
	X(1, UPHELD, "upheld")					\
	X(2, NOT_UPHELD, "not upheld")				\
	X(3, WITHDRAWN, "withdrawn")				\
	X(4, REFUSED, "refused")

/* Why a complaint was not accepted (Code 4.1, reported under 8.1b). */
#define LOG_REASONS(X)						\
	X(0, OLD, "over 12 months")				\
	X(1, LEGAL, "legal proceedings")			\
	X(2, CONSIDERED, "already considered")			\
	X(3, SERVICE_REQUEST, "service request")		\
	X(4, OTHER, "other")

#define LOG_ENUM_TENURE(n, id, text)	LOG_TENURE_##id = n,
#define LOG_ENUM_CHANNEL(n, id, text)	LOG_CHANNEL_##id = n,
#define LOG_ENUM_CATEGORY(n, id, text)	LOG_CATEGORY_##id = n,
#define LOG_ENUM_OUTCOME(n, id, text)	LOG_OUTCOME_##id = n,
#define LOG_ENUM_REASON(n, id, text)	LOG_REASON_##id = n,

enum log_tenure { LOG_TENURES(LOG_ENUM_TENURE) LOG_TENURE__MAX };
enum log_channel { LOG_CHANNELS(LOG_ENUM_CHANNEL) LOG_CHANNEL__MAX };
enum log_category { LOG_CATEGORIES(LOG_ENUM_CATEGORY) LOG_CATEGORY__MAX };
enum log_outcome { LOG_OUTCOME_OPEN = 0, LOG_OUTCOMES(LOG_ENUM_OUTCOME)
	LOG_OUTCOME__MAX };
enum log_reason { LOG_REASONS(LOG_ENUM_REASON) LOG_REASON__MAX };

/* The stored text of each value; log_outcomes[0] is "" (open). */
extern const char *const log_tenures[LOG_TENURE__MAX];
extern const char *const log_channels[LOG_CHANNEL__MAX];
extern const char *const log_categories[LOG_CATEGORY__MAX];
extern const char *const log_outcomes[LOG_OUTCOME__MAX];
extern const char *const log_reasons[LOG_REASON__MAX];

/*
 * The index of s[0..n) in names (compared without regard to case, spaces
 * at either end ignored), or -1.
 */
int	 log_lookup(const char *const *names, size_t nnames, const char *s,
	    size_t n);
/* Append names[from..nnames) as "a, b, c or d" (last: "or", "and"). */
void	 log_list(struct buf *, const char *const *names, size_t nnames,
	    size_t from, const char *last);

/*
 * Append the log's path to out: setting (site.yaml's `log`) as it is when
 * absolute, else taken relative to the folder that holds content_dir (so
 * "var/complaints.db" with content "content" is "var/complaints.db", and
 * with content "/srv/hh/content" is "/srv/hh/var/complaints.db").
 */
void	 log_path(struct buf *out, const char *content_dir,
	    const char *setting);

enum log_access {
	LOG_READ_ONLY,		/* must exist and be up to date; never written */
	LOG_READ_WRITE,		/* created and migrated as needed */
};

struct complaint_log;

/*
 * Open the log at path. Returns the handle, or NULL with the reason in why.
 * Every reason a function here puts in why is a message to show after the
 * log's path ("var/complaints.db: cannot open the log: ..."). log_close
 * closes the handle.
 */
struct complaint_log *log_open(const char *path, enum log_access,
	    struct buf *why);
void	 log_close(struct complaint_log *);

/*
 * Transactions for writers: everything between log_begin and log_commit is
 * written at once or not at all. Each returns 0, or -1 with the reason in
 * why; after a failure call log_rollback.
 */
int	 log_begin(struct complaint_log *, struct buf *why);
int	 log_commit(struct complaint_log *, struct buf *why);
void	 log_rollback(struct complaint_log *);

/* One complaint's own columns, as the import and the commands write them. */
struct log_complaint {
	const char	*reference;
	enum log_channel channel;
	enum log_tenure	 tenure;
	enum log_category category;
	const char	*scheme;	/* or NULL */
	long		 received;	/* received_at, a day number */
	const char	*source;	/* "import-csv FILE", "command" */
};

/* One stage of a complaint. Dates are day numbers, DATE_NONE if absent. */
struct log_stage {
	int		 stage;		/* 1 or 2 */
	long		 received;
	long		 acknowledged;
	long		 extended_to;
	char		*extension_reason; /* or NULL; owned (log_stage_clear) */
	long		 responded;
	enum log_outcome outcome;
	int		 reason;	/* enum log_reason, or -1 */
};

void	 log_stage_clear(struct log_stage *);

/*
 * Add the complaint, or update its channel, tenure, category, scheme and
 * received date if its reference is already in the log (the id and source
 * stay). *changed is set to 0 when it was there unchanged, 1 when added, 2
 * when updated. Returns 0, or -1 with the reason in why.
 */
int	 log_put_complaint(struct complaint_log *, const struct log_complaint *,
	    int *changed, struct buf *why);

/* Is the complaint with reference in the log? 1 yes, 0 no, -1 error. */
int	 log_has_complaint(struct complaint_log *, const char *reference,
	    struct buf *why);

/*
 * Read stage of the complaint with reference into *s (cleared first).
 * Returns 1 found, 0 not in the log, -1 error (why says).
 */
int	 log_get_stage(struct complaint_log *, const char *reference, int stage,
	    struct log_stage *s, struct buf *why);

/*
 * Write stage s->stage of the complaint with reference (which must be in
 * the log), adding it or replacing every column of it. *changed as for
 * log_put_complaint. Returns 0, or -1 with the reason in why.
 */
int	 log_put_stage(struct complaint_log *, const char *reference,
	    const struct log_stage *s, int *changed, struct buf *why);

/*
 * Call fn for each open stage (no outcome) with its complaint's reference,
 * in no particular order. Stops early when fn returns non-zero. Returns 0,
 * or -1 with the reason in why.
 */
int	 log_each_open(struct complaint_log *,
	    int (*fn)(void *, const char *reference, const struct log_stage *),
	    void *arg, struct buf *why);

/*
 * What the figures need of one stage, and nothing else: codes and dates.
 * A value not in the lists above comes back as the list's "other" (tenure:
 * the stage is counted in unreadable instead).
 */
struct log_fact {
	int		 stage;		/* 1 or 2 */
	enum log_tenure	 tenure;
	enum log_channel channel;
	enum log_category category;
	long		 received;	/* day numbers; DATE_NONE if absent */
	long		 acknowledged;
	long		 extended_to;
	int		 has_reason;	/* an extension reason is recorded */
	long		 responded;
	enum log_outcome outcome;
	enum log_reason	 reason;	/* with LOG_OUTCOME_REFUSED */
};

/*
 * Call fn with each stage's facts, in one pass over the log. Stages whose
 * stage number, tenure or received date cannot be read are not passed but
 * counted in *unreadable. Stops early when fn returns non-zero. Returns 0,
 * or -1 with the reason in why.
 */
int	 log_each_fact(struct complaint_log *,
	    int (*fn)(void *, const struct log_fact *), void *arg,
	    size_t *unreadable, struct buf *why);

/*
 * Kiosks (kiosk sync, kiosk/BUNDLE.md): the kiosks whose bundles the
 * office accepts, each with its public key (64 hex digits).
 */
#define LOG_LABEL_MAX 100		/* bytes in a kiosk's label */

struct log_kiosk {
	char		 id[16];		/* "K03" */
	char		 public_key[65];	/* hex */
	char		 label[LOG_LABEL_MAX + 1];
	int		 active;		/* 0 retired */
	enum log_tenure	 tenure;
	long long	 nbundles;		/* bundles imported (list only) */
	char		 last_import[32];	/* ISO 8601, or "" (list only) */
};

/* Read kiosk id into *k: 1 found, 0 not in the log, -1 error (why). */
int	 log_get_kiosk(struct complaint_log *, const char *id,
	    struct log_kiosk *k, struct buf *why);
/* Add k (id, public_key, label, tenure), active, added at now. */
int	 log_add_kiosk(struct complaint_log *, const struct log_kiosk *k,
	    const char *now, struct buf *why);
/* Retire kiosk id: 1 done, 0 no active kiosk of that id, -1 error. */
int	 log_retire_kiosk(struct complaint_log *, const char *id,
	    const char *now, struct buf *why);
/* Call fn for each kiosk, by id; stops when fn returns non-zero. */
int	 log_each_kiosk(struct complaint_log *,
	    int (*fn)(void *, const struct log_kiosk *), void *arg,
	    struct buf *why);

/* The members of a kiosk record (kiosk/record.h) the office reads. */
enum log_record_member {
	LR_FORMAT,
	LR_SUBMISSION_ID,
	LR_REFERENCE,
	LR_KIOSK,
	LR_SCHEME,
	LR_CREATED_AT,
	LR_CATEGORY,
	LR_HAPPENED,
	LR_PUT_RIGHT,
	LR_CONTACT,		/* one line for staff; NULL: anonymous */
	LR_ADJUSTMENTS,		/* help and help_details; NULL: none */
	LR__MAX
};

struct log_record {
	char		*text[LR__MAX];	/* NULL: missing or not a string */
	int		 bad[LR__MAX];	/* contact, adjustments malformed */
	long long	 form_version;	/* -1: missing or not an integer */
};

/*
 * Read the kiosk record json[0..len) (valid UTF-8, no NUL) with SQLite's
 * JSON functions into *r: 0 read (each member still to be checked), 1 not
 * a JSON object, -1 error (why). log_record_clear zeroes and frees r.
 */
int	 log_read_record(struct complaint_log *, const char *json, size_t len,
	    struct log_record *r, struct buf *why);
void	 log_record_clear(struct log_record *r);

/* A complaint from a kiosk bundle, checked, as log_put_kiosk_complaint
 * writes it. */
struct log_kiosk_complaint {
	const char	*id;		/* the submission id, lower case */
	const char	*reference;
	const char	*scheme;	/* or NULL */
	enum log_tenure	 tenure;
	enum log_category category;
	const char	*summary, *outcome_sought, *contact, *adjustments;
	const char	*received_at;	/* created_at, UTC */
	long		 received;	/* stage 1: the day in England */
	const char	*source;	/* the kiosk id */
	const char	*content_sha256; /* of the sealed record, hex */
	const char	*bundle_id;	/* hex, for import_conflicts */
	const char	*now;		/* ISO 8601, for import_conflicts */
};

enum log_put {
	LOG_PUT_NEW,			/* added, with its stage 1 */
	LOG_PUT_SAME,			/* already in the log, same content */
	LOG_PUT_CONFLICT_ID,		/* the id with other content */
	LOG_PUT_CONFLICT_REFERENCE,	/* a new id, a reference in the log */
};

/*
 * Add c unless its id is in the log (INSERT OR IGNORE by id, never an
 * update); a conflict goes to import_conflicts and changes nothing else.
 * Returns 0 with *result, or -1 with why.
 */
int	 log_put_kiosk_complaint(struct complaint_log *,
	    const struct log_kiosk_complaint *c, enum log_put *result,
	    struct buf *why);

/* Has the bundle (hex id) been imported? 1 yes, 0 no, -1 error. */
int	 log_has_bundle(struct complaint_log *, const char *bundle_id,
	    struct buf *why);
/* Record a bundle's first import (nothing when it is already there). */
int	 log_add_bundle(struct complaint_log *, const char *bundle_id,
	    const char *kiosk_id, const char *sha256, const char *now,
	    long nnew, long nduplicate, struct buf *why);

#endif
