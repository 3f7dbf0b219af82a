/*
 * markdown: one page's Markdown body, parsed with cmark-gfm (table,
 * autolink, strikethrough, tagfilter; never unsafe), checked (headings,
 * links, pictures, raw HTML, {{ variables }}) and rendered to HTML by our own
 * walker, so every byte of text goes through the escaping writer.
 */
#ifndef CANDOUR_MARKDOWN_H
#define CANDOUR_MARKDOWN_H

#include <stddef.h>

#include "buf.h"

struct diag;
struct links;
struct page;
struct site;

#define MARKDOWN_DEPTH_MAX 32	/* nesting of quotes, lists and emphasis */
#define MARKDOWN_COLUMNS_MAX 50	/* columns in a table */
#define EASY_READ_WORDS_MAX 15	/* words in an Easy Read sentence */
#define MARKDOWN_OUTPUT_MAX (32 * 1024 * 1024)	/* HTML of one page */

struct toc_entry {
	char	*id;		/* the h2's anchor */
	char	*text;		/* its words, plain text */
};

/* A file written beside a page, such as a CSV download. */
struct extra_file {
	char		*rel;	/* path under the site folder */
	struct buf	 data;
};

struct md_page {
	struct buf	 body;	/* the rendered HTML */
	struct toc_entry *toc;	/* the h2 headings, in order */
	size_t		 ntoc;
	struct extra_file *extras; /* files to write beside the page */
	size_t		 nextras;
};

/* Add a toc entry (copies id and text). 0 or -1 (out of memory). */
int	 md_page_add_toc(struct md_page *, const char *id, const char *text);
/* Add an extra file at rel; returns its buffer to fill, or NULL. */
struct buf *md_page_add_extra(struct md_page *, const char *rel);

/*
 * Register cmark-gfm's extensions before the first markdown_render; later
 * calls do nothing. What it registers is freed at exit (markdown_fini).
 */
void	 markdown_init(void);
void	 markdown_fini(void);

/*
 * Check and render text[0..n), the body of page pg (line0 lines of the file
 * come before it). Internal links are rewritten relative to the page; anchor
 * checks are added to links; the page's anchors are recorded in pg. Returns
 * 0, or -1 after reporting every error. md_page_free frees out either way.
 */
int	 markdown_render(struct md_page *out, const struct site *,
	    struct page *pg, const char *text, size_t n, size_t line0,
	    struct links *, struct diag *);
void	 md_page_free(struct md_page *);

/* Append to out the anchor id for a heading's words (no de-duplication). */
void	 markdown_slug(struct buf *out, const char *text);

#endif
