#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
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

struct page *
site_add_page(struct site *site, const char *src, const char *file,
    const char *url, struct diag *d)
{
	struct page	*p, *pg;
	size_t		 i;

	if (site->npages == SITE_PAGES_MAX) {
		diag_error(d, file, 0, 0, "more than %d pages; candour builds at "
		    "most that many", SITE_PAGES_MAX);
		return NULL;
	}
	if (site->npages == site->cap_pages) {
		site->cap_pages = site->cap_pages ? site->cap_pages * 2 : 64;
		if ((p = realloc(site->pages, site->cap_pages * sizeof(*p))) ==
		    NULL)
			return NULL;
		site->pages = p;
	}
	pg = &site->pages[site->npages];
	memset(pg, 0, sizeof(*pg));
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

static int
cmp_page(const void *a, const void *b)
{
	return strcmp(((const struct page *)a)->src,
	    ((const struct page *)b)->src);
}

static const struct site *sort_site;

static int
cmp_url(const void *a, const void *b)
{
	return strcmp(sort_site->pages[*(const size_t *)a].url,
	    sort_site->pages[*(const size_t *)b].url);
}

static int
cmp_nav(const void *a, const void *b)
{
	const struct page *pa = &sort_site->pages[*(const size_t *)a];
	const struct page *pb = &sort_site->pages[*(const size_t *)b];

	if (pa->meta.order != pb->meta.order)
		return pa->meta.order < pb->meta.order ? -1 : 1;
	return strcmp(pa->src, pb->src);
}

/* Find a page named by a setting; reports at site.yaml if missing. */
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
	buf_free(&file);
	return pg;
}

int
site_scan(struct site *site, const char *content_dir, struct diag *d)
{
	struct scan	 s;
	struct buf	 pages_dir = BUF_INIT;
	size_t		 i;

	memset(site, 0, sizeof(*site));
	memset(&s, 0, sizeof(s));
	site->content_dir = content_dir;
	s.site = site;
	s.diag = d;
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
	if (site->npages > 0)
		qsort(site->pages, site->npages, sizeof(*site->pages),
		    cmp_page);
	if (site->nassets > 0)
		qsort(site->assets, site->nassets, sizeof(*site->assets),
		    cmp_str);
	if ((site->by_url = calloc(site->npages + 1, sizeof(size_t))) == NULL ||
	    (site->nav = calloc(site->npages + 1, sizeof(size_t))) == NULL)
		return -1;
	for (i = 0; i < site->npages; i++)
		site->by_url[i] = i;
	sort_site = site;
	qsort(site->by_url, site->npages, sizeof(size_t), cmp_url);
	for (i = 1; i < site->npages; i++) {
		const struct page *a = &site->pages[site->by_url[i - 1]];
		const struct page *b = &site->pages[site->by_url[i]];
		if (strcmp(a->url, b->url) == 0) {
			diag_error(d, b->file, 0, 0, "is published at the same "
			    "address as %s; rename or remove one of them",
			    a->file);
			s.rc = -1;
		}
	}
	for (i = 0; i < site->npages; i++)
		if (strcmp(site->pages[i].url, "sitemap/") == 0) {
			diag_error(d, site->pages[i].file, 0, 0, "is published at "
			    "sitemap/, where candour puts the list of all pages; "
			    "rename it");
			s.rc = -1;
		}
	if (site_has_asset(site, "robots.txt", 10)) {
		diag_error(d, content_dir, 0, 0, "pages/robots.txt would "
		    "replace the robots.txt candour writes; remove it");
		s.rc = -1;
	}
	for (i = 0; i < site->npages; i++) {
		struct page *pg = &site->pages[i];
		if (pg->depth == 1 && pg->ok && pg->meta.has_order)
			site->nav[site->nnav++] = i;
	}
	qsort(site->nav, site->nnav, sizeof(size_t), cmp_nav);
	site->home = site_page_by_url(site, "", 0);
	if (site->home == NULL) {
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
	return s.rc;
}

void
site_free(struct site *site)
{
	size_t	 i;

	for (i = 0; i < site->npages; i++) {
		if (site->pages[i].gen != NULL &&
		    site->pages[i].gen->free_data != NULL)
			site->pages[i].gen->free_data(site->pages[i].data);
		free(site->pages[i].src);
		free(site->pages[i].file);
		free(site->pages[i].url);
		free(site->pages[i].anchors);
		frontmatter_free(&site->pages[i].meta);
	}
	for (i = 0; i < site->nassets; i++)
		free(site->assets[i]);
	free(site->pages);
	free(site->assets);
	free(site->by_url);
	free(site->nav);
	config_free(&site->config);
	memset(site, 0, sizeof(*site));
}

struct page *
site_page_by_src(const struct site *site, const char *s, size_t n)
{
	size_t	 lo = 0, hi = site->npages, mid;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strncmp(site->pages[mid].src, s, n);
		if (c == 0 && site->pages[mid].src[n] != '\0')
			c = 1;
		if (c == 0)
			return &site->pages[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct page *
site_page_by_url(const struct site *site, const char *s, size_t n)
{
	size_t	 lo = 0, hi = site->npages, mid;
	const char *u;
	int	 c;

	if (site->by_url == NULL)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		u = site->pages[site->by_url[mid]].url;
		c = strncmp(u, s, n);
		if (c == 0 && u[n] != '\0')
			c = 1;
		if (c == 0)
			return &site->pages[site->by_url[mid]];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
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
