#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "html.h"
#include "markdown.h"
#include "site.h"
#include "utf8.h"

/* Files other than pages that are published beside them. */
static const char *const asset_exts[] = { ".svg", ".png", ".jpg", ".jpeg",
    ".gif", ".webp", ".pdf", ".csv", ".txt" };

struct scan {
	struct site	*site;
	struct diag	*diag;
	size_t		 cap_assets;
	int		 rc;
};

static int
has_ext(const char *name, const char *ext)
{
	size_t	 n = strlen(name), e = strlen(ext);

	return n > e && strcmp(name + n - e, ext) == 0;
}

static int
is_asset(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(asset_exts) / sizeof(asset_exts[0]); i++)
		if (has_ext(name, asset_exts[i]))
			return 1;
	return 0;
}

/* Names become URLs: letters, digits, '-' and '_' only (and the extension). */
static int
name_ok(const char *name, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '-' ||
		    name[i] == '_'))
			return 0;
	return n > 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
add_asset(struct scan *s, const char *rel)
{
	struct site	*site = s->site;
	char		**p;

	if (site->nassets == s->cap_assets) {
		s->cap_assets = s->cap_assets ? s->cap_assets * 2 : 16;
		p = realloc(site->assets, s->cap_assets * sizeof(*p));
		if (p == NULL)
			return -1;
		site->assets = p;
	}
	if ((site->assets[site->nassets] = strdup(rel)) == NULL)
		return -1;
	site->nassets++;
	return 0;
}

/* Read the front matter of the page at index i; marks it ok or reports. */
static void
read_meta(struct scan *s, struct page *pg)
{
	struct buf	 text = BUF_INIT;
	size_t		 bad, line, col, yaml, yaml_len, body, line0;

	if (file_read(pg->file, PAGE_FILE_MAX, &text, s->diag) == -1) {
		s->rc = -1;
		goto out;
	}
	if ((bad = utf8_check(buf_str(&text), text.len)) != text.len) {
		utf8_position(buf_str(&text), bad, &line, &col);
		diag_error(s->diag, pg->file, line, col, "the file is not "
		    "valid UTF-8 text; save it as UTF-8 in your editor");
		s->rc = -1;
		goto out;
	}
	if (frontmatter_split(buf_str(&text), text.len, pg->file, s->diag,
	    &yaml, &yaml_len, &body, &line0) == -1 ||
	    frontmatter_parse(&pg->meta, buf_str(&text) + yaml, yaml_len,
	    pg->file, 1, s->diag) == -1) {
		s->rc = -1;
		goto out;
	}
	pg->ok = 1;
out:
	buf_free(&text);
}

/* The page being added goes into the index. 0 or -1 (reported). */
static int
flush_adding(struct site *site)
{
	struct page	*pg = site->adding;

	if (pg == NULL || pg->src == NULL)
		return 0;
	if (pindex_add(site->index, pg) == -1)
		return -1;
	/* Its generator's data belongs to the index now. */
	page_clear(pg);
	return 0;
}

struct page *
site_add_page(struct site *site, const char *src, const char *file,
    const char *url, struct diag *d)
{
	struct page	*pg;
	size_t		 i;

	if (site->npages == SITE_PAGES_MAX) {
		diag_error(d, file, 0, 0, "more than %d pages; candour builds at "
		    "most that many", SITE_PAGES_MAX);
		return NULL;
	}
	if (site->index == NULL || flush_adding(site) == -1)
		return NULL;
	if (site->adding == NULL &&
	    (site->adding = calloc(1, sizeof(*site->adding))) == NULL)
		return NULL;
	pg = site->adding;
	pg->prev = pg->next = pg->id = SITE_NONE;
	site->npages++;
	if ((pg->src = strdup(src)) == NULL ||
	    (pg->file = strdup(file)) == NULL ||
	    (pg->url = strdup(url)) == NULL)
		return NULL;
	for (i = 0; pg->url[i] != '\0'; i++)
		if (pg->url[i] == '/')
			pg->depth++;
	return pg;
}

static int
add_page(struct scan *s, const char *rel, const char *file)
{
	struct page	*pg;
	struct buf	 url = BUF_INIT;
	size_t		 n = strlen(rel) - 3;

	/* "index.md" is its folder's page; "a/b.md" is "a/b/". */
	if (n >= 5 && memcmp(rel + n - 5, "index", 5) == 0 &&
	    (n == 5 || rel[n - 6] == '/'))
		buf_put(&url, rel, n - 5);
	else {
		buf_put(&url, rel, n);
		buf_putc(&url, '/');
	}
	pg = url.err ? NULL : site_add_page(s->site, rel, file, buf_str(&url),
	    s->diag);
	buf_free(&url);
	if (pg == NULL)
		return -1;
	read_meta(s, pg);
	return 0;
}

