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
#include <time.h>
#include <unistd.h>

#include <sodium.h>

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
#include "manifest.h"
#include "output.h"
#include "markdown.h"
#include "site.h"
#include "sink.h"

/*
 * Make the reused spare folder at o->tmp hold nothing this build will not
 * write again: keep only the folders on the way to some page and each
 * page's index.html (every one is written again or checked), remove the
 * rest. Returns 0 or -1 (errno).
 */
static int
spare_prune(const struct site *site, struct buf *path, size_t base,
    size_t depth)
{
	DIR		*dir;
	struct dirent	*de;
	struct stat	 st;
	size_t		 len = path->len;
	const char	*rel;
	int		 rc = 0, isdir, keep;

	if (depth > SITE_DEPTH_MAX + 4 || (dir = opendir(buf_str(path))) ==
	    NULL)
		return -1;
	while (rc == 0 && (de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		buf_truncate(path, len);
		buf_printf(path, "/%s", de->d_name);
		if (path->err) {
			rc = -1;
			break;
		}
		if (de->d_type == DT_UNKNOWN) {
			if (lstat(buf_str(path), &st) == -1) {
				rc = -1;
				break;
			}
			isdir = S_ISDIR(st.st_mode);
		} else
			isdir = de->d_type == DT_DIR;
		/* rel: the path under the folder, as in a page's url. */
		rel = path->data + base;
		if (isdir) {
			/* Page urls end in '/': "a/" is a prefix of "a/b/". */
			buf_putc(path, '/');
			rel = path->data + base;
			keep = !path->err && site_has_url_prefix(site, rel,
			    strlen(rel));
			buf_truncate(path, path->len - 1);
			if (keep)
				rc = spare_prune(site, path, base, depth + 1);
			else
				rc = tree_remove(buf_str(path));
			continue;
		}
		keep = (de->d_type == DT_REG || (de->d_type == DT_UNKNOWN &&
		    S_ISREG(st.st_mode))) && strcmp(de->d_name,
		    "index.html") == 0 && site_page_by_url(site, rel,
		    strlen(rel) - strlen("index.html")) != NULL;
		if (!keep && unlink(buf_str(path)) == -1 && errno != ENOENT)
			rc = -1;
	}
	closedir(dir);
	buf_truncate(path, len);
	return rc;
}

static void
page_root(struct buf *root, size_t depth)
{
	size_t	 i;

	buf_truncate(root, 0);
	for (i = 0; i < depth; i++)
		buf_puts(root, "../");
}

/* Room the page buffers keep from one page to the next. */
#define PAGE_ROOM_KEEP ((size_t)256 * 1024)

/*
 * Lay out and write at rel a page whose generator writes its body a piece
 * at a time (l->md holds its toc): the layout's head, the body, the foot,
 * each sent on as it is made. Returns 0 or -1 (reported).
 */
static int
stream_page(const struct site *site, const struct page *pg,
    const struct layout *l, const char *rel, struct out *o, struct diag *d)
{
	struct out_stream s;
	struct sink	 sk;
	int		 ok, rc = 0;

	out_stream_open(&s, o, rel);
	sink_init(&sk, out_stream_send, &s);
	layout_head(&sk.buf, site, l);
	ok = sink_step(&sk) == 0 && pg->gen->stream(&sk, site, pg) == 0;
	if (ok)
		layout_foot(&sk.buf, site, l);
	if (!ok || sink_end(&sk) == -1) {
		/* Failures to write were reported as they happened. */
		if (!s.failed) {
			diag_error(d, pg->file, 0, 0, "out of memory laying "
			    "out the page");
			s.failed = 1;
		}
		rc = -1;
	}
	out_stream_close(&s);
	sink_free(&sk);
	return rc;
}

/* Render one Markdown page and write it. Returns 0 or -1 (reported). */
static int
build_page(const struct site *site, struct page *pg, struct links *links,
    struct out *o, struct diag *d)
{
	struct buf	 root = BUF_INIT, rel = BUF_INIT;
	struct buf	*text = &o->text, *html = &o->html;
	struct md_page	 md;
	struct layout	 l;
	size_t		 yaml, yaml_len, body, line0, i;
	int		 rc = -1;

	memset(&md, 0, sizeof(md));
	site_pin(pg);
	buf_truncate(text, 0);
	buf_truncate(html, 0);
	if (pg->gen != NULL) {
		if (pg->gen->render(&md, site, pg, links, d) == -1)
			goto out;
		pg->rendered = 1;
	} else if (file_read(pg->file, PAGE_FILE_MAX, text, d) == -1 ||
	    frontmatter_split(buf_str(text), text->len, pg->file, d, &yaml,
	    &yaml_len, &body, &line0) == -1 ||
	    markdown_render(&md, site, pg, buf_str(text) + body,
	    text->len - body, line0, links, d) == -1)
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
	buf_printf(&rel, "%sindex.html", pg->url);
	if (pg->gen != NULL && pg->gen->stream != NULL && !rel.err)
		rc = stream_page(site, pg, &l, buf_str(&rel), o, d);
	else {
		layout_page(html, site, &l);
		if (html->err || rel.err) {
			diag_error(d, pg->file, 0, 0, "out of memory laying out "
			    "the page");
			rc = -1;
			goto out;
		}
		out_write(o, buf_str(&rel), buf_str(html), html->len);
	}
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
	if (site_page_done(site, pg) == -1)
		rc = -1;
	site_unpin(pg);
	md_page_free(&md);
	buf_free(&root);
	buf_free(&rel);
	/* The page's buffers keep room for the next, but not a large page's. */
	if (text->cap > PAGE_ROOM_KEEP)
		buf_free(text);
	if (html->cap > PAGE_ROOM_KEEP)
		buf_free(html);
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

/* One page's entry in sitemap.xml, with its real translations. */
static void
put_sitemap_url(struct buf *xml, const struct site *site,
    const struct page *pg)
{
	const struct config *c = &site->config;
	const struct page *orig, *v;
	const char	*base = c->value[SET_BASE_URL];
	size_t		 lang, real;

	buf_puts(xml, "<url><loc>");
	put_loc(xml, base, pg);
	buf_puts(xml, "</loc>");
	orig = site_original(site, pg);
	site_pin(orig);
	for (real = 0, lang = 0; orig != NULL && lang < c->nlang; lang++)
		if ((v = site_version(site, orig, lang)) != NULL &&
		    !v->stand_in)
			real++;
	for (lang = 0; real > 1 && lang < c->nlang; lang++) {
		if ((v = site_version(site, orig, lang)) == NULL ||
		    v->stand_in)
			continue;
		buf_puts(xml, "\n<xhtml:link rel=\"alternate\" hreflang=\"");
		html_xml(xml, c->lang[lang].code);
		buf_puts(xml, "\" href=\"");
		put_loc(xml, base, v);
		buf_puts(xml, "\"/>");
	}
	buf_puts(xml, "</url>\n");
	site_unpin(orig);
}

/* sitemap.xml's entries: every page but the stand-ins, by address. */
static int
put_sitemap_urls(struct sink *xml, const struct site *site)
{
	struct page	*pg;
	int		 rc = 0;

	if (site_walk(site, PINDEX_BY_URL, 0) == -1)
		return -1;
	while (rc == 0 && (pg = site_next(site)) != NULL) {
		if (!pg->ok || pg->stand_in)
			continue;
		site_pin(pg);
		put_sitemap_url(&xml->buf, site, pg);
		rc = sink_step(xml);
		site_unpin(pg);
	}
	site_walk_end(site);
	return rc;
}
/*
 * sitemap.xml: every page but the stand-ins for missing translations, each
 * with its real translations as alternates, written a piece at a time; and
 * robots.txt pointing to it.
 */
static void
build_sitemaps(const struct site *site, struct out *o)
{
	struct out_stream s;
	struct sink	 xml;
	struct buf	 robots = BUF_INIT;
	const char	*base = site->config.value[SET_BASE_URL];
	size_t		 blen = strlen(base);

	out_stream_open(&s, o, "sitemap.xml");
	sink_init(&xml, out_stream_send, &s);
	buf_puts(&xml.buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""
	    " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
	if (put_sitemap_urls(&xml, site) == 0)
		buf_puts(&xml.buf, "</urlset>\n");
	if (sink_end(&xml) == -1 && !s.failed) {
		diag_error(o->diag, "sitemap.xml", 0, 0, "out of memory "
		    "writing it");
		s.failed = 1;
		o->failed = 1;
	}
	out_stream_close(&s);
	sink_free(&xml);
	buf_printf(&robots, "User-agent: *\nAllow: /\n\nSitemap: %s%s"
	    "sitemap.xml\n", base, blen > 0 && base[blen - 1] == '/' ? "" :
	    "/");
	if (robots.err)
		o->failed = 1;
	out_write(o, "robots.txt", buf_str(&robots), robots.len);
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

/*
 * Clear what a killed build left behind: its temporary manifest, and its
 * temporary folder, which becomes the spare if there is none (its contents
 * do not matter: a build reusing it checks or rewrites every file).
 */
static void
remove_stale(const char *parent, const char *prefix, const char *spare)
{
	struct stat	 st;
	DIR		*dir;
	struct dirent	*de;
	struct buf	 want = BUF_INIT, want2 = BUF_INIT, path = BUF_INIT;

	buf_printf(&want, "%s.new-", prefix);
	buf_printf(&want2, "%s.manifest.new-", prefix);
	if ((dir = opendir(parent)) == NULL)
		goto out;
	while ((de = readdir(dir)) != NULL) {
		if (strncmp(de->d_name, buf_str(&want), want.len) != 0 &&
		    strncmp(de->d_name, buf_str(&want2), want2.len) != 0)
			continue;
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%s", parent, de->d_name);
		if (path.err || ((lstat(spare, &st) == 0 || errno != ENOENT ||
		    strncmp(de->d_name, buf_str(&want), want.len) != 0 ||
		    rename(buf_str(&path), spare) == -1)))
			(void)tree_remove(buf_str(&path));
	}
	closedir(dir);
out:
	buf_free(&want);
	buf_free(&want2);
	buf_free(&path);
}

/*
 * Put the finished temporary folder in place of out: flush it to disk,
 * exchange the two names in one step (or rename, the first time), then keep
 * the old site as the spare folder the next build writes into (removing a
 * whole site costs far more than overwriting it). Returns 0 or -1 (errno).
 */
static int
swap_in(const char *tmp, const char *out, const char *parent,
    const char *spare, int no_sync)
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
	} else if (rename(tmp, spare) == -1 && tree_remove(tmp) == -1)
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

/*
 * Is the site at opt->out exactly what the manifest at path says the inputs
 * with identity id give? Then say so: the build has nothing to do.
 */
static int
up_to_date(const struct build_options *opt, const char *path,
    const unsigned char id[MANIFEST_BYTES])
{
	struct manifest	 m;
	struct manifest_files now;
	struct tm	 tm;
	time_t		 t;
	char		 when[64];

	if (manifest_read(path, &m) == -1 ||
	    sodium_memcmp(m.inputs, id, MANIFEST_BYTES) != 0)
		return 0;
	if (manifest_files_scan(opt->out, &now) != 0 || now.n !=
	    m.outputs.n || memcmp(now.sum, m.outputs.sum, MANIFEST_BYTES) != 0)
		return 0;
	t = (time_t)m.built;
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(when, sizeof(when), "the last build");
	printf("candour: %s is already up to date (nothing changed since "
	    "%s)\n", opt->out, when);
	return 1;
}

/*
 * After a build, record that the inputs with identity id gave the site
 * whose files are files, if the inputs still have that identity (nothing
 * changed them while the build read them). A failure only costs the next
 * build its shortcut.
 */
static void
record(const struct build_options *opt, const char *path,
    const unsigned char id[MANIFEST_BYTES], const struct manifest_files *files)
{
	struct manifest	 m;

	if (manifest_inputs(opt->content, m.inputs) != 0 ||
	    sodium_memcmp(m.inputs, id, MANIFEST_BYTES) != 0)
		return;
	m.outputs = *files;
	m.built = (long long)time(NULL);
	if (manifest_write(path, &m, opt->no_sync) == -1)
		fprintf(opt->errors, "candour: %s: cannot record what was "
		    "built: %s; the next build will do all its work again\n",
		    path, strerror(errno));
}

/*
 * The page index failed: say why, after whatever was reported before it
 * (which it may have caused). Never publish what it may have left out.
 */
static int
index_failed(const struct build_options *opt, const struct site *site,
    struct diag *d)
{
	diag_flush(d);
	fprintf(opt->errors, "candour: %s; check there is free space in the "
	    "temporary folder (TMPDIR, else /var/tmp or /tmp); %s\n",
	    site_error(site), opt->out == NULL ? "nothing was checked in "
	    "full" : "the site was not changed");
	return EXIT_ENV;
}

int
build_run(const struct build_options *opt)
{
	struct diag	 d;
	struct site	 site;
	struct links	 links = { &site };
	struct out	 o;
	struct buf	 parent = BUF_INIT, prefix = BUF_INIT;
	struct buf	 lock = BUF_INIT, mpath = BUF_INIT, path = BUF_INIT;
	unsigned char	 inputs[MANIFEST_BYTES];
	size_t		 i;
	int		 lockfd = -1, status = EXIT_OK, sure = 1;

	struct stat	 st;

	diag_init(&d, opt->errors);
	if (sodium_init() == -1) {
		fprintf(opt->errors, "candour: cannot start libsodium\n");
		return EXIT_ENV;
	}
	if (stat(opt->content, &st) == -1 || !S_ISDIR(st.st_mode)) {
		fprintf(opt->errors, "candour: there is no content folder '%s'; "
		    "run candour in the folder that holds it, or name it with "
		    "--content\n", opt->content);
		return EXIT_INPUT;
	}
	memset(&o, 0, sizeof(o));
	memset(&site, 0, sizeof(site));
	o.diag = &d;
	if (opt->out != NULL) {
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
		buf_printf(&o.spare, "%s/%s.spare", buf_str(&parent),
		    buf_str(&prefix));
		if (o.spare.err) {
			fprintf(opt->errors, "candour: out of memory\n");
			status = EXIT_ENV;
			goto done;
		}
		remove_stale(buf_str(&parent), buf_str(&prefix),
		    buf_str(&o.spare));
		buf_printf(&mpath, "%s/%s.manifest", buf_str(&parent),
		    buf_str(&prefix));
		if (mpath.err || (sure = manifest_inputs(opt->content,
		    inputs)) == -1) {
			fprintf(opt->errors, "candour: out of memory\n");
			status = EXIT_ENV;
			goto done;
		}
		if (sure == 0 && up_to_date(opt, buf_str(&mpath), inputs))
			goto done;
	}
	markdown_init();
	if (site_scan(&site, opt->content, &d) == -1 &&
	    site_error(&site) != NULL) {
		status = index_failed(opt, &site, &d);
		goto done;
	}
	if (opt->out != NULL && d.nerrors == 0) {
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
		/* Write into the spare folder, if there is one. */
		if (lstat(buf_str(&o.spare), &st) == 0 && !S_ISDIR(st.st_mode))
			(void)unlink(buf_str(&o.spare));
		if (rename(buf_str(&o.spare), buf_str(&o.tmp)) == 0) {
			o.reuse = 1;
			buf_truncate(&path, 0);
			buf_puts(&path, buf_str(&o.tmp));
			/* Only a real folder: never write through a link. */
			if (path.err || lstat(buf_str(&o.tmp), &st) == -1 ||
			    !S_ISDIR(st.st_mode) || spare_prune(&site, &path,
			    o.tmp.len + 1, 0) == -1) {
				/* Start afresh: an empty folder of that name. */
				o.reuse = 0;
				if ((unlink(buf_str(&o.tmp)) == -1 &&
				    tree_remove(buf_str(&o.tmp)) == -1) ||
				    mkdir(buf_str(&o.tmp), 0700) == -1) {
					fprintf(opt->errors, "candour: cannot "
					    "create %s: %s\n", buf_str(&o.tmp),
					    strerror(errno));
					status = EXIT_ENV;
					goto done;
				}
			}
		}
	}
	for (i = 0; i < site.npages && site.config_ok; i++) {
		struct page *pg = site_page(&site, i);
		if (site_error(&site) != NULL)
			break;
		if (pg->ok)
			(void)build_page(&site, pg, &links, &o, &d);
		progress(opt, i + 1, site.npages);
		diag_flush(&d);
	}
	/* The pages' buffers are done with. */
	buf_free(&o.text);
	buf_free(&o.html);
	if (d.nerrors == 0 && site_error(&site) == NULL)
		(void)links_verify(&links, &d);
	diag_flush(&d);
	if (o.tmp.len > 0 && d.nerrors == 0 && site_error(&site) == NULL) {
		copy_assets(&site, &o, &d);
		out_write(&o, "style.css", asset_style_css,
		    asset_style_css_len);
		build_sitemaps(&site, &o);
		build_404(&site, &o);
	}
	if (site_error(&site) != NULL) {
		status = index_failed(opt, &site, &d);
		goto done;
	}
	if (o.failed)
		status = EXIT_ENV;
	else if (d.nerrors > 0)
		status = EXIT_INPUT;
	if (status == EXIT_OK && o.tmp.len > 0) {
		/* What the new site is, once its files' times are settled. */
		if (sure == 0) {
			manifest_settle();
			if (manifest_files_scan(buf_str(&o.tmp), &o.files) != 0)
				sure = 1;
		}
		if (swap_in(buf_str(&o.tmp), opt->out, buf_str(&parent),
		    buf_str(&o.spare), opt->no_sync) == -1) {
			fprintf(opt->errors, "candour: cannot put the new site "
			    "in place of %s: %s\n", opt->out, strerror(errno));
			status = EXIT_ENV;
		} else {
			buf_truncate(&o.tmp, 0);
			if (sure == 0)
				record(opt, buf_str(&mpath), inputs, &o.files);
		}
	}
done:
	/* A failed build keeps the spare it was given, and only that. */
	if (o.tmp.len > 0 && (!o.reuse || rename(buf_str(&o.tmp),
	    buf_str(&o.spare)) == -1))
		(void)tree_remove(buf_str(&o.tmp));
	if (status == EXIT_INPUT)
		fprintf(opt->errors, "candour: %zu error%s; %s\n", d.nerrors,
		    d.nerrors == 1 ? "" : "s", opt->out == NULL ?
		    "nothing was written" : "the site was not changed");
	if (lockfd != -1)
		close(lockfd);
	site_free(&site);
	buf_free(&o.tmp);
	buf_free(&o.prev);
	buf_free(&o.old);
	buf_free(&o.spare);
	buf_free(&o.text);
	buf_free(&o.html);
	buf_free(&path);
	buf_free(&parent);
	buf_free(&prefix);
	buf_free(&lock);
	buf_free(&mpath);
	return status;
}
