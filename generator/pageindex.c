#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "pageindex.h"
#include "site.h"

/*
 * The database's own cache, in KiB (SQLite's negative cache_size). With
 * it, a build of 10,000 pages needs no more memory than one of 1,000: the
 * rest of the index waits in its temporary file (in the page cache of the
 * kernel, not in the build's memory).
 */
#define PINDEX_DB_CACHE_KIB	256
#define STR(x)	#x
#define XSTR(x)	STR(x)
/*
 * A sort (ORDER BY, CREATE INDEX, a window) keeps at most this many
 * database pages in memory before it spills to the temporary file (SQLite's
 * default is 250: 1 MiB).
 */
#define PINDEX_SORT_PAGES	64
/* Pages kept as struct page; CANDOUR_PAGE_CACHE may set 8 .. 4096. */
#define PINDEX_CACHE		64
#define PINDEX_CACHE_MIN	8
#define PINDEX_CACHE_MAX	4096

static const char schema[] =
	"PRAGMA journal_mode = OFF;"
	"PRAGMA synchronous = OFF;"
	"PRAGMA temp_store = FILE;"
	"PRAGMA cache_size = -" XSTR(PINDEX_DB_CACHE_KIB) ";"
	"CREATE TABLE scan(seq INTEGER PRIMARY KEY, src TEXT NOT NULL,"
	" file TEXT, url TEXT NOT NULL, depth INT, ok INT, kind INT,"
	" gdata INT, lang INT, translation INT, original TEXT, title TEXT,"
	" description TEXT, mlang TEXT, section TEXT, updated TEXT, ord INT,"
	" has_order INT, easy_read INT);"
	"CREATE TABLE anchor(page INTEGER PRIMARY KEY, hashes BLOB NOT NULL);"
	"CREATE TABLE link(n INTEGER PRIMARY KEY, target INT, hash INT,"
	" anchor TEXT, file TEXT, line INT, col INT);"
	"BEGIN;";

/* Pages numbered in src order, then indexed; prev and next linked. */
static const char finish_sql[] =
	"CREATE TABLE page(id INTEGER PRIMARY KEY, seq INT, src TEXT NOT NULL,"
	" file TEXT, url TEXT NOT NULL, depth INT, ok INT, kind INT,"
	" gdata INT, lang INT, translation INT, original TEXT, title TEXT,"
	" description TEXT, mlang TEXT, section TEXT, updated TEXT, ord INT,"
	" has_order INT, easy_read INT, prev INT, next INT,"
	" rendered INT NOT NULL DEFAULT 0);"
	"INSERT INTO page(id, seq, src, file, url, depth, ok, kind, gdata,"
	" lang, translation, original, title, description, mlang, section,"
	" updated, ord, has_order, easy_read)"
	" SELECT row_number() OVER (ORDER BY src, seq) - 1, seq, src, file,"
	" url, depth, ok, kind, gdata, lang, translation, original, title,"
	" description, mlang, section, updated, ord, has_order, easy_read"
	" FROM scan ORDER BY src, seq;"
	"DROP TABLE scan;"
	"CREATE INDEX page_src ON page(src);"
	"CREATE INDEX page_url ON page(url);"
	/*
	 * Within a section (the original's), in each language: by the
	 * original's order (pages without one last), then its src.
	 */
	"UPDATE page SET prev = s.before, next = s.after FROM ("
	" SELECT p.id AS id, lag(p.id) OVER w AS before,"
	"  lead(p.id) OVER w AS after"
	" FROM page AS p JOIN page AS o ON o.src ="
	"  CASE WHEN p.translation THEN p.original ELSE p.src END"
	" WHERE o.ok AND o.section IS NOT NULL AND p.ok"
	" WINDOW w AS (PARTITION BY p.lang, o.section"
	"  ORDER BY o.has_order DESC, o.ord, o.src, p.id)"
	") AS s WHERE page.id = s.id;";

enum stmt {
	ST_ADD,
	ST_STAND_INS,
	ST_LOAD,
	ST_BY_SRC,
	ST_BY_URL,
	ST_PREFIX,
	ST_ANCHOR,
	ST_RENDERED,
	ST_LINK,
	ST_MISSING,
	ST_FORGET,
	ST__MAX
};

