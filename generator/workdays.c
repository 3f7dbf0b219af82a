#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "csvread.h"
#include "diag.h"
#include "workdays.h"

#define HOLIDAYS_MAX	2000	/* rows in holidays.csv */

static const struct csv_limits holiday_limits = {
	HOLIDAYS_FILE_MAX,	/* bytes */
	256,			/* bytes in a cell */
	HOLIDAYS_MAX + 1,	/* rows, with the header */
	8,			/* cells in a row */
};

static const char *const weekdays[] = { "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday" };

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
long
date_from_civil(int y, int m, int d)
{
	long	 era, yoe, doy, doe, yy = y - (m <= 2);

	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_to_civil(long day, int *y, int *m, int *d)
{
	long	 z = day + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
days_in_month(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 29;
	return n[m - 1];
}

/* The digit s[i] as a number, or a number over 9 when it is not a digit. */
#define DIGIT(s, i)	((unsigned)(unsigned char)(s)[i] - '0')

/*
 * The log gives every date of every stage as text, so this runs four times
 * a stage, millions of times for the figures: it checks the fixed shape
 * position by position, with no loop and no library call.
 */
enum date_status
date_parse(const char *s, size_t n, long *day)
{
	unsigned	 y1, y2, y3, y4, m1, m2, d1, d2;
	int		 y, m, d;

	if (n != DATE_LEN || s[4] != '-' || s[7] != '-')
		return DATE_SHAPE;
	y1 = DIGIT(s, 0);
	y2 = DIGIT(s, 1);
	y3 = DIGIT(s, 2);
	y4 = DIGIT(s, 3);
	m1 = DIGIT(s, 5);
	m2 = DIGIT(s, 6);
	d1 = DIGIT(s, 8);
	d2 = DIGIT(s, 9);
	if (y1 > 9 || y2 > 9 || y3 > 9 || y4 > 9 || m1 > 9 || m2 > 9 ||
	    d1 > 9 || d2 > 9)
		return DATE_SHAPE;
	y = (int)(y1 * 1000 + y2 * 100 + y3 * 10 + y4);
	m = (int)(m1 * 10 + m2);
	d = (int)(d1 * 10 + d2);
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return DATE_NO_SUCH;
	if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX)
		return DATE_RANGE;
	*day = date_from_civil(y, m, d);
	return DATE_OK;
}

void
date_format(long day, char out[DATE_LEN + 1])
{
	int	 y, m, d;

	date_to_civil(day, &y, &m, &d);
	/* Four digits of the year: the years allowed have no more. */
	y = ((y % 10000) + 10000) % 10000;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int
date_weekday(long day)
{
	/* 1970-01-01 was a Thursday (3). */
	return (int)(((day % 7) + 7 + 3) % 7);
}

long
date_today(void)
{
	time_t		 now = time(NULL);
	struct tm	 tm;

	if (now == (time_t)-1 || localtime_r(&now, &tm) == NULL)
		return date_from_civil(DATE_YEAR_MIN, 1, 1);
	return date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int
date_report_year(long day)
{
	int	 y, m, d;

	date_to_civil(day, &y, &m, &d);
	return m >= 4 ? y : y - 1;
}

int
date_report_quarter(long day)
{
	int	 y, m, d;

	date_to_civil(day, &y, &m, &d);
	return m >= 4 ? (m - 4) / 3 + 1 : 4;
}

long
date_period_first(int y, int q)
{
	if (q <= 1)
		return date_from_civil(y, 4, 1);
	if (q == 4)
		return date_from_civil(y + 1, 1, 1);
	return date_from_civil(y, 4 + (q - 1) * 3, 1);
}

long
date_period_last(int y, int q)
{
	if (q == 0 || q == 4)
		return date_from_civil(y + 1, 3, 31);
	return date_period_first(y, q + 1) - 1;
}

static int
cmp_long(const void *a, const void *b)
{
	long	 x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static int
is_holiday(const struct workdays *w, long day)
{
	return w->nholidays > 0 && bsearch(&day, w->holidays, w->nholidays,
	    sizeof(long), cmp_long) != NULL;
}

/* A working day by rule, without the table (outside its range). */
static int
rule_is_workday(const struct workdays *w, long day)
{
	return date_weekday(day) < 5 && !is_holiday(w, day);
}

int
workdays_init(struct workdays *w, const long *holidays, size_t n)
{
	size_t	 i;
	uint32_t count = 0;

	memset(w, 0, sizeof(*w));
	w->first = date_from_civil(DATE_YEAR_MIN, 1, 1);
	w->ndays = (size_t)(date_from_civil(DATE_YEAR_MAX + 1, 12, 31) -
	    w->first + 1);
	if (n > 0) {
		if ((w->holidays = malloc(n * sizeof(long))) == NULL)
			return -1;
		memcpy(w->holidays, holidays, n * sizeof(long));
		qsort(w->holidays, n, sizeof(long), cmp_long);
		w->nholidays = n;
	}
	if ((w->upto = malloc(w->ndays * sizeof(uint32_t))) == NULL ||
	    (w->work = malloc(w->ndays * sizeof(long))) == NULL)
		return -1;
	for (i = 0; i < w->ndays; i++) {
		if (rule_is_workday(w, w->first + (long)i)) {
			w->work[w->nwork++] = w->first + (long)i;
			count++;
		}
		w->upto[i] = count;
	}
	return 0;
}

void
workdays_free(struct workdays *w)
{
	free(w->upto);
	free(w->work);
	free(w->holidays);
	memset(w, 0, sizeof(*w));
}

static int
in_table(const struct workdays *w, long day)
{
	return w->upto != NULL && day >= w->first &&
	    day < w->first + (long)w->ndays;
}

int
workday_is(const struct workdays *w, long day)
{
	size_t	 i;

	if (!in_table(w, day))
		return rule_is_workday(w, day);
	i = (size_t)(day - w->first);
	return w->upto[i] - (i > 0 ? w->upto[i - 1] : 0) == 1;
}

long
workday_add(const struct workdays *w, long day, int n)
{
	size_t	 k;

	if (n <= 0)
		return day;
	if (in_table(w, day)) {
		/* work[upto[day]] is the first working day after day. */
		k = w->upto[day - w->first] + (size_t)n - 1;
		if (k < w->nwork)
			return w->work[k];
	}
	while (n > 0) {
		day++;
		if (workday_is(w, day))
			n--;
	}
	return day;
}

long
workday_count(const struct workdays *w, long a, long b)
{
	long	 n = 0, d;

	if (b < a)
		return -workday_count(w, b, a);
	if (in_table(w, a) && in_table(w, b))
		return (long)w->upto[b - w->first] -
		    (long)w->upto[a - w->first];
	for (d = a + 1; d <= b; d++)
		n += workday_is(w, d);
	return n;
}

/* Case-insensitive comparison of a header cell with name, spaces trimmed. */
static int
header_is(const struct csv_cell *c, const char *name)
{
	const char	*s = c->text;
	size_t		 n = c->len;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == strlen(name) && strncasecmp(s, name, n) == 0;
}

int
workdays_read(struct workdays *w, const char *content_dir, struct diag *d)
{
	struct csv_table t;
	struct buf	 file = BUF_INIT;
	const struct csv_row *row;
	const struct csv_cell *cell;
	long		*days = NULL, day;
	size_t		 i, j, n = 0, col = 0;
	int		 rc = 0;
	char		 text[DATE_LEN + 1];

	memset(w, 0, sizeof(*w));
	memset(&t, 0, sizeof(t));
	buf_printf(&file, "%s/holidays.csv", content_dir);
	if (file.err) {
		rc = -1;
		goto out;
	}
	if (csv_table_read(&t, buf_str(&file), &holiday_limits, d) == -1) {
		rc = -1;
		goto out;
	}
	if (t.nrows == 0) {
		diag_error(d, buf_str(&file), 0, 0, "the file is empty; start "
		    "it with the header row 'date,name' and list the bank "
		    "holidays under it");
		rc = -1;
		goto out;
	}
	row = &t.rows[0];
	for (col = 0; col < row->ncells && !header_is(&row->cells[col],
	    "date"); col++)
		;
	if (col == row->ncells) {
		diag_error(d, buf_str(&file), row->line, 1, "the header row "
		    "has no 'date' column; the first line should read "
		    "'date,name'");
		rc = -1;
		goto out;
	}
	if ((days = calloc(t.nrows, sizeof(long))) == NULL) {
		rc = -1;
		goto out;
	}
	for (i = 1; i < t.nrows; i++) {
		row = &t.rows[i];
		if (col >= row->ncells) {
			diag_error(d, buf_str(&file), row->line, col + 1,
			    "the row has no date; write the bank holiday as "
			    "YYYY-MM-DD");
			rc = -1;
			continue;
		}
		cell = &row->cells[col];
		switch (date_parse(cell->text, cell->len, &day)) {
		case DATE_OK:
			break;
		case DATE_SHAPE:
			diag_error(d, buf_str(&file), cell->line, col + 1,
			    "date is '%s'; write it as YYYY-MM-DD, such as "
			    "2025-12-25", cell->text);
			rc = -1;
			continue;
		case DATE_NO_SUCH:
			diag_error(d, buf_str(&file), cell->line, col + 1,
			    "date is '%s', a day that does not exist; check "
			    "the month and day", cell->text);
			rc = -1;
			continue;
		case DATE_RANGE:
			diag_error(d, buf_str(&file), cell->line, col + 1,
			    "date is '%s'; candour handles dates from %d to %d",
			    cell->text, DATE_YEAR_MIN, DATE_YEAR_MAX);
			rc = -1;
			continue;
		}
		if (date_weekday(day) >= 5) {
			diag_error(d, buf_str(&file), cell->line, col + 1,
			    "%s is a %s; list the weekday the holiday is taken "
			    "on instead (the substitute day)", cell->text,
			    weekdays[date_weekday(day)]);
			rc = -1;
			continue;
		}
		for (j = 0; j < n && days[j] != day; j++)
			;
		if (j < n) {
			date_format(day, text);
			diag_error(d, buf_str(&file), cell->line, col + 1,
			    "%s is listed twice; keep one row", text);
			rc = -1;
			continue;
		}
		days[n++] = day;
	}
	if (rc == 0 && workdays_init(w, days, n) == -1) {
		diag_error(d, buf_str(&file), 0, 0, "out of memory");
		rc = -1;
	}
out:
	csv_table_free(&t);
	buf_free(&file);
	free(days);
	return rc;
}
