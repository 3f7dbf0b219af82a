/*
 * selfassess: the landlord's annual self-assessment against the Housing
 * Ombudsman's Complaint Handling Code (Code 8.1a, Appendix A).
 *
 * selfassess_form.c reads content/self-assessment/<year>.csv (the
 * Ombudsman's form as staff export it from Excel or Word, in any of the
 * layouts real forms use), cell by cell with selfassess_cells.c;
 * selfassess.c reads its sidecar <year>.yaml (what a CSV cannot say: the
 * Code version, the approval date, the actions for what is not met), ties
 * the two together into a checked struct sa_year and writes it back as
 * CSV. selfassess_html.c is the generator that publishes it:
 * self-assessment/<year>/ with its CSV download, and self-assessment/ with
 * every year and what changed between the latest two.
 */
#ifndef CANDOUR_SELFASSESS_H
#define CANDOUR_SELFASSESS_H

#include <stddef.h>

#include "site.h"

struct buf;
struct csv_table;
struct diag;
struct md_page;
struct page;

#define SA_SECTIONS_MAX	9	/* sections in any version of the Code */
#define SA_YEAR_MIN	2019	/* the Code was first published in 2020 */
#define SA_YEAR_MAX	2099
#define SA_YEARS_MAX	100	/* self-assessments in the folder */
#define SA_FILE_MAX	(4 * 1024 * 1024)	/* bytes in one CSV */
#define SA_CELL_MAX	(32 * 1024)		/* bytes in one cell */
#define SA_ROWS_MAX	2000			/* rows in one CSV */
#define SA_COLUMNS_MAX	32			/* cells in one row */
#define SA_YAML_MAX	(256 * 1024)		/* bytes in the sidecar */

/* The version of the Code a self-assessment is made against. */
enum sa_code {
	SA_CODE_2022,
	SA_CODE_2024,
	SA_CODE_JOINT,		/* the draft Joint Complaint Handling Code */
	SA_CODE__MAX
};

struct sa_code_info {
	const char	*key;		/* in the sidecar: "2024" */
	const char	*name;		/* "the Complaint Handling Code 2024" */
	int		 nsections;
	const char	*titles[SA_SECTIONS_MAX]; /* section n is [n - 1] */
};

extern const struct sa_code_info sa_codes[SA_CODE__MAX];

enum sa_answer {
	SA_YES,
	SA_PARTLY,
	SA_NO,
	SA_NA,
	SA_ANSWER__MAX
};

/* "Yes", "Partly", "No", "N/A": as written in the CSV download. */
extern const char *const sa_answer_names[SA_ANSWER__MAX];

enum sa_level {
	SA_LEVEL_NONE,		/* the 2024 Code has no levels */
	SA_LEVEL_MUST,		/* 2022: mandatory 'must' requirements */
	SA_LEVEL_SHOULD,	/* 2022: best practice 'should' requirements */
	SA_LEVEL__MAX
};

extern const char *const sa_level_keys[SA_LEVEL__MAX];	/* "", "must", ... */

enum sa_stage {
	SA_STAGE_NONE,
	SA_STAGE_1,
	SA_STAGE_2,
	SA_STAGE_3,		/* the 2022 Code allowed a third stage */
	SA_STAGE_FURTHER,	/* the draft Joint Code's "Further stages" */
	SA_STAGE__MAX
};

extern const char *const sa_stage_names[SA_STAGE__MAX]; /* "", "Stage 1"... */

/* The columns of the form, in the order of the canonical header. */
enum sa_column {
	SA_COL_SECTION,
	SA_COL_PROVISION,
	SA_COL_LEVEL,
	SA_COL_REQUIREMENT,
	SA_COL_COMPLY,
	SA_COL_EVIDENCE,
	SA_COL_COMMENTARY,
	SA_COL_MERGED,		/* evidence and commentary in one column */
	SA_COL__MAX,
	SA_COL_NONE = SA_COL__MAX	/* a column with no name */
};

/* "section" ... "commentary", "evidence and commentary": for messages. */
extern const char *const sa_column_keys[SA_COL__MAX];

/* What the landlord will do about a provision it does not fully meet. */
struct sa_action {
	char	*key;		/* as written in the sidecar: "6.3" */
	char	*what;		/* the action */
	char	*owner;		/* who is responsible */
	char	*due;		/* YYYY-MM-DD, a real date */
	size_t	 line, col;	/* where the key is in the sidecar */
	int	 used;		/* a provision has claimed it */
};

