#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"
#include "figures.h"
#include "frontmatter.h"
#include "fsutil.h"
#include "html.h"
#include "links.h"
#include "markdown.h"
#include "report.h"
#include "site.h"
#include "utf8.h"

enum part {
	PART_A,
	PART_B,
	PART_C,
	PART_D,
	PART_E,
	PART_F,
	PART_RESPONSE,
	PART__MAX
};

static const struct {
	const char	*slug;		/* file slug.md, page <year>/slug/ */
	const char	*letter;	/* "(a)", or "" */
	const char	*what;		/* for messages and the contents */
} parts[PART__MAX] = {
	[PART_A] = { "self-assessment", "(a)", "our self-assessment against "
	    "the Complaint Handling Code" },
	[PART_B] = { "analysis", "(b)", "our analysis of how we handled "
	    "complaints, with the complaints we refused to take on" },
	[PART_C] = { "non-compliance", "(c)", "any findings by the Housing "
	    "Ombudsman that we did not follow the Code" },
	[PART_D] = { "improvements", "(d)", "the improvements we made "
	    "after learning from complaints" },
	[PART_E] = { "ombudsman-annual-report", "(e)", "the Housing "
	    "Ombudsman's annual report about us" },
	[PART_F] = { "ombudsman-reports", "(f)", "other reports the Housing "
	    "Ombudsman published about our work" },
	[PART_RESPONSE] = { "response", "", "our governing body's response "
	    "to the report" },
};

enum kind {
	KIND_INDEX,
	KIND_YEAR,
	KIND_PART,
};

struct rpage {
	enum kind	 kind;
	int		 year;
	enum part	 part;
	int		*years;		/* KIND_INDEX: every year, oldest first */
	size_t		 nyears;
};

