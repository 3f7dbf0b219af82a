/*
 * Unit tests of the buffer, the escaping writer, UTF-8 checks, anchors,
 * front matter and link bookkeeping. Prints "ok - NAME" or "not ok - NAME"
 * per check and exits 1 if any failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "celltext.h"
#include "csvread.h"
#include "diag.h"
#include "frontmatter.h"
#include "html.h"
#include "links.h"
#include "markdown.h"
#include "selfassess.h"
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

/* A site of n pages in a fresh page index, as site_scan leaves it. */
static void
index_site(struct site *site, const char *const (*pages)[4], size_t n)
{
	struct page	 pg;
	const char	*why;
	size_t		 i;

	memset(site, 0, sizeof(*site));
	site->index = pindex_open(NULL, &why);
	expect("page index: opens", site->index != NULL);
	if (site->index == NULL)
		return;
	for (i = 0; i < n; i++) {
		memset(&pg, 0, sizeof(pg));
		pg.src = (char *)pages[i][0];
		pg.url = (char *)pages[i][1];
		pg.file = (char *)pages[i][0];
		pg.meta.title = (char *)pages[i][2];
		pg.meta.section = (char *)pages[i][3];
		pg.depth = strchr(pg.url, '/') != NULL;
		pg.ok = 1;
		if (pindex_add(site->index, &pg) == -1)
			break;
	}
	expect("page index: pages added and numbered", i == n &&
	    pindex_finish(site->index) == (long)n);
	site->npages = n;
}

static void
test_links(void)
{
	static const char *const pages[][4] = {
		{ "b.md", "b/", "B", NULL }, { "a.md", "a/", "A", NULL },
		{ "c.md", "c/", "C", NULL },
	};
	struct site	 site;
	struct page	*b;
	struct links	 l = { &site };
	struct diag	 d;
	char		*m = NULL;
	size_t		 msize, bad;
	FILE		*f;

	index_site(&site, pages, 3);
	if (site.index == NULL)
		return;
	b = site_page_by_src(&site, "b.md", 4);
	expect("page index: numbered in src order", b != NULL && b->id == 1 &&
	    site_page(&site, 0) == site_page_by_url(&site, "a/", 2));
	if (b == NULL)
		goto out;
	site_pin(b);
	expect("anchors: none at first", !page_has_anchor(b, "x", 1));
	expect("anchors: add", page_add_anchor(b, "stage-1") == 0 &&
	    page_add_anchor(b, "stage-2") == 0);
	expect("anchors: found by exact name",
	    page_has_anchor(b, "stage-2", 7) &&
	    !page_has_anchor(b, "stage", 5) &&
	    !page_has_anchor(b, "stage-22", 8));
	b->rendered = 1;
	expect("anchors: stored in the index", site_page_done(&site, b) == 0 &&
	    b->anchors == NULL);
	site_unpin(b);
	links_add(&l, 1, "stage-2", 7, "content/pages/a.md", 4, 7);
	links_add(&l, 1, "stage-3", 7, "content/pages/a.md", 9, 1);
	/* Page 2 was not rendered (its own error was reported): no check. */
	links_add(&l, 2, "nowhere", 7, "content/pages/a.md", 11, 2);
	f = open_memstream(&m, &msize);
	diag_init(&d, f);
	bad = links_verify(&l, &d);
	fclose(f);
	expect("links: one missing anchor found", bad == 1);
	expect_str("links: the message names the link's place",
	    "content/pages/a.md:9:1: link to '#stage-3' on b.md, but that "
	    "page has no heading with that anchor; check the heading's "
	    "words\n", m);
	free(m);
out:
	expect("page index: no error", site_error(&site) == NULL);
	site_free(&site);
}

