#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "celltext.h"
#include "csvread.h"
#include "diag.h"
#include "selfassess.h"

enum raw_text { RAW_REQUIREMENT, RAW_EVIDENCE, RAW_COMMENTARY, RAW__MAX };

/* A provision's cells as written, joined with its continuation rows. */
struct raw {
	struct buf	 text[RAW__MAX];
	size_t		 req_line, req_col;	/* the requirement cell */
};

/* The state of reading one form, row by row. */
struct form {
	struct sa_year	*y;
	struct diag	*d;
	const char	*file;
	enum sa_column	 cols[SA_COLUMNS_MAX];	/* the header's, by cell */
	size_t		 ncols;
	size_t		 header_line;		/* 0 until the header is read */
	size_t		 at[SA_COL__MAX];	/* cell index + 1, or 0 */
	int		 section;		/* from the last heading row */
	size_t		 section_line;
	enum sa_stage	 stage;
	size_t		 stage_line;
	enum sa_level	 level;
	struct raw	*raw;			/* one per provision in y */
	long		 last;	/* the provision a continuation row joins;
				   -1 none, -2 the last row was refused */
	int		 in_section[SA_SECTIONS_MAX + 1]; /* rows, unnumbered */
	int		 rc;
};

/* The text of cell i of row, or "" if the row is shorter. */
static const char *
cell_text(const struct csv_row *row, size_t i)
{
	return i < row->ncells ? row->cells[i].text : "";
}

