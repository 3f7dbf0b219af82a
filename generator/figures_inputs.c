/*
 * The figures that are not in the log, from content/performance/:
 *
 *	homes.csv	year,tenure,homes
 *	tp09.csv	year,tenure,very_satisfied,fairly_satisfied,neither,
 *			fairly_dissatisfied,very_dissatisfied
 *	ombudsman.csv	year,finding,count
 *
 * Each with a header row, columns in any order. Years are written 2024-25.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "csvread.h"
#include "diag.h"
#include "figures.h"
#include "log.h"

#define INPUT_FILE_MAX (1024 * 1024)
#define INPUT_NUMBER_MAX 99999999L	/* homes, survey answers, findings */
#define INPUT_COLUMNS_MAX 8

static const struct csv_limits input_limits = {
	INPUT_FILE_MAX,
	256,		/* bytes in a cell */
	10000,		/* rows */
	16,		/* cells in a row */
};

enum input {
	INPUT_HOMES,
	INPUT_TP09,
	INPUT_OMBUDSMAN,
	INPUT__MAX
};

static const struct {
	const char	*name;		/* under performance/ */
	const char	*columns[INPUT_COLUMNS_MAX];
	size_t		 ncolumns;
	const char	*example;	/* a row, for messages */
} inputs[INPUT__MAX] = {
	[INPUT_HOMES] = { "homes.csv", { "year", "tenure", "homes" }, 3,
	    "2024-25,LCRA,4200" },
	[INPUT_TP09] = { "tp09.csv", { "year", "tenure", "very_satisfied",
	    "fairly_satisfied", "neither", "fairly_dissatisfied",
	    "very_dissatisfied" }, 7, "2024-25,LCRA,40,52,30,20,18" },
	[INPUT_OMBUDSMAN] = { "ombudsman.csv", { "year", "finding", "count" },
	    3, "2024-25,maladministration,2" },
};

/* One file being read. */
struct input_file {
	enum input	 which;
	struct buf	 path;
	struct csv_table t;
	size_t		 at[INPUT_COLUMNS_MAX];	/* column -> cell index */
	struct diag	*diag;
	int		 rc;
};

static void
cell_error(struct input_file *in, const struct csv_row *row, size_t col,
    const char *msg, const char *text)
{
	size_t	 i = in->at[col];

	diag_error(in->diag, buf_str(&in->path), row->cells[i].line, i + 1,
	    "%s is '%s'; %s", inputs[in->which].columns[col], text, msg);
	in->rc = -1;
}

/*
 * Open and parse the file and map its header. Returns 1 read, 0 the file
 * does not exist, -1 reported.
 */
static int
input_open(struct input_file *in, enum input which, const char *content_dir,
    struct diag *d)
{
	const struct csv_row *h;
	struct buf	 names = BUF_INIT;
	struct stat	 st;
	size_t		 i, c;
	int		 seen[INPUT_COLUMNS_MAX], v;

	memset(in, 0, sizeof(*in));
	in->which = which;
	in->diag = d;
	buf_printf(&in->path, "%s/performance/%s", content_dir,
	    inputs[which].name);
	if (in->path.err)
		return -1;
	if (stat(buf_str(&in->path), &st) == -1 && errno == ENOENT)
		return 0;
	if (csv_table_read(&in->t, buf_str(&in->path), &input_limits, d) ==
	    -1)
		return -1;
	if (in->t.nrows == 0) {
		diag_error(d, buf_str(&in->path), 0, 0, "the file is empty; "
		    "its first line must be the header row");
		return -1;
	}
	memset(seen, 0, sizeof(seen));
	log_list(&names, inputs[which].columns, inputs[which].ncolumns, 0,
	    "and");
	h = &in->t.rows[0];
	for (i = 0; i < h->ncells; i++) {
		v = log_lookup(inputs[which].columns, inputs[which].ncolumns,
		    h->cells[i].text, h->cells[i].len);
		if (v < 0 || seen[v]) {
			diag_error(d, buf_str(&in->path), h->cells[i].line,
			    i + 1, "%s column '%s'; the columns are %s",
			    v < 0 ? "unknown" : "repeated", h->cells[i].text,
			    buf_str(&names));
			in->rc = -1;
			continue;
		}
		seen[v] = 1;
		in->at[v] = i;
	}
	for (c = 0; c < inputs[which].ncolumns; c++)
		if (!seen[c]) {
			diag_error(d, buf_str(&in->path), h->line, 0, "the "
			    "header has no '%s' column; the columns are %s",
			    inputs[which].columns[c], buf_str(&names));
			in->rc = -1;
		}
	buf_free(&names);
	return in->rc == -1 ? -1 : 1;
}

