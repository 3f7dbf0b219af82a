/*
 * journey: the addresses of the kiosk and the order of the questions.
 *
 *	GET  /			start: language, text size, Easy Read
 *	POST /settings		change one of those, back to /
 *	POST /start		begin (or carry on), to the first question
 *	GET, POST /about ... /help	the questions, one per page
 *	GET  /check		check answers; mints the submission id
 *	POST /submit		seal and commit, then to /done
 *	GET  /done		the reference
 *	POST /exit		end the session and clear everything
 *	POST /keepalive		"I need more time": the session stays
 *
 * Every POST answers with a redirect (303) or with the same question again
 * and its errors, so a refresh never sends anything twice.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "journey.h"
#include "outbox.h"
#include "pages.h"
#include "record.h"
#include "session.h"
#include "utf8.h"

/* Bytes reserved for a page up front, so building it never reallocates
 * (which would leave copies of answers in freed memory). */
#define PAGE_RESERVE	(160 * 1024)

enum step {
	STEP_ABOUT,
	STEP_HAPPENED,
	STEP_PUT_RIGHT,
	STEP_DANGER,
	STEP_URGENT,
	STEP_REPLY,
	STEP_DETAILS,
	STEP_HELP,
	STEP_CHECK,
	STEP__MAX
};

static const struct step_def {
	const char	*path;
	enum screen	 screen;
	enum field	 fields[2];	/* the fields it asks; FIELD__MAX: none */
} steps[STEP__MAX] = {
	[STEP_ABOUT] = { "/about", SCREEN_ABOUT,
	    { FIELD_CATEGORY, FIELD__MAX } },
	[STEP_HAPPENED] = { "/happened", SCREEN_HAPPENED,
	    { FIELD_HAPPENED, FIELD__MAX } },
	[STEP_PUT_RIGHT] = { "/put-right", SCREEN_PUT_RIGHT,
	    { FIELD_PUT_RIGHT, FIELD__MAX } },
	[STEP_DANGER] = { "/danger", SCREEN_DANGER,
	    { FIELD_DANGER, FIELD__MAX } },
	[STEP_URGENT] = { "/danger-help", SCREEN_URGENT,
	    { FIELD__MAX, FIELD__MAX } },
	[STEP_REPLY] = { "/reply", SCREEN_REPLY,
	    { FIELD_REPLY, FIELD__MAX } },
	[STEP_DETAILS] = { "/reply-details", SCREEN_DETAILS,
	    { FIELD__MAX, FIELD__MAX } },	/* by the way of replying */
	[STEP_HELP] = { "/help", SCREEN_HELP,
	    { FIELD_HELP, FIELD_HELP_DETAILS } },
	[STEP_CHECK] = { "/check", SCREEN_CHECK,
	    { FIELD__MAX, FIELD__MAX } },
};

/* The contact fields each way of replying needs. */
static const struct method {
	const char	*name;
	enum field	 fields[2];
} methods[] = {
	{ "anonymous", { FIELD__MAX, FIELD__MAX } },
	{ "room", { FIELD_NAME, FIELD_ROOM } },
	{ "phone", { FIELD_PHONE, FIELD__MAX } },
	{ "email", { FIELD_EMAIL, FIELD__MAX } },
	{ "staff", { FIELD_STAFF, FIELD_WHERE } },
};

static const struct kiosk_config *cfg;
static struct outbox		 *outbox;

void
journey_setup(const struct kiosk_config *c, struct outbox *o)
{
	cfg = c;
	outbox = o;
}

/* The way of replying chosen in a, or NULL. */
static const struct method *
method_of(const struct answers *a)
{
	size_t	 i;

	for (i = 0; i < sizeof(methods) / sizeof(*methods); i++)
		if (strcmp(methods[i].name, a->reply) == 0)
			return &methods[i];
	return NULL;
}

/* The fields step asks in the session's state, into out[2]. */
static void
step_fields(enum step st, const struct answers *a, enum field out[2])
{
	const struct method *m;

	out[0] = steps[st].fields[0];
	out[1] = steps[st].fields[1];
	if (st == STEP_DETAILS && (m = method_of(a)) != NULL) {
		out[0] = m->fields[0];
		out[1] = m->fields[1];
	}
}

/* The first step with a required answer missing, or STEP_CHECK. */
static enum step
first_missing(const struct answers *a)
{
	enum field	 f[2];
	size_t		 st, i;

	for (st = 0; st < STEP_CHECK; st++) {
		if (st == STEP_URGENT)
			continue;
		step_fields((enum step)st, a, f);
		for (i = 0; i < 2; i++)
			if (f[i] != FIELD__MAX && form_fields[f[i]].required &&
			    form_get(a, f[i])[0] == '\0')
				return (enum step)st;
	}
	return STEP_CHECK;
}