static void
form_error(struct form *f, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
form_error(struct form *f, size_t line, size_t col, const char *fmt, ...)
{
	struct buf	 msg = BUF_INIT;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diag_error(f->d, f->file, line, col, "%s", buf_str(&msg));
	buf_free(&msg);
	f->rc = -1;
}

/* Read the first header row. Returns 0, or -1 (reported) if unusable. */
static int
read_header(struct form *f, const struct csv_row *row)
{
	struct buf	 msg = BUF_INIT;
	const char	*s;
	enum sa_column	 col;
	size_t		 i, n;
	int		 rc = 0;

	f->header_line = row->line;
	f->ncols = row->ncells < SA_COLUMNS_MAX ? row->ncells : SA_COLUMNS_MAX;
	for (i = 0; i < f->ncols; i++) {
		s = sa_trim(row->cells[i].text, &n);
		f->cols[i] = SA_COL_NONE;
		if (n == 0)
			continue;
		if ((col = sa_column_named(s, n)) == SA_COL__MAX) {
			buf_truncate(&msg, 0);
			sa_quote(&msg, s, n);
			buf_puts(&msg, "' is not a column candour knows; ");
			sa_known_columns(&msg);
			form_error(f, row->cells[i].line, i + 1, "'%s",
			    buf_str(&msg));
			rc = -1;
			continue;
		}
		if (f->at[col] != 0) {
			form_error(f, row->cells[i].line, i + 1, "this column "
			    "and column %zu are both the %s column; keep one",
			    f->at[col], sa_column_keys[col]);
			rc = -1;
			continue;
		}
		f->cols[i] = col;
		f->at[col] = i + 1;
	}
	buf_free(&msg);
	if (f->at[SA_COL_REQUIREMENT] == 0)
		form_error(f, row->line, 0, "the header row has no requirement "
		    "column; add one, such as 'Code requirement'");
	if (f->at[SA_COL_COMPLY] == 0)
		form_error(f, row->line, 0, "the header row has no comply "
		    "column; add one, such as 'Comply: Yes/No'");
	if (f->at[SA_COL_MERGED] != 0 && (f->at[SA_COL_EVIDENCE] != 0 ||
	    f->at[SA_COL_COMMENTARY] != 0))
		form_error(f, row->line, f->at[SA_COL_MERGED], "this column "
		    "holds evidence and commentary together, but the form also "
		    "has a separate %s column; keep one or the other",
		    f->at[SA_COL_EVIDENCE] ? "evidence" : "commentary");
	if (rc == -1 || f->rc == -1)
		return -1;
	f->y->has_evidence = f->at[SA_COL_EVIDENCE] != 0 ||
	    f->at[SA_COL_MERGED] != 0;
	f->y->has_commentary = f->at[SA_COL_COMMENTARY] != 0;
	f->y->merged = f->at[SA_COL_MERGED] != 0;
	return 0;
}

/* Cells that hold text, and the index of the last of them. */
static size_t
filled_cells(const struct csv_row *row, size_t *which)
{
	size_t	 i, n, count = 0;

	for (i = 0; i < row->ncells; i++) {
		(void)sa_trim(row->cells[i].text, &n);
		if (n > 0) {
			count++;
			*which = i;
		}
	}
	return count;
}

/*
 * Is the row the header again (as a Word table repeats it on each page and
 * before each section)? Reports a repeat that names columns differently.
 */
static int
is_repeated_header(struct form *f, const struct csv_row *row)
{
	const char	*s;
	enum sa_column	 col;
	size_t		 i, n, named = 0;

	for (i = 0; i < row->ncells; i++) {
		s = sa_trim(row->cells[i].text, &n);
		if (n == 0)
			continue;
		if (sa_column_named(s, n) == SA_COL__MAX)
			return 0;
		named++;
	}
	if (named < 2)
		return 0;
	for (i = 0; i < row->ncells; i++) {
		s = sa_trim(row->cells[i].text, &n);
		if (n == 0)
			continue;
		col = sa_column_named(s, n);
		if (i >= f->ncols || f->cols[i] != col) {
			form_error(f, row->cells[i].line, i + 1, "this header "
			    "row has a different column here from the first "
			    "header row (line %zu); make the header rows the "
			    "same", f->header_line);
			break;
		}
	}
	return 1;
}

static void
apply_heading(struct form *f, const struct csv_row *row, size_t i,
    int section, enum sa_stage stage, enum sa_level level)
{
	size_t	 line = row->cells[i].line;
	int	 max = sa_codes[f->y->code].nsections;

	f->last = -1;
	if (section > 0) {
		if (section > max) {
			form_error(f, line, i + 1, "the heading names section "
			    "%d, but the %s has sections 1 to %d; correct the "
			    "number", section, sa_codes[f->y->code].name, max);
			section = 0;
		}
		f->section = section;
		f->section_line = line;
		f->stage = stage;
		f->stage_line = line;
		f->level = SA_LEVEL_NONE;
	} else if (stage != SA_STAGE_NONE) {
		f->stage = stage;
		f->stage_line = line;
	} else {
		f->level = level;
		f->stage = SA_STAGE_NONE;
	}
}

/* Add an empty provision and its raw cells; NULL when out of memory. */
static struct sa_provision *
add_provision(struct form *f)
{
	struct sa_year		*y = f->y;
	struct sa_provision	*v;
	struct raw		*r;
	size_t			 i, cap;

	/* Both arrays grow to cap before y->cap says so. */
	if (y->n == y->cap) {
		cap = y->cap ? y->cap * 2 : 64;
		if ((r = realloc(f->raw, cap * sizeof(*r))) == NULL)
			return NULL;
		f->raw = r;
		if ((v = realloc(y->v, cap * sizeof(*v))) == NULL)
			return NULL;
		y->v = v;
		y->cap = cap;
	}
	memset(&y->v[y->n], 0, sizeof(y->v[y->n]));
	memset(&f->raw[y->n], 0, sizeof(f->raw[y->n]));
	for (i = 0; i < RAW__MAX; i++)
		f->raw[y->n].text[i].max = SA_CELL_MAX + 1;
	return &y->v[y->n++];
}

/* Append the row's text cells to raw, after a space if raw has text. */
static void
join_cells(struct form *f, struct raw *raw, const struct csv_row *row)
{
	static const struct {
		enum sa_column	 col;
		enum raw_text	 to;
	} map[] = {
		{ SA_COL_REQUIREMENT, RAW_REQUIREMENT },
		{ SA_COL_EVIDENCE, RAW_EVIDENCE },
		{ SA_COL_MERGED, RAW_EVIDENCE },
		{ SA_COL_COMMENTARY, RAW_COMMENTARY },
	};
	const char	*s;
	size_t		 i, n;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (f->at[map[i].col] == 0)
			continue;
		s = sa_trim(cell_text(row, f->at[map[i].col] - 1), &n);
		if (n == 0)
			continue;
		if (raw->text[map[i].to].len + n >= SA_CELL_MAX) {
			form_error(f, row->cells[f->at[map[i].col] - 1].line,
			    f->at[map[i].col], "with the rows above that it "
			    "continues, this cell is over %d bytes; shorten it",
			    SA_CELL_MAX);
			continue;
		}
		if (raw->text[map[i].to].len > 0)
			buf_putc(&raw->text[map[i].to], ' ');
		buf_put(&raw->text[map[i].to], s, n);
	}
}

