#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "build.h"
#include "config.h"
#include "diag.h"
#include "figures.h"
#include "fsutil.h"
#include "log.h"
#include "logbundle.h"
#include "logcmd.h"
#include "logimport.h"
#include "workdays.h"

#define DUE_MAX 1000000		/* open stages `due` lists */

enum opt {
	O_CONTENT,
	O_LOG,
	O_DATE,
	O_STAGE,
	O_TENURE,
	O_CHANNEL,
	O_CATEGORY,
	O_SCHEME,
	O_TO,
	O_REASON,
	O_OUTCOME,
	O_KEY,
	O_PUBLIC_KEY,
	O_LABEL,
	O__MAX
};

#define F(o) (1u << (o))
#define COMMON (F(O_CONTENT) | F(O_LOG))

static const struct option longopts[] = {
	{ "content", required_argument, NULL, O_CONTENT },
	{ "log", required_argument, NULL, O_LOG },
	{ "date", required_argument, NULL, O_DATE },
	{ "stage", required_argument, NULL, O_STAGE },
	{ "tenure", required_argument, NULL, O_TENURE },
	{ "channel", required_argument, NULL, O_CHANNEL },
	{ "category", required_argument, NULL, O_CATEGORY },
	{ "scheme", required_argument, NULL, O_SCHEME },
	{ "to", required_argument, NULL, O_TO },
	{ "reason", required_argument, NULL, O_REASON },
	{ "outcome", required_argument, NULL, O_OUTCOME },
	{ "key", required_argument, NULL, O_KEY },
	{ "public-key", required_argument, NULL, O_PUBLIC_KEY },
	{ "label", required_argument, NULL, O_LABEL },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* One run of a subcommand. */
struct cmd {
	const char	*name;		/* "ack" */
	const char	*opt[O__MAX];	/* each option's value, or NULL */
	const char	*arg;		/* REFERENCE or FILE */
	char *const	*args;		/* every argument (import, kiosks) */
	size_t		 nargs;
	long		 date;		/* --date, or today */
	int		 stage;		/* --stage, or 0 for the latest */
	struct buf	 path;		/* the log */
	struct complaint_log *log;
	struct workdays	 w;
	struct diag	 diag;
	struct buf	 why;
};

static int	cmd_import(struct cmd *);
static int	cmd_add(struct cmd *);
static int	cmd_ack(struct cmd *);
static int	cmd_extend(struct cmd *);
static int	cmd_respond(struct cmd *);
static int	cmd_escalate(struct cmd *);
static int	cmd_refuse(struct cmd *);
static int	cmd_withdraw(struct cmd *);
static int	cmd_due(struct cmd *);
static int	cmd_kiosks(struct cmd *);
static int	cmd_bundles(struct cmd *);

static const struct subcommand {
	const char	*name;
	int		(*run)(struct cmd *);
	unsigned	 opts;		/* options it takes, besides COMMON */
	unsigned	 required;	/* options it needs */
	const char	*arg;		/* its one argument, or NULL; "BUNDLE"
					 * one or more, "ACTION" one or two */
	const char	*usage;		/* after "candour log NAME" */
	const char	*help;
} subs[] = {
	{ "import-csv", cmd_import, 0, 0, "FILE", "FILE",
	  "Import a case system's export: one row per complaint stage, with\n"
	  "the header row reference,stage,received,acknowledged,extended_to,\n"
	  "extension_reason,responded,outcome,refusal_reason,channel,tenure,\n"
	  "scheme,category (any order). The whole file is checked first;\n"
	  "only a file without errors is written, in one step. Stages already\n"
	  "in the log are updated; importing the same file again changes\n"
	  "nothing.\n" },
	{ "add", cmd_add, F(O_DATE) | F(O_TENURE) | F(O_CHANNEL) |
	  F(O_CATEGORY) | F(O_SCHEME), F(O_TENURE) | F(O_CHANNEL) |
	  F(O_CATEGORY), "REFERENCE",
	  "REFERENCE --tenure LCRA|LCHO --channel C --category C\n"
	  "       [--scheme CODE] [--date YYYY-MM-DD]",
	  "Record a new complaint, received today (or on --date).\n" },
	{ "ack", cmd_ack, F(O_DATE) | F(O_STAGE), 0, "REFERENCE",
	  "REFERENCE [--stage 1|2] [--date YYYY-MM-DD]",
	  "Record that the complaint was acknowledged today (or on --date).\n" },
	{ "extend", cmd_extend, F(O_STAGE) | F(O_TO) | F(O_REASON),
	  F(O_TO) | F(O_REASON), "REFERENCE",
	  "REFERENCE --to YYYY-MM-DD --reason TEXT [--stage 1|2]",
	  "Record that the answer was extended to a date, and why.\n" },
	{ "respond", cmd_respond, F(O_DATE) | F(O_STAGE) | F(O_OUTCOME),
	  F(O_OUTCOME), "REFERENCE",
	  "REFERENCE --outcome upheld|'not upheld' [--stage 1|2]\n"
	  "       [--date YYYY-MM-DD]",
	  "Record the answer to the complaint and its outcome.\n" },
	{ "escalate", cmd_escalate, F(O_DATE), 0, "REFERENCE",
	  "REFERENCE [--date YYYY-MM-DD]",
	  "Record that the resident asked for stage 2 (a review of the\n"
	  "stage 1 answer).\n" },
	{ "refuse", cmd_refuse, F(O_DATE) | F(O_STAGE) | F(O_REASON),
	  F(O_REASON), "REFERENCE",
	  "REFERENCE --reason R [--stage 1|2] [--date YYYY-MM-DD]",
	  "Record that the complaint was not taken on, and why (Code 8.1b):\n"
	  "over 12 months, legal proceedings, already considered, service\n"
	  "request or other.\n" },
	{ "withdraw", cmd_withdraw, F(O_DATE) | F(O_STAGE), 0, "REFERENCE",
	  "REFERENCE [--stage 1|2] [--date YYYY-MM-DD]",
	  "Record that the resident withdrew the complaint.\n" },
	{ "due", cmd_due, F(O_DATE), 0, NULL, "[--date YYYY-MM-DD]",
	  "List the open complaints by their next Complaint Handling Code\n"
	  "deadline, with the working days left on --date (default today);\n"
	  "a negative number is overdue.\n" },
	{ "kiosks", cmd_kiosks, F(O_PUBLIC_KEY) | F(O_LABEL) | F(O_TENURE), 0,
	  "ACTION",
	  "add ID --public-key FILE --label TEXT [--tenure LCRA|LCHO]\n"
	  "       candour log kiosks list\n"
	  "       candour log kiosks retire ID",
	  "The kiosks whose complaints the office imports.\n"
	  "\n"
	  "  add      register kiosk ID (K03) with its public key, the\n"
	  "           kiosk.pub 'candour-kiosk keys' made on it, and a label\n"
	  "           saying where it stands; prints the key's fingerprint\n"
	  "           to compare with the one the kiosk showed. Its\n"
	  "           complaints count under --tenure (default LCRA:\n"
	  "           kiosks stand in supported housing, low-cost rental)\n"
	  "  list     each kiosk: id, fingerprint, active or retired,\n"
	  "           bundles imported, last import, label\n"
	  "  retire   refuse the kiosk's bundles from now on (a kiosk lost,\n"
	  "           stolen or replaced); nothing already imported goes\n" },
	{ "import", cmd_bundles, F(O_KEY), 0, "BUNDLE",
	  "[--key FILE] BUNDLE...",
	  "Import kiosk bundles (the .bundle files 'candour-kiosk export'\n"
	  "writes). Each is checked whole (signature of a registered, active\n"
	  "kiosk; records sealed to this office's key; every record valid)\n"
	  "and its new complaints added in one step; a bundle that fails any\n"
	  "check is refused, with the reason, and nothing of it is imported.\n"
	  "Importing a bundle again changes nothing. Beside each bundle an\n"
	  "acknowledgement (.ack) is written for the kiosk ('candour-kiosk\n"
	  "ack'), naming the complaints now in the log.\n"
	  "\n"
	  "  --key FILE      the office's secret key (default: the office_key\n"
	  "                  setting in site.yaml, var/keys/office.key); its\n"
	  "                  passphrase is asked once, or read from\n"
	  "                  CANDOUR_PASSPHRASE\n" },
};

#define NSUBS (sizeof(subs) / sizeof(subs[0]))

static const char common_help[] =
    "  --content DIR   the content folder, for site.yaml (the log's path)\n"
    "                  and holidays.csv (default: content)\n"
    "  --log FILE      the complaint log (default: the log setting in\n"
    "                  site.yaml, from the folder that holds the content)\n"
    "\n"
    "Exit status: 0 done, 1 wrong input (each error is listed), 2 wrong\n"
    "command line, 3 disk or permissions. See candour(1).\n";

static void
usage_all(FILE *out)
{
	size_t	 i;

	fputs("usage: candour log COMMAND [options]\n\ncommands:", out);
	for (i = 0; i < NSUBS; i++)
		fprintf(out, " %s", subs[i].name);
	fputs("\n\n'candour log COMMAND --help' explains each.\n", out);
}

static void
usage_one(FILE *out, const struct subcommand *s, int full)
{
	fprintf(out, "usage: candour log %s %s\n", s->name, s->usage);
	if (full) {
		fputc('\n', out);
		fputs(s->help, out);
		fputc('\n', out);
		fputs(common_help, out);
	}
}

/* An error in the command's input: "candour log NAME: ...", status 1. */
static int error(struct cmd *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static int
error(struct cmd *c, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "candour log %s: ", c->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_INPUT;
}

/* The log failed: print why, roll back, status 3. */
static int
failed(struct cmd *c)
{
	fprintf(stderr, "candour: %s: %s\n", buf_str(&c->path),
	    buf_str(&c->why));
	log_rollback(c->log);
	return EXIT_ENV;
}

/* Read a date option, or today. Returns 0, or -1 (reported). */
static int
option_date(struct cmd *c, enum opt o, long *day)
{
	const char	*s = c->opt[o];

	if (s == NULL) {
		*day = date_today();
		return 0;
	}
	switch (date_parse(s, strlen(s), day)) {
	case DATE_OK:
		return 0;
	case DATE_NO_SUCH:
		error(c, "--%s '%s' is a date that does not exist; check the "
		    "month and day", longopts[o].name, s);
		return -1;
	default:
		error(c, "--%s '%s': write the date as YYYY-MM-DD, from %d to "
		    "%d", longopts[o].name, s, DATE_YEAR_MIN, DATE_YEAR_MAX);
		return -1;
	}
}

/* Look option o up in names. Returns the index, or -1 (reported). */
static int
option_choice(struct cmd *c, enum opt o, const char *const *names,
    size_t n, size_t from)
{
	struct buf	 list = BUF_INIT;
	int		 v;

	v = log_lookup(names, n, c->opt[o], strlen(c->opt[o]));
	if (v >= (int)from)
		return v;
	log_list(&list, names, n, from, "or");
	error(c, "--%s '%s': use %s", longopts[o].name, c->opt[o],
	    buf_str(&list));
	buf_free(&list);
	return -1;
}

static const char *
day(long d, char out[DATE_LEN + 1])
{
	date_format(d, out);
	return out;
}

/*
 * Read the stage the command acts on into s: --stage, or the complaint's
 * latest. Returns 0, EXIT_INPUT (reported) or EXIT_ENV (reported).
 */
static int
load_stage(struct cmd *c, struct log_stage *s, int must_be_open)
{
	int	 found, stage = c->stage;
	char	 a[DATE_LEN + 1];

	if (stage == 0) {
		found = log_get_stage(c->log, c->arg, 2, s, &c->why);
		if (found == -1)
			return failed(c);
		stage = found ? 2 : 1;
	}
	found = log_get_stage(c->log, c->arg, stage, s, &c->why);
	if (found == -1)
		return failed(c);
	if (!found && stage == 2 && log_get_stage(c->log, c->arg, 1, s,
	    &c->why) == 1)
		return error(c, "complaint '%s' has no stage 2; 'candour log "
		    "escalate %s' opens it", c->arg, c->arg);
	if (!found)
		return error(c, "there is no complaint '%s' in %s; check the "
		    "reference ('candour log due' lists the open ones)", c->arg,
		    buf_str(&c->path));
	if (must_be_open && s->outcome != LOG_OUTCOME_OPEN)
		return error(c, "stage %d of '%s' is already closed: %s on %s",
		    s->stage, c->arg, log_outcomes[s->outcome],
		    day(s->responded, a));
	return 0;
}

/* Is the command's date before the stage began? Reports it. */
static int
before_received(struct cmd *c, const struct log_stage *s, long when)
{
	char	 a[DATE_LEN + 1], b[DATE_LEN + 1];

	if (when >= s->received)
		return 0;
	error(c, "the date %s is before stage %d of '%s' began (%s); check "
	    "--date", day(when, a), s->stage, c->arg, day(s->received, b));
	return 1;
}

/* Write the stage in one transaction. Returns 0 or EXIT_ENV (reported). */
static int
save_stage(struct cmd *c, const struct log_stage *s)
{
	int	 changed;

	if (log_begin(c->log, &c->why) == -1 ||
	    log_put_stage(c->log, c->arg, s, &changed, &c->why) == -1 ||
	    log_commit(c->log, &c->why) == -1)
		return failed(c);
	return 0;
}

static int
cmd_import(struct cmd *c)
{
	struct import	 im;
	struct import_counts n;
	struct buf	 text = BUF_INIT, source = BUF_INIT;
	const char	*base = strrchr(c->arg, '/');
	int		 rc = EXIT_OK;

	memset(&im, 0, sizeof(im));
	if (file_read(c->arg, IMPORT_FILE_MAX, &text, &c->diag) == -1 ||
	    text.err) {
		rc = EXIT_INPUT;
		goto out;
	}
	if (import_read(&im, buf_str(&text), text.len, c->arg, c->log,
	    &c->diag) == -1) {
		diag_flush(&c->diag);
		fprintf(stderr, "candour: %zu error%s; nothing was imported\n",
		    c->diag.nerrors, c->diag.nerrors == 1 ? "" : "s");
		rc = EXIT_INPUT;
		goto out;
	}
	buf_printf(&source, "import-csv %s", base ? base + 1 : c->arg);
	if (import_write(&im, c->log, buf_str(&source), &n, &c->why) == -1) {
		rc = failed(c);
		goto out;
	}
	printf("candour: %s: %zu stage%s: %zu added, %zu updated, %zu "
	    "unchanged\n", c->arg, im.n, im.n == 1 ? "" : "s", n.added,
	    n.updated, n.unchanged);
out:
	import_free(&im);
	buf_free(&text);
	buf_free(&source);
	return rc;
}

static int
cmd_add(struct cmd *c)
{
	struct log_complaint lc;
	struct log_stage s;
	const char	*problem, *scheme = c->opt[O_SCHEME];
	int		 tenure, channel, category, changed, rc;
	char		 a[DATE_LEN + 1], b[DATE_LEN + 1];

	memset(&lc, 0, sizeof(lc));
	memset(&s, 0, sizeof(s));
	if ((problem = import_reference_problem(c->arg, strlen(c->arg))) !=
	    NULL)
		return error(c, "reference '%s' %s", c->arg, problem);
	if ((tenure = option_choice(c, O_TENURE, log_tenures,
	    LOG_TENURE__MAX, 0)) < 0 || (channel = option_choice(c,
	    O_CHANNEL, log_channels, LOG_CHANNEL__MAX, 0)) < 0 ||
	    (category = option_choice(c, O_CATEGORY, log_categories,
	    LOG_CATEGORY__MAX, 0)) < 0)
		return EXIT_INPUT;
	if (scheme != NULL && (strlen(scheme) > LOG_SCHEME_MAX ||
	    *scheme == '\0'))
		return error(c, "--scheme '%s': give the property or service "
		    "code, at most %d characters", scheme, LOG_SCHEME_MAX);
	if ((rc = log_has_complaint(c->log, c->arg, &c->why)) == -1)
		return failed(c);
	if (rc == 1)
		return error(c, "complaint '%s' is already in the log; record "
		    "what happens next with ack, extend, respond, escalate, "
		    "refuse or withdraw", c->arg);
	lc.reference = c->arg;
	lc.tenure = (enum log_tenure)tenure;
	lc.channel = (enum log_channel)channel;
	lc.category = (enum log_category)category;
	lc.scheme = scheme;
	lc.received = c->date;
	lc.source = "command";
	log_stage_clear(&s);
	s.stage = 1;
	s.received = c->date;
	if (log_begin(c->log, &c->why) == -1 ||
	    log_put_complaint(c->log, &lc, &changed, &c->why) == -1 ||
	    log_put_stage(c->log, c->arg, &s, &changed, &c->why) == -1 ||
	    log_commit(c->log, &c->why) == -1)
		return failed(c);
	printf("candour: added %s, received %s; acknowledge it by %s\n",
	    c->arg, day(c->date, a), day(code_ack_by(&c->w, c->date), b));
	return EXIT_OK;
}

static int
cmd_ack(struct cmd *c)
{
	struct log_stage s;
	int		 rc;
	char		 a[DATE_LEN + 1], b[DATE_LEN + 1];

	memset(&s, 0, sizeof(s));
	if ((rc = load_stage(c, &s, 1)) != 0)
		goto out;
	if (s.acknowledged != DATE_NONE) {
		rc = error(c, "stage %d of '%s' was already acknowledged on %s",
		    s.stage, c->arg, day(s.acknowledged, a));
		goto out;
	}
	if (before_received(c, &s, c->date)) {
		rc = EXIT_INPUT;
		goto out;
	}
	s.acknowledged = c->date;
	if ((rc = save_stage(c, &s)) != 0)
		goto out;
	printf("candour: %s stage %d acknowledged on %s%s; answer it by %s\n",
	    c->arg, s.stage, day(c->date, a), c->date > code_ack_by(&c->w,
	    s.received) ? " (later than the Code's 5 working days)" : "",
	    day(code_response_by(&c->w, s.stage, s.received, s.acknowledged,
	    s.extended_to, s.extension_reason != NULL, NULL), b));
out:
	log_stage_clear(&s);
	return rc;
}

static int
cmd_extend(struct cmd *c)
{
	struct log_stage s;
	long		 to;
	int		 rc, too_long;
	char		 a[DATE_LEN + 1];
	const char	*reason = c->opt[O_REASON];

	memset(&s, 0, sizeof(s));
	if (option_date(c, O_TO, &to) == -1)
		return EXIT_INPUT;
	if (*reason == '\0' || strlen(reason) > LOG_REASON_TEXT_MAX)
		return error(c, "--reason: say why the answer needs more time, "
		    "in at most %d characters (it is never published)",
		    LOG_REASON_TEXT_MAX);
	if ((rc = load_stage(c, &s, 1)) != 0)
		goto out;
	if (before_received(c, &s, to)) {
		rc = EXIT_INPUT;
		goto out;
	}
	free(s.extension_reason);
	if ((s.extension_reason = strdup(reason)) == NULL) {
		rc = EXIT_ENV;
		goto out;
	}
	s.extended_to = to;
	if ((rc = save_stage(c, &s)) != 0)
		goto out;
	(void)code_response_by(&c->w, s.stage, s.received, s.acknowledged,
	    s.extended_to, 1, &too_long);
	printf("candour: %s stage %d extended to %s%s\n", c->arg, s.stage,
	    day(to, a), too_long ? "; that is longer than the Code allows, "
	    "so an answer after the first limit will count as late" : "");
out:
	log_stage_clear(&s);
	return rc;
}

static int
cmd_respond(struct cmd *c)
{
	struct log_stage s;
	int		 rc, outcome;
	char		 a[DATE_LEN + 1], b[DATE_LEN + 1];

	memset(&s, 0, sizeof(s));
	if ((outcome = option_choice(c, O_OUTCOME, log_outcomes,
	    LOG_OUTCOME_NOT_UPHELD + 1, 1)) < 0)
		return EXIT_INPUT;
	if ((rc = load_stage(c, &s, 1)) != 0)
		goto out;
	if (before_received(c, &s, c->date)) {
		rc = EXIT_INPUT;
		goto out;
	}
	if (s.acknowledged != DATE_NONE && c->date < s.acknowledged) {
		rc = error(c, "the date %s is before stage %d was acknowledged "
		    "(%s); check --date", day(c->date, a), s.stage,
		    day(s.acknowledged, b));
		goto out;
	}
	s.responded = c->date;
	s.outcome = (enum log_outcome)outcome;
	if ((rc = save_stage(c, &s)) != 0)
		goto out;
	printf("candour: %s stage %d answered on %s (%s), %s\n", c->arg,
	    s.stage, day(c->date, a), log_outcomes[outcome],
	    code_on_time(&c->w, s.stage, s.received, s.acknowledged,
	    s.extended_to, s.extension_reason != NULL, s.responded) ?
	    "on time" : "later than the Code allows");
out:
	log_stage_clear(&s);
	return rc;
}

static int
cmd_escalate(struct cmd *c)
{
	struct log_stage s1, s2;
	int		 rc;
	char		 a[DATE_LEN + 1], b[DATE_LEN + 1];

	memset(&s1, 0, sizeof(s1));
	memset(&s2, 0, sizeof(s2));
	c->stage = 1;
	if ((rc = load_stage(c, &s1, 0)) != 0)
		goto out;
	if ((rc = log_get_stage(c->log, c->arg, 2, &s2, &c->why)) == -1) {
		rc = failed(c);
		goto out;
	}
	if (rc == 1) {
		rc = error(c, "complaint '%s' is already at stage 2", c->arg);
		goto out;
	}
	if (s1.outcome != LOG_OUTCOME_UPHELD &&
	    s1.outcome != LOG_OUTCOME_NOT_UPHELD) {
		rc = error(c, "stage 1 of '%s' has no answer; record it with "
		    "'candour log respond' first", c->arg);
		goto out;
	}
	if (before_received(c, &s1, c->date)) {
		rc = EXIT_INPUT;
		goto out;
	}
	log_stage_clear(&s2);
	s2.stage = 2;
	s2.received = c->date;
	if ((rc = save_stage(c, &s2)) != 0)
		goto out;
	printf("candour: %s escalated to stage 2 on %s; acknowledge it by %s\n",
	    c->arg, day(c->date, a), day(code_ack_by(&c->w, c->date), b));
out:
	log_stage_clear(&s1);
	log_stage_clear(&s2);
	return rc;
}

/* Close the stage with outcome (refused or withdrawn). */
static int
close_stage(struct cmd *c, enum log_outcome outcome, int reason)
{
	struct log_stage s;
	int		 rc;
	char		 a[DATE_LEN + 1];

	memset(&s, 0, sizeof(s));
	if ((rc = load_stage(c, &s, 1)) != 0)
		goto out;
	if (before_received(c, &s, c->date)) {
		rc = EXIT_INPUT;
		goto out;
	}
	s.outcome = outcome;
	s.responded = c->date;
	s.reason = reason;
	if ((rc = save_stage(c, &s)) != 0)
		goto out;
	printf("candour: %s stage %d %s on %s\n", c->arg, s.stage,
	    log_outcomes[outcome], day(c->date, a));
out:
	log_stage_clear(&s);
	return rc;
}

static int
cmd_refuse(struct cmd *c)
{
	int	 reason;

	if ((reason = option_choice(c, O_REASON, log_reasons,
	    LOG_REASON__MAX, 0)) < 0)
		return EXIT_INPUT;
	return close_stage(c, LOG_OUTCOME_REFUSED, reason);
}

static int
cmd_withdraw(struct cmd *c)
{
	return close_stage(c, LOG_OUTCOME_WITHDRAWN, -1);
}

/* One line of `due`. */
struct due {
	char		 reference[LOG_REFERENCE_MAX + 1];
	int		 stage;
	long		 deadline;
	const char	*what;
};

struct due_list {
	struct due	*v;
	size_t		 n, cap;
	const struct workdays *w;
	int		 full;
};

static int
due_add(void *arg, const char *reference, const struct log_stage *s)
{
	struct due_list	*l = arg;
	struct due	*d;
	size_t		 i;
	int		 too_long;

	if (l->n == DUE_MAX) {
		l->full = 1;
		return 1;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		if ((d = realloc(l->v, l->cap * sizeof(*d))) == NULL) {
			l->full = -1;
			return 1;
		}
		l->v = d;
	}
	d = &l->v[l->n++];
	/* Shown on a terminal: control characters become '?'. */
	for (i = 0; reference[i] != '\0' && i < LOG_REFERENCE_MAX; i++)
		d->reference[i] = (unsigned char)reference[i] < ' ' ||
		    reference[i] == 0x7f ? '?' : reference[i];
	d->reference[i] = '\0';
	d->stage = s->stage;
	if (s->acknowledged == DATE_NONE) {
		d->deadline = code_ack_by(l->w, s->received);
		d->what = "acknowledge";
	} else {
		d->deadline = code_response_by(l->w, s->stage, s->received,
		    s->acknowledged, s->extended_to, s->extension_reason !=
		    NULL, &too_long);
		d->what = s->extended_to != DATE_NONE && !too_long ?
		    "answer (extended)" : "answer";
	}
	return 0;
}

static int
cmp_due(const void *a, const void *b)
{
	const struct due *x = a, *y = b;
	int	 c;

	if (x->deadline != y->deadline)
		return x->deadline < y->deadline ? -1 : 1;
	if ((c = strcmp(x->reference, y->reference)) != 0)
		return c;
	return x->stage - y->stage;
}

static int
cmd_due(struct cmd *c)
{
	struct due_list	 l;
	size_t		 i;
	char		 a[DATE_LEN + 1];

	memset(&l, 0, sizeof(l));
	l.w = &c->w;
	if (log_each_open(c->log, due_add, &l, &c->why) == -1) {
		free(l.v);
		return failed(c);
	}
	if (l.full == -1) {
		free(l.v);
		fprintf(stderr, "candour: out of memory\n");
		return EXIT_ENV;
	}
	if (l.n == 0) {
		printf("candour: no open complaints in %s\n",
		    buf_str(&c->path));
		free(l.v);
		return EXIT_OK;
	}
	qsort(l.v, l.n, sizeof(*l.v), cmp_due);
	printf("%-10s  %9s  %-*s  %5s  %s\n", "deadline", "days left",
	    LOG_REFERENCE_MAX > 20 ? 20 : LOG_REFERENCE_MAX, "reference",
	    "stage", "next");
	for (i = 0; i < l.n; i++)
		printf("%-10s  %9ld  %-20s  %5d  %s\n", day(l.v[i].deadline, a),
		    workday_count(&c->w, c->date, l.v[i].deadline),
		    l.v[i].reference, l.v[i].stage, l.v[i].what);
	if (l.full)
		printf("candour: only the first %d open stages are listed\n",
		    DUE_MAX);
	free(l.v);
	return EXIT_OK;
}

static int
cmd_kiosks(struct cmd *c)
{
	const char	*action = c->args[0], *id = c->nargs > 1 ? c->args[1] :
	    NULL;
	int		 tenure = LOG_TENURE_LCRA;

	if (strcmp(action, "list") == 0 && id == NULL)
		return logbundle_kiosk_list(c->log);
	if (strcmp(action, "retire") == 0 && id != NULL)
		return logbundle_kiosk_retire(c->log, id);
	if (strcmp(action, "add") == 0 && id != NULL) {
		if (c->opt[O_PUBLIC_KEY] == NULL || c->opt[O_LABEL] == NULL)
			return error(c, "add needs --public-key FILE (the "
			    "kiosk's kiosk.pub) and --label TEXT (where it "
			    "stands)");
		if (c->opt[O_TENURE] != NULL && (tenure = option_choice(c,
		    O_TENURE, log_tenures, LOG_TENURE__MAX, 0)) < 0)
			return EXIT_INPUT;
		return logbundle_kiosk_add(c->log, id, c->opt[O_PUBLIC_KEY],
		    c->opt[O_LABEL], (enum log_tenure)tenure);
	}
	return error(c, "use 'add ID', 'list' or 'retire ID' ('candour log "
	    "kiosks --help')");
}

/* Find the office key: --key, or site.yaml's office_key setting. */
static int
find_key(struct cmd *c, struct buf *path)
{
	struct config	 conf;
	struct stat	 st;
	const char	*content = c->opt[O_CONTENT] ? c->opt[O_CONTENT] :
	    "content";

	if (c->opt[O_KEY] != NULL) {
		buf_puts(path, c->opt[O_KEY]);
		return 0;
	}
	if (stat(content, &st) == -1 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "candour: there is no content folder '%s' to "
		    "find the office key from; name the key with --key, or "
		    "the content folder with --content\n", content);
		return EXIT_INPUT;
	}
	if (config_read(&conf, content, &c->diag) == -1) {
		config_free(&conf);
		return EXIT_INPUT;
	}
	log_path(path, content, conf.value[SET_OFFICE_KEY]);
	config_free(&conf);
	return path->err ? EXIT_ENV : 0;
}

static int
cmd_bundles(struct cmd *c)
{
	struct buf	 key = BUF_INIT;
	int		 rc;

	if ((rc = find_key(c, &key)) == 0)
		rc = logbundle_import(c->log, buf_str(&c->path),
		    buf_str(&key), c->args, c->nargs);
	buf_free(&key);
	return rc;
}

/* Find the log's path: --log, or site.yaml's setting. */
static int
find_log(struct cmd *c)
{
	struct config	 conf;
	struct stat	 st;
	const char	*content = c->opt[O_CONTENT] ? c->opt[O_CONTENT] :
	    "content";

	if (c->opt[O_LOG] != NULL) {
		buf_puts(&c->path, c->opt[O_LOG]);
		return 0;
	}
	if (stat(content, &st) == -1 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "candour: there is no content folder '%s'; run "
		    "candour in the folder that holds it, or name it with "
		    "--content (or name the log with --log)\n", content);
		return EXIT_INPUT;
	}
	if (config_read(&conf, content, &c->diag) == -1) {
		config_free(&conf);
		return EXIT_INPUT;
	}
	log_path(&c->path, content, conf.value[SET_LOG]);
	config_free(&conf);
	return 0;
}