/* The page cache: bounded, least recently used out, pins kept. */
static void
test_page_cache(void)
{
	static const char *const pages[][4] = {
		{ "p/z.md", "p/z/", "zebra", "Pets" },
		{ "p/a.md", "p/a/", "Aardvark", "Pets" },
		{ "p/m.md", "p/m/", "mole", "Pets" },
		{ "q.md", "q/", "_under", NULL },
		{ "index.md", "", "Home", NULL },
		{ "r/1.md", "r/1/", "Bee", "Bugs" },
		{ "r/2.md", "r/2/", "ant", "Bugs" },
		{ "r/3.md", "r/3/", "Cricket", NULL },
		{ "r/4.md", "r/4/", "Dragonfly", NULL },
		{ "r/5.md", "r/5/", "Earwig", NULL },
	};
	static const char *const by_title[] = { "_under", "Aardvark", "ant",
	    "Bee", "Cricket", "Dragonfly", "Earwig", "Home", "mole",
	    "zebra" };
	struct site	 site;
	struct page	*home, *pg;
	size_t		 i, k;
	int		 same = 1, order = 1;

	setenv("CANDOUR_PAGE_CACHE", "8", 1);
	index_site(&site, pages, 10);
	unsetenv("CANDOUR_PAGE_CACHE");
	if (site.index == NULL)
		return;
	home = site_page_by_url(&site, "", 0);
	expect("page cache: home found by url", home != NULL &&
	    strcmp(home->src, "index.md") == 0);
	if (home == NULL)
		goto out;
	site_pin(home);
	/* Ask for every page three times over: home stays, pinned. */
	for (k = 0; k < 3; k++)
		for (i = 0; i < site.npages; i++) {
			pg = site_page(&site, i);
			same &= pg->id == i;
		}
	expect("page cache: every page read back by id", same);
	expect("page cache: a pinned page keeps its place and text",
	    site_page_by_src(&site, "index.md", 8) == home &&
	    strcmp(home->meta.title, "Home") == 0);
	/* Sections: prev and next by src within one section. */
	pg = site_page_by_src(&site, "p/m.md", 6);
	expect("sections: linked in src order within a section",
	    pg != NULL && pg->prev == site_page_by_src(&site, "p/a.md",
	    6)->id && site_page_by_src(&site, "p/m.md", 6)->next ==
	    site_page_by_src(&site, "p/z.md", 6)->id);
	pg = site_page_by_src(&site, "r/3.md", 6);
	expect("sections: a page in no section has no neighbours",
	    pg != NULL && pg->prev == SITE_NONE && pg->next == SITE_NONE);
	expect("page index: url prefixes", site_has_url_prefix(&site, "r/",
	    2) && site_has_url_prefix(&site, "p/z/", 4) &&
	    !site_has_url_prefix(&site, "s/", 2) &&
	    !site_has_url_prefix(&site, "p/zz", 4));
	expect("page index: no page at an unknown src or url",
	    site_page_by_src(&site, "p/a.m", 5) == NULL &&
	    site_page_by_url(&site, "p/a", 3) == NULL);
	expect("walk: starts", site_walk(&site, PINDEX_LANG_BY_TITLE, 0) == 0);
	for (i = 0; (pg = site_next(&site)) != NULL; i++)
		order &= i < 10 && strcmp(pg->meta.title, by_title[i]) == 0;
	expect("walk: by title, letters without case, as strcasecmp",
	    order && i == 10);
	expect("walk: by url from the home page",
	    site_walk(&site, PINDEX_BY_URL, 0) == 0 &&
	    (pg = site_next(&site)) != NULL && *pg->url == '\0');
	site_walk_end(&site);
	site_unpin(home);
out:
	expect("page index: no error", site_error(&site) == NULL);
	site_free(&site);
}

/* Clean cell text and render it as HTML (inline when it is one paragraph). */
static void
cell_html(const char *in, int inline_ok, char **html)
{
	struct buf	 clean = BUF_INIT, out = BUF_INIT;

	celltext_clean(&clean, in, strlen(in));
	celltext_html(&out, buf_str(&clean), inline_ok);
	*html = strdup(buf_str(&out));
	buf_free(&clean);
	buf_free(&out);
}

static void
expect_cell(const char *name, const char *in, int inline_ok,
    const char *want)
{
	char	*got;

	cell_html(in, inline_ok, &got);
	expect_str(name, want, got ? got : "(out of memory)");
	free(got);
}

