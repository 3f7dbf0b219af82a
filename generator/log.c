#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <sodium.h>
#include <sqlite3.h>

#include "buf.h"
#include "fsutil.h"
#include "log.h"
#include "workdays.h"

#define LOG_BUSY_MS 5000	/* wait this long for another writer */

#define LOG_NAME(n, id, text)	[n] = text,

const char *const log_tenures[LOG_TENURE__MAX] = { LOG_TENURES(LOG_NAME) };
const char *const log_channels[LOG_CHANNEL__MAX] = { LOG_CHANNELS(LOG_NAME) };
const char *const log_categories[LOG_CATEGORY__MAX] = {
	LOG_CATEGORIES(LOG_NAME)
};
const char *const log_outcomes[LOG_OUTCOME__MAX] = { [0] = "",
	LOG_OUTCOMES(LOG_NAME)
};
const char *const log_reasons[LOG_REASON__MAX] = { LOG_REASONS(LOG_NAME) };

/*
 * The migrations: migrations[n] takes the log from version n - 1 to n. A
 * released migration is never edited; a change is a new one.
 */
static const char *const migrations[LOG_SCHEMA_VERSION + 1] = {
	[1] =
	"CREATE TABLE schema_version (\n"
	"  version INTEGER NOT NULL -- the last migration applied; one row\n"
	");\n"
	"INSERT INTO schema_version (version) VALUES (0);\n"
	"CREATE TABLE complaints (\n"
	"  seq INTEGER PRIMARY KEY, -- the row's number in this log, only to "
	"join stages to their complaint quickly; never shown or exported\n"
	"  id TEXT NOT NULL UNIQUE, -- the complaint's identity: a random "
	"UUID (version 4, lower case) given where it was first recorded\n"
	"  reference TEXT NOT NULL UNIQUE, -- the reference the resident "
	"was given by the case system or the kiosk: 'HH-2024-0142', "
	"'K03-0142'\n"
	"  channel TEXT NOT NULL, -- how it reached the landlord: kiosk, "
	"phone, email, letter, in person, web, social media, third party or "
	"other\n"
	"  scheme TEXT, -- the property or service code, or NULL; never "
	"published\n"
	"  tenure TEXT NOT NULL CHECK (tenure IN ('LCRA', 'LCHO')), -- the "
	"complainant's tenure for the Tenant Satisfaction Measures: LCRA "
	"low-cost rental, LCHO low-cost home ownership\n"
	"  category TEXT NOT NULL, -- what it is about: one of the "
	"categories in generator/log.h\n"
	"  summary TEXT, -- what happened, in the resident's words (kiosk); "
	"personal data, never published\n"
	"  outcome_sought TEXT, -- what would put it right, in the "
	"resident's words; personal data, never published\n"
	"  contact TEXT, -- how to reply; NULL when anonymous; personal "
	"data, never published\n"
	"  adjustments TEXT, -- help or adjustments asked for; personal "
	"data, never published\n"
	"  received_at TEXT NOT NULL, -- when it was first received: "
	"YYYY-MM-DD, or an ISO 8601 time from the kiosk\n"
	"  source TEXT NOT NULL, -- where the row came from: a kiosk id, "
	"'import-csv FILE' or 'command'\n"
	"  content_sha256 TEXT -- hex SHA-256 of the sealed kiosk record; "
	"NULL for imports and commands\n"
	");\n"
	"CREATE TABLE stages (\n"
	"  complaint_seq INTEGER NOT NULL REFERENCES complaints (seq), -- the "
	"complaint this stage is of\n"
	"  stage INTEGER NOT NULL CHECK (stage IN (1, 2)), -- 1 the first "
	"response, 2 the review after escalation\n"
	"  received TEXT NOT NULL, -- YYYY-MM-DD the stage began: stage 1 the "
	"complaint was received, stage 2 the escalation was asked for\n"
	"  acknowledged TEXT, -- YYYY-MM-DD it was acknowledged, or NULL\n"
	"  extended_to TEXT, -- YYYY-MM-DD the response was extended to, or "
	"NULL\n"
	"  extension_reason TEXT, -- why it was extended, needed with "
	"extended_to; never published\n"
	"  responded TEXT, -- YYYY-MM-DD of the response, or of the "
	"withdrawal or refusal; NULL while open\n"
	"  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('upheld', "
	"'not upheld', 'withdrawn', 'refused')), -- NULL while open\n"
	"  refusal_reason TEXT, -- with outcome refused, why: one of the "
	"reasons in generator/log.h (Code 8.1b)\n"
	"  PRIMARY KEY (complaint_seq, stage)\n"
	");\n"
	"CREATE TABLE imported_bundles (\n"
	"  bundle_id TEXT PRIMARY KEY NOT NULL, -- the id in the bundle's "
	"header\n"
	"  kiosk_id TEXT NOT NULL, -- the kiosk that wrote it\n"
	"  sha256 TEXT NOT NULL, -- hex SHA-256 of the whole bundle file\n"
	"  imported_at TEXT NOT NULL, -- ISO 8601 time of its first import\n"
	"  new_rows INTEGER NOT NULL, -- complaints it added\n"
	"  duplicate_rows INTEGER NOT NULL -- complaints already in the log\n"
	");\n"
	"CREATE TABLE import_conflicts (\n"
	"  complaint_id TEXT NOT NULL, -- an id that arrived again with "
	"different content; the first stays in complaints\n"
	"  bundle_id TEXT NOT NULL, -- the bundle it arrived in\n"
	"  content_sha256 TEXT NOT NULL, -- hex SHA-256 of the differing "
	"record\n"
	"  detected_at TEXT NOT NULL, -- ISO 8601 time it was found\n"
	"  PRIMARY KEY (complaint_id, content_sha256)\n"
	");\n"
	"CREATE TABLE kiosks (\n"
	"  kiosk_id TEXT PRIMARY KEY NOT NULL, -- 'K03'\n"
	"  public_key TEXT NOT NULL, -- the kiosk's Ed25519 public key, hex\n"
	"  label TEXT NOT NULL, -- where it stands, for staff\n"
	"  active INTEGER NOT NULL DEFAULT 1 -- 1 its bundles are accepted, "
	"0 retired\n"
	");\n",
	/* Kiosk sync (issue 7): a kiosk's tenure and when it was added and
	 * retired. SQLite cannot add a commented column, so the table is
	 * made again with every column described. */
	[2] =
	"CREATE TABLE kiosks_2 (\n"
	"  kiosk_id TEXT PRIMARY KEY NOT NULL, -- 'K03': a capital letter "
	"then capitals and digits, at most 15 in all\n"
	"  public_key TEXT NOT NULL, -- the kiosk's Ed25519 public key, hex; "
	"it signs the kiosk's bundles\n"
	"  label TEXT NOT NULL, -- where it stands, for staff: 'Lounge, "
	"Harbour House'\n"
	"  active INTEGER NOT NULL DEFAULT 1, -- 1 its bundles are accepted, "
	"0 retired (its bundles are refused; what it sent stays)\n"
	"  tenure TEXT NOT NULL DEFAULT 'LCRA' CHECK (tenure IN ('LCRA', "
	"'LCHO')), -- the tenure its complaints are counted under: kiosks "
	"stand in supported housing, low-cost rental (LCRA)\n"
	"  added_at TEXT, -- ISO 8601 UTC time it was registered; NULL for "
	"a kiosk registered before this column\n"
	"  retired_at TEXT -- ISO 8601 UTC time it was retired, or NULL\n"
	");\n"
	"INSERT INTO kiosks_2 (kiosk_id, public_key, label, active) "
	"SELECT kiosk_id, public_key, label, active FROM kiosks;\n"
	"DROP TABLE kiosks;\n"
	"ALTER TABLE kiosks_2 RENAME TO kiosks;\n"
	"CREATE INDEX imported_bundles_kiosk ON imported_bundles (kiosk_id);"
	"\n",
};