/* Where the resident goes after answering step. */
static enum step
next_step(enum step st, const struct answers *a, int from_check)
{
	if (st == STEP_DANGER && strcmp(a->danger, "yes") == 0)
		return STEP_URGENT;
	if (st == STEP_REPLY && strcmp(a->reply, "anonymous") != 0)
		return STEP_DETAILS;
	if (from_check)
		return first_missing(a);
	switch (st) {
	case STEP_DANGER:
	case STEP_URGENT:
		return STEP_REPLY;
	case STEP_REPLY:
		return STEP_HELP;
	default:
		return st + 1 < STEP__MAX ? st + 1 : STEP_CHECK;
	}
}

/* The Back link of step. */
static const char *
back_of(enum step st, const struct answers *a, int from_check)
{
	if (from_check && st != STEP_URGENT && st != STEP_DETAILS)
		return "/check";
	switch (st) {
	case STEP_ABOUT:
		return "/";
	case STEP_REPLY:
		return strcmp(a->danger, "yes") == 0 ? "/danger-help" :
		    "/danger";
	case STEP_HELP:
		return strcmp(a->reply, "anonymous") == 0 ? "/reply" :
		    "/reply-details";
	case STEP_URGENT:
		return "/danger";
	default:
		return steps[st - 1].path;
	}
}

/* Start the page in rp, with room reserved so it never reallocates. */
static void
reply_page(struct reply *rp, unsigned status)
{
	rp->status = status;
	buf_printf(&rp->body, "%*s", PAGE_RESERVE, "");
	buf_truncate(&rp->body, 0);
}

static void
redirect(struct reply *rp, const char *path, int from_check)
{
	rp->status = 303;
	snprintf(rp->location, sizeof(rp->location), "%s%s", path,
	    from_check ? "?from=check" : "");
}

/* The view of a page for session s (NULL: the defaults). */
static void
view_of(struct view *v, const struct session *s)
{
	memset(v, 0, sizeof(*v));
	v->cfg = cfg;
	v->lang = s != NULL ? s->lang : cfg->langs[0];
	v->size = s != NULL ? s->size : 1;
	v->easy = s != NULL ? s->easy : 0;
	v->session = s != NULL;
}

/* Whether lang is one the kiosk offers. */
static int
offered(int lang)
{
	size_t	 i;

	for (i = 0; i < cfg->nlangs; i++)
		if ((int)cfg->langs[i] == lang)
			return 1;
	return 0;
}

static void
set_cookie(struct reply *rp, const struct session *s)
{
	snprintf(rp->cookie, sizeof(rp->cookie), "%s=%s; Path=/; HttpOnly; "
	    "SameSite=Strict", FORM_COOKIE, s->token);
}

static void
clear_cookie(struct reply *rp)
{
	snprintf(rp->cookie, sizeof(rp->cookie), "%s=; Path=/; Max-Age=0; "
	    "HttpOnly; SameSite=Strict", FORM_COOKIE);
}

/* POST /settings: language, text size or Easy Read; back to the start. */
static void
change_settings(const struct request *rq, struct session *s,
    struct reply *rp)
{
	const char	*v;
	int		 lang;

	if ((v = form_value(rq->form, "lang", NULL)) != NULL &&
	    (lang = i18n_lang(v)) != -1 && offered(lang))
		s->lang = (enum lang)lang;
	if ((v = form_value(rq->form, "size", NULL)) != NULL &&
	    v[0] >= '1' && v[0] <= '3' && v[1] == '\0')
		s->size = v[0] - '0';
	if ((v = form_value(rq->form, "easy", NULL)) != NULL &&
	    (v[0] == '0' || v[0] == '1') && v[1] == '\0')
		s->easy = v[0] == '1';
	redirect(rp, "/", 0);
}

/*
 * Join every value of the repeated field name in form, space-separated,
 * into out (size bytes). Returns the length, or -1 if it does not fit.
 */
static long
join_values(const struct form *form, const char *name, char *out,
    size_t size)
{
	size_t	 i, n = 0;

	out[0] = '\0';
	for (i = 0; i < form->n; i++) {
		if (strcmp(form->pair[i].name, name) != 0)
			continue;
		if (n + form->pair[i].len + 2 > size ||
		    memchr(form->pair[i].value, '\0', form->pair[i].len))
			return -1;
		if (n > 0)
			out[n++] = ' ';
		memcpy(out + n, form->pair[i].value, form->pair[i].len);
		n += form->pair[i].len;
		out[n] = '\0';
	}
	return (long)n;
}

/* Render step's screen for s with the given errors and shown values. */
static void
show_step(enum step st, struct session *s, int from_check,
    const struct field_error *errors, size_t nerrors, const char **values,
    struct reply *rp)
{
	struct view	 v;
	size_t		 i;

