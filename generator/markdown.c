#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
/* cmark_release_plugins, exported but declared only in this header. */
#include <cmark-gfm/registry.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "html.h"
#include "links.h"
#include "markdown.h"
#include "site.h"
#include "strmap.h"

static const char *const extension_names[] = { "table", "autolink",
    "strikethrough", "tagfilter" };

/* Ids the page layout uses itself, which headings must not take. */
static const char *const reserved_ids[] = { "main", "contents",
    "contents-title", "menu", "top" };

/* The node types of the extensions, found by name at markdown_init. */
static cmark_node_type type_table, type_row, type_cell, type_strike;

struct heading {
	char	*id;
	int	 level;
};

/* The state of checking and rendering one page. */
struct render {
	const struct site *site;
	struct page	*page;
	struct links	*links;
	struct diag	*diag;
	size_t		 line0;		/* lines before the body */
	int		 rc;
	struct heading	*headings;	/* every heading, in order */
	size_t		 nheadings, cap;
	size_t		 next_heading;	/* while rendering */
	struct strmap	 ids;		/* ids taken, each with its last suffix */
	cmark_node	**texts;	/* text nodes holding "{{" */
	int		 may_vars;	/* the source may spell "{{" */
	size_t		 ntexts, cap_texts;
	struct buf	 scratch;
	/* While rendering a table: its header cells' words. */
	char		**labels;
	size_t		 nlabels, cap_labels;
	size_t		 cell;		/* column of the next cell */
	int		 in_head;	/* rendering the header row */
	struct md_page	*out;
};

void
markdown_init(void)
{
	static int	 done;
	cmark_parser	*p;
	cmark_node	*doc, *n;
	static const char probe[] = "|a|\n|-|\n|b|\n\n~x~\n";
	size_t		 i;

	if (done++)
		return;
	cmark_gfm_core_extensions_ensure_registered();
	/* cmark-gfm cannot register its extensions twice: free them last. */
	atexit(markdown_fini);
	/* Learn the extension node types from a tiny document. */
	p = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (i = 0; i < sizeof(extension_names) / sizeof(*extension_names);
	    i++)
		cmark_parser_attach_syntax_extension(p,
		    cmark_find_syntax_extension(extension_names[i]));
	cmark_parser_feed(p, probe, sizeof(probe) - 1);
	doc = cmark_parser_finish(p);
	n = cmark_node_first_child(doc);
	type_table = cmark_node_get_type(n);
	type_row = cmark_node_get_type(cmark_node_first_child(n));
	type_cell = cmark_node_get_type(cmark_node_first_child(
	    cmark_node_first_child(n)));
	type_strike = cmark_node_get_type(cmark_node_first_child(
	    cmark_node_next(n)));
	cmark_node_free(doc);
	cmark_parser_free(p);
}

static void error_at(struct render *, cmark_node *, size_t, const char *,
    ...) __attribute__((format(printf, 4, 5)));

/* Report an error at node's place in the file (plus extra_col columns). */
static void
error_at(struct render *r, cmark_node *node, size_t extra_col,
    const char *fmt, ...)
{
	struct buf	 msg = BUF_INIT;
	va_list		 ap;
	size_t	 line = (size_t)cmark_node_get_start_line(node);
	size_t	 col = (size_t)cmark_node_get_start_column(node);

	if (line == 0) {
		/* Soft breaks carry no position: use the parent's. */
		cmark_node *p = cmark_node_parent(node);
		line = p ? (size_t)cmark_node_get_start_line(p) : 1;
		col = p ? (size_t)cmark_node_get_start_column(p) : 1;
	}
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diag_error(r->diag, r->page->file, r->line0 + line, col + extra_col,
	    "%s", buf_str(&msg));
	buf_free(&msg);
	r->rc = -1;
}

