/*
 * The figures generator: reads the log (read-only, one pass) and the
 * performance CSVs at scan time, suppresses small numbers, and adds
 * figures/ (every year and quarter, the open data), figures/<year>/,
 * figures/<year>/qN/ and figures/method/, with data/complaint-figures.csv
 * beside figures/.
 *
 * With no log and no content/performance/ folder it adds nothing (a site
 * that does not publish figures). With performance/ but no log yet,
 * figures/ says that no figures are published yet.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"
#include "figures.h"
#include "html.h"
#include "links.h"
#include "log.h"
#include "markdown.h"
#include "site.h"
#include "workdays.h"

#define FIGURES_MENU_ORDER 5		/* place in the main menu */
#define FIGURES_DATA "data/complaint-figures.csv"
#define FIGURES_INDEX_SRC "@figures/index"

/* What every figures page shares; freed with the last page. */
struct shared {
	struct figures	 f;
	int		 have_log;
	size_t		 refs;
};

enum kind {
	KIND_INDEX,
	KIND_PERIOD,
	KIND_METHOD,
};

struct figpage {
	struct shared	*sh;
	enum kind	 kind;
	size_t		 year;		/* index in sh->f.years */
	int		 quarter;	/* 0 the year, 1-4 */
};

/* The open data's measures, in the order of its rows. */
enum measure {
	M_CH01_1, M_CH01_2, M_CH02_1, M_CH02_2, M_TP09,
	M_S1_RECEIVED, M_S2_RECEIVED, M_S1_RESPONDED, M_S1_ON_TIME,
	M_S2_RESPONDED, M_S2_ON_TIME, M_UPHELD, M_NOT_UPHELD, M_WITHDRAWN,
	M_REFUSED, M_FROM_KIOSK,
	M__MAX
};

static const struct {
	const char	*name;
	int		 count;		/* a fig_count, or -1 for a rate */
} measures[M__MAX] = {
	[M_CH01_1] = { "CH01-1", -1 },
	[M_CH01_2] = { "CH01-2", -1 },
	[M_CH02_1] = { "CH02-1", -1 },
	[M_CH02_2] = { "CH02-2", -1 },
	[M_TP09] = { "TP09", -1 },
	[M_S1_RECEIVED] = { "stage1_received", FIG_S1_RECEIVED },
	[M_S2_RECEIVED] = { "stage2_received", FIG_S2_RECEIVED },
	[M_S1_RESPONDED] = { "stage1_responded", FIG_S1_RESPONDED },
	[M_S1_ON_TIME] = { "stage1_on_time", FIG_S1_ON_TIME },
	[M_S2_RESPONDED] = { "stage2_responded", FIG_S2_RESPONDED },
	[M_S2_ON_TIME] = { "stage2_on_time", FIG_S2_ON_TIME },
	[M_UPHELD] = { "upheld", FIG_UPHELD },
	[M_NOT_UPHELD] = { "not_upheld", FIG_NOT_UPHELD },
	[M_WITHDRAWN] = { "withdrawn", FIG_WITHDRAWN },
	[M_REFUSED] = { "refused", FIG_REFUSED },
	[M_FROM_KIOSK] = { "from_kiosk", FIG_FROM_KIOSK },
};

static const char *const csv_tenures[FIG_TENURE__MAX] = { "LCRA", "LCHO",
    "all" };

/* How a rate comes out: a value, suppressed, or nothing to divide by. */
enum outcome {
	RATE_VALUE,
	RATE_SUPPRESSED,
	RATE_NONE,
};

static enum outcome
ratio(const struct fig_cell *num, const struct fig_cell *den, long scale,
    long *r10)
{
	if (num->state != FIG_SHOWN || den->state != FIG_SHOWN)
		return RATE_SUPPRESSED;
	if (den->value == 0)
		return RATE_NONE;
	*r10 = figures_rate10(num->value, den->value, scale);
	return RATE_VALUE;
}

/* The rate of measure m (a rate) for tenure t in period p of year y. */
static enum outcome
measure_rate(const struct figures *f, const struct fig_year *y,
    const struct fig_period *p, enum measure m, int t, long *r10)
{
	struct fig_cell	 homes, sat, all;
	int		 stage;

	switch (m) {
	case M_CH01_1:
	case M_CH01_2:
		homes.value = y->homes[t];
		homes.state = FIG_SHOWN;
		return ratio(&p->c[m == M_CH01_1 ? FIG_S1_RECEIVED :
		    FIG_S2_RECEIVED][t], &homes, 1000, r10);
	case M_CH02_1:
	case M_CH02_2:
		stage = m == M_CH02_1 ? 1 : 2;
		return ratio(&p->c[stage == 1 ? FIG_S1_ON_TIME :
		    FIG_S2_ON_TIME][t], &p->c[stage == 1 ? FIG_S1_RESPONDED :
		    FIG_S2_RESPONDED][t], 100, r10);
	case M_TP09:
		if (p->quarter != 0 || !y->has_tp09 ||
		    y->tp09_answered[t] == 0)
			return RATE_NONE;
		sat.value = y->tp09_satisfied[t];
		all.value = y->tp09_answered[t];
		sat.state = sat.value > 0 && sat.value < f->threshold ?
		    FIG_PRIMARY : FIG_SHOWN;
		all.state = all.value < f->threshold ? FIG_PRIMARY :
		    FIG_SHOWN;
		return ratio(&sat, &all, 100, r10);
	default:
		return RATE_NONE;
	}
}

