#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "links.h"
#include "site.h"

int
links_add(struct links *l, size_t target, const char *anchor, size_t n,
    const char *file, size_t line, size_t col)
{
	struct link_check *p;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		if ((p = realloc(l->v, l->cap * sizeof(*p))) == NULL)
			return -1;
		l->v = p;
	}
	p = &l->v[l->n];
	if ((p->anchor = strndup(anchor, n)) == NULL)
		return -1;
	p->target = target;
	p->file = file;
	p->line = line;
	p->col = col;
	l->n++;
	return 0;
}

size_t
links_verify(const struct links *l, const struct site *site, struct diag *d)
{
	const struct link_check *c;
	const struct page *pg;
	size_t	 i, bad = 0;

	for (i = 0; i < l->n; i++) {
		c = &l->v[i];
		pg = &site->pages[c->target];
		if (!pg->rendered || page_has_anchor(pg, c->anchor,
		    strlen(c->anchor)))
			continue;
		diag_error(d, c->file, c->line, c->col, "link to '#%s' on "
		    "%s, but that page has no heading with that anchor; check "
		    "the heading's words", c->anchor, pg->src);
		bad++;
	}
	return bad;
}

void
links_free(struct links *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].anchor);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int
page_add_anchor(struct page *pg, const char *id)
{
	size_t	 n = strlen(id) + 1;
	char	*p;

	if ((p = realloc(pg->anchors, pg->anchors_len + n)) == NULL)
		return -1;
	memcpy(p + pg->anchors_len, id, n);
	pg->anchors = p;
	pg->anchors_len += n;
	return 0;
}

int
page_has_anchor(const struct page *pg, const char *s, size_t n)
{
	size_t	 off = 0, len;

	while (off < pg->anchors_len) {
		len = strlen(pg->anchors + off);
		if (len == n && memcmp(pg->anchors + off, s, n) == 0)
			return 1;
		off += len + 1;
	}
	return 0;
}
