/*
 * Unit tests of the complaint log's arithmetic: dates and working days
 * (with the real content/holidays.csv: run from the top of the tree), the
 * Complaint Handling Code's time limits, the figures of a small hand-worked
 * log (the expected numbers are worked out in the comments), small-number
 * suppression (primary, secondary, bounds, and an independent check that
 * no hidden count can be worked out), the import's every error message,
 * and import through a real log: upsert, idempotence, stage 2 lookups.
 * Prints "ok - NAME" or "not ok - NAME" per check; exits 1 if any failed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "figures.h"
#include "log.h"
#include "logimport.h"
#include "workdays.h"

static int failed;
static struct workdays ew;	/* England and Wales, content/holidays.csv */

static void
expect(const char *name, int cond)
{
	printf("%s - %s\n", cond ? "ok" : "not ok", name);
	if (!cond)
		failed = 1;
}

static void
expect_str(const char *name, const char *want, const char *got)
{
	if (strcmp(want, got) == 0) {
		printf("ok - %s\n", name);
		return;
	}
	printf("not ok - %s\n    want: %s\n    got:  %s\n", name, want, got);
	failed = 1;
}

static void
expect_long(const char *name, long want, long got)
{
	if (want == got) {
		printf("ok - %s\n", name);
		return;
	}
	printf("not ok - %s\n    want: %ld\n    got:  %ld\n", name, want, got);
	failed = 1;
}

/* The day number of "YYYY-MM-DD" (which must be a good date). */
static long
D(const char *s)
{
	long	 d = DATE_NONE;

	if (date_parse(s, strlen(s), &d) != DATE_OK) {
		printf("not ok - test date '%s' is a good date\n", s);
		failed = 1;
	}
	return d;
}

static void
expect_day(const char *name, const char *want, long got)
{
	char	 text[DATE_LEN + 1];

	date_format(got, text);
	expect_str(name, want, text);
}

static void
test_dates(void)
{
	long	 d;

	expect("date: 2024-02-29 exists", date_parse("2024-02-29", 10, &d) ==
	    DATE_OK);
	expect("date: 2025-02-29 does not", date_parse("2025-02-29", 10, &d) ==
	    DATE_NO_SUCH);
	expect("date: 2100-02-29 does not (not a leap year)",
	    date_parse("2100-02-29", 10, &d) != DATE_OK);
	expect("date: month 13 does not", date_parse("2024-13-01", 10, &d) ==
	    DATE_NO_SUCH);
	expect("date: 2024-4-1 is the wrong shape", date_parse("2024-4-1", 8,
	    &d) == DATE_SHAPE);
	expect("date: 30/04/2024 is the wrong shape",
	    date_parse("30/04/2024", 10, &d) == DATE_SHAPE);
	expect("date: 1999-12-31 is out of range",
	    date_parse("1999-12-31", 10, &d) == DATE_RANGE);
	expect_long("date: 1970-01-01 is day 0", 0, date_from_civil(1970, 1,
	    1));
	expect_long("date: 2024-04-01 is day 19814", 19814, D("2024-04-01"));
	expect_day("date: formats back", "2099-12-31", D("2099-12-31"));
	expect_long("date: 2025-12-25 is a Thursday", 3,
	    date_weekday(D("2025-12-25")));
	expect_long("date: 31 March 2025 is in 2024-25", 2024,
	    date_report_year(D("2025-03-31")));
	expect_long("date: ... in its Q4", 4,
	    date_report_quarter(D("2025-03-31")));
	expect_long("date: 1 April 2025 is in 2025-26 Q1", 2025 * 10 + 1,
	    date_report_year(D("2025-04-01")) * 10 +
	    date_report_quarter(D("2025-04-01")));
	expect_long("date: 1 October 2024 is in Q3", 3,
	    date_report_quarter(D("2024-10-01")));
	expect_day("date: Q4 of 2024-25 starts", "2025-01-01",
	    date_period_first(2024, 4));
	expect_day("date: Q2 of 2024-25 ends", "2024-09-30",
	    date_period_last(2024, 2));
}

static void
test_workdays(void)
{
	/* 24 Dec 2025 (Wed) + 5: 25 and 26 are bank holidays, then the
	 * weekend; 29, 30, 31 Dec; 1 Jan is a bank holiday; 2 Jan, 5 Jan. */
	expect_day("workdays: Christmas 2025", "2026-01-05",
	    workday_add(&ew, D("2025-12-24"), 5));
	/* Easter 2025: Good Friday 18 April, Easter Monday 21 April. */
	expect_day("workdays: Easter 2025, one day", "2025-04-22",
	    workday_add(&ew, D("2025-04-17"), 1));
	expect_day("workdays: Easter 2025, five days", "2025-04-25",
	    workday_add(&ew, D("2025-04-16"), 5));
	/* 2027: Christmas Day and Boxing Day fall at the weekend; the
	 * substitute days are Monday 27 and Tuesday 28 December. */
	expect_day("workdays: 2027 substitute days", "2027-12-29",
	    workday_add(&ew, D("2027-12-24"), 1));
	expect_day("workdays: 2027, to the year end", "2027-12-31",
	    workday_add(&ew, D("2027-12-24"), 3));
	/* 2026: Boxing Day is a Saturday; the substitute is Monday 28. */
	expect_day("workdays: 2026 Boxing Day substitute", "2026-12-30",
	    workday_add(&ew, D("2026-12-24"), 2));
	/* 2020: the early May bank holiday moved to Friday 8 May. */
	expect_day("workdays: VE Day 2020", "2020-05-11",
	    workday_add(&ew, D("2020-05-07"), 1));
	expect_day("workdays: from a Saturday", "2025-06-09",
	    workday_add(&ew, D("2025-06-07"), 1));
	expect_day("workdays: Friday + 5", "2025-06-13",
	    workday_add(&ew, D("2025-06-06"), 5));
	/* Over the reporting year end, no bank holiday in between. */
	expect_day("workdays: over 31 March", "2025-04-11",
	    workday_add(&ew, D("2025-03-28"), 10));
	expect_long("workdays: counted over Christmas 2025", 5,
	    workday_count(&ew, D("2025-12-24"), D("2026-01-05")));
	expect_long("workdays: none from a day to itself", 0,
	    workday_count(&ew, D("2025-06-02"), D("2025-06-02")));
	expect_long("workdays: Friday to Sunday is none", 0,
	    workday_count(&ew, D("2025-06-06"), D("2025-06-08")));
	expect_long("workdays: backwards is negative", -5,
	    workday_count(&ew, D("2026-01-05"), D("2025-12-24")));
	expect("workdays: 3 June 2022 (Platinum Jubilee) is a holiday",
	    !workday_is(&ew, D("2022-06-03")));
	expect("workdays: 19 September 2022 (State Funeral) is a holiday",
	    !workday_is(&ew, D("2022-09-19")));
	expect("workdays: 8 May 2023 (Coronation) is a holiday",
	    !workday_is(&ew, D("2023-05-08")));
	expect("workdays: 9 May 2023 is a working day",
	    workday_is(&ew, D("2023-05-09")));
}