static void
csv_period(struct buf *out, int year, int quarter)
{
	char	 name[8];

	figures_year_name(year, name);
	buf_puts(out, name);
	if (quarter > 0)
		buf_printf(out, " Q%d", quarter);
}

void
figures_csv(struct buf *out, const struct figures *f)
{
	const struct fig_year *y;
	const struct fig_period *p;
	const struct fig_cell *c;
	size_t		 i, m;
	int		 q, t;
	long		 r10;
	enum outcome	 o;

	buf_puts(out, "period,measure,tenure,value\r\n");
	for (i = 0; i < f->nyears; i++) {
		y = &f->years[i];
		for (q = 0; q <= y->nquarters; q++) {
			p = &y->p[q];
			for (m = 0; m < M__MAX; m++)
				for (t = 0; t < FIG_TENURE__MAX; t++) {
					if (measures[m].count < 0) {
						o = measure_rate(f, y, p, m, t,
						    &r10);
						if (o == RATE_NONE)
							continue;
					} else
						o = RATE_VALUE;
					csv_period(out, y->year, q);
					buf_printf(out, ",%s,%s,", measures[m].name,
					    csv_tenures[t]);
					if (measures[m].count >= 0) {
						c = &p->c[measures[m].count][t];
						if (c->state == FIG_SHOWN)
							buf_printf(out, "%ld",
							    c->value);
						else
							buf_puts(out, "[c]");
					} else if (o == RATE_VALUE)
						buf_printf(out, "%ld.%ld", r10 / 10,
						    r10 % 10);
					else
						buf_puts(out, "[c]");
					buf_puts(out, "\r\n");
				}
		}
	}
}

static int
add_fact(void *arg, const struct log_fact *x)
{
	void	**a = arg;

	return figures_add(a[0], a[1], x) == -1 ? -1 : 0;
}

/* Count the log at path into f. Returns 0, or -1 after reporting. */
static int
count_log(struct figures *f, const struct site *site, const char *path,
    struct diag *d)
{
	struct workdays	 w;
	struct complaint_log *l = NULL;
	struct buf	 why = BUF_INIT;
	void		*arg[2];
	int		 rc = -1;

	if (workdays_read(&w, site->content_dir, d) == -1)
		goto out;
	if ((l = log_open(path, LOG_READ_ONLY, &why)) == NULL) {
		diag_error(d, path, 0, 0, "%s", buf_str(&why));
		goto out;
	}
	arg[0] = f;
	arg[1] = &w;
	if (log_each_fact(l, add_fact, arg, &f->unreadable, &why) == -1) {
		diag_error(d, path, 0, 0, "%s", buf_str(&why));
		goto out;
	}
	if (f->unreadable > 0) {
		diag_error(d, path, 0, 0, "%zu complaint stage%s %s a stage, "
		    "tenure or received date candour cannot read; correct them "
		    "and import them again", f->unreadable, f->unreadable == 1 ?
		    "" : "s", f->unreadable == 1 ? "has" : "have");
		goto out;
	}
	if (figures_finish(f) == -1) {
		diag_error(d, path, 0, 0, "out of memory counting the log");
		goto out;
	}
	if (figures_read_inputs(f, site->content_dir, d) == -1)
		goto out;
	figures_suppress(f);
	rc = 0;
out:
	log_close(l);
	workdays_free(&w);
	buf_free(&why);
	return rc;
}