static void
input_close(struct input_file *in)
{
	csv_table_free(&in->t);
	buf_free(&in->path);
}

/* Is the row complete? Reports it if not. */
static int
row_ok(struct input_file *in, const struct csv_row *row)
{
	if (row->ncells == in->t.rows[0].ncells)
		return 1;
	diag_error(in->diag, buf_str(&in->path), row->line, 0, "the row has "
	    "%zu cells but the header has %zu; write a row such as %s",
	    row->ncells, in->t.rows[0].ncells, inputs[in->which].example);
	in->rc = -1;
	return 0;
}

/* The year in column 0, or NULL after reporting it. */
static struct fig_year *
row_year(struct input_file *in, struct figures *f, const struct csv_row *row,
    int *year)
{
	const struct csv_cell *c = &row->cells[in->at[0]];
	size_t	 i;

	*year = figures_year_parse(c->text, c->len);
	if (*year < 0) {
		cell_error(in, row, 0, "write the reporting year as 2024-25",
		    c->text);
		return NULL;
	}
	for (i = 0; i < f->nyears; i++)
		if (f->years[i].year == *year)
			return &f->years[i];
	return NULL;
}

/* A whole number from 0 to INPUT_NUMBER_MAX in column col, or -1. */
static long
row_number(struct input_file *in, const struct csv_row *row, size_t col)
{
	const struct csv_cell *c = &row->cells[in->at[col]];
	long	 v = 0;
	size_t	 i;

	for (i = 0; i < c->len && c->text[i] >= '0' && c->text[i] <= '9' &&
	    v <= INPUT_NUMBER_MAX; i++)
		v = v * 10 + (c->text[i] - '0');
	if (c->len == 0 || i < c->len || v > INPUT_NUMBER_MAX) {
		cell_error(in, row, col, "write a whole number, such as 42, "
		    "with no commas or spaces", c->text);
		return -1;
	}
	return v;
}

static int
row_tenure(struct input_file *in, const struct csv_row *row)
{
	const struct csv_cell *c = &row->cells[in->at[1]];
	int	 t = log_lookup(log_tenures, LOG_TENURE__MAX, c->text, c->len);

	if (t < 0)
		cell_error(in, row, 1, "use LCRA (low-cost rental) or LCHO "
		    "(low-cost home ownership)", c->text);
	return t;
}

static void
read_homes(struct input_file *in, struct figures *f, int seen[][2])
{
	const struct csv_row *row;
	struct fig_year	*fy;
	size_t		 r, i;
	long		 homes;
	int		 t, year;

	for (r = 1; r < in->t.nrows; r++) {
		row = &in->t.rows[r];
		if (!row_ok(in, row))
			continue;
		fy = row_year(in, f, row, &year);
		t = row_tenure(in, row);
		homes = row_number(in, row, 2);
		if (year < 0 || t < 0 || homes < 0 || fy == NULL)
			continue;
		i = (size_t)(fy - f->years);
		if (seen[i][t]) {
			diag_error(in->diag, buf_str(&in->path), row->line, 0,
			    "%s %s is given twice; keep one row",
			    row->cells[in->at[0]].text, log_tenures[t]);
			in->rc = -1;
			continue;
		}
		seen[i][t] = 1;
		fy->homes[t] = homes;
	}
}

static void
read_tp09(struct input_file *in, struct figures *f, int seen[][2])
{
	const struct csv_row *row;
	struct fig_year	*fy;
	size_t		 r, c;
	long		 v, sat, all;
	int		 t, year, bad;

	for (r = 1; r < in->t.nrows; r++) {
		row = &in->t.rows[r];
		if (!row_ok(in, row))
			continue;
		fy = row_year(in, f, row, &year);
		t = row_tenure(in, row);
		sat = all = 0;
		bad = 0;
		for (c = 2; c < 7; c++) {
			if ((v = row_number(in, row, c)) < 0)
				bad = 1;
			else {
				all += v;
				if (c < 4)
					sat += v;
			}
		}
		if (year < 0 || t < 0 || bad || fy == NULL)
			continue;
		if (seen[fy - f->years][t]) {
			diag_error(in->diag, buf_str(&in->path), row->line, 0,
			    "%s %s is given twice; keep one row",
			    row->cells[in->at[0]].text, log_tenures[t]);
			in->rc = -1;
			continue;
		}
		seen[fy - f->years][t] = 1;
		fy->has_tp09 = 1;
		fy->tp09_satisfied[t] = sat;
		fy->tp09_answered[t] = all;
		fy->tp09_satisfied[FIG_ALL] += sat;
		fy->tp09_answered[FIG_ALL] += all;
	}
}

