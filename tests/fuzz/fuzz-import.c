/*
 * fuzz-import: a libFuzzer harness for the case-system export that
 * `candour log import-csv` reads: the CSV reader (csvread), every check of
 * the import (logimport), and then the figures of what it accepted
 * (figures_add, figures_finish, figures_suppress), as the generator would
 * count them from the log.
 *
 * Each input is the whole text of the export, checked with no log to look
 * stage 1 rows up in. For an export that reads without error it checks
 * what the import promises: every stage 1 or 2, a reference, a received
 * date; acknowledged, extended_to and responded no earlier than received;
 * responded no earlier than acknowledged; an extension only with a reason;
 * an outcome exactly when there is a response date, and a refusal reason
 * exactly with a refusal. A failed check aborts, so libFuzzer saves the
 * input. Everything is freed before the next input.
 *
 * Build and run: make -f Makefile -f tests/fuzz/fuzz.mk fuzz-import (or
 * fuzz-smoke, which runs every harness).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "figures.h"
#include "log.h"
#include "logimport.h"
#include "workdays.h"

int	 LLVMFuzzerInitialize(int *, char ***);
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static FILE		*sink;		/* where messages go */
static struct workdays	 w;		/* with a few bank holidays */

static void
check_failed(const char *what, const struct import_row *r)
{
	fprintf(stderr, "fuzz-import: line %zu ('%s'): %s\n", r->line,
	    r->reference ? r->reference : "", what);
	abort();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	long	 holidays[3];

	(void)argc;
	(void)argv;
	holidays[0] = date_from_civil(2025, 12, 25);
	holidays[1] = date_from_civil(2025, 12, 26);
	holidays[2] = date_from_civil(2026, 1, 1);
	if (workdays_init(&w, holidays, 3) == -1)
		abort();
	if (getenv("CANDOUR_FUZZ_VERBOSE") != NULL)
		sink = stderr;
	else if ((sink = fopen("/dev/null", "w")) == NULL)
		abort();
	return 0;
}

/* What the import promises of every row it accepts. */
static void
check_row(const struct import_row *r)
{
	const struct log_stage *s = &r->stage;

	if (s->stage != 1 && s->stage != 2)
		check_failed("stage is not 1 or 2", r);
	if (r->reference == NULL || import_reference_problem(r->reference,
	    strlen(r->reference)) != NULL)
		check_failed("a bad reference was taken", r);
	if (s->received == DATE_NONE)
		check_failed("no received date", r);
	if ((s->acknowledged != DATE_NONE && s->acknowledged < s->received) ||
	    (s->extended_to != DATE_NONE && s->extended_to < s->received) ||
	    (s->responded != DATE_NONE && s->responded < s->received) ||
	    (s->responded != DATE_NONE && s->acknowledged != DATE_NONE &&
	    s->responded < s->acknowledged))
		check_failed("dates out of order", r);
	if ((s->extended_to != DATE_NONE) != (s->extension_reason != NULL))
		check_failed("an extension without its reason", r);
	if ((s->outcome != LOG_OUTCOME_OPEN) != (s->responded != DATE_NONE))
		check_failed("an outcome without its date", r);
	if ((s->outcome == LOG_OUTCOME_REFUSED) != (s->reason >= 0))
		check_failed("a refusal without its reason", r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import	 im;
	struct figures	 f;
	struct log_fact	 x;
	struct diag	 d;
	size_t		 i;

	diag_init(&d, sink);
	if (import_read(&im, (const char *)data, size, "fuzz.csv", NULL,
	    &d) == 0) {
		if (figures_init(&f, 5) == -1)
			abort();
		for (i = 0; i < im.n; i++) {
			const struct import_row *r = &im.rows[i];
			check_row(r);
			memset(&x, 0, sizeof(x));
			x.stage = r->stage.stage;
			x.tenure = r->tenure;
			x.channel = r->channel;
			x.category = r->category;
			x.received = r->stage.received;
			x.acknowledged = r->stage.acknowledged;
			x.extended_to = r->stage.extended_to;
			x.has_reason = r->stage.extension_reason != NULL;
			x.responded = r->stage.responded;
			x.outcome = r->stage.outcome;
			x.reason = r->stage.reason < 0 ? LOG_REASON_OTHER :
			    (enum log_reason)r->stage.reason;
			if (figures_add(&f, &w, &x) == -1)
				abort();
		}
		if (figures_finish(&f) == -1)
			abort();
		figures_suppress(&f);
		figures_free(&f);
	}
	diag_flush(&d);
	import_free(&im);
	return 0;
}
