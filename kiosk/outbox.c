/*
 * outbox: SQLite, WAL, synchronous=FULL. Every statement is in one table
 * indexed by an enum, prepared once when the outbox opens. The layout is
 * the version 1 schema, then each migration in order; schema_version says
 * how many have run, so an outbox made by an older candour-kiosk is brought
 * up to date the first time a newer one opens it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "outbox.h"

#define OUTBOX_BUSY_MS		5000

/* The version 1 layout, as released: never edit it; add a migration. */
static const char schema[] =
    "CREATE TABLE IF NOT EXISTS schema_version (\n"
    "  version INTEGER NOT NULL -- the layout of this file; 1 is the first\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS meta (\n"
    "  key TEXT PRIMARY KEY, -- 'kiosk_id': the kiosk that made this outbox\n"
    "  value TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS records (\n"
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT, -- per-kiosk sequence, never"
    " reused\n"
    "  submission_id TEXT NOT NULL UNIQUE, -- UUID minted on the check page\n"
    "  reference TEXT NOT NULL UNIQUE, -- shown to the resident: K03-0142\n"
    "  created_at TEXT NOT NULL, -- UTC to the minute: 2025-11-23T18:04Z\n"
    "  form_version INTEGER NOT NULL, -- the record format inside sealed\n"
    "  key_id TEXT NOT NULL, -- the office public key it was sealed to\n"
    "  sealed BLOB NOT NULL, -- crypto_box_seal of the padded JSON record\n"
    "  delivered INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1))"
    " -- 1 once the office has acknowledged it\n"
    ");\n";

/* migrations[i] takes the layout from version i + 1 to i + 2. */
static const char *const migrations[] = {
	/* 2: acknowledgements, pruning and the record of exports. */
	"ALTER TABLE records ADD COLUMN delivered_at TEXT;\n"
	"CREATE TABLE exports (\n"
	"  bundle_id TEXT PRIMARY KEY, -- 32 hex digits, in the bundle's header\n"
	"  file TEXT NOT NULL, -- its file name: K03-000140-000151-9f3e2a1c.bundle\n"
	"  first_seq INTEGER NOT NULL, -- the first record's sequence number\n"
	"  last_seq INTEGER NOT NULL, -- the last record's\n"
	"  count INTEGER NOT NULL, -- how many records it holds\n"
	"  created_at TEXT NOT NULL -- UTC to the second: 2026-11-23T18:04:05Z\n"
	");\n",
};
#define OUTBOX_SCHEMA_VERSION \
	(1 + (int)(sizeof(migrations) / sizeof(*migrations)))

enum stmt {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_FIND,
	STMT_NEXT_SEQ,
	STMT_INSERT,
	STMT_PAGES,
	STMT_STATUS,
	STMT_LAST_EXPORT,
	STMT_PENDING,
	STMT_OTHER_KEY,
	STMT_EXPORTED,
	STMT_EXPORT_OF,
	STMT_DELIVER,
	STMT_WAITING,
	STMT_PRUNE,
	STMT_CHECKPOINT,
	STMT_BEGIN_READ,
	STMT__MAX
};

static const char *const sql[STMT__MAX] = {
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
	[STMT_FIND] = "SELECT reference FROM records WHERE submission_id = ?1",
	[STMT_NEXT_SEQ] = "SELECT coalesce((SELECT seq FROM sqlite_sequence "
	    "WHERE name = 'records'), 0) + 1",
	[STMT_INSERT] = "INSERT INTO records (seq, submission_id, reference, "
	    "created_at, form_version, key_id, sealed) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[STMT_PAGES] = "SELECT page_count * page_size FROM pragma_page_count, "
	    "pragma_page_size",
	[STMT_STATUS] = "SELECT (SELECT count(*) FROM records WHERE "
	    "delivered = 0), (SELECT count(*) FROM records WHERE delivered = 1), "
	    "(SELECT min(created_at) FROM records WHERE delivered = 0), "
	    "coalesce((SELECT seq FROM sqlite_sequence WHERE name = "
	    "'records'), 0), (SELECT value FROM meta WHERE key = 'kiosk_id'), "
	    "(SELECT strftime('%Y-%m-%d', max(delivered_at), ?1) FROM records "
	    "WHERE delivered = 1)",
	[STMT_LAST_EXPORT] = "SELECT created_at, file, count FROM exports "
	    "ORDER BY created_at DESC, rowid DESC LIMIT 1",
	[STMT_PENDING] = "SELECT seq, submission_id, sealed FROM records "
	    "WHERE key_id = ?1 AND (delivered = 0 OR ?2) ORDER BY seq",
	[STMT_OTHER_KEY] = "SELECT count(*) FROM records WHERE delivered = 0 "
	    "AND key_id <> ?1",
	[STMT_EXPORTED] = "INSERT INTO exports (bundle_id, file, first_seq, "
	    "last_seq, count, created_at) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
	[STMT_EXPORT_OF] = "SELECT count FROM exports WHERE bundle_id = ?1",
	[STMT_DELIVER] = "UPDATE records SET delivered = 1, delivered_at = "
	    "coalesce(delivered_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
	    "WHERE seq = ?1 AND lower(submission_id) = ?2",
	[STMT_WAITING] = "SELECT count(*) FROM records WHERE delivered = 0",
	[STMT_PRUNE] = "DELETE FROM records WHERE delivered = 1 AND "
	    "delivered_at <= strftime('%Y-%m-%dT%H:%M:%SZ', ?1, 'unixepoch')",
	[STMT_CHECKPOINT] = "PRAGMA wal_checkpoint(TRUNCATE)",
	[STMT_BEGIN_READ] = "BEGIN DEFERRED",
};