enum stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_HAS_VERSION,
	ST_VERSION,
	ST_SET_VERSION,
	ST_COMPLAINT_GET,
	ST_COMPLAINT_ADD,
	ST_COMPLAINT_UPDATE,
	ST_STAGE_GET,
	ST_STAGE_PUT,
	ST_EACH_OPEN,
	ST_EACH_FACT,
	ST_KIOSK_GET,
	ST_KIOSK_ADD,
	ST_KIOSK_RETIRE,
	ST_KIOSK_LIST,
	ST_RECORD_VALID,
	ST_RECORD_READ,
	ST_KC_GET,
	ST_KC_ADD,
	ST_KC_STAGE,
	ST_CONFLICT_ADD,
	ST_BUNDLE_GET,
	ST_BUNDLE_ADD,
	ST__MAX
};

/* Every statement that touches the log. */
static const char *const statements[ST__MAX] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	/* The one query that is not portable: a PostgreSQL log would ask
	 * information_schema.tables. */
	[ST_HAS_VERSION] = "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table' AND name = 'schema_version'",
	[ST_VERSION] = "SELECT version FROM schema_version",
	[ST_SET_VERSION] = "UPDATE schema_version SET version = ?1",
	[ST_COMPLAINT_GET] = "SELECT channel, tenure, category, scheme, "
	    "received_at FROM complaints WHERE reference = ?1",
	[ST_COMPLAINT_ADD] = "INSERT INTO complaints (id, reference, channel, "
	    "scheme, tenure, category, received_at, source) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[ST_COMPLAINT_UPDATE] = "UPDATE complaints SET channel = ?2, "
	    "scheme = ?3, tenure = ?4, category = ?5, received_at = ?6 "
	    "WHERE reference = ?1",
	[ST_STAGE_GET] = "SELECT s.received, s.acknowledged, s.extended_to, "
	    "s.extension_reason, s.responded, s.outcome, s.refusal_reason "
	    "FROM stages s JOIN complaints c ON c.seq = s.complaint_seq "
	    "WHERE c.reference = ?1 AND s.stage = ?2",
	[ST_STAGE_PUT] = "INSERT INTO stages (complaint_seq, stage, received, "
	    "acknowledged, extended_to, extension_reason, responded, outcome, "
	    "refusal_reason) "
	    "SELECT seq, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM complaints "
	    "WHERE reference = ?1 "
	    "ON CONFLICT (complaint_seq, stage) DO UPDATE SET "
	    "received = excluded.received, "
	    "acknowledged = excluded.acknowledged, "
	    "extended_to = excluded.extended_to, "
	    "extension_reason = excluded.extension_reason, "
	    "responded = excluded.responded, outcome = excluded.outcome, "
	    "refusal_reason = excluded.refusal_reason",
	[ST_EACH_OPEN] = "SELECT c.reference, s.stage, s.received, "
	    "s.acknowledged, s.extended_to, s.extension_reason, s.responded "
	    "FROM stages s JOIN complaints c ON c.seq = s.complaint_seq "
	    "WHERE s.outcome IS NULL",
	/*
	 * The generator's query: the codes and dates of each stage, never a
	 * reference, id, scheme or free text (of the extension reason, only
	 * whether there is one). log_each_fact turns the codes into enums
	 * at once, so no text the log holds goes further than this file.
	 */
	[ST_EACH_FACT] = "SELECT s.stage, c.tenure, c.channel, c.category, "
	    "s.received, s.acknowledged, s.extended_to, "
	    "CASE WHEN s.extension_reason IS NULL OR s.extension_reason = '' "
	    "THEN 0 ELSE 1 END, "
	    "s.responded, s.outcome, s.refusal_reason "
	    "FROM stages s JOIN complaints c ON c.seq = s.complaint_seq",
	[ST_KIOSK_GET] = "SELECT kiosk_id, public_key, label, active, tenure, "
	    "0, NULL FROM kiosks WHERE kiosk_id = ?1",
	[ST_KIOSK_ADD] = "INSERT INTO kiosks (kiosk_id, public_key, label, "
	    "active, tenure, added_at) VALUES (?1, ?2, ?3, 1, ?4, ?5)",
	[ST_KIOSK_RETIRE] = "UPDATE kiosks SET active = 0, retired_at = ?2 "
	    "WHERE kiosk_id = ?1 AND active = 1",
	[ST_KIOSK_LIST] = "SELECT k.kiosk_id, k.public_key, k.label, "
	    "k.active, k.tenure, count(b.bundle_id), max(b.imported_at) "
	    "FROM kiosks k LEFT JOIN imported_bundles b "
	    "ON b.kiosk_id = k.kiosk_id GROUP BY k.kiosk_id "
	    "ORDER BY k.kiosk_id",
	/*
	 * A kiosk record (kiosk/record.h) is read by SQLite's JSON functions
	 * rather than by a parser of our own: first whether it is a JSON
	 * object at all, then each member, NULL when missing or not of the
	 * type wanted, so the caller sees only text, an integer or NULL.
	 * contact and adjustments are made into one line of text each for
	 * staff: "room (name: A; room: 12)", "advocate, adjustments; ...".
	 */
	[ST_RECORD_VALID] = "SELECT CASE WHEN json_valid(?1) "
	    "THEN json_type(?1) = 'object' ELSE 0 END",
	[ST_RECORD_READ] = "SELECT "
	    "CASE json_type(?1, '$.format') WHEN 'text' "
	    "THEN json_extract(?1, '$.format') END, "
	    "CASE json_type(?1, '$.form_version') WHEN 'integer' "
	    "THEN json_extract(?1, '$.form_version') END, "
	    "CASE json_type(?1, '$.submission_id') WHEN 'text' "
	    "THEN json_extract(?1, '$.submission_id') END, "
	    "CASE json_type(?1, '$.reference') WHEN 'text' "
	    "THEN json_extract(?1, '$.reference') END, "
	    "CASE json_type(?1, '$.kiosk') WHEN 'text' "
	    "THEN json_extract(?1, '$.kiosk') END, "
	    "CASE json_type(?1, '$.scheme') WHEN 'text' "
	    "THEN json_extract(?1, '$.scheme') END, "
	    "CASE json_type(?1, '$.created_at') WHEN 'text' "
	    "THEN json_extract(?1, '$.created_at') END, "
	    "CASE json_type(?1, '$.category') WHEN 'text' "
	    "THEN json_extract(?1, '$.category') END, "
	    "CASE json_type(?1, '$.happened') WHEN 'text' "
	    "THEN json_extract(?1, '$.happened') END, "
	    "CASE json_type(?1, '$.put_right') WHEN 'text' "
	    "THEN json_extract(?1, '$.put_right') END, "
	    "CASE WHEN json_type(?1, '$.contact') = 'object' AND "
	    "json_type(?1, '$.contact.method') = 'text' THEN "
	    "CASE json_extract(?1, '$.contact.method') "
	    "WHEN 'anonymous' THEN NULL "
	    "ELSE json_extract(?1, '$.contact.method') || "
	    "ifnull(' (' || (SELECT group_concat(key || ': ' || value, '; ') "
	    "FROM json_each(?1, '$.contact') WHERE key <> 'method' "
	    "AND type = 'text') || ')', '') END "
	    "ELSE '' END, "
	    "CASE WHEN json_type(?1, '$.help') = 'array' AND "
	    "ifnull(json_type(?1, '$.help_details'), 'text') = 'text' THEN "
	    "nullif(trim(ifnull((SELECT group_concat(value, ', ') "
	    "FROM json_each(?1, '$.help') WHERE type = 'text'), '') || "
	    "ifnull('; ' || nullif(json_extract(?1, '$.help_details'), ''), "
	    "''), '; '), '') ELSE '' END",
	[ST_KC_GET] = "SELECT content_sha256 FROM complaints WHERE id = ?1",
	[ST_KC_ADD] = "INSERT INTO complaints (id, reference, channel, "
	    "scheme, tenure, category, summary, outcome_sought, contact, "
	    "adjustments, received_at, source, content_sha256) "
	    "VALUES (?1, ?2, 'kiosk', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	    "?12)",
	[ST_KC_STAGE] = "INSERT INTO stages (complaint_seq, stage, received) "
	    "VALUES (?1, 1, ?2)",
	[ST_CONFLICT_ADD] = "INSERT OR IGNORE INTO import_conflicts "
	    "(complaint_id, bundle_id, content_sha256, detected_at) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[ST_BUNDLE_GET] = "SELECT imported_at FROM imported_bundles "
	    "WHERE bundle_id = ?1",
	[ST_BUNDLE_ADD] = "INSERT OR IGNORE INTO imported_bundles (bundle_id, "
	    "kiosk_id, sha256, imported_at, new_rows, duplicate_rows) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};