/* Append the plain words under node (text and code, not markup) to out. */
static void
plain_text(struct buf *out, cmark_node *node)
{
	cmark_iter	*it = cmark_iter_new(node);
	cmark_event_type ev;
	cmark_node	*n;
	const char	*lit;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if ((lit = cmark_node_get_literal(n)) != NULL)
				buf_puts(out, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

void
markdown_slug(struct buf *out, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t	 start = out->len;
	int	 dash = 0;

	for (; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s >= 0x80 || *s == '_') {
			if (dash && out->len > start)
				buf_putc(out, '-');
			dash = 0;
			buf_putc(out, (char)*s);
		} else if (*s >= 'A' && *s <= 'Z') {
			if (dash && out->len > start)
				buf_putc(out, '-');
			dash = 0;
			buf_putc(out, (char)(*s - 'A' + 'a'));
		} else if (*s == ' ' || *s == '-' || *s == '\t')
			dash = 1;
	}
	if (out->len == start)
		buf_puts(out, "section");
}

/*
 * Record a heading: its unique id becomes one of the page's anchors. A
 * repeated id gets "-2", "-3" ...; the map remembers the last suffix of each
 * id, so n repeats cost time linear in n.
 */
static void
add_heading(struct render *r, cmark_node *node, int level)
{
	struct buf	 text = BUF_INIT, id = BUF_INIT, base = BUF_INIT;
	struct heading	*h;
	size_t		*last, n;

	plain_text(&text, node);
	markdown_slug(&id, buf_str(&text));
	if ((last = strmap_get(&r->ids, buf_str(&id))) != NULL) {
		buf_puts(&base, buf_str(&id));
		n = *last;
		do {
			buf_truncate(&id, 0);
			buf_printf(&id, "%s-%zu", buf_str(&base), ++n);
		} while (strmap_get(&r->ids, buf_str(&id)) != NULL);
		*last = n;
	}
	if (id.err || base.err || strmap_put(&r->ids, buf_str(&id), 1) == -1) {
		r->rc = -1;
		goto out;
	}
	if (r->nheadings == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		h = realloc(r->headings, r->cap * sizeof(*h));
		if (h == NULL) {
			r->rc = -1;
			goto out;
		}
		r->headings = h;
	}
	if (id.err || page_add_anchor(r->page, buf_str(&id)) == -1) {
		r->rc = -1;
		goto out;
	}
	h = &r->headings[r->nheadings++];
	h->level = level;
	h->id = buf_detach(&id);
	if (level == 2 && md_page_add_toc(r->out, h->id, buf_str(&text)) ==
	    -1)
		r->rc = -1;
out:
	buf_free(&text);
	buf_free(&id);
	buf_free(&base);
}

/*
 * Resolve a.b/c/../d against folder dir (ending '/' or empty) into out,
 * dropping "." and resolving "..". Returns -1 if it climbs above pages/.
 */
static int
resolve_path(struct buf *out, const char *dir, const char *path, size_t n)
{
	struct buf	 full = BUF_INIT;
	const char	*s, *seg, *end;
	size_t		 len;
	int		 rc = 0;

	buf_puts(&full, dir);
	buf_put(&full, path, n);
	s = buf_str(&full);
	end = s + full.len;
	while (s < end) {
		seg = s;
		while (s < end && *s != '/')
			s++;
		len = (size_t)(s - seg);
		if (len == 0 || (len == 1 && seg[0] == '.')) {
			/* skip */
		} else if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			if (out->len == 0) {
				rc = -1;
				break;
			}
			buf_truncate(out, out->len - 1);
			while (out->len > 0 && buf_str(out)[out->len - 1] != '/')
				buf_truncate(out, out->len - 1);
		} else {
			buf_put(out, seg, len);
			if (s < end)
				buf_putc(out, '/');
		}
		if (s < end)
			s++;
	}
	buf_free(&full);
	return rc;
}

/* The relative URL from the current page to site path target. */
static void
relative_url(struct buf *out, const struct page *from, const char *target)
{
	size_t	 i;

	for (i = 0; i < from->depth; i++)
		buf_puts(out, "../");
	buf_puts(out, target);
	if (out->len == 0)
		buf_puts(out, "./");
}

