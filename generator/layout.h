/*
 * layout: the one page layout every page shares: <html lang>, skip link,
 * header with the landlord's name, language switcher, main menu,
 * breadcrumbs, one h1, the "Contents" list, the body, previous and next
 * within a section, and the footer with the Housing Ombudsman and the
 * accessibility statement. Every interface string is in the page's language.
 */
#ifndef CANDOUR_LAYOUT_H
#define CANDOUR_LAYOUT_H

#include <stddef.h>

struct buf;
struct md_page;
struct page;
struct site;

#define LAYOUT_CONTENTS_MIN 3	/* h2s a page needs for a Contents list */

/*
 * What a page gives the layout. root is the relative path to the site's top
 * ("../../"), or, for the 404 page, which may be served at any depth, the
 * site's absolute base path.
 */
struct layout {
	const char	*title;		/* the h1 and <title> */
	const char	*root;		/* prefix of every internal URL */
	const struct page *page;	/* the page, or NULL (the 404 page) */
	const struct md_page *md;	/* its rendered body, or NULL */
	const char	*body;		/* other body HTML, or NULL */
};

/* Append the whole HTML document for l to out. */
void	 layout_page(struct buf *out, const struct site *,
	    const struct layout *l);

/*
 * The same document in two parts, for a body written a piece at a time
 * between them: layout_head appends everything before the body (the
 * Contents list too, so md's toc must be complete), layout_foot everything
 * after it. Head, body and foot together are what layout_page appends.
 */
void	 layout_head(struct buf *out, const struct site *,
	    const struct layout *l);
void	 layout_foot(struct buf *out, const struct site *,
	    const struct layout *l);

#endif
