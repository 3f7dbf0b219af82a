#include <string.h>

#include "buf.h"
#include "config.h"
#include "html.h"
#include "layout.h"
#include "markdown.h"
#include "site.h"

/*
 * Everything the page loads comes from the site itself; no script runs.
 * A meta element cannot carry frame-ancestors; the rest of the policy holds.
 */
#define CSP "default-src 'self'; script-src 'none'; object-src 'none'; " \
	"base-uri 'none'; form-action 'self'"

/* What every part of the layout needs to know. */
struct ctx {
	const struct site	*site;
	const struct layout	*l;
	const struct page	*page;	/* or NULL */
	size_t			 lang;	/* index in config.lang */
	char *const		*msg;	/* that language's strings */
};

/* Append an internal link's URL: the root prefix, then the site path. */
static void
put_href(struct buf *o, const struct ctx *x, const char *url)
{
	buf_puts(o, "href=\"");
	html_url(o, x->l->root);
	html_url(o, url);
	if (*x->l->root == '\0' && *url == '\0')
		buf_puts(o, "./");
	buf_putc(o, '"');
}

/* A link to page pg with text; marked as the current page if it is. */
static void
put_link(struct buf *o, const struct ctx *x, const struct page *pg,
    const char *text)
{
	buf_puts(o, "<a ");
	put_href(o, x, pg->url);
	if (pg == x->page)
		buf_puts(o, " aria-current=\"page\"");
	if (pg->stand_in && text == pg->meta.title) {
		/* An untranslated page's title is in the site's language. */
		buf_puts(o, " lang=\"");
		html_attrs(o, x->site->config.lang[0].code);
		buf_putc(o, '"');
	}
	buf_putc(o, '>');
	html_texts(o, text);
	buf_puts(o, "</a>");
}

/* The page standing for orig in the current language (orig if none). */
static const struct page *
version(const struct ctx *x, const struct page *orig)
{
	const struct page *v = site_version(x->site, orig, x->lang);

	return v != NULL ? v : orig;
}

/* A generated page's version by its site path in the site's language. */
static const struct page *
version_of_url(const struct ctx *x, const char *url)
{
	const struct page *pg = site_page_by_url(x->site, url, strlen(url));

	return pg != NULL ? version(x, pg) : NULL;
}

static void
put_languages(struct buf *o, const struct ctx *x)
{
	const struct config *c = &x->site->config;
	const struct page *orig, *v;
	size_t	 i;

	if (c->nlang < 2 || x->page == NULL)
		return;
	orig = site_original(x->site, x->page);
	site_pin(orig);
	buf_puts(o, "<nav class=\"languages\" aria-label=\"");
	html_attrs(o, x->msg[MSG_LANGUAGES]);
	buf_puts(o, "\">\n<ul>\n");
	for (i = 0; i < c->nlang; i++) {
		if (i == x->lang || orig == NULL ||
		    (v = site_version(x->site, orig, i)) == NULL)
			continue;
		buf_puts(o, "<li><a ");
		put_href(o, x, v->url);
		buf_puts(o, " hreflang=\"");
		html_attrs(o, c->lang[i].code);
		buf_puts(o, "\" lang=\"");
		html_attrs(o, c->lang[i].code);
		buf_puts(o, "\">");
		html_texts(o, c->lang[i].msg[MSG_LANGUAGE_NAME]);
		buf_puts(o, "</a></li>\n");
	}
	site_unpin(orig);
	buf_puts(o, "</ul>\n</nav>\n");
}

static void
put_menu(struct buf *o, const struct ctx *x)
{
	const struct site *s = x->site;
	const struct page *pg;
	size_t	 i;

	buf_puts(o, "<nav class=\"menu\" aria-label=\"");
	html_attrs(o, x->msg[MSG_MENU]);
	buf_puts(o, "\">\n<ul>\n");
	if (s->home != NULL) {
		buf_puts(o, "<li>");
		put_link(o, x, version(x, s->home), x->msg[MSG_HOME]);
		buf_puts(o, "</li>\n");
	}
	for (i = 0; i < s->nnav; i++) {
		pg = version(x, site_page(s, s->nav[i]));
		buf_puts(o, "<li>");
		put_link(o, x, pg, pg->meta.title);
		buf_puts(o, "</li>\n");
	}
	buf_puts(o, "</ul>\n</nav>\n");
}

