#include <string.h>
#include <strings.h>

#include "buf.h"
#include "selfassess.h"

#define NUMBER_MAX	40	/* bytes in a provision number as written */
#define HEADING_MAX	120	/* bytes in a heading row's one cell */
#define QUOTE_MAX	40	/* bytes of a cell quoted in a message */

/* Which stage each numbered provision of a staged section belongs to. */
static const struct {
	enum sa_code	 code;
	int		 section, first, last;
	enum sa_stage	 stage;
} stage_ranges[] = {
	{ SA_CODE_2022, 5, 1, 8, SA_STAGE_1 },
	{ SA_CODE_2022, 5, 9, 16, SA_STAGE_2 },
	{ SA_CODE_2022, 5, 17, 20, SA_STAGE_3 },
	{ SA_CODE_2024, 6, 1, 9, SA_STAGE_1 },
	{ SA_CODE_2024, 6, 10, 20, SA_STAGE_2 },
	{ SA_CODE_JOINT, 6, 1, 11, SA_STAGE_1 },
	{ SA_CODE_JOINT, 6, 12, 23, SA_STAGE_2 },
	{ SA_CODE_JOINT, 6, 24, 26, SA_STAGE_FURTHER },
};

/*
 * Every header the reader knows: the canonical names, then the headings of
 * the Ombudsman's forms (2022, 2024 and the draft Joint Code) and of forms
 * landlords have published. Matched ignoring case, spaces and punctuation.
 */
static const struct {
	const char	*heading;
	enum sa_column	 col;
} headings[] = {
	{ "section", SA_COL_SECTION },
	{ "provision", SA_COL_PROVISION },
	{ "level", SA_COL_LEVEL },
	{ "requirement", SA_COL_REQUIREMENT },
	{ "comply", SA_COL_COMPLY },
	{ "evidence", SA_COL_EVIDENCE },
	{ "commentary", SA_COL_COMMENTARY },
	{ "Code provision", SA_COL_PROVISION },
	{ "Code section", SA_COL_PROVISION },
	{ "Code requirement", SA_COL_REQUIREMENT },
	{ "Comply: Yes/No", SA_COL_COMPLY },
	{ "Our response", SA_COL_COMPLY },
	{ "Commentary/ explanation", SA_COL_COMMENTARY },
	{ "Explanations and commentary", SA_COL_COMMENTARY },
	{ "Evidence, commentary and any explanations", SA_COL_MERGED },
	{ "Evidence / Commentary / explanation", SA_COL_MERGED },
};
#define NCANONICAL 7	/* the first rows of headings[] */

static const struct {
	const char	*word;
	enum sa_answer	 answer;
} answers[] = {
	{ "yes", SA_YES }, { "no", SA_NO }, { "partly", SA_PARTLY },
	{ "partially", SA_PARTLY }, { "n/a", SA_NA },
};

/* Is s[i..] a space (ASCII or no-break)? Returns its length or 0. */
static size_t
space_len(const char *s, size_t i, size_t n)
{
	if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		return 1;
	if (i + 1 < n && (unsigned char)s[i] == 0xc2 &&
	    (unsigned char)s[i + 1] == 0xa0)
		return 2;
	return 0;
}

/* s without the spaces around it; sets *len. */
const char *
sa_trim(const char *s, size_t *len)
{
	size_t	 n = strlen(s), k;

	while (n > 0 && (k = space_len(s, 0, n)) > 0) {
		s += k;
		n -= k;
	}
	for (;;) {
		if (n > 0 && space_len(s, n - 1, n) == 1)
			n--;
		else if (n >= 2 && space_len(s, n - 2, n) == 2)
			n -= 2;
		else
			break;
	}
	*len = n;
	return s;
}

/* Append the words of s[0..n): its ASCII letters and digits, lowercased,
 * each run of anything else one space. */
