/*
 * diag: error messages for staff, in the form
 *
 *	content/pages/policy.md:12:3: heading jumps from h2 to h4; use '###'
 *
 * Messages go to the stream given to diag_init (stderr in the program, a
 * memory stream in tests). Errors are counted so that a build can report
 * every error in a file, up to DIAG_FILE_CAP, before it stops.
 */
#ifndef CANDOUR_DIAG_H
#define CANDOUR_DIAG_H

#include <stddef.h>
#include <stdio.h>

#define DIAG_FILE_CAP 50	/* errors shown per file before the rest are counted */

struct diag {
	FILE		*out;		/* where messages are written */
	size_t		 nerrors;	/* errors so far, in all files */
	char		 file[1024];	/* the file the per-file count is for */
	size_t		 nfile;		/* errors so far in that file */
	size_t		 nhidden;	/* errors in that file not shown */
};

void	 diag_init(struct diag *, FILE *);
/* Report an error at file:line:col (line or col 0: left out). */
void	 diag_error(struct diag *, const char *file, size_t line, size_t col,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Say how many errors of the current file were not shown, if any. */
void	 diag_flush(struct diag *);

#endif
