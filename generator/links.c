#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "diag.h"
#include "links.h"
#include "site.h"

static uint64_t anchor_hash(const char *, size_t);

int
links_add(struct links *l, size_t target, const char *anchor, size_t n,
    const char *file, size_t line, size_t col)
{
	return pindex_link(l->site->index, target, anchor_hash(anchor, n),
	    anchor, n, file, line, col);
}

static void
report(void *arg, const char *anchor, const char *file, size_t line,
    size_t col, const char *src)
{
	diag_error(arg, file, line, col, "link to '#%s' on %s, but that page "
	    "has no heading with that anchor; check the heading's words",
	    anchor, src);
}

size_t
links_verify(const struct links *l, struct diag *d)
{
	long	 n = pindex_missing_anchors(l->site->index, report, d);

	return n < 0 ? (size_t)-1 : (size_t)n;
}

/*
 * A page's anchors are kept as 64-bit hashes, not as text: a site of
 * 10,000 pages has some 100,000 of them, all kept (in the page index)
 * until the links are checked.
 * The hash is SipHash with a fixed key, so the same ids give the same
 * answers on every run; two different ids share a hash with a chance of
 * about one in 2^64.
 */
static uint64_t
anchor_hash(const char *s, size_t n)
{
	static const unsigned char key[crypto_shorthash_KEYBYTES];
	unsigned char	 h[crypto_shorthash_BYTES];
	uint64_t	 v;

	(void)crypto_shorthash(h, (const unsigned char *)s, n, key);
	memcpy(&v, h, sizeof(v));
	return v;
}

int
page_add_anchor(struct page *pg, const char *id)
{
	uint64_t v = anchor_hash(id, strlen(id));
	char	*p;

	if ((p = realloc(pg->anchors, pg->anchors_len + sizeof(v))) == NULL)
		return -1;
	memcpy(p + pg->anchors_len, &v, sizeof(v));
	pg->anchors = p;
	pg->anchors_len += sizeof(v);
	return 0;
}

int
page_has_anchor(const struct page *pg, const char *s, size_t n)
{
	return anchors_have(pg->anchors, pg->anchors_len, anchor_hash(s, n));
}
