#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"
#include "log.h"
#include "workdays.h"

#define YEARS (DATE_YEAR_MAX - DATE_YEAR_MIN + 2)	/* 1999-00 .. 2099-00 */
#define EPSILON 1e-9

#define FIG_NAME(n, id, text)	[n] = text,
const char *const fig_findings[FIG_FINDING__MAX] = {
	FIG_FINDINGS(FIG_NAME)
};

long
code_ack_by(const struct workdays *w, long received)
{
	return workday_add(w, received, CODE_ACK_DAYS);
}

long
code_response_by(const struct workdays *w, int stage, long received,
    long acknowledged, long extended_to, int has_reason, int *too_long)
{
	long	 from, by;

	if (too_long != NULL)
		*too_long = 0;
	from = acknowledged != DATE_NONE ? acknowledged :
	    code_ack_by(w, received);
	by = workday_add(w, from, CODE_RESPONSE_DAYS(stage));
	if (extended_to == DATE_NONE || !has_reason)
		return by;
	if (extended_to <= workday_add(w, by, CODE_EXTENSION_DAYS(stage)))
		return extended_to > by ? extended_to : by;
	if (too_long != NULL)
		*too_long = 1;
	return by;
}

int
code_on_time(const struct workdays *w, int stage, long received,
    long acknowledged, long extended_to, int has_reason, long responded)
{
	long	 ack = acknowledged != DATE_NONE ? acknowledged : responded;

	if (responded == DATE_NONE || ack > code_ack_by(w, received))
		return 0;
	return responded <= code_response_by(w, stage, received, ack,
	    extended_to, has_reason, NULL);
}

long
figures_rate10(long num, long den, long scale)
{
	/* num * scale / den * 10, rounded half up, in whole numbers. */
	long long	 n = (long long)num * scale * 20 + den;

	return (long)(n / (2LL * den));
}

void
figures_year_name(int y, char out[8])
{
	int	 next = (y + 1) % 100;

	y = ((y % 10000) + 10000) % 10000;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + next / 10);
	out[6] = (char)('0' + next % 10);
	out[7] = '\0';
}