/* Is day a working day, by the rule alone: no table, no binary search. */
static int
slow_is_workday(long day)
{
	size_t	 i;

	if (date_weekday(day) >= 5)
		return 0;
	for (i = 0; i < ew.nholidays; i++)
		if (ew.holidays[i] == day)
			return 0;
	return 1;
}

/* "n working days after day" by its definition: one day at a time. */
static long
slow_add(long day, int n)
{
	while (n > 0) {
		day++;
		if (slow_is_workday(day))
			n--;
	}
	return day;
}

/*
 * The fast paths against their definitions: workday_add and workday_count
 * (table look-ups) for every date of 2019 to 2027 and every n from 0 to
 * 30; date_parse (written position by position) against sscanf for every
 * day of the years allowed and every month and day number around them;
 * and figures' table of reporting years and quarters against
 * date_report_year and date_report_quarter.
 */
static void
test_fast_paths(void)
{
	struct figures	 f;
	char		 text[32];
	long		 day, first, last, got, bad = 0, days = 0;
	int		 n, y, m, d, want, q;
	size_t		 i;

	first = date_from_civil(2019, 1, 1);
	last = date_from_civil(2027, 12, 31);
	for (day = first; day <= last; day++) {
		if (workday_is(&ew, day) != slow_is_workday(day))
			bad++;
		for (n = 0; n <= 30; n++) {
			got = workday_add(&ew, day, n);
			if (got != slow_add(day, n) ||
			    workday_count(&ew, day, got) != n)
				bad++;
		}
		days++;
	}
	expect_long("fast paths: 2019 to 2027 has 3287 days", 3287, days);
	expect_long("fast paths: workday_add and workday_count, every day of "
	    "2019-2027, n 0 to 30, as stepping one day at a time", 0, bad);

	expect_long("fast paths: DATE_DAY_FIRST is 2000-01-01",
	    date_from_civil(DATE_YEAR_MIN, 1, 1), DATE_DAY_FIRST);
	expect_long("fast paths: DATE_DAY_LAST is 2099-12-31",
	    date_from_civil(DATE_YEAR_MAX, 12, 31), DATE_DAY_LAST);

	bad = 0;
	for (y = 1998; y <= 2101; y++)
		for (m = 0; m <= 13; m++)
			for (d = 0; d <= 32; d++) {
				snprintf(text, sizeof(text), "%04d-%02d-%02d",
				    y, m, d);
				if (m < 1 || m > 12 || d < 1 || d > (m == 2 ?
				    28 + (y % 4 == 0 && (y % 100 != 0 ||
				    y % 400 == 0)) : 30 + ((m + m / 8) % 2)))
					want = DATE_NO_SUCH;
				else if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX)
					want = DATE_RANGE;
				else
					want = DATE_OK;
				day = -1;
				if ((int)date_parse(text, 10, &day) != want ||
				    (want == DATE_OK && day !=
				    date_from_civil(y, m, d)))
					bad++;
			}
	expect_long("fast paths: date_parse of every month 0-13 and day 0-32 "
	    "of 1998-2101", 0, bad);

	bad = 0;
	for (day = DATE_DAY_FIRST; day <= DATE_DAY_LAST; day++) {
		date_format(day, text);
		if (date_parse(text, 10, &got) != DATE_OK || got != day)
			bad++;
		/* Every byte of it replaced by a byte that is not a digit
		 * (or, for the dashes, by a digit). */
		for (i = 0; i < 10; i++) {
			char	 keep = text[i];
			const char *other = i == 4 || i == 7 ? "05+ " :
			    "-/ :a\x7f\xb0";

			for (; *other != '\0'; other++) {
				text[i] = *other;
				if (date_parse(text, 10, &got) != DATE_SHAPE)
					bad++;
			}
			text[i] = keep;
		}
		if (date_parse(text, 9, &got) != DATE_SHAPE ||
		    date_parse(text, 11, &got) != DATE_SHAPE)
			bad++;
	}
	expect_long("fast paths: date_parse of every day of 2000-2099, and of "
	    "each with one byte wrong", 0, bad);

	bad = 0;
	if (figures_init(&f, 5) == -1) {
		expect("fast paths: figures_init", 0);
		return;
	}
	for (day = DATE_DAY_FIRST; day <= DATE_DAY_LAST; day++) {
		n = f.period_of[day - DATE_DAY_FIRST];
		y = n / 4 + DATE_YEAR_MIN - 1;
		q = n % 4 + 1;
		if (y != date_report_year(day) || q != date_report_quarter(day))
			bad++;
	}
	figures_free(&f);
	expect_long("fast paths: the reporting year and quarter of every day "
	    "of 2000-2099 from figures' table", 0, bad);
}

/* Read a holidays.csv with the text given; messages into *msgs. */
static int
read_holidays(const char *text, char **msgs)
{
	struct workdays	 w;
	struct diag	 d;
	char		 dir[] = "/tmp/candour-unit-XXXXXX", path[64];
	size_t		 n;
	FILE		*f, *m;
	int		 rc = -1;

	*msgs = NULL;
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/holidays.csv", dir);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
		m = open_memstream(msgs, &n);
		diag_init(&d, m);
		rc = workdays_read(&w, dir, &d);
		fclose(m);
		workdays_free(&w);
		unlink(path);
	}
	rmdir(dir);
	return rc;
}

static void
test_holiday_file(void)
{
	char	*m;
	char	 want[512];

	expect("holidays: a good file reads", read_holidays("date,name\n"
	    "2025-12-25,Christmas Day\n", &m) == 0 && strcmp(m, "") == 0);
	free(m);
	(void)read_holidays("Name,Date\nx,2026-12-26\nx,2026-12-28\n"
	    "x,2026-12-28\nx,2026-02-30\nx,26/12/2026\n", &m);
	snprintf(want, sizeof(want),
	    "%s:2:2: 2026-12-26 is a Saturday; list the weekday the holiday "
	    "is taken on instead (the substitute day)\n"
	    "%s:4:2: 2026-12-28 is listed twice; keep one row\n"
	    "%s:5:2: date is '2026-02-30', a day that does not exist; check "
	    "the month and day\n"
	    "%s:6:2: date is '26/12/2026'; write it as YYYY-MM-DD, such as "
	    "2025-12-25\n", "X", "X", "X", "X");
	/* The folder's name is random: compare from the first ':'. */
	{
		struct buf got = BUF_INIT;
		const char *p = m ? m : "";
		while (*p != '\0') {
			const char *colon = strstr(p, "holidays.csv:");
			const char *nl = strchr(p, '\n');
			if (colon == NULL || nl == NULL)
				break;
			buf_puts(&got, "X:");
			buf_put(&got, colon + 13, (size_t)(nl - colon - 12));
			p = nl + 1;
		}
		expect_str("holidays: weekend, repeated, impossible and "
		    "misshapen dates", want, buf_str(&got));
		buf_free(&got);
	}
	free(m);
	(void)read_holidays("day,name\n2025-12-25,x\n", &m);
	expect("holidays: no date column", strstr(m, ":1:1: the header row "
	    "has no 'date' column; the first line should read 'date,name'") !=
	    NULL);
	free(m);
}