struct outbox {
	sqlite3		*db;
	sqlite3_stmt	*stmt[STMT__MAX];
	char		 kiosk_id[16];
	long long	 max_bytes;
};

/* Run sql (no results wanted) on db; report failures as path: what. */
static int
exec(sqlite3 *db, const char *path, const char *what, const char *text,
    FILE *errors)
{
	char	*msg = NULL;

	if (sqlite3_exec(db, text, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	fprintf(errors, "candour-kiosk: %s: cannot %s: %s\n", path, what,
	    msg != NULL ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

/*
 * Make the schema if the file is new, and check the file belongs to this
 * kiosk (recording kiosk_id in a new one).
 */
static int
setup(struct outbox *o, const char *path, FILE *errors)
{
	sqlite3_stmt	*st = NULL;
	const char	*owner;
	int		 rc = -1, step, version;

	if (exec(o->db, path, "set it up", "BEGIN IMMEDIATE", errors) == -1)
		return -1;
	if (exec(o->db, path, "create its tables", schema, errors) == -1)
		goto out;
	if (sqlite3_prepare_v2(o->db, "INSERT INTO schema_version SELECT 1 "
	    "WHERE NOT EXISTS (SELECT 1 FROM schema_version)", -1, &st,
	    NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		goto sqlerr;
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(o->db, "INSERT OR IGNORE INTO meta (key, value) "
	    "VALUES ('kiosk_id', ?1)", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, o->kiosk_id, -1, SQLITE_STATIC) !=
	    SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		goto sqlerr;
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(o->db, "SELECT value FROM meta WHERE key = "
	    "'kiosk_id'", -1, &st, NULL) != SQLITE_OK ||
	    (step = sqlite3_step(st)) != SQLITE_ROW)
		goto sqlerr;
	owner = (const char *)sqlite3_column_text(st, 0);
	if (owner == NULL || strcmp(owner, o->kiosk_id) != 0) {
		fprintf(errors, "candour-kiosk: %s: this outbox belongs to kiosk "
		    "%s, but kiosk.yaml says this is kiosk %s; set 'kiosk' back, "
		    "or give this kiosk its own outbox\n", path,
		    owner != NULL ? owner : "(none)", o->kiosk_id);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(o->db, "SELECT version FROM schema_version", -1,
	    &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		goto sqlerr;
	version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (version < 1 || version > OUTBOX_SCHEMA_VERSION) {
		fprintf(errors, "candour-kiosk: %s: the outbox has layout "
		    "version %d, and this program knows 1 to %d; use the "
		    "candour-kiosk that made it\n", path, version,
		    OUTBOX_SCHEMA_VERSION);
		goto out;
	}
	for (; version < OUTBOX_SCHEMA_VERSION; version++) {
		if (exec(o->db, path, "bring its layout up to date",
		    migrations[version - 1], errors) == -1)
			goto out;
		if (sqlite3_prepare_v2(o->db, "UPDATE schema_version SET "
		    "version = ?1", -1, &st, NULL) != SQLITE_OK ||
		    sqlite3_bind_int(st, 1, version + 1) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_DONE)
			goto sqlerr;
		sqlite3_finalize(st);
		st = NULL;
	}
	if (exec(o->db, path, "set it up", "COMMIT", errors) == -1)
		goto out;
	return 0;
sqlerr:
	fprintf(errors, "candour-kiosk: %s: cannot set it up: %s\n", path,
	    sqlite3_errmsg(o->db));
out:
	sqlite3_finalize(st);
	(void)sqlite3_exec(o->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int
outbox_open(struct outbox **out, const char *path, const char *kiosk_id,
    long long max_bytes, FILE *errors)
{
	struct outbox	*o;
	size_t		 i;

	*out = NULL;
	if ((o = calloc(1, sizeof(*o))) == NULL) {
		fprintf(errors, "candour-kiosk: out of memory\n");
		return -1;
	}
	snprintf(o->kiosk_id, sizeof(o->kiosk_id), "%s", kiosk_id);
	o->max_bytes = max_bytes;
	if (sqlite3_open_v2(path, &o->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		fprintf(errors, "candour-kiosk: %s: cannot open the outbox: %s; "
		    "check the folder exists and this user may write to it\n",
		    path, o->db != NULL ? sqlite3_errmsg(o->db) :
		    "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(o->db, OUTBOX_BUSY_MS);
	/* WAL is a property of the file; synchronous=FULL of the connection:
	 * each commit is on the disk before COMMIT returns. secure_delete
	 * overwrites what a later version prunes. */
	if (exec(o->db, path, "open it", "PRAGMA journal_mode = WAL; "
	    "PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; "
	    "PRAGMA trusted_schema = OFF", errors) == -1 ||
	    setup(o, path, errors) == -1)
		goto fail;
	for (i = 0; i < STMT__MAX; i++)
		if (sqlite3_prepare_v3(o->db, sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &o->stmt[i], NULL) != SQLITE_OK) {
			fprintf(errors, "candour-kiosk: %s: cannot prepare "
			    "'%s': %s\n", path, sql[i], sqlite3_errmsg(o->db));
			goto fail;
		}
	*out = o;
	return 0;
fail:
	outbox_close(o);
	return -1;
}

void
outbox_close(struct outbox *o)
{
	size_t	 i;

	if (o == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(o->stmt[i]);
	sqlite3_close(o->db);
	free(o);
}

/* Step the reset statement once; returns sqlite3_step's code. */
static int
step(struct outbox *o, enum stmt s)
{
	int	 rc;

	rc = sqlite3_step(o->stmt[s]);
	if (rc != SQLITE_ROW)
		sqlite3_reset(o->stmt[s]);
	return rc;
}

/* Map an SQLite error code to a result. */
static enum outbox_result
result_of(int rc)
{
	return (rc & 0xff) == SQLITE_FULL ? OUTBOX_FULL : OUTBOX_FAILED;
}

enum outbox_result
outbox_commit(struct outbox *o, const char *sid, const char *key_id,
    int form_version, outbox_seal_fn seal, void *cls, char *ref,
    size_t refsize, char *why, size_t whysize)
{
	sqlite3_stmt	*st;
	unsigned char	*blob = NULL;
	size_t		 len;
	long long	 seq;
	char		 created[24];
	time_t		 now;
	struct tm	 tm;
	int		 rc;
	enum outbox_result res = OUTBOX_FAILED;

	snprintf(why, whysize, "unknown");
	if ((rc = step(o, STMT_BEGIN)) != SQLITE_DONE)
		goto sqlfail;
	st = o->stmt[STMT_FIND];
	sqlite3_bind_text(st, 1, sid, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(ref, refsize, "%s", sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		if ((rc = step(o, STMT_COMMIT)) != SQLITE_DONE)
			goto sqlfail;
		return OUTBOX_SAVED;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto sqlfail;
	if ((rc = step(o, STMT_NEXT_SEQ)) != SQLITE_ROW)
		goto sqlfail;
	seq = sqlite3_column_int64(o->stmt[STMT_NEXT_SEQ], 0);
	sqlite3_reset(o->stmt[STMT_NEXT_SEQ]);
	snprintf(ref, refsize, "%s-%04lld", o->kiosk_id, seq);
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(created, sizeof(created), "%Y-%m-%dT%H:%MZ", &tm);
	if (seal(cls, ref, created, &blob, &len) == -1) {
		snprintf(why, whysize, "the record could not be sealed");
		goto fail;
	}
	st = o->stmt[STMT_INSERT];
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, sid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, created, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, form_version);
	sqlite3_bind_text(st, 6, key_id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 7, blob, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		goto sqlfail;
	if (o->max_bytes > 0) {
		if ((rc = step(o, STMT_PAGES)) != SQLITE_ROW)
			goto sqlfail;
		if (sqlite3_column_int64(o->stmt[STMT_PAGES], 0) >
		    o->max_bytes) {
			sqlite3_reset(o->stmt[STMT_PAGES]);
			snprintf(why, whysize, "the outbox would grow past "
			    "outbox_max_bytes (%lld)", o->max_bytes);
			res = OUTBOX_FULL;
			goto fail;
		}
		sqlite3_reset(o->stmt[STMT_PAGES]);
	}
	if ((rc = step(o, STMT_COMMIT)) != SQLITE_DONE)
		goto sqlfail;
	free(blob);
	return OUTBOX_SAVED;
sqlfail:
	snprintf(why, whysize, "%s", sqlite3_errstr(rc));
	res = result_of(rc);
fail:
	free(blob);
	sqlite3_reset(o->stmt[STMT_FIND]);
	if (!sqlite3_get_autocommit(o->db))
		(void)step(o, STMT_ROLLBACK);
	ref[0] = '\0';
	return res;
}

int
outbox_exists(const char *path)
{
	struct stat	 sb;

	return stat(path, &sb) == 0;
}

/* Report the last SQLite error on o as "path: cannot what: why". */
static int
fail_sql(struct outbox *o, const char *what, int rc, FILE *errors)
{
	fprintf(errors, "candour-kiosk: %s: cannot %s: %s\n",
	    sqlite3_db_filename(o->db, "main"), what,
	    rc == SQLITE_OK ? sqlite3_errmsg(o->db) : sqlite3_errstr(rc));
	return -1;
}

/* Copy column i of st's row, text or "", into out. */
static void
column_copy(sqlite3_stmt *st, int i, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	snprintf(out, size, "%s", t != NULL ? (const char *)t : "");
}

int
outbox_status(struct outbox *o, struct outbox_status *s, FILE *errors)
{
	sqlite3_stmt	*st = o->stmt[STMT_STATUS];
	char		 grace[32];
	int		 rc;

	memset(s, 0, sizeof(*s));
	snprintf(grace, sizeof(grace), "+%d days", OUTBOX_GRACE_DAYS);
	sqlite3_bind_text(st, 1, grace, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return fail_sql(o, "read the outbox", rc, errors);
	}
	s->waiting = sqlite3_column_int64(st, 0);
	s->delivered = sqlite3_column_int64(st, 1);
	column_copy(st, 2, s->oldest, sizeof(s->oldest));
	s->last_seq = sqlite3_column_int64(st, 3);
	s->total = s->last_seq;
	column_copy(st, 4, s->kiosk_id, sizeof(s->kiosk_id));
	column_copy(st, 5, s->kept_until, sizeof(s->kept_until));
	sqlite3_reset(st);
	st = o->stmt[STMT_LAST_EXPORT];
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		column_copy(st, 0, s->export_at, sizeof(s->export_at));
		column_copy(st, 1, s->export_file, sizeof(s->export_file));
		s->export_count = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_sql(o, "read the outbox", rc, errors);
	return 0;
}

int
outbox_each(struct outbox *o, const char *key_id, int all, outbox_row_fn fn,
    void *cls, long long *left, long long *other, FILE *errors)
{
	sqlite3_stmt	*st = o->stmt[STMT_PENDING];
	struct outbox_row row;
	int		 rc, full = 0, ret = -1, n;

	*left = *other = 0;
	if ((rc = step(o, STMT_BEGIN_READ)) != SQLITE_DONE)
		return fail_sql(o, "read the outbox", rc, errors);
	sqlite3_bind_text(st, 1, key_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, all != 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (full) {
			(*left)++;
			continue;
		}
		row.seq = sqlite3_column_int64(st, 0);
		row.sid = (const char *)sqlite3_column_text(st, 1);
		row.sealed = sqlite3_column_blob(st, 2);
		n = sqlite3_column_bytes(st, 2);
		row.len = n > 0 ? (size_t)n : 0;
		if (row.sid == NULL || row.sealed == NULL) {
			fprintf(errors, "candour-kiosk: %s: record %lld is "
			    "damaged (no submission id or sealed record); "
			    "run PRAGMA integrity_check and tell the "
			    "office\n", sqlite3_db_filename(o->db, "main"),
			    row.seq);
			goto out;
		}
		switch (fn(cls, &row)) {
		case 0:
			break;
		case 1:
			full = 1;
			(*left)++;
			break;
		default:
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		fail_sql(o, "read the outbox", rc, errors);
		goto out;
	}
	sqlite3_reset(st);
	st = o->stmt[STMT_OTHER_KEY];
	sqlite3_bind_text(st, 1, key_id, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		fail_sql(o, "read the outbox", rc, errors);
		goto out;
	}
	*other = sqlite3_column_int64(st, 0);
	ret = 0;
out:
	sqlite3_reset(o->stmt[STMT_PENDING]);
	sqlite3_clear_bindings(o->stmt[STMT_PENDING]);
	sqlite3_reset(o->stmt[STMT_OTHER_KEY]);
	(void)step(o, STMT_COMMIT);
	return ret;
}

int
outbox_exported(struct outbox *o, const char *bundle_id, const char *file,
    long long first, long long last, long long n, FILE *errors)
{
	sqlite3_stmt	*st = o->stmt[STMT_EXPORTED];
	int		 rc;

	sqlite3_bind_text(st, 1, bundle_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, file, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, first);
	sqlite3_bind_int64(st, 4, last);
	sqlite3_bind_int64(st, 5, n);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return fail_sql(o, "record the export", rc, errors);
	return 0;
}

int
outbox_export_of(struct outbox *o, const char *bundle_id, long long *n,
    FILE *errors)
{
	sqlite3_stmt	*st = o->stmt[STMT_EXPORT_OF];
	int		 rc;

	*n = 0;
	sqlite3_bind_text(st, 1, bundle_id, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return fail_sql(o, "read the record of exports", rc, errors);
}

int
outbox_deliver(struct outbox *o, const struct outbox_delivery *d, size_t n,
    long long *matched, long long *waiting, FILE *errors)
{
	sqlite3_stmt	*st = o->stmt[STMT_DELIVER];
	size_t		 i;
	int		 rc;

	*matched = *waiting = 0;
	if ((rc = step(o, STMT_BEGIN)) != SQLITE_DONE)
		return fail_sql(o, "mark the acknowledged complaints", rc,
		    errors);
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, d[i].seq);
		sqlite3_bind_text(st, 2, d[i].sid, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			goto fail;
		*matched += sqlite3_changes(o->db);
	}
	sqlite3_clear_bindings(st);
	if ((rc = step(o, STMT_WAITING)) != SQLITE_ROW)
		goto fail;
	*waiting = sqlite3_column_int64(o->stmt[STMT_WAITING], 0);
	sqlite3_reset(o->stmt[STMT_WAITING]);
	if ((rc = step(o, STMT_COMMIT)) != SQLITE_DONE)
		goto fail;
	return 0;
fail:
	sqlite3_clear_bindings(st);
	fail_sql(o, "mark the acknowledged complaints", rc, errors);
	if (!sqlite3_get_autocommit(o->db))
		(void)step(o, STMT_ROLLBACK);
	*matched = *waiting = 0;
	return -1;
}

int
outbox_prune(struct outbox *o, time_t now, long long *pruned, FILE *errors)
{
	sqlite3_stmt	*st = o->stmt[STMT_PRUNE];
	int		 rc;

	*pruned = 0;
	/* Set when the outbox opened; again here because it is what makes
	 * the deleted records' bytes go from the file. */
	if (sqlite3_exec(o->db, "PRAGMA secure_delete = ON", NULL, NULL,
	    NULL) != SQLITE_OK)
		return fail_sql(o, "delete delivered complaints", SQLITE_OK,
		    errors);
	sqlite3_bind_int64(st, 1, (long long)now -
	    (long long)OUTBOX_GRACE_DAYS * 86400);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return fail_sql(o, "delete delivered complaints", rc, errors);
	*pruned = sqlite3_changes(o->db);
	if (*pruned == 0)
		return 0;
	/* The deleted pages may still be in the write-ahead log: copy it
	 * into the file and truncate it. A reader (the running form) can
	 * hold it back; then the next prune or SQLite's own checkpoint does
	 * it, and the records are already unreadable in the file. */
	st = o->stmt[STMT_CHECKPOINT];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fail_sql(o, "checkpoint the write-ahead log", rc,
		    errors);
	return 0;
}