/* Add one page of the generator. Returns 0 or -1. */
static int
add(struct site *site, struct shared *sh, enum kind kind, size_t year,
    int quarter, struct diag *d)
{
	struct buf	 src = BUF_INIT, url = BUF_INIT, title = BUF_INIT;
	struct figpage	*fp;
	struct page	*pg;
	char		 name[8];
	int		 rc = -1;

	if ((fp = calloc(1, sizeof(*fp))) == NULL)
		return -1;
	fp->sh = sh;
	fp->kind = kind;
	fp->year = year;
	fp->quarter = quarter;
	switch (kind) {
	case KIND_INDEX:
		buf_puts(&src, FIGURES_INDEX_SRC);
		buf_puts(&url, "figures/");
		buf_puts(&title, "Complaint figures");
		break;
	case KIND_METHOD:
		buf_puts(&src, "@figures/method");
		buf_puts(&url, "figures/method/");
		buf_puts(&title, "How we work out our complaint figures");
		break;
	case KIND_PERIOD:
		figures_year_name(sh->f.years[year].year, name);
		buf_printf(&src, "@figures/%s", name);
		buf_printf(&url, "figures/%s/", name);
		if (quarter > 0) {
			buf_printf(&src, "/q%d", quarter);
			buf_printf(&url, "q%d/", quarter);
			buf_puts(&title, "Complaint figures for ");
			buf_printf(&title, "%s %d", fig_quarter_months[quarter],
			    quarter == 4 ? sh->f.years[year].year + 1 :
			    sh->f.years[year].year);
		} else
			buf_printf(&title, "Complaint figures %s", name);
		break;
	}
	if (src.err || url.err || title.err || (pg = site_add_page(site,
	    buf_str(&src), "the complaint figures", buf_str(&url), d)) ==
	    NULL) {
		free(fp);
		goto out;
	}
	sh->refs++;
	pg->gen = &figures_generator;
	pg->data = fp;
	pg->ok = 1;
	if ((pg->meta.title = strdup(buf_str(&title))) == NULL)
		goto out;
	if (kind == KIND_INDEX) {
		pg->meta.has_order = 1;
		pg->meta.order = FIGURES_MENU_ORDER;
		if ((pg->meta.description = strdup("How many complaints we "
		    "received, how quickly we answered them and what residents "
		    "thought of how we handled them.")) == NULL)
			goto out;
	}
	rc = 0;
out:
	buf_free(&src);
	buf_free(&url);
	buf_free(&title);
	return rc;
}

static int
figures_scan(struct site *site, struct diag *d)
{
	struct buf	 path = BUF_INIT, perf = BUF_INIT;
	struct shared	*sh;
	struct stat	 st;
	size_t		 i;
	int		 have_perf, q, rc = 0;

	log_path(&path, site->content_dir, site->config.value[SET_LOG]);
	buf_printf(&perf, "%s/performance", site->content_dir);
	if (path.err || perf.err) {
		rc = -1;
		goto out;
	}
	have_perf = stat(buf_str(&perf), &st) == 0 && S_ISDIR(st.st_mode);
	if ((sh = calloc(1, sizeof(*sh))) == NULL) {
		rc = -1;
		goto out;
	}
	sh->have_log = stat(buf_str(&path), &st) == 0;
	if ((!sh->have_log && !have_perf) ||
	    figures_init(&sh->f, site->config.threshold) == -1) {
		figures_free(&sh->f);
		free(sh);
		goto out;
	}
	if (sh->have_log && count_log(&sh->f, site, buf_str(&path), d) == -1)
		rc = -1;
	if (add(site, sh, KIND_INDEX, 0, 0, d) == -1 ||
	    add(site, sh, KIND_METHOD, 0, 0, d) == -1)
		rc = -1;
	for (i = 0; rc == 0 && i < sh->f.nyears; i++)
		for (q = 0; rc == 0 && q <= sh->f.years[i].nquarters; q++)
			if (add(site, sh, KIND_PERIOD, i, q, d) == -1)
				rc = -1;
	if (sh->refs == 0) {
		figures_free(&sh->f);
		free(sh);
	}
out:
	buf_free(&path);
	buf_free(&perf);
	return rc;
}

static void
figures_free_data(void *data)
{
	struct figpage	*fp = data;

	if (--fp->sh->refs == 0) {
		figures_free(&fp->sh->f);
		free(fp->sh);
	}
	free(fp);
}

