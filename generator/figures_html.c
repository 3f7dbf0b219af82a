/*
 * The pages of one period, figures/<year>/ and figures/<year>/qN/: each
 * figure as an inline SVG chart (its words as the text alternative), a
 * table and a sentence. Every count goes through put_count, which shows a
 * suppressed one as "fewer than 5" or [c]; every rate is shown only when
 * the counts it comes from are published.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "figures.h"
#include "html.h"
#include "links.h"
#include "log.h"
#include "markdown.h"
#include "site.h"
#include "workdays.h"

const char *const fig_quarter_months[5] = { "", "April to June",
    "July to September", "October to December", "January to March" };

static const char *const quarter_ends[5] = { "", "June", "September",
    "December", "March" };

const char *const fig_tenure_names[FIG_TENURE__MAX] = {
	"Rent (LCRA)", "Home ownership (LCHO)", "All"
};
static const char *const tenure_people[FIG_TENURE__MAX] = {
	"residents who rent from us (LCRA)",
	"shared owners and other home owners (LCHO)",
	"all residents"
};

const char *const fig_channel_names[LOG_CHANNEL__MAX] = {
	"The complaints kiosk", "Phone", "Email", "Letter", "In person",
	"Our website", "Social media", "Someone on the resident's behalf",
	"Another way"
};
const char *const fig_category_names[LOG_CATEGORY__MAX] = {
	"Repairs", "Damp and mould", "Anti-social behaviour",
	"The neighbourhood", "Rent and charges", "Staff and communication",
	"Support services", "Safety", "Something else"
};
const char *const fig_reason_names[LOG_REASON__MAX] = {
	"The problem happened more than 12 months before the complaint",
	"Legal proceedings had started",
	"It had already been through our complaints process",
	"It was a first request for a service, not a complaint",
	"Another reason our policy allows"
};
const char *const fig_finding_names[FIG_FINDING__MAX] = {
	"Severe maladministration", "Maladministration", "Service failure",
	"Reasonable redress", "No maladministration",
	"Complaint handling failure orders"
};

/* The state of rendering one page. */
struct ctx {
	const struct site *site;
	struct page	*page;
	struct md_page	*out;
	struct buf	*o;
	const struct figures *f;
	const struct fig_year *y;
	const struct fig_period *p;
	const struct fig_period *prev;	/* the period before, or NULL */
	const struct fig_year *prev_y;	/* the year prev is in */
	struct buf	 prev_label;	/* "last year", "in April to June 2024" */
	int		 rc;
};

/* 1234567 as "1,234,567". */
static void
put_int(struct buf *o, long v)
{
	if (v < 0) {
		buf_putc(o, '-');
		v = -v;
	}
	if (v >= 1000) {
		put_int(o, v / 1000);
		buf_printf(o, ",%03ld", v % 1000);
	} else
		buf_printf(o, "%ld", v);
}

/* A rate times ten as "91.2". */
static void
put_rate(struct buf *o, long r10)
{
	buf_printf(o, "%ld.%ld", r10 / 10, r10 % 10);
}

static void
put_count(struct ctx *x, const struct fig_cell *c)
{
	if (c->state == FIG_SHOWN)
		put_int(x->o, c->value);
	else if (c->state == FIG_PRIMARY)
		buf_printf(x->o, "fewer than %ld", x->f->threshold);
	else
		buf_puts(x->o, "[c]");
}

/* The period's name: "2024-25" or "April to June 2024". */
static void
put_period(struct buf *o, int year, int q)
{
	char	 name[8];

	if (q == 0) {
		figures_year_name(year, name);
		buf_puts(o, name);
	} else
		buf_printf(o, "%s %d", fig_quarter_months[q], q == 4 ? year + 1 :
		    year);
}

/* A rate num / den * scale, to put in *r10, when both are published. */
static int
rate(const struct fig_cell *num, const struct fig_cell *den, long scale,
    long *r10)
{
	if (num->state != FIG_SHOWN || den->state != FIG_SHOWN ||
	    den->value == 0)
		return 0;
	*r10 = figures_rate10(num->value, den->value, scale);
	return 1;
}

