#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "html.h"
#include "links.h"
#include "listing.h"
#include "markdown.h"
#include "site.h"
#include "sink.h"

enum listing {
	LISTING_SITEMAP,
	LISTING_A_TO_Z,
	LISTING__MAX
};

static const struct {
	const char	*path;	/* site path in the site's language */
	enum msg	 title;
} listings[LISTING__MAX] = {
	[LISTING_SITEMAP] = { "sitemap/", MSG_SITEMAP },
	[LISTING_A_TO_Z] = { "a-z/", MSG_A_TO_Z },
};

/* Each page's data: which listing it is. */
static const enum listing kinds[LISTING__MAX] = { LISTING_SITEMAP,
    LISTING_A_TO_Z };

static int
listing_scan(struct site *site, struct diag *d)
{
	const struct config *c = &site->config;
	struct buf	 url = BUF_INIT, src = BUF_INIT, orig = BUF_INIT;
	struct page	*pg;
	size_t		 k, lang;
	int		 rc = 0;

	for (k = 0; k < LISTING__MAX && rc == 0; k++) {
		for (lang = 0; lang < c->nlang && rc == 0; lang++) {
			buf_truncate(&url, 0);
			buf_truncate(&src, 0);
			buf_truncate(&orig, 0);
			if (lang > 0)
				buf_printf(&url, "%s/", c->lang[lang].code);
			buf_puts(&url, listings[k].path);
			buf_printf(&src, "@listing/%s/%s", c->lang[lang].code,
			    listings[k].path);
			buf_printf(&orig, "@listing/%s/%s", c->lang[0].code,
			    listings[k].path);
			if (url.err || src.err || orig.err || (pg = site_add_page(
			    site, buf_str(&src), "its list of all pages",
			    buf_str(&url), d)) == NULL) {
				rc = -1;
				break;
			}
			pg->gen = &listing_generator;
			pg->data = (void *)&kinds[k];
			pg->lang = lang;
			pg->ok = 1;
			pg->meta.title = strdup(c->lang[lang].msg[
			    listings[k].title]);
			if (pg->meta.title == NULL)
				rc = -1;
			if (lang > 0) {
				pg->translation = 1;
				if ((pg->original = strdup(buf_str(&orig))) ==
				    NULL)
					rc = -1;
			}
		}
	}
	buf_free(&url);
	buf_free(&src);
	buf_free(&orig);
	return rc;
}

/* A link from the listing (at depth) to pg, its title in its language. */
static void
put_item(struct buf *o, const struct site *site, size_t depth,
    const struct page *pg)
{
	size_t	 i;

	buf_puts(o, "<a href=\"");
	for (i = 0; i < depth; i++)
		buf_puts(o, "../");
	html_url(o, pg->url);
	if (depth == 0 && *pg->url == '\0')
		buf_puts(o, "./");
	buf_putc(o, '"');
	if (pg->stand_in) {
		buf_puts(o, " lang=\"");
		html_attrs(o, site->config.lang[0].code);
		buf_putc(o, '"');
	}
	buf_putc(o, '>');
	html_texts(o, pg->meta.title);
	buf_puts(o, "</a>");
}

/*
 * The group a title is listed under, into key (NUL-terminated): an ASCII
 * letter in upper case, "0-9" for a digit, else the title's first character.
 */
static void
initial(const char *title, char key[8])
{
	const unsigned char *t = (const unsigned char *)title;
	size_t	 n = 1;

	if (*t >= 'a' && *t <= 'z')
		snprintf(key, 8, "%c", *t - 'a' + 'A');
	else if (*t >= '0' && *t <= '9')
		snprintf(key, 8, "0-9");
	else {
		if (*t >= 0xc0)
			while (n < 4 && (t[n] & 0xc0) == 0x80)
				n++;
		memcpy(key, t, n);
		key[n] = '\0';
	}
}

/* An id for group key: "letter-a", "digits", or the bytes in hex. */
static void
initial_id(const char *key, char id[24])
{
	const unsigned char *k = (const unsigned char *)key;
	size_t	 i, len = 0;

	if (*k >= 'A' && *k <= 'Z' && k[1] == '\0')
		snprintf(id, 24, "letter-%c", *k - 'A' + 'a');
	else if (strcmp(key, "0-9") == 0)
		snprintf(id, 24, "digits");
	else {
		len = (size_t)snprintf(id, 24, "letter");
		for (i = 0; k[i] != '\0' && len + 3 < 24; i++)
			len += (size_t)snprintf(id + len, 24 - len, "-%02x",
			    k[i]);
	}
}

