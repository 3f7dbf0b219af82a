/*
 * figures: the complaint figures the site publishes (DESIGN 5.1), per
 * reporting year (1 April to 31 March, "2024-25") and per quarter, for
 * LCRA, LCHO and both together.
 *
 * figures.c holds the Complaint Handling Code's time limits, counts the
 * log's facts in one pass (figures_add), and suppresses small numbers
 * (figures_suppress). figures_inputs.c reads the figures that are not in
 * the log: content/performance/homes.csv, tp09.csv and ombudsman.csv.
 * figures_html.c is the generator of figures/ and data/complaint-figures.csv.
 */
#ifndef CANDOUR_FIGURES_H
#define CANDOUR_FIGURES_H

#include <stddef.h>
#include <stdint.h>

#include "log.h"
#include "site.h"

struct diag;
struct workdays;

/* The 2024 Code's limits, in working days (Code 5 and 6). */
#define CODE_ACK_DAYS		5	/* acknowledge, both stages */
#define CODE_RESPONSE_DAYS(stage)  ((stage) == 1 ? 10 : 20)
#define CODE_EXTENSION_DAYS(stage) ((stage) == 1 ? 10 : 20)

/* The last day to acknowledge a stage received on received. */
long	 code_ack_by(const struct workdays *, long received);
/*
 * The last day to answer a stage acknowledged on acknowledged (or, not yet
 * acknowledged, on the last day to acknowledge it): extended_to, when an
 * extension with a reason reaches no further than the Code allows, else
 * the limit without extension. An extension beyond what the Code allows
 * sets *too_long (if not NULL) and is not counted.
 */
long	 code_response_by(const struct workdays *, int stage, long received,
	    long acknowledged, long extended_to, int has_reason,
	    int *too_long);
/*
 * Was a stage answered on time? Acknowledged within CODE_ACK_DAYS of
 * received (a stage never acknowledged counts as acknowledged by its
 * answer), and answered within CODE_RESPONSE_DAYS of the acknowledgement or
 * by a valid extension.
 */
int	 code_on_time(const struct workdays *, int stage, long received,
	    long acknowledged, long extended_to, int has_reason,
	    long responded);

enum fig_tenure {
	FIG_LCRA,
	FIG_LCHO,
	FIG_ALL,
	FIG_TENURE__MAX
};

/* The counts kept per period and tenure. */
enum fig_count {
	FIG_S1_RECEIVED,	/* stage 1 received, not refused */
	FIG_S2_RECEIVED,	/* stage 2 (escalations) received, not refused */
	FIG_S1_RESPONDED,	/* stage 1 answered: upheld or not upheld */
	FIG_S1_ON_TIME,
	FIG_S2_RESPONDED,
	FIG_S2_ON_TIME,
	FIG_UPHELD,		/* answers, either stage */
	FIG_NOT_UPHELD,
	FIG_WITHDRAWN,
	FIG_REFUSED,
	FIG_FROM_KIOSK,		/* stage 1 received through the kiosk */
	FIG_CHANNEL,		/* + enum log_channel: stage 1 received */
	FIG_CATEGORY = FIG_CHANNEL + LOG_CHANNEL__MAX,	/* + category */
	FIG_REASON = FIG_CATEGORY + LOG_CATEGORY__MAX,	/* + refusal reason */
	FIG_COUNT__MAX = FIG_REASON + LOG_REASON__MAX
};

/* The Housing Ombudsman's findings, as ombudsman.csv names them. */
#define FIG_FINDINGS(X)						\
	X(0, SEVERE, "severe maladministration")		\
	X(1, MALADMINISTRATION, "maladministration")		\
	X(2, SERVICE_FAILURE, "service failure")		\
	X(3, REDRESS, "reasonable redress")			\
	X(4, NONE, "no maladministration")			\
	X(5, CHFO, "complaint handling failure order")

#define FIG_ENUM_FINDING(n, id, text)	FIG_FINDING_##id = n,
enum fig_finding { FIG_FINDINGS(FIG_ENUM_FINDING) FIG_FINDING__MAX };
extern const char *const fig_findings[FIG_FINDING__MAX];

enum fig_state {
	FIG_SHOWN,
	FIG_PRIMARY,	/* 1 to threshold - 1: "fewer than 5" */
	FIG_SECONDARY,	/* hidden so that a primary one cannot be worked out */
};

struct fig_cell {
	long		 value;
	enum fig_state	 state;
};

#define FIG_DAYS_MAX 400	/* working days to respond tallied one by one;
				   longer answers are tallied as this */

struct fig_period {
	int		 quarter;	/* 1-4, or 0 for the whole year */
	struct fig_cell	 c[FIG_COUNT__MAX][FIG_TENURE__MAX];
	/* Answers by working days from received to responded, per stage. */
	uint32_t	 days[2][FIG_TENURE__MAX][FIG_DAYS_MAX + 1];
	long		 median2[2][FIG_TENURE__MAX]; /* twice the median
					   working days to respond; -1 none */
};

