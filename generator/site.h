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
	char		*src;		/* path under pages/: "leaflets/x.md";
					   "@name/..." for a generated page */
	char		*file;		/* path for messages: "content/pages/..." */
	char		*url;		/* site path: "leaflets/x/", "" for home */
	size_t		 depth;		/* segments in url */
	struct page_meta meta;		/* valid when ok */
	int		 ok;		/* front matter read without error */
	char		*anchors;	/* the ids' hashes (links.c), after
					   rendering */
	size_t		 anchors_len;	/* bytes in anchors */
	int		 rendered;	/* anchors are known */
	const struct generator *gen;	/* NULL for a Markdown page */
	void		*data;		/* the generator's, freed by free_data */
	size_t		 lang;		/* index in config.lang: 0 the site's */
	int		 translation;	/* a version of another page in lang */
	int		 stand_in;	/* says the translation is still to come */
	char		*original;	/* that page's src, for translations */
	size_t		 prev, next;	/* within its section; SITE_NONE */
};

#define SITE_NONE ((size_t)-1)

struct site {
	const char	*content_dir;	/* as given; not owned */
	struct config	 config;
	int		 config_ok;	/* config read without error */
	struct page	*pages;		/* sorted by src once scanned */
	size_t		 npages;
	size_t		 cap_pages;
	size_t		*by_url;	/* page indexes sorted by url */
	char		**assets;	/* other files under pages/, sorted */
	size_t		 nassets;
	struct page	*home;		/* pages/index.md, or NULL */
	struct page	*ombudsman;	/* the ombudsman.page setting */
	struct page	*accessibility;	/* the accessibility_page setting */
	size_t		*nav;		/* pages in the main menu, in order */
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

/* The page whose src or url is exactly s[0..n), or NULL. */
struct page *site_page_by_src(const struct site *, const char *s, size_t n);
struct page *site_page_by_url(const struct site *, const char *s, size_t n);
/* Does some page's url start with s[0..n)? */
int	 site_has_url_prefix(const struct site *, const char *s, size_t n);
/* Is s[0..n) the path of an asset under pages/? */
int	 site_has_asset(const struct site *, const char *s, size_t n);

#endif