/* Report text in cells the header does not name. Returns 0 or -1. */
static int
check_unnamed(struct form *f, const struct csv_row *row)
{
	size_t	 i, n;

	for (i = 0; i < row->ncells; i++) {
		(void)sa_trim(row->cells[i].text, &n);
		if (n == 0 || (i < f->ncols && f->cols[i] != SA_COL_NONE))
			continue;
		form_error(f, row->cells[i].line, i + 1, "this cell is in a "
		    "column the header row (line %zu) does not name; name the "
		    "column or move the text", f->header_line);
		return -1;
	}
	return 0;
}

/* The section a row is in, from its number, section cell and headings. */
static int
row_section(struct form *f, const struct csv_row *row, const char *number,
    int s_num)
{
	size_t	 ci = f->at[SA_COL_SECTION], n, pi = f->at[SA_COL_PROVISION];
	const char *s = ci ? sa_trim(cell_text(row, ci - 1), &n) : "";
	size_t	 line = row->line;
	int	 s_col = 0, max = sa_codes[f->y->code].nsections;
	enum sa_stage st;
	enum sa_level lv;

	if (ci == 0)
		n = 0;
	if (n > 0) {
		line = row->cells[ci - 1].line;
		if (n <= 2 && s[0] >= '1' && s[0] <= '9' && (n == 1 ||
		    (s[1] >= '0' && s[1] <= '9')))
			s_col = n == 1 ? s[0] - '0' :
			    (s[0] - '0') * 10 + s[1] - '0';
		else if (!sa_parse_heading(s, n, &s_col, &st, &lv) ||
		    s_col == 0) {
			struct buf q = BUF_INIT;
			sa_quote(&q, s, n);
			form_error(f, line, ci, "section is '%s'; write the "
			    "section's number, from 1 to %d", buf_str(&q), max);
			buf_free(&q);
			return 0;
		}
	}
	if (s_num && s_col && s_num != s_col) {
		form_error(f, line, ci, "section is %d, but provision %s is in "
		    "section %d; correct one of them", s_col, number, s_num);
		return 0;
	}
	if (s_num && f->section && s_num != f->section) {
		form_error(f, row->cells[pi - 1].line, pi, "provision %s is "
		    "under the heading of section %d (line %zu); move the row "
		    "to section %d or correct its number", number, f->section,
		    f->section_line, s_num);
		return 0;
	}
	if (!s_num && s_col && f->section && s_col != f->section) {
		form_error(f, line, ci, "section is %d, but the row is under "
		    "the heading of section %d (line %zu); correct one of them",
		    s_col, f->section, f->section_line);
		return 0;
	}
	s_num = s_num ? s_num : s_col ? s_col : f->section;
	if (s_num == 0) {
		form_error(f, row->line, 1, "this row has no section: it has "
		    "no provision number, no section column and no 'Section "
		    "1: ...' heading row above it; add one of them");
		return 0;
	}
	if (s_num > max) {
		form_error(f, line, ci ? ci : pi, "%s%s is in section %d, but "
		    "the %s has sections 1 to %d; correct the number",
		    number ? "provision " : "the row", number ? number : "",
		    s_num, sa_codes[f->y->code].name, max);
		return 0;
	}
	return s_num;
}