static void
test_code_limits(void)
{
	/* Stage 1 received Monday 2 June 2025: acknowledge by 9 June (3, 4,
	 * 5, 6, 9); acknowledged 3 June, answer by 17 June (4, 5, 6, 9, 10,
	 * 11, 12, 13, 16, 17); the longest extension reaches 1 July (18, 19,
	 * 20, 23, 24, 25, 26, 27, 30 June, 1 July). */
	long	 rec = D("2025-06-02"), ack = D("2025-06-03");
	int	 too_long;

	expect_day("code: acknowledge by", "2025-06-09",
	    code_ack_by(&ew, rec));
	expect_day("code: stage 1 answer by", "2025-06-17",
	    code_response_by(&ew, 1, rec, ack, DATE_NONE, 0, NULL));
	expect("code: answered on the last day is on time",
	    code_on_time(&ew, 1, rec, ack, DATE_NONE, 0, D("2025-06-17")));
	expect("code: a day later is late",
	    !code_on_time(&ew, 1, rec, ack, DATE_NONE, 0, D("2025-06-18")));
	expect("code: acknowledged on the 5th working day is on time",
	    code_on_time(&ew, 1, rec, D("2025-06-09"), DATE_NONE, 0,
	    D("2025-06-10")));
	expect("code: acknowledged on the 6th working day is late",
	    !code_on_time(&ew, 1, rec, D("2025-06-10"), DATE_NONE, 0,
	    D("2025-06-11")));
	expect("code: not acknowledged, answered by day 5: on time",
	    code_on_time(&ew, 1, rec, DATE_NONE, DATE_NONE, 0,
	    D("2025-06-06")));
	expect("code: not acknowledged, answered on day 6: late",
	    !code_on_time(&ew, 1, rec, DATE_NONE, DATE_NONE, 0,
	    D("2025-06-10")));
	expect("code: extended 10 days with a reason, answered then: on time",
	    code_on_time(&ew, 1, rec, ack, D("2025-07-01"), 1,
	    D("2025-07-01")));
	expect("code: extended with no reason: late",
	    !code_on_time(&ew, 1, rec, ack, D("2025-07-01"), 0,
	    D("2025-07-01")));
	expect("code: extended 11 days: late after the first limit",
	    !code_on_time(&ew, 1, rec, ack, D("2025-07-02"), 1,
	    D("2025-07-01")));
	expect("code: extended 11 days, answered in the first limit: on time",
	    code_on_time(&ew, 1, rec, ack, D("2025-07-02"), 1,
	    D("2025-06-17")));
	(void)code_response_by(&ew, 1, rec, ack, D("2025-07-02"), 1,
	    &too_long);
	expect("code: an extension of 11 days is too long", too_long);
	/* Stage 2 acknowledged Friday 6 June: answer by 4 July (20 working
	 * days), extended at most to 1 August (20 more). */
	expect_day("code: stage 2 answer by", "2025-07-04",
	    code_response_by(&ew, 2, rec, D("2025-06-06"), DATE_NONE, 0,
	    NULL));
	expect("code: stage 2 on day 20 is on time", code_on_time(&ew, 2, rec,
	    D("2025-06-06"), DATE_NONE, 0, D("2025-07-04")));
	expect("code: stage 2 on day 21 is late", !code_on_time(&ew, 2, rec,
	    D("2025-06-06"), DATE_NONE, 0, D("2025-07-07")));
	expect("code: stage 2 extended 20 days: on time", code_on_time(&ew, 2,
	    rec, D("2025-06-06"), D("2025-08-01"), 1, D("2025-08-01")));
	expect("code: stage 2 extended 21 days: late", !code_on_time(&ew, 2,
	    rec, D("2025-06-06"), D("2025-08-04"), 1, D("2025-08-04")));
	/* Over Christmas 2025: received Monday 22 December, acknowledge by
	 * 31 December (23, 24, 29, 30, 31). */
	expect_day("code: acknowledge by, over Christmas", "2025-12-31",
	    code_ack_by(&ew, D("2025-12-22")));
	expect_long("rate: 1/8 = 12.5%", 125, figures_rate10(1, 8, 100));
	expect_long("rate: 73/80 = 91.25% rounds half up to 91.3", 913,
	    figures_rate10(73, 80, 100));
	expect_long("rate: 2/3 = 66.7%", 667, figures_rate10(2, 3, 100));
	expect_long("rate: 1/6 = 16.7%", 167, figures_rate10(1, 6, 100));
	expect_long("rate: 162 per 4,210 homes = 38.5 per 1,000", 385,
	    figures_rate10(162, 4210, 1000));
	expect_long("rate: 1 in 2,000 homes = 0.5 per 1,000", 5,
	    figures_rate10(1, 2000, 1000));
}

/* A stage 1 fact of LCRA by phone about repairs. */
static struct log_fact
fact(int stage, const char *rec, const char *ack, const char *ext,
    int reason, const char *resp, enum log_outcome o)
{
	struct log_fact	 f;

	memset(&f, 0, sizeof(f));
	f.stage = stage;
	f.tenure = LOG_TENURE_LCRA;
	f.channel = LOG_CHANNEL_PHONE;
	f.category = LOG_CATEGORY_REPAIRS;
	f.received = D(rec);
	f.acknowledged = ack ? D(ack) : DATE_NONE;
	f.extended_to = ext ? D(ext) : DATE_NONE;
	f.has_reason = reason;
	f.responded = resp ? D(resp) : DATE_NONE;
	f.outcome = o;
	return f;
}