static int
run(struct cmd *c, const struct subcommand *s)
{
	const char	*content = c->opt[O_CONTENT] ? c->opt[O_CONTENT] :
	    "content";
	int		 rc;

	if ((rc = find_log(c)) != 0)
		return rc;
	/* Every command but the import works with deadlines. */
	if (s->run != cmd_import && s->run != cmd_kiosks &&
	    s->run != cmd_bundles && workdays_read(&c->w, content,
	    &c->diag) == -1)
		return EXIT_INPUT;
	if ((s->opts & F(O_DATE)) && option_date(c, O_DATE, &c->date) == -1)
		return EXIT_INPUT;
	if (c->path.err)
		return EXIT_ENV;
	if ((c->log = log_open(buf_str(&c->path), LOG_READ_WRITE,
	    &c->why)) == NULL) {
		fprintf(stderr, "candour: %s: %s\n", buf_str(&c->path),
		    buf_str(&c->why));
		return EXIT_ENV;
	}
	return s->run(c);
}

int
logcmd_run(int argc, char *argv[])
{
	const struct subcommand *s = NULL;
	struct cmd	 c;
	size_t		 i;
	int		 ch, rc, help = 0;
	char		*end;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage_all(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (i = 0; i < NSUBS; i++)
		if (strcmp(subs[i].name, argv[1]) == 0)
			s = &subs[i];
	if (s == NULL) {
		fprintf(stderr, "candour log: unknown command '%s'\n", argv[1]);
		usage_all(stderr);
		return EXIT_USAGE;
	}
	memset(&c, 0, sizeof(c));
	c.name = s->name;
	diag_init(&c.diag, stderr);
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc - 1, argv + 1, "h", longopts, NULL)) !=
	    -1) {
		if (ch == 'h') {
			help = 1;
			continue;
		}
		if (ch >= 0 && ch < O__MAX && !((s->opts | COMMON) & F(ch))) {
			fprintf(stderr, "candour log %s: --%s is not an option "
			    "of this command\n", s->name, longopts[ch].name);
			usage_one(stderr, s, 0);
			return EXIT_USAGE;
		}
		if (ch < 0 || ch >= O__MAX) {
			fprintf(stderr, "candour log %s: '%s' is not an option "
			    "of this command, or needs a value\n", s->name,
			    (argv + 1)[optind - 1]);
			usage_one(stderr, s, 0);
			return EXIT_USAGE;
		}
		c.opt[ch] = optarg;
	}
	if (help) {
		usage_one(stdout, s, 1);
		return EXIT_OK;
	}
	argc -= optind + 1;
	argv += optind + 1;
	if ((s->arg == NULL && argc != 0) || (s->arg != NULL &&
	    strcmp(s->arg, "BUNDLE") != 0 && strcmp(s->arg, "ACTION") != 0 &&
	    argc != 1) || (s->run == cmd_bundles && argc < 1) ||
	    (s->run == cmd_kiosks && (argc < 1 || argc > 2))) {
		fprintf(stderr, "candour log %s: %s\n", s->name, s->arg == NULL ?
		    "takes no arguments" : s->arg[0] == 'F' ? "name one file" :
		    s->arg[0] == 'B' ? "name the bundles to import" :
		    s->arg[0] == 'A' ? "say add, list or retire" :
		    "give one complaint reference");
		usage_one(stderr, s, 0);
		return EXIT_USAGE;
	}
	for (i = 0; i < O__MAX; i++)
		if ((s->required & F(i)) && c.opt[i] == NULL) {
			fprintf(stderr, "candour log %s: --%s is needed\n",
			    s->name, longopts[i].name);
			usage_one(stderr, s, 0);
			return EXIT_USAGE;
		}
	if (c.opt[O_STAGE] != NULL) {
		c.stage = (int)strtol(c.opt[O_STAGE], &end, 10);
		if (*end != '\0' || (c.stage != 1 && c.stage != 2)) {
			fprintf(stderr, "candour log %s: --stage '%s': use 1 or "
			    "2\n", s->name, c.opt[O_STAGE]);
			return EXIT_USAGE;
		}
	}
	c.arg = s->arg != NULL ? argv[0] : NULL;
	c.args = argv;
	c.nargs = (size_t)argc;
	rc = run(&c, s);
	diag_flush(&c.diag);
	log_close(c.log);
	workdays_free(&c.w);
	buf_free(&c.path);
	buf_free(&c.why);
	return rc;
}