/*
 * Is name "stem.LL.md" for a language LL of the site other than its own?
 * Returns LL's index and sets *stem to the stem's length, or returns 0.
 */
static int
translation_lang(struct scan *s, const char *name, size_t *stem)
{
	const struct config *c = &s->site->config;
	size_t	 n = strlen(name) - 3, dot;
	int	 lang;
	char	 code[8];

	for (dot = n; dot > 0 && name[dot - 1] != '.'; dot--)
		;
	if (dot < 2 || n - dot >= sizeof(code) || n - dot < 2)
		return 0;
	memcpy(code, name + dot, n - dot);
	code[n - dot] = '\0';
	if ((lang = config_lang(c, code)) <= 0)
		return 0;
	*stem = dot - 1;
	return lang;
}

/* Add pages/rel, a translation: "a/b.cy.md" is "cy/a/b/", of "a/b.md". */
static int
add_translation(struct scan *s, const char *rel, const char *file,
    const char *name, size_t stem)
{
	struct page	*pg;
	struct buf	 url = BUF_INIT, orig = BUF_INIT;
	size_t		 dir = strlen(rel) - strlen(name);
	int		 lang = translation_lang(s, name, &stem);

	if (!name_ok(name, stem)) {
		diag_error(s->diag, file, 0, 0, "file names may use only "
		    "letters, digits, '-' and '_' before the language and the "
		    "extension (they become web addresses); rename it");
		s->rc = -1;
		return 0;
	}
	buf_put(&orig, rel, dir + stem);
	buf_puts(&orig, ".md");
	buf_printf(&url, "%s/", s->site->config.lang[lang].code);
	buf_put(&url, rel, dir);
	if (stem != 5 || memcmp(name, "index", 5) != 0) {
		buf_put(&url, name, stem);
		buf_putc(&url, '/');
	}
	pg = url.err || orig.err ? NULL : site_add_page(s->site, rel, file,
	    buf_str(&url), s->diag);
	if (pg != NULL) {
		pg->lang = (size_t)lang;
		pg->translation = 1;
		pg->original = buf_detach(&orig);
		read_meta(s, pg);
	}
	buf_free(&url);
	buf_free(&orig);
	return pg == NULL || pg->original == NULL ? -1 : 0;
}

/* Visit folder rel (relative to pages/, "" for the top) and below. */
static int
walk(struct scan *s, const char *pages_dir, const char *rel, size_t depth)
{
	DIR		*dir;
	struct dirent	*de;
	struct stat	 st;
	struct buf	 path = BUF_INIT, sub = BUF_INIT;
	char		**names = NULL, **p;
	size_t		 n = 0, cap = 0, i, stem;
	int		 rc = 0;

	buf_printf(&path, "%s/%s", pages_dir, rel);
	if ((dir = opendir(buf_str(&path))) == NULL) {
		diag_error(s->diag, buf_str(&path), 0, 0, "cannot open the "
		    "folder: %s", strerror(errno));
		buf_free(&path);
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.' || has_ext(de->d_name, "~"))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((p = realloc(names, cap * sizeof(*p))) == NULL) {
				rc = -1;
				break;
			}
			names = p;
		}
		if ((names[n] = strdup(de->d_name)) == NULL) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(dir);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; rc == 0 && i < n; i++) {
		buf_truncate(&sub, 0);
		buf_printf(&sub, "%s%s", rel, names[i]);
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%s", pages_dir, buf_str(&sub));
		if (sub.err || path.err) {
			rc = -1;
			break;
		}
		if (stat(buf_str(&path), &st) == -1) {
			diag_error(s->diag, buf_str(&path), 0, 0, "cannot read: "
			    "%s", strerror(errno));
			s->rc = -1;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (!name_ok(names[i], strlen(names[i]))) {
				diag_error(s->diag, buf_str(&path), 0, 0,
				    "folder names may use only letters, digits, "
				    "'-' and '_' (they become web addresses); "
				    "rename it");
				s->rc = -1;
				continue;
			}
			if (depth == 0 && config_lang(&s->site->config,
			    names[i]) > 0) {
				diag_error(s->diag, buf_str(&path), 0, 0,
				    "the folder has the name of one of the "
				    "site's languages, where candour puts that "
				    "language's pages; rename it");
				s->rc = -1;
				continue;
			}
			if (depth + 1 > SITE_DEPTH_MAX) {
				diag_error(s->diag, buf_str(&path), 0, 0,
				    "folders are nested more than %d deep; move "
				    "it higher up", SITE_DEPTH_MAX);
				s->rc = -1;
				continue;
			}
			buf_putc(&sub, '/');
			rc = walk(s, pages_dir, buf_str(&sub), depth + 1);
			continue;
		}
		stem = strlen(names[i]);
		while (stem > 0 && names[i][stem - 1] != '.')
			stem--;
		stem = stem > 0 ? stem - 1 : strlen(names[i]);
		if (!S_ISREG(st.st_mode) || (!has_ext(names[i], ".md") &&
		    !is_asset(names[i]))) {
			diag_error(s->diag, buf_str(&path), 0, 0, "is not a "
			    "page (.md) or a picture or document candour can "
			    "publish (.svg, .png, .jpg, .jpeg, .gif, .webp, "
			    ".pdf, .csv, .txt); move it out of pages/");
			s->rc = -1;
		} else if (has_ext(names[i], ".md") &&
		    translation_lang(s, names[i], &stem) > 0) {
			rc = add_translation(s, buf_str(&sub), buf_str(&path),
			    names[i], stem);
		} else if (!name_ok(names[i], stem)) {
			diag_error(s->diag, buf_str(&path), 0, 0, "file names "
			    "may use only letters, digits, '-' and '_' before "
			    "the extension (they become web addresses); "
			    "rename it");
			s->rc = -1;
		} else if (has_ext(names[i], ".md"))
			rc = add_page(s, buf_str(&sub), buf_str(&path));
		else
			rc = add_asset(s, buf_str(&sub));
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (path.err || sub.err)
		rc = -1;
	buf_free(&path);
	buf_free(&sub);
	return rc;
}