/* Read one provision row. Returns 0, or -1 (reported). */
static int
read_provision(struct form *f, const struct csv_row *row)
{
	struct sa_year	*y = f->y;
	struct sa_provision *p;
	struct buf	 q = BUF_INIT;
	const char	*num, *ans, *lev;
	size_t		 pi = f->at[SA_COL_PROVISION];
	size_t		 ai = f->at[SA_COL_COMPLY];
	size_t		 li = f->at[SA_COL_LEVEL];
	size_t		 ri = f->at[SA_COL_REQUIREMENT];
	size_t		 nn = 0, na, nl = 0, i;
	int		 s_num = 0, minor = 0, section, ok = 1;
	enum sa_answer	 answer = SA_YES;
	enum sa_level	 level = f->level;
	enum sa_stage	 stage;
	char		*number = NULL;

	num = pi ? sa_trim(cell_text(row, pi - 1), &nn) : "";
	ans = sa_trim(cell_text(row, ai - 1), &na);
	lev = li ? sa_trim(cell_text(row, li - 1), &nl) : "";
	if (nn > 0) {
		if (!sa_parse_number(num, nn, &s_num, &minor)) {
			sa_quote(&q, num, nn);
			form_error(f, row->cells[pi - 1].line, pi, "provision "
			    "is '%s'; write the Code's number, such as 6.3",
			    buf_str(&q));
			ok = 0;
		} else if ((number = strndup(num, nn)) == NULL)
			goto oom;
	} else if (y->numbered) {
		form_error(f, row->line, pi, "provision is empty, but other "
		    "rows are numbered; give this row its number, such as 6.3");
		ok = 0;
	}
	if (na == 0) {
		form_error(f, ai <= row->ncells ? row->cells[ai - 1].line :
		    row->line, ai, "comply is empty; use Yes, No, Partly or "
		    "N/A");
		ok = 0;
	} else if (sa_parse_answer(ans, na, &answer) == -1) {
		buf_truncate(&q, 0);
		sa_quote(&q, ans, na);
		form_error(f, row->cells[ai - 1].line, ai, "comply is '%s'; use "
		    "Yes, No, Partly or N/A", buf_str(&q));
		ok = 0;
	}
	if (nl > 0) {
		if (nl == 4 && strncasecmp(lev, "must", 4) == 0)
			level = SA_LEVEL_MUST;
		else if (nl == 6 && strncasecmp(lev, "should", 6) == 0)
			level = SA_LEVEL_SHOULD;
		else {
			buf_truncate(&q, 0);
			sa_quote(&q, lev, nl);
			form_error(f, row->cells[li - 1].line, li, "level is "
			    "'%s'; use must or should, or leave it empty",
			    buf_str(&q));
			ok = 0;
		}
	}
	if (ok && (section = row_section(f, row, number, s_num)) == 0)
		ok = 0;
	if (!ok || check_unnamed(f, row) == -1) {
		free(number);
		buf_free(&q);
		f->last = -2;
		return -1;
	}
	stage = number ? sa_stage_of(y->code, section, minor) : SA_STAGE_NONE;
	if (stage != SA_STAGE_NONE && f->stage != SA_STAGE_NONE &&
	    f->section == section && stage != f->stage) {
		form_error(f, row->cells[pi - 1].line, pi, "provision %s "
		    "belongs to %c%s, but it is under the heading '%s' (line "
		    "%zu); move it under '%s'", number,
		    sa_stage_names[stage][0] | 0x20, sa_stage_names[stage] + 1,
		    sa_stage_names[f->stage], f->stage_line,
		    sa_stage_names[stage]);
		free(number);
		buf_free(&q);
		f->last = -2;
		return -1;
	}
	if (stage == SA_STAGE_NONE && f->section == section)
		stage = f->stage;
	if ((p = add_provision(f)) == NULL)
		goto oom;
	p->number = number;
	number = NULL;
	p->section = section;
	p->stage = stage;
	p->level = level;
	p->answer = answer;
	p->line = row->line;
	p->answer_line = row->cells[ai - 1].line;
	p->answer_col = ai;
	f->raw[y->n - 1].req_line = ri <= row->ncells ?
	    row->cells[ri - 1].line : row->line;
	f->raw[y->n - 1].req_col = ri;
	if (p->number != NULL)
		p->anchor = sa_number_anchor(p->number, strlen(p->number));
	else {
		buf_truncate(&q, 0);
		buf_printf(&q, "s%d-%d", section, ++f->in_section[section]);
		p->anchor = buf_detach(&q);
	}
	if (p->anchor == NULL)
		goto oom;
	join_cells(f, &f->raw[y->n - 1], row);
	f->last = (long)(y->n - 1);
	for (i = 0; i + 1 < y->n; i++)
		if (strcmp(y->v[i].anchor, p->anchor) == 0) {
			form_error(f, row->cells[pi - 1].line, pi, "provision "
			    "%s is given twice (also on line %zu); give each "
			    "provision one row, or number the parts, such as "
			    "%sa and %sb", p->number, y->v[i].line, p->number,
			    p->number);
			break;
		}
	buf_free(&q);
	return 0;
oom:
	free(number);
	buf_free(&q);
	form_error(f, row->line, 0, "out of memory reading the form");
	return -1;
}

