/*
 * pages: the building blocks of every kiosk screen (the layout with its
 * "Exit and clear" button and idle warning, the error summary, radios,
 * checkboxes, text boxes, buttons), written through the escaping writer.
 * Text is escaped by default; the only raw markup is the fixed tags
 * written here.
 */
#ifndef KIOSK_PAGES_H
#define KIOSK_PAGES_H

#include <stddef.h>

#include "form.h"
#include "i18n.h"

struct buf;
struct kiosk_config;

/* What every screen needs to know. */
struct view {
	const struct kiosk_config *cfg;
	enum lang	 lang;
	int		 easy;		/* Easy Read with pictures */
	int		 size;		/* text size 1 to 3 */
	int		 session;	/* a session is live: warn before clearing */
	const char	*back;		/* the Back link's target, or NULL */
	int		 from_check;	/* came from a Change link */
	const char	*value[FIELD__MAX];	/* what each field shows */
	const struct field_error *errors;	/* this screen's errors */
	size_t		 nerrors;
	const struct answers *answers;	/* for the check page */
	const char	*sid;		/* the submission id to send */
	const char	*reference;	/* for the confirmation */
	int		 anonymous;	/* the confirmation: no reply wanted */
	int		 cleared;	/* start: say the screen was cleared */
	size_t		 limit;		/* the {n} of a problem page */
};

/* The text of id in the view's language (Easy Read when chosen). */
const char *page_str(const struct view *, enum str id);

/* Append text with "{n}" and "{m}" replaced by n and m, escaped. */
void	 page_fill(struct buf *, const char *text, size_t n, size_t m);

/* Open the page: doctype, head with title (and "Error: " first when there
 * are errors), the banner, the Back link and the start of main. */
void	 page_begin(struct buf *, const struct view *, const char *title);
/* Close main and the page; add the idle warning when a session is live. */
void	 page_end(struct buf *, const struct view *);

/* The error summary, when the view has errors. */
void	 page_error_summary(struct buf *, const struct view *);
/* The message for field f, if it has an error, with its id f-error. */
void	 page_field_error(struct buf *, const struct view *, enum field);
/* Whether field f has an error. */
int	 page_has_error(const struct view *, enum field);

/* <form method="post" action="action" novalidate>, and its end with the
 * hidden from=check when needed and a submit button saying label. */
void	 page_form_begin(struct buf *, const char *action);
void	 page_form_end(struct buf *, const struct view *, enum str label);

/* A decorative picture from /static/pic/NAME.svg, in Easy Read only. */
void	 page_picture(struct buf *, const struct view *, const char *name);

/* One question with radios: title as the legend's h1, hint, error, one
 * radio per choice of the field's table with the labels (and hints,
 * S__MAX for none) given; pictures named like the choices in Easy Read. */
void	 page_radios(struct buf *, const struct view *, enum field,
	    enum str title, enum str hint, const enum str *labels,
	    const enum str *hints, int pictures);

/* A text box or one-line input for field f with label (an h1 if title),
 * hint (S__MAX for none), HTML autocomplete token and input type. */
void	 page_textarea(struct buf *, const struct view *, enum field,
	    enum str label, enum str hint, int title);
void	 page_input(struct buf *, const struct view *, enum field,
	    enum str label, enum str hint, const char *autocomplete,
	    const char *type, int title);

#endif
