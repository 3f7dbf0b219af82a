/*
 * form: parsing untrusted form bodies and cookies, and the field table with
 * its validators. Nothing here allocates except form_parse (one block, freed
 * and zeroed by form_free), so it is cheap to fuzz.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "form.h"
#include "utf8.h"

static const char *const categories[] = { "repairs", "staff", "neighbours",
    "cleaning", "safety", "money", "support", "other", NULL };
static const char *const yes_no[] = { "yes", "no", NULL };
static const char *const replies[] = { "anonymous", "room", "phone",
    "email", "staff", NULL };
static const char *const helps[] = { "advocate", "representative",
    "adjustments", NULL };

#define AT(member) offsetof(struct answers, member), \
	sizeof(((struct answers *)0)->member)

const struct field_def form_fields[FIELD__MAX] = {
	[FIELD_CATEGORY] = { "category", AT(category), KIND_CHOICE, 0,
	    categories, 1, S_ABOUT_ERROR, S_ABOUT_ERROR },
	[FIELD_HAPPENED] = { "happened", AT(happened), KIND_TEXT,
	    FORM_TEXT_CHARS, NULL, 1, S_HAPPENED_EMPTY, S_BAD_TEXT },
	[FIELD_PUT_RIGHT] = { "put-right", AT(put_right), KIND_TEXT,
	    FORM_TEXT_CHARS, NULL, 1, S_RIGHT_EMPTY, S_BAD_TEXT },
	[FIELD_DANGER] = { "danger", AT(danger), KIND_CHOICE, 0, yes_no, 1,
	    S_DANGER_EMPTY, S_DANGER_EMPTY },
	[FIELD_REPLY] = { "reply", AT(reply), KIND_CHOICE, 0, replies, 1,
	    S_REPLY_EMPTY, S_REPLY_EMPTY },
	[FIELD_NAME] = { "name", AT(name), KIND_LINE, FORM_LINE_CHARS, NULL,
	    1, S_NAME_EMPTY, S_BAD_TEXT },
	[FIELD_ROOM] = { "room", AT(room), KIND_LINE, 20, NULL, 1,
	    S_ROOM_EMPTY, S_BAD_TEXT },
	[FIELD_PHONE] = { "phone", AT(phone), KIND_PHONE, 30, NULL, 1,
	    S_PHONE_EMPTY, S_PHONE_BAD },
	[FIELD_EMAIL] = { "email", AT(email), KIND_EMAIL, 254, NULL, 1,
	    S_EMAIL_EMPTY, S_EMAIL_BAD },
	[FIELD_STAFF] = { "staff", AT(staff), KIND_LINE, FORM_LINE_CHARS,
	    NULL, 1, S_STAFF_EMPTY, S_BAD_TEXT },
	[FIELD_WHERE] = { "where", AT(where), KIND_LINE, FORM_LINE_CHARS,
	    NULL, 1, S_WHERE_EMPTY, S_BAD_TEXT },
	[FIELD_HELP] = { "help", AT(help), KIND_MULTI, 0, helps, 1,
	    S_HELP_EMPTY, S_HELP_BOTH },
	[FIELD_HELP_DETAILS] = { "help-details", AT(help_details), KIND_TEXT,
	    FORM_DETAILS_CHARS, NULL, 0, S__MAX, S_BAD_TEXT },
};

/* The characters (code points) in the valid UTF-8 s[0..n). */
static size_t
count_chars(const char *s, size_t n)
{
	size_t	 i, chars = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	return chars;
}

/*
 * Normalise text into out (size bytes): CR LF and lone CR become LF, tabs
 * stay, leading and trailing white space goes; one-line kinds turn line
 * ends into spaces. Returns the length, or -1 if it has another control
 * character. The caller has checked it is UTF-8 and fits.
 */
static long
normalise(const char *s, size_t n, int multiline, char *out, size_t size)
{
	size_t	 i, o = 0, start = 0;
	char	 ch;

	while (start < n && isspace((unsigned char)s[start]))
		start++;
	while (n > start && isspace((unsigned char)s[n - 1]))
		n--;
	for (i = start; i < n; i++) {
		ch = s[i];
		if (ch == '\r') {
			if (i + 1 < n && s[i + 1] == '\n')
				continue;
			ch = '\n';
		}
		if (ch == '\n' && !multiline)
			ch = ' ';
		if (((unsigned char)ch < 0x20 && ch != '\n' && ch != '\t') ||
		    ch == 0x7f)
			return -1;
		if (o + 1 >= size)
			return -1;
		out[o++] = ch;
	}
	out[o] = '\0';
	return (long)o;
}

