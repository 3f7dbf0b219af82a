/*
 * site: the model of one build. The content folder is scanned once: every
 * page's place and front matter, and every picture or document to copy, are
 * known before any page is rendered, so links can be checked and navigation
 * drawn while pages are rendered one at a time.
 */
#ifndef CANDOUR_SITE_H
#define CANDOUR_SITE_H

#include <stddef.h>

#include "config.h"
#include "frontmatter.h"
#include "pageindex.h"

#define PAGE_FILE_MAX (1024 * 1024)	/* bytes in one Markdown page */
#define SITE_DEPTH_MAX 8		/* folders under pages/ */
#define SITE_PAGES_MAX 200000

struct diag;
struct links;
struct md_page;
struct page;
struct site;
struct sink;

/*
 * A source of pages that are not Markdown files under pages/ (the
 * self-assessment from its CSV, the figures from the log, ...). Each has one
 * row in the table in generators.c.
 */
struct generator {
	const char	*name;		/* for messages: "self-assessment" */
	/*
	 * Read and check this generator's inputs, then add its pages with
	 * site_add_page (setting their meta and ok). Runs after pages/ has been
	 * scanned and before any page is rendered. Returns 0, or -1 after
	 * reporting every error through the diag.
	 */
	int		(*scan)(struct site *, struct diag *);
	/*
	 * Render the body of one of its pages into out (body HTML, escaped;
	 * toc; extra files), recording every anchor with page_add_anchor and
	 * queuing links to check with links_add. Returns 0 or -1 (reported).
	 */
	int		(*render)(struct md_page *out, const struct site *,
			    struct page *, struct links *, struct diag *);
	/* Free what scan hung on a page's data; may be NULL. */
	void		(*free_data)(void *);
	/*
	 * For pages whose body grows with the site (the lists of all pages),
	 * or NULL: write the body into out a piece at a time, calling
	 * sink_step after each piece, so it is never held whole. render then
	 * leaves the body empty but still makes the toc and records the
	 * anchors; this runs after it, only when the page is written.
	 * Returns 0, or -1 when the sink failed (it reported why).
	 */
	int		(*stream)(struct sink *out, const struct site *,
			    const struct page *);
};

struct page {
	size_t		 id;		/* its number: pages in src order */
	char		*src;		/* path under pages/: "leaflets/x.md";
					   "@name/..." for a generated page */
	char		*file;		/* path for messages: "content/pages/..." */
	char		*url;		/* site path: "leaflets/x/", "" for home */
	size_t		 depth;		/* segments in url */
	struct page_meta meta;		/* valid when ok */
	int		 ok;		/* front matter read without error */
	char		*anchors;	/* the ids' hashes (links.c), while the
					   page is rendered */
	size_t		 anchors_len;	/* bytes in anchors */
	int		 rendered;	/* rendered: anchors are known */
	const struct generator *gen;	/* NULL for a Markdown page */
	void		*data;		/* the generator's, freed by free_data */
	size_t		 lang;		/* index in config.lang: 0 the site's */
	int		 translation;	/* a version of another page in lang */
	int		 stand_in;	/* says the translation is still to come */
	char		*original;	/* that page's src, for translations */
	size_t		 prev, next;	/* ids within its section; SITE_NONE */
	unsigned	 pins;		/* kept in the cache while > 0 */
	unsigned long long used;	/* when last asked for (the cache's) */
};

#define SITE_NONE ((size_t)-1)

/*
 * The pages themselves are kept in a page index (pageindex.h) on disk, so
 * a build's memory does not grow with the number of pages. A struct page
 * pointer from site_page, site_page_by_src/url, site_version,
 * site_original or site_next is a copy in a small cache of the most
 * recently used (64 pages; CANDOUR_PAGE_CACHE sets 8 .. 4096): it stays
 * valid until three other pages have been asked for, or for as long as it
 * is pinned (site_pin): pin a page before asking for more than that while
 * using it. The page being rendered is pinned, and so are home, ombudsman
 * and accessibility. Two pointers to the same page are equal.
 */
struct site {
	const char	*content_dir;	/* as given; not owned */
	struct config	 config;
	int		 config_ok;	/* config read without error */
	struct pageindex *index;	/* every page */
	size_t		 npages;	/* ids 0 .. npages - 1 */
	struct page	*adding;	/* while scanning: not yet in index */
	char		**assets;	/* other files under pages/, sorted */
	size_t		 nassets;
	struct page	*home;		/* pages/index.md, or NULL */
	struct page	*ombudsman;	/* the ombudsman.page setting */
	struct page	*accessibility;	/* the accessibility_page setting */
	size_t		*nav;		/* ids of the main menu, in order */
	size_t		 nnav;
};

/*
 * Read site.yaml and the i18n strings, find every page and asset under
 * content_dir/pages and read each page's front matter. Returns 0, or -1
 * after reporting every error. site_free frees in both cases.
 */
int	 site_scan(struct site *, const char *content_dir, struct diag *);
void	 site_free(struct site *);

/*
 * Add a page during scanning: src (unique; "@generator/..." for generated
 * pages), file (named in messages) and url ("a/b/", "" for home) are copied.
 * Returns the page, zeroed but for those, or NULL (out of memory, or too many
 * pages: reported). The pointer is valid only until the next call.
 */
struct page *site_add_page(struct site *, const char *src, const char *file,
	    const char *url, struct diag *);

/*
 * The page with original's content in language lang: a translation, the
 * "not translated yet" page that stands for one, or original itself when
 * lang is original's. NULL only while scanning.
 */
const struct page *site_version(const struct site *, const struct page *,
	    size_t lang);
/* The page a translation or stand-in is a version of; pg for originals. */
const struct page *site_original(const struct site *, const struct page *);

/* The generators, in the order they scan; generators.c. */
extern const struct generator *const site_generators[];

/* Page id (0 .. npages - 1); a blank page if the index fails. */
struct page *site_page(const struct site *, size_t id);
/* Keep pg valid until unpinned (pins nest; NULL is ignored). */
void	 site_pin(const struct page *);
void	 site_unpin(const struct page *);
/*
 * Walk the pages (see pageindex.h for the kinds and their order): after
 * site_walk, each site_next gives the next page, then NULL. One walk at a
 * time; a walk may be left early with site_walk_end.
 */
int	 site_walk(const struct site *, enum pindex_walk, size_t lang);
struct page *site_next(const struct site *);
void	 site_walk_end(const struct site *);
/*
 * After rendering pg: store its anchors in the index (then free them) and,
 * if it rendered, mark it rendered. 0 or -1.
 */
int	 site_page_done(const struct site *, struct page *);
/*
 * NULL, or why the page index failed (it could not start, or its
 * temporary file could not be written): the build must not publish, and
 * errors reported since may be its consequences.
 */
const char *site_error(const struct site *);

/* The page whose src or url is exactly s[0..n), or NULL. */
struct page *site_page_by_src(const struct site *, const char *s, size_t n);
struct page *site_page_by_url(const struct site *, const char *s, size_t n);
/* Does some page's url start with s[0..n)? */
int	 site_has_url_prefix(const struct site *, const char *s, size_t n);
/* Is s[0..n) the path of an asset under pages/? */
int	 site_has_asset(const struct site *, const char *s, size_t n);

#endif