/* A row with no number and no answer continues the provision above. */
static void
read_continuation(struct form *f, const struct csv_row *row)
{
	if (check_unnamed(f, row) == -1)
		return;
	if (f->last == -2)
		return;		/* the row above was refused */
	if (f->last < 0) {
		form_error(f, row->line, 1, "this row has %sno answer, and no "
		    "provision above it to continue; give it %san answer, or "
		    "delete the row", f->at[SA_COL_PROVISION] ?
		    "no provision number and " : "", f->at[SA_COL_PROVISION] ?
		    "a number and " : "");
		return;
	}
	join_cells(f, &f->raw[f->last], row);
}

/* Turn each provision's raw cells into cleaned text. */
static void
finish_provisions(struct form *f)
{
	struct buf	 b = BUF_INIT;
	struct sa_provision *p;
	char		**to[RAW__MAX];
	size_t		 i, k;

	for (i = 0; i < f->y->n; i++) {
		p = &f->y->v[i];
		to[RAW_REQUIREMENT] = &p->requirement;
		to[RAW_EVIDENCE] = &p->evidence;
		to[RAW_COMMENTARY] = &p->commentary;
		for (k = 0; k < RAW__MAX; k++) {
			buf_truncate(&b, 0);
			buf_putc(&b, 'x');	/* so b is never empty */
			celltext_clean(&b, buf_str(&f->raw[i].text[k]),
			    f->raw[i].text[k].len);
			if (f->raw[i].text[k].err || b.err ||
			    (*to[k] = strdup(buf_str(&b) + 1)) == NULL) {
				form_error(f, p->line, 0, "out of memory "
				    "reading the form");
				buf_free(&b);
				return;
			}
		}
		if (*p->requirement == '\0')
			form_error(f, f->raw[i].req_line, f->raw[i].req_col,
			    "requirement is empty; copy in what the Code "
			    "requires");
	}
	buf_free(&b);
}

int
sa_read_form(struct sa_year *y, const struct csv_table *t, struct diag *d)
{
	struct form	 f;
	const struct csv_row *row;
	int		 section;
	enum sa_stage	 stage;
	enum sa_level	 level;
	size_t		 r, i, k, n, which = 0, nfilled;
	const char	*s;

	memset(&f, 0, sizeof(f));
	f.y = y;
	f.d = d;
	f.file = y->csv_file;
	f.last = -1;
	for (r = 0; r < t->nrows && f.header_line == 0; r++) {
		row = &t->rows[r];
		if ((nfilled = filled_cells(row, &which)) == 0)
			continue;
		s = sa_trim(row->cells[which].text, &n);
		if (nfilled == 1 && sa_parse_heading(s, n, &section, &stage,
		    &level))
			apply_heading(&f, row, which, section, stage, level);
		else if (nfilled > 1 && read_header(&f, row) == -1)
			return -1;
		/* A lone cell before the header is a title: skipped. */
	}
	if (f.header_line == 0) {
		diag_error(d, y->csv_file, 0, 0, "there is no header row; the "
		    "first row must name the columns, such as section, "
		    "provision, level, requirement, comply, evidence, "
		    "commentary");
		return -1;
	}
	for (k = r; f.at[SA_COL_PROVISION] && k < t->nrows; k++) {
		s = sa_trim(cell_text(&t->rows[k], f.at[SA_COL_PROVISION] - 1),
		    &n);
		if (n > 0 && s[0] >= '0' && s[0] <= '9')
			y->numbered = 1;
	}
	for (; r < t->nrows; r++) {
		row = &t->rows[r];
		if ((nfilled = filled_cells(row, &which)) == 0 ||
		    is_repeated_header(&f, row))
			continue;
		s = sa_trim(row->cells[which].text, &n);
		if (nfilled == 1 && sa_parse_heading(s, n, &section, &stage,
		    &level)) {
			apply_heading(&f, row, which, section, stage, level);
			continue;
		}
		s = f.at[SA_COL_PROVISION] ? sa_trim(cell_text(row,
		    f.at[SA_COL_PROVISION] - 1), &n) : "";
		(void)sa_trim(cell_text(row, f.at[SA_COL_COMPLY] - 1), &i);
		if ((f.at[SA_COL_PROVISION] == 0 || n == 0) && i == 0)
			read_continuation(&f, row);
		else
			(void)read_provision(&f, row);
	}
	finish_provisions(&f);
	for (i = 0; i < y->n; i++)
		for (k = 0; k < RAW__MAX; k++)
			buf_free(&f.raw[i].text[k]);
	free(f.raw);
	return f.rc;
}