struct complaint_log {
	sqlite3		*db;
	char		*path;
	sqlite3_stmt	*st[ST__MAX];	/* prepared on first use */
};

int
log_lookup(const char *const *names, size_t nnames, const char *s, size_t n)
{
	size_t	 i;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	for (i = 0; i < nnames; i++)
		if (names[i] != NULL && strlen(names[i]) == n &&
		    strncasecmp(names[i], s, n) == 0)
			return (int)i;
	return -1;
}

void
log_list(struct buf *out, const char *const *names, size_t nnames,
    size_t from, const char *last)
{
	size_t	 i;

	for (i = from; i < nnames; i++) {
		if (i > from && i + 1 == nnames)
			buf_printf(out, " %s ", last);
		else if (i > from)
			buf_puts(out, ", ");
		buf_puts(out, names[i]);
	}
}

void
log_path(struct buf *out, const char *content_dir, const char *setting)
{
	size_t	 n = strlen(content_dir), end;

	if (setting[0] == '/') {
		buf_puts(out, setting);
		return;
	}

	while (n > 1 && content_dir[n - 1] == '/')
		n--;
	end = n;
	/* The parent: everything before the last segment. */
	while (n > 0 && content_dir[n - 1] != '/')
		n--;
	if ((end - n == 1 && content_dir[n] == '.') || (end - n == 2 &&
	    content_dir[n] == '.' && content_dir[n + 1] == '.')) {
		/* "." or "..": go up from the folder itself. */
		buf_put(out, content_dir, end);
		buf_puts(out, "/../");
	} else
		buf_put(out, content_dir, n);
	buf_puts(out, setting);
}

/* Put "what: SQLite's reason" into why. */
static void
fail(struct complaint_log *l, struct buf *why, const char *what)
{
	buf_truncate(why, 0);
	buf_printf(why, "%s: %s", what, sqlite3_errmsg(l->db));
}

