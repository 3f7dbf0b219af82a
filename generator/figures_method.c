/*
 * figures/method/: every rule the figures follow, in plain words, beside
 * the figures (DESIGN 5.1). The numbers in it (the time limits, the
 * threshold) come from the same constants the counting uses.
 */
#include <string.h>

#include "buf.h"
#include "figures.h"
#include "html.h"
#include "links.h"
#include "log.h"
#include "markdown.h"
#include "site.h"

static const struct {
	const char	*id;
	const char	*title;
} sections[] = {
	{ "periods", "Years and quarters" },
	{ "what-we-count", "What we count" },
	{ "time-limits", "Time limits" },
	{ "rounding", "Rounding" },
	{ "privacy", "Keeping small numbers private" },
	{ "sources", "Where the figures come from" },
};

static int
heading(struct md_page *out, struct page *pg, size_t i)
{
	buf_printf(&out->body, "<h2 id=\"%s\">%s</h2>\n", sections[i].id,
	    sections[i].title);
	if (page_add_anchor(pg, sections[i].id) == -1 ||
	    md_page_add_toc(out, sections[i].id, sections[i].title) == -1)
		return -1;
	return 0;
}

static void
list(struct buf *o, const char *const *names, size_t n)
{
	size_t	 i;

	buf_puts(o, "<ul>\n");
	for (i = 0; i < n; i++) {
		buf_puts(o, "<li>");
		html_texts(o, names[i]);
		buf_puts(o, "</li>\n");
	}
	buf_puts(o, "</ul>\n");
}