static int
ch01(const struct fig_year *y, const struct fig_period *p, int stage,
    int t, long *r10)
{
	const struct fig_cell *c = &p->c[stage == 1 ? FIG_S1_RECEIVED :
	    FIG_S2_RECEIVED][t];

	if (!y->has_homes || y->homes[t] == 0 || c->state != FIG_SHOWN)
		return 0;
	*r10 = figures_rate10(c->value, y->homes[t], 1000);
	return 1;
}

static int
ch02(const struct fig_period *p, int stage, int t, long *r10)
{
	return rate(&p->c[stage == 1 ? FIG_S1_ON_TIME : FIG_S2_ON_TIME][t],
	    &p->c[stage == 1 ? FIG_S1_RESPONDED : FIG_S2_RESPONDED][t], 100,
	    r10);
}

static int
tp09(const struct fig_year *y, int t, long threshold, long *r10)
{
	long	 sat = y->tp09_satisfied[t], all = y->tp09_answered[t];

	/* No share from a count under the threshold, nor of no one. */
	if (!y->has_tp09 || all < threshold || (sat > 0 && sat < threshold))
		return 0;
	*r10 = figures_rate10(sat, all, 100);
	return 1;
}

/* Start a section: an h2 with id, listed in Contents. */
static void
section(struct ctx *x, const char *id, const char *title)
{
	buf_printf(x->o, "<h2 id=\"%s\">", id);
	html_texts(x->o, title);
	buf_puts(x->o, "</h2>\n");
	if (page_add_anchor(x->page, id) == -1 ||
	    md_page_add_toc(x->out, id, title) == -1)
		x->rc = -1;
}

/* ", up from 84.0% last year" when the period before has the figure. */
static void
put_change(struct ctx *x, int have, long now, int had, long before,
    const char *unit)
{
	if (!have || !had || x->prev == NULL)
		return;
	if (now > before)
		buf_puts(x->o, ", up from ");
	else if (now < before)
		buf_puts(x->o, ", down from ");
	else
		buf_puts(x->o, ", the same as ");
	put_rate(x->o, before);
	buf_puts(x->o, unit);
	buf_putc(x->o, ' ');
	html_texts(x->o, buf_str(&x->prev_label));
}

/*
 * A bar chart: n bars, each a label and a value times ten (or none), drawn
 * against max (times ten), as inline SVG with its words as the text
 * alternative.
 */
struct bar {
	const char	*label;
	int		 has;
	long		 v10;
	int		 count;		/* a whole number, not a rate */
};

#define CHART_WIDTH 400
#define CHART_BAR_MAX 280
#define CHART_ROW 56

static void
put_value(struct buf *o, const struct bar *b, const char *unit)
{
	if (b->count)
		put_int(o, b->v10 / 10);
	else {
		put_rate(o, b->v10);
		buf_puts(o, unit);
	}
}