/* The statement, prepared once and reset for a new use; NULL on error. */
static sqlite3_stmt *
stmt(struct complaint_log *l, enum stmt s, struct buf *why)
{
	if (l->st[s] == NULL) {
		if (sqlite3_prepare_v2(l->db, statements[s], -1, &l->st[s],
		    NULL) != SQLITE_OK) {
			fail(l, why, "cannot read the log");
			return NULL;
		}
	} else if (sqlite3_reset(l->st[s]) != SQLITE_OK ||
	    sqlite3_clear_bindings(l->st[s]) != SQLITE_OK) {
		fail(l, why, "cannot read the log");
		return NULL;
	}
	return l->st[s];
}

static int
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(st, i) == SQLITE_OK ? 0 : -1;
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) ==
	    SQLITE_OK ? 0 : -1;
}

static int
bind_date(sqlite3_stmt *st, int i, long day)
{
	char	 text[DATE_LEN + 1];

	if (day == DATE_NONE)
		return sqlite3_bind_null(st, i) == SQLITE_OK ? 0 : -1;
	date_format(day, text);
	return bind_text(st, i, text);
}

/* Run a statement that returns no rows. */
static int
run(struct complaint_log *l, sqlite3_stmt *st, struct buf *why,
    const char *what)
{
	if (sqlite3_step(st) != SQLITE_DONE) {
		fail(l, why, what);
		return -1;
	}
	return 0;
}

/* The length of each stored text, for column_code. */
#define LOG_LENGTH(n, id, text)	[n] = sizeof(text) - 1,
static const unsigned char tenure_lengths[LOG_TENURE__MAX] = {
	LOG_TENURES(LOG_LENGTH)
};
static const unsigned char channel_lengths[LOG_CHANNEL__MAX] = {
	LOG_CHANNELS(LOG_LENGTH)
};
static const unsigned char category_lengths[LOG_CATEGORY__MAX] = {
	LOG_CATEGORIES(LOG_LENGTH)
};
static const unsigned char outcome_lengths[LOG_OUTCOME__MAX] = {
	[0] = 0, LOG_OUTCOMES(LOG_LENGTH)
};
static const unsigned char reason_lengths[LOG_REASON__MAX] = {
	LOG_REASONS(LOG_LENGTH)
};

/*
 * The index of column i's text in names (whose lengths are in lengths),
 * compared exactly (the log stores each value as written in the list), or
 * -1: NULL, or text not in the list. For log_each_fact, which runs it five
 * times a stage: lengths and the first byte are compared before the rest,
 * and the column is fetched once, as a value (safe here: each connection
 * is used by one thread, SQLITE_OPEN_NOMUTEX).
 */
static int
column_code(sqlite3_stmt *st, int i, const char *const *names,
    const unsigned char *lengths, size_t n)
{
	sqlite3_value	*v = sqlite3_column_value(st, i);
	const unsigned char *t = sqlite3_value_text(v);
	size_t		 len, k;

	if (t == NULL)
		return -1;
	len = (size_t)sqlite3_value_bytes(v);
	for (k = 0; k < n; k++)
		if (lengths[k] == len && names[k][0] == (char)t[0] &&
		    memcmp(names[k], t, len) == 0)
			return (int)k;
	return -1;
}

/* column_date for log_each_fact, fetching the column once as column_code. */
static long
column_fact_date(sqlite3_stmt *st, int i)
{
	sqlite3_value	*v = sqlite3_column_value(st, i);
	const unsigned char *t = sqlite3_value_text(v);
	long		 day;

	if (t == NULL || date_parse((const char *)t,
	    (size_t)sqlite3_value_bytes(v), &day) != DATE_OK)
		return DATE_NONE;
	return day;
}

/* A date column as a day number; DATE_NONE when NULL or not a date. */
static long
column_date(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	long		 day;

	if (t == NULL || date_parse((const char *)t,
	    (size_t)sqlite3_column_bytes(st, i), &day) != DATE_OK)
		return DATE_NONE;
	return day;
}

static int
column_lookup(sqlite3_stmt *st, int i, const char *const *names, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	if (t == NULL)
		return -1;
	return log_lookup(names, n, (const char *)t,
	    (size_t)sqlite3_column_bytes(st, i));
}