struct fig_year {
	int		 year;		/* 2024 for 2024-25 */
	int		 nquarters;	/* quarters published, 1 to 4 */
	struct fig_period p[5];		/* [0] the year, [1..4] quarters */
	long		 homes[FIG_TENURE__MAX]; /* homes.csv; all is the sum */
	int		 has_homes;
	int		 has_tp09;	/* tp09.csv has the year */
	long		 tp09_satisfied[FIG_TENURE__MAX]; /* very + fairly */
	long		 tp09_answered[FIG_TENURE__MAX];  /* all five */
	int		 has_ombudsman;	/* ombudsman.csv has the year */
	struct fig_cell	 ombudsman[FIG_FINDING__MAX];
};

struct figures {
	struct fig_year	**by_year;	/* DATE_YEAR_MIN.., while counting */
	uint16_t	*period_of;	/* while counting, for each day from 1
					   January DATE_YEAR_MIN to 31
					   December DATE_YEAR_MAX: its
					   reporting year's index in by_year
					   times 4, plus its quarter less 1 */
	struct fig_year	*years;		/* oldest first, once finished */
	size_t		 nyears;
	long		 threshold;	/* counts under it are suppressed */
	long		 last_day;	/* latest date counted */
	size_t		 unreadable;	/* stages the log could not give */
};

/* Start counting; figures_free frees. Returns 0 or -1 (out of memory). */
int	 figures_init(struct figures *, long threshold);
void	 figures_free(struct figures *);

/* Count one stage. Returns 0 or -1 (out of memory). */
int	 figures_add(struct figures *, const struct workdays *,
	    const struct log_fact *);

/*
 * Finish counting: gather the years from the first to the last with any
 * stage, total the tenures and find the medians. Returns 0 or -1 (out of
 * memory).
 */
int	 figures_finish(struct figures *);

/*
 * Read content_dir/performance/homes.csv (needed for every year counted),
 * tp09.csv and ombudsman.csv (each optional) into the finished years.
 * Returns 0, or -1 after reporting every error.
 */
int	 figures_read_inputs(struct figures *, const char *content_dir,
	    struct diag *);

/*
 * Suppress small numbers: each count from 1 to threshold - 1 (primary),
 * then enough others (secondary) that no suppressed count can be worked
 * out from the published ones, through any total or sum the site
 * publishes: tenures into all, quarters into the year, channels and
 * categories into stage 1 received, reasons into refused, outcomes into
 * answers.
 */
void	 figures_suppress(struct figures *);

/* A rate or share to one decimal place, rounded half up, times ten: 912
 * for 91.2. num / den * scale; den must not be 0. */
long	 figures_rate10(long num, long den, long scale);

/* The year y as "2024-25" into out (8 bytes with the NUL). */
void	 figures_year_name(int y, char out[8]);
/* Read "2024-25" from s[0..n); returns the year or -1. */
int	 figures_year_parse(const char *s, size_t n);

/* The words for each value, as the pages show them (figures_html.c). */
extern const char *const fig_tenure_names[FIG_TENURE__MAX];
extern const char *const fig_channel_names[LOG_CHANNEL__MAX];
extern const char *const fig_category_names[LOG_CATEGORY__MAX];
extern const char *const fig_reason_names[LOG_REASON__MAX];
extern const char *const fig_finding_names[FIG_FINDING__MAX];
extern const char *const fig_quarter_months[5];	/* [1] "April to June" */

struct md_page;

/*
 * Render the body of pg, the page of year f->years[year] (quarter 0) or of
 * one of its quarters: every section an h2 in out's Contents. Returns 0 or
 * -1 (out of memory).
 */
int	 figures_period_html(struct md_page *out, const struct site *,
	    struct page *pg, const struct figures *, size_t year, int quarter);

/*
 * Append a table of the year's key measures (CH01, CH02, TP09 for LCRA,
 * LCHO and all) to out, each suppressed as on the figures pages.
 */
void	 figures_summary_html(struct buf *out, const struct figures *,
	    size_t year);

/* Render figures/method/ (figures_method.c). 0 or -1 (out of memory). */
int	 figures_method_html(struct md_page *out, struct page *pg,
	    const struct figures *);

/* Append the open data, data/complaint-figures.csv (figures_site.c). */
void	 figures_csv(struct buf *out, const struct figures *);

/*
 * For the annual report: append the summary table of year y (2024 for
 * 2024-25) and a link to its figures page, from a page at depth, to out.
 * Returns 1 done, 0 when the site has no figures for y.
 */
int	 figures_report_summary(struct buf *out, const struct site *, int y,
	    size_t depth);

/* The generator of figures/ and data/complaint-figures.csv
 * (figures_site.c). */
extern const struct generator figures_generator;

#endif