static void
chart(struct ctx *x, const char *id, const char *title,
    const struct bar *bars, size_t n, const char *unit, long max10)
{
	struct buf	*o = x->o;
	size_t		 i;
	long		 w, y;

	for (i = 0; i < n; i++)
		if (bars[i].has && bars[i].v10 > max10)
			max10 = bars[i].v10;
	buf_printf(o, "<figure class=\"chart\">\n<svg role=\"img\" "
	    "aria-labelledby=\"%s-title %s-desc\" viewBox=\"0 0 %d %zu\" "
	    "width=\"100%%\" preserveAspectRatio=\"xMinYMin meet\" "
	    "font-family=\"system-ui, sans-serif\" font-size=\"16\">\n"
	    "<title id=\"%s-title\">", id, id, CHART_WIDTH,
	    n * CHART_ROW + 8, id);
	html_texts(o, title);
	buf_printf(o, "</title>\n<desc id=\"%s-desc\">", id);
	for (i = 0; i < n; i++) {
		html_texts(o, bars[i].label);
		buf_puts(o, ": ");
		if (bars[i].has)
			put_value(o, &bars[i], unit);
		else
			buf_puts(o, "not published");
		buf_puts(o, i + 1 < n ? ". " : ".");
	}
	buf_puts(o, "</desc>\n");
	for (i = 0; i < n; i++) {
		y = (long)i * CHART_ROW;
		buf_printf(o, "<text x=\"0\" y=\"%ld\" fill=\"#0b0c0c\">",
		    y + 18);
		html_texts(o, bars[i].label);
		buf_puts(o, "</text>\n");
		w = bars[i].has && max10 > 0 ? bars[i].v10 * CHART_BAR_MAX /
		    max10 : 0;
		if (bars[i].has && bars[i].v10 > 0 && w < 2)
			w = 2;
		if (w > 0)
			buf_printf(o, "<rect x=\"0\" y=\"%ld\" width=\"%ld\" "
			    "height=\"22\" fill=\"#1d4f91\"/>\n", y + 26, w);
		buf_printf(o, "<text x=\"%ld\" y=\"%ld\" fill=\"#0b0c0c\">",
		    w + 8, y + 43);
		if (bars[i].has)
			put_value(o, &bars[i], unit);
		else
			buf_puts(o, "not published");
		buf_puts(o, "</text>\n");
	}
	buf_puts(o, "</svg>\n</figure>\n");
}

/* A table with a row header column and one column per tenure. */
static void
table_start(struct ctx *x, const char *caption, const char *first)
{
	int	 t;

	buf_puts(x->o, "<div class=\"table figures\">\n<table>\n<caption>");
	html_texts(x->o, caption);
	buf_puts(x->o, "</caption>\n<thead>\n<tr><th scope=\"col\">");
	html_texts(x->o, first);
	buf_puts(x->o, "</th>");
	for (t = 0; t < FIG_TENURE__MAX; t++) {
		buf_puts(x->o, "<th scope=\"col\">");
		html_texts(x->o, fig_tenure_names[t]);
		buf_puts(x->o, "</th>");
	}
	buf_puts(x->o, "</tr>\n</thead>\n<tbody>\n");
}

static void
table_end(struct ctx *x)
{
	buf_puts(x->o, "</tbody>\n</table>\n</div>\n");
}

static void
row_start(struct ctx *x, const char *label)
{
	buf_puts(x->o, "<tr><th scope=\"row\">");
	html_texts(x->o, label);
	buf_puts(x->o, "</th>");
}

static void
cell_start(struct ctx *x, int t)
{
	buf_puts(x->o, "<td data-label=\"");
	html_attrs(x->o, fig_tenure_names[t]);
	buf_puts(x->o, "\">");
}

/* A row of counts k, one per tenure. */
static void
row_counts(struct ctx *x, const char *label, enum fig_count k)
{
	int	 t;

	row_start(x, label);
	for (t = 0; t < FIG_TENURE__MAX; t++) {
		cell_start(x, t);
		put_count(x, &x->p->c[k][t]);
		buf_puts(x->o, "</td>");
	}
	buf_puts(x->o, "</tr>\n");
}

/* A row of rates: fn gives each tenure's, or none ("not published"). */
static void
row_rates(struct ctx *x, const char *label, const long *r10, const int *has,
    const char *unit, const char *none)
{
	int	 t;

	row_start(x, label);
	for (t = 0; t < FIG_TENURE__MAX; t++) {
		cell_start(x, t);
		if (has[t]) {
			put_rate(x->o, r10[t]);
			buf_puts(x->o, unit);
		} else
			buf_puts(x->o, none);
		buf_puts(x->o, "</td>");
	}
	buf_puts(x->o, "</tr>\n");
}

/* Why a rate is missing, as the end of a sentence. */
static void
put_missing(struct ctx *x, const struct fig_cell *c, const char *what)
{
	if (c->state == FIG_PRIMARY)
		buf_printf(x->o, "fewer than %ld %s, so we do not give a "
		    "rate", x->f->threshold, what);
	else if (c->state == FIG_SECONDARY)
		buf_printf(x->o, "a number of %s we do not publish, so that a "
		    "smaller number elsewhere cannot be worked out", what);
	else
		buf_printf(x->o, "no %s", what);
}