int
figures_year_parse(const char *s, size_t n)
{
	int	 y = 0;
	size_t	 i;

	if (n != 7 || s[4] != '-')
		return -1;
	for (i = 0; i < n; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return -1;
	for (i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	if ((s[5] - '0') * 10 + (s[6] - '0') != (y + 1) % 100 ||
	    y < DATE_YEAR_MIN - 1 || y > DATE_YEAR_MAX)
		return -1;
	return y;
}

/*
 * Tabulate each day's reporting year and quarter: figures_add needs both
 * for every date of every stage, and working them out from the calendar
 * each time took a quarter of its time.
 */
static int
periods(struct figures *f)
{
	long	 first = DATE_DAY_FIRST, last = DATE_DAY_LAST, day, from, to;
	int	 y, q;

	if ((f->period_of = calloc((size_t)(last - first + 1),
	    sizeof(*f->period_of))) == NULL)
		return -1;
	for (y = DATE_YEAR_MIN - 1; y <= DATE_YEAR_MAX; y++)
		for (q = 1; q <= 4; q++) {
			from = date_period_first(y, q);
			to = date_period_last(y, q);
			for (day = from < first ? first : from; day <= to &&
			    day <= last; day++)
				f->period_of[day - first] = (uint16_t)((y -
				    (DATE_YEAR_MIN - 1)) * 4 + q - 1);
		}
	return 0;
}

int
figures_init(struct figures *f, long threshold)
{
	memset(f, 0, sizeof(*f));
	f->threshold = threshold;
	if ((f->by_year = calloc(YEARS, sizeof(*f->by_year))) == NULL ||
	    periods(f) == -1)
		return -1;
	return 0;
}

void
figures_free(struct figures *f)
{
	size_t	 i;

	if (f->by_year != NULL)
		for (i = 0; i < YEARS; i++)
			free(f->by_year[i]);
	free(f->by_year);
	free(f->period_of);
	free(f->years);
	memset(f, 0, sizeof(*f));
}

/*
 * The year (made when first needed) and quarter that day falls in; NULL
 * if no memory.
 */
static struct fig_year *
year_of(struct figures *f, long day, int *quarter)
{
	struct fig_year *fy;
	size_t	 i;
	int	 y;

	if (f->period_of != NULL && day >= DATE_DAY_FIRST &&
	    day <= DATE_DAY_LAST) {
		i = f->period_of[day - DATE_DAY_FIRST];
		*quarter = (int)(i % 4) + 1;
		i /= 4;
		y = (int)i + DATE_YEAR_MIN - 1;
	} else {
		y = date_report_year(day);
		*quarter = date_report_quarter(day);
		i = (size_t)(y - (DATE_YEAR_MIN - 1));
	}
	if (i >= YEARS)
		return NULL;
	if ((fy = f->by_year[i]) == NULL) {
		if ((fy = calloc(1, sizeof(*fy))) == NULL)
			return NULL;
		fy->year = y;
		f->by_year[i] = fy;
	}
	return fy;
}

/* Where a day is counted: its year and its quarter. */
struct where {
	struct fig_year	*y;
	int		 q;
};

/* Find (making it when first needed) day's year. 0, or -1 out of memory. */
static int
where(struct figures *f, long day, struct where *w)
{
	if ((w->y = year_of(f, day, &w->q)) == NULL)
		return -1;
	if (day > f->last_day)
		f->last_day = day;
	return 0;
}

/* Add one to count k of tenure t, in the year and in the quarter. */
static void
bump(const struct where *w, enum fig_count k, enum log_tenure t)
{
	w->y->p[0].c[k][t].value++;
	w->y->p[w->q].c[k][t].value++;
}

int
figures_add(struct figures *f, const struct workdays *wd,
    const struct log_fact *x)
{
	struct where	 r, a;
	enum log_tenure	 t = x->tenure;
	long		 days;
	int		 s = x->stage - 1;

	if (where(f, x->received, &r) == -1)
		return -1;
	if (x->outcome != LOG_OUTCOME_REFUSED) {
		bump(&r, x->stage == 1 ? FIG_S1_RECEIVED : FIG_S2_RECEIVED, t);
		if (x->stage == 1) {
			bump(&r, FIG_CHANNEL + x->channel, t);
			bump(&r, FIG_CATEGORY + x->category, t);
			if (x->channel == LOG_CHANNEL_KIOSK)
				bump(&r, FIG_FROM_KIOSK, t);
		}
	}
	if (x->outcome == LOG_OUTCOME_OPEN || x->outcome >= LOG_OUTCOME__MAX)
		return 0;
	/* Closed without a date (never from import): the day it began. */
	a = r;
	if (x->responded != DATE_NONE && where(f, x->responded, &a) == -1)
		return -1;
	switch (x->outcome) {
	case LOG_OUTCOME_UPHELD:
	case LOG_OUTCOME_NOT_UPHELD:
		if (x->responded == DATE_NONE)
			break;
		bump(&a, x->outcome == LOG_OUTCOME_UPHELD ? FIG_UPHELD :
		    FIG_NOT_UPHELD, t);
		bump(&a, x->stage == 1 ? FIG_S1_RESPONDED : FIG_S2_RESPONDED, t);
		if (code_on_time(wd, x->stage, x->received, x->acknowledged,
		    x->extended_to, x->has_reason, x->responded))
			bump(&a, x->stage == 1 ? FIG_S1_ON_TIME :
			    FIG_S2_ON_TIME, t);
		days = workday_count(wd, x->received, x->responded);
		if (days < 0)
			days = 0;
		if (days > FIG_DAYS_MAX)
			days = FIG_DAYS_MAX;
		a.y->p[0].days[s][t][days]++;
		a.y->p[a.q].days[s][t][days]++;
		break;
	case LOG_OUTCOME_WITHDRAWN:
		bump(&a, FIG_WITHDRAWN, t);
		break;
	case LOG_OUTCOME_REFUSED:
		bump(&a, FIG_REFUSED, t);
		bump(&a, FIG_REASON + x->reason, t);
		break;
	default:
		break;
	}
	return 0;
}

/* Twice the median of the tally, or -1 when it is empty. */
static long
median2(const uint32_t *days)
{
	unsigned long long n = 0, seen = 0, lo, hi;
	long	 i, a = -1;

	for (i = 0; i <= FIG_DAYS_MAX; i++)
		n += days[i];
	if (n == 0)
		return -1;
	/* The values at positions lo and hi (from 1) of the sorted answers. */
	lo = (n + 1) / 2;
	hi = n / 2 + 1;
	for (i = 0; i <= FIG_DAYS_MAX; i++) {
		seen += days[i];
		if (a < 0 && seen >= lo)
			a = i;
		if (seen >= hi)
			return a + i;
	}
	return a * 2;
}

int
figures_finish(struct figures *f)
{
	struct fig_period *p;
	size_t		 i, first = YEARS, last = 0, k, s, d;
	int		 q;

	for (i = 0; i < YEARS; i++)
		if (f->by_year[i] != NULL) {
			if (first == YEARS)
				first = i;
			last = i;
		}
	if (first == YEARS)
		return 0;
	f->nyears = last - first + 1;
	if ((f->years = calloc(f->nyears, sizeof(*f->years))) == NULL)
		return -1;
	for (i = 0; i < f->nyears; i++) {
		struct fig_year *fy = &f->years[i];
		if (f->by_year[first + i] != NULL)
			*fy = *f->by_year[first + i];
		fy->year = (int)(first + i) + DATE_YEAR_MIN - 1;
		fy->nquarters = 4;
		if (i + 1 == f->nyears)
			fy->nquarters = date_report_quarter(f->last_day);
		for (q = 0; q <= 4; q++) {
			p = &fy->p[q];
			p->quarter = q;
			for (k = 0; k < FIG_COUNT__MAX; k++)
				p->c[k][FIG_ALL].value = p->c[k][FIG_LCRA].value +
				    p->c[k][FIG_LCHO].value;
			for (s = 0; s < 2; s++) {
				for (d = 0; d <= FIG_DAYS_MAX; d++)
					p->days[s][FIG_ALL][d] =
					    p->days[s][FIG_LCRA][d] +
					    p->days[s][FIG_LCHO][d];
				for (k = 0; k < FIG_TENURE__MAX; k++)
					p->median2[s][k] = median2(p->days[s][k]);
			}
		}
	}
	for (i = 0; i < YEARS; i++) {
		free(f->by_year[i]);
		f->by_year[i] = NULL;
	}
	free(f->period_of);
	f->period_of = NULL;
	return 0;
}

/*
 * Suppression. The cells of one year are numbered (period, count, tenure);
 * a relation is a list of cells and signs whose signed sum is zero (a total
 * and its parts). A suppressed cell can be worked out when the relations,
 * with every published cell put in, determine it: when, after Gaussian
 * elimination of the relations over the suppressed cells, a row has that
 * cell alone. It can also be worked out from the bounds of one relation:
 * parts that are all suppressed (each at least 1) adding up to their
 * number must each be 1, and primary ones adding up to the threshold less
 * one each must each be that.
 */
#define CELLS (5 * FIG_COUNT__MAX * FIG_TENURE__MAX)
#define TERMS_MAX (LOG_CATEGORY__MAX + 2)

struct relation {
	size_t	 n;
	size_t	 cell[TERMS_MAX];
	int	 sign[TERMS_MAX];
};

struct suppress {
	struct fig_year	*y;
	long		 threshold;
	struct relation	*rel;
	size_t		 nrel, cap;
	size_t		 col[CELLS];	/* each suppressed cell's column */
	size_t		*cells;		/* the suppressed cells, in order */
	size_t		 ncells;
	double		*m;		/* nrel rows by ncells columns */
};

static size_t
cell_id(int p, size_t k, size_t t)
{
	return ((size_t)p * FIG_COUNT__MAX + k) * FIG_TENURE__MAX + t;
}

static struct fig_cell *
cell_at(const struct suppress *s, size_t id)
{
	size_t	 t = id % FIG_TENURE__MAX, k = id / FIG_TENURE__MAX %
	    FIG_COUNT__MAX, p = id / FIG_TENURE__MAX / FIG_COUNT__MAX;

	return &s->y->p[p].c[k][t];
}

static int
relation_new(struct suppress *s)
{
	struct relation	*r;

	if (s->nrel == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		if ((r = realloc(s->rel, s->cap * sizeof(*r))) == NULL)
			return -1;
		s->rel = r;
	}
	memset(&s->rel[s->nrel++], 0, sizeof(*r));
	return 0;
}

static void
term(struct suppress *s, size_t id, int sign)
{
	struct relation	*r = &s->rel[s->nrel - 1];

	r->cell[r->n] = id;
	r->sign[r->n++] = sign;
}

/* The relations of one year, over its published periods. */
static int
relations(struct suppress *s)
{
	const int	 nq = s->y->nquarters;
	size_t		 k, t, i;
	int		 p, q;

	for (p = 0; p <= nq; p++)
		for (k = 0; k < FIG_COUNT__MAX; k++) {
			if (relation_new(s) == -1)
				return -1;
			term(s, cell_id(p, k, FIG_ALL), 1);
			term(s, cell_id(p, k, FIG_LCRA), -1);
			term(s, cell_id(p, k, FIG_LCHO), -1);
		}
	for (k = 0; k < FIG_COUNT__MAX; k++)
		for (t = 0; t < FIG_TENURE__MAX; t++) {
			if (relation_new(s) == -1)
				return -1;
			term(s, cell_id(0, k, t), 1);
			for (q = 1; q <= nq; q++)
				term(s, cell_id(q, k, t), -1);
		}
	for (p = 0; p <= nq; p++)
		for (t = 0; t < FIG_TENURE__MAX; t++) {
			if (relation_new(s) == -1)
				return -1;
			term(s, cell_id(p, FIG_UPHELD, t), 1);
			term(s, cell_id(p, FIG_NOT_UPHELD, t), 1);
			term(s, cell_id(p, FIG_S1_RESPONDED, t), -1);
			term(s, cell_id(p, FIG_S2_RESPONDED, t), -1);
			if (relation_new(s) == -1)
				return -1;
			term(s, cell_id(p, FIG_S1_RECEIVED, t), -1);
			for (i = 0; i < LOG_CHANNEL__MAX; i++)
				term(s, cell_id(p, FIG_CHANNEL + i, t), 1);
			if (relation_new(s) == -1)
				return -1;
			term(s, cell_id(p, FIG_S1_RECEIVED, t), -1);
			for (i = 0; i < LOG_CATEGORY__MAX; i++)
				term(s, cell_id(p, FIG_CATEGORY + i, t), 1);
			if (relation_new(s) == -1)
				return -1;
			term(s, cell_id(p, FIG_REFUSED, t), -1);
			for (i = 0; i < LOG_REASON__MAX; i++)
				term(s, cell_id(p, FIG_REASON + i, t), 1);
			if (relation_new(s) == -1)
				return -1;
			term(s, cell_id(p, FIG_FROM_KIOSK, t), 1);
			term(s, cell_id(p, FIG_CHANNEL + LOG_CHANNEL_KIOSK, t),
			    -1);
		}
	return 0;
}

/* Number the suppressed cells: each one's column in the elimination. */
static void
columns(struct suppress *s)
{
	size_t	 id;

	s->ncells = 0;
	for (id = 0; id < CELLS; id++) {
		s->col[id] = CELLS;
		if (cell_at(s, id)->state != FIG_SHOWN) {
			s->col[id] = s->ncells;
			s->cells[s->ncells++] = id;
		}
	}
}

/*
 * Reduce the relations over the suppressed cells to reduced row echelon
 * form, and mark in det each suppressed cell they determine (a row with
 * that cell alone). Returns how many there are, or CELLS when out of
 * memory.
 */
static size_t
determined(struct suppress *s, unsigned char *det)
{
	size_t	 i, j, r, c, rank = 0, best, other, rows = s->nrel;
	size_t	 cols, *pivot, n = 0;
	double	*m = s->m, f;

	columns(s);
	cols = s->ncells;
	memset(det, 0, CELLS);
	if (cols == 0)
		return 0;
	if ((pivot = calloc(rows + 1, sizeof(*pivot))) == NULL)
		return CELLS;
	memset(m, 0, rows * cols * sizeof(*m));
	for (i = 0; i < rows; i++)
		for (j = 0; j < s->rel[i].n; j++) {
			c = s->col[s->rel[i].cell[j]];
			if (c != CELLS)
				m[i * cols + c] += s->rel[i].sign[j];
		}
	for (c = 0; c < cols && rank < rows; c++) {
		best = rows;
		for (r = rank; r < rows; r++)
			if (fabs(m[r * cols + c]) > EPSILON && (best == rows ||
			    fabs(m[r * cols + c]) > fabs(m[best * cols + c])))
				best = r;
		if (best == rows)
			continue;
		if (best != rank)
			for (j = 0; j < cols; j++) {
				f = m[rank * cols + j];
				m[rank * cols + j] = m[best * cols + j];
				m[best * cols + j] = f;
			}
		f = m[rank * cols + c];
		for (j = 0; j < cols; j++)
			m[rank * cols + j] /= f;
		for (r = 0; r < rows; r++) {
			if (r == rank || fabs(m[r * cols + c]) <= EPSILON)
				continue;
			f = m[r * cols + c];
			for (j = 0; j < cols; j++)
				m[r * cols + j] -= f * m[rank * cols + j];
		}
		pivot[rank++] = c;
	}
	for (i = 0; i < rank; i++) {
		for (other = 0, j = 0; j < cols; j++)
			if (j != pivot[i] && fabs(m[i * cols + j]) > EPSILON)
				other = 1;
		if (!other) {
			det[s->cells[pivot[i]]] = 1;
			n++;
		}
	}
	free(pivot);
	return n;
}

/* A relation whose suppressed cells the bounds alone give away, or NULL. */
static const struct relation *
bounded(const struct suppress *s)
{
	const struct relation *r;
	const struct fig_cell *c;
	size_t	 i, j, n, nprimary;
	long	 sum;
	int	 sign;

	for (i = 0; i < s->nrel; i++) {
		r = &s->rel[i];
		n = nprimary = 0;
		sum = 0;
		sign = 0;
		for (j = 0; j < r->n; j++) {
			c = cell_at(s, r->cell[j]);
			if (c->state == FIG_SHOWN)
				continue;
			if (sign != 0 && sign != r->sign[j])
				break;	/* a total and parts: no bound */
			sign = r->sign[j];
			n++;
			nprimary += c->state == FIG_PRIMARY;
			sum += c->value;
		}
		if (j < r->n || n < 2)
			continue;
		if (sum == (long)n || (nprimary == n && sum ==
		    (s->threshold - 1) * (long)n))
			return r;
	}
	return NULL;
}

/*
 * How much it costs to hide cell id, for choosing secondary cells: the
 * Tenant Satisfaction Measures' own counts (received, answered, on time)
 * cost most, then the LCRA and LCHO cells (which the Regulator asks for)
 * over the totals, then whole years over quarters; within that, smaller
 * values cost less.
 */
static int
tier(size_t id)
{
	size_t	 t = id % FIG_TENURE__MAX, k = id / FIG_TENURE__MAX %
	    FIG_COUNT__MAX, p = id / FIG_TENURE__MAX / FIG_COUNT__MAX;
	int	 core = k <= FIG_S2_ON_TIME;

	return core << 2 | (t != FIG_ALL) << 1 | (p == 0);
}

static int
cheaper(const struct suppress *s, size_t a, size_t b)
{
	long	 va = cell_at(s, a)->value, vb = cell_at(s, b)->value;

	if (tier(a) != tier(b))
		return tier(a) < tier(b);
	if (va != vb)
		return va < vb;
	return a < b;
}

#define TRIES 6	/* cheapest candidates tried before taking the first */

/* Is relation q one to take candidates from (see suppress_more)? */
static int
relation_wanted(const struct suppress *s, const struct relation *q,
    const unsigned char *det, int wide)
{
	size_t	 j;

	for (j = 0; j < q->n; j++)
		if (wide ? cell_at(s, q->cell[j])->state != FIG_SHOWN :
		    det[q->cell[j]])
			return 1;
	return 0;
}

/* Add the published, non-zero cells of q to cand, the TRIES cheapest. */
static void
candidates(const struct suppress *s, const struct relation *q, size_t *cand,
    size_t *n)
{
	const struct fig_cell *c;
	size_t	 j, k, id;

	for (j = 0; j < q->n; j++) {
		id = q->cell[j];
		c = cell_at(s, id);
		if (c->state != FIG_SHOWN || c->value == 0)
			continue;
		for (k = 0; k < *n && cand[k] != id; k++)
			;
		if (k < *n)
			continue;
		for (k = *n; k > 0 && cheaper(s, id, cand[k - 1]); k--)
			if (k < TRIES)
				cand[k] = cand[k - 1];
		if (k < TRIES)
			cand[k] = id;
		if (*n < TRIES)
			(*n)++;
	}
}

/*
 * Suppress one more cell of relation r, or, when r is NULL, of the
 * relations with a determined cell (those marked in det; id is the first
 * of them), or failing that (the value comes round through hidden cells)
 * of those with any hidden cell: of their published cells with a non-zero
 * value, the cheapest to hide that leaves id no longer determined (of the
 * TRIES cheapest), or else the cheapest. det is overwritten. Returns 0, or
 * -1 if there is no such cell.
 */
static int
suppress_more(struct suppress *s, const struct relation *r, size_t id,
    unsigned char *det)
{
	size_t		 i, k, n = 0, cand[TRIES];
	int		 wide;

	if (r != NULL)
		candidates(s, r, cand, &n);
	for (wide = 0; r == NULL && wide < 2 && n == 0; wide++)
		for (i = 0; i < s->nrel; i++)
			if (relation_wanted(s, &s->rel[i], det, wide))
				candidates(s, &s->rel[i], cand, &n);
	if (n == 0)
		return -1;
	for (k = 0; r == NULL && k < n && n > 1; k++) {
		cell_at(s, cand[k])->state = FIG_SECONDARY;
		if (determined(s, det) != CELLS && !det[id])
			return 0;
		cell_at(s, cand[k])->state = FIG_SHOWN;
	}
	cell_at(s, cand[0])->state = FIG_SECONDARY;
	return 0;
}

/*
 * The quick first pass: while a relation has exactly one suppressed cell,
 * which the others give away, hide the cheapest other one.
 */
static void
suppress_pairs(struct suppress *s)
{
	const struct relation *q;
	size_t		 i, j, n;
	int		 again = 1;

	while (again) {
		again = 0;
		for (i = 0; i < s->nrel; i++) {
			q = &s->rel[i];
			for (n = 0, j = 0; j < q->n; j++)
				n += cell_at(s, q->cell[j])->state != FIG_SHOWN;
			if (n == 1 && suppress_more(s, q, CELLS, NULL) == 0)
				again = 1;
		}
	}
}

static void
suppress_year(struct fig_year *y, long threshold)
{
	struct suppress	 s;
	const struct relation *r;
	struct fig_cell	*c;
	unsigned char	 det[CELLS];
	size_t		 id, i, k, t, n;
	int		 p;

	memset(&s, 0, sizeof(s));
	s.y = y;
	s.threshold = threshold;
	for (p = 0; p <= 4; p++)
		for (k = 0; k < FIG_COUNT__MAX; k++)
			for (t = 0; t < FIG_TENURE__MAX; t++) {
				c = &y->p[p].c[k][t];
				c->state = c->value > 0 && c->value < threshold ?
				    FIG_PRIMARY : FIG_SHOWN;
			}
	for (i = 0; i < FIG_FINDING__MAX; i++)
		y->ombudsman[i].state = y->ombudsman[i].value > 0 &&
		    y->ombudsman[i].value < threshold ? FIG_PRIMARY : FIG_SHOWN;
	if (relations(&s) == -1 || (s.cells = calloc(CELLS,
	    sizeof(*s.cells))) == NULL || (s.m = calloc(s.nrel * CELLS,
	    sizeof(*s.m))) == NULL)
		goto fail;
	suppress_pairs(&s);
	for (;;) {
		n = determined(&s, det);
		if (n == CELLS)
			goto fail;
		for (id = 0; n > 0 && id < CELLS && !det[id]; id++)
			;
		if (n > 0) {
			if (suppress_more(&s, NULL, id, det) == -1)
				break;
		} else if ((r = bounded(&s)) != NULL) {
			if (suppress_more(&s, r, CELLS, NULL) == -1)
				break;
		} else
			break;
	}
	free(s.rel);
	free(s.cells);
	free(s.m);
	return;
fail:
	/* Out of memory: publish no count of the year at all. */
	for (p = 0; p <= 4; p++)
		for (k = 0; k < FIG_COUNT__MAX; k++)
			for (t = 0; t < FIG_TENURE__MAX; t++)
				if (y->p[p].c[k][t].value > 0)
					y->p[p].c[k][t].state = FIG_SECONDARY;
	free(s.rel);
	free(s.cells);
	free(s.m);
}

void
figures_suppress(struct figures *f)
{
	size_t	 i;

	for (i = 0; i < f->nyears; i++)
		suppress_year(&f->years[i], f->threshold);
}