static const char *const statements[ST__MAX] = {
	[ST_ADD] = "INSERT INTO scan(src, file, url, depth, ok, kind, gdata,"
	    " lang, translation, original, title, description, mlang,"
	    " section, updated, ord, has_order, easy_read) VALUES (?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
	    " ?17, ?18)",
	[ST_STAND_INS] = "INSERT INTO scan(src, file, url, depth, ok, kind,"
	    " lang, translation, original, title, ord, has_order, easy_read)"
	    " SELECT '@translation/' || ?2 || '/' || p.src, p.file,"
	    " ?2 || '/' || p.url, p.depth + 1, 1, 1, ?1, 1, p.src, p.title,"
	    " 0, 0, 0 FROM scan AS p WHERE NOT p.translation AND p.ok AND"
	    " NOT EXISTS (SELECT 1 FROM scan AS q WHERE q.url ="
	    " ?2 || '/' || p.url) ORDER BY p.seq",
	[ST_LOAD] = "SELECT src, file, url, depth, ok, kind, gdata, lang,"
	    " translation, original, title, description, mlang, section,"
	    " updated, ord, has_order, easy_read, prev, next"
	    " FROM page WHERE id = ?1",
	[ST_BY_SRC] = "SELECT id FROM page WHERE src = ?1 ORDER BY id LIMIT 1",
	[ST_BY_URL] = "SELECT id FROM page WHERE url = ?1 ORDER BY id LIMIT 1",
	[ST_PREFIX] = "SELECT url FROM page WHERE url >= ?1 ORDER BY url"
	    " LIMIT 1",
	[ST_ANCHOR] = "INSERT OR REPLACE INTO anchor(page, hashes)"
	    " VALUES (?1, ?2)",
	[ST_RENDERED] = "UPDATE page SET rendered = 1 WHERE id = ?1",
	[ST_LINK] = "INSERT INTO link(target, hash, anchor, file, line, col)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* Each link to a rendered page, with that page's anchors. */
	[ST_MISSING] = "SELECT l.anchor, l.file, l.line, l.col, p.src, l.hash,"
	    " a.hashes FROM link AS l JOIN page AS p ON p.id = l.target"
	    " LEFT JOIN anchor AS a ON a.page = l.target"
	    " WHERE p.rendered ORDER BY l.n",
	[ST_FORGET] = "DELETE FROM link",
};

static const char *const walks[PINDEX_WALK__MAX] = {
	[PINDEX_BY_URL] = "SELECT id FROM page ORDER BY url, id",
	[PINDEX_LANG_BY_URL] = "SELECT id FROM page WHERE lang = ?1 AND ok"
	    " ORDER BY url, id",
	[PINDEX_LANG_BY_TITLE] = "SELECT id FROM page WHERE lang = ?1 AND ok"
	    " ORDER BY title COLLATE NOCASE, url, id",
	[PINDEX_DUP_URLS] = "SELECT id FROM page WHERE url IN (SELECT url"
	    " FROM page GROUP BY url HAVING count(*) > 1) ORDER BY url, id",
	[PINDEX_TRANSLATIONS] = "SELECT id FROM page WHERE translation AND"
	    " kind = 0 ORDER BY id",
	[PINDEX_NAV] = "SELECT id FROM page WHERE depth = 1 AND ok AND"
	    " has_order AND NOT translation ORDER BY ord, src, id",
};

/* A generated page's generator and data, by its gdata number. */
struct gdata {
	const struct generator *gen;
	void		*data;
};

struct pageindex {
	sqlite3		*db;
	sqlite3_stmt	*st[ST__MAX];
	sqlite3_stmt	*walk;
	const struct generator *stand_in;
	struct gdata	*gdata;
	size_t		 ngdata, capgdata;
	struct page	**slot;		/* the cache; each page malloc'd */
	size_t		 nslot, maxslot;
	unsigned long long clock;	/* for least recently used */
	struct page	 blank;		/* returned when a page cannot be read */
	char		 err[256];	/* the first error, or "" */
};