	view_of(&v, s);
	v.back = back_of(st, &s->a, from_check);
	v.from_check = from_check;
	v.errors = errors;
	v.nerrors = nerrors;
	v.answers = &s->a;
	v.sid = s->sid;
	for (i = 0; i < FIELD__MAX; i++)
		v.value[i] = values != NULL ? values[i] :
		    form_get(&s->a, (enum field)i);
	reply_page(rp, 200);
	screen_render(&rp->body, steps[st].screen, &v);
}

/* POST to a question: check and store its fields, then move on. */
static void
answer_step(enum step st, const struct request *rq, struct session *s,
    struct reply *rp)
{
	struct field_error errors[2];
	const char	*values[FIELD__MAX], *raw;
	const struct method *before = method_of(&s->a), *after;
	enum field	 f[2];
	char		 joined[64];
	size_t		 i, j, len, nerrors = 0;
	long		 n;

	step_fields(st, &s->a, f);
	for (i = 0; i < FIELD__MAX; i++)
		values[i] = form_get(&s->a, (enum field)i);
	for (i = 0; i < 2; i++) {
		if (f[i] == FIELD__MAX)
			continue;
		if (form_fields[f[i]].kind == KIND_MULTI) {
			n = join_values(rq->form, form_fields[f[i]].name,
			    joined, sizeof(joined));
			raw = joined;
			len = n < 0 ? 0 : (size_t)n;
			if (n < 0)
				joined[0] = '\0';
		} else if ((raw = form_value(rq->form, form_fields[f[i]].name,
		    &len)) == NULL)
			raw = "", len = 0;
		if (form_set(&s->a, f[i], raw, len, &errors[nerrors]) == -1) {
			nerrors++;
			values[f[i]] = utf8_check(raw, len) == len &&
			    strlen(raw) == len ? raw : "";
		}
	}
	if (nerrors > 0) {
		show_step(st, s, rq->from_check, errors, nerrors, values, rp);
		return;
	}
	/* A new way of replying: forget the details of the old one. */
	after = method_of(&s->a);
	if (st == STEP_REPLY && before != NULL && after != before)
		for (j = 0; j < 2; j++)
			if (before->fields[j] != FIELD__MAX)
				sodium_memzero((char *)&s->a +
				    form_fields[before->fields[j]].offset,
				    form_fields[before->fields[j]].size);
	st = next_step(st, &s->a, rq->from_check);
	redirect(rp, steps[st].path, rq->from_check && (st == STEP_URGENT ||
	    st == STEP_DETAILS));
}

/* Make the sealed record for outbox_commit. */
static int
seal_session(void *cls, const char *reference, const char *created,
    unsigned char **blob, size_t *len)
{
	return record_seal(cfg, cls, reference, created, blob, len);
}