static int	stand_in_render(struct md_page *, const struct site *,
		    struct page *, struct links *, struct diag *);

/* Stands in for a page not yet translated into the page's language. */
static const struct generator stand_in_generator = {
	"translation", NULL, stand_in_render, NULL, NULL
};

static int
stand_in_render(struct md_page *out, const struct site *site,
    struct page *pg, struct links *links, struct diag *d)
{
	const struct page *orig = site_original(site, pg);
	const struct config *c = &site->config;
	struct buf	*o = &out->body;
	size_t		 i;

	(void)links;
	(void)d;
	if (orig == NULL)
		return -1;
	buf_puts(o, "<p>");
	html_texts(o, c->lang[pg->lang].msg[MSG_NOT_TRANSLATED]);
	buf_puts(o, "</p>\n<p>");
	html_texts(o, c->lang[pg->lang].msg[MSG_READ_ORIGINAL]);
	buf_puts(o, " <a href=\"");
	for (i = 0; i < pg->depth; i++)
		buf_puts(o, "../");
	html_url(o, orig->url);
	if (pg->depth == 0 && *orig->url == '\0')
		buf_puts(o, "./");
	buf_puts(o, "\" hreflang=\"");
	html_attrs(o, c->lang[orig->lang].code);
	buf_puts(o, "\" lang=\"");
	html_attrs(o, c->lang[orig->lang].code);
	buf_puts(o, "\">");
	html_texts(o, orig->meta.title);
	buf_puts(o, "</a></p>\n");
	return o->err ? -1 : 0;
}

/*
 * For each language but the site's, add a stand-in for every page that has
 * no translation into it, so every page exists in every language.
 */
static int
add_stand_ins(struct site *site, struct diag *d)
{
	const struct config *c = &site->config;
	size_t	 lang;
	long	 n;

	for (lang = 1; lang < c->nlang; lang++) {
		if ((n = pindex_add_stand_ins(site->index, lang,
		    c->lang[lang].code)) == -1)
			return -1;
		site->npages += (size_t)n;
	}
	if (site->npages > SITE_PAGES_MAX) {
		diag_error(d, site->content_dir, 0, 0, "more than %d pages, "
		    "counting one for each page not yet translated into each "
		    "language; candour builds at most that many",
		    SITE_PAGES_MAX);
		return -1;
	}
	return 0;
}

