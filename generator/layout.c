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

static const char *const months[] = { "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October",
    "November", "December" };

/* Append an internal link's URL: the root prefix, then the site path. */
static void
put_href(struct buf *o, const struct layout *l, const char *url)
{
	buf_puts(o, "href=\"");
	html_url(o, l->root);
	html_url(o, url);
	if (*l->root == '\0' && *url == '\0')
		buf_puts(o, "./");
	buf_putc(o, '"');
}

static void
put_link(struct buf *o, const struct layout *l, const char *url,
    const char *text)
{
	buf_puts(o, "<a ");
	put_href(o, l, url);
	if (l->url != NULL && strcmp(l->url, url) == 0)
		buf_puts(o, " aria-current=\"page\"");
	buf_putc(o, '>');
	html_texts(o, text);
	buf_puts(o, "</a>");
}

static void
put_menu(struct buf *o, const struct site *s, const struct layout *l)
{
	const struct page *pg;
	size_t	 i;

	buf_puts(o, "<nav class=\"menu\" aria-label=\"");
	html_attrs(o, s->config.msg[MSG_MENU]);
	buf_puts(o, "\">\n<ul>\n<li>");
	put_link(o, l, "", s->config.msg[MSG_HOME]);
	buf_puts(o, "</li>\n");
	for (i = 0; i < s->nnav; i++) {
		pg = &s->pages[s->nav[i]];
		buf_puts(o, "<li>");
		put_link(o, l, pg->url, pg->meta.title);
		buf_puts(o, "</li>\n");
	}
	buf_puts(o, "</ul>\n</nav>\n");
}

/* Home, then each folder above the page that has a page of its own. */
static void
put_breadcrumbs(struct buf *o, const struct site *s, const struct layout *l)
{
	const struct page *up;
	const char	*u = l->url;
	size_t		 i;

	buf_puts(o, "<nav class=\"breadcrumbs\" aria-label=\"");
	html_attrs(o, s->config.msg[MSG_BREADCRUMBS]);
	buf_puts(o, "\">\n<ol>\n<li>");
	put_link(o, l, "", s->config.msg[MSG_HOME]);
	buf_puts(o, "</li>\n");
	for (i = 0; u[i] != '\0'; i++) {
		if (u[i] != '/' || u[i + 1] == '\0')
			continue;
		up = site_page_by_url(s, u, i + 1);
		if (up == NULL || !up->ok)
			continue;
		buf_puts(o, "<li>");
		put_link(o, l, up->url, up->meta.title);
		buf_puts(o, "</li>\n");
	}
	buf_puts(o, "<li aria-current=\"page\">");
	html_texts(o, l->title);
	buf_puts(o, "</li>\n</ol>\n</nav>\n");
}

static void
put_contents(struct buf *o, const struct site *s, const struct md_page *md)
{
	size_t	 i;

	buf_puts(o, "<nav class=\"contents\" aria-labelledby=\"contents-title"
	    "\">\n<h2 id=\"contents-title\">");
	html_texts(o, s->config.msg[MSG_CONTENTS]);
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

/* "2026-11-01" as "1 November 2026", in a <time> element. */
static void
put_date(struct buf *o, const char *iso)
{
	int	 m = (iso[5] - '0') * 10 + (iso[6] - '0');
	int	 d = (iso[8] - '0') * 10 + (iso[9] - '0');

	buf_puts(o, "<time datetime=\"");
	html_attrs(o, iso);
	buf_printf(o, "\">%d %s %.4s</time>", d, months[m - 1], iso);
}

static void
put_footer(struct buf *o, const struct site *s, const struct layout *l)
{
	const struct config *c = &s->config;

	buf_puts(o, "<footer class=\"site-footer\">\n<div class=\"wrap\">\n"
	    "<p>");
	html_texts(o, c->msg[MSG_OMBUDSMAN_NOTE]);
	buf_puts(o, " <a ");
	put_href(o, l, s->ombudsman ? s->ombudsman->url : "");
	buf_putc(o, '>');
	html_texts(o, c->msg[MSG_OMBUDSMAN_LINK]);
	buf_puts(o, "</a></p>\n<ul>\n<li>");
	put_link(o, l, s->accessibility ? s->accessibility->url : "",
	    c->msg[MSG_ACCESSIBILITY_LINK]);
	buf_puts(o, "</li>\n<li>");
	put_link(o, l, "sitemap/", c->msg[MSG_SITEMAP]);
	buf_puts(o, "</li>\n</ul>\n<p>");
	html_texts(o, c->msg[MSG_FOOTER]);
	buf_puts(o, " ");
	html_texts(o, c->value[SET_NAME]);
	buf_puts(o, "</p>\n</div>\n</footer>\n");
}

void
layout_page(struct buf *o, const struct site *s, const struct layout *l)
{
	const struct config *c = &s->config;

	buf_puts(o, "<!DOCTYPE html>\n<html lang=\"");
	html_attrs(o, l->lang);
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
	if (l->description != NULL) {
		buf_puts(o, "<meta name=\"description\" content=\"");
		html_attrs(o, l->description);
		buf_puts(o, "\">\n");
	}
	buf_puts(o, "<link rel=\"stylesheet\" ");
	put_href(o, l, "style.css");
	buf_puts(o, ">\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">");
	html_texts(o, c->msg[MSG_SKIP_LINK]);
	buf_puts(o, "</a>\n<header class=\"site-header\">\n<div class=\"wrap\">"
	    "\n<a class=\"site-name\" ");
	put_href(o, l, "");
	buf_putc(o, '>');
	html_texts(o, c->value[SET_NAME]);
	buf_puts(o, "</a>\n");
	put_menu(o, s, l);
	buf_puts(o, "</div>\n</header>\n<div class=\"wrap\">\n");
	if (l->url != NULL && *l->url != '\0')
		put_breadcrumbs(o, s, l);
	buf_puts(o, "<main id=\"main\" tabindex=\"-1\">\n<h1>");
	html_texts(o, l->title);
	buf_puts(o, "</h1>\n");
	if (l->description != NULL) {
		buf_puts(o, "<p class=\"lead\">");
		html_texts(o, l->description);
		buf_puts(o, "</p>\n");
	}
	if (l->md != NULL && l->md->ntoc >= LAYOUT_CONTENTS_MIN)
		put_contents(o, s, l->md);
	if (l->md != NULL)
		buf_put(o, buf_str(&l->md->body), l->md->body.len);
	if (l->body != NULL)
		buf_puts(o, l->body);	/* generated, already escaped */
	if (l->page != NULL && l->page->meta.updated != NULL) {
		buf_puts(o, "<p class=\"updated\">");
		html_texts(o, c->msg[MSG_UPDATED]);
		buf_putc(o, ' ');
		put_date(o, l->page->meta.updated);
		buf_puts(o, "</p>\n");
	}
	buf_puts(o, "</main>\n</div>\n");
	put_footer(o, s, l);
	buf_puts(o, "</body>\n</html>\n");
}