static void
test_celltext(void)
{
	struct buf	 clean = BUF_INIT, plain = BUF_INIT;

	expect_cell("celltext: plain lines are paragraphs",
	    "First line\n\n  second line  \n", 0,
	    "<p>First line</p>\n<p>second line</p>\n");
	expect_cell("celltext: one plain paragraph is inline", "Just words.",
	    1, "Just words.");
	expect_cell("celltext: bullet lines are a list",
	    "Channels:\n\xe2\x80\xa2 phone\n- letter\n* in person", 0,
	    "<p>Channels:</p>\n<ul>\n<li>phone</li>\n<li>letter</li>\n"
	    "<li>in person</li>\n</ul>\n");
	expect_cell("celltext: Word's paragraphs, lists and rules",
	    "<p>Policy</p> <hr/> <ul style=\"x\"><li>one</li><li>two</li>"
	    "</ul><ol><li>first</li></ol>", 0,
	    "<p>Policy</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol>\n"
	    "<li>first</li>\n</ol>\n");
	expect_cell("celltext: other tags are dropped, their words kept",
	    "<p><script>alert(1)</script><span class=\"x\">a</span> "
	    "<u>b</u></p>", 1, "alert(1)a b");
	expect_cell("celltext: text is escaped, never markup",
	    "<b>a &lt; b</b> & c <d \"e\"", 1,
	    "<strong>a &lt; b</strong> &amp; c &lt;d \"e\"");
	expect_cell("celltext: a '<' that starts no tag is text",
	    "<Insert the policy name> < 5 days", 1,
	    "&lt;Insert the policy name&gt; &lt; 5 days");
	expect_cell("celltext: emphasis is nested properly",
	    "<b><i>x</b>y</i> z", 1,
	    "<em><strong>x</strong>y</em> z");
	expect_cell("celltext: emphasis closes before the space",
	    "a <i>quoted </i>word", 1, "a <em>quoted</em> word");
	expect_cell("celltext: emphasis is closed at the end of a block",
	    "<p><em>open</p><p>next</p>", 0,
	    "<p><em>open</em></p>\n<p><em>next</em></p>\n");
	expect_cell("celltext: line breaks inside a paragraph",
	    "<p>one<br>two<br/><br></p>", 1, "one<br>two");
	expect_cell("celltext: entities decoded, unknown ones kept",
	    "<p>It&#8217;s&nbsp;here &amp; &bogus; &#x41;&#0;</p>", 1,
	    "It\xe2\x80\x99s here &amp; &amp;bogus; A");
	expect_cell("celltext: comments are dropped",
	    "<!--[if gte mso 9]><xml>x</xml><![endif]-->shown", 1, "shown");
	expect_cell("celltext: an unclosed comment is text",
	    "<p>a</p><!-- b", 0, "<p>a</p>\n<p>&lt;!-- b</p>\n");
	expect_cell("celltext: control characters are dropped",
	    "a\x01" "b\x7f" "c\xc2\x85" "d", 1, "abcd");
	expect_cell("celltext: an empty cell is empty", "  \n <p> </p>", 0,
	    "");

	celltext_clean(&clean, "<ol><li>a</li><li>b<br>c</li></ol><p>end</p>",
	    strlen("<ol><li>a</li><li>b<br>c</li></ol><p>end</p>"));
	celltext_plain(&plain, buf_str(&clean));
	expect_str("celltext: plain text for a CSV download",
	    "1. a\n2. b\nc\nend", buf_str(&plain));
	buf_free(&clean);
	buf_free(&plain);
}

/* Read text as a CSV file "t.csv"; messages into *msgs. */
static int
read_csv(const char *text, size_t n, struct csv_table *t, char **msgs)
{
	static const struct csv_limits lim = { 4096, 64, 10, 8 };
	struct diag	 d;
	size_t		 msize;
	FILE		*f = open_memstream(msgs, &msize);
	int		 rc;

	diag_init(&d, f);
	rc = csv_table_parse(t, text, n, "t.csv", &lim, &d);
	fclose(f);
	return rc;
}