/* The schema version of the open log: 0 for a new, empty file. */
static int
version(struct complaint_log *l, long *v, struct buf *why)
{
	sqlite3_stmt	*st;
	int		 rc;

	*v = 0;
	if ((st = stmt(l, ST_HAS_VERSION, why)) == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		fail(l, why, "is not a complaint log, or cannot be read");
		return -1;
	}
	if (sqlite3_column_int(st, 0) == 0)
		return 0;
	if ((st = stmt(l, ST_VERSION, why)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		if (rc == SQLITE_DONE) {
			buf_truncate(why, 0);
			buf_printf(why, "the log's schema_version table is "
			    "empty; the file is damaged");
		} else
			fail(l, why, "cannot read the schema version");
		return -1;
	}
	*v = sqlite3_column_int64(st, 0);
	return 0;
}

/* Apply the migrations after version v, each in its own transaction. */
static int
migrate(struct complaint_log *l, long v, struct buf *why)
{
	sqlite3_stmt	*st;
	char		*err = NULL;

	for (v = v + 1; v <= LOG_SCHEMA_VERSION; v++) {
		if (log_begin(l, why) == -1)
			return -1;
		if (sqlite3_exec(l->db, migrations[v], NULL, NULL, &err) !=
		    SQLITE_OK) {
			buf_truncate(why, 0);
			buf_printf(why, "cannot bring the log up to date "
			    "(migration %ld): %s", v, err ? err :
			    "unknown error");
			sqlite3_free(err);
			log_rollback(l);
			return -1;
		}
		if ((st = stmt(l, ST_SET_VERSION, why)) == NULL ||
		    sqlite3_bind_int64(st, 1, v) != SQLITE_OK ||
		    run(l, st, why, "cannot record the schema version") == -1 ||
		    log_commit(l, why) == -1) {
			log_rollback(l);
			return -1;
		}
	}
	return 0;
}

/* Create the folder the log goes in, if it is missing. */
static int
make_parent(const char *path, struct buf *why)
{
	struct buf	 dir = BUF_INIT;
	const char	*slash = strrchr(path, '/');
	struct stat	 st;
	int		 rc = 0;

	if (slash == NULL || slash == path)
		return 0;
	buf_put(&dir, path, (size_t)(slash - path));
	if (dir.err)
		rc = -1;
	else if (stat(buf_str(&dir), &st) == -1 && dir_make(buf_str(&dir)) ==
	    -1) {
		buf_printf(why, "cannot create the folder %s: %s; check you "
		    "may write there", buf_str(&dir), strerror(errno));
		rc = -1;
	}
	buf_free(&dir);
	return rc;
}

struct complaint_log *
log_open(const char *path, enum log_access access, struct buf *why)
{
	struct complaint_log *l;
	struct stat	 st;
	long		 v;
	int		 flags;

	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (l->path = strdup(path)) == NULL) {
		buf_printf(why, "out of memory");
		if (l != NULL)
			free(l);
		return NULL;
	}
	if (access == LOG_READ_ONLY) {
		if (stat(path, &st) == -1) {
			buf_printf(why, "cannot open the log: %s",
			    strerror(errno));
			goto fail;
		}
		flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	} else {
		if (make_parent(path, why) == -1)
			goto fail;
		flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX;
	}
	if (sqlite3_open_v2(path, &l->db, flags, NULL) != SQLITE_OK) {
		if (l->db == NULL)
			buf_printf(why, "out of memory");
		else
			fail(l, why, "cannot open the log");
		goto fail;
	}
	/*
	 * A new log gets 16 KiB pages (SQLite's default is 4 KiB): the
	 * figures read every stage in one pass, and at a million complaints
	 * that pass reads a quarter as many pages and takes a fifth less
	 * time. On an existing log the pragma changes nothing.
	 */
	if (sqlite3_busy_timeout(l->db, LOG_BUSY_MS) != SQLITE_OK ||
	    sqlite3_exec(l->db, access == LOG_READ_ONLY ?
	    "PRAGMA query_only = ON" :
	    "PRAGMA page_size = 16384; PRAGMA foreign_keys = ON; "
	    "PRAGMA synchronous = FULL",
	    NULL, NULL, NULL) != SQLITE_OK) {
		fail(l, why, "cannot open the log");
		goto fail;
	}
	if (version(l, &v, why) == -1)
		goto fail;
	if (v > LOG_SCHEMA_VERSION) {
		buf_truncate(why, 0);
		buf_printf(why, "the log is at schema version %ld, made by "
		    "a newer candour than this one (version %d); use that "
		    "candour", v, LOG_SCHEMA_VERSION);
		goto fail;
	}
	if (v < LOG_SCHEMA_VERSION) {
		if (access == LOG_READ_ONLY) {
			buf_truncate(why, 0);
			buf_printf(why, "the log is at schema version %ld "
			    "and this candour reads version %d; run 'candour "
			    "log due' once to bring it up to date", v,
			    LOG_SCHEMA_VERSION);
			goto fail;
		}
		if (migrate(l, v, why) == -1)
			goto fail;
	}
	return l;
fail:
	log_close(l);
	return NULL;
}

void
log_close(struct complaint_log *l)
{
	size_t	 i;

	if (l == NULL)
		return;
	for (i = 0; i < ST__MAX; i++)
		(void)sqlite3_finalize(l->st[i]);
	/* Every statement is finalized, so close cannot be busy. */
	(void)sqlite3_close(l->db);
	free(l->path);
	free(l);
}

int
log_begin(struct complaint_log *l, struct buf *why)
{
	sqlite3_stmt	*st = stmt(l, ST_BEGIN, why);

	return st == NULL ? -1 : run(l, st, why, "cannot start writing");
}

/* Reset every statement, so that none holds the database open. */
static void
reset_all(struct complaint_log *l)
{
	size_t	 i;

	/* reset returns the last step's error, already handled there. */
	for (i = 0; i < ST__MAX; i++)
		if (l->st[i] != NULL)
			(void)sqlite3_reset(l->st[i]);
}

int
log_commit(struct complaint_log *l, struct buf *why)
{
	sqlite3_stmt	*st;

	reset_all(l);
	st = stmt(l, ST_COMMIT, why);

	return st == NULL ? -1 : run(l, st, why, "cannot write the log");
}

void
log_rollback(struct complaint_log *l)
{
	struct buf	 why = BUF_INIT;
	sqlite3_stmt	*st;

	/* Nothing more can be done if this fails: SQLite rolls back a
	 * transaction that is never committed when the file is closed. */
	reset_all(l);
	if (sqlite3_get_autocommit(l->db) == 0 &&
	    (st = stmt(l, ST_ROLLBACK, &why)) != NULL)
		(void)sqlite3_step(st);
	buf_free(&why);
}

void
log_stage_clear(struct log_stage *s)
{
	free(s->extension_reason);
	memset(s, 0, sizeof(*s));
	s->reason = -1;
}

/* A new random UUID (version 4) into out. */
static int
new_uuid(char out[37])
{
	unsigned char	 b[16];
	size_t		 i, o = 0;

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return -1;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = "0123456789abcdef"[b[i] >> 4];
		out[o++] = "0123456789abcdef"[b[i] & 15];
	}
	out[o] = '\0';
	return 0;
}

static int
same_text(sqlite3_stmt *st, int i, const char *s)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	if (t == NULL || s == NULL)
		return t == NULL && s == NULL;
	return strcmp((const char *)t, s) == 0;
}