/* Each real translation must name a page that exists. */
static int
check_translations(struct site *site, struct diag *d)
{
	const struct page *orig;
	struct page	*pg;
	const char	*code;
	int		 rc = 0;

	if (site_walk(site, PINDEX_TRANSLATIONS, 0) == -1)
		return -1;
	while ((pg = site_next(site)) != NULL) {
		site_pin(pg);
		orig = site_page_by_src(site, pg->original,
		    strlen(pg->original));
		code = site->config.lang[pg->lang].code;
		if (orig == NULL || orig->translation) {
			diag_error(d, pg->file, 0, 0, "is a translation of "
			    "%s, which does not exist; name a translation "
			    "after the page it translates, adding .%s before "
			    ".md", pg->original, code);
			rc = -1;
		} else if (pg->ok && pg->meta.lang != NULL &&
		    strcmp(pg->meta.lang, code) != 0) {
			diag_error(d, pg->file, 0, 0, "its name says it is in "
			    "'%s' but its front matter says lang '%s'; remove "
			    "the lang line", code, pg->meta.lang);
			rc = -1;
		}
		site_unpin(pg);
	}
	return rc;
}

/* Two pages (or a page and a generated one) at one address. */
static int
check_urls(struct site *site, struct diag *d)
{
	struct page	*a = NULL, *b;
	int		 rc = 0;

	if (site_walk(site, PINDEX_DUP_URLS, 0) == -1)
		return -1;
	while ((b = site_next(site)) != NULL) {
		if (a != NULL && strcmp(a->url, b->url) == 0) {
			if (a->src[0] == '@' || b->src[0] == '@')
				diag_error(d, a->src[0] == '@' ? b->file :
				    a->file, 0, 0, "is published at %s, where "
				    "candour puts %s; rename it", a->url,
				    a->src[0] == '@' ? a->file : b->file);
			else
				diag_error(d, b->file, 0, 0, "is published at "
				    "the same address as %s; rename or remove "
				    "one of them", a->file);
			rc = -1;
		}
		if (a != NULL)
			site_unpin(a);
		site_pin(b);
		a = b;
	}
	if (a != NULL)
		site_unpin(a);
	return rc;
}

const struct page *
site_original(const struct site *site, const struct page *pg)
{
	if (!pg->translation)
		return pg;
	return site_page_by_src(site, pg->original, strlen(pg->original));
}

const struct page *
site_version(const struct site *site, const struct page *orig, size_t lang)
{
	struct buf	 url = BUF_INIT;
	const struct page *pg;

	if (lang == orig->lang)
		return orig;
	buf_printf(&url, "%s/%s", site->config.lang[lang].code, orig->url);
	pg = url.err ? NULL : site_page_by_url(site, buf_str(&url), url.len);
	buf_free(&url);
	return pg;
}

/* Find a page named by a setting (pinned); reports at site.yaml if not. */
static struct page *
setting_page(struct site *site, enum setting set, struct diag *d)
{
	struct page	*pg;
	const char	*src = site->config.value[set];
	struct buf	 file = BUF_INIT;

	buf_printf(&file, "%s/site.yaml", site->content_dir);
	if ((pg = site_page_by_src(site, src, strlen(src))) == NULL)
		diag_error(d, buf_str(&file), 0, 0, "names the page '%s', but "
		    "there is no pages/%s; create it or correct the setting",
		    src, src);
	else
		site_pin(pg);
	buf_free(&file);
	return pg;
}