static void
read_ombudsman(struct input_file *in, struct figures *f,
    int seen[][FIG_FINDING__MAX])
{
	const struct csv_row *row;
	const struct csv_cell *c;
	struct fig_year	*fy;
	struct buf	 names = BUF_INIT;
	size_t		 r;
	long		 n;
	int		 k, year;

	log_list(&names, fig_findings, FIG_FINDING__MAX, 0, "or");
	for (r = 1; r < in->t.nrows; r++) {
		row = &in->t.rows[r];
		if (!row_ok(in, row))
			continue;
		fy = row_year(in, f, row, &year);
		c = &row->cells[in->at[1]];
		k = log_lookup(fig_findings, FIG_FINDING__MAX, c->text, c->len);
		if (k < 0)
			cell_error(in, row, 1, buf_str(&names), c->text);
		n = row_number(in, row, 2);
		if (year < 0 || k < 0 || n < 0 || fy == NULL)
			continue;
		if (seen[fy - f->years][k]) {
			diag_error(in->diag, buf_str(&in->path), row->line, 0,
			    "%s %s is given twice; keep one row",
			    row->cells[in->at[0]].text, fig_findings[k]);
			in->rc = -1;
			continue;
		}
		seen[fy - f->years][k] = 1;
		fy->has_ombudsman = 1;
		fy->ombudsman[k].value = n;
	}
	buf_free(&names);
}

int
figures_read_inputs(struct figures *f, const char *content_dir,
    struct diag *d)
{
	struct input_file in;
	int		(*seen)[2], (*seen_tp09)[2];
	int		(*seen_findings)[FIG_FINDING__MAX];
	size_t		 i;
	int		 t, rc = 0, r;
	char		 name[8];

	if (f->nyears == 0)
		return 0;
	seen = calloc(f->nyears, sizeof(*seen));
	seen_tp09 = calloc(f->nyears, sizeof(*seen_tp09));
	seen_findings = calloc(f->nyears, sizeof(*seen_findings));
	if (seen == NULL || seen_tp09 == NULL || seen_findings == NULL) {
		free(seen);
		free(seen_tp09);
		free(seen_findings);
		return -1;
	}
	r = input_open(&in, INPUT_HOMES, content_dir, d);
	if (r == 0) {
		diag_error(d, buf_str(&in.path), 0, 0, "the file is missing; "
		    "the complaints per 1,000 homes (CH01) need it: write the "
		    "header 'year,tenure,homes' and a row for each year and "
		    "tenure, such as %s", inputs[INPUT_HOMES].example);
		rc = -1;
	} else if (r == 1) {
		read_homes(&in, f, seen);
		for (i = 0; i < f->nyears && in.rc == 0; i++)
			for (t = 0; t < LOG_TENURE__MAX; t++)
				if (!seen[i][t]) {
					figures_year_name(f->years[i].year, name);
					diag_error(d, buf_str(&in.path), 0, 0,
					    "there is no row for %s %s, a year the "
					    "log has complaints in; add '%s,%s,"
					    "NUMBER' (0 if there are none)", name,
					    log_tenures[t], name, log_tenures[t]);
					in.rc = -1;
				}
		for (i = 0; i < f->nyears; i++) {
			f->years[i].has_homes = 1;
			f->years[i].homes[FIG_ALL] = f->years[i].homes[FIG_LCRA] +
			    f->years[i].homes[FIG_LCHO];
		}
	}
	if (r == -1 || in.rc == -1)
		rc = -1;
	input_close(&in);
	if ((r = input_open(&in, INPUT_TP09, content_dir, d)) == 1)
		read_tp09(&in, f, seen_tp09);
	if (r == -1 || in.rc == -1)
		rc = -1;
	input_close(&in);
	if ((r = input_open(&in, INPUT_OMBUDSMAN, content_dir, d)) == 1)
		read_ombudsman(&in, f, seen_findings);
	if (r == -1 || in.rc == -1)
		rc = -1;
	input_close(&in);
	free(seen);
	free(seen_tp09);
	free(seen_findings);
	return rc;
}