int
log_put_complaint(struct complaint_log *l, const struct log_complaint *c,
    int *changed, struct buf *why)
{
	sqlite3_stmt	*st;
	char		 day[DATE_LEN + 1], uuid[37];
	int		 rc;

	*changed = 0;
	date_format(c->received, day);
	if ((st = stmt(l, ST_COMPLAINT_GET, why)) == NULL ||
	    bind_text(st, 1, c->reference) == -1)
		goto fail;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (same_text(st, 0, log_channels[c->channel]) &&
		    same_text(st, 1, log_tenures[c->tenure]) &&
		    same_text(st, 2, log_categories[c->category]) &&
		    same_text(st, 3, c->scheme) && same_text(st, 4, day))
			return 0;
		*changed = 2;
		if ((st = stmt(l, ST_COMPLAINT_UPDATE, why)) == NULL)
			return -1;
	} else if (rc == SQLITE_DONE) {
		*changed = 1;
		if ((st = stmt(l, ST_COMPLAINT_ADD, why)) == NULL)
			return -1;
		if (new_uuid(uuid) == -1) {
			buf_printf(why, "cannot make a random id: %s",
			    strerror(errno));
			return -1;
		}
		if (bind_text(st, 7, day) == -1 || bind_text(st, 8,
		    c->source) == -1 || bind_text(st, 1, uuid) == -1 ||
		    bind_text(st, 2, c->reference) == -1 ||
		    bind_text(st, 3, log_channels[c->channel]) == -1 ||
		    bind_text(st, 4, c->scheme) == -1 ||
		    bind_text(st, 5, log_tenures[c->tenure]) == -1 ||
		    bind_text(st, 6, log_categories[c->category]) == -1)
			goto fail;
		return run(l, st, why, "cannot add the complaint");
	} else
		goto fail;
	if (bind_text(st, 1, c->reference) == -1 ||
	    bind_text(st, 2, log_channels[c->channel]) == -1 ||
	    bind_text(st, 3, c->scheme) == -1 ||
	    bind_text(st, 4, log_tenures[c->tenure]) == -1 ||
	    bind_text(st, 5, log_categories[c->category]) == -1 ||
	    bind_text(st, 6, day) == -1)
		goto fail;
	return run(l, st, why, "cannot update the complaint");
fail:
	fail(l, why, "cannot read the log");
	return -1;
}

/* Whether statement which, given key, finds a row: 1, 0, or -1 with why. */
static int
row_exists(struct complaint_log *l, enum stmt which, const char *key,
    struct buf *why)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = stmt(l, which, why)) == NULL || bind_text(st, 1, key) == -1)
		goto fail;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
fail:
	fail(l, why, "cannot read the log");
	return -1;
}

int
log_has_complaint(struct complaint_log *l, const char *reference,
    struct buf *why)
{
	return row_exists(l, ST_COMPLAINT_GET, reference, why);
}

/* Read the stage columns from received at column i on into s. */
static int
read_stage(sqlite3_stmt *st, int i, struct log_stage *s)
{
	const unsigned char *t;
	int		 v;

	s->received = column_date(st, i);
	s->acknowledged = column_date(st, i + 1);
	s->extended_to = column_date(st, i + 2);
	if ((t = sqlite3_column_text(st, i + 3)) != NULL &&
	    (s->extension_reason = strdup((const char *)t)) == NULL)
		return -1;
	s->responded = column_date(st, i + 4);
	v = column_lookup(st, i + 5, log_outcomes, LOG_OUTCOME__MAX);
	s->outcome = v < 0 ? LOG_OUTCOME_OPEN : (enum log_outcome)v;
	return 0;
}

int
log_get_stage(struct complaint_log *l, const char *reference, int stage,
    struct log_stage *s, struct buf *why)
{
	sqlite3_stmt	*st;
	int		 rc;

	log_stage_clear(s);
	if ((st = stmt(l, ST_STAGE_GET, why)) == NULL ||
	    bind_text(st, 1, reference) == -1 ||
	    sqlite3_bind_int(st, 2, stage) != SQLITE_OK)
		goto fail;
	if ((rc = sqlite3_step(st)) == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		goto fail;
	s->stage = stage;
	if (read_stage(st, 0, s) == -1) {
		buf_printf(why, "out of memory");
		return -1;
	}
	if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
		s->reason = column_lookup(st, 6, log_reasons, LOG_REASON__MAX);
		if (s->reason < 0)
			s->reason = LOG_REASON_OTHER;
	}
	return 1;
fail:
	fail(l, why, "cannot read the log");
	return -1;
}

static int
same_stage(const struct log_stage *a, const struct log_stage *b)
{
	const char	*ra = a->extension_reason ? a->extension_reason : "";
	const char	*rb = b->extension_reason ? b->extension_reason : "";

	return a->received == b->received &&
	    a->acknowledged == b->acknowledged &&
	    a->extended_to == b->extended_to && strcmp(ra, rb) == 0 &&
	    a->responded == b->responded && a->outcome == b->outcome &&
	    a->reason == b->reason;
}

int
log_put_stage(struct complaint_log *l, const char *reference,
    const struct log_stage *s, int *changed, struct buf *why)
{
	struct log_stage old;
	sqlite3_stmt	*st;
	int		 found;

	memset(&old, 0, sizeof(old));
	*changed = 0;
	if ((found = log_get_stage(l, reference, s->stage, &old, why)) == -1)
		return -1;
	if (found && same_stage(&old, s)) {
		log_stage_clear(&old);
		return 0;
	}
	log_stage_clear(&old);
	*changed = found ? 2 : 1;
	if ((st = stmt(l, ST_STAGE_PUT, why)) == NULL)
		return -1;
	if (bind_text(st, 1, reference) == -1 ||
	    sqlite3_bind_int(st, 2, s->stage) != SQLITE_OK ||
	    bind_date(st, 3, s->received) == -1 ||
	    bind_date(st, 4, s->acknowledged) == -1 ||
	    bind_date(st, 5, s->extended_to) == -1 ||
	    bind_text(st, 6, s->extension_reason) == -1 ||
	    bind_date(st, 7, s->responded) == -1 ||
	    bind_text(st, 8, s->outcome == LOG_OUTCOME_OPEN ? NULL :
	    log_outcomes[s->outcome]) == -1 ||
	    bind_text(st, 9, s->reason < 0 ? NULL : log_reasons[s->reason]) ==
	    -1) {
		fail(l, why, "cannot write the log");
		return -1;
	}
	if (run(l, st, why, "cannot write the stage") == -1)
		return -1;
	if (sqlite3_changes(l->db) != 1) {
		buf_truncate(why, 0);
		buf_printf(why, "there is no complaint '%s' in the log",
		    reference);
		return -1;
	}
	return 0;
}

int
log_each_open(struct complaint_log *l,
    int (*fn)(void *, const char *, const struct log_stage *), void *arg,
    struct buf *why)
{
	struct log_stage s;
	sqlite3_stmt	*st;
	const unsigned char *ref;
	int		 rc, stop = 0;