static void
sec_received(struct ctx *x)
{
	struct bar	 bars[4];
	long		 r[FIG_TENURE__MAX], before;
	int		 has[FIG_TENURE__MAX], had, stage, t;
	size_t		 n = 0;
	static const char *const labels[4] = { "Stage 1, rent (LCRA)",
	    "Stage 1, home ownership (LCHO)", "Stage 2, rent (LCRA)",
	    "Stage 2, home ownership (LCHO)" };

	section(x, "received", "Complaints received (CH01)");
	for (stage = 1; stage <= 2; stage++)
		for (t = 0; t < FIG_TENURE__MAX; t++) {
			const struct fig_cell *c = &x->p->c[stage == 1 ?
			    FIG_S1_RECEIVED : FIG_S2_RECEIVED][t];
			has[t] = ch01(x->y, x->p, stage, t, &r[t]);
			if (t == FIG_ALL)
				continue;
			had = x->prev != NULL && ch01(x->prev_y, x->prev, stage, t,
			    &before);
			buf_puts(x->o, "<p>");
			if (has[t]) {
				buf_puts(x->o, "We received ");
				put_int(x->o, c->value);
				buf_printf(x->o, " stage %d complaint%s from ",
				    stage, c->value == 1 ? "" : "s");
				html_texts(x->o, tenure_people[t]);
				buf_puts(x->o, ": ");
				put_rate(x->o, r[t]);
				buf_puts(x->o, " for every 1,000 homes");
				put_change(x, 1, r[t], had, before, "");
			} else {
				buf_puts(x->o, "From ");
				html_texts(x->o, tenure_people[t]);
				buf_puts(x->o, " we received ");
				put_missing(x, c, stage == 1 ? "stage 1 complaints"
				    : "stage 2 complaints");
			}
			buf_puts(x->o, ".</p>\n");
			bars[n].label = labels[n];
			bars[n].has = has[t];
			bars[n].v10 = r[t];
			bars[n].count = 0;
			n++;
		}
	chart(x, "chart-received", "Complaints per 1,000 homes", bars, n, "",
	    10);
	table_start(x, "Complaints received", "Figure");
	row_counts(x, "Stage 1 complaints", FIG_S1_RECEIVED);
	for (t = 0; t < FIG_TENURE__MAX; t++)
		has[t] = ch01(x->y, x->p, 1, t, &r[t]);
	row_rates(x, "Stage 1 per 1,000 homes (CH01)", r, has, "",
	    "not published");
	row_counts(x, "Stage 2 complaints", FIG_S2_RECEIVED);
	for (t = 0; t < FIG_TENURE__MAX; t++)
		has[t] = ch01(x->y, x->p, 2, t, &r[t]);
	row_rates(x, "Stage 2 per 1,000 homes (CH01)", r, has, "",
	    "not published");
	row_start(x, "Homes we own");
	for (t = 0; t < FIG_TENURE__MAX; t++) {
		cell_start(x, t);
		put_int(x->o, x->y->homes[t]);
		buf_puts(x->o, "</td>");
	}
	buf_puts(x->o, "</tr>\n");
	table_end(x);
}