static void
test_hand_worked(void)
{
	/*
	 * A hand-worked log (all LCRA, all April to June 2024):
	 *  1 rec 2 Apr, ack 3 Apr, ans 10 Apr, upheld: on time; 6 days
	 *    (3, 4, 5, 8, 9, 10 Apr)
	 *  2 rec 2 Apr, ack 10 Apr (limit 9 Apr), ans 12 Apr, not upheld:
	 *    late; 8 days
	 *  3 rec 1 May, ack 2 May, extended to 29 May with a reason (limit
	 *    17 May: 6 May is a bank holiday; extension up to 3 June: 27 May
	 *    is one), ans 28 May, upheld: on time; 17 days
	 *  4 as 3 but extended to 5 June (too long), ans 31 May, not
	 *    upheld: late; 20 days
	 *  5 as 3 but the extension has no reason, upheld: late; 17 days
	 *  6 rec 3 Jun, not acknowledged, ans 7 Jun, upheld: on time (the
	 *    answer is the acknowledgement, by 10 Jun); 4 days
	 *  7 rec 3 Jun, not acknowledged, ans 11 Jun, not upheld: late; 6
	 *  8 rec 3 Jun, refused 4 Jun (over 12 months): not received
	 *  9 rec 3 Jun, withdrawn 20 Jun
	 * 10 rec 4 Jun, open
	 * 11 stage 2 of 1: rec 15 Apr, ack 19 Apr, ans 17 May (limit 20 May:
	 *    20 working days from 19 Apr), upheld: on time; 23 days
	 * Stage 1: received 9 (1-7, 9, 10), answered 7, on time 3 (1, 3,
	 * 6): CH02 42.9%; per 1,000 of 1,000 homes: 9.0. Answer times 4, 6,
	 * 6, 8, 17, 17, 20: median 8. Upheld 5 (1, 3, 5, 6, 11), not
	 * upheld 3, withdrawn 1, refused 1.
	 */
	struct figures	 f;
	struct log_fact	 x[] = {
		fact(1, "2024-04-02", "2024-04-03", NULL, 0, "2024-04-10",
		    LOG_OUTCOME_UPHELD),
		fact(1, "2024-04-02", "2024-04-10", NULL, 0, "2024-04-12",
		    LOG_OUTCOME_NOT_UPHELD),
		fact(1, "2024-05-01", "2024-05-02", "2024-05-29", 1,
		    "2024-05-28", LOG_OUTCOME_UPHELD),
		fact(1, "2024-05-01", "2024-05-02", "2024-06-05", 1,
		    "2024-05-31", LOG_OUTCOME_NOT_UPHELD),
		fact(1, "2024-05-01", "2024-05-02", "2024-05-29", 0,
		    "2024-05-28", LOG_OUTCOME_UPHELD),
		fact(1, "2024-06-03", NULL, NULL, 0, "2024-06-07",
		    LOG_OUTCOME_UPHELD),
		fact(1, "2024-06-03", NULL, NULL, 0, "2024-06-11",
		    LOG_OUTCOME_NOT_UPHELD),
		fact(1, "2024-06-03", NULL, NULL, 0, "2024-06-04",
		    LOG_OUTCOME_REFUSED),
		fact(1, "2024-06-03", "2024-06-04", NULL, 0, "2024-06-20",
		    LOG_OUTCOME_WITHDRAWN),
		fact(1, "2024-06-04", NULL, NULL, 0, NULL, LOG_OUTCOME_OPEN),
		fact(2, "2024-04-15", "2024-04-19", NULL, 0, "2024-05-17",
		    LOG_OUTCOME_UPHELD),
	};
	const struct fig_period *p;
	size_t	 i;
	int	 ok = 1;

	x[7].reason = LOG_REASON_OLD;
	figures_init(&f, 2);
	for (i = 0; i < sizeof(x) / sizeof(x[0]); i++)
		ok &= figures_add(&f, &ew, &x[i]) == 0;
	ok &= figures_finish(&f) == 0;
	expect("hand-worked: counted", ok && f.nyears == 1);
	if (f.nyears != 1) {
		figures_free(&f);
		return;
	}
	expect_long("hand-worked: the year is 2024-25", 2024, f.years[0].year);
	expect_long("hand-worked: only Q1 is published", 1,
	    f.years[0].nquarters);
	p = &f.years[0].p[0];
	expect_long("hand-worked: stage 1 received", 9,
	    p->c[FIG_S1_RECEIVED][FIG_LCRA].value);
	expect_long("hand-worked: stage 2 received", 1,
	    p->c[FIG_S2_RECEIVED][FIG_LCRA].value);
	expect_long("hand-worked: stage 1 answered", 7,
	    p->c[FIG_S1_RESPONDED][FIG_LCRA].value);
	expect_long("hand-worked: stage 1 on time", 3,
	    p->c[FIG_S1_ON_TIME][FIG_LCRA].value);
	expect_long("hand-worked: stage 2 on time", 1,
	    p->c[FIG_S2_ON_TIME][FIG_LCRA].value);
	expect_long("hand-worked: upheld", 5, p->c[FIG_UPHELD][FIG_LCRA].value);
	expect_long("hand-worked: not upheld", 3,
	    p->c[FIG_NOT_UPHELD][FIG_LCRA].value);
	expect_long("hand-worked: withdrawn", 1,
	    p->c[FIG_WITHDRAWN][FIG_LCRA].value);
	expect_long("hand-worked: refused", 1, p->c[FIG_REFUSED][FIG_LCRA].value);
	expect_long("hand-worked: refused as over 12 months", 1,
	    p->c[FIG_REASON + LOG_REASON_OLD][FIG_LCRA].value);
	expect_long("hand-worked: by phone", 9,
	    p->c[FIG_CHANNEL + LOG_CHANNEL_PHONE][FIG_ALL].value);
	expect_long("hand-worked: none from the kiosk", 0,
	    p->c[FIG_FROM_KIOSK][FIG_ALL].value);
	expect_long("hand-worked: the quarter is the year", 9,
	    f.years[0].p[1].c[FIG_S1_RECEIVED][FIG_LCRA].value);
	expect_long("hand-worked: all is LCRA + LCHO", 9,
	    p->c[FIG_S1_RECEIVED][FIG_ALL].value);
	expect_long("hand-worked: CH02 stage 1 = 42.9%", 429,
	    figures_rate10(3, 7, 100));
	expect_long("hand-worked: CH01 stage 1 per 1,000 of 1,000 homes", 90,
	    figures_rate10(p->c[FIG_S1_RECEIVED][FIG_LCRA].value, 1000,
	    1000));
	expect_long("hand-worked: median stage 1 days (twice) = 16", 16,
	    p->median2[0][FIG_LCRA]);
	expect_long("hand-worked: median stage 2 days (twice) = 46", 46,
	    p->median2[1][FIG_LCRA]);
	figures_suppress(&f);
	expect("hand-worked: threshold 2 hides the 1s",
	    p->c[FIG_S2_RECEIVED][FIG_LCRA].state == FIG_PRIMARY &&
	    p->c[FIG_WITHDRAWN][FIG_LCRA].state == FIG_PRIMARY &&
	    p->c[FIG_S1_RECEIVED][FIG_LCRA].state == FIG_SHOWN);
	figures_free(&f);
}

/* n copies of a stage 1 received fact, tenure t, in month m of 2024. */
static int
add_received(struct figures *f, int n, enum log_tenure t, int month,
    enum log_channel ch)
{
	struct log_fact	 x;
	char		 day[16];
	int		 i;

	snprintf(day, sizeof(day), "%04d-%02d-03", month < 4 ? 2025 : 2024,
	    month);
	x = fact(1, day, NULL, NULL, 0, NULL, LOG_OUTCOME_OPEN);
	x.tenure = t;
	x.channel = ch;
	for (i = 0; i < n; i++)
		if (figures_add(f, &ew, &x) == -1)
			return -1;
	return 0;
}

static enum fig_state
state(const struct figures *f, int q, enum fig_count k, int t)
{
	return f->years[0].p[q].c[k][t].state;
}

/*
 * The relations the site publishes, written out again here, and an exact
 * test that no hidden cell is determined by them: a cell is determined
 * when adding its unit vector to the relations (restricted to the hidden
 * cells) does not raise their rank.
 */