static void
test_csvread(void)
{
	struct csv_table t;
	char		*m;
	static const char good[] = "\xef\xbb\xbf" "a, b\r\n\"x\r\ny\",z\r\n"
	    "\r\n  \r\n\"q\"\"uote\",\"\"\r\nlast";
	int		 rc;

	rc = read_csv(good, sizeof(good) - 1, &t, &m);
	expect("csvread: BOM, CRLF, blank lines and quotes read", rc == 0 &&
	    t.nrows == 4);
	expect("csvread: the BOM is not in the first cell", t.nrows > 0 &&
	    strcmp(t.rows[0].cells[0].text, "a") == 0 &&
	    strcmp(t.rows[0].cells[1].text, "b") == 0);
	expect("csvread: a multi-line cell keeps LF and its first line",
	    t.nrows > 1 && strcmp(t.rows[1].cells[0].text, "x\ny") == 0 &&
	    t.rows[1].cells[0].line == 2 && t.rows[1].cells[1].line == 3 &&
	    t.rows[1].line == 2);
	expect("csvread: doubled quotes and blank lines", t.nrows > 2 &&
	    strcmp(t.rows[2].cells[0].text, "q\"uote") == 0 &&
	    t.rows[2].cells[1].len == 0 && t.rows[2].line == 6);
	expect("csvread: the last row needs no line end", t.nrows > 3 &&
	    strcmp(t.rows[3].cells[0].text, "last") == 0 &&
	    t.rows[3].line == 7);
	expect_str("csvread: no messages for a good file", "", m);
	csv_table_free(&t);
	free(m);

	rc = read_csv("a,b\n1,\"open\n\n", 12, &t, &m);
	expect_str("csvread: an unclosed quote is reported where it began",
	    "t.csv:2:2: the quote that begins this cell is never closed; add "
	    "the closing quote (\") at the end of the cell\n", m);
	expect("csvread: rows before the error are kept", rc == -1 &&
	    t.nrows == 1);
	csv_table_free(&t);
	free(m);

	rc = read_csv("a,\"b\"c\n", 7, &t, &m);
	expect_str("csvread: text after a closing quote",
	    "t.csv:1:2: a quote is out of place in this cell; put the whole "
	    "cell in quotes and write each quote inside it twice (\"\")\n", m);
	csv_table_free(&t);
	free(m);

	rc = read_csv("a,b,c,d,e,f,g,h,i\n", 18, &t, &m);
	expect_str("csvread: too many cells in a row",
	    "t.csv:1:9: the row has more than 8 cells; a row may have at most "
	    "that many, so remove the extra columns\n", m);
	csv_table_free(&t);
	free(m);

	rc = read_csv("ok\n\xff\n", 5, &t, &m);
	expect_str("csvread: not UTF-8",
	    "t.csv:2: the file is not UTF-8 text; in Excel, save it as 'CSV "
	    "UTF-8 (Comma delimited)'\n", m);
	csv_table_free(&t);
	free(m);
}

/* Read a sidecar and a form for 2024 into y; messages into *msgs. */
static int
read_sa(struct sa_year *y, const char *yaml, const char *csv, char **msgs)
{
	static const struct csv_limits lim = { SA_FILE_MAX, SA_CELL_MAX,
	    SA_ROWS_MAX, SA_COLUMNS_MAX };
	struct csv_table t;
	struct diag	 d;
	size_t		 msize;
	FILE		*f = open_memstream(msgs, &msize);
	int		 rc = 0;

	diag_init(&d, f);
	if (sa_year_init(y, 2024, "2024.csv", "2024.yaml") == -1 ||
	    sa_read_settings(y, yaml, strlen(yaml), &d) == -1)
		rc = -1;
	if (csv_table_parse(&t, csv, strlen(csv), "2024.csv", &lim, &d) ==
	    -1 || sa_read_form(y, &t, &d) == -1)
		rc = -1;
	if (rc == 0)
		rc = sa_link_actions(y, &d);
	csv_table_free(&t);
	fclose(f);
	return rc;
}

