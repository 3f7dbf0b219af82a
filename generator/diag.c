#include <stdarg.h>
#include <string.h>

#include "diag.h"

void
diag_init(struct diag *d, FILE *out)
{
	memset(d, 0, sizeof(*d));
	d->out = out;
}

void
diag_flush(struct diag *d)
{
	if (d->nhidden > 0)
		fprintf(d->out, "%s: %zu more errors not shown; fix the "
		    "ones above and run again\n", d->file, d->nhidden);
	d->file[0] = '\0';
	d->nfile = d->nhidden = 0;
}

void
diag_error(struct diag *d, const char *file, size_t line, size_t col,
    const char *fmt, ...)
{
	va_list	 ap;

	/* The caller's file name may not outlive the call: keep a copy. */
	if (strncmp(d->file, file, sizeof(d->file) - 1) != 0) {
		diag_flush(d);
		snprintf(d->file, sizeof(d->file), "%s", file);
	}
	d->nerrors++;
	if (++d->nfile > DIAG_FILE_CAP) {
		d->nhidden++;
		return;
	}
	if (line > 0 && col > 0)
		fprintf(d->out, "%s:%zu:%zu: ", file, line, col);
	else if (line > 0)
		fprintf(d->out, "%s:%zu: ", file, line);
	else
		fprintf(d->out, "%s: ", file);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
}