/* POST /submit: commit before the confirmation can be shown. */
static void
submit(const struct request *rq, struct session *s, struct reply *rp)
{
	struct view	 v;
	const char	*sid = form_value(rq->form, "sid", NULL);
	char		 ref[32], why[160];
	struct timespec	 t0, t1;
	enum outbox_result res;

	if (s->reference[0] != '\0') {
		redirect(rp, "/done", 0);
		return;
	}
	if (first_missing(&s->a) != STEP_CHECK) {
		redirect(rp, steps[first_missing(&s->a)].path, 0);
		return;
	}
	if (sid == NULL || s->sid[0] == '\0' || strcmp(sid, s->sid) != 0) {
		redirect(rp, "/check", 0);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	res = outbox_commit(outbox, s->sid, cfg->key_id, RECORD_FORM_VERSION,
	    seal_session, s, ref, sizeof(ref), why, sizeof(why));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (res == OUTBOX_SAVED) {
		snprintf(s->reference, sizeof(s->reference), "%s", ref);
		s->anonymous = strcmp(s->a.reply, "anonymous") == 0;
		session_forget_answers(s);
		printf("candour-kiosk: complaint %s saved (%.1f ms)\n", ref,
		    (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
		fflush(stdout);
		redirect(rp, "/done", 0);
		return;
	}
	fprintf(stderr, "candour-kiosk: a complaint was NOT saved: %s%s\n",
	    why, res == OUTBOX_FULL ? "; free some disk space (see "
	    "candour-kiosk status)" : "");
	view_of(&v, s);
	v.back = "/check";
	v.sid = s->sid;
	reply_page(rp, 503);
	screen_render(&rp->body, SCREEN_NOT_SAVED, &v);
}

/* The index of the step at path, or STEP__MAX. */
static enum step
step_at(const char *path)
{
	size_t	 i;

	for (i = 0; i < STEP__MAX; i++)
		if (strcmp(steps[i].path, path) == 0)
			return (enum step)i;
	return STEP__MAX;
}

/* The requests that need a session, once there is one. */
static void
with_session(const struct request *rq, struct session *s, struct reply *rp)
{
	struct view	 v;
	enum step	 st = step_at(rq->path), missing;

	if (strcmp(rq->path, "/done") == 0 && !rq->post) {
		if (s->reference[0] == '\0') {
			redirect(rp, "/", 0);
			return;
		}
		view_of(&v, s);
		v.reference = s->reference;
		v.anonymous = s->anonymous;
		reply_page(rp, 200);
		screen_render(&rp->body, SCREEN_DONE, &v);
		return;
	}
	if (strcmp(rq->path, "/submit") == 0 && rq->post) {
		submit(rq, s, rp);
		return;
	}
	if (st == STEP__MAX || (rq->post && (st == STEP_CHECK ||
	    st == STEP_URGENT))) {
		journey_problem(SCREEN_NOT_FOUND, 404, 0, s->token, rq->now,
		    rp);
		return;
	}
	if (s->reference[0] != '\0') {	/* sent: nothing to go back to */
		redirect(rp, "/done", 0);
		return;
	}
	missing = first_missing(&s->a);
	if (st > missing && !(st == STEP_DETAILS && missing == STEP_DETAILS)) {
		redirect(rp, steps[missing].path, 0);
		return;
	}
	if (st == STEP_URGENT && strcmp(s->a.danger, "yes") != 0) {
		redirect(rp, "/danger", 0);
		return;
	}
	if (st == STEP_DETAILS && strcmp(s->a.reply, "anonymous") == 0) {
		redirect(rp, "/help", rq->from_check);
		return;
	}
	if (rq->post) {
		answer_step(st, rq, s, rp);
		return;
	}
	if (st == STEP_CHECK && s->sid[0] == '\0')
		session_mint_sid(s);
	show_step(st, s, rq->from_check, NULL, 0, NULL, rp);
}

void
journey_handle(const struct request *rq, struct reply *rp)
{
	struct session	*s = NULL;
	struct view	 v;
	int		 stale;

	if (rq->token != NULL)
		s = session_find(rq->token, rq->now);
	stale = rq->token != NULL && s == NULL;
	if (strcmp(rq->path, "/") == 0 && !rq->post) {
		view_of(&v, s);
		v.cleared = rq->cleared;
		reply_page(rp, 200);
		screen_render(&rp->body, SCREEN_START, &v);
		if (stale)
			clear_cookie(rp);
		return;
	}
	if (rq->post && strcmp(rq->path, "/exit") == 0) {
		if (s != NULL)
			session_end(s);
		clear_cookie(rp);
		rp->clear_site = 1;
		redirect(rp, rq->form != NULL && form_value(rq->form,
		    "reason", NULL) != NULL ? "/?cleared=1" : "/", 0);
		return;
	}
	if (rq->post && strcmp(rq->path, "/keepalive") == 0) {
		rp->status = s != NULL ? 204 : 410;
		return;
	}
	if (rq->post && (strcmp(rq->path, "/settings") == 0 ||
	    strcmp(rq->path, "/start") == 0)) {
		if (s == NULL) {
			if ((s = session_new(rq->now, cfg->langs[0])) == NULL) {
				journey_problem(SCREEN_BUSY, 503,
				    SESSION_MAX, NULL, rq->now, rp);
				return;
			}
			set_cookie(rp, s);
		}
		if (strcmp(rq->path, "/settings") == 0) {
			change_settings(rq, s, rp);
			return;
		}
		if (s->reference[0] != '\0') {	/* a new complaint */
			session_forget_answers(s);
			s->reference[0] = '\0';
			s->sid[0] = '\0';
		}
		redirect(rp, steps[first_missing(&s->a)].path, 0);
		return;
	}
	if (s == NULL) {
		if (step_at(rq->path) == STEP__MAX && strcmp(rq->path,
		    "/done") != 0 && strcmp(rq->path, "/submit") != 0) {
			journey_problem(SCREEN_NOT_FOUND, 404, 0, NULL,
			    rq->now, rp);
			return;
		}
		/* No session (never started, exited or expired): the start. */
		redirect(rp, stale ? "/?cleared=1" : "/", 0);
		if (stale)
			clear_cookie(rp);
		return;
	}
	with_session(rq, s, rp);
}

void
journey_problem(enum screen sc, unsigned status, size_t limit,
    const char *token, time_t now, struct reply *rp)
{
	struct session	*s = token != NULL ? session_find(token, now) : NULL;
	struct view	 v;

	view_of(&v, s);
	v.limit = limit;
	reply_page(rp, status);
	screen_render(&rp->body, sc, &v);
}