static void
test_sa_cells(void)
{
	const char	*t;
	size_t		 n;
	int		 section, minor;
	enum sa_stage	 stage;
	enum sa_level	 level;
	enum sa_answer	 answer;
	char		*a;

	t = sa_trim(" \xc2\xa0 x \xc2\xa0 \xc2\xa0\t", &n);
	expect("sa cells: trim spaces and no-break spaces", n == 1 &&
	    *t == 'x');
	expect("sa cells: provision numbers",
	    sa_parse_number("6.10", 4, &section, &minor) && section == 6 &&
	    minor == 10 && sa_parse_number("1.2/ 1.4", 8, &section, &minor) &&
	    section == 1 && minor == 2 && sa_parse_number("6.1a", 4,
	    &section, &minor) && !sa_parse_number("6", 1, &section, &minor) &&
	    !sa_parse_number("6.", 2, &section, &minor) &&
	    !sa_parse_number("106.1", 5, &section, &minor) &&
	    !sa_parse_number("6.1 (a)", 7, &section, &minor));
	a = sa_number_anchor("1.2/ 1.4", 8);
	expect_str("sa cells: anchor of a joined number", "p1-2-1-4",
	    a ? a : "");
	free(a);
	expect("sa cells: header names in any spelling",
	    sa_column_named("COMPLY : yes / no", 17) == SA_COL_COMPLY &&
	    sa_column_named("Commentary/explanation", 22) ==
	    SA_COL_COMMENTARY && sa_column_named("Notes", 5) == SA_COL__MAX &&
	    sa_column_named("--", 2) == SA_COL__MAX);
	expect("sa cells: heading rows",
	    sa_parse_heading("SECTION 6: COMPLAINTS STAGES: STAGE 2", 37,
	    &section, &stage, &level) && section == 6 &&
	    stage == SA_STAGE_2 && sa_parse_heading("Stage 2 Review", 14,
	    &section, &stage, &level) && stage == SA_STAGE_2 &&
	    sa_parse_heading("Mandatory 'must' requirements", 29, &section,
	    &stage, &level) && level == SA_LEVEL_MUST &&
	    sa_parse_heading("Further stages", 14, &section, &stage,
	    &level) && stage == SA_STAGE_FURTHER);
	expect("sa cells: text that only looks like a heading",
	    !sa_parse_heading("Section 6.3 of our policy", 25, &section,
	    &stage, &level) && !sa_parse_heading("Stage 1 complaints are "
	    "answered in 10 days", 42, &section, &stage, &level));
	expect("sa cells: answers in any case",
	    sa_parse_answer("PARTIALLY", 9, &answer) == 0 &&
	    answer == SA_PARTLY && sa_parse_answer("N/a", 3, &answer) == 0 &&
	    answer == SA_NA && sa_parse_answer("Y", 1, &answer) == -1 &&
	    sa_parse_answer("Yes.", 4, &answer) == -1);
	expect("sa cells: stages of the Code versions",
	    sa_stage_of(SA_CODE_2024, 6, 9) == SA_STAGE_1 &&
	    sa_stage_of(SA_CODE_2024, 6, 10) == SA_STAGE_2 &&
	    sa_stage_of(SA_CODE_2022, 5, 17) == SA_STAGE_3 &&
	    sa_stage_of(SA_CODE_2024, 5, 1) == SA_STAGE_NONE);
}

