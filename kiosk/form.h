/*
 * form: the edge where untrusted bytes become checked answers. It parses
 * form bodies (application/x-www-form-urlencoded) and the Cookie header,
 * and holds the table of the complaint's fields with their validators.
 * Nothing past form_set trusts or re-checks a raw value.
 */
#ifndef KIOSK_FORM_H
#define KIOSK_FORM_H

#include <stddef.h>

#include "i18n.h"

/* Characters (not bytes) each kind of answer may have. */
#define FORM_TEXT_CHARS		4000	/* what happened, what would put it right */
#define FORM_DETAILS_CHARS	1000	/* more about the help */
#define FORM_LINE_CHARS		100	/* a name */
#define FORM_BYTES(chars)	((chars) * 4 + 1)	/* UTF-8 and the NUL */

#define FORM_PAIRS_MAX		32	/* name=value pairs in one body */
#define FORM_NAME_MAX		32	/* bytes in one name */
#define FORM_TOKEN_LEN		64	/* hex digits of a session cookie */
#define FORM_COOKIE		"kiosk"	/* the session cookie's name */

/* One complaint's answers, each NUL-terminated and checked. */
struct answers {
	char	 category[16];
	char	 happened[FORM_BYTES(FORM_TEXT_CHARS)];
	char	 put_right[FORM_BYTES(FORM_TEXT_CHARS)];
	char	 danger[4];		/* "yes" or "no" */
	char	 reply[12];		/* anonymous, room, phone, email, staff */
	char	 name[FORM_BYTES(FORM_LINE_CHARS)];
	char	 room[FORM_BYTES(20)];
	char	 phone[FORM_BYTES(30)];
	char	 email[FORM_BYTES(254)];
	char	 staff[FORM_BYTES(FORM_LINE_CHARS)];
	char	 where[FORM_BYTES(FORM_LINE_CHARS)];
	char	 help[48];		/* chosen help, space-separated, or "none" */
	char	 help_details[FORM_BYTES(FORM_DETAILS_CHARS)];
};

enum field {
	FIELD_CATEGORY,
	FIELD_HAPPENED,
	FIELD_PUT_RIGHT,
	FIELD_DANGER,
	FIELD_REPLY,
	FIELD_NAME,
	FIELD_ROOM,
	FIELD_PHONE,
	FIELD_EMAIL,
	FIELD_STAFF,
	FIELD_WHERE,
	FIELD_HELP,
	FIELD_HELP_DETAILS,
	FIELD__MAX
};

enum field_kind {
	KIND_CHOICE,		/* one of choices */
	KIND_MULTI,		/* any of choices, or "none" alone */
	KIND_LINE,		/* one line of text */
	KIND_TEXT,		/* several lines of text */
	KIND_PHONE,		/* a phone number */
	KIND_EMAIL,		/* an e-mail address */
};

struct field_def {
	const char	*name;		/* in the form and as the HTML id */
	size_t		 offset;	/* of its array in struct answers */
	size_t		 size;		/* bytes of that array */
	enum field_kind	 kind;
	size_t		 max_chars;	/* for text kinds */
	const char *const *choices;	/* for choice kinds; NULL ends */
	int		 required;
	enum str	 empty;		/* message when required and empty */
	enum str	 bad;		/* message when the format is wrong */
};

extern const struct field_def form_fields[FIELD__MAX];

/* Why form_set refused a value: the message and its {n} and {m}. */
struct field_error {
	enum field	 field;
	enum str	 msg;
	size_t		 n, m;
};

/*
 * Check value (len bytes, untrusted) for field f and, if it is good, store
 * it normalised (trimmed; CR LF as LF) in a. Returns 0, or -1 with *err
 * filled and a unchanged. A missing optional value stores "".
 */
int	 form_set(struct answers *a, enum field f, const char *value,
	    size_t len, struct field_error *err);

/* The stored answer for f in a ("" when not answered). */
const char *form_get(const struct answers *a, enum field f);

/* Whether the space-separated list has word in it. */
int	 form_list_has(const char *list, const char *word);

/* A parsed form body: names and values percent-decoded, NUL-terminated. */
struct form_pair {
	const char	*name;
	const char	*value;
	size_t		 len;		/* of value, which may hold NULs */
};

struct form {
	struct form_pair pair[FORM_PAIRS_MAX];
	size_t		 n;
	char		*store;		/* owns the bytes; zeroed on free */
	size_t		 cap;
};

/*
 * Parse the urlencoded body[0..len) into f. Returns 0, or -1 when it is
 * malformed (a bad % escape, an empty or long name, too many pairs) or
 * memory ran out. form_free frees (and zeroes) in both cases.
 */
int	 form_parse(struct form *f, const char *body, size_t len);
void	 form_free(struct form *f);
/* The first value named name, or NULL; its length in *len if not NULL. */
const char *form_value(const struct form *f, const char *name, size_t *len);

/*
 * Find the session cookie in a Cookie header. Returns 1 and copies it to
 * token when a cookie named FORM_COOKIE holds exactly FORM_TOKEN_LEN
 * lower-case hex digits, else 0 (no cookie, or a malformed one).
 */
int	 form_cookie(const char *header, char token[FORM_TOKEN_LEN + 1]);

#endif
