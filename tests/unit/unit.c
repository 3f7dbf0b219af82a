/*
 * Unit tests of the buffer, the escaping writer, UTF-8 checks, anchors,
 * front matter and link bookkeeping. Prints "ok - NAME" or "not ok - NAME"
 * per check and exits 1 if any failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "frontmatter.h"
#include "html.h"
#include "links.h"
#include "markdown.h"
#include "site.h"
#include "utf8.h"

static int failed;

static void
expect_str(const char *name, const char *want, const char *got)
{
	if (strcmp(want, got) == 0) {
		printf("ok - %s\n", name);
		return;
	}
	printf("not ok - %s\n    want: %s\n    got:  %s\n", name, want, got);
	failed = 1;
}

static void
expect(const char *name, int cond)
{
	printf("%s - %s\n", cond ? "ok" : "not ok", name);
	if (!cond)
		failed = 1;
}

static void
test_buf(void)
{
	struct buf	 b = BUF_INIT, small = BUF_INIT;
	char		*p;
	int		 i;

	expect_str("buf: empty buffer reads as \"\"", "", buf_str(&b));
	buf_puts(&b, "abc");
	buf_putc(&b, '-');
	buf_printf(&b, "%d/%s", 42, "x");
	expect_str("buf: puts, putc and printf append", "abc-42/x",
	    buf_str(&b));
	expect("buf: len counts the bytes", b.len == 8);
	for (i = 0; i < 1000; i++)
		buf_puts(&b, "0123456789");
	expect("buf: grows past its first allocation", b.len == 10008 &&
	    b.data[b.len] == '\0' && !b.err);
	buf_truncate(&b, 3);
	expect_str("buf: truncate keeps the NUL", "abc", buf_str(&b));
	p = buf_detach(&b);
	expect_str("buf: detach hands over the bytes", "abc", p);
	expect("buf: detach leaves the buffer empty", b.data == NULL &&
	    b.len == 0);
	free(p);

	small.max = 8;
	buf_puts(&small, "12345678");
	expect("buf: fills exactly to max", !small.err && small.len == 8);
	buf_putc(&small, '9');
	expect("buf: overflow of max sets the sticky error", small.err);
	buf_puts(&small, "more");
	expect("buf: writes after an error change nothing", small.len == 8);
	expect("buf: detach of a failed buffer gives NULL",
	    buf_detach(&small) == NULL);
	buf_free(&small);
}

static void
test_html(void)
{
	struct buf	 b = BUF_INIT;

	html_texts(&b, "a < b && c > \"d\" 'e'");
	expect_str("html_text escapes & < > only",
	    "a &lt; b &amp;&amp; c &gt; \"d\" 'e'", buf_str(&b));
	buf_truncate(&b, 0);
	html_attrs(&b, "x\" onmouseover='y' <z>&");
	expect_str("html_attr escapes quotes too",
	    "x&quot; onmouseover=&#39;y&#39; &lt;z&gt;&amp;", buf_str(&b));
	buf_truncate(&b, 0);
	html_url(&b, "a b/\xc5\xb5?x=1&y=\"2\"#f");
	expect_str("html_url percent-encodes spaces, quotes and UTF-8",
	    "a%20b/%C5%B5?x=1&amp;y=%222%22#f", buf_str(&b));
	buf_truncate(&b, 0);
	html_texts(&b, "");
	expect_str("html_text of nothing is nothing", "", buf_str(&b));
	buf_free(&b);
}

static void
test_utf8(void)
{
	size_t	 line, col;
	const char *s = "ab\ncd\xc3\xa9" "f\xff";

	expect("utf8: ASCII is valid", utf8_check("hello", 5) == 5);
	expect("utf8: Welsh letters are valid",
	    utf8_check("\xc5\xb5\xc5\xb7", 4) == 4);
	expect("utf8: 4-byte emoji is valid",
	    utf8_check("\xf0\x9f\x98\x80", 4) == 4);
	expect("utf8: a stray byte is found at its offset",
	    utf8_check("ab\xff", 3) == 2);
	expect("utf8: an overlong '/' is refused",
	    utf8_check("\xc0\xaf", 2) == 0);
	expect("utf8: a surrogate is refused",
	    utf8_check("\xed\xa0\x80", 3) == 0);
	expect("utf8: a truncated sequence is refused",
	    utf8_check("a\xe2\x82", 3) == 1);
	expect("utf8: past U+10FFFF is refused",
	    utf8_check("\xf4\x90\x80\x80", 4) == 0);
	expect("utf8: NUL is refused", utf8_check("a\0b", 3) == 1);
	utf8_position(s, strlen(s) - 1, &line, &col);
	expect("utf8: position counts characters, not bytes", line == 2 &&
	    col == 5);
}

static void
test_slug(void)
{
	static const char *const cases[][2] = {
		{ "Stage 2: review", "stage-2-review" },
		{ "What we're doing to improve", "what-were-doing-to-improve" },
		{ "  Spaces  -- and dashes  ", "spaces-and-dashes" },
		{ "Cwyn \xc5\xb5 (Welsh)", "cwyn-\xc5\xb5-welsh" },
		{ "!!!", "section" },
		{ "snake_case OK", "snake_case-ok" },
	};
	struct buf	 b = BUF_INIT;
	char		 name[128];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_truncate(&b, 0);
		markdown_slug(&b, cases[i][0]);
		snprintf(name, sizeof(name), "slug: '%s'", cases[i][0]);
		expect_str(name, cases[i][1], buf_str(&b));
	}
	buf_free(&b);
}

/* Run the front matter reader on text; messages into *msgs (caller frees). */
static int
parse_fm(const char *text, struct page_meta *pm, char **msgs)
{
	struct diag	 d;
	size_t		 msize, yaml, yaml_len, body, line0;
	FILE		*f = open_memstream(msgs, &msize);
	int		 rc;

	diag_init(&d, f);
	memset(pm, 0, sizeof(*pm));
	rc = frontmatter_split(text, strlen(text), "p.md", &d, &yaml,
	    &yaml_len, &body, &line0);
	if (rc == 0)
		rc = frontmatter_parse(pm, text + yaml, yaml_len, "p.md", 1,
		    &d);
	fclose(f);
	return rc;
}