/* Home, then each folder above the page that has a page of its own. */
static void
put_breadcrumbs(struct buf *o, const struct ctx *x)
{
	const struct site *s = x->site;
	const struct page *up;
	const char	*u = x->page->url;
	size_t		 i, start = 0;

	if (x->lang > 0)
		start = strlen(s->config.lang[x->lang].code) + 1;
	if (u[start] == '\0')
		return;		/* a home page */
	buf_puts(o, "<nav class=\"breadcrumbs\" aria-label=\"");
	html_attrs(o, x->msg[MSG_BREADCRUMBS]);
	buf_puts(o, "\">\n<ol>\n");
	if (s->home != NULL) {
		buf_puts(o, "<li>");
		put_link(o, x, version(x, s->home), x->msg[MSG_HOME]);
		buf_puts(o, "</li>\n");
	}
	for (i = start; u[i] != '\0'; i++) {
		if (u[i] != '/' || u[i + 1] == '\0')
			continue;
		up = site_page_by_url(s, u, i + 1);
		if (up == NULL || !up->ok)
			continue;
		buf_puts(o, "<li>");
		put_link(o, x, up, up->meta.title);
		buf_puts(o, "</li>\n");
	}
	buf_puts(o, "<li aria-current=\"page\">");
	html_texts(o, x->l->title);
	buf_puts(o, "</li>\n</ol>\n</nav>\n");
}

static void
put_contents(struct buf *o, const struct ctx *x, const struct md_page *md)
{
	size_t	 i;

	buf_puts(o, "<nav class=\"contents\" aria-labelledby=\"contents-title"
	    "\">\n<h2 id=\"contents-title\">");
	html_texts(o, x->msg[MSG_CONTENTS]);
	buf_puts(o, "</h2>\n<ul>\n");
	for (i = 0; i < md->ntoc; i++) {
		buf_puts(o, "<li><a href=\"#");
		html_url(o, md->toc[i].id);
		buf_puts(o, "\">");
		html_texts(o, md->toc[i].text);
		buf_puts(o, "</a></li>\n");
	}
	buf_puts(o, "</ul>\n</nav>\n");
}

/* "2026-11-01" as "1 November 2026" in the page's language, in <time>. */
static void
put_date(struct buf *o, const struct ctx *x, const char *iso)
{
	const char	*name = x->msg[MSG_MONTHS];
	int		 m = (iso[5] - '0') * 10 + (iso[6] - '0');
	int		 d = (iso[8] - '0') * 10 + (iso[9] - '0');
	size_t		 len;

	/* config_read checked there are twelve names. */
	while (*name == ' ')
		name++;
	while (--m > 0) {
		name += strcspn(name, " ");
		name += strspn(name, " ");
	}
	len = strcspn(name, " ");
	buf_puts(o, "<time datetime=\"");
	html_attrs(o, iso);
	buf_printf(o, "\">%d ", d);
	html_text(o, name, len);
	buf_printf(o, " %.4s</time>", iso);
}

/* One of the previous and next links: rel is "prev" or "next". */
static void
put_step(struct buf *o, const struct ctx *x, const struct page *to,
    const char *rel, enum msg label)
{
	buf_printf(o, "<li class=\"%s\"><a rel=\"%s\" ", rel, rel);
	put_href(o, x, to->url);
	buf_puts(o, "><span class=\"label\">");
	html_texts(o, x->msg[label]);
	buf_puts(o, "</span> <span");
	if (to->stand_in) {
		buf_puts(o, " lang=\"");
		html_attrs(o, x->site->config.lang[0].code);
		buf_putc(o, '"');
	}
	buf_putc(o, '>');
	html_texts(o, to->meta.title);
	buf_puts(o, "</span></a></li>\n");
}