	memset(&s, 0, sizeof(s));
	if ((st = stmt(l, ST_EACH_OPEN, why)) == NULL)
		return -1;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		log_stage_clear(&s);
		s.stage = sqlite3_column_int(st, 1);
		ref = sqlite3_column_text(st, 0);
		if (read_stage(st, 2, &s) == -1) {
			buf_printf(why, "out of memory");
			return -1;
		}
		s.outcome = LOG_OUTCOME_OPEN;
		stop = fn(arg, ref ? (const char *)ref : "", &s);
	}
	log_stage_clear(&s);
	if (!stop && rc != SQLITE_DONE) {
		fail(l, why, "cannot read the log");
		return -1;
	}
	return 0;
}

int
log_each_fact(struct complaint_log *l,
    int (*fn)(void *, const struct log_fact *), void *arg,
    size_t *unreadable, struct buf *why)
{
	struct log_fact	 f;
	sqlite3_stmt	*st;
	int		 rc, v;

	*unreadable = 0;
	if ((st = stmt(l, ST_EACH_FACT, why)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&f, 0, sizeof(f));
		f.stage = sqlite3_column_int(st, 0);
		v = column_code(st, 1, log_tenures, tenure_lengths,
		    LOG_TENURE__MAX);
		f.received = column_fact_date(st, 4);
		if ((f.stage != 1 && f.stage != 2) || v < 0 ||
		    f.received == DATE_NONE) {
			(*unreadable)++;
			continue;
		}
		f.tenure = (enum log_tenure)v;
		v = column_code(st, 2, log_channels, channel_lengths,
		    LOG_CHANNEL__MAX);
		f.channel = v < 0 ? LOG_CHANNEL_OTHER : (enum log_channel)v;
		v = column_code(st, 3, log_categories,
		    category_lengths, LOG_CATEGORY__MAX);
		f.category = v < 0 ? LOG_CATEGORY_OTHER :
		    (enum log_category)v;
		f.acknowledged = column_fact_date(st, 5);
		f.extended_to = column_fact_date(st, 6);
		f.has_reason = sqlite3_column_int(st, 7) != 0;
		f.responded = column_fact_date(st, 8);
		v = column_code(st, 9, log_outcomes, outcome_lengths,
		    LOG_OUTCOME__MAX);
		f.outcome = v < 0 ? LOG_OUTCOME_OPEN : (enum log_outcome)v;
		v = column_code(st, 10, log_reasons, reason_lengths,
		    LOG_REASON__MAX);
		f.reason = v < 0 ? LOG_REASON_OTHER : (enum log_reason)v;
		if (fn(arg, &f) != 0)
			return 0;
	}
	if (rc != SQLITE_DONE) {
		fail(l, why, "cannot read the log");
		return -1;
	}
	return 0;
}

/* Copy column i's text into out (size bytes, truncated), "" when NULL. */
static void
column_copy(sqlite3_stmt *st, int i, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	snprintf(out, size, "%s", t ? (const char *)t : "");
}

/* Read a row of ST_KIOSK_GET or ST_KIOSK_LIST into k. */
static void
read_kiosk(sqlite3_stmt *st, struct log_kiosk *k)
{
	int	 v;

	memset(k, 0, sizeof(*k));
	column_copy(st, 0, k->id, sizeof(k->id));
	column_copy(st, 1, k->public_key, sizeof(k->public_key));
	column_copy(st, 2, k->label, sizeof(k->label));
	k->active = sqlite3_column_int(st, 3) != 0;
	v = column_code(st, 4, log_tenures, tenure_lengths,
	    LOG_TENURE__MAX);
	k->tenure = v < 0 ? LOG_TENURE_LCRA : (enum log_tenure)v;
	k->nbundles = sqlite3_column_int64(st, 5);
	column_copy(st, 6, k->last_import, sizeof(k->last_import));
}

int
log_get_kiosk(struct complaint_log *l, const char *id, struct log_kiosk *k,
    struct buf *why)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(k, 0, sizeof(*k));
	if ((st = stmt(l, ST_KIOSK_GET, why)) == NULL ||
	    bind_text(st, 1, id) == -1)
		goto fail;
	if ((rc = sqlite3_step(st)) == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		goto fail;
	read_kiosk(st, k);
	return 1;
fail:
	fail(l, why, "cannot read the log");
	return -1;
}

int
log_add_kiosk(struct complaint_log *l, const struct log_kiosk *k,
    const char *now, struct buf *why)
{
	sqlite3_stmt	*st;

	if ((st = stmt(l, ST_KIOSK_ADD, why)) == NULL)
		return -1;
	if (bind_text(st, 1, k->id) == -1 ||
	    bind_text(st, 2, k->public_key) == -1 ||
	    bind_text(st, 3, k->label) == -1 ||
	    bind_text(st, 4, log_tenures[k->tenure]) == -1 ||
	    bind_text(st, 5, now) == -1) {
		fail(l, why, "cannot write the log");
		return -1;
	}
	return run(l, st, why, "cannot add the kiosk");
}

int
log_retire_kiosk(struct complaint_log *l, const char *id, const char *now,
    struct buf *why)
{
	sqlite3_stmt	*st;

	if ((st = stmt(l, ST_KIOSK_RETIRE, why)) == NULL)
		return -1;
	if (bind_text(st, 1, id) == -1 || bind_text(st, 2, now) == -1) {
		fail(l, why, "cannot write the log");
		return -1;
	}
	if (run(l, st, why, "cannot retire the kiosk") == -1)
		return -1;
	return sqlite3_changes(l->db) == 1;
}

int
log_each_kiosk(struct complaint_log *l,
    int (*fn)(void *, const struct log_kiosk *), void *arg, struct buf *why)
{
	struct log_kiosk k;
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = stmt(l, ST_KIOSK_LIST, why)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_kiosk(st, &k);
		if (fn(arg, &k) != 0)
			return 0;
	}
	if (rc != SQLITE_DONE) {
		fail(l, why, "cannot read the log");
		return -1;
	}
	return 0;
}

void
log_record_clear(struct log_record *r)
{
	size_t	 i;

	for (i = 0; i < LR__MAX; i++) {
		if (r->text[i] != NULL) {
			/* Personal data: leave nothing behind in the heap. */
			sodium_memzero(r->text[i], strlen(r->text[i]));
			free(r->text[i]);
		}
		r->text[i] = NULL;
		r->bad[i] = 0;
	}
	r->form_version = -1;
}

