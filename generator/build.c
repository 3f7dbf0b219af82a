#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assets.h"
#include "buf.h"
#include "build.h"
#include "config.h"
#include "diag.h"
#include "frontmatter.h"
#include "fsutil.h"
#include "html.h"
#include "layout.h"
#include "links.h"
#include "markdown.h"
#include "site.h"

struct out {
	struct buf	 tmp;		/* the temporary folder, or empty */
	struct buf	 prev;		/* the site being replaced, or empty */
	struct buf	 old;		/* scratch: a path under prev */
	struct diag	*diag;
	int		 failed;	/* a write failed: exit 3 */
};

/* Write rel under the temporary folder; records failure. */
static void
out_write(struct out *o, const char *rel, const char *data, size_t n)
{
	struct buf	 path = BUF_INIT;
	char		*slash;

	if (o->tmp.len == 0 || o->failed)
		return;
	buf_printf(&path, "%s/%s", buf_str(&o->tmp), rel);
	if (path.err)
		goto fail;
	if ((slash = strrchr(path.data, '/')) != NULL && slash > path.data +
	    o->tmp.len) {
		*slash = '\0';
		if (dir_make(path.data) == -1)
			goto fail;
		*slash = '/';
	}
	if (o->prev.len > 0) {
		/* Unchanged since the last build: link, do not write again. */
		buf_truncate(&o->old, 0);
		buf_printf(&o->old, "%s/%s", buf_str(&o->prev), rel);
		if (!o->old.err && file_link_same(buf_str(&o->old),
		    buf_str(&path), data, n) == 0)
			goto done;
	}
	if (file_create(buf_str(&path), data, n) == -1)
		goto fail;
done:
	buf_free(&path);
	return;
fail:
	diag_error(o->diag, buf_str(&path), 0, 0, "cannot write: %s; check "
	    "there is free disk space and you may write there",
	    strerror(errno));
	o->failed = 1;
	buf_free(&path);
}

static void
page_root(struct buf *root, size_t depth)
{
	size_t	 i;

	buf_truncate(root, 0);
	for (i = 0; i < depth; i++)
		buf_puts(root, "../");
}

/* Render one Markdown page and write it. Returns 0 or -1 (reported). */
static int
build_page(const struct site *site, struct page *pg, struct links *links,
    struct out *o, struct diag *d)
{
	struct buf	 text = BUF_INIT, html = BUF_INIT, root = BUF_INIT;
	struct buf	 rel = BUF_INIT;
	struct md_page	 md;
	struct layout	 l;
	size_t		 yaml, yaml_len, body, line0, i;
	int		 rc = -1;

	memset(&md, 0, sizeof(md));
	if (pg->gen != NULL) {
		if (pg->gen->render(&md, site, pg, links, d) == -1)
			goto out;
		pg->rendered = 1;
	} else if (file_read(pg->file, PAGE_FILE_MAX, &text, d) == -1 ||
	    frontmatter_split(buf_str(&text), text.len, pg->file, d, &yaml,
	    &yaml_len, &body, &line0) == -1 ||
	    markdown_render(&md, site, pg, buf_str(&text) + body,
	    text.len - body, line0, links, d) == -1)
		goto out;
	rc = 0;
	if (o->tmp.len == 0)
		goto out;	/* checking only: nothing to lay out */
	page_root(&root, pg->depth);
	memset(&l, 0, sizeof(l));
	l.title = pg->meta.title;
	l.root = buf_str(&root);
	l.page = pg;
	l.md = &md;
	layout_page(&html, site, &l);
	buf_printf(&rel, "%sindex.html", pg->url);
	if (html.err || rel.err) {
		diag_error(d, pg->file, 0, 0, "out of memory laying out the "
		    "page");
		rc = -1;
		goto out;
	}
	out_write(o, buf_str(&rel), buf_str(&html), html.len);
	for (i = 0; i < md.nextras; i++) {
		if (md.extras[i].data.err) {
			diag_error(d, pg->file, 0, 0, "out of memory writing %s",
			    md.extras[i].rel);
			rc = -1;
		} else
			out_write(o, md.extras[i].rel,
			    buf_str(&md.extras[i].data), md.extras[i].data.len);
	}
out:
	md_page_free(&md);
	buf_free(&text);
	buf_free(&html);
	buf_free(&root);
	buf_free(&rel);
	return rc;
}