int
site_scan(struct site *site, const char *content_dir, struct diag *d)
{
	struct scan	 s;
	struct buf	 pages_dir = BUF_INIT;
	struct page	*pg;
	const char	*why;
	size_t		 i, cap = 0, *v;
	long		 n;

	memset(site, 0, sizeof(*site));
	memset(&s, 0, sizeof(s));
	site->content_dir = content_dir;
	s.site = site;
	s.diag = d;
	if ((site->index = pindex_open(&stand_in_generator, &why)) == NULL)
		return -1;	/* site_error says why */
	if (config_read(&site->config, content_dir, d) == -1)
		s.rc = -1;
	else
		site->config_ok = 1;
	buf_printf(&pages_dir, "%s/pages", content_dir);
	if (pages_dir.err || walk(&s, buf_str(&pages_dir), "", 0) == -1) {
		if (d->nerrors == 0)
			diag_error(d, buf_str(&pages_dir), 0, 0, "out of memory "
			    "while reading the pages");
		buf_free(&pages_dir);
		return -1;
	}
	buf_free(&pages_dir);
	for (i = 0; site->config_ok && site_generators[i] != NULL; i++)
		if (site_generators[i]->scan(site, d) == -1)
			s.rc = -1;
	if (flush_adding(site) == -1 ||
	    (site->config_ok && add_stand_ins(site, d) == -1) ||
	    (n = pindex_finish(site->index)) == -1)
		return -1;	/* the index failed: site_error says why */
	site->npages = (size_t)n;
	if (site->nassets > 0)
		qsort(site->assets, site->nassets, sizeof(*site->assets),
		    cmp_str);
	if (check_urls(site, d) == -1)
		s.rc = -1;
	if (site_has_asset(site, "robots.txt", 10)) {
		diag_error(d, content_dir, 0, 0, "pages/robots.txt would "
		    "replace the robots.txt candour writes; remove it");
		s.rc = -1;
	}
	if (check_translations(site, d) == -1)
		s.rc = -1;
	if (site_walk(site, PINDEX_NAV, 0) == -1)
		return -1;
	while ((pg = site_next(site)) != NULL) {
		if (site->nnav == cap) {
			cap = cap ? cap * 2 : 16;
			if ((v = realloc(site->nav, cap * sizeof(*v))) ==
			    NULL) {
				site_walk_end(site);
				return -1;
			}
			site->nav = v;
		}
		site->nav[site->nnav++] = pg->id;
	}
	if ((site->home = site_page_by_url(site, "", 0)) != NULL)
		site_pin(site->home);
	else {
		diag_error(d, content_dir, 0, 0, "the home page "
		    "pages/index.md is missing; create it with a title and a "
		    "short welcome");
		s.rc = -1;
	}
	if (site->config.value[SET_OMBUDSMAN_PAGE] != NULL &&
	    (site->ombudsman = setting_page(site, SET_OMBUDSMAN_PAGE, d)) ==
	    NULL)
		s.rc = -1;
	if (site->config.value[SET_ACCESSIBILITY_PAGE] != NULL &&
	    (site->accessibility = setting_page(site, SET_ACCESSIBILITY_PAGE,
	    d)) == NULL)
		s.rc = -1;
	return site_error(site) != NULL ? -1 : s.rc;
}

void
site_free(struct site *site)
{
	size_t	 i;
	struct page *pg = site->adding;

	if (pg != NULL) {
		if (pg->gen != NULL && pg->gen->free_data != NULL)
			pg->gen->free_data(pg->data);
		page_clear(pg);
		free(pg);
	}
	pindex_close(site->index);
	for (i = 0; i < site->nassets; i++)
		free(site->assets[i]);
	free(site->assets);
	free(site->nav);
	config_free(&site->config);
	memset(site, 0, sizeof(*site));
}

struct page *
site_page(const struct site *site, size_t id)
{
	return pindex_page(site->index, id);
}

/* A pin is the cache's bookkeeping, not a change to the page. */
void
site_pin(const struct page *pg)
{
	if (pg != NULL)
		pindex_pin((struct page *)pg);
}

void
site_unpin(const struct page *pg)
{
	if (pg != NULL)
		pindex_unpin((struct page *)pg);
}

struct page *
site_page_by_src(const struct site *site, const char *s, size_t n)
{
	size_t	 id;

	if (site->index == NULL ||
	    (id = pindex_by_src(site->index, s, n)) == SITE_NONE)
		return NULL;
	return pindex_page(site->index, id);
}

struct page *
site_page_by_url(const struct site *site, const char *s, size_t n)
{
	size_t	 id;

	if (site->index == NULL ||
	    (id = pindex_by_url(site->index, s, n)) == SITE_NONE)
		return NULL;
	return pindex_page(site->index, id);
}

int
site_has_url_prefix(const struct site *site, const char *s, size_t n)
{
	return site->index != NULL && pindex_url_prefix(site->index, s, n);
}

int
site_walk(const struct site *site, enum pindex_walk w, size_t lang)
{
	return pindex_walk(site->index, w, lang);
}

struct page *
site_next(const struct site *site)
{
	size_t	 id = pindex_next(site->index);

	return id == SITE_NONE ? NULL : pindex_page(site->index, id);
}

void
site_walk_end(const struct site *site)
{
	pindex_walk_end(site->index);
}

int
site_page_done(const struct site *site, struct page *pg)
{
	int	 rc = 0;

	if (pg->rendered)
		rc = pindex_rendered(site->index, pg->id,
		    pg->anchors, pg->anchors_len / sizeof(uint64_t));
	free(pg->anchors);
	pg->anchors = NULL;
	pg->anchors_len = 0;
	return rc;
}

const char *
site_error(const struct site *site)
{
	if (site->index == NULL)
		return site->content_dir != NULL ? "the page index cannot "
		    "start (out of memory, or no temporary file could be "
		    "made)" : NULL;
	return pindex_error(site->index);
}

int
site_has_asset(const struct site *site, const char *s, size_t n)
{
	size_t	 lo = 0, hi = site->nassets, mid;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strncmp(site->assets[mid], s, n);
		if (c == 0 && site->assets[mid][n] != '\0')
			c = 1;
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}