/* Whether s is a phone number: digits, spaces, + ( ) - with 10 to 15 digits. */
static int
phone_ok(const char *s)
{
	size_t	 digits = 0;

	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (strchr(" +()-", *s) == NULL)
			return 0;
	}
	return digits >= 10 && digits <= 15;
}

/* Whether s looks like an e-mail address: local@domain.tld, no spaces. */
static int
email_ok(const char *s)
{
	const char	*at = strchr(s, '@'), *dot;

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL ||
	    strpbrk(s, " \t\n,;<>\"") != NULL)
		return 0;
	dot = strrchr(at + 1, '.');
	return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

/* The index of the word w[0..n) in choices, or -1. */
static int
choice_index(const char *const *choices, const char *w, size_t n)
{
	int	 i;

	for (i = 0; choices[i] != NULL; i++)
		if (strlen(choices[i]) == n && memcmp(choices[i], w, n) == 0)
			return i;
	return -1;
}

/*
 * A KIND_MULTI value arrives as the words of every ticked box joined by
 * spaces (the journey joins repeated names). Store them in table order, or
 * "none" alone.
 */
static int
set_multi(const struct field_def *d, char *slot, const char *v, size_t len,
    struct field_error *err)
{
	unsigned	 chosen = 0;
	size_t		 i, n, used = 0;
	int		 none = 0, k, w;
	char		 out[sizeof(((struct answers *)0)->help)];

	out[0] = '\0';
	for (i = 0; i < len; i += n) {
		while (i < len && v[i] == ' ')
			i++;
		for (n = 0; i + n < len && v[i + n] != ' '; n++)
			;
		if (n == 0)
			break;
		if (n == 4 && memcmp(v + i, "none", 4) == 0)
			none = 1;
		else if ((k = choice_index(d->choices, v + i, n)) >= 0)
			chosen |= 1u << k;
		else {
			err->msg = d->empty;
			return -1;
		}
	}
	if (none && chosen != 0) {
		err->msg = d->bad;
		return -1;
	}
	if (!none && chosen == 0) {
		err->msg = d->empty;
		return -1;
	}
	if (none)
		used = (size_t)snprintf(out, sizeof(out), "none");
	for (k = 0; d->choices[k] != NULL; k++)
		if (chosen & (1u << k)) {
			w = snprintf(out + used, sizeof(out) - used, "%s%s",
			    used > 0 ? " " : "", d->choices[k]);
			if (w < 0 || (size_t)w >= sizeof(out) - used) {
				err->msg = d->bad;
				return -1;
			}
			used += (size_t)w;
		}
	memcpy(slot, out, used + 1);
	return 0;
}

int
form_set(struct answers *a, enum field f, const char *value, size_t len,
    struct field_error *err)
{
	const struct field_def *d = &form_fields[f];
	char		*slot = (char *)a + d->offset;
	char		 tmp[FORM_BYTES(FORM_TEXT_CHARS)];
	size_t		 chars;
	long		 n;
	int		 k;

	err->field = f;
	err->msg = S__MAX;
	err->n = d->max_chars;
	err->m = 0;
	if (value == NULL)
		value = "", len = 0;
	if (utf8_check(value, len) != len) {
		err->msg = d->kind == KIND_CHOICE || d->kind == KIND_MULTI ?
		    d->empty : S_BAD_TEXT;
		return -1;
	}
	switch (d->kind) {
	case KIND_CHOICE:
		if ((k = choice_index(d->choices, value, len)) < 0) {
			err->msg = d->empty;
			return -1;
		}
		memcpy(slot, d->choices[k], strlen(d->choices[k]) + 1);
		return 0;
	case KIND_MULTI:
		return set_multi(d, slot, value, len, err);
	default:
		break;
	}
	chars = count_chars(value, len);
	if (len >= sizeof(tmp)) {
		err->msg = S_TOO_LONG;
		err->m = chars;
		return -1;
	}
	if ((n = normalise(value, len, d->kind == KIND_TEXT, tmp,
	    sizeof(tmp))) < 0) {
		err->msg = S_BAD_TEXT;
		sodium_memzero(tmp, sizeof(tmp));
		return -1;
	}
	chars = count_chars(tmp, (size_t)n);
	if (n == 0 && d->required)
		err->msg = d->empty;
	else if (chars > d->max_chars || (size_t)n >= d->size) {
		err->msg = S_TOO_LONG;
		err->m = chars;
	} else if (n > 0 && d->kind == KIND_PHONE && !phone_ok(tmp))
		err->msg = d->bad;
	else if (n > 0 && d->kind == KIND_EMAIL && !email_ok(tmp))
		err->msg = d->bad;
	if (err->msg == S__MAX)
		memcpy(slot, tmp, (size_t)n + 1);
	sodium_memzero(tmp, sizeof(tmp));
	return err->msg == S__MAX ? 0 : -1;
}

