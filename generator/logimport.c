#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "csvread.h"
#include "diag.h"
#include "log.h"
#include "logimport.h"
#include "workdays.h"

enum col {
	COL_REFERENCE,
	COL_STAGE,
	COL_RECEIVED,
	COL_ACKNOWLEDGED,
	COL_EXTENDED_TO,
	COL_EXTENSION_REASON,
	COL_RESPONDED,
	COL_OUTCOME,
	COL_REFUSAL_REASON,
	COL_CHANNEL,
	COL_TENURE,
	COL_SCHEME,
	COL_CATEGORY,
	COL__MAX
};

static const char *const col_names[COL__MAX] = {
	[COL_REFERENCE] = "reference",
	[COL_STAGE] = "stage",
	[COL_RECEIVED] = "received",
	[COL_ACKNOWLEDGED] = "acknowledged",
	[COL_EXTENDED_TO] = "extended_to",
	[COL_EXTENSION_REASON] = "extension_reason",
	[COL_RESPONDED] = "responded",
	[COL_OUTCOME] = "outcome",
	[COL_REFUSAL_REASON] = "refusal_reason",
	[COL_CHANNEL] = "channel",
	[COL_TENURE] = "tenure",
	[COL_SCHEME] = "scheme",
	[COL_CATEGORY] = "category",
};

static const struct csv_limits import_limits = {
	IMPORT_FILE_MAX,
	IMPORT_CELL_MAX,
	IMPORT_ROWS_MAX + 1,	/* and the header */
	64,
};

#define PROGRESS_MS	250	/* the progress line changes at most this often */
#define PROGRESS_EVERY	256	/* rows between looks at the clock */

/*
 * Progress on a terminal. A big export takes seconds to check and write,
 * so when standard error is a terminal (never in tests or scripts) one
 * line, "Checking 120,000 rows... Writing... 40%", is rewritten in place
 * at most every PROGRESS_MS, and rubbed out before an error is reported
 * and when the work is done, so that only the usual messages remain.
 */
struct progress {
	int		 on;		/* standard error is a terminal */
	long long	 next_ms;	/* when the line may change next */
	size_t		 shown;		/* bytes of the line on screen; 0 none */
};

static void
progress_start(struct progress *p)
{
	memset(p, 0, sizeof(*p));
	p->on = isatty(STDERR_FILENO);
}