static int
has_suffix(const char *s, size_t n, const char *suffix)
{
	size_t	 k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/*
 * Check a link or picture address and rewrite it in place: internal ones
 * become relative URLs, anchors are queued for checking. image: the address
 * must be a file under pages/.
 */
static void
check_url(struct render *r, cmark_node *node, int image)
{
	const char	*url = cmark_node_get_url(node);
	const char	*hash, *p;
	struct buf	 path = BUF_INIT, dir = BUF_INIT, out = BUF_INIT;
	struct page	*target = NULL;
	size_t		 n, plen;
	const char	*what = image ? "picture" : "link";

	if (url == NULL || *url == '\0') {
		error_at(r, node, 0, "%s has no address; put it between the "
		    "brackets: (policy.md)", what);
		return;
	}
	/* A scheme is letters before a ':' that comes before any '/'. */
	for (p = url; *p != '\0' && *p != ':' && *p != '/' && *p != '#' &&
	    *p != '?'; p++)
		;
	if (*p == ':') {
		n = (size_t)(p - url);
		if (!image && n == 4 && strncmp(url, "lang", 4) == 0) {
			/* [words](lang:cy): a passage in another language. */
			size_t k = strlen(p + 1);
			if (k < 2 || k > 3 || strspn(p + 1,
			    "abcdefghijklmnopqrstuvwxyz") != k)
				error_at(r, node, 0, "'%s' does not name a "
				    "language; write a language code such as "
				    "lang:cy or lang:pl", url);
			return;
		}
		if (image)
			error_at(r, node, 0, "picture '%s' is on another web "
			    "site; save it under pages/ and link to the file, "
			    "so the page makes no requests to other sites",
			    url);
		else if (!((n == 5 && strncmp(url, "https", 5) == 0) ||
		    (n == 4 && strncmp(url, "http", 4) == 0) ||
		    (n == 6 && strncmp(url, "mailto", 6) == 0) ||
		    (n == 3 && strncmp(url, "tel", 3) == 0)))
			error_at(r, node, 0, "link address '%s' is not allowed;"
			    " use https:, http:, mailto: or tel: addresses, or "
			    "a page's file name", url);
		return;
	}
	if (strncmp(url, "//", 2) == 0) {
		error_at(r, node, 0, "link address '%s' has no scheme; write "
		    "it in full, starting https://", url);
		return;
	}
	hash = strchr(url, '#');
	plen = hash ? (size_t)(hash - url) : strlen(url);
	if (plen == 0) {
		/* "#anchor" on this page. */
		if (links_add(r->links, r->page->id,
		    hash + 1, strlen(hash + 1), r->page->file,
		    r->line0 + (size_t)cmark_node_get_start_line(node),
		    (size_t)cmark_node_get_start_column(node)) == -1)
			r->rc = -1;
		return;
	}
	if (url[0] == '/') {
		if (resolve_path(&path, "", url + 1, plen - 1) == -1)
			goto above;
	} else {
		buf_puts(&dir, r->page->src);
		while (dir.len > 0 && buf_str(&dir)[dir.len - 1] != '/')
			buf_truncate(&dir, dir.len - 1);
		if (resolve_path(&path, buf_str(&dir), url, plen) == -1)
			goto above;
	}
	p = buf_str(&path);
	n = path.len;
	if (!image && has_suffix(url, plen, ".md"))
		target = site_page_by_src(r->site, p, n);
	else if (!image && url[0] == '/' && (plen == 1 || url[plen - 1] ==
	    '/' || !site_has_asset(r->site, p, n))) {
		/* A site path such as /policy/ or /policy. */
		if (n > 0 && p[n - 1] != '/')
			buf_putc(&path, '/');
		p = buf_str(&path);
		target = site_page_by_url(r->site, p, strlen(p));
		n = strlen(p);
	}
	if (target != NULL && !target->translation && r->page->lang > 0) {
		/* From a translation, to the same language where it exists. */
		const struct page *v = site_version(r->site, target,
		    r->page->lang);
		if (v != NULL && !v->stand_in)
			target = site_page(r->site, v->id);
	}
	if (target != NULL) {
		relative_url(&out, r->page, target->url);
		if (hash != NULL && hash[1] != '\0' &&
		    links_add(r->links, target->id,
		    hash + 1, strlen(hash + 1), r->page->file,
		    r->line0 + (size_t)cmark_node_get_start_line(node),
		    (size_t)cmark_node_get_start_column(node)) == -1)
			r->rc = -1;
	} else if (site_has_asset(r->site, p, n) && !has_suffix(p, n, "/")) {
		relative_url(&out, r->page, p);
	} else {
		if (image)
			error_at(r, node, 0, "picture '%s' is not a file under "
			    "pages/; check the name and folder", url);
		else if (has_suffix(url, plen, ".md") || url[0] == '/')
			error_at(r, node, 0, "link to '%s' goes to no page; "
			    "check the file name and folder", url);
		else
			error_at(r, node, 0, "link to '%s' goes to no page or "
			    "file; link to a page by its file name, such as "
			    "'policy.md'", url);
		goto out;
	}
	if (hash != NULL)
		buf_puts(&out, hash);
	if (out.err)
		r->rc = -1;
	else
		cmark_node_set_url(node, buf_str(&out));
	goto out;
above:
	error_at(r, node, 0, "%s to '%s' goes above the pages folder; check "
	    "the '../' parts", what, url);
out:
	buf_free(&path);
	buf_free(&dir);
	buf_free(&out);
}

static int
has_ancestor_link(cmark_node *n)
{
	while ((n = cmark_node_parent(n)) != NULL)
		if (cmark_node_get_type(n) == CMARK_NODE_LINK)
			return 1;
	return 0;
}

/* The link a variable's value should have, into out (empty: none). */
static void
variable_link(struct buf *out, const char *name, size_t len, const char *v)
{
	const char	*s;

	if (strncmp(v, "https://", 8) == 0 || strncmp(v, "http://", 7) == 0)
		buf_puts(out, v);
	else if (strchr(v, '@') != NULL && strchr(v, ' ') == NULL) {
		buf_puts(out, "mailto:");
		buf_puts(out, v);
	} else if (has_suffix(name, len, ".phone")) {
		buf_puts(out, "tel:");
		for (s = v; *s != '\0'; s++)
			if ((*s >= '0' && *s <= '9') || (*s == '+' &&
			    s == v))
				buf_putc(out, *s);
	}
}

/*
 * Replace each {{ name }} in a text node by its value from site.yaml: web
 * and e-mail addresses and phone numbers become links unless the text is
 * already inside one.
 */
static void
substitute(struct render *r, cmark_node *node)
{
	const char	*lit = cmark_node_get_literal(node);
	struct buf	 text = BUF_INIT, rest = BUF_INIT, link = BUF_INIT;
	struct buf	 names = BUF_INIT;
	const char	*open, *close, *name, *value, *s;
	cmark_node	*after = node, *ln, *lt, *tail;
	size_t		 len, col = 0;
	int		 in_link = has_ancestor_link(node);

	if (lit == NULL || (s = strstr(lit, "{{")) == NULL)
		return;
	buf_puts(&rest, lit);
	s = buf_str(&rest);
	while ((open = strstr(s, "{{")) != NULL) {
		buf_put(&text, s, (size_t)(open - s));
		if ((close = strstr(open + 2, "}}")) == NULL) {
			error_at(r, node, col + (size_t)(open - s), "'{{' is not "
			    "closed; write {{ name }}");
			goto out;
		}
		for (name = open + 2; *name == ' '; name++)
			;
		for (len = (size_t)(close - name); len > 0 &&
		    name[len - 1] == ' '; len--)
			;
		if ((value = config_variable(&r->site->config, name, len)) ==
		    NULL) {
			struct buf nm = BUF_INIT;
			buf_put(&nm, name, len);
			buf_truncate(&names, 0);
			config_variable_names(&names);
			error_at(r, node, col + (size_t)(open - s), "unknown "
			    "name '{{ %s }}'; the names are %s", buf_str(&nm),
			    buf_str(&names));
			buf_free(&nm);
			col += (size_t)(close + 2 - s);
			s = close + 2;
			continue;
		}
		buf_truncate(&link, 0);
		if (!in_link)
			variable_link(&link, name, len, value);
		if (link.len == 0 || *value == '\0') {
			buf_puts(&text, value);
		} else {
			/* Text so far stays in this node; the link follows. */
			ln = cmark_node_new(CMARK_NODE_LINK);
			lt = cmark_node_new(CMARK_NODE_TEXT);
			tail = cmark_node_new(CMARK_NODE_TEXT);
			cmark_node_set_url(ln, buf_str(&link));
			cmark_node_set_literal(lt, value);
			cmark_node_append_child(ln, lt);
			cmark_node_set_literal(after, buf_str(&text));
			cmark_node_insert_after(after, ln);
			cmark_node_insert_after(ln, tail);
			after = tail;
			buf_truncate(&text, 0);
		}
		col += (size_t)(close + 2 - s);
		s = close + 2;
	}
	buf_puts(&text, s);
	cmark_node_set_literal(after, buf_str(&text));
out:
	buf_free(&text);
	buf_free(&rest);
	buf_free(&link);
	buf_free(&names);
}

static void
remember_text(struct render *r, cmark_node *n)
{
	const char	*lit = cmark_node_get_literal(n);
	cmark_node	**p;

	if (lit == NULL || strstr(lit, "{{") == NULL)
		return;
	if (r->ntexts == r->cap_texts) {
		r->cap_texts = r->cap_texts ? r->cap_texts * 2 : 16;
		if ((p = realloc(r->texts, r->cap_texts * sizeof(*p))) ==
		    NULL) {
			r->rc = -1;
			return;
		}
		r->texts = p;
	}
	r->texts[r->ntexts++] = n;
}

/* Is paragraph p an Easy Read row: at the top level, opening with a picture? */
static int
easy_read_row(const struct render *r, cmark_node *p)
{
	cmark_node	*parent = cmark_node_parent(p);
	cmark_node	*first = cmark_node_first_child(p);

	return r->page->meta.easy_read && parent != NULL &&
	    cmark_node_get_type(parent) == CMARK_NODE_DOCUMENT &&
	    first != NULL && cmark_node_get_type(first) == CMARK_NODE_IMAGE;
}

/*
 * Easy Read: every top-level paragraph opens with its picture, and no
 * sentence is longer than EASY_READ_WORDS_MAX words.
 */
static void
check_easy_read(struct render *r, cmark_node *p)
{
	struct buf	 text = BUF_INIT;
	cmark_node	*child;
	const char	*s, *start;
	size_t		 words;
	int		 in_word;

	if (cmark_node_get_type(cmark_node_parent(p)) ==
	    CMARK_NODE_DOCUMENT && !easy_read_row(r, p))
		error_at(r, p, 0, "in an Easy Read page each paragraph starts "
		    "with its picture: ![what it shows](picture.svg) then the "
		    "words");
	/* The words, without the pictures' descriptions. */
	for (child = cmark_node_first_child(p); child != NULL;
	    child = cmark_node_next(child))
		if (cmark_node_get_type(child) != CMARK_NODE_IMAGE)
			plain_text(&text, child);
	start = s = buf_str(&text);
	words = 0;
	in_word = 0;
	for (;; s++) {
		if (*s == '\0' || *s == ' ' || *s == '\n' || *s == '\t') {
			if (in_word)
				words++;
			in_word = 0;
		} else
			in_word = 1;
		if (*s == '\0' || ((s[0] == '.' || s[0] == '!' ||
		    s[0] == '?') && (s[1] == ' ' || s[1] == '\0' ||
		    s[1] == '\n'))) {
			if (in_word && *s != '\0') {
				words++;
				in_word = 0;
			}
			if (words > EASY_READ_WORDS_MAX) {
				while (*start == ' ' || *start == '\n')
					start++;
				error_at(r, p, 0, "a sentence has %zu words; Easy "
				    "Read sentences have at most %d, so split "
				    "'%.40s...'", words, EASY_READ_WORDS_MAX,
				    start);
			}
			words = 0;
			start = s + 1;
			if (*s == '\0')
				break;
		}
	}
	buf_free(&text);
}

/* The first pass: every check, and the rewriting of links and variables. */
static void
check(struct render *r, cmark_node *doc)
{
	cmark_iter	*it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node	*n;
	cmark_node_type	 t;
	struct buf	*alt = &r->scratch;
	const char	*lit, *title;
	int		 level, last = 1;
	size_t		 depth = 0, i;

	/* Variables first, so headings and links see the final words. */
	while (r->may_vars && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(
		    cmark_iter_get_node(it)) == CMARK_NODE_TEXT)
			remember_text(r, cmark_iter_get_node(it));
	for (i = 0; i < r->ntexts; i++)
		substitute(r, r->texts[i]);
	cmark_iter_free(it);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		t = cmark_node_get_type(n);
		if (t == type_table && ev == CMARK_EVENT_ENTER &&
		    cmark_gfm_extensions_get_table_columns(n) >
		    MARKDOWN_COLUMNS_MAX)
			error_at(r, n, 0, "the table has %u columns; the limit "
			    "is %d, so split it into smaller tables",
			    (unsigned)cmark_gfm_extensions_get_table_columns(n),
			    MARKDOWN_COLUMNS_MAX);
		if (cmark_node_first_child(n) != NULL) {
			if (ev == CMARK_EVENT_EXIT) {
				depth--;
				continue;
			}
			if (++depth > MARKDOWN_DEPTH_MAX) {
				error_at(r, n, 0, "quotes, lists or emphasis are "
				    "nested more than %d deep; simplify this "
				    "part", MARKDOWN_DEPTH_MAX);
				break;
			}
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (t) {
		case CMARK_NODE_HEADING:
			level = cmark_node_get_heading_level(n);
			if (level == 1)
				error_at(r, n, 0, "a second h1; the title is the "
				    "page's only h1, so use '##' for sections");
			else if (level > last + 1)
				error_at(r, n, 0, "heading jumps from h%d to h%d; "
				    "use '%.*s'", last, level, last + 1,
				    "######");
			add_heading(r, n, level);
			if (level > 1)
				last = level;
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			lit = cmark_node_get_literal(n);
			buf_truncate(alt, 0);
			if (lit != NULL)
				buf_put(alt, lit, strcspn(lit, "\n") > 40 ? 40 :
				    strcspn(lit, "\n"));
			error_at(r, n, 0, "HTML is not allowed in pages (found "
			    "'%s'); write it in Markdown", buf_str(alt));
			break;
		case CMARK_NODE_IMAGE:
			buf_truncate(alt, 0);
			plain_text(alt, n);
			title = cmark_node_get_title(n);
			if (alt->len == 0 && (title == NULL ||
			    strcmp(title, "decorative") != 0))
				error_at(r, n, 0, "picture '%s' has no text "
				    "alternative; describe it between the "
				    "brackets, or mark decoration with "
				    "![](file \"decorative\")",
				    cmark_node_get_url(n));
			check_url(r, n, 1);
			break;
		case CMARK_NODE_LINK:
			check_url(r, n, 0);
			break;
		case CMARK_NODE_PARAGRAPH:
			if (r->page->meta.easy_read)
				check_easy_read(r, n);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

static int
in_tight_list(cmark_node *paragraph)
{
	cmark_node	*item = cmark_node_parent(paragraph), *list;

	if (item == NULL || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return 0;
	list = cmark_node_parent(item);
	return list != NULL && cmark_node_get_list_tight(list);
}

/* Collect the words of a table's header cells, for the stacked layout. */
static void
table_labels(struct render *r, cmark_node *table)
{
	cmark_node	*cell;
	struct buf	 text = BUF_INIT;
	char		**p;

	for (; r->nlabels > 0; r->nlabels--)
		free(r->labels[r->nlabels - 1]);
	for (cell = cmark_node_first_child(cmark_node_first_child(table));
	    cell != NULL; cell = cmark_node_next(cell)) {
		buf_truncate(&text, 0);
		plain_text(&text, cell);
		if (r->nlabels == r->cap_labels) {
			r->cap_labels = r->cap_labels ? r->cap_labels * 2 : 8;
			p = realloc(r->labels, r->cap_labels * sizeof(*p));
			if (p == NULL) {
				r->rc = -1;
				break;
			}
			r->labels = p;
		}
		if ((r->labels[r->nlabels] = strdup(buf_str(&text))) == NULL) {
			r->rc = -1;
			break;
		}
		r->nlabels++;
	}
	buf_free(&text);
}

static void
render_cell(struct render *r, struct buf *o, cmark_node *n, int enter)
{
	static const char *const align[] = { "", " class=\"left\"",
	    " class=\"centre\"", " class=\"right\"" };
	uint8_t		*aligns;
	cmark_node	*table = cmark_node_parent(cmark_node_parent(n));
	int		 a = 0;

	if (!enter) {
		buf_puts(o, r->in_head ? "</th>\n" : "</td>\n");
		r->cell++;
		return;
	}
	aligns = cmark_gfm_extensions_get_table_alignments(table);
	if (aligns != NULL && r->cell < cmark_gfm_extensions_get_table_columns(
	    table)) {
		switch (aligns[r->cell]) {
		case 'l': a = 1; break;
		case 'c': a = 2; break;
		case 'r': a = 3; break;
		default: a = 0; break;
		}
	}
	if (r->in_head) {
		buf_puts(o, "<th scope=\"col\"");
		buf_puts(o, align[a]);
		buf_putc(o, '>');
	} else {
		buf_puts(o, "<td");
		buf_puts(o, align[a]);
		if (r->cell < r->nlabels && r->labels[r->cell][0] != '\0') {
			buf_puts(o, " data-label=\"");
			html_attrs(o, r->labels[r->cell]);
			buf_putc(o, '"');
		}
		buf_putc(o, '>');
	}
}

static void
render_extension(struct render *r, struct buf *o, cmark_node *n,
    cmark_node_type t, int enter)
{
	if (t == type_table) {
		if (enter) {
			table_labels(r, n);
			buf_puts(o, "<div class=\"table\">\n<table>\n");
		} else
			buf_puts(o, "</tbody>\n</table>\n</div>\n");
	} else if (t == type_row) {
		if (enter) {
			r->cell = 0;
			r->in_head = cmark_gfm_extensions_get_table_row_is_header(
			    n);
			buf_puts(o, r->in_head ? "<thead>\n<tr>\n" : "<tr>\n");
		} else
			buf_puts(o, r->in_head ? "</tr>\n</thead>\n<tbody>\n" :
			    "</tr>\n");
	} else if (t == type_cell)
		render_cell(r, o, n, enter);
	else if (t == type_strike)
		buf_puts(o, enter ? "<del>" : "</del>");
}

/* The second pass: HTML for every node, all text escaped. */
static void
render(struct render *r, cmark_node *doc, struct buf *o)
{
	cmark_iter	*it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node	*n;
	cmark_node_type	 t;
	const char	*lit, *info, *title;
	struct heading	*h;
	int		 enter, start;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		t = cmark_node_get_type(n);
		enter = ev == CMARK_EVENT_ENTER;
		lit = cmark_node_get_literal(n);
		switch (t) {
		case CMARK_NODE_DOCUMENT:
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			buf_puts(o, enter ? "<blockquote>\n" :
			    "</blockquote>\n");
			break;
		case CMARK_NODE_LIST:
			if (cmark_node_get_list_type(n) == CMARK_ORDERED_LIST) {
				start = cmark_node_get_list_start(n);
				if (!enter)
					buf_puts(o, "</ol>\n");
				else if (start != 1)
					buf_printf(o, "<ol start=\"%d\">\n", start);
				else
					buf_puts(o, "<ol>\n");
			} else
				buf_puts(o, enter ? "<ul>\n" : "</ul>\n");
			break;
		case CMARK_NODE_ITEM:
			buf_puts(o, enter ? "<li>" : "</li>\n");
			break;
		case CMARK_NODE_CODE_BLOCK:
			info = cmark_node_get_fence_info(n);
			(void)info;
			buf_puts(o, "<pre><code>");
			if (lit != NULL)
				html_texts(o, lit);
			buf_puts(o, "</code></pre>\n");
			break;
		case CMARK_NODE_PARAGRAPH:
			if (in_tight_list(n))
				break;
			if (easy_read_row(r, n))
				buf_puts(o, enter ? "<div class=\"easy-read-row\">"
				    "\n<div class=\"picture\">" :
				    "</p>\n</div>\n");
			else
				buf_puts(o, enter ? "<p>" : "</p>\n");
			break;
		case CMARK_NODE_HEADING:
			if (r->next_heading >= r->nheadings)
				break;
			h = &r->headings[r->next_heading];
			if (enter) {
				buf_printf(o, "<h%d id=\"", h->level);
				html_attrs(o, h->id);
				buf_puts(o, "\">");
			} else {
				buf_printf(o, "</h%d>\n", h->level);
				r->next_heading++;
			}
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			buf_puts(o, "<hr>\n");
			break;
		case CMARK_NODE_TEXT:
			if (lit != NULL && cmark_node_previous(n) != NULL &&
			    cmark_node_previous(cmark_node_previous(n)) ==
			    NULL && easy_read_row(r, cmark_node_parent(n)))
				lit += strspn(lit, " ");	/* after the picture */
			if (lit != NULL)
				html_texts(o, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
			buf_putc(o, '\n');
			break;
		case CMARK_NODE_LINEBREAK:
			buf_puts(o, "<br>\n");
			break;
		case CMARK_NODE_CODE:
			buf_puts(o, "<code>");
			if (lit != NULL)
				html_texts(o, lit);
			buf_puts(o, "</code>");
			break;
		case CMARK_NODE_EMPH:
			buf_puts(o, enter ? "<em>" : "</em>");
			break;
		case CMARK_NODE_STRONG:
			buf_puts(o, enter ? "<strong>" : "</strong>");
			break;
		case CMARK_NODE_LINK:
			if (strncmp(cmark_node_get_url(n), "lang:", 5) == 0) {
				if (!enter) {
					buf_puts(o, "</span>");
					break;
				}
				buf_puts(o, "<span lang=\"");
				html_attrs(o, cmark_node_get_url(n) + 5);
				buf_puts(o, "\">");
				break;
			}
			if (!enter) {
				buf_puts(o, "</a>");
				break;
			}
			buf_puts(o, "<a href=\"");
			html_url(o, cmark_node_get_url(n));
			buf_putc(o, '"');
			title = cmark_node_get_title(n);
			if (title != NULL && *title != '\0') {
				buf_puts(o, " title=\"");
				html_attrs(o, title);
				buf_putc(o, '"');
			}
			buf_putc(o, '>');
			break;
		case CMARK_NODE_IMAGE:
			if (!enter)
				break;
			buf_puts(o, "<img src=\"");
			html_url(o, cmark_node_get_url(n));
			buf_puts(o, "\" alt=\"");
			buf_truncate(&r->scratch, 0);
			plain_text(&r->scratch, n);
			html_attrs(o, buf_str(&r->scratch));
			buf_putc(o, '"');
			title = cmark_node_get_title(n);
			if (title != NULL && *title != '\0' &&
			    strcmp(title, "decorative") != 0) {
				buf_puts(o, " title=\"");
				html_attrs(o, title);
				buf_putc(o, '"');
			}
			buf_putc(o, '>');
			/* The alternative text is the alt attribute only. */
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			if (cmark_node_previous(n) == NULL &&
			    easy_read_row(r, cmark_node_parent(n)))
				buf_puts(o, "</div>\n<p>");
			break;
		default:
			render_extension(r, o, n, t, enter);
			break;
		}
	}
	cmark_iter_free(it);
}

/*
 * cmark-gfm 0.29 parses a table row in time quadratic in its cells, so a
 * line with more '|' than any table within the column limit could have is
 * refused before parsing. Returns 0, or -1 after reporting.
 */
static int
too_many_cells(struct render *r, const char *text, size_t n)
{
	size_t	 i, bars = 0, line = 1;

	for (i = 0; i < n; i++) {
		if (text[i] == '\n') {
			line++;
			bars = 0;
		} else if (text[i] == '|' && ++bars > 2 * MARKDOWN_COLUMNS_MAX +
		    2) {
			diag_error(r->diag, r->page->file, r->line0 + line, 1,
			    "the line has more than %d '|'; a table may have at "
			    "most %d columns, so split it",
			    2 * MARKDOWN_COLUMNS_MAX + 2, MARKDOWN_COLUMNS_MAX);
			return -1;
		}
	}
	return 0;
}

void
markdown_fini(void)
{
	cmark_release_plugins();
}

int
markdown_render(struct md_page *out, const struct site *site,
    struct page *pg, const char *text, size_t n, size_t line0,
    struct links *links, struct diag *d)
{
	struct render	 r;
	cmark_parser	*p;
	cmark_node	*doc;
	size_t		 i;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	r.site = site;
	r.page = pg;
	r.links = links;
	r.diag = d;
	r.line0 = line0;
	r.out = out;
	out->body.max = MARKDOWN_OUTPUT_MAX;
	if (too_many_cells(&r, text, n) == -1)
		return -1;
	/*
	 * A text node can hold "{" only if the source has one, or an entity
	 * or escape, which needs '&' or '{': without either, skip the pass
	 * that looks for variables (a walk over every node).
	 */
	r.may_vars = memchr(text, '{', n) != NULL || memchr(text, '&', n) !=
	    NULL;
	for (i = 0; i < sizeof(reserved_ids) / sizeof(*reserved_ids); i++)
		if (strmap_put(&r.ids, reserved_ids[i], 1) == -1) {
			strmap_free(&r.ids);
			return -1;
		}
	p = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (i = 0; i < sizeof(extension_names) / sizeof(*extension_names);
	    i++)
		cmark_parser_attach_syntax_extension(p,
		    cmark_find_syntax_extension(extension_names[i]));
	cmark_parser_feed(p, text, n);
	doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	cmark_consolidate_text_nodes(doc);
	check(&r, doc);
	if (r.rc == 0) {
		render(&r, doc, &out->body);
		if (out->body.err) {
			diag_error(d, pg->file, 0, 0, "the page is too large to "
			    "render; split it into smaller pages");
			r.rc = -1;
		}
	}
	cmark_node_free(doc);
	for (i = 0; i < r.nheadings; i++)
		free(r.headings[i].id);
	for (i = 0; i < r.nlabels; i++)
		free(r.labels[i]);
	free(r.labels);
	free(r.headings);
	strmap_free(&r.ids);
	free(r.texts);
	buf_free(&r.scratch);
	pg->rendered = 1;
	return r.rc;
}

int
md_page_add_toc(struct md_page *m, const char *id, const char *text)
{
	struct toc_entry *t;

	if ((t = realloc(m->toc, (m->ntoc + 1) * sizeof(*t))) == NULL)
		return -1;
	m->toc = t;
	t += m->ntoc;
	t->id = strdup(id);
	t->text = strdup(text);
	m->ntoc++;
	return t->id == NULL || t->text == NULL ? -1 : 0;
}

struct buf *
md_page_add_extra(struct md_page *m, const char *rel)
{
	struct extra_file *e;

	if ((e = realloc(m->extras, (m->nextras + 1) * sizeof(*e))) == NULL)
		return NULL;
	m->extras = e;
	e += m->nextras;
	memset(e, 0, sizeof(*e));
	m->nextras++;
	if ((e->rel = strdup(rel)) == NULL)
		return NULL;
	return &e->data;
}

void
md_page_free(struct md_page *m)
{
	size_t	 i;

	for (i = 0; i < m->ntoc; i++) {
		free(m->toc[i].id);
		free(m->toc[i].text);
	}
	for (i = 0; i < m->nextras; i++) {
		free(m->extras[i].rel);
		buf_free(&m->extras[i].data);
	}
	free(m->extras);
	free(m->toc);
	buf_free(&m->body);
	memset(m, 0, sizeof(*m));
}