static void
test_selfassess(void)
{
	struct sa_year	 y, again;
	struct buf	 csv = BUF_INIT;
	size_t		 c[SA_ANSWER__MAX], i;
	char		*m;
	int		 rc, same;

	rc = read_sa(&y, "code: 2024\napproved: 2024-06-01\nactions:\n"
	    "  \"6.11\":\n    action: Fix it.\n    owner: Me\n"
	    "    due: 2025-01-31\n",
	    "Section 6: Complaints stages,,,,\n"
	    "Code provision,Code requirement,Comply: Yes/ No,Evidence,"
	    "Commentary/ explanation\n"
	    "6.2,\"Log it, fast.\",yes,Log,\n"
	    ",and define it,,,\n"
	    "Code Provision,CODE REQUIREMENT,Comply: Yes / No,evidence,"
	    "Commentary / Explanation\n"
	    "6.11,Acknowledge stage 2.,No,,\n"
	    "6.20,Final response.,Partially,,\n"
	    "6.5,Give the Ombudsman's details.,N/A,,\n", &m);
	expect_str("selfassess: a form with continuation and repeated header",
	    "", m);
	expect("selfassess: four provisions", rc == 0 && y.n == 4 &&
	    y.numbered);
	sa_count(&y, c);
	expect("selfassess: answers in any case", c[SA_YES] == 1 &&
	    c[SA_NO] == 1 && c[SA_PARTLY] == 1 && c[SA_NA] == 1);
	expect("selfassess: stages from the 2024 Code's numbers", y.n == 4 &&
	    y.v[0].stage == SA_STAGE_1 && y.v[1].stage == SA_STAGE_2 &&
	    y.v[2].stage == SA_STAGE_2 && y.v[3].stage == SA_STAGE_1);
	expect_str("selfassess: the continuation joins the row above",
	    "\x10Log it, fast. and define it", y.n > 0 ? y.v[0].requirement :
	    "");
	expect_str("selfassess: anchors", "p6-11", y.n > 1 ? y.v[1].anchor :
	    "");
	expect("selfassess: the No has its action", y.n > 1 &&
	    y.v[1].action != NULL && strcmp(y.v[1].action->owner, "Me") == 0);

	/* The download reads back to the same answers. */
	sa_write_csv(&csv, &y);
	free(m);
	rc = read_sa(&again, "code: 2024\napproved: 2024-06-01\nactions:\n"
	    "  \"6.11\":\n    action: Fix it.\n    owner: Me\n"
	    "    due: 2025-01-31\n", buf_str(&csv), &m);
	same = rc == 0 && again.n == y.n;
	for (i = 0; same && i < y.n; i++)
		same = again.v[i].answer == y.v[i].answer &&
		    again.v[i].section == y.v[i].section &&
		    strcmp(again.v[i].anchor, y.v[i].anchor) == 0 &&
		    strcmp(again.v[i].requirement, y.v[i].requirement) == 0;
	expect("selfassess: the CSV download reads back the same", same);
	expect_str("selfassess: no messages reading the download", "", m);
	sa_year_free(&again);
	sa_year_free(&y);
	buf_free(&csv);
	free(m);

	rc = read_sa(&y, "code: 2022\napproved: 2024-06-01\n",
	    "COMPLAINTS SELF ASSESSMENT,,\n"
	    "SECTION 5 - COMPLAINT STAGES,,\n"
	    "Best practice 'should' requirements,,\n"
	    "Stage 2,,\n"
	    "Code requirement,Our response,Evidence / Commentary / explanation\n"
	    "Extensions are agreed.,Yes,In the policy.\n"
	    "Stage 3 Review,,\n"
	    "No third stage.,n/a,\n", &m);
	expect_str("selfassess: an unnumbered form with headings", "", m);
	expect("selfassess: section, stage and level from headings",
	    rc == 0 && y.n == 2 && !y.numbered && y.merged &&
	    y.v[0].section == 5 && y.v[0].stage == SA_STAGE_2 &&
	    y.v[0].level == SA_LEVEL_SHOULD && y.v[1].stage == SA_STAGE_3 &&
	    strcmp(y.v[1].anchor, "s5-2") == 0);
	sa_year_free(&y);
	free(m);

	/* Found by fuzz-csv: a long number overflowed while being read. */
	rc = read_sa(&y, "code: 2024\napproved: 2024-06-01\n",
	    "provision,requirement,comply\n777777777777.1,x,Yes\n"
	    "6.7777777777,y,Yes\n", &m);
	expect_str("selfassess: long provision numbers are refused",
	    "2024.csv:2:1: provision is '777777777777.1'; write the Code's "
	    "number, such as 6.3\n"
	    "2024.csv:3:1: provision is '6.7777777777'; write the Code's "
	    "number, such as 6.3\n", m);
	sa_year_free(&y);
	free(m);
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
	test_page_cache();
	test_celltext();
	test_csvread();
	test_sa_cells();
	test_selfassess();
	return failed;
}