static void
fail(struct pageindex *x, const char *what)
{
	if (x->err[0] == '\0')
		snprintf(x->err, sizeof(x->err), "%s: %s", what,
		    x->db != NULL ? sqlite3_errmsg(x->db) : "out of memory");
}

/* The statement, reset for a new use; NULL on error (recorded). */
static sqlite3_stmt *
stmt(struct pageindex *x, enum stmt s)
{
	if (x->st[s] == NULL) {
		if (sqlite3_prepare_v2(x->db, statements[s], -1, &x->st[s],
		    NULL) != SQLITE_OK) {
			fail(x, "the page index");
			return NULL;
		}
	} else {
		sqlite3_reset(x->st[s]);
		sqlite3_clear_bindings(x->st[s]);
	}
	return x->st[s];
}

/* Run a statement that returns no rows; 0 or -1 (recorded). */
static int
run(struct pageindex *x, sqlite3_stmt *s)
{
	int	 rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		fail(x, "the page index");
		return -1;
	}
	return 0;
}

static int
bind_text(sqlite3_stmt *s, int i, const char *t, size_t n)
{
	if (t == NULL)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, t, (int)n, SQLITE_TRANSIENT);
}

static int
bind_str(sqlite3_stmt *s, int i, const char *t)
{
	return bind_text(s, i, t, t != NULL ? strlen(t) : 0);
}

