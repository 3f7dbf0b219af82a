/*
 * pages: the layout and the form components, after the GOV.UK question
 * page pattern. Every id is the field's name, so an error summary link
 * "#happened" lands on the field.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "html.h"
#include "pages.h"

const char *
page_str(const struct view *v, enum str id)
{
	return i18n_get(v->lang, v->easy, id);
}

void
page_fill(struct buf *b, const char *text, size_t n, size_t m)
{
	const char	*p;
	char		 num[32];

	while ((p = strchr(text, '{')) != NULL) {
		html_text(b, text, (size_t)(p - text));
		if ((p[1] == 'n' || p[1] == 'm') && p[2] == '}') {
			snprintf(num, sizeof(num), "%zu", p[1] == 'n' ? n : m);
			buf_puts(b, num);
			text = p + 3;
		} else {
			html_text(b, p, 1);
			text = p + 1;
		}
	}
	html_texts(b, text);
}

void
page_begin(struct buf *b, const struct view *v, const char *title)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"");
	html_attrs(b, i18n_code(v->lang));
	buf_printf(b, "\" class=\"size-%d%s\">\n<head>\n<meta charset=\"utf-8\">"
	    "\n<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>", v->size, v->easy ? " easy" : "");
	if (v->nerrors > 0) {
		html_texts(b, page_str(v, S_ERROR_PREFIX));
		buf_putc(b, ' ');
	}
	html_texts(b, title);
	if (strcmp(title, page_str(v, S_SERVICE)) != 0) {
		buf_puts(b, " – ");
		html_texts(b, page_str(v, S_SERVICE));
	}
	buf_puts(b, " – ");
	html_texts(b, v->cfg->scheme_name);
	buf_puts(b, "</title>\n<link rel=\"stylesheet\" href=\"/static/"
	    "kiosk.css\">\n<script src=\"/static/kiosk.js\" defer></script>\n"
	    "</head>\n");
	if (v->session)
		buf_printf(b, "<body data-idle=\"%u\" data-warning=\"%u\">\n",
		    v->cfg->idle_s, v->cfg->warning_s);
	else
		buf_puts(b, "<body>\n");
	buf_puts(b, "<a class=\"skip-link\" href=\"#main\">");
	html_texts(b, page_str(v, S_SKIP_LINK));
	buf_puts(b, "</a>\n<header class=\"banner\">\n<div class=\"wrap "
	    "banner-inner\">\n<p class=\"banner-name\">");
	html_texts(b, page_str(v, S_SERVICE));
	buf_puts(b, " <span class=\"banner-scheme\">");
	html_texts(b, v->cfg->scheme_name);
	buf_puts(b, "</span></p>\n<form method=\"post\" action=\"/exit\" "
	    "class=\"exit\">\n<button type=\"submit\" class=\"button "
	    "button-exit\">");
	html_texts(b, page_str(v, S_EXIT));
	buf_puts(b, "</button>\n</form>\n</div>\n</header>\n<div class=\"wrap"
	    "\">\n<main id=\"main\" tabindex=\"-1\">\n");
	if (v->back != NULL) {
		buf_puts(b, "<a class=\"back-link\" href=\"");
		html_url(b, v->back);
		buf_puts(b, "\">");
		html_texts(b, page_str(v, S_BACK));
		buf_puts(b, "</a>\n");
	}
	page_error_summary(b, v);
}

void
page_end(struct buf *b, const struct view *v)
{
	buf_puts(b, "</main>\n</div>\n");
	if (v->session) {
		buf_puts(b, "<dialog class=\"idle\" id=\"idle\" role=\"alert"
		    "dialog\" aria-labelledby=\"idle-title\" aria-describedby="
		    "\"idle-text\">\n<h2 id=\"idle-title\">");
		html_texts(b, page_str(v, S_IDLE_TITLE));
		buf_puts(b, "</h2>\n<p id=\"idle-text\">");
		html_texts(b, page_str(v, S_IDLE_TEXT));
		buf_puts(b, "</p>\n<p class=\"idle-left\">");
		html_texts(b, page_str(v, S_IDLE_LEFT));
		buf_printf(b, " <span id=\"idle-left\">%u</span></p>\n<button "
		    "type=\"button\" class=\"button button-more\" id=\"idle-"
		    "more\">", v->cfg->warning_s);
		html_texts(b, page_str(v, S_IDLE_MORE));
		buf_puts(b, "</button>\n</dialog>\n");
	}
	buf_puts(b, "</body>\n</html>\n");
}

/* Append the message of one error. */
static void
error_text(struct buf *b, const struct view *v, const struct field_error *e)
{
	page_fill(b, page_str(v, e->msg), e->n, e->m);
}

