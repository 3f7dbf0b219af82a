/*
 * record: the JSON record of a complaint, written into one block of locked
 * memory sized for the largest answers, padded and sealed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bundle.h"
#include "config.h"
#include "form.h"
#include "record.h"
#include "session.h"

/* Every answer escaped (at most 6 bytes for one byte) fits, with room for
 * the names and the padding. */
#define RECORD_MAX	(sizeof(struct answers) * 6 + 4 * BUNDLE_RECORD_PAD)

/* A writer into a fixed buffer: on overflow err is set and writes stop. */
struct json {
	unsigned char	*p;
	size_t		 len, cap;
	int		 err;
};

static void
put(struct json *j, const char *s, size_t n)
{
	if (j->err || n > j->cap - j->len) {
		j->err = 1;
		return;
	}
	memcpy(j->p + j->len, s, n);
	j->len += n;
}

static void
puts_raw(struct json *j, const char *s)
{
	put(j, s, strlen(s));
}

/* Append s as a JSON string, quotes included. */
static void
put_string(struct json *j, const char *s)
{
	char	 esc[8];

	put(j, "\"", 1);
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '"':
			put(j, "\\\"", 2);
			break;
		case '\\':
			put(j, "\\\\", 2);
			break;
		case '\n':
			put(j, "\\n", 2);
			break;
		case '\t':
			put(j, "\\t", 2);
			break;
		default:
			if ((unsigned char)*s < 0x20) {
				snprintf(esc, sizeof(esc), "\\u%04x",
				    (unsigned char)*s);
				put(j, esc, 6);
			} else
				put(j, s, 1);
		}
	}
	put(j, "\"", 1);
}

/* Append ,"name":"value". */
static void
member(struct json *j, const char *name, const char *value)
{
	put(j, ",", 1);
	put_string(j, name);
	put(j, ":", 1);
	put_string(j, value);
}

/* Write the record of s into j. */
static void
write_record(struct json *j, const struct kiosk_config *c,
    const struct session *s, const char *reference, const char *created)
{
	const struct answers *a = &s->a;
	const char	*method = a->reply, *w, *sp;
	char		 word[32];
	size_t		 n;
	int		 first = 1;

	puts_raw(j, "{\"format\":\"candour-kiosk-record\"");
	snprintf(word, sizeof(word), ",\"form_version\":%d",
	    RECORD_FORM_VERSION);
	puts_raw(j, word);
	member(j, "submission_id", s->sid);
	member(j, "reference", reference);
	member(j, "kiosk", c->kiosk_id);
	member(j, "scheme", c->scheme_code);
	member(j, "created_at", created);
	member(j, "language", i18n_code(s->lang));
	puts_raw(j, s->easy ? ",\"easy_read\":true" : ",\"easy_read\":false");
	member(j, "category", a->category);
	member(j, "happened", a->happened);
	member(j, "put_right", a->put_right);
	member(j, "danger", a->danger);
	puts_raw(j, ",\"contact\":{\"method\":");
	put_string(j, method);
	if (strcmp(method, "room") == 0) {
		member(j, "name", a->name);
		member(j, "room", a->room);
	} else if (strcmp(method, "phone") == 0)
		member(j, "phone", a->phone);
	else if (strcmp(method, "email") == 0)
		member(j, "email", a->email);
	else if (strcmp(method, "staff") == 0) {
		member(j, "staff", a->staff);
		member(j, "where", a->where);
	}
	puts_raw(j, "},\"help\":[");
	for (w = a->help; *w != '\0'; w = *sp ? sp + 1 : sp) {
		if ((sp = strchr(w, ' ')) == NULL)
			sp = w + strlen(w);
		n = (size_t)(sp - w);
		if (n == 0 || n >= sizeof(word) || (n == 4 &&
		    memcmp(w, "none", 4) == 0))
			continue;
		memcpy(word, w, n);
		word[n] = '\0';
		if (!first)
			put(j, ",", 1);
		put_string(j, word);
		first = 0;
	}
	put(j, "]", 1);
	member(j, "help_details", a->help_details);
	put(j, "}", 1);
}

int
record_seal(const struct kiosk_config *c, const struct session *s,
    const char *reference, const char *created_at, unsigned char **blob,
    size_t *len)
{
	struct json	 j;
	size_t		 padded;
	int		 rc = -1;

	*blob = NULL;
	*len = 0;
	memset(&j, 0, sizeof(j));
	if ((j.p = sodium_malloc(RECORD_MAX)) == NULL)
		return -1;
	j.cap = RECORD_MAX - BUNDLE_RECORD_PAD;
	write_record(&j, c, s, reference, created_at);
	if (j.err || sodium_pad(&padded, j.p, j.len, BUNDLE_RECORD_PAD,
	    RECORD_MAX) != 0)
		goto out;
	if ((*blob = malloc(padded + crypto_box_SEALBYTES)) == NULL)
		goto out;
	if (crypto_box_seal(*blob, j.p, padded, c->office_box) != 0) {
		free(*blob);
		*blob = NULL;
		goto out;
	}
	*len = padded + crypto_box_SEALBYTES;
	rc = 0;
out:
	sodium_free(j.p);	/* zeroes it */
	return rc;
}
