#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "celltext.h"
#include "csvread.h"
#include "diag.h"
#include "fsutil.h"
#include "html.h"
#include "links.h"
#include "markdown.h"
#include "selfassess.h"
#include "site.h"
#include "utf8.h"

#define SA_FOLDER	"self-assessment"	/* under content/ and site/ */
#define SA_MENU_ORDER	7	/* the index's place in the main menu */

/* Every year's self-assessment, shared by the pages that show them. */
struct sa_set {
	size_t		 refs;		/* pages holding a struct sa_ref */
	struct sa_year	*years;		/* oldest first */
	size_t		 n;
};

/* A page's data: the set, and which year it shows (-1: the index). */
struct sa_ref {
	struct sa_set	*set;
	long		 year;
};

static const char *const answer_words[SA_ANSWER__MAX] = {
	[SA_YES] = "Yes",
	[SA_PARTLY] = "Partly",
	[SA_NO] = "No",
	[SA_NA] = "Not applicable",
};

static const char *const level_captions[SA_LEVEL__MAX] = {
	[SA_LEVEL_NONE] = "",
	[SA_LEVEL_MUST] = ", mandatory 'must' requirements",
	[SA_LEVEL_SHOULD] = ", best practice 'should' requirements",
};

static const char *const months[] = { "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October",
    "November", "December" };

static const struct csv_limits sa_limits = { SA_FILE_MAX, SA_CELL_MAX,
    SA_ROWS_MAX, SA_COLUMNS_MAX };

static void
set_release(struct sa_set *set)
{
	size_t	 i;

	if (set == NULL || --set->refs > 0)
		return;
	for (i = 0; i < set->n; i++)
		sa_year_free(&set->years[i]);
	free(set->years);
	free(set);
}

static void
sa_free_data(void *data)
{
	struct sa_ref	*ref = data;

	if (ref == NULL)
		return;
	set_release(ref->set);
	free(ref);
}

/* "2024.csv" is (2024, 0); "2024.yaml" is (2024, 1); else -1. */
static int
year_file(const char *name, int *year)
{
	size_t	 i;

	for (i = 0, *year = 0; i < 4; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		*year = *year * 10 + (name[i] - '0');
	}
	if (*year < SA_YEAR_MIN || *year > SA_YEAR_MAX)
		return -1;
	if (strcmp(name + 4, ".csv") == 0)
		return 0;
	if (strcmp(name + 4, ".yaml") == 0)
		return 1;
	return -1;
}