static void
test_frontmatter(void)
{
	struct page_meta pm;
	char		*m;
	int		 rc;

	rc = parse_fm("---\ntitle: Our policy\norder: 2\nupdated: 2026-02-28"
	    "\neasy_read: true\ndescription: \"A: b\"\n---\nBody\n", &pm, &m);
	expect("front matter: a good page parses", rc == 0);
	expect_str("front matter: title", "Our policy", pm.title ? pm.title :
	    "");
	expect_str("front matter: quoted description", "A: b",
	    pm.description ? pm.description : "");
	expect("front matter: order and easy_read", pm.has_order &&
	    pm.order == 2 && pm.easy_read);
	expect_str("front matter: no messages for a good page", "", m);
	frontmatter_free(&pm);
	free(m);

	rc = parse_fm("\xef\xbb\xbf---\r\ntitle: BOM and CRLF\r\n---\r\nx\r\n",
	    &pm, &m);
	expect("front matter: a UTF-8 BOM and CRLF are accepted", rc == 0 &&
	    pm.title != NULL && strcmp(pm.title, "BOM and CRLF") == 0);
	frontmatter_free(&pm);
	free(m);

	rc = parse_fm("---\ntitle: X\ncolour: red\nupdated: 2026-02-30\n---\n",
	    &pm, &m);
	expect("front matter: errors give -1", rc == -1);
	expect_str("front matter: unknown key and bad date, both reported",
	    "p.md:3:1: unknown front matter key 'colour'; the known keys are "
	    "title, description, lang, order, section, easy_read and updated\n"
	    "p.md:4:10: updated is '2026-02-30'; write a real date as "
	    "YYYY-MM-DD, such as 2026-04-01\n", m);
	frontmatter_free(&pm);
	free(m);

	rc = parse_fm("no front matter\n", &pm, &m);
	expect_str("front matter: missing",
	    "p.md:1:1: the page has no front matter; start it with a '---' "
	    "line, 'title: ...', and another '---' line\n", m);
	frontmatter_free(&pm);
	free(m);

	rc = parse_fm("---\ndescription: x\n---\n", &pm, &m);
	expect_str("front matter: title missing",
	    "p.md:2:1: the page has no title; add a line 'title: ...' to the "
	    "front matter\n", m);
	frontmatter_free(&pm);
	free(m);

	rc = parse_fm("---\ntitle: [unclosed\n---\n", &pm, &m);
	expect_str("front matter: a YAML error names where the list began",
	    "p.md:2:8: YAML error: did not find expected ',' or ']' while "
	    "parsing a flow sequence; check the indentation, and put text "
	    "that contains ':' or '#' in quotes\n", m);
	frontmatter_free(&pm);
	free(m);
}

static void
test_links(void)
{
	struct site	 site;
	struct page	 pages[2];
	struct links	 l = { NULL, 0, 0 };
	struct diag	 d;
	char		*m = NULL;
	size_t		 msize, bad;
	FILE		*f;

	memset(&site, 0, sizeof(site));
	memset(pages, 0, sizeof(pages));
	pages[0].src = (char *)"a.md";
	pages[1].src = (char *)"b.md";
	pages[0].rendered = pages[1].rendered = 1;
	site.pages = pages;
	site.npages = 2;
	expect("anchors: none at first", !page_has_anchor(&pages[1], "x", 1));
	expect("anchors: add", page_add_anchor(&pages[1], "stage-1") == 0 &&
	    page_add_anchor(&pages[1], "stage-2") == 0);
	expect("anchors: found by exact name",
	    page_has_anchor(&pages[1], "stage-2", 7) &&
	    !page_has_anchor(&pages[1], "stage", 5) &&
	    !page_has_anchor(&pages[1], "stage-22", 8));
	links_add(&l, 1, "stage-2", 7, "content/pages/a.md", 4, 7);
	links_add(&l, 1, "stage-3", 7, "content/pages/a.md", 9, 1);
	f = open_memstream(&m, &msize);
	diag_init(&d, f);
	bad = links_verify(&l, &site, &d);
	fclose(f);
	expect("links: one missing anchor found", bad == 1);
	expect_str("links: the message names the link's place",
	    "content/pages/a.md:9:1: link to '#stage-3' on b.md, but that "
	    "page has no heading with that anchor; check the heading's "
	    "words\n", m);
	free(m);
	free(pages[1].anchors);
	links_free(&l);
}

int
main(void)
{
	test_buf();
	test_html();
	test_utf8();
	test_slug();
	test_frontmatter();
	test_links();
	return failed;
}