static void
words(struct buf *out, const char *s, size_t n)
{
	size_t	 i;
	int	 gap = 0;

	for (i = 0; i < n; i++) {
		char ch = s[i];
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			if (gap && out->len > 0)
				buf_putc(out, ' ');
			buf_putc(out, ch);
			gap = 0;
		} else
			gap = 1;
	}
}

/* Append s[0..n) for a message: one line, at most QUOTE_MAX bytes. */
void
sa_quote(struct buf *out, const char *s, size_t n)
{
	size_t	 i, cut = n;

	if (n > QUOTE_MAX) {
		cut = QUOTE_MAX;
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
	}
	for (i = 0; i < cut; i++)
		buf_putc(out, s[i] == '\n' || s[i] == '\t' ? ' ' : s[i]);
	if (cut < n)
		buf_puts(out, "...");
}

static int
is_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9');
}

/* Do a[0..n) and b have the same ASCII letters and digits, in any case? */
static int
same_name(const char *a, size_t n, const char *b)
{
	size_t	 i = 0;

	for (;;) {
		while (i < n && !is_alnum(a[i]))
			i++;
		while (*b != '\0' && !is_alnum(*b))
			b++;
		if (i == n || *b == '\0')
			return i == n && *b == '\0';
		if ((a[i] | 0x20) != (*b | 0x20))
			return 0;
		i++;
		b++;
	}
}

/* The column a header cell names, or SA_COL__MAX if none. */
enum sa_column
sa_column_named(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < sizeof(headings) / sizeof(headings[0]); i++)
		if (same_name(s, n, headings[i].heading))
			return headings[i].col;
	return SA_COL__MAX;
}

/* The names the reader knows, for a message. */
void
sa_known_columns(struct buf *out)
{
	size_t	 i, n = sizeof(headings) / sizeof(headings[0]);

	buf_puts(out, "the known columns are ");
	for (i = 0; i < n; i++) {
		if (i == NCANONICAL)
			buf_puts(out, ", or the form's own ");
		else if (i + 1 == n || i + 1 == NCANONICAL)
			buf_puts(out, i == 0 ? "" : " and ");
		else if (i > 0)
			buf_puts(out, ", ");
		buf_printf(out, "'%s'", headings[i].heading);
	}
}

/*
 * If the text is a heading row's ("Section 6: Complaints stages", "Stage
 * 2", "Mandatory 'must' requirements"), set what it names and return 1.
 * *section is 0 when it names none, likewise *stage and *level.
 */
int
sa_parse_heading(const char *s, size_t n, int *section, enum sa_stage *stage,
    enum sa_level *level)
{
	struct buf	 w = BUF_INIT;
	const char	*p, *q;
	size_t		 i = 7, nwords = 1;
	int		 found = 0;

	*section = 0;
	*stage = SA_STAGE_NONE;
	*level = SA_LEVEL_NONE;
	if (n == 0 || n > HEADING_MAX)
		return 0;
	words(&w, s, n);
	p = buf_str(&w);
	for (q = p; *q != '\0'; q++)
		nwords += *q == ' ';
	if (n > 7 && strncasecmp(s, "section", 7) == 0) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		for (; i < n && s[i] >= '0' && s[i] <= '9' && *section < 100;
		    i++)
			*section = *section * 10 + (s[i] - '0');
		if (*section > 0 && !(i + 1 < n && s[i] == '.' &&
		    s[i + 1] >= '0' && s[i + 1] <= '9')) {
			found = 1;
			if ((q = strstr(p, " stage ")) != NULL && q[7] >= '1' &&
			    q[7] <= '3' && (q[8] == '\0' || q[8] == ' '))
				*stage = (enum sa_stage)(q[7] - '0');
		} else
			*section = 0;
	} else if (strncmp(p, "stage ", 6) == 0 && p[6] >= '1' && p[6] <= '3' &&
	    (p[7] == '\0' || p[7] == ' ') && nwords <= 3) {
		*stage = (enum sa_stage)(p[6] - '0');
		found = 1;
	} else if (strcmp(p, "further stage") == 0 ||
	    strcmp(p, "further stages") == 0) {
		*stage = SA_STAGE_FURTHER;
		found = 1;
	} else if (nwords <= 6 && w.len > 12 &&
	    (strcmp(p + w.len - 12, "requirements") == 0 ||
	    strcmp(p + w.len - 11, "requirement") == 0)) {
		if (strstr(p, "must") != NULL)
			*level = SA_LEVEL_MUST;
		else if (strstr(p, "should") != NULL)
			*level = SA_LEVEL_SHOULD;
		found = *level != SA_LEVEL_NONE;
	}
	buf_free(&w);
	return found;
}