static int
cmp_int(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

/*
 * The years in folder dir that have a CSV or a sidecar: each year once,
 * ascending, in years[0..SA_YEARS_MAX); returns how many, or -1 if the
 * folder cannot be read. kinds[i] says which files years[i] has (bit 0 the
 * CSV, bit 1 the sidecar). Other files are reported and *rc set to -1.
 */
static int
list_years(const char *dir, int *years, int *kinds, int *rc,
    struct diag *d)
{
	struct dirent	**names = NULL;
	struct buf	 path = BUF_INIT;
	int		 n = 0, nnames, k, year, kind, i;

	if ((nnames = scandir(dir, &names, NULL, alphasort)) == -1) {
		diag_error(d, dir, 0, 0, "cannot open the folder: %s",
		    strerror(errno));
		return -1;
	}
	for (k = 0; k < nnames; k++) {
		const char *name = names[k]->d_name;
		size_t len = strlen(name);
		if (name[0] == '.' || (len > 0 && name[len - 1] == '~'))
			continue;
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%s", dir, name);
		if ((kind = year_file(name, &year)) == -1) {
			diag_error(d, buf_str(&path), 0, 0, "is not a "
			    "self-assessment; name the form YEAR.csv (such "
			    "as 2024.csv, saved from Excel as 'CSV UTF-8') and "
			    "its settings YEAR.yaml, or move it out of this "
			    "folder");
			*rc = -1;
			continue;
		}
		for (i = 0; i < n && years[i] != year; i++)
			;
		if (i == n) {
			if (n == SA_YEARS_MAX) {
				diag_error(d, buf_str(&path), 0, 0, "is one "
				    "self-assessment too many; the folder may "
				    "hold at most %d years", SA_YEARS_MAX);
				*rc = -1;
				continue;
			}
			years[n] = year;
			kinds[n++] = 0;
		}
		kinds[i] |= 1 << kind;
	}
	for (k = 0; k < nnames; k++)
		free(names[k]);
	free(names);
	buf_free(&path);
	/* Sort the years, keeping each one's kinds beside it. */
	for (i = 0; i < n; i++)
		years[i] = years[i] * 4 + kinds[i];
	qsort(years, (size_t)n, sizeof(*years), cmp_int);
	for (i = 0; i < n; i++) {
		kinds[i] = years[i] % 4;
		years[i] /= 4;
	}
	return n;
}

/*
 * Read one year: its sidecar, then its form, then tie actions to
 * provisions. Returns 0, or -1 after reporting every error.
 */
static int
read_year(struct sa_year *y, int kinds, struct diag *d)
{
	struct csv_table t;
	struct buf	 text = BUF_INIT;
	size_t		 bad, line, col;
	int		 rc = 0;

	if (!(kinds & 1)) {
		diag_error(d, y->yaml_file, 0, 0, "there is no %d.csv beside "
		    "it; add the self-assessment form as %d.csv, or remove "
		    "this file", y->year, y->year);
		return -1;
	}
	if (!(kinds & 2)) {
		diag_error(d, y->csv_file, 0, 0, "there is no %d.yaml beside "
		    "it; create it with the Code version and the date the "
		    "governing body approved the self-assessment, such as "
		    "'code: 2024' and 'approved: %d-06-30'", y->year, y->year);
		rc = -1;
	} else if (file_read(y->yaml_file, SA_YAML_MAX, &text, d) == -1)
		rc = -1;
	else if ((bad = utf8_check(buf_str(&text), text.len)) != text.len) {
		utf8_position(buf_str(&text), bad, &line, &col);
		diag_error(d, y->yaml_file, line, col, "the file is not UTF-8 "
		    "text; save it as UTF-8 in your editor");
		rc = -1;
	} else if (sa_read_settings(y, buf_str(&text), text.len, d) == -1)
		rc = -1;
	buf_free(&text);
	if (csv_table_read(&t, y->csv_file, &sa_limits, d) == -1 ||
	    sa_read_form(y, &t, d) == -1)
		rc = -1;
	csv_table_free(&t);
	if (rc == 0 && sa_link_actions(y, d) == -1)
		rc = -1;
	return rc;
}

/* Add one page of the set; ref->year says which. Returns 0 or -1. */
static int
add_sa_page(struct site *site, struct sa_set *set, long year,
    const char *folder, struct diag *d)
{
	struct buf	 src = BUF_INIT, url = BUF_INIT, file = BUF_INIT;
	struct buf	 title = BUF_INIT, desc = BUF_INIT;
	struct sa_ref	*ref;
	struct page	*pg = NULL;
	const struct sa_year *y = year >= 0 ? &set->years[year] : NULL;

	if ((ref = calloc(1, sizeof(*ref))) == NULL)
		return -1;
	ref->set = set;
	ref->year = year;
	set->refs++;
	if (y != NULL) {
		buf_printf(&src, "@%s/%d", SA_FOLDER, y->year);
		buf_printf(&url, "%s/%d/", SA_FOLDER, y->year);
		buf_puts(&file, y->csv_file);
		buf_printf(&title, "Self-assessment %d", y->year);
		buf_printf(&desc, "How we handle complaints, checked against "
		    "each provision of the Housing Ombudsman's %s and approved "
		    "by our %s.", sa_codes[y->code].name, y->governing_body ?
		    y->governing_body : "governing body");
	} else {
		buf_printf(&src, "@%s/index", SA_FOLDER);
		buf_printf(&url, "%s/", SA_FOLDER);
		buf_puts(&file, folder);
		buf_puts(&title, "Self-assessment");
		buf_puts(&desc, "Our yearly check of how we handle complaints "
		    "against the Housing Ombudsman's Complaint Handling Code.");
	}
	if (!src.err && !url.err && !file.err)
		pg = site_add_page(site, buf_str(&src), buf_str(&file),
		    buf_str(&url), d);
	if (pg != NULL) {
		pg->gen = &selfassess_generator;
		pg->data = ref;
		ref = NULL;
		pg->ok = 1;
		pg->meta.title = buf_detach(&title);
		pg->meta.description = buf_detach(&desc);
		if (y == NULL) {
			pg->meta.order = SA_MENU_ORDER;
			pg->meta.has_order = 1;
		}
	}
	sa_free_data(ref);
	buf_free(&src);
	buf_free(&url);
	buf_free(&file);
	buf_free(&title);
	buf_free(&desc);
	return pg == NULL || pg->meta.title == NULL ||
	    pg->meta.description == NULL ? -1 : 0;
}

static int
sa_scan(struct site *site, struct diag *d)
{
	struct buf	 dir = BUF_INIT, csv = BUF_INIT, yaml = BUF_INIT;
	struct sa_set	*set = NULL;
	struct stat	 st;
	int		 years[SA_YEARS_MAX], kinds[SA_YEARS_MAX], n, i;
	int		 rc = 0;
	size_t		 nerrors = d->nerrors;

	buf_printf(&dir, "%s/%s", site->content_dir, SA_FOLDER);
	if (dir.err) {
		diag_error(d, site->content_dir, 0, 0, "out of memory reading "
		    "the self-assessment");
		return -1;
	}
	if (stat(buf_str(&dir), &st) == -1) {
		if (errno == ENOENT) {
			buf_free(&dir);
			return 0;	/* no self-assessment yet */
		}
		diag_error(d, buf_str(&dir), 0, 0, "cannot read: %s",
		    strerror(errno));
		buf_free(&dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_error(d, buf_str(&dir), 0, 0, "is not a folder; make it "
		    "a folder holding YEAR.csv and YEAR.yaml");
		buf_free(&dir);
		return -1;
	}
	if ((n = list_years(buf_str(&dir), years, kinds, &rc, d)) <= 0) {
		buf_free(&dir);
		return n < 0 ? -1 : rc;
	}
	if ((set = calloc(1, sizeof(*set))) == NULL ||
	    (set->years = calloc((size_t)n, sizeof(*set->years))) == NULL) {
		diag_error(d, buf_str(&dir), 0, 0, "out of memory reading the "
		    "self-assessment");
		free(set);
		buf_free(&dir);
		return -1;
	}
	for (i = 0; i < n; i++) {
		buf_truncate(&csv, 0);
		buf_truncate(&yaml, 0);
		buf_printf(&csv, "%s/%d.csv", buf_str(&dir), years[i]);
		buf_printf(&yaml, "%s/%d.yaml", buf_str(&dir), years[i]);
		if (csv.err || yaml.err || sa_year_init(&set->years[set->n],
		    years[i], buf_str(&csv), buf_str(&yaml)) == -1) {
			sa_year_free(&set->years[set->n]);
			rc = -1;
			break;
		}
		if (read_year(&set->years[set->n], kinds[i], d) == -1) {
			sa_year_free(&set->years[set->n]);
			rc = -1;
		} else
			set->n++;
	}
	/* The set lives while a page holds it: hold it while adding them. */
	set->refs = 1;
	for (i = 0; rc == 0 && i < (int)set->n; i++)
		rc = add_sa_page(site, set, i, buf_str(&dir), d);
	if (rc == 0)
		rc = add_sa_page(site, set, -1, buf_str(&dir), d);
	set_release(set);
	if (rc == -1 && d->nerrors == nerrors)
		diag_error(d, buf_str(&dir), 0, 0, "out of memory reading the "
		    "self-assessment");
	buf_free(&dir);
	buf_free(&csv);
	buf_free(&yaml);
	return rc;
}

/* "2024-06-30" as "30 June 2024", in a <time> element. */
static void
put_date(struct buf *o, const char *iso)
{
	int	 m = (iso[5] - '0') * 10 + (iso[6] - '0');
	int	 d = (iso[8] - '0') * 10 + (iso[9] - '0');

	buf_puts(o, "<time datetime=\"");
	html_attrs(o, iso);
	buf_printf(o, "\">%d %s %.4s</time>", d, months[m - 1], iso);
}

/* A provision's name in text: its number, or "section 6, item 2". */
static void
put_label(struct buf *o, const struct sa_provision *p)
{
	const char	*dash;

	if (p->number != NULL) {
		html_texts(o, p->number);
		return;
	}
	dash = strchr(p->anchor, '-');
	buf_printf(o, "Section %d, item %s", p->section, dash ? dash + 1 : "");
}

static void
put_summary_sentence(struct buf *o, const struct sa_year *y)
{
	size_t	 c[SA_ANSWER__MAX];

	sa_count(y, c);
	buf_printf(o, "%zu of %zu provision%s met; %zu partly; %zu not met",
	    c[SA_YES], c[SA_YES] + c[SA_PARTLY] + c[SA_NO],
	    c[SA_YES] + c[SA_PARTLY] + c[SA_NO] == 1 ? "" : "s", c[SA_PARTLY],
	    c[SA_NO]);
	if (c[SA_NA] > 0)
		buf_printf(o, "; %zu not applicable", c[SA_NA]);
}

static void
put_th(struct buf *o, const char *text)
{
	buf_puts(o, "<th scope=\"col\">");
	html_texts(o, text);
	buf_puts(o, "</th>");
}

/* Open a cell of a stacked table, labelled for narrow screens. */
static void
open_cell(struct buf *o, const char *tag, const char *label)
{
	buf_printf(o, "<%s", tag);
	if (strcmp(tag, "th") == 0)
		buf_puts(o, " scope=\"row\"");
	buf_puts(o, " data-label=\"");
	html_attrs(o, label);
	buf_puts(o, "\">");
}

static int
render_summary(struct buf *o, struct page *pg, const struct sa_year *y)
{
	const struct sa_provision *p;
	struct buf	 id = BUF_INIT;
	size_t		 i, c[SA_ANSWER__MAX];
	int		 rc = 0;

	sa_count(y, c);
	buf_puts(o, "<h2 id=\"summary\">Summary</h2>\n<p class=\"sa-total\">");
	put_summary_sentence(o, y);
	buf_puts(o, ".</p>\n");
	if (c[SA_NO] + c[SA_PARTLY] == 0) {
		buf_puts(o, "<p>We meet every provision of the Code that "
		    "applies to us.</p>\n");
		return 0;
	}
	buf_puts(o, "<p>Where we do not fully meet a provision, this is what "
	    "we are doing about it:</p>\n<div class=\"table sa\">\n<table>\n"
	    "<caption>Provisions not fully met</caption>\n<thead>\n<tr>");
	put_th(o, "Provision");
	put_th(o, "Answer");
	put_th(o, "What we will do");
	put_th(o, "Who is responsible");
	put_th(o, "Done by");
	buf_puts(o, "</tr>\n</thead>\n<tbody>\n");
	for (i = 0; i < y->n; i++) {
		p = &y->v[i];
		if (p->answer != SA_NO && p->answer != SA_PARTLY)
			continue;
		buf_truncate(&id, 0);
		buf_printf(&id, "action-%s", p->anchor);
		if (id.err || page_add_anchor(pg, buf_str(&id)) == -1)
			rc = -1;
		buf_puts(o, "<tr id=\"");
		html_attrs(o, buf_str(&id));
		buf_puts(o, "\">");
		open_cell(o, "th", "Provision");
		buf_puts(o, "<a href=\"#");
		html_url(o, p->anchor);
		buf_puts(o, "\">");
		put_label(o, p);
		buf_puts(o, "</a></th>");
		open_cell(o, "td", "Answer");
		html_texts(o, answer_words[p->answer]);
		buf_puts(o, "</td>");
		open_cell(o, "td", "What we will do");
		html_texts(o, p->action ? p->action->what : "No action set");
		buf_puts(o, "</td>");
		open_cell(o, "td", "Who is responsible");
		if (p->action)
			html_texts(o, p->action->owner);
		buf_puts(o, "</td>");
		open_cell(o, "td", "Done by");
		if (p->action)
			put_date(o, p->action->due);
		buf_puts(o, "</td></tr>\n");
	}
	buf_puts(o, "</tbody>\n</table>\n</div>\n");
	buf_free(&id);
	return rc;
}

/* One table: the provisions of a section in one stage and level. */
static int
render_table(struct buf *o, const struct sa_year *y, struct page *pg,
    int section, enum sa_stage stage, enum sa_level level)
{
	const struct sa_provision *p;
	const char	*ev = y->merged ? "Evidence and commentary" :
			    "Evidence";
	size_t		 i;

	buf_printf(o, "<div class=\"table sa\">\n<table>\n<caption "
	    "class=\"sa-hidden\">Section %d: ", section);
	html_texts(o, sa_codes[y->code].titles[section - 1]);
	if (stage != SA_STAGE_NONE)
		buf_printf(o, ", %c%s", sa_stage_names[stage][0] | 0x20,
		    sa_stage_names[stage] + 1);
	html_texts(o, level_captions[level]);
	buf_puts(o, "</caption>\n<thead>\n<tr>");
	if (y->numbered)
		put_th(o, "Provision");
	put_th(o, "Requirement");
	put_th(o, "Answer");
	if (y->has_evidence)
		put_th(o, ev);
	if (y->has_commentary)
		put_th(o, "Commentary");
	buf_puts(o, "</tr>\n</thead>\n<tbody>\n");
	for (i = 0; i < y->n; i++) {
		p = &y->v[i];
		if (p->section != section || p->stage != stage ||
		    p->level != level)
			continue;
		if (page_add_anchor(pg, p->anchor) == -1)
			return -1;
		buf_puts(o, "<tr id=\"");
		html_attrs(o, p->anchor);
		buf_puts(o, "\">");
		if (y->numbered) {
			open_cell(o, "th", "Provision");
			html_texts(o, p->number ? p->number : "");
			buf_puts(o, "</th>");
		}
		open_cell(o, y->numbered ? "td" : "th", "Requirement");
		celltext_html(o, p->requirement, 1);
		buf_puts(o, y->numbered ? "</td>" : "</th>");
		open_cell(o, "td", "Answer");
		html_texts(o, answer_words[p->answer]);
		if (p->action != NULL) {
			buf_puts(o, "<br><a href=\"#action-");
			html_url(o, p->anchor);
			buf_puts(o, "\">What we will do</a>");
		}
		buf_puts(o, "</td>");
		if (y->has_evidence) {
			open_cell(o, "td", ev);
			celltext_html(o, p->evidence, 1);
			buf_puts(o, "</td>");
		}
		if (y->has_commentary) {
			open_cell(o, "td", "Commentary");
			celltext_html(o, p->commentary, 1);
			buf_puts(o, "</td>");
		}
		buf_puts(o, "</tr>\n");
	}
	buf_puts(o, "</tbody>\n</table>\n</div>\n");
	return 0;
}

/* One Code section: its heading, then a table per stage and level. */
static int
render_section(struct md_page *out, const struct sa_year *y,
    struct page *pg, int section)
{
	struct buf	*o = &out->body;
	struct buf	 id = BUF_INIT, text = BUF_INIT;
	int		 has[SA_STAGE__MAX][SA_LEVEL__MAX], rc = 0, any = 0;
	size_t		 i, s, l;

	memset(has, 0, sizeof(has));
	for (i = 0; i < y->n; i++)
		if (y->v[i].section == section) {
			has[y->v[i].stage][y->v[i].level] = 1;
			any = 1;
		}
	buf_printf(&id, "section-%d", section);
	buf_printf(&text, "Section %d: %s", section,
	    sa_codes[y->code].titles[section - 1]);
	buf_printf(o, "<h2 id=\"%s\">", buf_str(&id));
	html_texts(o, buf_str(&text));
	buf_puts(o, "</h2>\n");
	if (page_add_anchor(pg, buf_str(&id)) == -1 ||
	    md_page_add_toc(out, buf_str(&id), buf_str(&text)) == -1)
		rc = -1;
	if (!any)
		buf_puts(o, "<p>This self-assessment gives no answers for this "
		    "section.</p>\n");
	for (s = 0; s < SA_STAGE__MAX && rc == 0; s++) {
		if (!has[s][SA_LEVEL_NONE] && !has[s][SA_LEVEL_MUST] &&
		    !has[s][SA_LEVEL_SHOULD])
			continue;
		if (s != SA_STAGE_NONE) {
			buf_truncate(&id, 0);
			buf_printf(&id, "section-%d-stage-%zu", section, s);
			buf_printf(o, "<h3 id=\"%s\">", buf_str(&id));
			html_texts(o, sa_stage_names[s]);
			buf_puts(o, "</h3>\n");
			if (page_add_anchor(pg, buf_str(&id)) == -1)
				rc = -1;
		}
		for (l = 0; l < SA_LEVEL__MAX && rc == 0; l++)
			if (has[s][l])
				rc = render_table(o, y, pg, section,
				    (enum sa_stage)s, (enum sa_level)l);
	}
	buf_free(&id);
	buf_free(&text);
	return rc;
}

int
sa_render_year(struct md_page *out, struct page *pg, const struct sa_year *y)
{
	struct buf	*o = &out->body, *csv, rel = BUF_INIT;
	int		 section, rc = 0;

	buf_printf(&rel, "%s%s-%d.csv", pg->url, SA_FOLDER, y->year);
	if (rel.err || (csv = md_page_add_extra(out, buf_str(&rel))) == NULL) {
		buf_free(&rel);
		return -1;
	}
	buf_free(&rel);
	sa_write_csv(csv, y);
	buf_puts(o, "<h2 id=\"about\">About this self-assessment</h2>\n"
	    "<p>The Housing Ombudsman's Complaint Handling Code sets out how "
	    "landlords must handle complaints. Every year we check how we "
	    "handle complaints against each provision of the Code, and "
	    "publish the result.</p>\n<p>This self-assessment is against the ");
	html_texts(o, sa_codes[y->code].name);
	buf_puts(o, ". Our ");
	html_texts(o, y->governing_body ? y->governing_body :
	    "governing body");
	buf_puts(o, " approved it on ");
	put_date(o, y->approved);
	buf_puts(o, ".</p>\n");
	if (y->introduction != NULL)
		celltext_html(o, y->introduction, 0);
	buf_puts(o, "<p>For each provision you can read what the Code "
	    "requires, our answer (yes, partly, no or not applicable), the "
	    "evidence we hold and our comments.</p>\n<p><a href=\"");
	buf_printf(o, "%s-%d.csv\">Download this self-assessment as a "
	    "spreadsheet (CSV file)</a></p>\n", SA_FOLDER, y->year);
	if (page_add_anchor(pg, "about") == -1 ||
	    md_page_add_toc(out, "about", "About this self-assessment") == -1 ||
	    render_summary(o, pg, y) == -1 ||
	    page_add_anchor(pg, "summary") == -1 ||
	    md_page_add_toc(out, "summary", "Summary") == -1)
		return -1;
	for (section = 1; section <= sa_codes[y->code].nsections && rc == 0;
	    section++)
		rc = render_section(out, y, pg, section);
	return rc;
}

/* The provision of y that p of another year is: same number or words. */
static const struct sa_provision *
same_provision(const struct sa_year *y, const struct sa_provision *p)
{
	size_t	 i;

	for (i = 0; i < y->n; i++)
		if (p->number != NULL ? y->v[i].number != NULL &&
		    strcmp(y->v[i].number, p->number) == 0 :
		    y->v[i].number == NULL &&
		    strcmp(y->v[i].requirement, p->requirement) == 0)
			return &y->v[i];
	return NULL;
}

/* What changed between the two latest years, as a table. */
static int
render_changes(struct buf *o, const struct site *site, struct page *pg,
    const struct sa_year *old, const struct sa_year *new,
    struct links *links)
{
	const struct sa_provision *p, *was;
	const struct page *target;
	struct buf	 src = BUF_INIT;
	size_t		 i, nchanged = 0;
	int		 rc = 0;

	buf_printf(&src, "@%s/%d", SA_FOLDER, new->year);
	target = site_page_by_src(site, buf_str(&src), src.len);
	buf_free(&src);
	if (target == NULL)
		return -1;
	if (old->code != new->code) {
		buf_printf(o, "<p>Our %d and %d self-assessments were made "
		    "against different versions of the Code, so their answers "
		    "cannot be compared provision by provision.</p>\n",
		    old->year, new->year);
		return 0;
	}
	for (i = 0; i < new->n && rc == 0; i++) {
		p = &new->v[i];
		if ((was = same_provision(old, p)) == NULL ||
		    was->answer == p->answer)
			continue;
		if (nchanged++ == 0) {
			buf_printf(o, "<div class=\"table sa\">\n<table>\n"
			    "<caption>Provisions whose answer changed from %d "
			    "to %d</caption>\n<thead>\n<tr>", old->year,
			    new->year);
			put_th(o, "Provision");
			put_th(o, "Requirement");
			buf_printf(o, "<th scope=\"col\">Answer in %d</th>"
			    "<th scope=\"col\">Answer in %d</th></tr>\n"
			    "</thead>\n<tbody>\n", old->year, new->year);
		}
		buf_puts(o, "<tr>");
		open_cell(o, "th", "Provision");
		buf_printf(o, "<a href=\"%d/#", new->year);
		html_url(o, p->anchor);
		buf_puts(o, "\">");
		put_label(o, p);
		buf_puts(o, "</a></th>");
		open_cell(o, "td", "Requirement");
		celltext_html(o, p->requirement, 1);
		buf_printf(o, "</td><td data-label=\"Answer in %d\">%s</td>"
		    "<td data-label=\"Answer in %d\">%s</td></tr>\n", old->year,
		    answer_words[was->answer], new->year,
		    answer_words[p->answer]);
		rc = links_add(links, target->id, p->anchor,
		    strlen(p->anchor), pg->file, 0, 0);
	}
	if (nchanged > 0)
		buf_puts(o, "</tbody>\n</table>\n</div>\n");
	else
		buf_printf(o, "<p>No answer changed from %d to %d.</p>\n",
		    old->year, new->year);
	return rc;
}

static int
render_index(struct md_page *out, const struct site *site, struct page *pg,
    const struct sa_set *set, struct links *links)
{
	struct buf	*o = &out->body, title = BUF_INIT;
	const struct sa_year *y;
	size_t		 i;
	int		 rc;

	buf_puts(o, "<p>The Housing Ombudsman's Complaint Handling Code sets "
	    "out how landlords must handle complaints. Each year our "
	    "governing body approves our check against every provision of "
	    "the Code, and we publish it here.</p>\n<h2 id=\"years\">Each "
	    "year</h2>\n<ul>\n");
	for (i = set->n; i-- > 0;) {
		y = &set->years[i];
		buf_printf(o, "<li><a href=\"%d/\">Self-assessment %d</a>: "
		    "against the ", y->year, y->year);
		html_texts(o, sa_codes[y->code].name);
		buf_puts(o, ", approved on ");
		put_date(o, y->approved);
		buf_puts(o, ". ");
		put_summary_sentence(o, y);
		buf_puts(o, ".</li>\n");
	}
	buf_puts(o, "</ul>\n");
	if (page_add_anchor(pg, "years") == -1 ||
	    md_page_add_toc(out, "years", "Each year") == -1 ||
	    page_add_anchor(pg, "changes") == -1)
		return -1;
	if (set->n < 2) {
		buf_puts(o, "<h2 id=\"changes\">What changed</h2>\n<p>There is "
		    "only one self-assessment so far, so there is nothing to "
		    "compare it with yet.</p>\n");
		return md_page_add_toc(out, "changes", "What changed");
	}
	buf_printf(&title, "What changed from %d to %d",
	    set->years[set->n - 2].year, set->years[set->n - 1].year);
	buf_printf(o, "<h2 id=\"changes\">%s</h2>\n", buf_str(&title));
	rc = md_page_add_toc(out, "changes", buf_str(&title));
	buf_free(&title);
	if (rc == -1)
		return -1;
	return render_changes(o, site, pg, &set->years[set->n - 2],
	    &set->years[set->n - 1], links);
}

static int
sa_render(struct md_page *out, const struct site *site, struct page *pg,
    struct links *links, struct diag *d)
{
	const struct sa_ref *ref = pg->data;
	int		 rc;

	if (ref == NULL)
		return -1;
	if (ref->year < 0)
		rc = render_index(out, site, pg, ref->set, links);
	else
		rc = sa_render_year(out, pg, &ref->set->years[ref->year]);
	if (rc == -1 || out->body.err)
		diag_error(d, pg->file, 0, 0, "out of memory rendering the "
		    "self-assessment");
	return rc == -1 || out->body.err ? -1 : 0;
}

const struct generator selfassess_generator = {
	"self-assessment", sa_scan, sa_render, sa_free_data, NULL
};