#define T_CELLS (5 * FIG_COUNT__MAX * FIG_TENURE__MAX)
#define T_ID(p, k, t) (((size_t)(p) * FIG_COUNT__MAX + (k)) * \
	FIG_TENURE__MAX + (t))

/*
 * Reduce m (rows by cols) to echelon form in place; pivot[r] is row r's
 * pivot column. Returns the rank.
 */
static size_t
echelon(double *m, size_t rows, size_t cols, size_t *pivot)
{
	size_t	 r = 0, c, i, j, best;
	double	 f;

	for (c = 0; c < cols && r < rows; c++) {
		for (best = r, i = r; i < rows; i++)
			if (fabs(m[i * cols + c]) > fabs(m[best * cols + c]))
				best = i;
		if (fabs(m[best * cols + c]) < 1e-9)
			continue;
		for (j = 0; j < cols; j++) {
			f = m[r * cols + j];
			m[r * cols + j] = m[best * cols + j];
			m[best * cols + j] = f;
		}
		for (i = r + 1; i < rows; i++) {
			f = m[i * cols + c] / m[r * cols + c];
			for (j = c; j < cols; j++)
				m[i * cols + j] -= f * m[r * cols + j];
		}
		pivot[r++] = c;
	}
	return r;
}

/* Is the unit vector of column i in the span of the echelon rows? */
static int
in_span(const double *m, size_t rank, size_t cols, const size_t *pivot,
    size_t i, double *v)
{
	size_t	 r, j;
	double	 f;

	memset(v, 0, cols * sizeof(*v));
	v[i] = 1;
	for (r = 0; r < rank; r++) {
		if (fabs(v[pivot[r]]) < 1e-9)
			continue;
		f = v[pivot[r]] / m[r * cols + pivot[r]];
		for (j = pivot[r]; j < cols; j++)
			v[j] -= f * m[r * cols + j];
	}
	for (j = 0; j < cols; j++)
		if (fabs(v[j]) > 1e-9)
			return 0;
	return 1;
}

static size_t
add_row(double *rows, size_t n, const size_t *col, size_t ncols,
    const size_t *cells, const int *signs, size_t k)
{
	size_t	 i, any = 0;

	memset(rows + n * ncols, 0, ncols * sizeof(double));
	for (i = 0; i < k; i++)
		if (col[cells[i]] != (size_t)-1) {
			rows[n * ncols + col[cells[i]]] += signs[i];
			any = 1;
		}
	return n + any;
}

/* How many hidden cells of year 0 the published ones give away. */
static size_t
recoverable(const struct figures *f)
{
	const struct fig_year *y = &f->years[0];
	size_t	*col, *hidden, *pivot, nh = 0, nrows = 0, i, k, t, bad = 0;
	size_t	 r0;
	size_t	 cells[16];
	int	 signs[16], p, q, nq = y->nquarters;
	double	*m, *m2;

	col = calloc(T_CELLS, sizeof(*col));
	hidden = calloc(T_CELLS, sizeof(*hidden));
	pivot = calloc(T_CELLS, sizeof(*pivot));
	m = calloc(1000 * T_CELLS, sizeof(*m));
	m2 = calloc(T_CELLS, sizeof(*m2));
	if (col == NULL || hidden == NULL || pivot == NULL || m == NULL ||
	    m2 == NULL)
		return T_CELLS;
	for (p = 0; p <= nq; p++)
		for (k = 0; k < FIG_COUNT__MAX; k++)
			for (t = 0; t < FIG_TENURE__MAX; t++) {
				col[T_ID(p, k, t)] = (size_t)-1;
				if (y->p[p].c[k][t].state != FIG_SHOWN) {
					col[T_ID(p, k, t)] = nh;
					hidden[nh++] = T_ID(p, k, t);
				}
			}
	for (p = nq + 1; p <= 4; p++)
		for (k = 0; k < FIG_COUNT__MAX * FIG_TENURE__MAX; k++)
			col[(size_t)p * FIG_COUNT__MAX * FIG_TENURE__MAX + k] =
			    (size_t)-1;
	for (p = 0; p <= nq; p++)
		for (k = 0; k < FIG_COUNT__MAX; k++) {
			/* all = LCRA + LCHO */
			cells[0] = T_ID(p, k, FIG_ALL);
			cells[1] = T_ID(p, k, FIG_LCRA);
			cells[2] = T_ID(p, k, FIG_LCHO);
			signs[0] = 1;
			signs[1] = signs[2] = -1;
			nrows = add_row(m, nrows, col, nh, cells, signs, 3);
		}
	for (k = 0; k < FIG_COUNT__MAX; k++)
		for (t = 0; t < FIG_TENURE__MAX; t++) {
			/* the year = its quarters */
			cells[0] = T_ID(0, k, t);
			signs[0] = 1;
			for (q = 1; q <= nq; q++) {
				cells[q] = T_ID(q, k, t);
				signs[q] = -1;
			}
			nrows = add_row(m, nrows, col, nh, cells, signs,
			    (size_t)nq + 1);
		}
	for (p = 0; p <= nq; p++)
		for (t = 0; t < FIG_TENURE__MAX; t++) {
			size_t	 parts[3] = { LOG_CHANNEL__MAX,
			    LOG_CATEGORY__MAX, LOG_REASON__MAX };
			size_t	 first[3] = { FIG_CHANNEL, FIG_CATEGORY,
			    FIG_REASON };
			size_t	 total[3] = { FIG_S1_RECEIVED, FIG_S1_RECEIVED,
			    FIG_REFUSED };
			size_t	 g;
			for (g = 0; g < 3; g++) {
				cells[0] = T_ID(p, total[g], t);
				signs[0] = -1;
				for (i = 0; i < parts[g]; i++) {
					cells[i + 1] = T_ID(p, first[g] + i, t);
					signs[i + 1] = 1;
				}
				nrows = add_row(m, nrows, col, nh, cells, signs,
				    parts[g] + 1);
			}
			cells[0] = T_ID(p, FIG_UPHELD, t);
			cells[1] = T_ID(p, FIG_NOT_UPHELD, t);
			cells[2] = T_ID(p, FIG_S1_RESPONDED, t);
			cells[3] = T_ID(p, FIG_S2_RESPONDED, t);
			signs[0] = signs[1] = 1;
			signs[2] = signs[3] = -1;
			nrows = add_row(m, nrows, col, nh, cells, signs, 4);
			cells[0] = T_ID(p, FIG_FROM_KIOSK, t);
			cells[1] = T_ID(p, FIG_CHANNEL + LOG_CHANNEL_KIOSK, t);
			signs[0] = 1;
			signs[1] = -1;
			nrows = add_row(m, nrows, col, nh, cells, signs, 2);
		}
	if (nh > 0) {
		r0 = echelon(m, nrows, nh, pivot);
		for (i = 0; i < nh; i++)
			if (in_span(m, r0, nh, pivot, i, m2))
				bad++;
	}
	free(col);
	free(hidden);
	free(pivot);
	free(m);
	free(m2);
	return bad;
}