static int
render_index(struct md_page *out, const struct site *site, struct page *pg,
    const struct shared *sh)
{
	const struct figures *f = &sh->f;
	const struct fig_year *y;
	struct buf	*o = &out->body;
	struct buf	 src = BUF_INIT;
	char		 name[8];
	size_t		 i;
	int		 q;

	if (f->nyears == 0) {
		buf_puts(o, "<p>We have not published any complaint figures "
		    "yet. They will be here once we have recorded complaints "
		    "for a quarter.</p>\n<p><a href=\"method/\">How we will "
		    "work out the figures</a>.</p>\n");
		return o->err ? -1 : 0;
	}
	buf_puts(o, "<h2 id=\"periods\">Each year and quarter</h2>\n<ul>\n");
	for (i = f->nyears; i-- > 0;) {
		y = &f->years[i];
		figures_year_name(y->year, name);
		buf_printf(o, "<li><a href=\"%s/\">%s</a>", name, name);
		if (y->nquarters < 4)
			buf_printf(o, " (April to %s so far)", y->nquarters == 1 ?
			    "June" : y->nquarters == 2 ? "September" :
			    "December");
		buf_truncate(&src, 0);
		buf_printf(&src, "@report/%s", name);
		if (site_page_by_src(site, buf_str(&src), src.len) != NULL)
			buf_printf(o, ", and <a href=\"../report/%s/\">our "
			    "complaints report for %s</a>", name, name);
		buf_puts(o, "\n<ul>\n");
		for (q = 1; q <= y->nquarters; q++)
			buf_printf(o, "<li><a href=\"%s/q%d/\">%s %d</a></li>\n",
			    name, q, fig_quarter_months[q], q == 4 ?
			    y->year + 1 : y->year);
		buf_puts(o, "</ul>\n</li>\n");
	}
	buf_puts(o, "</ul>\n");
	y = &f->years[f->nyears - 1];
	figures_year_name(y->year, name);
	buf_printf(o, "<h2 id=\"latest\">Key figures for %s</h2>\n", name);
	figures_summary_html(o, f, f->nyears - 1);
	buf_puts(o, "<h2 id=\"data\">Download the figures</h2>\n<p><a href=\""
	    "../" FIGURES_DATA "\">Every figure on these pages as a "
	    "spreadsheet (CSV)</a>. It has one row per period, measure and "
	    "tenure, in the columns period (such as 2024-25, or 2024-25 Q1 "
	    "for April to June 2024), measure, tenure (LCRA, LCHO or all) "
	    "and value. A value is a number, or [c] where we do not publish "
	    "it to protect residents' privacy.</p>\n"
	    "<h2 id=\"method\">How we work out the figures</h2>\n<p>"
	    "<a href=\"method/\">The rules we follow</a>: what we count, the "
	    "time limits, and how we keep small numbers private.</p>\n");
	if (page_add_anchor(pg, "periods") == -1 ||
	    page_add_anchor(pg, "latest") == -1 ||
	    page_add_anchor(pg, "data") == -1 ||
	    page_add_anchor(pg, "method") == -1 ||
	    md_page_add_toc(out, "periods", "Each year and quarter") == -1 ||
	    md_page_add_toc(out, "latest", "Key figures") == -1 ||
	    md_page_add_toc(out, "data", "Download the figures") == -1 ||
	    md_page_add_toc(out, "method", "How we work out the figures") ==
	    -1) {
		buf_free(&src);
		return -1;
	}
	buf_free(&src);
	{
		struct buf *csv = md_page_add_extra(out, FIGURES_DATA);
		if (csv == NULL)
			return -1;
		figures_csv(csv, f);
	}
	return o->err ? -1 : 0;
}

static int
figures_render(struct md_page *out, const struct site *site,
    struct page *pg, struct links *links, struct diag *d)
{
	const struct figpage *fp = pg->data;

	(void)links;
	if (pg->stand_in)
		return 0;
	switch (fp->kind) {
	case KIND_INDEX:
		if (render_index(out, site, pg, fp->sh) == 0)
			return 0;
		break;
	case KIND_METHOD:
		if (figures_method_html(out, pg, &fp->sh->f) == 0)
			return 0;
		break;
	case KIND_PERIOD:
		if (figures_period_html(out, site, pg, &fp->sh->f, fp->year,
		    fp->quarter) == 0)
			return 0;
		break;
	}
	diag_error(d, pg->file, 0, 0, "out of memory writing %s", pg->url);
	return -1;
}

int
figures_report_summary(struct buf *out, const struct site *site, int y,
    size_t depth)
{
	const struct page *pg;
	const struct figpage *fp;
	const struct figures *f;
	char		 name[8];
	size_t		 i, k;

	pg = site_page_by_src(site, FIGURES_INDEX_SRC,
	    strlen(FIGURES_INDEX_SRC));
	if (pg == NULL || pg->gen != &figures_generator)
		return 0;
	fp = pg->data;
	f = &fp->sh->f;
	for (i = 0; i < f->nyears && f->years[i].year != y; i++)
		;
	if (i == f->nyears)
		return 0;
	figures_summary_html(out, f, i);
	figures_year_name(y, name);
	buf_puts(out, "<p><a href=\"");
	for (k = 0; k < depth; k++)
		buf_puts(out, "../");
	buf_printf(out, "figures/%s/\">All our complaint figures for %s</a>, "
	    "with outcomes, what complaints were about, how they reached us "
	    "and the complaints we did not take on.</p>\n", name, name);
	return 1;
}

const struct generator figures_generator = {
	"figures", figures_scan, figures_render, figures_free_data, NULL
};