const char *
form_get(const struct answers *a, enum field f)
{
	return (const char *)a + form_fields[f].offset;
}

int
form_list_has(const char *list, const char *word)
{
	size_t	 n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' ||
		    p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

/* The value of the hex digit c, or -1. */
static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decode s[0..n) to out, '+' as a space, and NUL-terminate. Returns
 * the decoded length, or -1 for a '%' not followed by two hex digits.
 */
static long
decode(const char *s, size_t n, char *out)
{
	size_t	 i, o = 0;
	int	 hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			out[o++] = ' ';
		else if (s[i] != '%')
			out[o++] = s[i];
		else {
			if (i + 2 >= n)
				return -1;
			if ((hi = hex_value(s[i + 1])) < 0 ||
			    (lo = hex_value(s[i + 2])) < 0)
				return -1;
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		}
	}
	out[o] = '\0';
	return (long)o;
}

int
form_parse(struct form *f, const char *body, size_t len)
{
	const char	*p = body, *end = body + len, *amp, *eq;
	char		*o;
	long		 n;

	memset(f, 0, sizeof(*f));
	/* Decoding never lengthens; each pair adds two NULs. */
	f->cap = len + 2 * (FORM_PAIRS_MAX + 1) + 1;
	if ((f->store = malloc(f->cap)) == NULL)
		return -1;
	o = f->store;
	while (p < end) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if (amp == p) {		/* "a=1&&b=2": an empty pair */
			p++;
			continue;
		}
		if (f->n == FORM_PAIRS_MAX)
			return -1;
		if ((eq = memchr(p, '=', (size_t)(amp - p))) == NULL)
			eq = amp;
		if (eq == p || eq - p > FORM_NAME_MAX * 3)
			return -1;
		f->pair[f->n].name = o;
		if ((n = decode(p, (size_t)(eq - p), o)) <= 0 ||
		    n > FORM_NAME_MAX || strlen(o) != (size_t)n)
			return -1;
		o += n + 1;
		f->pair[f->n].value = o;
		n = eq < amp ? decode(eq + 1, (size_t)(amp - eq - 1), o) :
		    (*o = '\0', 0);
		if (n < 0)
			return -1;
		f->pair[f->n].len = (size_t)n;
		o += n + 1;
		f->n++;
		p = amp < end ? amp + 1 : end;
	}
	return 0;
}

void
form_free(struct form *f)
{
	if (f->store != NULL) {
		sodium_memzero(f->store, f->cap);
		free(f->store);
	}
	memset(f, 0, sizeof(*f));
}

const char *
form_value(const struct form *f, const char *name, size_t *len)
{
	size_t	 i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->pair[i].name, name) == 0) {
			if (len != NULL)
				*len = f->pair[i].len;
			return f->pair[i].value;
		}
	return NULL;
}

int
form_cookie(const char *header, char token[FORM_TOKEN_LEN + 1])
{
	const char	*p = header, *name, *value;
	size_t		 nlen, vlen, i;

	if (header == NULL)
		return 0;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		name = p;
		while (*p != '\0' && *p != '=' && *p != ';')
			p++;
		nlen = (size_t)(p - name);
		while (nlen > 0 && (name[nlen - 1] == ' ' ||
		    name[nlen - 1] == '\t'))
			nlen--;
		if (*p != '=')
			continue;
		value = ++p;
		while (*p != '\0' && *p != ';')
			p++;
		vlen = (size_t)(p - value);
		while (vlen > 0 && (value[vlen - 1] == ' ' ||
		    value[vlen - 1] == '\t'))
			vlen--;
		if (nlen != strlen(FORM_COOKIE) ||
		    memcmp(name, FORM_COOKIE, nlen) != 0)
			continue;
		if (vlen != FORM_TOKEN_LEN)
			return 0;
		for (i = 0; i < vlen; i++)
			if (!((value[i] >= '0' && value[i] <= '9') ||
			    (value[i] >= 'a' && value[i] <= 'f')))
				return 0;
		memcpy(token, value, vlen);
		token[vlen] = '\0';
		return 1;
	}
	return 0;
}