static void
test_suppression(void)
{
	struct figures	 f;
	unsigned long	 seed = 12345;
	int		 i, ok, round, m;

	/* 20 LCRA and 3 LCHO in April: LCHO is under 5; all (23) would give
	 * it away, so all is hidden, not LCRA (which the Regulator asks
	 * for). The same for the phone and repairs cells they add up to. */
	figures_init(&f, 5);
	ok = add_received(&f, 20, LOG_TENURE_LCRA, 4, LOG_CHANNEL_PHONE) == 0 &&
	    add_received(&f, 3, LOG_TENURE_LCHO, 4, LOG_CHANNEL_PHONE) == 0 &&
	    figures_finish(&f) == 0;
	figures_suppress(&f);
	expect("suppress: 3 is primary", ok && state(&f, 0, FIG_S1_RECEIVED,
	    FIG_LCHO) == FIG_PRIMARY && state(&f, 1, FIG_S1_RECEIVED,
	    FIG_LCHO) == FIG_PRIMARY);
	expect("suppress: the total that gives it away is hidden",
	    state(&f, 0, FIG_S1_RECEIVED, FIG_ALL) == FIG_SECONDARY &&
	    state(&f, 1, FIG_S1_RECEIVED, FIG_ALL) == FIG_SECONDARY);
	expect("suppress: LCRA stays published",
	    state(&f, 0, FIG_S1_RECEIVED, FIG_LCRA) == FIG_SHOWN);
	expect("suppress: the phone and repairs totals are hidden too",
	    state(&f, 0, FIG_CHANNEL + LOG_CHANNEL_PHONE, FIG_ALL) ==
	    FIG_SECONDARY && state(&f, 0, FIG_CATEGORY + LOG_CATEGORY_REPAIRS,
	    FIG_ALL) == FIG_SECONDARY);
	expect("suppress: zero is shown", state(&f, 0, FIG_FROM_KIOSK,
	    FIG_LCHO) == FIG_SHOWN && f.years[0].p[0].c[FIG_FROM_KIOSK][
	    FIG_LCHO].value == 0);
	expect_long("suppress: nothing can be worked out (tenures)", 0,
	    (long)recoverable(&f));
	figures_free(&f);

	/* 3 in April (Q1) and 30 in July (Q2): the year (33) and Q2 would
	 * give Q1 away; Q2 is hidden, the year stays. */
	figures_init(&f, 5);
	ok = add_received(&f, 3, LOG_TENURE_LCRA, 4, LOG_CHANNEL_PHONE) == 0 &&
	    add_received(&f, 30, LOG_TENURE_LCRA, 7, LOG_CHANNEL_PHONE) == 0 &&
	    figures_finish(&f) == 0;
	figures_suppress(&f);
	expect("suppress: two quarters published", ok &&
	    f.years[0].nquarters == 2);
	expect("suppress: Q1's 3 is primary", state(&f, 1, FIG_S1_RECEIVED,
	    FIG_LCRA) == FIG_PRIMARY);
	expect("suppress: Q2 is hidden, so Q1 cannot be worked out",
	    state(&f, 2, FIG_S1_RECEIVED, FIG_LCRA) == FIG_SECONDARY);
	expect("suppress: the year stays published", state(&f, 0,
	    FIG_S1_RECEIVED, FIG_LCRA) == FIG_SHOWN);
	expect_long("suppress: nothing can be worked out (quarters)", 0,
	    (long)recoverable(&f));
	figures_free(&f);

	/* 10 by phone, 1 by email, 1 by letter: the two hidden ones add up
	 * to 2, so each must be 1; the bounds give them away, so the phone
	 * count is hidden as well. */
	figures_init(&f, 5);
	ok = add_received(&f, 10, LOG_TENURE_LCRA, 4, LOG_CHANNEL_PHONE) == 0 &&
	    add_received(&f, 1, LOG_TENURE_LCRA, 4, LOG_CHANNEL_EMAIL) == 0 &&
	    add_received(&f, 1, LOG_TENURE_LCRA, 4, LOG_CHANNEL_LETTER) == 0 &&
	    figures_finish(&f) == 0;
	figures_suppress(&f);
	expect("suppress: two 1s adding up to 2 are not enough", ok &&
	    state(&f, 0, FIG_CHANNEL + LOG_CHANNEL_EMAIL, FIG_LCRA) ==
	    FIG_PRIMARY && state(&f, 0, FIG_CHANNEL + LOG_CHANNEL_PHONE,
	    FIG_LCRA) == FIG_SECONDARY);
	expect("suppress: received stays published", state(&f, 0,
	    FIG_S1_RECEIVED, FIG_LCRA) == FIG_SHOWN);
	figures_free(&f);

	/* Many random small logs: nothing hidden can ever be worked out. */
	for (ok = 1, round = 0; round < 40; round++) {
		figures_init(&f, 5);
		for (i = 0; i < 60; i++) {
			struct log_fact x;
			char day[16];
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			m = (int)(seed >> 33) % 12 + 1;
			snprintf(day, sizeof(day), "%04d-%02d-%02d", m < 4 ?
			    2025 : 2024, m, (int)(seed >> 40) % 27 + 1);
			x = fact(1 + ((seed >> 20) % 7 == 0), day, day, NULL,
			    0, (seed >> 24) % 3 ? day : NULL, (seed >> 24) % 3 ?
			    ((seed >> 26) % 2 ? LOG_OUTCOME_UPHELD :
			    LOG_OUTCOME_NOT_UPHELD) : LOG_OUTCOME_OPEN);
			x.tenure = (seed >> 30) % 5 == 0 ? LOG_TENURE_LCHO :
			    LOG_TENURE_LCRA;
			x.channel = (enum log_channel)((seed >> 36) %
			    LOG_CHANNEL__MAX);
			x.category = (enum log_category)((seed >> 44) %
			    LOG_CATEGORY__MAX);
			if ((seed >> 50) % 11 == 0) {
				x.outcome = LOG_OUTCOME_REFUSED;
				x.responded = x.received;
				x.reason = (enum log_reason)((seed >> 52) %
				    LOG_REASON__MAX);
			}
			if (figures_add(&f, &ew, &x) == -1)
				ok = 0;
		}
		if (figures_finish(&f) == -1)
			ok = 0;
		figures_suppress(&f);
		if (f.nyears > 0 && recoverable(&f) != 0) {
			printf("    round %d: a hidden count can be worked out\n",
			    round);
			ok = 0;
		}
		figures_free(&f);
	}
	expect("suppress: 40 random logs, nothing hidden can be worked out",
	    ok);
}

/* Import text with no log; the messages into *msgs (caller frees). */
static int
import(const char *text, char **msgs)
{
	struct import	 im;
	struct diag	 d;
	size_t		 n;
	FILE		*f = open_memstream(msgs, &n);
	int		 rc;

	diag_init(&d, f);
	rc = import_read(&im, text, strlen(text), "x.csv", NULL, &d);
	diag_flush(&d);
	fclose(f);
	import_free(&im);
	return rc;
}