struct pageindex *
pindex_open(const struct generator *stand_in, const char **why)
{
	struct pageindex *x;
	const char	*env = getenv("CANDOUR_PAGE_CACHE");
	long		 n;

	*why = "out of memory";
	if ((x = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	x->stand_in = stand_in;
	x->maxslot = PINDEX_CACHE;
	/* Tests make the cache tiny, to catch a pointer kept too long. */
	if (env != NULL && (n = strtol(env, NULL, 10)) >= PINDEX_CACHE_MIN &&
	    n <= PINDEX_CACHE_MAX)
		x->maxslot = (size_t)n;
	if ((x->slot = calloc(x->maxslot, sizeof(*x->slot))) == NULL)
		goto fail;
	x->blank.src = x->blank.file = x->blank.url = (char *)"";
	x->blank.meta.title = (char *)"";
	x->blank.prev = x->blank.next = SITE_NONE;
	x->blank.id = SITE_NONE;
	/*
	 * Only possible before SQLite starts; later (a second build in one
	 * `candour serve`) SQLITE_MISUSE leaves the setting made the first
	 * time, or the default if something else started SQLite first.
	 */
	(void)sqlite3_config(SQLITE_CONFIG_PMASZ, PINDEX_SORT_PAGES);
	*why = "cannot make its temporary file (check TMPDIR and free space)";
	if (sqlite3_open_v2("", &x->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
	    sqlite3_exec(x->db, schema, NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return x;
fail:
	pindex_close(x);
	return NULL;
}

void
page_clear(struct page *pg)
{
	free(pg->src);
	free(pg->file);
	free(pg->url);
	free(pg->original);
	free(pg->anchors);
	frontmatter_free(&pg->meta);
	memset(pg, 0, sizeof(*pg));
}

void
pindex_close(struct pageindex *x)
{
	size_t	 i;

	if (x == NULL)
		return;
	for (i = 0; i < x->nslot; i++) {
		page_clear(x->slot[i]);
		free(x->slot[i]);
	}
	free(x->slot);
	for (i = 0; i < x->ngdata; i++)
		if (x->gdata[i].gen->free_data != NULL)
			x->gdata[i].gen->free_data(x->gdata[i].data);
	free(x->gdata);
	for (i = 0; i < ST__MAX; i++)
		sqlite3_finalize(x->st[i]);
	sqlite3_finalize(x->walk);
	sqlite3_close(x->db);
	free(x);
}

const char *
pindex_error(const struct pageindex *x)
{
	return x->err[0] != '\0' ? x->err : NULL;
}

int
pindex_add(struct pageindex *x, const struct page *pg)
{
	const struct page_meta *m = &pg->meta;
	sqlite3_stmt	*s;
	struct gdata	*g;
	int		 kind = PINDEX_MARKDOWN;

	if ((s = stmt(x, ST_ADD)) == NULL)
		return -1;
	if (pg->gen == x->stand_in && pg->gen != NULL)
		kind = PINDEX_STAND_IN;
	else if (pg->gen != NULL) {
		kind = PINDEX_GENERATED;
		if (x->ngdata == x->capgdata) {
			x->capgdata = x->capgdata ? x->capgdata * 2 : 16;
			if ((g = realloc(x->gdata, x->capgdata * sizeof(*g))) ==
			    NULL) {
				fail(x, "the page index");
				return -1;
			}
			x->gdata = g;
		}
		x->gdata[x->ngdata].gen = pg->gen;
		x->gdata[x->ngdata].data = pg->data;
		x->ngdata++;
		sqlite3_bind_int64(s, 7, (sqlite3_int64)x->ngdata - 1);
	}
	bind_str(s, 1, pg->src);
	bind_str(s, 2, pg->file);
	bind_str(s, 3, pg->url);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)pg->depth);
	sqlite3_bind_int(s, 5, pg->ok);
	sqlite3_bind_int(s, 6, kind);
	sqlite3_bind_int64(s, 8, (sqlite3_int64)pg->lang);
	sqlite3_bind_int(s, 9, pg->translation);
	bind_str(s, 10, pg->original);
	bind_str(s, 11, m->title);
	bind_str(s, 12, m->description);
	bind_str(s, 13, m->lang);
	bind_str(s, 14, m->section);
	bind_str(s, 15, m->updated);
	sqlite3_bind_int64(s, 16, m->order);
	sqlite3_bind_int(s, 17, m->has_order);
	sqlite3_bind_int(s, 18, m->easy_read);
	return run(x, s);
}

long
pindex_add_stand_ins(struct pageindex *x, size_t lang, const char *code)
{
	sqlite3_stmt	*s;

	if (sqlite3_exec(x->db, "CREATE INDEX IF NOT EXISTS scan_url ON "
	    "scan(url)", NULL, NULL, NULL) != SQLITE_OK) {
		fail(x, "the page index");
		return -1;
	}
	if ((s = stmt(x, ST_STAND_INS)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)lang);
	bind_str(s, 2, code);
	if (run(x, s) == -1)
		return -1;
	return (long)sqlite3_changes(x->db);
}

long
pindex_finish(struct pageindex *x)
{
	sqlite3_stmt	*s;
	long		 n = -1;

	if (sqlite3_exec(x->db, finish_sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(x->db, "SELECT count(*) FROM page", -1, &s,
	    NULL) != SQLITE_OK) {
		fail(x, "the page index");
		return -1;
	}
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	else
		fail(x, "the page index");
	sqlite3_finalize(s);
	/* The scan's statements are done with. */
	sqlite3_finalize(x->st[ST_ADD]);
	sqlite3_finalize(x->st[ST_STAND_INS]);
	x->st[ST_ADD] = x->st[ST_STAND_INS] = NULL;
	return n;
}

static char *
column_dup(sqlite3_stmt *s, int i, int *oom)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	char	*p;

	if (t == NULL)
		return NULL;
	if ((p = strdup((const char *)t)) == NULL)
		*oom = 1;
	return p;
}

static size_t
column_id(sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return SITE_NONE;
	return (size_t)sqlite3_column_int64(s, i);
}

/* Read page id into pg (cleared). 0, or -1 (recorded). */
static int
load(struct pageindex *x, size_t id, struct page *pg)
{
	sqlite3_stmt	*s;
	struct page_meta *m = &pg->meta;
	size_t		 g;
	int		 oom = 0, rc;

	if ((s = stmt(x, ST_LOAD)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)id);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc == SQLITE_DONE && x->err[0] == '\0')
			snprintf(x->err, sizeof(x->err), "the page index has "
			    "no page %zu", id);
		else if (rc != SQLITE_DONE)
			fail(x, "the page index");
		return -1;
	}
	pg->id = id;
	pg->src = column_dup(s, 0, &oom);
	pg->file = column_dup(s, 1, &oom);
	pg->url = column_dup(s, 2, &oom);
	pg->depth = (size_t)sqlite3_column_int64(s, 3);
	pg->ok = sqlite3_column_int(s, 4);
	switch (sqlite3_column_int(s, 5)) {
	case PINDEX_STAND_IN:
		pg->gen = x->stand_in;
		pg->stand_in = 1;
		break;
	case PINDEX_GENERATED:
		g = (size_t)sqlite3_column_int64(s, 6);
		if (g < x->ngdata) {
			pg->gen = x->gdata[g].gen;
			pg->data = x->gdata[g].data;
		}
		break;
	}
	pg->lang = (size_t)sqlite3_column_int64(s, 7);
	pg->translation = sqlite3_column_int(s, 8);
	pg->original = column_dup(s, 9, &oom);
	m->title = column_dup(s, 10, &oom);
	m->description = column_dup(s, 11, &oom);
	m->lang = column_dup(s, 12, &oom);
	m->section = column_dup(s, 13, &oom);
	m->updated = column_dup(s, 14, &oom);
	m->order = (long)sqlite3_column_int64(s, 15);
	m->has_order = sqlite3_column_int(s, 16);
	m->easy_read = sqlite3_column_int(s, 17);
	pg->prev = column_id(s, 18);
	pg->next = column_id(s, 19);
	sqlite3_reset(s);
	if (oom || pg->src == NULL || pg->url == NULL) {
		fail(x, "the page index");
		page_clear(pg);
		return -1;
	}
	return 0;
}

struct page *
pindex_page(struct pageindex *x, size_t id)
{
	struct page	*pg, *victim = NULL;
	size_t		 i;

	for (i = 0; i < x->nslot; i++)
		if (x->slot[i]->id == id) {
			x->slot[i]->used = ++x->clock;
			return x->slot[i];
		}
	if (x->nslot < x->maxslot) {
		if ((victim = calloc(1, sizeof(*victim))) == NULL) {
			fail(x, "the page index");
			return &x->blank;
		}
		x->slot[x->nslot++] = victim;
	} else {
		for (i = 0; i < x->nslot; i++) {
			pg = x->slot[i];
			if (pg->pins == 0 && (victim == NULL ||
			    pg->used < victim->used))
				victim = pg;
		}
		if (victim == NULL) {
			/* Every page pinned: a caller's mistake. */
			snprintf(x->err, sizeof(x->err), "the page index: more "
			    "than %zu pages in use at once", x->maxslot);
			return &x->blank;
		}
		page_clear(victim);
	}
	if (load(x, id, victim) == -1) {
		victim->id = SITE_NONE;
		return &x->blank;
	}
	victim->used = ++x->clock;
	return victim;
}

void
pindex_pin(struct page *pg)
{
	pg->pins++;
}

void
pindex_unpin(struct page *pg)
{
	if (pg->pins > 0)
		pg->pins--;
}

/* The id for a text lookup, from the cache if it holds the page. */
static size_t
lookup(struct pageindex *x, enum stmt which, const char *s, size_t n)
{
	sqlite3_stmt	*st;
	const char	*have;
	size_t		 i, id = SITE_NONE;
	int		 rc;

	for (i = 0; i < x->nslot; i++) {
		if (x->slot[i]->id == SITE_NONE)
			continue;
		have = which == ST_BY_SRC ? x->slot[i]->src : x->slot[i]->url;
		if (strncmp(have, s, n) == 0 && have[n] == '\0')
			return x->slot[i]->id;
	}
	if ((st = stmt(x, which)) == NULL)
		return SITE_NONE;
	bind_text(st, 1, s, n);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		id = (size_t)sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		fail(x, "the page index");
	sqlite3_reset(st);
	return id;
}

size_t
pindex_by_src(struct pageindex *x, const char *s, size_t n)
{
	return lookup(x, ST_BY_SRC, s, n);
}

size_t
pindex_by_url(struct pageindex *x, const char *s, size_t n)
{
	return lookup(x, ST_BY_URL, s, n);
}

int
pindex_url_prefix(struct pageindex *x, const char *s, size_t n)
{
	sqlite3_stmt	*st;
	const char	*u;
	int		 rc, yes = 0;

	if ((st = stmt(x, ST_PREFIX)) == NULL)
		return 0;
	bind_text(st, 1, s, n);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		u = (const char *)sqlite3_column_text(st, 0);
		yes = u != NULL && strncmp(u, s, n) == 0;
	} else if (rc != SQLITE_DONE)
		fail(x, "the page index");
	sqlite3_reset(st);
	return yes;
}

