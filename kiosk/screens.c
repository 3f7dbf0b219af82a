/*
 * screens: one function per screen, in the order of the journey.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "html.h"
#include "pages.h"
#include "screens.h"

static const enum str category_labels[] = { S_CAT_REPAIRS, S_CAT_STAFF,
    S_CAT_NEIGHBOURS, S_CAT_CLEANING, S_CAT_SAFETY, S_CAT_MONEY,
    S_CAT_SUPPORT, S_CAT_OTHER };
static const enum str danger_labels[] = { S_YES, S_NO };
static const enum str reply_labels[] = { S_REPLY_ANONYMOUS, S_REPLY_ROOM,
    S_REPLY_PHONE, S_REPLY_EMAIL, S_REPLY_STAFF };
static const enum str reply_hints[] = { S_REPLY_ANONYMOUS_HINT, S__MAX,
    S__MAX, S__MAX, S_REPLY_STAFF_HINT };
static const enum str help_labels[] = { S_HELP_ADVOCATE,
    S_HELP_REPRESENTATIVE, S_HELP_ADJUSTMENTS };
static const enum str help_hints[] = { S_HELP_ADVOCATE_HINT,
    S_HELP_REPRESENTATIVE_HINT, S_HELP_ADJUSTMENTS_HINT };

/* The label of choice value in field f's table, from labels. */
static enum str
choice_label(enum field f, const char *value, const enum str *labels)
{
	const char *const *c = form_fields[f].choices;
	size_t	 i;

	for (i = 0; c[i] != NULL; i++)
		if (strcmp(c[i], value) == 0)
			return labels[i];
	return S__MAX;
}

/* A paragraph of the string id. */
static void
para(struct buf *b, const struct view *v, enum str id, const char *cls)
{
	if (cls != NULL)
		buf_printf(b, "<p class=\"%s\">", cls);
	else
		buf_puts(b, "<p>");
	html_texts(b, page_str(v, id));
	buf_puts(b, "</p>\n");
}

/* A heading of level n with the string id. */
static void
heading(struct buf *b, const struct view *v, int n, enum str id)
{
	buf_printf(b, "<h%d>", n);
	html_texts(b, page_str(v, id));
	buf_printf(b, "</h%d>\n", n);
}

/* One row of settings buttons: name=value for each, the current one
 * pressed. */
static void
setting_button(struct buf *b, const char *name, const char *value,
    const char *text, const char *lang, int pressed, const char *cls)
{
	buf_printf(b, "<button type=\"submit\" class=\"button button-setting"
	    "%s%s\" name=\"%s\" value=\"%s\" aria-pressed=\"%s\"", cls ? " " :
	    "", cls ? cls : "", name, value, pressed ? "true" : "false");
	if (lang != NULL) {
		buf_puts(b, " lang=\"");
		html_attrs(b, lang);
		buf_putc(b, '"');
	}
	buf_putc(b, '>');
	html_texts(b, text);
	buf_puts(b, "</button>\n");
}