/* The id an error link points at: the field, or its first choice. */
static void
field_id(struct buf *b, enum field f)
{
	html_attrs(b, form_fields[f].name);
}

void
page_error_summary(struct buf *b, const struct view *v)
{
	size_t	 i;

	if (v->nerrors == 0)
		return;
	buf_puts(b, "<div class=\"error-summary\" tabindex=\"-1\" autofocus>\n"
	    "<div role=\"alert\">\n"
	    "<h2 class=\"error-summary-title\" id=\"error-summary-title\">");
	html_texts(b, page_str(v, S_ERROR_SUMMARY));
	buf_puts(b, "</h2>\n<ul class=\"error-list\">\n");
	for (i = 0; i < v->nerrors; i++) {
		buf_puts(b, "<li><a href=\"#");
		field_id(b, v->errors[i].field);
		buf_puts(b, "\">");
		error_text(b, v, &v->errors[i]);
		buf_puts(b, "</a></li>\n");
	}
	buf_puts(b, "</ul>\n</div>\n</div>\n");
}

int
page_has_error(const struct view *v, enum field f)
{
	size_t	 i;

	for (i = 0; i < v->nerrors; i++)
		if (v->errors[i].field == f)
			return 1;
	return 0;
}

void
page_field_error(struct buf *b, const struct view *v, enum field f)
{
	size_t	 i;

	for (i = 0; i < v->nerrors; i++) {
		if (v->errors[i].field != f)
			continue;
		buf_puts(b, "<p class=\"error-message\" id=\"");
		html_attrs(b, form_fields[f].name);
		buf_puts(b, "-error\"><span class=\"visually-hidden\">");
		html_texts(b, page_str(v, S_ERROR_PREFIX));
		buf_puts(b, "</span> ");
		error_text(b, v, &v->errors[i]);
		buf_puts(b, "</p>\n");
		return;
	}
}

void
page_form_begin(struct buf *b, const char *action)
{
	buf_puts(b, "<form method=\"post\" action=\"");
	html_url(b, action);
	buf_puts(b, "\" novalidate>\n");
}

void
page_form_end(struct buf *b, const struct view *v, enum str label)
{
	if (v->from_check)
		buf_puts(b, "<input type=\"hidden\" name=\"from\" value=\"check"
		    "\">\n");
	buf_puts(b, "<button type=\"submit\" class=\"button\">");
	html_texts(b, page_str(v, label));
	buf_puts(b, "</button>\n</form>\n");
}

void
page_picture(struct buf *b, const struct view *v, const char *name)
{
	if (!v->easy)
		return;
	buf_puts(b, "<img class=\"picture\" src=\"/static/pic/");
	html_url(b, name);
	buf_puts(b, ".svg\" alt=\"\" width=\"120\" height=\"120\">\n");
}

/* aria-describedby for field f: its hint (if any) and its error (if any);
 * nothing when it has neither. */
static void
described_by(struct buf *b, const struct view *v, enum field f, int hint)
{
	const char	*name = form_fields[f].name;
	int		 error = page_has_error(v, f);

	if (!hint && !error)
		return;
	buf_puts(b, " aria-describedby=\"");
	if (hint) {
		html_attrs(b, name);
		buf_puts(b, "-hint");
	}
	if (error) {
		if (hint)
			buf_putc(b, ' ');
		html_attrs(b, name);
		buf_puts(b, "-error");
	}
	buf_putc(b, '"');
}

/* The hint paragraph for field f, if hint is a string. */
static void
hint_text(struct buf *b, const struct view *v, enum field f, enum str hint)
{
	if (hint == S__MAX)
		return;
	buf_puts(b, "<p class=\"hint\" id=\"");
	html_attrs(b, form_fields[f].name);
	buf_puts(b, "-hint\">");
	html_texts(b, page_str(v, hint));
	buf_puts(b, "</p>\n");
}