int
pindex_walk(struct pageindex *x, enum pindex_walk w, size_t lang)
{
	sqlite3_finalize(x->walk);
	x->walk = NULL;
	if (sqlite3_prepare_v2(x->db, walks[w], -1, &x->walk, NULL) !=
	    SQLITE_OK) {
		fail(x, "the page index");
		return -1;
	}
	if (sqlite3_bind_parameter_count(x->walk) > 0)
		sqlite3_bind_int64(x->walk, 1, (sqlite3_int64)lang);
	return 0;
}

size_t
pindex_next(struct pageindex *x)
{
	int	 rc;

	if (x->walk == NULL)
		return SITE_NONE;
	if ((rc = sqlite3_step(x->walk)) == SQLITE_ROW)
		return (size_t)sqlite3_column_int64(x->walk, 0);
	if (rc != SQLITE_DONE)
		fail(x, "the page index");
	pindex_walk_end(x);
	return SITE_NONE;
}

void
pindex_walk_end(struct pageindex *x)
{
	sqlite3_finalize(x->walk);
	x->walk = NULL;
}

int
pindex_rendered(struct pageindex *x, size_t id, const char *hashes,
    size_t n)
{
	sqlite3_stmt	*s;

	/* Replaces what an earlier rendering of the page left. */
	if ((s = stmt(x, ST_ANCHOR)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)id);
	if (n > 0)
		sqlite3_bind_blob(s, 2, hashes, (int)(n * sizeof(uint64_t)),
		    SQLITE_STATIC);
	else
		sqlite3_bind_zeroblob(s, 2, 0);
	if (run(x, s) == -1)
		return -1;
	if ((s = stmt(x, ST_RENDERED)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)id);
	return run(x, s);
}