static void
screen_start(struct buf *b, const struct view *v)
{
	const struct kiosk_config *c = v->cfg;
	static const enum str sizes[] = { S_SIZE_1, S_SIZE_2, S_SIZE_3 };
	char		 num[4];
	size_t		 i;

	page_begin(b, v, page_str(v, S_START_TITLE));
	buf_puts(b, "<h1 class=\"title\">");
	html_texts(b, page_str(v, S_START_TITLE));
	buf_puts(b, "</h1>\n");
	if (v->cleared)
		para(b, v, S_START_CLEARED, "notice");
	page_picture(b, v, "start");
	para(b, v, S_START_LEAD, "lead");
	para(b, v, S_START_PRIVATE, NULL);
	page_form_begin(b, "/settings");
	if (c->nlangs > 1) {
		buf_puts(b, "<h2 id=\"language\">");
		html_texts(b, page_str(v, S_START_LANGUAGE));
		buf_puts(b, "</h2>\n<div class=\"settings\" role=\"group\" "
		    "aria-labelledby=\"language\">\n");
		for (i = 0; i < c->nlangs; i++)
			setting_button(b, "lang", i18n_code(c->langs[i]),
			    i18n_get(c->langs[i], 0, S_LANGUAGE_NAME),
			    c->langs[i] != v->lang ? i18n_code(c->langs[i]) :
			    NULL, c->langs[i] == v->lang, NULL);
		buf_puts(b, "</div>\n");
	}
	buf_puts(b, "<h2 id=\"text-size\">");
	html_texts(b, page_str(v, S_START_SIZE));
	buf_puts(b, "</h2>\n<div class=\"settings\" role=\"group\" "
	    "aria-labelledby=\"text-size\">\n");
	for (i = 0; i < 3; i++) {
		char	 cls[16];

		snprintf(num, sizeof(num), "%zu", i + 1);
		snprintf(cls, sizeof(cls), "sample-%zu", i + 1);
		setting_button(b, "size", num, page_str(v, sizes[i]), NULL,
		    v->size == (int)i + 1, cls);
	}
	buf_puts(b, "</div>\n<h2 id=\"easy-read\">");
	html_texts(b, page_str(v, S_START_EASY));
	buf_puts(b, "</h2>\n<div class=\"settings\" role=\"group\" "
	    "aria-labelledby=\"easy-read\">\n");
	setting_button(b, "easy", "0", page_str(v, S_EASY_OFF), NULL,
	    !v->easy, NULL);
	setting_button(b, "easy", "1", page_str(v, S_EASY_ON), NULL,
	    v->easy, NULL);
	buf_puts(b, "</div>\n</form>\n");
	page_form_begin(b, "/start");
	buf_puts(b, "<button type=\"submit\" class=\"button button-start\">");
	html_texts(b, page_str(v, S_START_BUTTON));
	buf_puts(b, "</button>\n</form>\n");
}

/* The categories: one large button with a picture each. */
static void
screen_about(struct buf *b, const struct view *v)
{
	const struct field_def *d = &form_fields[FIELD_CATEGORY];
	const char	*cur = v->value[FIELD_CATEGORY] ?
	    v->value[FIELD_CATEGORY] : "";
	size_t		 i;

	page_begin(b, v, page_str(v, S_ABOUT_TITLE));
	page_form_begin(b, "/about");
	buf_printf(b, "<div class=\"field%s\">\n<fieldset class=\"fieldset\" "
	    "aria-describedby=\"category-hint%s\">\n<legend class=\"legend\">"
	    "<h1 class=\"title\">", page_has_error(v, FIELD_CATEGORY) ?
	    " field-error" : "", page_has_error(v, FIELD_CATEGORY) ?
	    " category-error" : "");
	html_texts(b, page_str(v, S_ABOUT_TITLE));
	buf_puts(b, "</h1></legend>\n<p class=\"hint\" id=\"category-hint\">");
	html_texts(b, page_str(v, S_ABOUT_HINT));
	buf_puts(b, "</p>\n");
	page_field_error(b, v, FIELD_CATEGORY);
	buf_puts(b, "<div class=\"categories\">\n");
	for (i = 0; d->choices[i] != NULL; i++) {
		buf_puts(b, "<button type=\"submit\" class=\"category\" "
		    "name=\"category\" value=\"");
		html_attrs(b, d->choices[i]);
		buf_puts(b, "\"");
		if (i == 0)
			buf_puts(b, " id=\"category\"");
		buf_printf(b, " aria-pressed=\"%s\"><img src=\"/static/pic/",
		    strcmp(cur, d->choices[i]) == 0 ? "true" : "false");
		html_url(b, d->choices[i]);
		buf_puts(b, ".svg\" alt=\"\" width=\"96\" height=\"96\">"
		    "<span>");
		html_texts(b, page_str(v, category_labels[i]));
		buf_puts(b, "</span></button>\n");
	}
	buf_puts(b, "</div>\n</fieldset>\n</div>\n");
	if (v->from_check)
		buf_puts(b, "<input type=\"hidden\" name=\"from\" value=\"check"
		    "\">\n");
	buf_puts(b, "</form>\n");
}

static void
screen_text(struct buf *b, const struct view *v, enum field f,
    const char *action, const char *picture, enum str title, enum str hint)
{
	page_begin(b, v, page_str(v, title));
	page_picture(b, v, picture);
	page_form_begin(b, action);
	page_textarea(b, v, f, title, hint, 1);
	page_form_end(b, v, S_CONTINUE);
}