void
page_radios(struct buf *b, const struct view *v, enum field f,
    enum str title, enum str hint, const enum str *labels,
    const enum str *hints, int pictures)
{
	const struct field_def *d = &form_fields[f];
	const char	*cur = v->value[f] != NULL ? v->value[f] : "";
	size_t		 i;

	buf_printf(b, "<div class=\"field%s\">\n<fieldset class=\"fieldset\"",
	    page_has_error(v, f) ? " field-error" : "");
	described_by(b, v, f, hint != S__MAX);
	buf_puts(b, ">\n<legend class=\"legend\"><h1 class=\"title\">");
	html_texts(b, page_str(v, title));
	buf_puts(b, "</h1></legend>\n");
	hint_text(b, v, f, hint);
	page_field_error(b, v, f);
	buf_puts(b, "<div class=\"radios\">\n");
	for (i = 0; d->choices[i] != NULL; i++) {
		buf_puts(b, "<div class=\"radio\">\n<input type=\"radio\" "
		    "id=\"");
		html_attrs(b, d->name);
		if (i > 0) {
			buf_putc(b, '-');
			html_attrs(b, d->choices[i]);
		}
		buf_puts(b, "\" name=\"");
		html_attrs(b, d->name);
		buf_puts(b, "\" value=\"");
		html_attrs(b, d->choices[i]);
		buf_putc(b, '"');
		if (hints != NULL && hints[i] != S__MAX) {
			buf_puts(b, " aria-describedby=\"");
			html_attrs(b, d->name);
			buf_printf(b, "-%zu-hint\"", i);
		}
		if (strcmp(cur, d->choices[i]) == 0)
			buf_puts(b, " checked");
		buf_puts(b, ">\n<label for=\"");
		html_attrs(b, d->name);
		if (i > 0) {
			buf_putc(b, '-');
			html_attrs(b, d->choices[i]);
		}
		buf_puts(b, "\">");
		if (pictures && v->easy) {
			buf_puts(b, "<img class=\"option-picture\" src=\"/static/"
			    "pic/");
			html_url(b, d->choices[i]);
			buf_puts(b, ".svg\" alt=\"\" width=\"64\" height=\"64\">");
		}
		html_texts(b, page_str(v, labels[i]));
		buf_puts(b, "</label>\n");
		if (hints != NULL && hints[i] != S__MAX) {
			buf_puts(b, "<p class=\"hint option-hint\" id=\"");
			html_attrs(b, d->name);
			buf_printf(b, "-%zu-hint\">", i);
			html_texts(b, page_str(v, hints[i]));
			buf_puts(b, "</p>\n");
		}
		buf_puts(b, "</div>\n");
	}
	buf_puts(b, "</div>\n</fieldset>\n</div>\n");
}

/* The label of a text field: in an h1 when it is the page's question. */
static void
label(struct buf *b, const struct view *v, enum field f, enum str text,
    int title)
{
	if (title)
		buf_puts(b, "<h1 class=\"label-wrapper\">");
	buf_printf(b, "<label class=\"label%s\" for=\"", title ? " title" : "");
	html_attrs(b, form_fields[f].name);
	buf_puts(b, "\">");
	html_texts(b, page_str(v, text));
	buf_puts(b, "</label>");
	if (title)
		buf_puts(b, "</h1>");
	buf_putc(b, '\n');
}

void
page_textarea(struct buf *b, const struct view *v, enum field f,
    enum str text, enum str hint, int title)
{
	const char	*name = form_fields[f].name;

	buf_printf(b, "<div class=\"field%s\">\n", page_has_error(v, f) ?
	    " field-error" : "");
	label(b, v, f, text, title);
	hint_text(b, v, f, hint);
	page_field_error(b, v, f);
	buf_puts(b, "<textarea class=\"textarea\" id=\"");
	html_attrs(b, name);
	buf_puts(b, "\" name=\"");
	html_attrs(b, name);
	buf_puts(b, "\" rows=\"8\" spellcheck=\"true\" autocomplete=\"off\"");
	described_by(b, v, f, hint != S__MAX);
	buf_puts(b, ">\n");
	if (v->value[f] != NULL)
		html_texts(b, v->value[f]);
	buf_puts(b, "</textarea>\n</div>\n");
}

void
page_input(struct buf *b, const struct view *v, enum field f, enum str text,
    enum str hint, const char *autocomplete, const char *type, int title)
{
	const char	*name = form_fields[f].name;

	buf_printf(b, "<div class=\"field%s\">\n", page_has_error(v, f) ?
	    " field-error" : "");
	label(b, v, f, text, title);
	hint_text(b, v, f, hint);
	page_field_error(b, v, f);
	buf_puts(b, "<input class=\"input\" id=\"");
	html_attrs(b, name);
	buf_puts(b, "\" name=\"");
	html_attrs(b, name);
	buf_puts(b, "\" type=\"");
	html_attrs(b, type);
	buf_puts(b, "\" autocomplete=\"");
	html_attrs(b, autocomplete);
	buf_puts(b, "\" spellcheck=\"false\"");
	described_by(b, v, f, hint != S__MAX);
	buf_puts(b, " value=\"");
	if (v->value[f] != NULL)
		html_attrs(b, v->value[f]);
	buf_puts(b, "\">\n</div>\n");
}