/* The full address of pg, for sitemap.xml. */
static void
put_loc(struct buf *xml, const char *base, const struct page *pg)
{
	size_t	 blen = strlen(base);

	html_xml(xml, base);
	if (blen > 0 && base[blen - 1] != '/')
		buf_putc(xml, '/');
	html_xml(xml, pg->url);
}

/*
 * sitemap.xml: every page but the stand-ins for missing translations, each
 * with its real translations as alternates; and robots.txt pointing to it.
 */
static void
build_sitemaps(const struct site *site, struct out *o)
{
	const struct config *c = &site->config;
	struct buf	 xml = BUF_INIT, robots = BUF_INIT;
	const struct page *pg, *orig, *v;
	const char	*base = c->value[SET_BASE_URL];
	size_t		 i, lang, blen = strlen(base), real;

	buf_puts(&xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""
	    " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
	for (i = 0; i < site->npages; i++) {
		pg = &site->pages[site->by_url[i]];
		if (!pg->ok || pg->stand_in)
			continue;
		buf_puts(&xml, "<url><loc>");
		put_loc(&xml, base, pg);
		buf_puts(&xml, "</loc>");
		orig = site_original(site, pg);
		for (real = 0, lang = 0; orig != NULL && lang < c->nlang;
		    lang++)
			if ((v = site_version(site, orig, lang)) != NULL &&
			    !v->stand_in)
				real++;
		for (lang = 0; real > 1 && lang < c->nlang; lang++) {
			if ((v = site_version(site, orig, lang)) == NULL ||
			    v->stand_in)
				continue;
			buf_puts(&xml, "\n<xhtml:link rel=\"alternate\" "
			    "hreflang=\"");
			html_xml(&xml, c->lang[lang].code);
			buf_puts(&xml, "\" href=\"");
			put_loc(&xml, base, v);
			buf_puts(&xml, "\"/>");
		}
		buf_puts(&xml, "</url>\n");
	}
	buf_puts(&xml, "</urlset>\n");
	buf_printf(&robots, "User-agent: *\nAllow: /\n\nSitemap: %s%s"
	    "sitemap.xml\n", base, blen > 0 && base[blen - 1] == '/' ? "" :
	    "/");
	if (xml.err || robots.err)
		o->failed = 1;
	out_write(o, "sitemap.xml", buf_str(&xml), xml.len);
	out_write(o, "robots.txt", buf_str(&robots), robots.len);
	buf_free(&xml);
	buf_free(&robots);
}

/* 404.html: served at any address, so its links start at the site path. */
static void
build_404(const struct site *site, struct out *o)
{
	struct buf	 body = BUF_INIT, html = BUF_INIT;
	const struct config *c = &site->config;
	struct layout	 l;

	buf_puts(&body, "<p>");
	html_texts(&body, c->msg[MSG_NOT_FOUND_TEXT]);
	buf_puts(&body, "</p>\n<p><a href=\"");
	html_url(&body, c->base_path);
	buf_puts(&body, "\">");
	html_texts(&body, c->msg[MSG_HOME]);
	buf_puts(&body, "</a></p>\n");
	memset(&l, 0, sizeof(l));
	l.title = c->msg[MSG_NOT_FOUND_TITLE];
	l.root = c->base_path;
	l.body = buf_str(&body);
	layout_page(&html, site, &l);
	if (html.err || body.err)
		o->failed = 1;
	out_write(o, "404.html", buf_str(&html), html.len);
	buf_free(&body);
	buf_free(&html);
}

static void
copy_assets(const struct site *site, struct out *o, struct diag *d)
{
	struct buf	 path = BUF_INIT, data = BUF_INIT;
	size_t		 i;

	for (i = 0; i < site->nassets; i++) {
		buf_truncate(&path, 0);
		buf_truncate(&data, 0);
		buf_printf(&path, "%s/pages/%s", site->content_dir,
		    site->assets[i]);
		if (file_read(buf_str(&path), PAGE_FILE_MAX * 16, &data, d) ==
		    -1)
			continue;
		out_write(o, site->assets[i], buf_str(&data), data.len);
	}
	buf_free(&path);
	buf_free(&data);
}

/*
 * Sibling names for the output folder: "dir/.name.new-XXXXXX". Sets parent
 * and prefix; returns -1 if out is unusable.
 */
static int
sibling(const char *out, struct buf *parent, struct buf *prefix)
{
	const char	*slash;
	size_t		 n = strlen(out);

	while (n > 1 && out[n - 1] == '/')
		n--;
	for (slash = out + n; slash > out && slash[-1] != '/'; slash--)
		;
	if (slash == out)
		buf_puts(parent, ".");
	else
		buf_put(parent, out, (size_t)(slash - out));
	buf_putc(prefix, '.');
	buf_put(prefix, slash, n - (size_t)(slash - out));
	if (n - (size_t)(slash - out) == 0 || strcmp(slash, ".") == 0 ||
	    strcmp(slash, "..") == 0)
		return -1;
	return parent->err || prefix->err ? -1 : 0;
}

/* Remove temporary folders that a killed build left behind. */
static void
remove_stale(const char *parent, const char *prefix)
{
	DIR		*dir;
	struct dirent	*de;
	struct buf	 want = BUF_INIT, path = BUF_INIT;

	buf_printf(&want, "%s.new-", prefix);
	if ((dir = opendir(parent)) == NULL)
		goto out;
	while ((de = readdir(dir)) != NULL) {
		if (strncmp(de->d_name, buf_str(&want), want.len) != 0)
			continue;
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%s", parent, de->d_name);
		(void)tree_remove(buf_str(&path));
	}
	closedir(dir);
out:
	buf_free(&want);
	buf_free(&path);
}

/*
 * Put the finished temporary folder in place of out: flush it to disk,
 * exchange the two names in one step (or rename, the first time), then
 * remove the old site. Returns 0 or -1 (errno).
 */
static int
swap_in(const char *tmp, const char *out, const char *parent, int no_sync)
{
	int	 fd;

	if (!no_sync) {
		if ((fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
			return -1;
		if (syncfs(fd) == -1) {
			close(fd);
			return -1;
		}
		close(fd);
	}
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_EXCHANGE) == -1) {
		if (errno != ENOENT || rename(tmp, out) == -1)
			return -1;
	} else if (tree_remove(tmp) == -1)
		return -1;
	if (!no_sync && dir_sync(parent) == -1)
		return -1;
	return 0;
}

static void
progress(const struct build_options *opt, size_t done, size_t total)
{
	if (opt->progress && (done % 250 == 0 || done == total))
		fprintf(stderr, "\rcandour: %zu of %zu pages", done, total);
	if (opt->progress && done == total)
		fputc('\n', stderr);
}

int
build_run(const struct build_options *opt)
{
	struct diag	 d;
	struct site	 site;
	struct links	 links = { NULL, 0, 0 };
	struct out	 o;
	struct buf	 parent = BUF_INIT, prefix = BUF_INIT;
	struct buf	 lock = BUF_INIT;
	size_t		 i;
	int		 lockfd = -1, status = EXIT_OK;

	struct stat	 st;

	diag_init(&d, opt->errors);
	if (stat(opt->content, &st) == -1 || !S_ISDIR(st.st_mode)) {
		fprintf(opt->errors, "candour: there is no content folder '%s'; "
		    "run candour in the folder that holds it, or name it with "
		    "--content\n", opt->content);
		return EXIT_INPUT;
	}
	memset(&o, 0, sizeof(o));
	o.diag = &d;
	markdown_init();
	if (site_scan(&site, opt->content, &d) == -1 && site.pages == NULL &&
	    d.nerrors == 0) {
		fprintf(opt->errors, "candour: out of memory\n");
		site_free(&site);
		return EXIT_ENV;
	}
	if (opt->out != NULL && d.nerrors == 0) {
		if (sibling(opt->out, &parent, &prefix) == -1) {
			fprintf(opt->errors, "candour: '%s' cannot be the output "
			    "folder; name a folder such as site\n", opt->out);
			status = EXIT_USAGE;
			goto done;
		}
		buf_printf(&lock, "%s/%s.lock", buf_str(&parent),
		    buf_str(&prefix));
		if (lock.err || (lockfd = open(buf_str(&lock), O_RDWR |
		    O_CREAT | O_CLOEXEC, 0644)) == -1 ||
		    flock(lockfd, LOCK_EX) == -1) {
			fprintf(opt->errors, "candour: %s: cannot lock: %s; check "
			    "the folder exists and you may write there\n",
			    buf_str(&lock), strerror(errno));
			status = EXIT_ENV;
			goto done;
		}
		remove_stale(buf_str(&parent), buf_str(&prefix));
		buf_printf(&o.tmp, "%s/%s.new-XXXXXX", buf_str(&parent),
		    buf_str(&prefix));
		if (o.tmp.err || mkdtemp(o.tmp.data) == NULL) {
			fprintf(opt->errors, "candour: cannot create a folder in "
			    "%s: %s\n", buf_str(&parent), strerror(errno));
			buf_truncate(&o.tmp, 0);
			status = EXIT_ENV;
			goto done;
		}
		if (lstat(opt->out, &st) == 0 && S_ISDIR(st.st_mode))
			buf_puts(&o.prev, opt->out);
	}
	for (i = 0; i < site.npages && site.config_ok; i++) {
		if (site.pages[i].ok)
			(void)build_page(&site, &site.pages[i], &links, &o, &d);
		progress(opt, i + 1, site.npages);
		diag_flush(&d);
	}
	if (d.nerrors == 0)
		(void)links_verify(&links, &site, &d);
	diag_flush(&d);
	if (o.tmp.len > 0 && d.nerrors == 0) {
		copy_assets(&site, &o, &d);
		out_write(&o, "style.css", asset_style_css,
		    asset_style_css_len);
		build_sitemaps(&site, &o);
		build_404(&site, &o);
	}
	if (o.failed)
		status = EXIT_ENV;
	else if (d.nerrors > 0)
		status = EXIT_INPUT;
	if (status == EXIT_OK && o.tmp.len > 0) {
		if (swap_in(buf_str(&o.tmp), opt->out, buf_str(&parent),
		    opt->no_sync) == -1) {
			fprintf(opt->errors, "candour: cannot put the new site "
			    "in place of %s: %s\n", opt->out, strerror(errno));
			status = EXIT_ENV;
		} else
			buf_truncate(&o.tmp, 0);
	}
done:
	if (o.tmp.len > 0)
		(void)tree_remove(buf_str(&o.tmp));
	if (status == EXIT_INPUT)
		fprintf(opt->errors, "candour: %zu error%s; %s\n", d.nerrors,
		    d.nerrors == 1 ? "" : "s", opt->out == NULL ?
		    "nothing was written" : "the site was not changed");
	if (lockfd != -1)
		close(lockfd);
	links_free(&links);
	site_free(&site);
	buf_free(&o.tmp);
	buf_free(&o.prev);
	buf_free(&o.old);
	buf_free(&parent);
	buf_free(&prefix);
	buf_free(&lock);
	return status;
}