static void
sec_on_time(struct ctx *x)
{
	struct bar	 bars[4];
	long		 r[FIG_TENURE__MAX], before;
	int		 has[FIG_TENURE__MAX], had, stage, t;
	size_t		 n = 0;
	static const char *const labels[4] = { "Stage 1, rent (LCRA)",
	    "Stage 1, home ownership (LCHO)", "Stage 2, rent (LCRA)",
	    "Stage 2, home ownership (LCHO)" };

	section(x, "on-time", "Complaints answered on time (CH02)");
	for (stage = 1; stage <= 2; stage++)
		for (t = 0; t < LOG_TENURE__MAX; t++) {
			const struct fig_cell *c = &x->p->c[stage == 1 ?
			    FIG_S1_RESPONDED : FIG_S2_RESPONDED][t];
			has[t] = ch02(x->p, stage, t, &r[t]);
			had = x->prev != NULL && ch02(x->prev, stage, t,
			    &before);
			buf_puts(x->o, "<p>");
			if (has[t]) {
				buf_puts(x->o, "We answered ");
				put_rate(x->o, r[t]);
				buf_printf(x->o, "%% of stage %d complaints from ",
				    stage);
				html_texts(x->o, tenure_people[t]);
				buf_puts(x->o, " on time");
				put_change(x, 1, r[t], had, before, "%");
			} else {
				buf_puts(x->o, "From ");
				html_texts(x->o, tenure_people[t]);
				buf_puts(x->o, " we answered ");
				put_missing(x, c, stage == 1 ? "stage 1 complaints"
				    : "stage 2 complaints");
			}
			buf_puts(x->o, ".</p>\n");
			bars[n].label = labels[n];
			bars[n].has = has[t];
			bars[n].v10 = r[t];
			bars[n].count = 0;
			n++;
		}
	chart(x, "chart-on-time", "Share of complaints answered on time", bars,
	    n, "%", 1000);
	table_start(x, "Complaints answered on time", "Figure");
	for (stage = 1; stage <= 2; stage++) {
		row_counts(x, stage == 1 ? "Stage 1 complaints answered" :
		    "Stage 2 complaints answered", stage == 1 ?
		    FIG_S1_RESPONDED : FIG_S2_RESPONDED);
		row_counts(x, stage == 1 ? "Stage 1 answered on time" :
		    "Stage 2 answered on time", stage == 1 ? FIG_S1_ON_TIME :
		    FIG_S2_ON_TIME);
		for (t = 0; t < FIG_TENURE__MAX; t++)
			has[t] = ch02(x->p, stage, t, &r[t]);
		row_rates(x, stage == 1 ? "Stage 1 share on time (CH02)" :
		    "Stage 2 share on time (CH02)", r, has, "%",
		    "not published");
	}
	table_end(x);
}

static void
sec_tp09(struct ctx *x)
{
	struct bar	 bars[FIG_TENURE__MAX];
	long		 r[FIG_TENURE__MAX], before;
	int		 has[FIG_TENURE__MAX], had, t;
	const struct fig_year *py = x->y > x->f->years ? x->y - 1 : NULL;

	section(x, "satisfaction", "Satisfaction with complaint handling "
	    "(TP09)");
	if (x->p->quarter != 0) {
		buf_puts(x->o, "<p>We ask residents about complaint handling "
		    "once a year: see <a href=\"../\">the figures for ");
		put_period(x->o, x->y->year, 0);
		buf_puts(x->o, "</a>.</p>\n");
		return;
	}
	if (!x->y->has_tp09) {
		buf_puts(x->o, "<p>We have no survey results for this year "
		    "yet.</p>\n");
		return;
	}
	for (t = 0; t < FIG_TENURE__MAX; t++) {
		has[t] = tp09(x->y, t, x->f->threshold, &r[t]);
		bars[t].label = fig_tenure_names[t];
		bars[t].has = has[t];
		bars[t].v10 = r[t];
		bars[t].count = 0;
		if (t == FIG_ALL)
			continue;
		had = py != NULL && tp09(py, t, x->f->threshold, &before);
		buf_puts(x->o, "<p>");
		if (has[t]) {
			put_rate(x->o, r[t]);
			buf_puts(x->o, "% of ");
			html_texts(x->o, tenure_people[t]);
			buf_puts(x->o, " who answered our survey and had made a "
			    "complaint were satisfied with how we handled it");
			put_change(x, 1, r[t], had && x->prev != NULL, before,
			    "%");
		} else {
			buf_printf(x->o, "Fewer than %ld ", x->f->threshold);
			html_texts(x->o, tenure_people[t]);
			buf_puts(x->o, " answered, or were satisfied, so we do "
			    "not give a share");
		}
		buf_puts(x->o, ".</p>\n");
	}
	chart(x, "chart-satisfaction", "Share satisfied with complaint "
	    "handling", bars, FIG_TENURE__MAX, "%", 1000);
	table_start(x, "Satisfaction with complaint handling", "Figure");
	row_rates(x, "Satisfied (TP09)", r, has, "%", "not published");
	table_end(x);
}