static long long
now_ms(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return 0;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* n with a comma between each group of three digits, into out. */
static const char *
grouped(size_t n, char out[32])
{
	char	 digits[32];
	size_t	 len, i, o = 0;

	len = (size_t)snprintf(digits, sizeof(digits), "%zu", n);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return out;
}

/*
 * Show that done of the total rows are checked (writing 0) or written
 * (writing 1): at once when force is set, else only on every
 * PROGRESS_EVERY-th row and when PROGRESS_MS have passed.
 */
static void
progress_show(struct progress *p, int writing, size_t done, size_t total,
    int force)
{
	long long	 now;
	char		 line[128], n[32];
	int		 len;

	if (!p->on || (!force && done % PROGRESS_EVERY != 0))
		return;
	if ((now = now_ms()) < p->next_ms && !force)
		return;
	p->next_ms = now + PROGRESS_MS;
	len = snprintf(line, sizeof(line), "Checking %s row%s...%s %zu%%",
	    grouped(total, n), total == 1 ? "" : "s",
	    writing ? " Writing..." : "",
	    total > 0 ? done * 100 / total : (size_t)100);
	if (len < 0 || (size_t)len >= sizeof(line))
		return;
	/* Spaces over whatever is left of a longer line before. */
	fprintf(stderr, "\r%s%*s", line, p->shown > (size_t)len ?
	    (int)(p->shown - (size_t)len) : 0, "");
	fflush(stderr);
	p->shown = (size_t)len > p->shown ? (size_t)len : p->shown;
}

/* Rub the line out, leaving the cursor at the start of the empty line. */
static void
progress_clear(struct progress *p)
{
	if (!p->on || p->shown == 0)
		return;
	fprintf(stderr, "\r%*s\r", (int)p->shown, "");
	fflush(stderr);
	p->shown = 0;
	p->next_ms = 0;
}

/* The state of reading one file. */
struct reader {
	const char	*file;
	struct diag	*diag;
	size_t		 at[COL__MAX];	/* each column's index in a row */
	const struct csv_row *row;	/* the row being read */
	int		 row_ok;	/* no error in it so far */
	struct progress	 progress;
};

/* Report an error at the current row's cell of column c. */
static void bad(struct reader *, enum col, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
bad(struct reader *r, enum col c, const char *fmt, ...)
{
	struct buf	 msg = BUF_INIT;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	progress_clear(&r->progress);
	diag_error(r->diag, r->file, r->row->cells[r->at[c]].line,
	    r->at[c] + 1, "%s", buf_str(&msg));
	buf_free(&msg);
	r->row_ok = 0;
}

/* The cell of column c, with spaces at either end left out. */
static const char *
cell(const struct reader *r, enum col c, size_t *n)
{
	const struct csv_cell *cl = &r->row->cells[r->at[c]];
	const char	*s = cl->text;
	size_t		 len = cl->len;

	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	*n = len;
	return s;
}

static int
is_empty(const struct reader *r, enum col c)
{
	size_t	 n;

	(void)cell(r, c, &n);
	return n == 0;
}

/* Map the header row's cells to columns. Returns 0, or -1 (reported). */
static int
read_header(struct reader *r, const struct csv_row *row)
{
	struct buf	 names = BUF_INIT, list = BUF_INIT;
	const char	*missing[COL__MAX];
	size_t		 i, n;
	int		 c, rc = 0, seen[COL__MAX];

	memset(seen, 0, sizeof(seen));
	log_list(&names, col_names, COL__MAX, 0, "and");
	for (i = 0; i < row->ncells; i++) {
		const struct csv_cell *cl = &row->cells[i];
		n = cl->len;
		c = log_lookup(col_names, COL__MAX, cl->text, n);
		if (c < 0) {
			diag_error(r->diag, r->file, cl->line, i + 1, "unknown "
			    "column '%s'; the columns are %s, and no personal "
			    "data is taken", cl->text, buf_str(&names));
			rc = -1;
		} else if (seen[c]) {
			diag_error(r->diag, r->file, cl->line, i + 1, "column "
			    "'%s' is given twice; keep one", col_names[c]);
			rc = -1;
		} else {
			seen[c] = 1;
			r->at[c] = i;
		}
	}
	for (n = 0, c = 0; c < COL__MAX; c++)
		if (!seen[c])
			missing[n++] = col_names[c];
	if (n > 0) {
		log_list(&list, missing, n, 0, "and");
		diag_error(r->diag, r->file, row->line, 0, "the header has no "
		    "%s column%s; add %s (the columns are %s)", buf_str(&list),
		    n == 1 ? "" : "s", n == 1 ? "it" : "them", buf_str(&names));
		rc = -1;
	}
	buf_free(&names);
	buf_free(&list);
	return rc;
}

/*
 * Read the date in column c into *day (DATE_NONE when the cell is empty).
 * Returns 0, or -1 (reported).
 */
static int
read_date(struct reader *r, enum col c, long *day)
{
	const char	*s;
	size_t		 n;

	*day = DATE_NONE;
	s = cell(r, c, &n);
	if (n == 0)
		return 0;
	switch (date_parse(s, n, day)) {
	case DATE_OK:
		return 0;
	case DATE_SHAPE:
		bad(r, c, "%s is '%.*s'; write dates as YYYY-MM-DD, such as "
		    "2024-04-30", col_names[c], (int)n, s);
		break;
	case DATE_NO_SUCH:
		bad(r, c, "%s is '%.*s', a date that does not exist; check the "
		    "month and day", col_names[c], (int)n, s);
		break;
	case DATE_RANGE:
		bad(r, c, "%s is '%.*s'; candour takes dates from %d to %d",
		    col_names[c], (int)n, s, DATE_YEAR_MIN, DATE_YEAR_MAX);
		break;
	}
	*day = DATE_NONE;
	return -1;
}

/* Is s[0..n) made only of letters, digits and the bytes in extra? */
static int
code_ok(const char *s, size_t n, const char *extra)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    strchr(extra, s[i]) != NULL) || s[i] == '\0')
			return 0;
	return 1;
}