#define HEADER "reference,stage,received,acknowledged,extended_to," \
	"extension_reason,responded,outcome,refusal_reason,channel,tenure," \
	"scheme,category\n"

static void
test_import_errors(void)
{
	static const struct {
		const char	*name;
		const char	*row;	/* after HEADER */
		const char	*want;
	} cases[] = {
	{ "a date that does not exist",
	  "HH-1,1,2025-02-30,,,,,,,phone,LCRA,,repairs\n",
	  "x.csv:2:3: received is '2025-02-30', a date that does not exist; "
	  "check the month and day\n" },
	{ "a date in another shape",
	  "HH-1,1,02/06/2025,,,,,,,phone,LCRA,,repairs\n",
	  "x.csv:2:3: received is '02/06/2025'; write dates as YYYY-MM-DD, "
	  "such as 2024-04-30\n" },
	{ "acknowledged before received",
	  "HH-1,1,2025-06-10,2025-06-09,,,,,,phone,LCRA,,repairs\n",
	  "x.csv:2:4: acknowledged (2025-06-09) is before received "
	  "(2025-06-10); check both dates\n" },
	{ "responded before acknowledged",
	  "HH-1,1,2025-06-02,2025-06-05,,,2025-06-04,upheld,,phone,LCRA,,"
	  "repairs\n",
	  "x.csv:2:7: responded (2025-06-04) is before acknowledged "
	  "(2025-06-05); check both dates\n" },
	{ "an extension without a reason",
	  "HH-1,1,2025-06-02,2025-06-03,2025-06-30,,,,,phone,LCRA,,repairs\n",
	  "x.csv:2:5: extended_to is given but extension_reason is empty; "
	  "record why the response was extended\n" },
	{ "a reason without an extension",
	  "HH-1,1,2025-06-02,,,waiting,,,,phone,LCRA,,repairs\n",
	  "x.csv:2:6: extension_reason is given but extended_to is empty; "
	  "give the date the response was extended to, or clear the "
	  "reason\n" },
	{ "an unknown outcome",
	  "HH-1,1,2025-06-02,,,,2025-06-04,partly upheld,,phone,LCRA,,"
	  "repairs\n",
	  "x.csv:2:8: outcome is 'partly upheld'; use upheld, not upheld, "
	  "withdrawn or refused, or leave it empty while the complaint is "
	  "open\n" },
	{ "refused without a reason",
	  "HH-1,1,2025-06-02,,,,2025-06-04,refused,,phone,LCRA,,repairs\n",
	  "x.csv:2:9: outcome is refused but refusal_reason is empty; give "
	  "the reason: over 12 months, legal proceedings, already "
	  "considered, service request or other\n" },
	{ "an unknown refusal reason",
	  "HH-1,1,2025-06-02,,,,2025-06-04,refused,rude,phone,LCRA,,repairs\n",
	  "x.csv:2:9: refusal_reason is 'rude'; use over 12 months, legal "
	  "proceedings, already considered, service request or other\n" },
	{ "a refusal reason without a refusal",
	  "HH-1,1,2025-06-02,,,,,,other,phone,LCRA,,repairs\n",
	  "x.csv:2:9: refusal_reason is given but outcome is not refused; "
	  "clear it, or set outcome to refused\n" },
	{ "an outcome without a date",
	  "HH-1,1,2025-06-02,,,,,withdrawn,,phone,LCRA,,repairs\n",
	  "x.csv:2:7: outcome is 'withdrawn' but responded is empty; give "
	  "the date it was withdrawn\n" },
	{ "a date without an outcome",
	  "HH-1,1,2025-06-02,,,,2025-06-03,,,phone,LCRA,,repairs\n",
	  "x.csv:2:8: responded is given but outcome is empty; give the "
	  "outcome (upheld, not upheld, withdrawn or refused)\n" },
	{ "an unknown tenure",
	  "HH-1,1,2025-06-02,,,,,,,phone,GN,,repairs\n",
	  "x.csv:2:11: tenure is 'GN'; use LCRA or LCHO (LCRA low-cost "
	  "rental, LCHO low-cost home ownership)\n" },
	{ "an unknown channel",
	  "HH-1,1,2025-06-02,,,,,,,fax,LCRA,,repairs\n",
	  "x.csv:2:10: channel is 'fax'; use kiosk, phone, email, letter, in "
	  "person, web, social media, third party or other\n" },
	{ "an unknown category",
	  "HH-1,1,2025-06-02,,,,,,,phone,LCRA,,roofs\n",
	  "x.csv:2:13: category is 'roofs'; use repairs, damp and mould, "
	  "anti-social behaviour, neighbourhood, rent and charges, staff and "
	  "communication, support services, safety or other\n" },
	{ "a stage that is not 1 or 2",
	  "HH-1,3,2025-06-02,,,,,,,phone,LCRA,,repairs\n",
	  "x.csv:2:2: stage is '3'; use 1 or 2\n" },
	{ "an empty reference",
	  ",1,2025-06-02,,,,,,,phone,LCRA,,repairs\n",
	  "x.csv:2:1: reference is empty; give the complaint's reference from "
	  "the case system\n" },
	{ "a reference with a space",
	  "HH 1,1,2025-06-02,,,,,,,phone,LCRA,,repairs\n",
	  "x.csv:2:1: reference 'HH 1' has a character other than letters, "
	  "digits, '-', '/', '_' and '.'; write it as the case system does\n" },
	{ "a date out of range",
	  "HH-1,1,1999-06-02,,,,,,,phone,LCRA,,repairs\n",
	  "x.csv:2:3: received is '1999-06-02'; candour takes dates from 2000 "
	  "to 2099\n" },
	{ "a stage 2 with no stage 1",
	  "HH-1,2,2025-06-02,,,,,,,,,,\n",
	  "x.csv:2: stage 2 of 'HH-1' has no stage 1 in this file; add the "
	  "stage 1 row\n" },
	{ "a stage 2 before its stage 1",
	  "HH-1,1,2025-06-02,,,,2025-06-04,upheld,,phone,LCRA,,repairs\n"
	  "HH-1,2,2025-05-02,,,,,,,,,,\n",
	  "x.csv:3: stage 2 of 'HH-1' was received (2025-05-02) before stage "
	  "1 (2025-06-02); for stage 2, received is the date the escalation "
	  "was asked for\n" },
	{ "a stage given twice",
	  "HH-1,1,2025-06-02,,,,,,,phone,LCRA,,repairs\n"
	  "HH-1,1,2025-06-03,,,,,,,phone,LCRA,,repairs\n",
	  "x.csv:3: stage 1 of 'HH-1' is also on line 2; keep one row per "
	  "complaint stage\n" },
	{ "a row of the wrong length",
	  "HH-1,1,2025-06-02,,,,,,,phone,LCRA,,repairs,x\n",
	  "x.csv:2: the row has 14 cells but the header has 13; check for a "
	  "missing or stray comma\n" },
	};
	struct buf	 text = BUF_INIT;
	char		*m, name[128];
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_truncate(&text, 0);
		buf_puts(&text, HEADER);
		buf_puts(&text, cases[i].row);
		rc = import(buf_str(&text), &m);
		snprintf(name, sizeof(name), "import: %s", cases[i].name);
		expect_str(name, cases[i].want, rc == -1 ? m : "(accepted)");
		free(m);
	}
	rc = import("reference,stage,name\n", &m);
	expect_str("import: a personal column, and missing ones",
	    "x.csv:1:3: unknown column 'name'; the columns are reference, "
	    "stage, received, acknowledged, extended_to, extension_reason, "
	    "responded, outcome, refusal_reason, channel, tenure, scheme and "
	    "category, and no personal data is taken\n"
	    "x.csv:1: the header has no received, acknowledged, extended_to, "
	    "extension_reason, responded, outcome, refusal_reason, channel, "
	    "tenure, scheme and category columns; add them (the columns are "
	    "reference, stage, received, acknowledged, extended_to, "
	    "extension_reason, responded, outcome, refusal_reason, channel, "
	    "tenure, scheme and category)\n", m);
	free(m);
	rc = import("", &m);
	expect("import: an empty file", rc == -1 && strncmp(m, "x.csv: the file "
	    "is empty;", 23) == 0);
	free(m);
	rc = import("\xef\xbb\xbf" "Stage,REFERENCE,received,acknowledged,"
	    "extended_to,extension_reason,responded,outcome,refusal_reason,"
	    "channel,tenure,scheme,category\r\n1,HH-1,2025-06-02,,,,,,,Phone,"
	    "lcra,,Repairs\r\n", &m);
	expect("import: BOM, CRLF, any column order and any case", rc == 0 &&
	    strcmp(m, "") == 0);
	free(m);
	buf_free(&text);
}

