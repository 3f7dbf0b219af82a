/*
 * fuzz-page: a libFuzzer harness for what candour reads from staff, one page
 * file: front matter and a Markdown body.
 *
 * LLVMFuzzerInitialize loads the fixed site in tests/fuzz/site once (or the
 * folder named by $CANDOUR_FUZZ_SITE) and renders each of its pages, so that
 * links to other pages and to their #anchors resolve as in a real build.
 * Each input is then the whole text of the page pages/fuzz/page.md (depth 2)
 * and goes through the steps the build takes: utf8_check (invalid input is
 * skipped, as site_scan rejects it), frontmatter_split, frontmatter_parse,
 * markdown_render, links_verify and, for a page the build would write,
 * layout_page. Everything an input allocates is freed before the next one,
 * so libFuzzer's leak check can run after every input. The inputs' messages
 * go to /dev/null, or to stderr when $CANDOUR_FUZZ_VERBOSE is set (to see
 * what the build would say about a reproducer).
 *
 * Build and run: make -f Makefile -f tests/fuzz/fuzz.mk fuzz (or fuzz-smoke).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "frontmatter.h"
#include "fsutil.h"
#include "layout.h"
#include "links.h"
#include "markdown.h"
#include "site.h"
#include "utf8.h"

#ifndef FUZZ_SITE_DIR
#define FUZZ_SITE_DIR "tests/fuzz/site"
#endif

#define FUZZ_PAGE_SRC "fuzz/page.md"	/* the page slot each input fills */

int	 LLVMFuzzerInitialize(int *, char ***);
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct site	 site;		/* loaded once, kept to the end */
static struct diag	 diag;		/* the inputs' messages */
static FILE		*sink;		/* where they go: /dev/null or stderr */
static size_t		 slot;		/* the id of FUZZ_PAGE_SRC, kept pinned */

/* Give up on a broken fixture: nothing the fuzzer finds would mean much. */
static void
fixture_fail(const char *what, const char *dir)
{
	fprintf(stderr, "fuzz-page: %s: %s; fix the fixture (set "
	    "CANDOUR_FUZZ_SITE to use another folder)\n", dir, what);
	exit(1);
}

/* Render every page but the slot, so their anchors are known. */
static void
render_fixture(const char *dir)
{
	struct buf	 text = BUF_INIT;
	struct links	 links = { &site };
	struct md_page	 md;
	struct page	*pg;
	size_t		 i, yaml, yaml_len, body, line0;

	for (i = 0; i < site.npages; i++) {
		pg = site_page(&site, i);
		if (i == slot || !pg->ok)
			continue;
		site_pin(pg);
		if (pg->gen != NULL) {
			/* A generated page (sitemap, A to Z ...): as build_page. */
			if (pg->gen->render(&md, &site, pg, &links, &diag) == -1)
				fixture_fail("a generated page does not render",
				    dir);
			pg->rendered = 1;
			md_page_free(&md);
			if (site_page_done(&site, pg) == -1)
				fixture_fail("the page index fails", dir);
			site_unpin(pg);
			continue;
		}
		buf_truncate(&text, 0);
		if (file_read(pg->file, PAGE_FILE_MAX, &text, &diag) == -1 ||
		    frontmatter_split(buf_str(&text), text.len, pg->file,
		    &diag, &yaml, &yaml_len, &body, &line0) == -1)
			fixture_fail("a page cannot be read", dir);
		if (markdown_render(&md, &site, pg, buf_str(&text) + body,
		    text.len - body, line0, &links, &diag) == -1)
			fixture_fail("a page does not render", dir);
		md_page_free(&md);
		if (site_page_done(&site, pg) == -1)
			fixture_fail("the page index fails", dir);
		site_unpin(pg);
	}
	if (links_verify(&links, &diag) != 0)
		fixture_fail("a link's anchor is missing", dir);
	if (pindex_forget_links(site.index) == -1)
		fixture_fail("the page index fails", dir);
	buf_free(&text);
}

/* Empty the slot: no front matter, no anchors, not rendered. */
static void
slot_clear(struct page *pg)
{
	frontmatter_free(&pg->meta);
	free(pg->anchors);
	pg->anchors = NULL;
	pg->anchors_len = 0;
	pg->rendered = 0;
	pg->ok = 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*dir = getenv("CANDOUR_FUZZ_SITE");
	struct page	*pg;

	(void)argc;
	(void)argv;
	if (dir == NULL || *dir == '\0')
		dir = FUZZ_SITE_DIR;
	/* The fixture's own errors are shown; the inputs' are not. */
	diag_init(&diag, stderr);
	markdown_init();
	if (site_scan(&site, dir, &diag) == -1 || diag.nerrors > 0)
		fixture_fail("the site does not load", dir);
	pg = site_page_by_src(&site, FUZZ_PAGE_SRC, strlen(FUZZ_PAGE_SRC));
	if (pg == NULL || pg->depth != 2)
		fixture_fail("pages/" FUZZ_PAGE_SRC " is missing", dir);
	site_pin(pg);
	slot = pg->id;
	render_fixture(dir);
	slot_clear(pg);
	if (getenv("CANDOUR_FUZZ_VERBOSE") != NULL)
		sink = stderr;
	else if ((sink = fopen("/dev/null", "w")) == NULL)
		fixture_fail("cannot open /dev/null", "/dev/null");
	diag_init(&diag, sink);
	return 0;
}

/* Lay the page out as build_page does; the HTML is thrown away. */
static void
lay_out(struct page *pg, const struct md_page *md)
{
	struct buf	 html = BUF_INIT, root = BUF_INIT;
	struct layout	 l;
	size_t		 i;

	for (i = 0; i < pg->depth; i++)
		buf_puts(&root, "../");
	memset(&l, 0, sizeof(l));
	l.title = pg->meta.title;
	l.root = buf_str(&root);
	l.page = pg;
	l.md = md;
	layout_page(&html, &site, &l);
	buf_free(&html);
	buf_free(&root);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct page	*pg = site_page(&site, slot);	/* pinned */
	struct links	 links = { &site };
	struct md_page	 md;
	char		*text;
	size_t		 yaml, yaml_len, body, line0;
	int		 rc;

	/* file_read refuses larger pages; a NUL-terminated copy, as it gives. */
	if (size > PAGE_FILE_MAX || (text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (utf8_check(text, size) != size)
		goto out;
	diag_init(&diag, sink);
	if (frontmatter_split(text, size, pg->file, &diag, &yaml, &yaml_len,
	    &body, &line0) == -1)
		goto out;
	/* line0 1: the front matter starts after the "---" line (site.c). */
	pg->ok = frontmatter_parse(&pg->meta, text + yaml, yaml_len,
	    pg->file, 1, &diag) == 0;
	/*
	 * The build renders only pages whose front matter is good, but
	 * markdown_render never reads it: render every body, for coverage.
	 */
	memset(&md, 0, sizeof(md));
	rc = markdown_render(&md, &site, pg, text + body, size - body, line0,
	    &links, &diag);
	/* Its anchors into the index (links to itself are checked too). */
	if (site_page_done(&site, pg) == -1)
		abort();
	(void)links_verify(&links, &diag);
	if (pindex_forget_links(site.index) == -1)
		abort();
	if (rc == 0 && pg->ok)
		lay_out(pg, &md);
	diag_flush(&diag);
	md_page_free(&md);
out:
	slot_clear(pg);
	free(text);
	return 0;
}