/* A table and chart of a group of counts (outcomes, categories, ...). */
static void
counts_group(struct ctx *x, const char *chart_id, const char *title,
    const char *what, enum fig_count first, const char *const *names,
    size_t n)
{
	struct bar	*bars;
	size_t		 i;

	if ((bars = calloc(n, sizeof(*bars))) == NULL) {
		x->rc = -1;
		return;
	}
	for (i = 0; i < n; i++) {
		const struct fig_cell *c = &x->p->c[first + i][FIG_ALL];
		bars[i].label = names[i];
		bars[i].has = c->state == FIG_SHOWN;
		bars[i].v10 = c->value * 10;
		bars[i].count = 1;
	}
	chart(x, chart_id, title, bars, n, "", 10);
	table_start(x, title, what);
	for (i = 0; i < n; i++)
		row_counts(x, names[i], first + i);
	table_end(x);
	free(bars);
}

static void
sec_outcomes(struct ctx *x)
{
	static const char *const names[4] = { "Upheld", "Not upheld",
	    "Withdrawn", "Refused" };
	const struct fig_cell *up = &x->p->c[FIG_UPHELD][FIG_ALL];
	const struct fig_cell *no = &x->p->c[FIG_NOT_UPHELD][FIG_ALL];
	struct fig_cell	 answered;
	long		 r;

	section(x, "outcomes", "Outcomes");
	answered.value = up->value + no->value;
	answered.state = up->state == FIG_SHOWN && no->state == FIG_SHOWN ?
	    FIG_SHOWN : FIG_SECONDARY;
	buf_puts(x->o, "<p>");
	if (rate(up, &answered, 100, &r)) {
		buf_puts(x->o, "Of the complaints we answered at either stage, "
		    "we upheld ");
		put_rate(x->o, r);
		buf_puts(x->o, "%: we found we had got something wrong");
	} else if (answered.value == 0)
		buf_puts(x->o, "We answered no complaints in this period");
	else
		buf_puts(x->o, "Too few complaints were upheld or not upheld "
		    "to give a share");
	buf_puts(x->o, ". Withdrawn complaints are those the resident chose "
	    "to stop; refused ones are those we did not take on (see "
	    "<a href=\"#refused\">complaints we did not take on</a>).</p>\n");
	counts_group(x, "chart-outcomes", "Outcomes of complaints", "Outcome",
	    FIG_UPHELD, names, 4);
}

static void
sec_categories(struct ctx *x)
{
	section(x, "categories", "What complaints were about");
	buf_puts(x->o, "<p>Stage 1 complaints received, by what they were "
	    "mainly about.</p>\n");
	counts_group(x, "chart-categories", "Complaints by subject", "Subject",
	    FIG_CATEGORY, fig_category_names, LOG_CATEGORY__MAX);
}

static void
sec_channels(struct ctx *x)
{
	long	 r;

	section(x, "channels", "How complaints reached us");
	buf_puts(x->o, "<p>");
	if (rate(&x->p->c[FIG_FROM_KIOSK][FIG_ALL],
	    &x->p->c[FIG_S1_RECEIVED][FIG_ALL], 100, &r)) {
		put_rate(x->o, r);
		buf_puts(x->o, "% of stage 1 complaints were made at one of "
		    "our complaints kiosks");
	} else if (x->p->c[FIG_S1_RECEIVED][FIG_ALL].value == 0)
		buf_puts(x->o, "We received no stage 1 complaints in this "
		    "period");
	else {
		buf_puts(x->o, "At our complaints kiosks residents made ");
		put_missing(x, &x->p->c[FIG_FROM_KIOSK][FIG_ALL],
		    "complaints");
	}
	buf_puts(x->o, ".</p>\n");
	counts_group(x, "chart-channels", "Complaints by how they reached us",
	    "How", FIG_CHANNEL, fig_channel_names, LOG_CHANNEL__MAX);
}