/*
 * Is s[0..n) a provision number: "6.3", "6.10a", or several joined by '/',
 * ',', '&' or "and" ("1.2/ 1.4")? Sets *section and *minor from the first.
 */
int
sa_parse_number(const char *s, size_t n, int *section, int *minor)
{
	size_t	 i = 0, d;
	int	 first = 1, a, b;

	if (n > NUMBER_MAX)
		return 0;
	for (;;) {
		/* At most 2 and 3 digits: the values stay small. */
		for (a = 0, d = 0; i < n && s[i] >= '0' && s[i] <= '9' &&
		    d < 3; i++, d++)
			a = a * 10 + (s[i] - '0');
		if (d == 0 || d > 2 || i == n || s[i] != '.')
			return 0;
		for (i++, b = 0, d = 0; i < n && s[i] >= '0' && s[i] <= '9' &&
		    d < 4; i++, d++)
			b = b * 10 + (s[i] - '0');
		if (d == 0 || d > 3)
			return 0;
		if (i < n && s[i] >= 'a' && s[i] <= 'z')
			i++;
		if (first) {
			*section = a;
			*minor = b;
			first = 0;
		}
		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			return 1;
		if (s[i] == '/' || s[i] == ',' || s[i] == '&')
			i++;
		else if (n - i > 4 && strncmp(s + i, "and ", 4) == 0)
			i += 4;
		else
			return 0;
		while (i < n && s[i] == ' ')
			i++;
	}
}

/* "p" and the number's letters and digits, other runs as '-': "p6-3". */
char *
sa_number_anchor(const char *s, size_t n)
{
	struct buf	 a = BUF_INIT;
	size_t		 i;
	int		 gap = 0;

	buf_putc(&a, 'p');
	for (i = 0; i < n; i++) {
		if ((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'z')) {
			if (gap)
				buf_putc(&a, '-');
			buf_putc(&a, s[i]);
			gap = 0;
		} else
			gap = 1;
	}
	return buf_detach(&a);
}

enum sa_stage
sa_stage_of(enum sa_code code, int section, int minor)
{
	size_t	 i;

	for (i = 0; i < sizeof(stage_ranges) / sizeof(stage_ranges[0]); i++)
		if (stage_ranges[i].code == code &&
		    stage_ranges[i].section == section &&
		    minor >= stage_ranges[i].first &&
		    minor <= stage_ranges[i].last)
			return stage_ranges[i].stage;
	return SA_STAGE_NONE;
}

const char *const sa_column_keys[SA_COL__MAX] = {
	[SA_COL_SECTION] = "section",
	[SA_COL_PROVISION] = "provision",
	[SA_COL_LEVEL] = "level",
	[SA_COL_REQUIREMENT] = "requirement",
	[SA_COL_COMPLY] = "comply",
	[SA_COL_EVIDENCE] = "evidence",
	[SA_COL_COMMENTARY] = "commentary",
	[SA_COL_MERGED] = "evidence and commentary",
};

int
sa_parse_answer(const char *s, size_t n, enum sa_answer *answer)
{
	size_t	 i;

	for (i = 0; i < sizeof(answers) / sizeof(answers[0]); i++)
		if (strlen(answers[i].word) == n &&
		    strncasecmp(s, answers[i].word, n) == 0) {
			*answer = answers[i].answer;
			return 0;
		}
	return -1;
}