/* Import text into the log at path; counts into *n. */
static int
import_into(const char *path, const char *text, struct import_counts *n,
    char **msgs)
{
	struct complaint_log *l;
	struct import	 im;
	struct diag	 d;
	struct buf	 why = BUF_INIT;
	size_t		 size;
	FILE		*f = open_memstream(msgs, &size);
	int		 rc = -1;

	diag_init(&d, f);
	memset(&im, 0, sizeof(im));
	if ((l = log_open(path, LOG_READ_WRITE, &why)) == NULL)
		fprintf(f, "%s\n", buf_str(&why));
	else if (import_read(&im, text, strlen(text), "x.csv", l, &d) == 0 &&
	    import_write(&im, l, "import-csv x.csv", n, &why) == 0)
		rc = 0;
	diag_flush(&d);
	fclose(f);
	import_free(&im);
	log_close(l);
	buf_free(&why);
	return rc;
}

static void
test_import_log(void)
{
	struct import_counts n;
	struct complaint_log *l;
	struct log_stage s;
	struct buf	 why = BUF_INIT;
	char		 path[] = "/tmp/candour-unit-log-XXXXXX", *m;
	int		 fd;
	static const char first[] = HEADER
	    "HH-1,1,2025-06-02,2025-06-03,,,2025-06-10,upheld,,phone,LCRA,,"
	    "repairs\n"
	    "HH-2,1,2025-06-02,,,,,,,email,LCHO,SO-01,damp and mould\n";
	static const char newer[] = HEADER
	    "HH-1,1,2025-06-02,2025-06-03,,,2025-06-10,upheld,,phone,LCRA,,"
	    "repairs\n"
	    "HH-2,1,2025-06-02,2025-06-04,,,,,,email,LCHO,SO-01,damp and "
	    "mould\n";

	memset(&s, 0, sizeof(s));
	if ((fd = mkstemp(path)) == -1)
		return;
	close(fd);
	unlink(path);
	expect("log: the first import writes two stages", import_into(path,
	    first, &n, &m) == 0 && n.added == 2 && n.updated == 0);
	free(m);
	expect("log: the same file again changes nothing", import_into(path,
	    first, &n, &m) == 0 && n.added == 0 && n.updated == 0 &&
	    n.unchanged == 2);
	free(m);
	expect("log: a newer export updates one stage", import_into(path,
	    newer, &n, &m) == 0 && n.added == 0 && n.updated == 1 &&
	    n.unchanged == 1);
	free(m);
	expect("log: a stage 2 whose stage 1 is in the log is taken",
	    import_into(path, HEADER "HH-1,2,2025-06-12,,,,,,,,,,\n", &n,
	    &m) == 0 && n.added == 1);
	free(m);
	(void)import_into(path, HEADER "HH-9,2,2025-06-12,,,,,,,,,,\n", &n,
	    &m);
	expect_str("log: a stage 2 with no stage 1 in the file or the log",
	    "x.csv:2: stage 2 of 'HH-9' has no stage 1 in this file or in the "
	    "log; add the stage 1 row\n", m);
	free(m);
	l = log_open(path, LOG_READ_ONLY, &why);
	expect("log: opens read-only", l != NULL);
	if (l != NULL) {
		expect("log: reads a stage back", log_get_stage(l, "HH-2", 1, &s,
		    &why) == 1 && s.acknowledged == D("2025-06-04") &&
		    s.outcome == LOG_OUTCOME_OPEN);
		log_stage_clear(&s);
		expect("log: a read-only log refuses to write",
		    log_begin(l, &why) == -1);
		log_close(l);
	}
	unlink(path);
	buf_truncate(&why, 0);
	l = log_open("/nonexistent/folder/x.db", LOG_READ_ONLY, &why);
	expect_str("log: a missing log, read-only", "cannot open the log: No "
	    "such file or directory", l == NULL ? buf_str(&why) : "(opened)");
	log_close(l);
	buf_free(&why);
}

static void
test_log_path(void)
{
	struct buf	 b = BUF_INIT;

	log_path(&b, "content", "var/complaints.db");
	expect_str("log path: beside content", "var/complaints.db", buf_str(&b));
	buf_truncate(&b, 0);
	log_path(&b, "/srv/hh/content/", "var/complaints.db");
	expect_str("log path: absolute content", "/srv/hh/var/complaints.db",
	    buf_str(&b));
	buf_truncate(&b, 0);
	log_path(&b, ".", "var/complaints.db");
	expect_str("log path: content is .", "./../var/complaints.db",
	    buf_str(&b));
	buf_truncate(&b, 0);
	log_path(&b, "content", "/var/lib/hh.db");
	expect_str("log path: an absolute setting", "/var/lib/hh.db",
	    buf_str(&b));
	buf_free(&b);
}

int
main(void)
{
	struct diag	 d;

	diag_init(&d, stderr);
	if (workdays_read(&ew, "content", &d) == -1) {
		puts("not ok - content/holidays.csv reads (run from the top of "
		    "the tree)");
		return 1;
	}
	test_dates();
	test_workdays();
	test_fast_paths();
	test_holiday_file();
	test_code_limits();
	test_hand_worked();
	test_suppression();
	test_import_errors();
	test_import_log();
	test_log_path();
	workdays_free(&ew);
	return failed;
}
