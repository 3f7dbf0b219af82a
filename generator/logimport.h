/*
 * logimport: `candour log import-csv FILE`, the export of a landlord's case
 * system: one row per complaint stage, a header row naming the columns in
 * any order:
 *
 *	reference,stage,received,acknowledged,extended_to,extension_reason,
 *	responded,outcome,refusal_reason,channel,tenure,scheme,category
 *
 * No other column is accepted, so no personal data can come in this way.
 * The whole file is read and checked first (every error is reported, with
 * file, line, column and the fix); only a file without errors is written,
 * in one transaction, upserting by (reference, stage): importing a newer
 * export updates those stages, and importing the same file again changes
 * nothing.
 */
#ifndef CANDOUR_LOGIMPORT_H
#define CANDOUR_LOGIMPORT_H

#include <stddef.h>

#include "log.h"

struct buf;
struct complaint_log;
struct diag;

#define IMPORT_FILE_MAX (64 * 1024 * 1024)	/* bytes in one export */
#define IMPORT_ROWS_MAX 200000			/* stages in one export */
#define IMPORT_CELL_MAX 4096			/* bytes in one cell */

/* One checked row. */
struct import_row {
	size_t		 line;		/* where it began in the file */
	char		*reference;
	char		*scheme;	/* or NULL */
	struct log_stage stage;		/* its extension_reason is owned */
	enum log_channel channel;	/* stage 1 rows only */
	enum log_tenure	 tenure;
	enum log_category category;
};

struct import {
	struct import_row *rows;
	size_t		 n;
};

/* What writing changed, counted in stages. */
struct import_counts {
	size_t		 added;
	size_t		 updated;
	size_t		 unchanged;
};

/*
 * Read and check text[0..n), the contents of file (named in messages), into
 * im. A stage 2 row needs its stage 1 in the file or, when log is not NULL,
 * in the log. Returns 0, or -1 after reporting every error (up to the
 * diag's cap). import_free frees im in both cases.
 */
int	 import_read(struct import *im, const char *text, size_t n,
	    const char *file, struct complaint_log *log, struct diag *);

/*
 * Write every row of a checked import in one transaction: each stage 1
 * row's complaint first, then the stages. source is recorded for new
 * complaints. Returns 0, or -1 with the reason in why (nothing written).
 */
int	 import_write(const struct import *im, struct complaint_log *,
	    const char *source, struct import_counts *, struct buf *why);

void	 import_free(struct import *im);

/*
 * Is s[0..n) a reference the log takes: 1 to LOG_REFERENCE_MAX letters,
 * digits, '-', '/', '_' and '.'? Returns NULL, or what is wrong with it, as
 * the end of a sentence about it.
 */
const char *import_reference_problem(const char *s, size_t n);

#endif