/* Previous and next within the page's section. */
static void
put_pagination(struct buf *o, const struct ctx *x)
{
	const struct page *pg = x->page;
	const struct site *s = x->site;

	if (pg == NULL || (pg->prev == SITE_NONE && pg->next == SITE_NONE))
		return;
	buf_puts(o, "<nav class=\"pagination\" aria-label=\"");
	html_attrs(o, site_original(s, pg)->meta.section);
	buf_puts(o, "\">\n<ul>\n");
	if (pg->prev != SITE_NONE)
		put_step(o, x, site_page(s, pg->prev), "prev", MSG_PREVIOUS);
	if (pg->next != SITE_NONE)
		put_step(o, x, site_page(s, pg->next), "next", MSG_NEXT);
	buf_puts(o, "</ul>\n</nav>\n");
}

static void
put_footer_link(struct buf *o, const struct ctx *x, const struct page *pg,
    enum msg text)
{
	if (pg == NULL)
		return;
	buf_puts(o, "<li>");
	put_link(o, x, version(x, pg), x->msg[text]);
	buf_puts(o, "</li>\n");
}

static void
put_footer(struct buf *o, const struct ctx *x)
{
	const struct site *s = x->site;

	buf_puts(o, "<footer class=\"site-footer\">\n<div class=\"wrap\">\n"
	    "<p>");
	html_texts(o, x->msg[MSG_OMBUDSMAN_NOTE]);
	if (s->ombudsman != NULL) {
		buf_puts(o, " <a ");
		put_href(o, x, version(x, s->ombudsman)->url);
		buf_putc(o, '>');
		html_texts(o, x->msg[MSG_OMBUDSMAN_LINK]);
		buf_puts(o, "</a>");
	}
	buf_puts(o, "</p>\n<ul>\n");
	put_footer_link(o, x, s->accessibility, MSG_ACCESSIBILITY_LINK);
	put_footer_link(o, x, version_of_url(x, "sitemap/"), MSG_SITEMAP);
	put_footer_link(o, x, version_of_url(x, "a-z/"), MSG_A_TO_Z);
	buf_puts(o, "</ul>\n<p>");
	html_texts(o, x->msg[MSG_FOOTER]);
	buf_puts(o, " ");
	html_texts(o, s->config.value[SET_NAME]);
	buf_puts(o, "</p>\n</div>\n</footer>\n");
}

/* The page's full address, from base_url. */
static void
put_address(struct buf *o, const struct site *s, const struct page *pg)
{
	const char	*base = s->config.value[SET_BASE_URL];
	size_t		 n = strlen(base);

	html_url(o, base);
	if (n > 0 && base[n - 1] != '/')
		buf_putc(o, '/');
	html_url(o, pg->url);
}

/* rel=alternate for each language the page is really translated into. */
static void
put_alternates(struct buf *o, const struct ctx *x)
{
	const struct config *c = &x->site->config;
	const struct page *orig, *v;
	size_t	 i, real = 0;

	if (x->page == NULL || c->nlang < 2 ||
	    (orig = site_original(x->site, x->page)) == NULL)
		return;
	site_pin(orig);
	for (i = 0; i < c->nlang; i++)
		if ((v = site_version(x->site, orig, i)) != NULL &&
		    !v->stand_in)
			real++;
	for (i = 0; real > 1 && i < c->nlang; i++) {
		if ((v = site_version(x->site, orig, i)) == NULL ||
		    v->stand_in)
			continue;
		buf_puts(o, "<link rel=\"alternate\" hreflang=\"");
		html_attrs(o, c->lang[i].code);
		buf_puts(o, "\" href=\"");
		put_address(o, x->site, v);
		buf_puts(o, "\">\n");
	}
	site_unpin(orig);
}

static void
ctx_init(struct ctx *x, const struct site *s, const struct layout *l)
{
	x->site = s;
	x->l = l;
	x->page = l->page;
	x->lang = l->page != NULL ? l->page->lang : 0;
	x->msg = s->config.lang[x->lang].msg;
}

