#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csvread.h"
#include "diag.h"
#include "fsutil.h"
#include "utf8.h"

/*
 * libcsv's state between rows (struct csv_parser's pstate): it is 0 after a
 * row has ended and while it skips blank lines and lines of spaces.
 */
#define LIBCSV_ROW_NOT_BEGUN 0

struct reader {
	struct csv_table	*t;
	const struct csv_limits	*lim;
	const char		*file;
	struct diag		*diag;
	struct csv_row		 row;		/* the row being read */
	size_t			 cap_cells;
	size_t			 line;		/* of the byte being read */
	size_t			 cell_line;	/* the current cell began here;
						   0 before it begins */
	int			 failed;	/* reported; read no further */
};

static void
fail(struct reader *r, size_t line, size_t col, const char *msg)
{
	if (r->failed)
		return;
	diag_error(r->diag, r->file, line, col, "%s", msg);
	r->failed = 1;
}

static void
row_free(struct csv_row *row)
{
	size_t	 i;

	for (i = 0; i < row->ncells; i++)
		free(row->cells[i].text);
	free(row->cells);
	memset(row, 0, sizeof(*row));
}

/* libcsv's end-of-cell callback: keep a copy, with line ends as "\n". */
static void
on_cell(void *data, size_t len, void *arg)
{
	struct reader	*r = arg;
	struct csv_cell	*p, *cell;
	const char	*s = data;
	struct buf	 msg = BUF_INIT;
	size_t		 i, o, line = r->cell_line ? r->cell_line : r->line;

	r->cell_line = 0;
	if (r->failed)
		return;
	if (r->row.ncells == 0)
		r->row.line = line;
	if (r->row.ncells == r->lim->max_cells) {
		buf_printf(&msg, "the row has more than %zu cells; a row may "
		    "have at most that many, so remove the extra columns",
		    r->lim->max_cells);
		fail(r, r->row.line, r->lim->max_cells + 1, buf_str(&msg));
		buf_free(&msg);
		return;
	}
	if (len > r->lim->max_cell) {
		buf_printf(&msg, "the cell is %zu bytes long; the limit is %zu "
		    "bytes, so shorten it", len, r->lim->max_cell);
		fail(r, line, r->row.ncells + 1, buf_str(&msg));
		buf_free(&msg);
		return;
	}
	if (r->row.ncells == r->cap_cells) {
		r->cap_cells = r->cap_cells ? r->cap_cells * 2 : 8;
		if ((p = realloc(r->row.cells, r->cap_cells * sizeof(*p))) ==
		    NULL) {
			fail(r, line, 0, "out of memory reading the file");
			return;
		}
		r->row.cells = p;
	}
	cell = &r->row.cells[r->row.ncells];
	if ((cell->text = malloc(len + 1)) == NULL) {
		fail(r, line, 0, "out of memory reading the file");
		return;
	}
	for (i = o = 0; i < len; i++) {
		if (s[i] == '\r') {
			cell->text[o++] = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else
			cell->text[o++] = s[i];
	}
	cell->text[o] = '\0';
	cell->len = o;
	cell->line = line;
	r->row.ncells++;
}

/* libcsv's end-of-row callback: hand the row to the table. */
static void
on_row(int end, void *arg)
{
	struct reader	*r = arg;
	struct csv_table *t = r->t;
	struct csv_row	*p;
	struct buf	 msg = BUF_INIT;

	(void)end;
	if (r->failed || r->row.ncells == 0) {
		row_free(&r->row);
		r->cap_cells = 0;
		return;
	}
	if (t->nrows == r->lim->max_rows) {
		buf_printf(&msg, "the file has more than %zu rows, the most "
		    "candour reads; remove the rows that are not needed",
		    r->lim->max_rows);
		fail(r, r->row.line, 0, buf_str(&msg));
		buf_free(&msg);
		row_free(&r->row);
		r->cap_cells = 0;
		return;
	}
	if (t->nrows == t->cap_rows) {
		t->cap_rows = t->cap_rows ? t->cap_rows * 2 : 64;
		if ((p = realloc(t->rows, t->cap_rows * sizeof(*p))) == NULL) {
			fail(r, r->row.line, 0, "out of memory reading the "
			    "file");
			row_free(&r->row);
			r->cap_cells = 0;
			return;
		}
		t->rows = p;
	}
	t->rows[t->nrows++] = r->row;
	memset(&r->row, 0, sizeof(r->row));
	r->cap_cells = 0;
}

int
csv_table_parse(struct csv_table *t, const char *text, size_t n,
    const char *file, const struct csv_limits *lim, struct diag *d)
{
	struct csv_parser p;
	struct reader	 r;
	struct buf	 msg = BUF_INIT;
	size_t		 i = 0, bad, line, col, len;
	int		 is_eol;

	memset(t, 0, sizeof(*t));
	if (n > lim->max_bytes) {
		buf_printf(&msg, "is %zu bytes; the limit is %zu bytes, so "
		    "split it into smaller files", n, lim->max_bytes);
		diag_error(d, file, 0, 0, "%s", buf_str(&msg));
		buf_free(&msg);
		return -1;
	}
	if (n >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	if ((bad = utf8_check(text, n)) != n) {
		utf8_position(text, bad, &line, &col);
		diag_error(d, file, line, 0, "the file is not UTF-8 text; in "
		    "Excel, save it as 'CSV UTF-8 (Comma delimited)'");
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.t = t;
	r.lim = lim;
	r.file = file;
	r.diag = d;
	r.line = 1;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		diag_error(d, file, 0, 0, "out of memory reading the file");
		return -1;
	}
	/*
	 * Feed libcsv a line at a time, and each line end on its own, so the
	 * line every cell begins on is known: a cell that is still open after
	 * a line's text began on that line, unless it was open before it.
	 */
	while (i < n && !r.failed) {
		is_eol = text[i] == '\n' || text[i] == '\r';
		for (len = 1; !is_eol && i + len < n && text[i + len] != '\n' &&
		    text[i + len] != '\r'; len++)
			;
		/* A blank line begins nothing: libcsv skips it. */
		if (r.cell_line == 0 && !(is_eol &&
		    p.pstate == LIBCSV_ROW_NOT_BEGUN))
			r.cell_line = r.line;
		if (csv_parse(&p, text + i, len, on_cell, on_row, &r) != len) {
			fail(&r, r.cell_line ? r.cell_line : r.line,
			    r.row.ncells + 1, csv_error(&p) == CSV_EPARSE ?
			    "a quote is out of place in this cell; put the "
			    "whole cell in quotes and write each quote inside "
			    "it twice (\"\")" : "out of memory reading the "
			    "file");
			break;
		}
		if (p.pstate == LIBCSV_ROW_NOT_BEGUN)
			r.cell_line = 0;
		else if (r.cell_line == 0)
			r.cell_line = r.line;
		if (is_eol && (text[i] == '\n' || i + 1 == n ||
		    text[i + 1] != '\n'))
			r.line++;
		i += len;
	}
	if (!r.failed && csv_fini(&p, on_cell, on_row, &r) != 0)
		fail(&r, r.cell_line ? r.cell_line : r.line, r.row.ncells + 1,
		    "the quote that begins this cell is never closed; add the "
		    "closing quote (\") at the end of the cell");
	csv_free(&p);
	row_free(&r.row);
	return r.failed ? -1 : 0;
}

int
csv_table_read(struct csv_table *t, const char *path,
    const struct csv_limits *lim, struct diag *d)
{
	struct buf	 text = BUF_INIT;
	int		 rc;

	memset(t, 0, sizeof(*t));
	if (file_read(path, lim->max_bytes, &text, d) == -1) {
		buf_free(&text);
		return -1;
	}
	if (text.err) {
		diag_error(d, path, 0, 0, "out of memory reading the file");
		buf_free(&text);
		return -1;
	}
	rc = csv_table_parse(t, buf_str(&text), text.len, path, lim, d);
	buf_free(&text);
	return rc;
}

void
csv_table_free(struct csv_table *t)
{
	size_t	 i;

	for (i = 0; i < t->nrows; i++)
		row_free(&t->rows[i]);
	free(t->rows);
	memset(t, 0, sizeof(*t));
}