const char *
import_reference_problem(const char *s, size_t n)
{
	if (n == 0)
		return "is empty; give the complaint's reference from the case "
		    "system";
	if (n > LOG_REFERENCE_MAX)
		return "is too long; a reference has at most 40 characters";
	if (!code_ok(s, n, "-/_."))
		return "has a character other than letters, digits, '-', '/', "
		    "'_' and '.'; write it as the case system does";
	return NULL;
}

/* Look column c up in names; reports and returns -1 if it is not there. */
static int
read_choice(struct reader *r, enum col c, const char *const *names,
    size_t nnames, size_t from, const char *hint)
{
	struct buf	 list = BUF_INIT;
	const char	*s;
	size_t		 n;
	int		 v;

	s = cell(r, c, &n);
	if ((v = log_lookup(names, nnames, s, n)) >= (int)from)
		return v;
	log_list(&list, names, nnames, from, "or");
	if (n == 0)
		bad(r, c, "%s is empty; use %s%s", col_names[c],
		    buf_str(&list), hint);
	else
		bad(r, c, "%s is '%.*s'; use %s%s", col_names[c], (int)n, s,
		    buf_str(&list), hint);
	buf_free(&list);
	return -1;
}

static const char *
date_text(long day, char out[DATE_LEN + 1])
{
	date_format(day, out);
	return out;
}

/* Check the order of the stage's dates. */
static void
check_dates(struct reader *r, const struct log_stage *s)
{
	char	 a[DATE_LEN + 1], b[DATE_LEN + 1];

	if (s->received == DATE_NONE)
		return;
	if (s->acknowledged != DATE_NONE && s->acknowledged < s->received)
		bad(r, COL_ACKNOWLEDGED, "acknowledged (%s) is before received "
		    "(%s); check both dates", date_text(s->acknowledged, a),
		    date_text(s->received, b));
	if (s->extended_to != DATE_NONE && s->extended_to < s->received)
		bad(r, COL_EXTENDED_TO, "extended_to (%s) is before received "
		    "(%s); check both dates", date_text(s->extended_to, a),
		    date_text(s->received, b));
	if (s->responded == DATE_NONE)
		return;
	if (s->acknowledged != DATE_NONE && s->acknowledged >= s->received &&
	    s->responded < s->acknowledged)
		bad(r, COL_RESPONDED, "responded (%s) is before acknowledged "
		    "(%s); check both dates", date_text(s->responded, a),
		    date_text(s->acknowledged, b));
	else if (s->responded < s->received)
		bad(r, COL_RESPONDED, "responded (%s) is before received (%s); "
		    "check both dates", date_text(s->responded, a),
		    date_text(s->received, b));
}

/* The outcome, the response date and the refusal reason, together. */
static void
check_outcome(struct reader *r, struct log_stage *s)
{
	static const char *const when[LOG_OUTCOME__MAX] = {
		"", "the date of the response", "the date of the response",
		"the date it was withdrawn", "the date it was refused"
	};
	struct buf	 list = BUF_INIT;
	int		 v;

	if (is_empty(r, COL_OUTCOME))
		s->outcome = LOG_OUTCOME_OPEN;
	else if ((v = read_choice(r, COL_OUTCOME, log_outcomes,
	    LOG_OUTCOME__MAX, 1, ", or leave it empty while the complaint is "
	    "open")) < 0)
		return;
	else
		s->outcome = (enum log_outcome)v;
	if (s->outcome != LOG_OUTCOME_OPEN && is_empty(r, COL_RESPONDED))
		bad(r, COL_RESPONDED, "outcome is '%s' but responded is empty; "
		    "give %s", log_outcomes[s->outcome], when[s->outcome]);
	if (s->outcome == LOG_OUTCOME_OPEN && s->responded != DATE_NONE) {
		log_list(&list, log_outcomes, LOG_OUTCOME__MAX, 1, "or");
		bad(r, COL_OUTCOME, "responded is given but outcome is empty; "
		    "give the outcome (%s)", buf_str(&list));
	}
	if (s->outcome == LOG_OUTCOME_REFUSED) {
		if (is_empty(r, COL_REFUSAL_REASON)) {
			buf_truncate(&list, 0);
			log_list(&list, log_reasons, LOG_REASON__MAX, 0, "or");
			bad(r, COL_REFUSAL_REASON, "outcome is refused but "
			    "refusal_reason is empty; give the reason: %s",
			    buf_str(&list));
		} else if ((v = read_choice(r, COL_REFUSAL_REASON, log_reasons,
		    LOG_REASON__MAX, 0, "")) >= 0)
			s->reason = v;
	} else if (!is_empty(r, COL_REFUSAL_REASON))
		bad(r, COL_REFUSAL_REASON, "refusal_reason is given but outcome "
		    "is not refused; clear it, or set outcome to refused");
	buf_free(&list);
}

