/*
 * pageindex: where a build keeps what it knows about every page (its
 * place, its front matter, its anchors, the links to check), so that the
 * memory a build needs does not grow with the number of pages.
 *
 * The index is a private temporary SQLite database (sqlite3_open_v2 of "",
 * deleted when closed) with a small, fixed page cache: what does not fit
 * lives in a temporary file. Pages are read back on demand into a small
 * cache of struct page (a few dozen); site.h says how long a page pointer
 * stays valid. Nothing in the index is ever published or kept: it is the
 * build's scratch paper, and it never touches the complaint log.
 *
 * Errors (a full disk under TMPDIR, say) are sticky: a lookup that fails
 * returns "no such page" (or a blank page, for site_page) and
 * pindex_error() says what went wrong, so the build can refuse to publish.
 */
#ifndef CANDOUR_PAGEINDEX_H
#define CANDOUR_PAGEINDEX_H

#include <stddef.h>
#include <stdint.h>

struct generator;
struct page;
struct pageindex;

/* Kinds of page in the index: how its generator is found again. */
#define PINDEX_MARKDOWN	0	/* a Markdown file: no generator */
#define PINDEX_STAND_IN	1	/* stands in for a missing translation */
#define PINDEX_GENERATED 2	/* another generator, with its data */

/*
 * Open an empty index; stand_in is the generator of stand-in pages.
 * Returns NULL on failure (out of memory, or no temporary file could be
 * made: the reason is in *why, a static string).
 */
struct pageindex *pindex_open(const struct generator *stand_in,
	    const char **why);
/* Free everything, calling each generated page's free_data. */
void	 pindex_close(struct pageindex *);
/* NULL, or what went wrong first. */
const char *pindex_error(const struct pageindex *);

/*
 * Scanning. pindex_add copies pg (its strings and meta; for a generated
 * page the generator and data, now owned by the index) as a page to be
 * numbered later. 0 or -1.
 */
int	 pindex_add(struct pageindex *, const struct page *pg);
/*
 * For language lang (code), a stand-in for every page of the site's
 * language that is not a translation, has front matter read without error
 * and has no page at "code/its url". Returns the number added, or -1.
 */
long	 pindex_add_stand_ins(struct pageindex *, size_t lang,
	    const char *code);
/*
 * No more pages: number them 0 .. n-1 in the order of their src (bytes),
 * index them and link each page of a section to the one before and after.
 * Returns the number of pages, or -1.
 */
long	 pindex_finish(struct pageindex *);

/* Free what pg owns (strings, meta, anchors; not its data) and zero it. */
void	 page_clear(struct page *);

/* Reading (after pindex_finish). */
struct page *pindex_page(struct pageindex *, size_t id);
/* The id of the page whose src (or url) is s[0..n), or (size_t)-1. */
size_t	 pindex_by_src(struct pageindex *, const char *s, size_t n);
size_t	 pindex_by_url(struct pageindex *, const char *s, size_t n);
/* Does some page's url start with s[0..n)? */
int	 pindex_url_prefix(struct pageindex *, const char *s, size_t n);

/* Keep pg in the cache until unpinned (pins nest). */
void	 pindex_pin(struct page *);
void	 pindex_unpin(struct page *);

/*
 * A walk over ids: PINDEX_BY_URL every page by url; PINDEX_LANG_BY_URL
 * the pages in language lang whose front matter is good, by url;
 * PINDEX_LANG_BY_TITLE the same by title (ASCII letters without case),
 * then url; PINDEX_DUP_URLS every page sharing its url with another, by
 * url then id; PINDEX_TRANSLATIONS the translations read from files, by
 * id; PINDEX_NAV the pages of the main menu (at depth 1, good front
 * matter with an order, not translations) by order, then src.
 * pindex_next gives the next id, or (size_t)-1 at the end (or on error).
 * Only one walk at a time.
 */
enum pindex_walk {
	PINDEX_BY_URL,
	PINDEX_LANG_BY_URL,
	PINDEX_LANG_BY_TITLE,
	PINDEX_DUP_URLS,
	PINDEX_TRANSLATIONS,
	PINDEX_NAV,
	PINDEX_WALK__MAX
};
int	 pindex_walk(struct pageindex *, enum pindex_walk, size_t lang);
size_t	 pindex_next(struct pageindex *);
void	 pindex_walk_end(struct pageindex *);

/*
 * Anchors and links. pindex_rendered stores page id's anchors (n 64-bit
 * hashes, one after another, in the machine's byte order) and marks it rendered. pindex_link remembers that file:line:col links
 * to page target's anchor (its hash and its text).
 */
int	 pindex_rendered(struct pageindex *, size_t id, const char *hashes,
	    size_t n);
int	 pindex_link(struct pageindex *, size_t target, uint64_t hash,
	    const char *anchor, size_t len, const char *file, size_t line,
	    size_t col);
/*
 * For each remembered link, in the order given, whose target was rendered
 * and lacks the anchor: calls bad(arg, anchor, file, line, col, target's
 * src). Returns the number of such links, or -1 (error).
 */
/* Is h among the n bytes of 64-bit hashes at hashes (or NULL)? */
int	 anchors_have(const void *hashes, size_t n, uint64_t h);
long	 pindex_missing_anchors(struct pageindex *, void (*bad)(void *,
	    const char *, const char *, size_t, size_t, const char *),
	    void *arg);
/* Forget every remembered link (a fuzzer renders one page many times). */
int	 pindex_forget_links(struct pageindex *);

#endif