struct sa_provision {
	char		*number;	/* "6.3" as written, or NULL */
	char		*anchor;	/* "p6-3", or "s6-2" (the second row of
					   section 6 of an unnumbered form);
					   unique in the year */
	int		 section;	/* 1 to the Code's sections */
	enum sa_stage	 stage;
	enum sa_level	 level;
	enum sa_answer	 answer;
	char		*requirement;	/* celltext (celltext.h), not empty */
	char		*evidence;	/* celltext, may be ""; with merged,
					   evidence and commentary together */
	char		*commentary;	/* celltext, may be "" */
	size_t		 line;		/* the row's first line in the CSV */
	size_t		 answer_line;	/* where the comply cell is */
	size_t		 answer_col;
	const struct sa_action *action;	/* NULL, or one of the year's */
};

struct sa_year {
	int		 year;		/* 2024 */
	char		*csv_file;	/* names for messages */
	char		*yaml_file;
	enum sa_code	 code;
	char		*approved;	/* YYYY-MM-DD */
	char		*governing_body; /* "Board", or NULL */
	char		*introduction;	/* celltext, or NULL */
	int		 numbered;	/* provisions carry numbers */
	int		 has_evidence;	/* the form has these columns */
	int		 has_commentary;
	int		 merged;	/* one column for both */
	struct sa_provision *v;		/* in the order of the form */
	size_t		 n;
	size_t		 cap;
	struct sa_action *actions;	/* from the sidecar */
	size_t		 nactions;
};

/*
 * Reading single cells of the form (selfassess_cells.c). Each takes the
 * cell's text s[0..n) and never fails but as it says.
 */

/* s without the spaces (ASCII or no-break) around it; sets *n. */
const char *sa_trim(const char *s, size_t *n);
/* Append s[0..n) to a message: on one line, shortened if long. */
void	 sa_quote(struct buf *, const char *s, size_t n);
/* The column a header cell names, matching every spelling real forms use
 * whatever the case, spaces or punctuation; SA_COL__MAX if none. */
enum sa_column sa_column_named(const char *s, size_t n);
/* Append "the known columns are ..." for a message. */
void	 sa_known_columns(struct buf *);
/*
 * Is s a heading row's one cell ("Section 6: Complaints stages", "Stage 2",
 * "Mandatory 'must' requirements")? Returns 1 and sets what it names (0,
 * SA_STAGE_NONE or SA_LEVEL_NONE for what it does not), else 0.
 */
int	 sa_parse_heading(const char *s, size_t n, int *section,
	    enum sa_stage *, enum sa_level *);
/* Is s a provision number ("6.3", "6.10a", "1.2/ 1.4")? Returns 1 and sets
 * the first number's section and minor number (at most 99 and 999). */
int	 sa_parse_number(const char *s, size_t n, int *section, int *minor);
/* The anchor for a provision number: "p6-3". Caller frees; NULL: no memory. */
char	*sa_number_anchor(const char *s, size_t n);
/* The stage of provision section.minor in the given Code, if staged. */
enum sa_stage sa_stage_of(enum sa_code, int section, int minor);
/* Yes, No, Partly, Partially or N/A in any case: 0 and *answer, else -1. */
int	 sa_parse_answer(const char *s, size_t n, enum sa_answer *answer);

/*
 * Start y for year, whose files are csv_file and yaml_file (copied).
 * Returns 0 or -1 (out of memory). sa_year_free frees y in every case.
 */
int	 sa_year_init(struct sa_year *y, int year, const char *csv_file,
	    const char *yaml_file);
void	 sa_year_free(struct sa_year *y);

/*
 * Read the sidecar text[0..n) (code, approved, governing_body,
 * introduction, actions). Returns 0, or -1 after reporting every error.
 */
int	 sa_read_settings(struct sa_year *y, const char *text, size_t n,
	    struct diag *);

/*
 * Read the form from the rows of its CSV: header rows, heading rows,
 * continuation rows and provisions, every cell checked. Uses y->code (read
 * the settings first; without them the 2024 Code is assumed). Returns 0, or
 * -1 after reporting every error.
 */
int	 sa_read_form(struct sa_year *y, const struct csv_table *,
	    struct diag *);

/*
 * Give each provision answered No or Partly its action from the sidecar.
 * A No without an action, and an action for a provision that is missing or
 * met, are errors. Returns 0, or -1 after reporting them.
 */
int	 sa_link_actions(struct sa_year *y, struct diag *);

/* Count the provisions by answer. */
void	 sa_count(const struct sa_year *y, size_t counts[SA_ANSWER__MAX]);

/* Append the year as a CSV file with the canonical header (UTF-8, CRLF). */
void	 sa_write_csv(struct buf *out, const struct sa_year *y);

/*
 * Render the body of y's page, pg (at pg->url), into out: introduction,
 * summary with the actions, a section per Code section, and the CSV
 * download as an extra file beside it. Records pg's anchors. Returns 0 or
 * -1 (out of memory); md_page_free frees out either way.
 */
int	 sa_render_year(struct md_page *out, struct page *pg,
	    const struct sa_year *y);

/* The generator of the self-assessment pages; selfassess_html.c. */
extern const struct generator selfassess_generator;

#endif
