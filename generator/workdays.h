/*
 * workdays: calendar dates as day numbers, the bank holidays staff keep in
 * content/holidays.csv, and the working-day arithmetic behind the Complaint
 * Handling Code's time limits.
 *
 * A date is a day number: days since 1970-01-01 (so 2024-04-01 is 19814).
 * Dates that come from outside (the log, CSV files, the command line) are
 * only ever between DATE_YEAR_MIN and DATE_YEAR_MAX, so no day number is
 * 0; DATE_NONE stands for "no date". A working day is a Monday to Friday
 * that is not a bank holiday.
 */
#ifndef CANDOUR_WORKDAYS_H
#define CANDOUR_WORKDAYS_H

#include <stddef.h>
#include <stdint.h>

struct diag;

#define DATE_NONE	0L	/* no date */
#define DATE_YEAR_MIN	2000	/* earliest year a date may be in */
#define DATE_YEAR_MAX	2099	/* latest */
#define DATE_DAY_FIRST	10957L	/* 2000-01-01, the first day allowed */
#define DATE_DAY_LAST	47481L	/* 2099-12-31, the last */
#define DATE_LEN	10	/* "YYYY-MM-DD" */
#define HOLIDAYS_FILE_MAX (256 * 1024)	/* bytes in holidays.csv */

/* How date_parse judged a text. */
enum date_status {
	DATE_OK,
	DATE_SHAPE,	/* not YYYY-MM-DD */
	DATE_NO_SUCH,	/* YYYY-MM-DD, but no such day (2025-02-29) */
	DATE_RANGE,	/* a real day outside DATE_YEAR_MIN..DATE_YEAR_MAX */
};

/* Read s[0..n) as YYYY-MM-DD into *day (set only when DATE_OK). */
enum date_status date_parse(const char *s, size_t n, long *day);
/* The day number of y-m-d; m and d must make a real date. */
long	 date_from_civil(int y, int m, int d);
/* The year, month (1-12) and day of month (1-31) of day. */
void	 date_to_civil(long day, int *y, int *m, int *d);
/* Write day as "YYYY-MM-DD" and a NUL into out. */
void	 date_format(long day, char out[DATE_LEN + 1]);
/* 0 Monday ... 6 Sunday. */
int	 date_weekday(long day);
/* Today in local time (the computer's clock), as a day number. */
long	 date_today(void);
/*
 * The reporting year a day falls in, named by the year it starts in (1
 * April 2024 to 31 March 2025 is 2024, written "2024-25"), and its quarter:
 * 1 April to June ... 4 January to March.
 */
int	 date_report_year(long day);
int	 date_report_quarter(long day);
/* The first and last day of reporting year y, or of its quarter q (1-4;
 * 0 for the whole year). */
long	 date_period_first(int y, int q);
long	 date_period_last(int y, int q);

/*
 * The working-day calendar: which days are working days, tabulated from
 * 1 January DATE_YEAR_MIN to 31 December DATE_YEAR_MAX + 1, so that any
 * deadline of a date within the years allowed can be found by look-up.
 */
struct workdays {
	long	 first;		/* day number of the table's first day */
	size_t	 ndays;		/* days in the table */
	uint32_t *upto;		/* upto[i]: working days in first..first+i */
	long	*work;		/* the working days, in order */
	size_t	 nwork;
	long	*holidays;	/* the bank holidays given, sorted */
	size_t	 nholidays;
};

/*
 * Build the calendar with the n bank holidays in holidays (any order; each
 * a weekday within the years allowed). Returns 0, or -1 when out of
 * memory. workdays_free frees w in both cases.
 */
int	 workdays_init(struct workdays *w, const long *holidays, size_t n);
void	 workdays_free(struct workdays *w);

/*
 * Read content_dir/holidays.csv (header "date,name"; one bank holiday a
 * row, the day it is taken: for a holiday that falls at a weekend, the
 * substitute day) and build the calendar. Returns 0, or -1 after reporting
 * every error. workdays_free frees w in both cases.
 */
int	 workdays_read(struct workdays *w, const char *content_dir,
	    struct diag *);

/* Is day a working day? */
int	 workday_is(const struct workdays *, long day);
/*
 * The deadline n (>= 1) working days after day: step one day at a time from
 * day and count only working days; the day the count reaches n. Something
 * done on or before that day is in time.
 */
long	 workday_add(const struct workdays *, long day, int n);
/*
 * Working days after a, up to and including b: 0 when b is a or only
 * non-working days follow a up to b; negative when b is before a (minus the
 * working days after b up to and including a).
 */
long	 workday_count(const struct workdays *, long a, long b);

#endif