static void
rpage_free(void *data)
{
	struct rpage	*rp = data;

	if (rp != NULL)
		free(rp->years);
	free(rp);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
names_free(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * The names in folder dir (not those starting with '.'), sorted, so that
 * messages come in the same order everywhere. Returns 0, 1 when there is
 * no such folder, or -1 (reported).
 */
static int
list_dir(const char *dir, char ***names, size_t *n, struct diag *d)
{
	DIR		*dh;
	struct dirent	*de;
	char		**v = NULL, **p;
	size_t		 cap = 0;

	*names = NULL;
	*n = 0;
	if ((dh = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 1;
		diag_error(d, dir, 0, 0, "cannot open the folder: %s",
		    strerror(errno));
		return -1;
	}
	while ((de = readdir(dh)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((p = realloc(v, cap * sizeof(*p))) == NULL)
				goto fail;
			v = p;
		}
		if ((v[*n] = strdup(de->d_name)) == NULL)
			goto fail;
		(*n)++;
	}
	closedir(dh);
	if (*n > 0)
		qsort(v, *n, sizeof(*v), cmp_name);
	*names = v;
	return 0;
fail:
	closedir(dh);
	names_free(v, *n);
	*n = 0;
	diag_error(d, dir, 0, 0, "out of memory reading the folder");
	return -1;
}

/* Read a part's front matter into pg->meta; marks it ok or reports. */
static void
read_part_meta(struct page *pg, struct diag *d)
{
	struct buf	 text = BUF_INIT;
	size_t		 bad, line, col, yaml, yaml_len, body, line0;

	if (file_read(pg->file, PAGE_FILE_MAX, &text, d) == -1)
		goto out;
	if ((bad = utf8_check(buf_str(&text), text.len)) != text.len) {
		utf8_position(buf_str(&text), bad, &line, &col);
		diag_error(d, pg->file, line, col, "the file is not valid UTF-8 "
		    "text; save it as UTF-8 in your editor");
		goto out;
	}
	if (frontmatter_split(buf_str(&text), text.len, pg->file, d, &yaml,
	    &yaml_len, &body, &line0) == -1 ||
	    frontmatter_parse(&pg->meta, buf_str(&text) + yaml, yaml_len,
	    pg->file, 1, d) == -1)
		goto out;
	pg->ok = 1;
out:
	buf_free(&text);
}

/* Add a page with data rp (owned from here). Returns it, or NULL. */
static struct page *
add(struct site *site, struct rpage *rp, const char *src, const char *file,
    const char *url, struct diag *d)
{
	struct page	*pg;

	if ((pg = site_add_page(site, src, file, url, d)) == NULL) {
		rpage_free(rp);
		return NULL;
	}
	pg->gen = &report_generator;
	pg->data = rp;
	return pg;
}

/* Check the year's folder and add its pages. Returns 0 or -1 (reported). */
static int
scan_year(struct site *site, const char *dir, int year, struct diag *d)
{
	struct buf	 file = BUF_INIT, src = BUF_INIT, url = BUF_INIT;
	struct buf	 names = BUF_INIT;
	struct rpage	*rp;
	struct page	*pg;
	char		**entries;
	size_t		 i, n, e, nentries;
	int		 have[PART__MAX], rc = 0;
	char		 name[8];

	memset(have, 0, sizeof(have));
	figures_year_name(year, name);
	for (i = 0; i < PART__MAX; i++) {
		buf_puts(&names, i == 0 ? "" : i + 1 == PART__MAX ? " and " :
		    ", ");
		buf_printf(&names, "%s.md", parts[i].slug);
	}
	if (list_dir(dir, &entries, &nentries, d) != 0) {
		rc = -1;
		goto out;
	}
	for (e = 0; e < nentries; e++) {
		n = strlen(entries[e]);
		for (i = 0; i < PART__MAX; i++)
			if (n == strlen(parts[i].slug) + 3 && strncmp(entries[e],
			    parts[i].slug, n - 3) == 0 &&
			    strcmp(entries[e] + n - 3, ".md") == 0)
				break;
		if (i < PART__MAX)
			have[i] = 1;
		else {
			diag_error(d, dir, 0, 0, "'%s' is not a part of the "
			    "report; the parts are %s", entries[e],
			    buf_str(&names));
			rc = -1;
		}
	}
	names_free(entries, nentries);
	for (i = 0; i < PART__MAX; i++)
		if (!have[i]) {
			if (i == PART_RESPONSE)
				diag_error(d, dir, 0, 0, "the report has no "
				    "response from the governing body (Code "
				    "8.2); add %s.md", parts[i].slug);
			else
				diag_error(d, dir, 0, 0, "the report has no part "
				    "%s, %s (Code 8.1%c); add %s.md, and if there "
				    "is nothing to report, say so",
				    parts[i].letter, parts[i].what,
				    parts[i].letter[1], parts[i].slug);
			rc = -1;
		}
	if (rc == -1)
		goto out;
	if ((rp = calloc(1, sizeof(*rp))) == NULL) {
		rc = -1;
		goto out;
	}
	rp->kind = KIND_YEAR;
	rp->year = year;
	buf_printf(&src, "@report/%s", name);
	buf_printf(&url, "report/%s/", name);
	if (src.err || url.err || (pg = add(site, rp, buf_str(&src), dir,
	    buf_str(&url), d)) == NULL) {
		rc = -1;
		goto out;
	}
	pg->ok = 1;
	buf_truncate(&file, 0);
	buf_printf(&file, "Complaints performance and service improvement "
	    "report %s", name);
	if ((pg->meta.title = strdup(buf_str(&file))) == NULL) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < PART__MAX; i++) {
		buf_truncate(&file, 0);
		buf_truncate(&src, 0);
		buf_truncate(&url, 0);
		buf_printf(&file, "%s/%s.md", dir, parts[i].slug);
		buf_printf(&src, "@report/%s/%s", name, parts[i].slug);
		buf_printf(&url, "report/%s/%s/", name, parts[i].slug);
		if ((rp = calloc(1, sizeof(*rp))) == NULL || file.err ||
		    src.err || url.err) {
			free(rp);
			rc = -1;
			break;
		}
		rp->kind = KIND_PART;
		rp->year = year;
		rp->part = (enum part)i;
		if ((pg = add(site, rp, buf_str(&src), buf_str(&file),
		    buf_str(&url), d)) == NULL) {
			rc = -1;
			break;
		}
		read_part_meta(pg, d);
		if (!pg->ok)
			rc = -1;
	}
out:
	buf_free(&file);
	buf_free(&src);
	buf_free(&url);
	buf_free(&names);
	return rc;
}

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static int
report_scan(struct site *site, struct diag *d)
{
	struct stat	 st;
	struct buf	 dir = BUF_INIT, sub = BUF_INIT;
	struct rpage	*rp = NULL;
	struct page	*pg;
	char		**entries;
	size_t		 i, e, nentries;
	int		 rc = 0, r, y;

	buf_printf(&dir, "%s/report", site->content_dir);
	if (dir.err) {
		rc = -1;
		goto out;
	}
	if ((r = list_dir(buf_str(&dir), &entries, &nentries, d)) != 0) {
		if (r == -1)
			rc = -1;
		goto out;
	}
	if ((rp = calloc(1, sizeof(*rp))) == NULL ||
	    (rp->years = calloc(REPORT_YEARS_MAX, sizeof(int))) == NULL) {
		names_free(entries, nentries);
		rc = -1;
		goto out;
	}
	rp->kind = KIND_INDEX;
	for (e = 0; e < nentries; e++) {
		buf_truncate(&sub, 0);
		buf_printf(&sub, "%s/%s", buf_str(&dir), entries[e]);
		y = figures_year_parse(entries[e], strlen(entries[e]));
		if (stat(buf_str(&sub), &st) == -1 || !S_ISDIR(st.st_mode) ||
		    y < 0) {
			diag_error(d, buf_str(&sub), 0, 0, "is not a report's "
			    "folder; put each year's report in a folder named "
			    "by its year, such as report/2024-25/");
			rc = -1;
			continue;
		}
		if (rp->nyears == REPORT_YEARS_MAX) {
			diag_error(d, buf_str(&dir), 0, 0, "has more than %d "
			    "reports; candour publishes at most that many",
			    REPORT_YEARS_MAX);
			rc = -1;
			break;
		}
		rp->years[rp->nyears++] = y;
	}
	names_free(entries, nentries);
	qsort(rp->years, rp->nyears, sizeof(int), cmp_int);
	for (i = 0; i < rp->nyears; i++) {
		char name[8];
		figures_year_name(rp->years[i], name);
		buf_truncate(&sub, 0);
		buf_printf(&sub, "%s/%s", buf_str(&dir), name);
		if (scan_year(site, buf_str(&sub), rp->years[i], d) == -1)
			rc = -1;
	}
	if (rp->nyears == 0 || rc == -1)
		goto out;
	pg = add(site, rp, "@report/index", buf_str(&dir), "report/", d);
	rp = NULL;
	if (pg == NULL) {
		rc = -1;
		goto out;
	}
	pg->ok = 1;
	if ((pg->meta.title = strdup("Complaints reports")) == NULL ||
	    (pg->meta.description = strdup("Each year we report on how we "
	    "handled complaints and what we learned, and our governing body "
	    "responds.")) == NULL)
		rc = -1;
out:
	rpage_free(rp);
	buf_free(&dir);
	buf_free(&sub);
	return rc;
}

/* The part's page, from the year's page or another part's. */
static const struct page *
part_page(const struct site *site, int year, enum part p)
{
	struct buf	 src = BUF_INIT;
	const struct page *pg;
	char		 name[8];

	figures_year_name(year, name);
	buf_printf(&src, "@report/%s/%s", name, parts[p].slug);
	pg = site_page_by_src(site, buf_str(&src), src.len);
	buf_free(&src);
	return pg;
}

static int
h2(struct md_page *out, struct page *pg, const char *id, const char *text)
{
	if (page_has_anchor(pg, id, strlen(id)))
		return 0;
	buf_printf(&out->body, "<h2 id=\"%s\">", id);
	html_texts(&out->body, text);
	buf_puts(&out->body, "</h2>\n");
	return page_add_anchor(pg, id) == -1 ||
	    md_page_add_toc(out, id, text) == -1 ? -1 : 0;
}

static int
render_year(struct md_page *out, const struct site *site, struct page *pg,
    const struct rpage *rp)
{
	struct buf	*o = &out->body;
	const struct page *p;
	size_t		 i;

	buf_puts(o, "<p>Each year we look at how we handled complaints, what "
	    "they told us and what we changed. The Housing Ombudsman's "
	    "Complaint Handling Code (section 8) says what this report must "
	    "cover. We report it to our governing body, and publish the "
	    "body's response beside it.</p>\n");
	if (h2(out, pg, "parts", "What the report covers") == -1)
		return -1;
	buf_puts(o, "<ol class=\"report-parts\" type=\"a\">\n");
	for (i = 0; i < PART_RESPONSE; i++) {
		if ((p = part_page(site, rp->year, (enum part)i)) == NULL)
			continue;
		buf_printf(o, "<li><a href=\"%s/\">", parts[i].slug);
		html_texts(o, p->meta.title);
		buf_puts(o, "</a>: ");
		html_texts(o, p->meta.description != NULL ?
		    p->meta.description : parts[i].what);
		buf_puts(o, "</li>\n");
	}
	buf_puts(o, "</ol>\n");
	if (h2(out, pg, "key-figures", "Key figures") == -1)
		return -1;
	if (figures_report_summary(o, site, rp->year, pg->depth) == 0)
		buf_puts(o, "<p>The figures for this year are not published "
		    "yet.</p>\n");
	if (h2(out, pg, "response", "Our governing body's response") == -1)
		return -1;
	if ((p = part_page(site, rp->year, PART_RESPONSE)) != NULL) {
		buf_puts(o, "<p><a href=\"response/\">");
		html_texts(o, p->meta.title);
		buf_puts(o, "</a>");
		if (p->meta.description != NULL) {
			buf_puts(o, ": ");
			html_texts(o, p->meta.description);
		}
		buf_puts(o, "</p>\n");
	}
	return o->err ? -1 : 0;
}

static int
render_part(struct md_page *out, const struct site *site, struct page *pg,
    const struct rpage *rp, struct links *links, struct diag *d)
{
	struct buf	 text = BUF_INIT, head = BUF_INIT, *o = &out->body;
	size_t		 yaml, yaml_len, body, line0;
	char		 name[8];
	int		 rc = -1;

	figures_year_name(rp->year, name);
	if (file_read(pg->file, PAGE_FILE_MAX, &text, d) == -1 ||
	    frontmatter_split(buf_str(&text), text.len, pg->file, d, &yaml,
	    &yaml_len, &body, &line0) == -1 ||
	    markdown_render(out, site, pg, buf_str(&text) + body,
	    text.len - body, line0, links, d) == -1)
		goto out;
	/* Say where the part belongs, above its text. */
	buf_puts(&head, "<p class=\"report-context\">");
	if (rp->part == PART_RESPONSE)
		buf_printf(&head, "Our governing body's response to our <a "
		    "href=\"../\">complaints performance and service "
		    "improvement report %s</a>.", name);
	else
		buf_printf(&head, "Part %s of our <a href=\"../\">complaints "
		    "performance and service improvement report %s</a>: %s.",
		    parts[rp->part].letter, name, parts[rp->part].what);
	buf_puts(&head, "</p>\n");
	buf_put(&head, buf_str(o), o->len);
	buf_free(o);
	*o = head;
	memset(&head, 0, sizeof(head));
	if (rp->part == PART_B) {
		if (h2(out, pg, "report-figures", "The figures") == -1)
			goto out;
		if (figures_report_summary(o, site, rp->year, pg->depth) == 0)
			buf_puts(o, "<p>The figures for this year are not "
			    "published yet.</p>\n");
	}
	if (rp->part != PART_RESPONSE)
		buf_puts(o, "<p><a href=\"../response/\">Read our governing "
		    "body's response to this report</a>.</p>\n");
	rc = o->err ? -1 : 0;
out:
	buf_free(&text);
	buf_free(&head);
	return rc;
}

static int
report_render(struct md_page *out, const struct site *site,
    struct page *pg, struct links *links, struct diag *d)
{
	const struct rpage *rp = pg->data;
	struct buf	*o = &out->body;
	size_t		 i;
	char		 name[8];

	switch (rp->kind) {
	case KIND_INDEX:
		buf_puts(o, "<ul>\n");
		for (i = rp->nyears; i-- > 0;) {
			figures_year_name(rp->years[i], name);
			buf_printf(o, "<li><a href=\"%s/\">Complaints performance "
			    "and service improvement report %s</a></li>\n", name,
			    name);
		}
		buf_puts(o, "</ul>\n");
		return o->err ? -1 : 0;
	case KIND_YEAR:
		return render_year(out, site, pg, rp);
	case KIND_PART:
		return render_part(out, site, pg, rp, links, d);
	}
	return -1;
}

const struct generator report_generator = {
	"report", report_scan, report_render, rpage_free, NULL
};
