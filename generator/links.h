/*
 * links: internal links and their #anchors. Whether a linked page exists is
 * known when the link is read (every page is scanned first); whether its
 * anchor exists is known only once that page is rendered, so anchor checks
 * wait until every page has been rendered.
 */
#ifndef CANDOUR_LINKS_H
#define CANDOUR_LINKS_H

#include <stddef.h>

struct diag;
struct page;
struct site;

/* The checks wait in the site's page index (pageindex.h). */
struct links {
	const struct site *site;
};

/* Remember that file:line:col links to page target's #anchor[0..n). */
int	 links_add(struct links *, size_t target, const char *anchor,
	    size_t n, const char *file, size_t line, size_t col);
/*
 * Report each remembered anchor its page lacks (if that page was rendered);
 * returns the number, or (size_t)-1 if the index failed.
 */
size_t	 links_verify(const struct links *, struct diag *);

/* Add id to the page's anchors. 0 or -1 (out of memory). */
int	 page_add_anchor(struct page *, const char *id);
/* Does the page have anchor s[0..n)? */
int	 page_has_anchor(const struct page *, const char *s, size_t n);

#endif