/*
 * Start the walk over the pages a listing at self lists, in its order:
 * those in self's language, by address for the site map and by title for
 * the A to Z. 0 or -1.
 */
static int
listing_walk(const struct site *site, const struct page *self)
{
	return site_walk(site, *(const enum listing *)self->data ==
	    LISTING_A_TO_Z ? PINDEX_LANG_BY_TITLE : PINDEX_LANG_BY_URL,
	    self->lang);
}

/*
 * The A to Z's groups, before its body is written: each initial's anchor
 * and its entry in the Contents list.
 */
static int
a_to_z_groups(struct md_page *out, const struct site *site, struct page *self)
{
	const struct page *pg;
	char		 id[24], key[8], last[8] = "";

	if (listing_walk(site, self) == -1)
		return -1;
	while ((pg = site_next(site)) != NULL) {
		if (pg == self)
			continue;
		initial(pg->meta.title, key);
		if (strcmp(key, last) == 0)
			continue;
		memcpy(last, key, sizeof(last));
		initial_id(key, id);
		if (page_add_anchor(self, id) == -1 ||
		    md_page_add_toc(out, id, key) == -1) {
			site_walk_end(site);
			return -1;
		}
	}
	return 0;
}

/* Pages listed by title under their initials, each initial an h2. */
static int
stream_a_to_z(struct sink *s, const struct site *site,
    const struct page *self)
{
	struct buf	*o = &s->buf;
	const struct page *pg;
	char		 id[24], key[8], last[8] = "";

	buf_puts(o, "<p>");
	html_texts(o, site->config.lang[self->lang].msg[MSG_A_TO_Z_INTRO]);
	buf_puts(o, "</p>\n");
	while ((pg = site_next(site)) != NULL) {
		if (pg == self)
			continue;
		initial(pg->meta.title, key);
		if (strcmp(key, last) != 0) {
			if (last[0] != '\0')
				buf_puts(o, "</ul>\n");
			memcpy(last, key, sizeof(last));
			initial_id(key, id);
			buf_printf(o, "<h2 id=\"%s\">", id);
			html_texts(o, key);
			buf_puts(o, "</h2>\n<ul>\n");
		}
		buf_puts(o, "<li>");
		put_item(o, site, self->depth, pg);
		buf_puts(o, "</li>\n");
		if (sink_step(s) == -1)
			return -1;
	}
	if (last[0] != '\0')
		buf_puts(o, "</ul>\n");
	return sink_step(s);
}

/* Pages listed by address, indented by depth. */
static int
stream_sitemap(struct sink *s, const struct site *site,
    const struct page *self)
{
	struct buf	*o = &s->buf;
	const struct page *pg;
	size_t		 top = self->depth - 1;

	buf_puts(o, "<p>");
	html_texts(o, site->config.lang[self->lang].msg[MSG_SITEMAP_INTRO]);
	buf_puts(o, "</p>\n<ul class=\"sitemap\">\n");
	while ((pg = site_next(site)) != NULL) {
		buf_printf(o, "<li class=\"depth-%zu\">", pg->depth - top);
		put_item(o, site, self->depth, pg);
		buf_puts(o, "</li>\n");
		if (sink_step(s) == -1)
			return -1;
	}
	buf_puts(o, "</ul>\n");
	return sink_step(s);
}

/*
 * A listing's body grows with the site, so it is never rendered whole:
 * render makes only the A to Z's Contents list and anchors; the body is
 * written by listing_stream.
 */
static int
listing_render(struct md_page *out, const struct site *site,
    struct page *self, struct links *links, struct diag *d)
{
	(void)links;
	(void)d;
	if (*(const enum listing *)self->data != LISTING_A_TO_Z)
		return 0;
	return a_to_z_groups(out, site, self);
}

static int
listing_stream(struct sink *out, const struct site *site,
    const struct page *self)
{
	int	 rc;

	if (listing_walk(site, self) == -1)
		return -1;
	if (*(const enum listing *)self->data == LISTING_SITEMAP)
		rc = stream_sitemap(out, site, self);
	else
		rc = stream_a_to_z(out, site, self);
	site_walk_end(site);
	return rc;
}

const struct generator listing_generator = {
	"listing", listing_scan, listing_render, NULL, listing_stream
};