void
layout_head(struct buf *o, const struct site *s, const struct layout *l)
{
	const struct config *c = &s->config;
	const struct page *pg = l->page;
	struct ctx	 x;

	ctx_init(&x, s, l);
	buf_puts(o, "<!DOCTYPE html>\n<html lang=\"");
	html_attrs(o, pg != NULL && pg->meta.lang != NULL ? pg->meta.lang :
	    c->lang[x.lang].code);
	buf_puts(o, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"" CSP
	    "\">\n<title>");
	html_texts(o, l->title);
	if (strcmp(l->title, c->value[SET_NAME]) != 0) {
		buf_puts(o, " - ");
		html_texts(o, c->value[SET_NAME]);
	}
	buf_puts(o, "</title>\n");
	if (pg != NULL && pg->meta.description != NULL) {
		buf_puts(o, "<meta name=\"description\" content=\"");
		html_attrs(o, pg->meta.description);
		buf_puts(o, "\">\n");
	}
	put_alternates(o, &x);
	buf_puts(o, "<link rel=\"stylesheet\" ");
	put_href(o, &x, "style.css");
	buf_puts(o, ">\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">");
	html_texts(o, x.msg[MSG_SKIP_LINK]);
	buf_puts(o, "</a>\n<header class=\"site-header\">\n<div class=\"wrap\">"
	    "\n<a class=\"site-name\" ");
	put_href(o, &x, s->home != NULL ? version(&x, s->home)->url : "");
	buf_putc(o, '>');
	html_texts(o, c->value[SET_NAME]);
	buf_puts(o, "</a>\n");
	put_languages(o, &x);
	put_menu(o, &x);
	buf_puts(o, "</div>\n</header>\n<div class=\"wrap\">\n");
	if (pg != NULL)
		put_breadcrumbs(o, &x);
	buf_puts(o, "<main id=\"main\" tabindex=\"-1\"");
	if (pg != NULL && pg->meta.easy_read)
		buf_puts(o, " class=\"easy-read\"");
	buf_puts(o, ">\n<h1");
	if (pg != NULL && pg->stand_in) {
		/* The title is the untranslated page's, in its language. */
		buf_puts(o, " lang=\"");
		html_attrs(o, c->lang[0].code);
		buf_putc(o, '"');
	}
	buf_putc(o, '>');
	html_texts(o, l->title);
	buf_puts(o, "</h1>\n");
	if (pg != NULL && pg->meta.description != NULL) {
		buf_puts(o, "<p class=\"lead\">");
		html_texts(o, pg->meta.description);
		buf_puts(o, "</p>\n");
	}
	if (l->md != NULL && l->md->ntoc >= LAYOUT_CONTENTS_MIN)
		put_contents(o, &x, l->md);
}

void
layout_foot(struct buf *o, const struct site *s, const struct layout *l)
{
	const struct page *pg = l->page;
	struct ctx	 x;

	ctx_init(&x, s, l);
	if (pg != NULL && pg->meta.updated != NULL) {
		buf_puts(o, "<p class=\"updated\">");
		html_texts(o, x.msg[MSG_UPDATED]);
		buf_putc(o, ' ');
		put_date(o, &x, pg->meta.updated);
		buf_puts(o, "</p>\n");
	}
	if (pg != NULL) {
		buf_puts(o, "<p class=\"print-only\">");
		html_texts(o, x.msg[MSG_PAGE_ADDRESS]);
		buf_putc(o, ' ');
		put_address(o, s, pg);
		buf_puts(o, "</p>\n");
	}
	put_pagination(o, &x);
	buf_puts(o, "</main>\n</div>\n");
	put_footer(o, &x);
	buf_puts(o, "</body>\n</html>\n");
}

void
layout_page(struct buf *o, const struct site *s, const struct layout *l)
{
	layout_head(o, s, l);
	if (l->md != NULL)
		buf_put(o, buf_str(&l->md->body), l->md->body.len);
	if (l->body != NULL)
		buf_puts(o, l->body);	/* generated, already escaped */
	layout_foot(o, s, l);
}