/* The extension date and its reason, together. */
static int
check_extension(struct reader *r, struct log_stage *s)
{
	const char	*t;
	size_t		 n;

	t = cell(r, COL_EXTENSION_REASON, &n);
	if (n > LOG_REASON_TEXT_MAX)
		bad(r, COL_EXTENSION_REASON, "extension_reason is %zu bytes "
		    "long; keep it under %d (it is never published)", n,
		    LOG_REASON_TEXT_MAX);
	else if (s->extended_to != DATE_NONE && n == 0)
		bad(r, COL_EXTENDED_TO, "extended_to is given but "
		    "extension_reason is empty; record why the response was "
		    "extended");
	else if (n > 0 && is_empty(r, COL_EXTENDED_TO))
		bad(r, COL_EXTENSION_REASON, "extension_reason is given but "
		    "extended_to is empty; give the date the response was "
		    "extended to, or clear the reason");
	else if (n > 0 && (s->extension_reason = strndup(t, n)) == NULL)
		return -1;
	return 0;
}

/* The complaint's own columns, read from its stage 1 row. */
static void
read_complaint(struct reader *r, struct import_row *ir)
{
	const char	*s;
	size_t		 n;
	int		 v;

	if ((v = read_choice(r, COL_CHANNEL, log_channels, LOG_CHANNEL__MAX, 0,
	    "")) >= 0)
		ir->channel = (enum log_channel)v;
	if ((v = read_choice(r, COL_TENURE, log_tenures, LOG_TENURE__MAX, 0,
	    " (LCRA low-cost rental, LCHO low-cost home ownership)")) >= 0)
		ir->tenure = (enum log_tenure)v;
	s = cell(r, COL_SCHEME, &n);
	if (n > LOG_SCHEME_MAX)
		bad(r, COL_SCHEME, "scheme is %zu bytes long; the limit is %d",
		    n, LOG_SCHEME_MAX);
	else if (!code_ok(s, n, " -/_."))
		bad(r, COL_SCHEME, "scheme '%.*s' has a character other than "
		    "letters, digits, spaces, '-', '/', '_' and '.'; write the "
		    "property or service code only", (int)n, s);
	else if (n > 0 && (ir->scheme = strndup(s, n)) == NULL)
		r->row_ok = -1;
	if ((v = read_choice(r, COL_CATEGORY, log_categories,
	    LOG_CATEGORY__MAX, 0, "")) >= 0)
		ir->category = (enum log_category)v;
}

/* Read and check one data row into ir. Returns 0, or -1 out of memory. */
static int
read_row(struct reader *r, struct import_row *ir)
{
	struct log_stage *s = &ir->stage;
	const char	*t, *problem;
	size_t		 n;

	memset(ir, 0, sizeof(*ir));
	s->reason = -1;
	ir->line = r->row->line;
	t = cell(r, COL_REFERENCE, &n);
	if ((problem = import_reference_problem(t, n)) != NULL)
		bad(r, COL_REFERENCE, "reference%s%.*s%s %s", n ? " '" : "",
		    (int)n, t, n ? "'" : "", problem);
	else if ((ir->reference = strndup(t, n)) == NULL)
		return -1;
	t = cell(r, COL_STAGE, &n);
	if (n == 1 && (t[0] == '1' || t[0] == '2'))
		s->stage = t[0] - '0';
	else
		bad(r, COL_STAGE, "stage is '%.*s'; use 1 or 2", (int)n, t);
	if (read_date(r, COL_RECEIVED, &s->received) == 0 &&
	    s->received == DATE_NONE)
		bad(r, COL_RECEIVED, "received is empty; give the date %s",
		    s->stage == 2 ? "the escalation to stage 2 was asked for" :
		    "the complaint was received");
	(void)read_date(r, COL_ACKNOWLEDGED, &s->acknowledged);
	(void)read_date(r, COL_EXTENDED_TO, &s->extended_to);
	(void)read_date(r, COL_RESPONDED, &s->responded);
	check_dates(r, s);
	if (check_extension(r, s) == -1)
		return -1;
	check_outcome(r, s);
	if (s->stage != 2)
		read_complaint(r, ir);
	return r->row_ok < 0 ? -1 : 0;
}