static void
screen_danger(struct buf *b, const struct view *v)
{
	page_begin(b, v, page_str(v, S_DANGER_TITLE));
	page_picture(b, v, "danger");
	page_form_begin(b, "/danger");
	page_radios(b, v, FIELD_DANGER, S_DANGER_TITLE, S_DANGER_HINT,
	    danger_labels, NULL, 0);
	page_form_end(b, v, S_CONTINUE);
}

/* The urgent contacts and 999; the complaint carries on after. */
static void
screen_urgent(struct buf *b, const struct view *v)
{
	const struct kiosk_config *c = v->cfg;
	size_t	 i;

	page_begin(b, v, page_str(v, S_URGENT_TITLE));
	buf_puts(b, "<h1 class=\"title\">");
	html_texts(b, page_str(v, S_URGENT_TITLE));
	buf_puts(b, "</h1>\n");
	page_picture(b, v, "danger");
	para(b, v, S_URGENT_999, "urgent-999");
	para(b, v, S_URGENT_NO_PHONE, NULL);
	heading(b, v, 2, S_URGENT_CONTACTS);
	buf_puts(b, "<ul class=\"contacts\">\n");
	for (i = 0; i < c->ncontacts; i++) {
		buf_puts(b, "<li><span class=\"contact-name\">");
		html_texts(b, c->contacts[i].name);
		buf_puts(b, "</span> <span class=\"contact-phone\">");
		html_texts(b, c->contacts[i].phone);
		buf_puts(b, "</span>");
		if (c->contacts[i].when != NULL) {
			buf_puts(b, " <span class=\"contact-when\">");
			html_texts(b, c->contacts[i].when);
			buf_puts(b, "</span>");
		}
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ul>\n");
	para(b, v, S_URGENT_CARRY_ON, NULL);
	buf_printf(b, "<a class=\"button\" href=\"%s\">", v->from_check ?
	    "/check" : "/reply");
	html_texts(b, page_str(v, S_URGENT_BUTTON));
	buf_puts(b, "</a>\n");
}

static void
screen_reply(struct buf *b, const struct view *v)
{
	page_begin(b, v, page_str(v, S_REPLY_TITLE));
	page_picture(b, v, "reply");
	page_form_begin(b, "/reply");
	page_radios(b, v, FIELD_REPLY, S_REPLY_TITLE, S_REPLY_HINT,
	    reply_labels, reply_hints, 1);
	page_form_end(b, v, S_CONTINUE);
}

/* The contact details the chosen way of replying needs. */
static void
screen_details(struct buf *b, const struct view *v)
{
	const char	*method = v->answers->reply;
	enum str	 title;

	if (strcmp(method, "room") == 0)
		title = S_ROOM_TITLE;
	else if (strcmp(method, "phone") == 0)
		title = S_PHONE_TITLE;
	else if (strcmp(method, "email") == 0)
		title = S_EMAIL_TITLE;
	else
		title = S_STAFF_TITLE;
	page_begin(b, v, page_str(v, title));
	page_picture(b, v, method);
	page_form_begin(b, "/reply-details");
	if (title == S_ROOM_TITLE) {
		buf_puts(b, "<h1 class=\"title\">");
		html_texts(b, page_str(v, title));
		buf_puts(b, "</h1>\n");
		page_input(b, v, FIELD_NAME, S_NAME_LABEL, S__MAX, "name",
		    "text", 0);
		page_input(b, v, FIELD_ROOM, S_ROOM_LABEL, S__MAX, "off",
		    "text", 0);
	} else if (title == S_PHONE_TITLE)
		page_input(b, v, FIELD_PHONE, title, S_PHONE_HINT, "tel",
		    "tel", 1);
	else if (title == S_EMAIL_TITLE)
		page_input(b, v, FIELD_EMAIL, title, S_EMAIL_HINT, "email",
		    "email", 1);
	else {
		buf_puts(b, "<h1 class=\"title\">");
		html_texts(b, page_str(v, title));
		buf_puts(b, "</h1>\n");
		page_input(b, v, FIELD_STAFF, S_STAFF_LABEL, S_STAFF_HINT,
		    "off", "text", 0);
		page_input(b, v, FIELD_WHERE, S_WHERE_LABEL, S__MAX, "off",
		    "text", 0);
	}
	page_form_end(b, v, S_CONTINUE);
}

static void
screen_help(struct buf *b, const struct view *v)
{
	const struct field_def *d = &form_fields[FIELD_HELP];
	const char	*cur = v->value[FIELD_HELP] ? v->value[FIELD_HELP] : "";
	size_t		 i;
	int		 err = page_has_error(v, FIELD_HELP);

	page_begin(b, v, page_str(v, S_HELP_TITLE));
	page_picture(b, v, "help");
	page_form_begin(b, "/help");
	buf_printf(b, "<div class=\"field%s\">\n<fieldset class=\"fieldset\" "
	    "aria-describedby=\"help-hint%s\">\n<legend class=\"legend\">"
	    "<h1 class=\"title\">", err ? " field-error" : "", err ?
	    " help-error" : "");
	html_texts(b, page_str(v, S_HELP_TITLE));
	buf_puts(b, "</h1></legend>\n<p class=\"hint\" id=\"help-hint\">");
	html_texts(b, page_str(v, S_HELP_HINT));
	buf_puts(b, "</p>\n");
	page_field_error(b, v, FIELD_HELP);
	buf_puts(b, "<div class=\"checkboxes\">\n");
	for (i = 0; d->choices[i] != NULL; i++) {
		buf_printf(b, "<div class=\"checkbox\">\n<input type=\"checkbox"
		    "\" id=\"help%s%s\" name=\"help\" value=\"%s\" aria-"
		    "describedby=\"help-%s-hint\"%s>\n<label for=\"help%s%s\">",
		    i ? "-" : "", i ? d->choices[i] : "", d->choices[i],
		    d->choices[i], form_list_has(cur, d->choices[i]) ?
		    " checked" : "", i ? "-" : "", i ? d->choices[i] : "");
		html_texts(b, page_str(v, help_labels[i]));
		buf_printf(b, "</label>\n<p class=\"hint option-hint\" id=\"help-"
		    "%s-hint\">", d->choices[i]);
		html_texts(b, page_str(v, help_hints[i]));
		buf_puts(b, "</p>\n</div>\n");
	}
	buf_puts(b, "<p class=\"divider\">");
	html_texts(b, page_str(v, S_HELP_OR));
	buf_printf(b, "</p>\n<div class=\"checkbox\">\n<input type=\"checkbox\" "
	    "id=\"help-none\" name=\"help\" value=\"none\"%s>\n<label for=\""
	    "help-none\">", form_list_has(cur, "none") ? " checked" : "");
	html_texts(b, page_str(v, S_HELP_NONE));
	buf_puts(b, "</label>\n</div>\n</div>\n</fieldset>\n</div>\n");
	page_textarea(b, v, FIELD_HELP_DETAILS, S_HELP_DETAILS,
	    S_HELP_DETAILS_HINT, 0);
	page_form_end(b, v, S_CONTINUE);
}

/* One row of the check-answers list, with its Change link to href. */
static void
summary_row(struct buf *b, const struct view *v, enum str key,
    const char *value, const char *href)
{
	buf_puts(b, "<div class=\"summary-row\">\n<dt class=\"summary-key\">");
	html_texts(b, page_str(v, key));
	buf_puts(b, "</dt>\n<dd class=\"summary-value\">");
	html_texts(b, value[0] != '\0' ? value : page_str(v,
	    S_CHECK_NONE_GIVEN));
	buf_puts(b, "</dd>\n<dd class=\"summary-action\"><a href=\"");
	html_url(b, href);
	buf_puts(b, "?from=check\">");
	html_texts(b, page_str(v, S_CHANGE));
	buf_puts(b, "<span class=\"visually-hidden\"> ");
	html_texts(b, page_str(v, key));
	buf_puts(b, "</span></a></dd>\n</div>\n");
}

static void
screen_check(struct buf *b, const struct view *v)
{
	const struct answers *a = v->answers;
	struct buf	 help = BUF_INIT;
	const char	*m = a->reply;
	size_t		 i;

	page_begin(b, v, page_str(v, S_CHECK_TITLE));
	buf_puts(b, "<h1 class=\"title\">");
	html_texts(b, page_str(v, S_CHECK_TITLE));
	buf_puts(b, "</h1>\n<dl class=\"summary\">\n");
	summary_row(b, v, S_CHECK_ABOUT, page_str(v, choice_label(
	    FIELD_CATEGORY, a->category, category_labels)), "/about");
	summary_row(b, v, S_CHECK_HAPPENED, a->happened, "/happened");
	summary_row(b, v, S_CHECK_RIGHT, a->put_right, "/put-right");
	summary_row(b, v, S_CHECK_DANGER, page_str(v, choice_label(
	    FIELD_DANGER, a->danger, danger_labels)), "/danger");
	summary_row(b, v, S_CHECK_REPLY, page_str(v, choice_label(FIELD_REPLY,
	    m, reply_labels)), "/reply");
	if (strcmp(m, "room") == 0) {
		summary_row(b, v, S_CHECK_NAME, a->name, "/reply-details");
		summary_row(b, v, S_CHECK_ROOM, a->room, "/reply-details");
	} else if (strcmp(m, "phone") == 0)
		summary_row(b, v, S_CHECK_PHONE, a->phone, "/reply-details");
	else if (strcmp(m, "email") == 0)
		summary_row(b, v, S_CHECK_EMAIL, a->email, "/reply-details");
	else if (strcmp(m, "staff") == 0) {
		summary_row(b, v, S_CHECK_STAFF, a->staff, "/reply-details");
		summary_row(b, v, S_CHECK_WHERE, a->where, "/reply-details");
	}
	for (i = 0; form_fields[FIELD_HELP].choices[i] != NULL; i++)
		if (form_list_has(a->help, form_fields[FIELD_HELP].choices[i])) {
			if (help.len > 0)
				buf_puts(&help, "; ");
			buf_puts(&help, page_str(v, help_labels[i]));
		}
	if (help.len == 0)
		buf_puts(&help, page_str(v, S_HELP_NONE));
	summary_row(b, v, S_CHECK_HELP, buf_str(&help), "/help");
	buf_free(&help);
	summary_row(b, v, S_CHECK_HELP_DETAILS, a->help_details, "/help");
	buf_puts(b, "</dl>\n");
	heading(b, v, 2, S_CHECK_SEND_TITLE);
	para(b, v, S_CHECK_SEND_TEXT, NULL);
	page_form_begin(b, "/submit");
	buf_puts(b, "<input type=\"hidden\" name=\"sid\" value=\"");
	html_attrs(b, v->sid);
	buf_puts(b, "\">\n<button type=\"submit\" class=\"button "
	    "button-start\">");
	html_texts(b, page_str(v, S_CHECK_SEND));
	buf_puts(b, "</button>\n</form>\n");
}

/* A term and its value in the Ombudsman's details. */
static void
contact_row(struct buf *b, const struct view *v, enum str key,
    const char *value)
{
	buf_puts(b, "<dt>");
	html_texts(b, page_str(v, key));
	buf_puts(b, "</dt><dd>");
	html_texts(b, value);
	buf_puts(b, "</dd>\n");
}

static void
screen_done(struct buf *b, const struct view *v)
{
	const struct kiosk_config *c = v->cfg;

	page_begin(b, v, page_str(v, S_DONE_TITLE));
	buf_puts(b, "<div class=\"panel\">\n<h1 class=\"panel-title\">");
	html_texts(b, page_str(v, S_DONE_TITLE));
	buf_puts(b, "</h1>\n<p class=\"panel-body\">");
	html_texts(b, page_str(v, S_DONE_REFERENCE));
	buf_puts(b, "<br><strong class=\"reference\">");
	html_texts(b, v->reference);
	buf_puts(b, "</strong></p>\n</div>\n");
	page_picture(b, v, "done");
	para(b, v, S_DONE_KEEP, NULL);
	heading(b, v, 2, S_DONE_NEXT);
	if (v->anonymous)
		para(b, v, S_DONE_ANONYMOUS, NULL);
	else {
		para(b, v, S_DONE_ACKNOWLEDGE, NULL);
		para(b, v, S_DONE_ANSWER, NULL);
	}
	heading(b, v, 2, S_DONE_UNHAPPY);
	para(b, v, S_DONE_STAGE_2, NULL);
	heading(b, v, 3, S_DONE_OMBUDSMAN);
	buf_puts(b, "<dl class=\"contact-list\">\n");
	contact_row(b, v, S_OMBUDSMAN_PHONE, c->ombudsman_phone);
	contact_row(b, v, S_OMBUDSMAN_WEBSITE, c->ombudsman_website);
	contact_row(b, v, S_OMBUDSMAN_EMAIL, c->ombudsman_email);
	buf_puts(b, "</dl>\n<form method=\"post\" action=\"/exit\">\n<p class="
	    "\"hint\" id=\"finish-hint\">");
	html_texts(b, page_str(v, S_DONE_FINISH_HINT));
	buf_puts(b, "</p>\n<button type=\"submit\" class=\"button\" aria-"
	    "describedby=\"finish-hint\">");
	html_texts(b, page_str(v, S_DONE_FINISH));
	buf_puts(b, "</button>\n</form>\n");
}

static void
screen_not_saved(struct buf *b, const struct view *v)
{
	page_begin(b, v, page_str(v, S_FAIL_TITLE));
	buf_puts(b, "<h1 class=\"title\">");
	html_texts(b, page_str(v, S_FAIL_TITLE));
	buf_puts(b, "</h1>\n");
	para(b, v, S_FAIL_TEXT, "lead");
	para(b, v, S_FAIL_KEPT, NULL);
	page_form_begin(b, "/submit");
	buf_puts(b, "<input type=\"hidden\" name=\"sid\" value=\"");
	html_attrs(b, v->sid != NULL ? v->sid : "");
	buf_puts(b, "\">\n");
	page_form_end(b, v, S_FAIL_RETRY);
}

/* A problem page: title, text with {n}, and a way back to the start. */
static void
screen_problem(struct buf *b, const struct view *v, enum str title,
    enum str text)
{
	page_begin(b, v, page_str(v, title));
	buf_puts(b, "<h1 class=\"title\">");
	html_texts(b, page_str(v, title));
	buf_puts(b, "</h1>\n<p>");
	page_fill(b, page_str(v, text), v->limit, 0);
	buf_puts(b, "</p>\n<a class=\"button\" href=\"/\">");
	html_texts(b, page_str(v, S_START_AGAIN));
	buf_puts(b, "</a>\n");
}

void
screen_render(struct buf *b, enum screen s, const struct view *v)
{
	switch (s) {
	case SCREEN_START:
		screen_start(b, v);
		break;
	case SCREEN_ABOUT:
		screen_about(b, v);
		break;
	case SCREEN_HAPPENED:
		screen_text(b, v, FIELD_HAPPENED, "/happened", "happened",
		    S_HAPPENED_TITLE, S_HAPPENED_HINT);
		break;
	case SCREEN_PUT_RIGHT:
		screen_text(b, v, FIELD_PUT_RIGHT, "/put-right", "put-right",
		    S_RIGHT_TITLE, S_RIGHT_HINT);
		break;
	case SCREEN_DANGER:
		screen_danger(b, v);
		break;
	case SCREEN_URGENT:
		screen_urgent(b, v);
		break;
	case SCREEN_REPLY:
		screen_reply(b, v);
		break;
	case SCREEN_DETAILS:
		screen_details(b, v);
		break;
	case SCREEN_HELP:
		screen_help(b, v);
		break;
	case SCREEN_CHECK:
		screen_check(b, v);
		break;
	case SCREEN_DONE:
		screen_done(b, v);
		break;
	case SCREEN_NOT_SAVED:
		screen_not_saved(b, v);
		break;
	case SCREEN_NOT_FOUND:
		screen_problem(b, v, S_NOT_FOUND_TITLE, S_NOT_FOUND_TEXT);
		break;
	case SCREEN_TOO_BIG:
		screen_problem(b, v, S_TOO_BIG_TITLE, S_TOO_BIG_TEXT);
		break;
	case SCREEN_BUSY:
		screen_problem(b, v, S_BUSY_TITLE, S_BUSY_TEXT);
		break;
	case SCREEN_BAD_FORM:
	case SCREEN__MAX:
		screen_problem(b, v, S_BAD_FORM_TITLE, S_BAD_FORM_TEXT);
		break;
	}
	page_end(b, v);
}
