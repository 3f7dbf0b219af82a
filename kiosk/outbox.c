/*
 * outbox: SQLite, WAL, synchronous=FULL. Every statement is in one table
 * indexed by an enum, prepared once when the outbox opens.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "outbox.h"

#define OUTBOX_SCHEMA_VERSION	1
#define OUTBOX_BUSY_MS		5000

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

enum stmt {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_FIND,
	STMT_NEXT_SEQ,
	STMT_INSERT,
	STMT_PAGES,
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
	int		 rc = -1, step;

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
	if (sqlite3_column_int(st, 0) != OUTBOX_SCHEMA_VERSION) {
		fprintf(errors, "candour-kiosk: %s: the outbox has layout "
		    "version %d, and this program knows only %d; use the "
		    "candour-kiosk that made it\n", path,
		    sqlite3_column_int(st, 0), OUTBOX_SCHEMA_VERSION);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
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
outbox_status(const char *path, struct outbox_status *s, FILE *errors)
{
	sqlite3		*db = NULL;
	sqlite3_stmt	*st = NULL;
	FILE		*f;
	int		 rc = -1;

	memset(s, 0, sizeof(*s));
	if ((f = fopen(path, "rb")) == NULL)
		return 1;
	fclose(f);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		fprintf(errors, "candour-kiosk: %s: cannot open the outbox: "
		    "%s\n", path, db != NULL ? sqlite3_errmsg(db) :
		    "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(db, OUTBOX_BUSY_MS);
	if (sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM records WHERE "
	    "delivered = 0), (SELECT count(*) FROM records), "
	    "(SELECT min(created_at) FROM records WHERE delivered = 0), "
	    "coalesce((SELECT seq FROM sqlite_sequence WHERE name = "
	    "'records'), 0), (SELECT value FROM meta WHERE key = "
	    "'kiosk_id')", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		fprintf(errors, "candour-kiosk: %s: cannot read the outbox: "
		    "%s\n", path, sqlite3_errmsg(db));
		goto out;
	}
	s->waiting = sqlite3_column_int64(st, 0);
	s->total = sqlite3_column_int64(st, 1);
	if (sqlite3_column_type(st, 2) != SQLITE_NULL)
		snprintf(s->oldest, sizeof(s->oldest), "%s",
		    sqlite3_column_text(st, 2));
	s->last_seq = sqlite3_column_int64(st, 3);
	if (sqlite3_column_type(st, 4) != SQLITE_NULL)
		snprintf(s->kiosk_id, sizeof(s->kiosk_id), "%s",
		    sqlite3_column_text(st, 4));
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}