int
log_read_record(struct complaint_log *l, const char *json, size_t len,
    struct log_record *r, struct buf *why)
{
	sqlite3_stmt	*st;
	const unsigned char *t;
	size_t		 i;
	int		 rc, col;

	memset(r, 0, sizeof(*r));
	log_record_clear(r);
	if ((st = stmt(l, ST_RECORD_VALID, why)) == NULL)
		return -1;
	if (sqlite3_bind_text(st, 1, json, (int)len, SQLITE_STATIC) !=
	    SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		goto fail;
	rc = sqlite3_column_int(st, 0);
	(void)sqlite3_reset(st);
	(void)sqlite3_clear_bindings(st);
	if (rc == 0)
		return 1;
	if ((st = stmt(l, ST_RECORD_READ, why)) == NULL)
		return -1;
	if (sqlite3_bind_text(st, 1, json, (int)len, SQLITE_STATIC) !=
	    SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		goto fail;
	for (i = 0; i < LR__MAX; i++) {
		/* Column 1 is form_version, an integer; text follows. */
		col = i == 0 ? 0 : (int)i + 1;
		if (sqlite3_column_type(st, col) == SQLITE_NULL)
			continue;
		t = sqlite3_column_text(st, col);
		if (t == NULL || (r->text[i] = strdup((const char *)t)) ==
		    NULL) {
			(void)sqlite3_reset(st);
			log_record_clear(r);
			buf_printf(why, "out of memory");
			return -1;
		}
		/* contact and adjustments are '' when malformed. */
		if ((i == LR_CONTACT || i == LR_ADJUSTMENTS) &&
		    r->text[i][0] == '\0')
			r->bad[i] = 1;
	}
	if (sqlite3_column_type(st, 1) == SQLITE_INTEGER)
		r->form_version = sqlite3_column_int64(st, 1);
	/* The statement holds no copy: reset drops the record's text. */
	(void)sqlite3_reset(st);
	(void)sqlite3_clear_bindings(st);
	return 0;
fail:
	fail(l, why, "cannot read a kiosk record");
	(void)sqlite3_reset(st);
	(void)sqlite3_clear_bindings(st);
	return -1;
}

/* Record a conflict of c in import_conflicts. */
static int
add_conflict(struct complaint_log *l, const struct log_kiosk_complaint *c,
    struct buf *why)
{
	sqlite3_stmt	*st;

	if ((st = stmt(l, ST_CONFLICT_ADD, why)) == NULL)
		return -1;
	if (bind_text(st, 1, c->id) == -1 || bind_text(st, 2,
	    c->bundle_id) == -1 || bind_text(st, 3, c->content_sha256) == -1 ||
	    bind_text(st, 4, c->now) == -1) {
		fail(l, why, "cannot write the log");
		return -1;
	}
	return run(l, st, why, "cannot record the conflict");
}

int
log_put_kiosk_complaint(struct complaint_log *l,
    const struct log_kiosk_complaint *c, enum log_put *result,
    struct buf *why)
{
	sqlite3_stmt	*st;
	int		 rc;

	*result = LOG_PUT_NEW;
	if ((st = stmt(l, ST_KC_GET, why)) == NULL ||
	    bind_text(st, 1, c->id) == -1)
		goto fail;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*result = same_text(st, 0, c->content_sha256) ? LOG_PUT_SAME :
		    LOG_PUT_CONFLICT_ID;
		return *result == LOG_PUT_SAME ? 0 : add_conflict(l, c, why);
	}
	if (rc != SQLITE_DONE)
		goto fail;
	if ((rc = log_has_complaint(l, c->reference, why)) == -1)
		return -1;
	if (rc == 1) {
		*result = LOG_PUT_CONFLICT_REFERENCE;
		return add_conflict(l, c, why);
	}
	if ((st = stmt(l, ST_KC_ADD, why)) == NULL)
		return -1;
	if (bind_text(st, 1, c->id) == -1 ||
	    bind_text(st, 2, c->reference) == -1 ||
	    bind_text(st, 3, c->scheme) == -1 ||
	    bind_text(st, 4, log_tenures[c->tenure]) == -1 ||
	    bind_text(st, 5, log_categories[c->category]) == -1 ||
	    bind_text(st, 6, c->summary) == -1 ||
	    bind_text(st, 7, c->outcome_sought) == -1 ||
	    bind_text(st, 8, c->contact) == -1 ||
	    bind_text(st, 9, c->adjustments) == -1 ||
	    bind_text(st, 10, c->received_at) == -1 ||
	    bind_text(st, 11, c->source) == -1 ||
	    bind_text(st, 12, c->content_sha256) == -1)
		goto fail;
	if (run(l, st, why, "cannot add the complaint") == -1)
		return -1;
	/* The free text is bound as a copy; clear it from the statement. */
	(void)sqlite3_reset(st);
	(void)sqlite3_clear_bindings(st);
	if ((st = stmt(l, ST_KC_STAGE, why)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, sqlite3_last_insert_rowid(l->db)) !=
	    SQLITE_OK || bind_date(st, 2, c->received) == -1)
		goto fail;
	return run(l, st, why, "cannot add the complaint's stage");
fail:
	fail(l, why, "cannot read the log");
	return -1;
}

int
log_has_bundle(struct complaint_log *l, const char *bundle_id,
    struct buf *why)
{
	return row_exists(l, ST_BUNDLE_GET, bundle_id, why);
}

int
log_add_bundle(struct complaint_log *l, const char *bundle_id,
    const char *kiosk_id, const char *sha256, const char *now, long nnew,
    long nduplicate, struct buf *why)
{
	sqlite3_stmt	*st;

	if ((st = stmt(l, ST_BUNDLE_ADD, why)) == NULL)
		return -1;
	if (bind_text(st, 1, bundle_id) == -1 ||
	    bind_text(st, 2, kiosk_id) == -1 ||
	    bind_text(st, 3, sha256) == -1 ||
	    bind_text(st, 4, now) == -1 ||
	    sqlite3_bind_int64(st, 5, nnew) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 6, nduplicate) != SQLITE_OK) {
		fail(l, why, "cannot write the log");
		return -1;
	}
	return run(l, st, why, "cannot record the bundle");
}