int
figures_method_html(struct md_page *out, struct page *pg,
    const struct figures *f)
{
	struct buf	*o = &out->body;
	long		 t = f->threshold;

	buf_puts(o, "<p>We work out our complaint figures the same way every "
	    "quarter, from our complaint log, so that anyone can check them "
	    "and compare one period with another. These are the rules.</p>\n");
	if (heading(out, pg, 0) == -1)
		return -1;
	buf_puts(o, "<p>Our reporting year runs from 1 April to 31 March and "
	    "is written like 2024-25. Its quarters are April to June (Q1), "
	    "July to September (Q2), October to December (Q3) and January to "
	    "March (Q4). The figures for the current year cover the quarters "
	    "so far.</p>\n<p>The Regulator of Social Housing asks for the "
	    "figures for two kinds of home separately: low-cost rental "
	    "accommodation (LCRA), homes we rent out, and low-cost home "
	    "ownership (LCHO), such as shared ownership. &#8220;All&#8221; "
	    "is both together.</p>\n");
	if (heading(out, pg, 1) == -1)
		return -1;
	buf_puts(o, "<p>A complaint has up to two stages. At stage 1 we "
	    "investigate and answer. If the resident is unhappy with the "
	    "answer they can ask for stage 2, a review by someone not "
	    "involved before.</p>\n<ul>\n"
	    "<li><strong>Complaints received</strong>: stages that began in "
	    "the period: for stage 1 the day we received the complaint, for "
	    "stage 2 the day the resident asked for the review. Complaints "
	    "we refused to take on are not counted here.</li>\n"
	    "<li><strong>Complaints per 1,000 homes (CH01)</strong>: "
	    "complaints received, divided by the number of homes of that "
	    "kind we owned in the year, times 1,000.</li>\n"
	    "<li><strong>Complaints answered</strong>: stages we answered in "
	    "the period, whether we upheld the complaint or not. Withdrawn "
	    "and refused complaints are not answers.</li>\n"
	    "<li><strong>Answered on time (CH02)</strong>: of the complaints "
	    "answered in the period, the share we acknowledged and answered "
	    "within the time limits below.</li>\n"
	    "<li><strong>Satisfaction with complaint handling (TP09)</strong>: "
	    "from our yearly tenant satisfaction survey, residents who had "
	    "made a complaint and said they were very or fairly satisfied "
	    "with how we handled it, as a share of all who answered that "
	    "question (very satisfied, fairly satisfied, neither, fairly "
	    "dissatisfied, very dissatisfied).</li>\n"
	    "<li><strong>Outcomes</strong>: answers at either stage that "
	    "upheld the complaint (we found we had got something wrong) or "
	    "did not; complaints withdrawn by the resident; and complaints we "
	    "refused to take on, each counted in the period it was "
	    "decided.</li>\n"
	    "<li><strong>Escalation</strong>: stage 2 reviews asked for in "
	    "the period, for every 100 stage 1 answers we gave in it.</li>\n"
	    "<li><strong>Working days to answer</strong>: for each answer, "
	    "the working days after the day the stage began, up to and "
	    "including the day we answered; we give the median (half took "
	    "less time, half more).</li>\n"
	    "<li><strong>Complaints we did not take on</strong> (Complaint "
	    "Handling Code 8.1b), with the reason for each, counted in the "
	    "period we decided.</li>\n"
	    "<li><strong>Housing Ombudsman decisions</strong> in the year, "
	    "from the Ombudsman's own records.</li>\n</ul>\n"
	    "<p>What a stage 1 complaint was about, and how it reached us, "
	    "are counted for the complaints received. The subjects are:</p>\n");
	list(o, fig_category_names, LOG_CATEGORY__MAX);
	buf_puts(o, "<p>The ways a complaint can reach us are:</p>\n");
	list(o, fig_channel_names, LOG_CHANNEL__MAX);
	buf_puts(o, "<p>The reasons we may refuse to take on a complaint "
	    "are:</p>\n");
	list(o, fig_reason_names, LOG_REASON__MAX);
	if (heading(out, pg, 2) == -1)
		return -1;
	buf_printf(o, "<p>We follow the Housing Ombudsman's Complaint "
	    "Handling Code (2024). Working days are Monday to Friday, except "
	    "bank holidays in England and Wales. A limit of a number of "
	    "working days after a date is counted forward from that date one "
	    "day at a time, counting only working days; the day the count "
	    "reaches the limit is the last day, and anything done on or "
	    "before it is on time.</p>\n<ul>\n"
	    "<li>Stage 1: we acknowledge the complaint within %d working days "
	    "of receiving it, and answer within %d working days of "
	    "acknowledging it. With a reason we record, we may extend the "
	    "answer by up to %d more working days.</li>\n"
	    "<li>Stage 2: we acknowledge the request within %d working days, "
	    "and answer within %d working days of acknowledging it, or up to "
	    "%d more with a recorded reason.</li>\n</ul>\n"
	    "<p>If we answered without acknowledging first, the answer counts "
	    "as the acknowledgement. An extension longer than the Code allows "
	    "does not count: such a complaint is on time only if we answered "
	    "within the first limit.</p>\n", CODE_ACK_DAYS,
	    CODE_RESPONSE_DAYS(1), CODE_EXTENSION_DAYS(1), CODE_ACK_DAYS,
	    CODE_RESPONSE_DAYS(2), CODE_EXTENSION_DAYS(2));
	if (heading(out, pg, 3) == -1)
		return -1;
	buf_puts(o, "<p>Percentages and rates are rounded to one decimal "
	    "place, with a half rounded up: 91.25% is shown as 91.3%. A "
	    "median that falls between two whole days is shown with .5.</p>"
	    "\n");
	if (heading(out, pg, 4) == -1)
		return -1;
	buf_printf(o, "<p>A small number could point to a person. So, on "
	    "every page and in the download:</p>\n<ul>\n"
	    "<li>A count from 1 to %ld is shown as &#8220;fewer than "
	    "%ld&#8221; (in the download, [c]).</li>\n"
	    "<li>No percentage or rate is worked out from such a count.</li>\n"
	    "<li>Where a hidden count could be worked out from the others, by "
	    "adding them up or taking them from a total (such as LCRA and LCHO "
	    "from all, or the quarters from the year), we hide enough other "
	    "counts as well. They are shown as [c].</li>\n"
	    "<li>Zero is shown as 0.</li>\n</ul>\n", t - 1, t);
	if (heading(out, pg, 5) == -1)
		return -1;
	buf_puts(o, "<p>Every complaint, from our complaints kiosks, our case "
	    "system or staff, is recorded in one complaint log. The figures "
	    "are counted from its dates and categories only: no names, "
	    "contact details or what residents wrote ever reach these pages. "
	    "The number of homes, the survey results and the Ombudsman's "
	    "decisions come from our own records for each year.</p>\n"
	    "<p>The figures are also in the spreadsheet linked from "
	    "<a href=\"../\">our complaint figures</a>, with the same "
	    "rules.</p>\n");
	return o->err ? -1 : 0;
}