static void
sec_time(struct ctx *x)
{
	long		 r[FIG_TENURE__MAX];
	int		 has[FIG_TENURE__MAX], stage, t;
	long		 esc;

	section(x, "escalation", "Escalation and time taken");
	buf_puts(x->o, "<p>");
	if (rate(&x->p->c[FIG_S2_RECEIVED][FIG_ALL],
	    &x->p->c[FIG_S1_RESPONDED][FIG_ALL], 100, &esc)) {
		buf_puts(x->o, "Residents asked for a stage 2 review ");
		put_rate(x->o, esc);
		buf_puts(x->o, " times for every 100 stage 1 answers we gave");
	} else
		buf_puts(x->o, "Too few complaints were escalated or answered "
		    "to give an escalation rate");
	buf_puts(x->o, ".</p>\n");
	table_start(x, "Escalation and working days to answer", "Figure");
	for (t = 0; t < FIG_TENURE__MAX; t++)
		has[t] = rate(&x->p->c[FIG_S2_RECEIVED][t],
		    &x->p->c[FIG_S1_RESPONDED][t], 100, &r[t]);
	row_rates(x, "Stage 2 requests per 100 stage 1 answers", r, has, "",
	    "not published");
	for (stage = 1; stage <= 2; stage++) {
		for (t = 0; t < FIG_TENURE__MAX; t++) {
			const struct fig_cell *c = &x->p->c[stage == 1 ?
			    FIG_S1_RESPONDED : FIG_S2_RESPONDED][t];
			has[t] = c->state == FIG_SHOWN && c->value > 0 &&
			    x->p->median2[stage - 1][t] >= 0;
			r[t] = x->p->median2[stage - 1][t] * 5;
		}
		row_rates(x, stage == 1 ? "Median working days to answer at "
		    "stage 1" : "Median working days to answer at stage 2", r,
		    has, "", "not published");
	}
	table_end(x);
}

static void
sec_refused(struct ctx *x)
{
	section(x, "refused", "Complaints we did not take on");
	buf_puts(x->o, "<p>The Complaint Handling Code lets us decline a "
	    "complaint only for a reason set out in our policy. When we do, "
	    "we say why and tell the resident they can ask the Housing "
	    "Ombudsman to look at our decision.</p>\n");
	table_start(x, "Complaints refused, by reason", "Reason");
	row_counts(x, "All reasons", FIG_REFUSED);
	{
		size_t	 i;
		for (i = 0; i < LOG_REASON__MAX; i++)
			row_counts(x, fig_reason_names[i], FIG_REASON + i);
	}
	table_end(x);
}

static void
sec_ombudsman(struct ctx *x)
{
	size_t	 i;

	section(x, "ombudsman", "Housing Ombudsman decisions");
	if (!x->y->has_ombudsman) {
		buf_puts(x->o, "<p>The Housing Ombudsman made no decisions "
		    "about our complaints this year.</p>\n");
		return;
	}
	buf_puts(x->o, "<p>Decisions the Housing Ombudsman made this year "
	    "about complaints residents brought to it.</p>\n"
	    "<div class=\"table figures\">\n<table>\n<caption>Housing "
	    "Ombudsman decisions</caption>\n<thead>\n<tr><th scope=\"col\">"
	    "Finding</th><th scope=\"col\">Number</th></tr>\n</thead>\n"
	    "<tbody>\n");
	for (i = 0; i < FIG_FINDING__MAX; i++) {
		row_start(x, fig_finding_names[i]);
		buf_puts(x->o, "<td data-label=\"Number\">");
		put_count(x, &x->y->ombudsman[i]);
		buf_puts(x->o, "</td></tr>\n");
	}
	table_end(x);
}

static void
sec_about(struct ctx *x)
{
	section(x, "about", "About these figures");
	buf_printf(x->o, "<p>To protect residents' privacy, a number from 1 to "
	    "%ld is shown as &#8220;fewer than %ld&#8221;, and no percentage "
	    "or rate is worked out from it. Some other numbers are shown as "
	    "[c] so that a small number cannot be worked out by adding or "
	    "taking away. Zero is shown as 0.</p>\n<p><a href=\"",
	    x->f->threshold - 1, x->f->threshold);
	{
		size_t	 i;
		for (i = 1; i < x->page->depth; i++)
			buf_puts(x->o, "../");
	}
	buf_puts(x->o, "method/\">How we work out these figures</a>.</p>\n");
}