int
pindex_link(struct pageindex *x, size_t target, uint64_t hash,
    const char *anchor, size_t len, const char *file, size_t line,
    size_t col)
{
	sqlite3_stmt	*s;

	if ((s = stmt(x, ST_LINK)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)target);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)hash);
	bind_text(s, 3, anchor, len);
	bind_str(s, 4, file);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)line);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)col);
	return run(x, s);
}

int
anchors_have(const void *hashes, size_t n, uint64_t h)
{
	uint64_t	 have;
	size_t		 off;

	for (off = 0; hashes != NULL && off + sizeof(have) <= n;
	    off += sizeof(have)) {
		memcpy(&have, (const char *)hashes + off, sizeof(have));
		if (have == h)
			return 1;
	}
	return 0;
}

long
pindex_missing_anchors(struct pageindex *x, void (*bad)(void *,
    const char *, const char *, size_t, size_t, const char *), void *arg)
{
	sqlite3_stmt	*s;
	long		 n = 0;
	int		 rc;

	if ((s = stmt(x, ST_MISSING)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (anchors_have(sqlite3_column_blob(s, 6),
		    (size_t)sqlite3_column_bytes(s, 6),
		    (uint64_t)sqlite3_column_int64(s, 5)))
			continue;
		bad(arg, (const char *)sqlite3_column_text(s, 0),
		    (const char *)sqlite3_column_text(s, 1),
		    (size_t)sqlite3_column_int64(s, 2),
		    (size_t)sqlite3_column_int64(s, 3),
		    (const char *)sqlite3_column_text(s, 4));
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		fail(x, "the page index");
		return -1;
	}
	return n;
}

int
pindex_forget_links(struct pageindex *x)
{
	sqlite3_stmt	*s;

	if ((s = stmt(x, ST_FORGET)) == NULL)
		return -1;
	return run(x, s);
}
