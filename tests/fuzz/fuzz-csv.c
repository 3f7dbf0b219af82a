/*
 * fuzz-csv: a libFuzzer harness for the self-assessment form, the CSV that
 * staff export from Excel or Word: the CSV reader (csvread), the form reader
 * (selfassess_form), the cleaning of Word's HTML fragments (celltext), the
 * page and its CSV download (selfassess_html).
 *
 * Each input is the whole text of content/self-assessment/2024.csv, read
 * against a fixed sidecar (the input's length picks the Code version, so
 * all three are covered). For a form that reads without error it checks:
 *
 *	- the page body's tags balance (every <p>, <ul>, <ol>, <li>, <em>,
 *	  <strong>, <table>, <tr>, <th> and <td> is closed), and no tag but
 *	  those the renderer writes appears: cell text never becomes markup;
 *	- the CSV download reads back without error, with the same
 *	  provisions: number of rows, answers, sections, levels and anchors.
 *
 * A failed check aborts, so libFuzzer saves the input. Everything an input
 * allocates is freed before the next, so the leak check can run on each.
 * Messages go to /dev/null, or to stderr when $CANDOUR_FUZZ_VERBOSE is set.
 *
 * Build and run: make -f Makefile -f tests/fuzz/fuzz.mk fuzz-csv (or
 * fuzz-smoke, which runs every harness).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csvread.h"
#include "diag.h"
#include "markdown.h"
#include "selfassess.h"
#include "site.h"

int	 LLVMFuzzerInitialize(int *, char ***);
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static FILE	*sink;		/* where messages go */

static const char *const sidecars[SA_CODE__MAX] = {
	[SA_CODE_2022] = "code: 2022\napproved: 2024-06-01\n",
	[SA_CODE_2024] = "code: 2024\napproved: 2024-06-01\n",
	[SA_CODE_JOINT] = "code: joint-draft\napproved: 2024-06-01\n",
};

/* The limits of a real build, and roomier ones to read the download. */
static const struct csv_limits limits = { SA_FILE_MAX, SA_CELL_MAX,
    SA_ROWS_MAX, SA_COLUMNS_MAX };
static const struct csv_limits roomy = { 64 * SA_FILE_MAX, 64 * SA_CELL_MAX,
    SA_ROWS_MAX, SA_COLUMNS_MAX };

static void
check_failed(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz-csv: %s%s%.200s\n", what, detail ? ": " : "",
	    detail ? detail : "");
	abort();
}

/* The tags the page body may hold; each must be closed as often as opened. */
static const char *const tags[] = { "p", "ul", "ol", "li", "em", "strong",
    "table", "tr", "th", "td", "div", "caption", "thead", "tbody", "h2",
    "h3", "a", "time" };
static const char *const empty_tags[] = { "br" };

/* Check that html's tags are only those above and that they balance. */
static void
check_html(const char *html)
{
	size_t	 opens[sizeof(tags) / sizeof(tags[0])] = { 0 };
	size_t	 closes[sizeof(tags) / sizeof(tags[0])] = { 0 };
	const char *p = html, *name;
	size_t	 i, n;
	int	 closing, known;

	while ((p = strchr(p, '<')) != NULL) {
		closing = p[1] == '/';
		name = p + 1 + closing;
		for (n = 0; name[n] >= 'a' && name[n] <= 'z'; n++)
			;
		if (name[n] >= '0' && name[n] <= '9')
			n++;		/* h2, h3 */
		known = 0;
		for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
			if (strlen(tags[i]) == n &&
			    strncmp(name, tags[i], n) == 0) {
				if (closing)
					closes[i]++;
				else
					opens[i]++;
				known = 1;
			}
		for (i = 0; i < sizeof(empty_tags) / sizeof(empty_tags[0]); i++)
			if (!closing && strlen(empty_tags[i]) == n &&
			    strncmp(name, empty_tags[i], n) == 0)
				known = 1;
		if (!known || (name[n] != '>' && name[n] != ' '))
			check_failed("the page has a tag it should not", p);
		p++;
	}
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (opens[i] != closes[i])
			check_failed("the page's tags do not balance", tags[i]);
}

/* Read a form; 0 if it has no error. y is to be freed by the caller. */
static int
read_form(struct sa_year *y, enum sa_code code, const char *text, size_t n,
    const struct csv_limits *lim, struct diag *d)
{
	struct csv_table t;
	int		 rc = 0;

	if (sa_year_init(y, 2024, "2024.csv", "2024.yaml") == -1 ||
	    sa_read_settings(y, sidecars[code], strlen(sidecars[code]), d) ==
	    -1)
		check_failed("the fixed sidecar does not read", NULL);
	if (csv_table_parse(&t, text, n, y->csv_file, lim, d) == -1 ||
	    sa_read_form(y, &t, d) == -1)
		rc = -1;
	csv_table_free(&t);
	return rc;
}

/* The download must read back to the same provisions. */
static void
check_download(const struct sa_year *y, enum sa_code code, struct diag *d)
{
	struct sa_year	 again;
	struct buf	 csv = BUF_INIT;
	size_t		 i;

	sa_write_csv(&csv, y);
	if (csv.err)
		check_failed("the download does not fit in memory", NULL);
	if (read_form(&again, code, buf_str(&csv), csv.len, &roomy, d) == -1)
		check_failed("the download does not read back", buf_str(&csv));
	if (again.n != y->n)
		check_failed("the download has a different number of rows",
		    NULL);
	for (i = 0; i < y->n; i++)
		if (again.v[i].answer != y->v[i].answer ||
		    again.v[i].section != y->v[i].section ||
		    again.v[i].level != y->v[i].level ||
		    strcmp(again.v[i].anchor, y->v[i].anchor) != 0)
			check_failed("a provision changes in the download",
			    y->v[i].anchor);
	sa_year_free(&again);
	buf_free(&csv);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (getenv("CANDOUR_FUZZ_VERBOSE") != NULL)
		sink = stderr;
	else if ((sink = fopen("/dev/null", "w")) == NULL) {
		fprintf(stderr, "fuzz-csv: cannot open /dev/null\n");
		exit(1);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum sa_code	 code = (enum sa_code)(size % SA_CODE__MAX);
	struct sa_year	 y;
	struct diag	 d;
	struct md_page	 md;
	struct page	 pg;
	char		 url[] = "self-assessment/2024/";

	if (size > SA_FILE_MAX)
		return 0;
	diag_init(&d, sink);
	if (read_form(&y, code, (const char *)data, size, &limits, &d) == 0) {
		memset(&md, 0, sizeof(md));
		memset(&pg, 0, sizeof(pg));
		pg.url = url;
		pg.depth = 2;
		if (sa_render_year(&md, &pg, &y) == -1)
			check_failed("the page does not render", NULL);
		check_html(buf_str(&md.body));
		md_page_free(&md);
		free(pg.anchors);
		check_download(&y, code, &d);
		(void)sa_link_actions(&y, &d);
	}
	diag_flush(&d);
	sa_year_free(&y);
	return 0;
}