int
figures_period_html(struct md_page *out, const struct site *site,
    struct page *pg, const struct figures *f, size_t year, int quarter)
{
	struct ctx	 c, *x = &c;

	memset(&c, 0, sizeof(c));
	c.site = site;
	c.page = pg;
	c.out = out;
	c.o = &out->body;
	c.f = f;

	x->y = &f->years[year];
	x->p = &x->y->p[quarter];
	if (quarter == 0 && year > 0) {
		x->prev_y = &f->years[year - 1];
		x->prev = &x->prev_y->p[0];
		buf_puts(&x->prev_label, "last year");
	} else if (quarter > 1) {
		x->prev_y = x->y;
		x->prev = &x->y->p[quarter - 1];
		buf_puts(&x->prev_label, "in ");
		put_period(&x->prev_label, x->y->year, quarter - 1);
	} else if (quarter == 1 && year > 0) {
		x->prev_y = &f->years[year - 1];
		x->prev = &x->prev_y->p[4];
		buf_puts(&x->prev_label, "in ");
		put_period(&x->prev_label, x->y->year - 1, 4);
	}
	buf_puts(x->o, "<p>");
	if (quarter == 0 && year + 1 == f->nyears &&
	    x->y->nquarters < 4) {
		buf_printf(x->o, "These figures cover April to %s so far. ",
		    quarter_ends[x->y->nquarters]);
	}
	buf_puts(x->o, "Each figure is shown as a chart, a table and in words. "
	    "The tables give low-cost rental (LCRA) and low-cost home "
	    "ownership (LCHO) homes separately, as the Regulator of Social "
	    "Housing asks.</p>\n");
	sec_received(x);
	sec_on_time(x);
	sec_tp09(x);
	sec_outcomes(x);
	sec_categories(x);
	sec_channels(x);
	sec_time(x);
	sec_refused(x);
	if (quarter == 0)
		sec_ombudsman(x);
	sec_about(x);
	buf_free(&x->prev_label);
	return x->rc == -1 || x->o->err ? -1 : 0;
}

void
figures_summary_html(struct buf *out, const struct figures *f, size_t year)
{
	struct ctx	 c, *x = &c;
	long		 r[FIG_TENURE__MAX];
	int		 has[FIG_TENURE__MAX], stage, t;
	char		 name[8];
	struct buf	 caption = BUF_INIT;

	memset(&c, 0, sizeof(c));
	c.o = out;
	c.f = f;
	c.y = &f->years[year];
	c.p = &c.y->p[0];
	figures_year_name(c.y->year, name);
	buf_printf(&caption, "Key figures for %s", name);
	table_start(x, buf_str(&caption), "Measure");
	for (stage = 1; stage <= 2; stage++) {
		for (t = 0; t < FIG_TENURE__MAX; t++)
			has[t] = ch01(c.y, c.p, stage, t, &r[t]);
		row_rates(x, stage == 1 ? "Stage 1 complaints per 1,000 homes "
		    "(CH01)" : "Stage 2 complaints per 1,000 homes (CH01)", r,
		    has, "", "not published");
	}
	for (stage = 1; stage <= 2; stage++) {
		for (t = 0; t < FIG_TENURE__MAX; t++)
			has[t] = ch02(c.p, stage, t, &r[t]);
		row_rates(x, stage == 1 ? "Stage 1 answered on time (CH02)" :
		    "Stage 2 answered on time (CH02)", r, has, "%",
		    "not published");
	}
	for (t = 0; t < FIG_TENURE__MAX; t++)
		has[t] = tp09(c.y, t, f->threshold, &r[t]);
	row_rates(x, "Satisfied with complaint handling (TP09)", r, has, "%",
	    c.y->has_tp09 ? "not published" : "no survey yet");
	table_end(x);
	buf_free(&caption);
}