static void
row_free(struct import_row *ir)
{
	free(ir->reference);
	free(ir->scheme);
	log_stage_clear(&ir->stage);
}

static const struct import *sort_im;

/* Order rows by reference, then stage, then line. */
static int
cmp_row(const void *a, const void *b)
{
	const struct import_row *x = &sort_im->rows[*(const size_t *)a];
	const struct import_row *y = &sort_im->rows[*(const size_t *)b];
	int	 c = strcmp(x->reference, y->reference);

	if (c != 0)
		return c;
	if (x->stage.stage != y->stage.stage)
		return x->stage.stage - y->stage.stage;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * The checks across rows: one row per stage, and every stage 2 with its
 * stage 1 (in the file, or in the log), received no earlier than it.
 */
static int
check_stages(struct import *im, const char *file, struct complaint_log *log,
    struct diag *d)
{
	struct log_stage first;
	struct buf	 why = BUF_INIT;
	const struct import_row *x, *y;
	size_t		*order, i;
	long		 first_received;
	int		 rc = 0, found;
	char		 a[DATE_LEN + 1], b[DATE_LEN + 1];

	memset(&first, 0, sizeof(first));
	if (im->n == 0)
		return 0;
	if ((order = calloc(im->n, sizeof(*order))) == NULL)
		return -1;
	for (i = 0; i < im->n; i++)
		order[i] = i;
	sort_im = im;
	qsort(order, im->n, sizeof(*order), cmp_row);
	for (i = 0; i < im->n; i++) {
		y = &im->rows[order[i]];
		x = i > 0 ? &im->rows[order[i - 1]] : NULL;
		if (x != NULL && strcmp(x->reference, y->reference) == 0 &&
		    x->stage.stage == y->stage.stage) {
			diag_error(d, file, y->line, 0, "stage %d of '%s' is "
			    "also on line %zu; keep one row per complaint "
			    "stage", y->stage.stage, y->reference, x->line);
			rc = -1;
			continue;
		}
		if (y->stage.stage != 2)
			continue;
		first_received = DATE_NONE;
		if (x != NULL && strcmp(x->reference, y->reference) == 0)
			first_received = x->stage.received;
		else if (log != NULL) {
			found = log_get_stage(log, y->reference, 1, &first, &why);
			if (found == -1) {
				diag_error(d, file, 0, 0, "%s", buf_str(&why));
				rc = -1;
				break;
			}
			if (found)
				first_received = first.received;
			log_stage_clear(&first);
			if (!found) {
				diag_error(d, file, y->line, 0, "stage 2 of '%s' "
				    "has no stage 1 in this file or in the log; "
				    "add the stage 1 row", y->reference);
				rc = -1;
				continue;
			}
		} else {
			diag_error(d, file, y->line, 0, "stage 2 of '%s' has no "
			    "stage 1 in this file; add the stage 1 row",
			    y->reference);
			rc = -1;
			continue;
		}
		if (first_received != DATE_NONE &&
		    y->stage.received < first_received) {
			diag_error(d, file, y->line, 0, "stage 2 of '%s' was "
			    "received (%s) before stage 1 (%s); for stage 2, "
			    "received is the date the escalation was asked for",
			    y->reference, date_text(y->stage.received, a),
			    date_text(first_received, b));
			rc = -1;
		}
	}
	free(order);
	buf_free(&why);
	return rc;
}

int
import_read(struct import *im, const char *text, size_t n, const char *file,
    struct complaint_log *log, struct diag *d)
{
	struct csv_table t;
	struct reader	 r;
	struct buf	 names = BUF_INIT;
	size_t		 i;
	int		 rc = 0;

	memset(im, 0, sizeof(*im));
	memset(&r, 0, sizeof(r));
	r.file = file;
	r.diag = d;
	if (csv_table_parse(&t, text, n, file, &import_limits, d) == -1) {
		csv_table_free(&t);
		return -1;
	}
	if (t.nrows == 0) {
		log_list(&names, col_names, COL__MAX, 0, "and");
		diag_error(d, file, 0, 0, "the file is empty; its first line "
		    "must be the header row naming the columns (%s)",
		    buf_str(&names));
		buf_free(&names);
		csv_table_free(&t);
		return -1;
	}
	if (read_header(&r, &t.rows[0]) == -1) {
		csv_table_free(&t);
		return -1;
	}
	if (t.nrows > 1 && (im->rows = calloc(t.nrows - 1,
	    sizeof(*im->rows))) == NULL) {
		diag_error(d, file, 0, 0, "out of memory");
		csv_table_free(&t);
		return -1;
	}
	progress_start(&r.progress);
	for (i = 1; i < t.nrows; i++) {
		progress_show(&r.progress, 0, i - 1, t.nrows - 1, i == 1);
		r.row = &t.rows[i];
		r.row_ok = 1;
		if (r.row->ncells != t.rows[0].ncells) {
			progress_clear(&r.progress);
			diag_error(d, file, r.row->line, 0, "the row has %zu "
			    "cells but the header has %zu; check for a missing "
			    "or stray comma", r.row->ncells, t.rows[0].ncells);
			rc = -1;
			continue;
		}
		if (read_row(&r, &im->rows[im->n]) == -1) {
			row_free(&im->rows[im->n]);
			progress_clear(&r.progress);
			diag_error(d, file, 0, 0, "out of memory");
			rc = -1;
			break;
		}
		if (!r.row_ok) {
			row_free(&im->rows[im->n]);
			rc = -1;
		} else
			im->n++;
	}
	csv_table_free(&t);
	progress_clear(&r.progress);
	/* Across the rows read without error: a row with errors is already
	 * reported, and is left out here. */
	if (check_stages(im, file, log, d) == -1)
		rc = -1;
	return rc;
}

static void
count(struct import_counts *c, int changed)
{
	if (changed == 1)
		c->added++;
	else if (changed == 2)
		c->updated++;
	else
		c->unchanged++;
}

int
import_write(const struct import *im, struct complaint_log *log,
    const char *source, struct import_counts *counts, struct buf *why)
{
	const struct import_row *ir;
	struct log_complaint c;
	struct progress	 progress;
	size_t		 i, done = 0;
	int		 pass, changed, stage_changed;

	memset(counts, 0, sizeof(*counts));
	progress_start(&progress);
	progress_show(&progress, 1, 0, im->n, 1);
	if (log_begin(log, why) == -1) {
		progress_clear(&progress);
		return -1;
	}
	/* Stage 1 rows first: each makes or updates its complaint. */
	for (pass = 1; pass <= 2; pass++)
		for (i = 0; i < im->n; i++) {
			ir = &im->rows[i];
			if (ir->stage.stage != pass)
				continue;
			progress_show(&progress, 1, done++, im->n, 0);
			changed = 0;
			if (pass == 1) {
				memset(&c, 0, sizeof(c));
				c.reference = ir->reference;
				c.channel = ir->channel;
				c.tenure = ir->tenure;
				c.category = ir->category;
				c.scheme = ir->scheme;
				c.received = ir->stage.received;
				c.source = source;
				if (log_put_complaint(log, &c, &changed, why) ==
				    -1)
					goto fail;
			}
			if (log_put_stage(log, ir->reference, &ir->stage,
			    &stage_changed, why) == -1)
				goto fail;
			count(counts, stage_changed == 1 ? 1 :
			    stage_changed || changed ? 2 : 0);
		}
	/* The commit's fsyncs can take a while: say it is nearly done. */
	progress_show(&progress, 1, im->n, im->n, 1);
	if (log_commit(log, why) == -1)
		goto fail;
	progress_clear(&progress);
	return 0;
fail:
	progress_clear(&progress);
	log_rollback(log);
	memset(counts, 0, sizeof(*counts));
	return -1;
}

void
import_free(struct import *im)
{
	size_t	 i;

	for (i = 0; i < im->n; i++)
		row_free(&im->rows[i]);
	free(im->rows);
	memset(im, 0, sizeof(*im));
}
