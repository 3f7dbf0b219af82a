/*
 * csvread: CSV files as staff save them from Excel ("CSV UTF-8"), read with
 * libcsv into rows of cells. Each cell remembers the line it began on, so a
 * message can point at it even after a cell that spans lines; its column is
 * its place in the row, counted from 1 (column 3 is Excel's column C).
 *
 * The text must be UTF-8; a byte order mark is skipped; line ends may be
 * LF, CRLF or CR, and inside a quoted cell they all become LF. Quoting
 * follows RFC 4180 strictly: a quote inside an unquoted cell, text after a
 * closing quote and a quote that is never closed are reported. Blank lines
 * are skipped. The file, each cell, the rows and the cells in a row are
 * capped by a struct csv_limits, and the message names the limit.
 */
#ifndef CANDOUR_CSVREAD_H
#define CANDOUR_CSVREAD_H

#include <stddef.h>

struct diag;

struct csv_limits {
	size_t	 max_bytes;	/* the whole file */
	size_t	 max_cell;	/* bytes in one cell */
	size_t	 max_rows;	/* rows, not counting blank lines */
	size_t	 max_cells;	/* cells in one row */
};

struct csv_cell {
	char	*text;		/* NUL-terminated; line ends are "\n" */
	size_t	 len;		/* bytes in text */
	size_t	 line;		/* the line the cell began on, from 1 */
};

struct csv_row {
	struct csv_cell	*cells;
	size_t		 ncells;	/* at least 1 */
	size_t		 line;		/* the line the row began on */
};

struct csv_table {
	struct csv_row	*rows;
	size_t		 nrows;
	size_t		 cap_rows;
};

/*
 * Read text[0..n), the contents of file (named in messages), into t.
 * Returns 0, or -1 after reporting the first problem (the rows before it
 * are kept). csv_table_free frees t in both cases.
 */
int	 csv_table_parse(struct csv_table *t, const char *text, size_t n,
	    const char *file, const struct csv_limits *, struct diag *);

/* Read the file at path (also its name in messages) into t, as above. */
int	 csv_table_read(struct csv_table *t, const char *path,
	    const struct csv_limits *, struct diag *);

void	 csv_table_free(struct csv_table *t);

#endif
