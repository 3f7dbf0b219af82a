/*
 * session: a small fixed table of sessions in libsodium's guarded, locked
 * memory (sodium_malloc), found by a constant-time token comparison.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "session.h"

static struct session	*table[SESSION_MAX];
static unsigned		 expire_after = 300;

void
session_setup(unsigned expire_s)
{
	expire_after = expire_s;
}

/* Whether s has been idle too long at now. */
static int
expired(const struct session *s, time_t now)
{
	return now - s->last > (time_t)expire_after;
}

/* Index of s in the table, or SESSION_MAX. */
static size_t
slot_of(const struct session *s)
{
	size_t	 i;

	for (i = 0; i < SESSION_MAX; i++)
		if (table[i] == s)
			return i;
	return SESSION_MAX;
}

struct session *
session_find(const char *token, time_t now)
{
	size_t	 i;

	for (i = 0; i < SESSION_MAX; i++) {
		if (table[i] == NULL || sodium_memcmp(table[i]->token, token,
		    FORM_TOKEN_LEN) != 0)
			continue;
		if (expired(table[i], now)) {
			session_end(table[i]);
			return NULL;
		}
		table[i]->last = now;
		return table[i];
	}
	return NULL;
}

struct session *
session_new(time_t now, enum lang lang)
{
	unsigned char	 raw[FORM_TOKEN_LEN / 2];
	struct session	*s;
	size_t		 i, free_slot = SESSION_MAX, oldest = 0;

	for (i = 0; i < SESSION_MAX; i++) {
		if (table[i] == NULL) {
			free_slot = i;
			break;
		}
		if (table[i]->last < table[oldest]->last)
			oldest = i;
	}
	if (free_slot == SESSION_MAX) {
		session_end(table[oldest]);
		free_slot = oldest;
	}
	if ((s = sodium_malloc(sizeof(*s))) == NULL)
		return NULL;
	memset(s, 0, sizeof(*s));
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(s->token, sizeof(s->token), raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	s->last = now;
	s->lang = lang;
	s->size = 1;
	table[free_slot] = s;
	return s;
}

void
session_end(struct session *s)
{
	size_t	 i = slot_of(s);

	if (i < SESSION_MAX)
		table[i] = NULL;
	sodium_memzero(s, sizeof(*s));
	sodium_free(s);
}

void
session_forget_answers(struct session *s)
{
	sodium_memzero(&s->a, sizeof(s->a));
}

void
session_mint_sid(struct session *s)
{
	unsigned char	 b[16];

	randombytes_buf(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);	/* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
	snprintf(s->sid, sizeof(s->sid), "%02x%02x%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4],
	    b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
	    b[15]);
}

unsigned
session_expire(time_t now)
{
	unsigned	 n = 0;
	size_t		 i;

	for (i = 0; i < SESSION_MAX; i++)
		if (table[i] != NULL && expired(table[i], now)) {
			session_end(table[i]);
			n++;
		}
	return n;
}

void
session_end_all(void)
{
	size_t	 i;

	for (i = 0; i < SESSION_MAX; i++)
		if (table[i] != NULL)
			session_end(table[i]);
}
