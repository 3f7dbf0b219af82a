/*
 * config: kiosk.yaml. Scalar settings are a table (key, kind, where the
 * value goes); the two lists, urgent_contacts and languages, have their own
 * readers. Everything is checked here, once, so the rest of the program
 * trusts struct kiosk_config.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "fsutil.h"
#include "yamldoc.h"

#define CONFIG_FILE_MAX	(64 * 1024)
#define TEXT_MAX	200	/* characters in one setting */

enum kind {
	KIND_ID,	/* a kiosk id: K03 */
	KIND_TEXT,	/* any text up to TEXT_MAX */
	KIND_PATH,	/* a file path; relative to the config's folder */
	KIND_SECONDS,	/* a whole number of seconds */
	KIND_PORT,	/* 1024 to 65535 */
	KIND_BYTES,	/* a size: 500000, 200k, 10M */
};

/* The scalar settings. A key with a '.' is inside a group. */
static const struct setting {
	const char	*key;
	enum kind	 kind;
	int		 required;
	size_t		 offset;	/* of the char * or number in the config */
	const char	*fallback;	/* used when not given, or NULL */
	long long	 min, max;	/* for numbers */
} settings[] = {
	{ "kiosk", KIND_ID, 1, offsetof(struct kiosk_config, kiosk_id),
	    NULL, 0, 0 },
	{ "scheme.code", KIND_TEXT, 1, offsetof(struct kiosk_config,
	    scheme_code), NULL, 0, 0 },
	{ "scheme.name", KIND_TEXT, 1, offsetof(struct kiosk_config,
	    scheme_name), NULL, 0, 0 },
	{ "idle_timeout", KIND_SECONDS, 0, offsetof(struct kiosk_config,
	    idle_s), "120", 2, 3600 },
	{ "idle_warning", KIND_SECONDS, 0, offsetof(struct kiosk_config,
	    warning_s), "60", 2, 600 },
	{ "office_key", KIND_PATH, 1, offsetof(struct kiosk_config,
	    office_key), NULL, 0, 0 },
	{ "outbox", KIND_PATH, 1, offsetof(struct kiosk_config, outbox),
	    NULL, 0, 0 },
	{ "signing_key", KIND_PATH, 0, offsetof(struct kiosk_config,
	    signing_key), "kiosk.key", 0, 0 },
	{ "outbox_max_bytes", KIND_BYTES, 0, offsetof(struct kiosk_config,
	    outbox_max_bytes), "0", 0, LLONG_MAX / 2 },
	{ "port", KIND_PORT, 0, offsetof(struct kiosk_config, port), "8181",
	    1024, 65535 },
	{ "ombudsman.name", KIND_TEXT, 0, offsetof(struct kiosk_config,
	    ombudsman_name), "Housing Ombudsman Service", 0, 0 },
	{ "ombudsman.phone", KIND_TEXT, 0, offsetof(struct kiosk_config,
	    ombudsman_phone), "0300 111 3000", 0, 0 },
	{ "ombudsman.website", KIND_TEXT, 0, offsetof(struct kiosk_config,
	    ombudsman_website), "www.housing-ombudsman.org.uk", 0, 0 },
	{ "ombudsman.email", KIND_TEXT, 0, offsetof(struct kiosk_config,
	    ombudsman_email), "info@housing-ombudsman.org.uk", 0, 0 },
};
#define NSETTINGS (sizeof(settings) / sizeof(*settings))

/* The keys that are lists, read by their own functions. */
#define KEY_CONTACTS	"urgent_contacts"
#define KEY_LANGUAGES	"languages"

struct reader {
	struct ydoc		 y;
	struct kiosk_config	*c;
	const char		*folder;	/* the config file's folder */
	int			 seen[NSETTINGS];
};

/* The folder part of path, with a final '/', or "" for the current one. */
static char *
folder_of(const char *path)
{
	const char	*slash = strrchr(path, '/');
	struct buf	 b = BUF_INIT;

	if (slash != NULL)
		buf_put(&b, path, (size_t)(slash - path) + 1);
	return buf_detach(&b);
}

/* Set the setting s from text; reports and returns -1 when it is wrong. */
static int
set_value(struct reader *r, const yaml_node_t *node, const struct setting *s,
    const char *v)
{
	char		*base = (char *)r->c + s->offset, *end;
	struct buf	 b = BUF_INIT;
	long long	 n;
	size_t		 len = strlen(v), i;

	switch (s->kind) {
	case KIND_ID:
		if (len < 2 || len > 8 || !isupper((unsigned char)v[0]))
			goto bad_id;
		for (i = 1; i < len; i++)
			if (!isupper((unsigned char)v[i]) &&
			    !isdigit((unsigned char)v[i]))
				goto bad_id;
		break;
	case KIND_TEXT:
	case KIND_PATH:
		if (len == 0 || len > TEXT_MAX) {
			ydoc_error(&r->y, node, "'%s' must be 1 to %d "
			    "characters long", s->key, TEXT_MAX);
			return -1;
		}
		break;
	case KIND_SECONDS:
	case KIND_PORT:
	case KIND_BYTES:
		errno = 0;
		n = strtoll(v, &end, 10);
		if (s->kind == KIND_BYTES && end != v && end[0] != '\0' &&
		    end[1] == '\0' && strchr("kKmMgG", end[0]) != NULL) {
			n *= tolower((unsigned char)end[0]) == 'k' ? 1024 :
			    tolower((unsigned char)end[0]) == 'm' ? 1024 * 1024 :
			    1024 * 1024 * 1024;
			end++;
		}
		if (errno != 0 || end == v || *end != '\0' || n < s->min ||
		    n > s->max) {
			if (s->kind == KIND_BYTES)
				ydoc_error(&r->y, node, "'%s' is '%s'; write a "
				    "size in bytes such as 500000 or 200k, or "
				    "0 for no limit", s->key, v);
			else
				ydoc_error(&r->y, node, "'%s' is '%s'; use a "
				    "whole number from %lld to %lld", s->key,
				    v, s->min, s->max);
			return -1;
		}
		if (s->kind == KIND_SECONDS)
			*(unsigned *)(void *)base = (unsigned)n;
		else if (s->kind == KIND_PORT)
			*(unsigned short *)(void *)base = (unsigned short)n;
		else
			*(long long *)(void *)base = n;
		return 0;
	}
	if (s->kind == KIND_PATH && v[0] != '/')
		buf_puts(&b, r->folder);
	buf_puts(&b, v);
	if ((*(char **)(void *)base = buf_detach(&b)) == NULL)
		return -1;
	return 0;
bad_id:
	ydoc_error(&r->y, node, "'kiosk' is '%s'; use a capital letter then "
	    "1 to 7 capitals or digits, such as K03", v);
	return -1;
}

/* The text of the mapping's scalar key, or NULL (reported). */
static const char *
key_text(struct reader *r, yaml_node_pair_t *pair)
{
	return ydoc_scalar(&r->y, ydoc_node(&r->y, pair->key), "key");
}

static int
read_contacts(struct reader *r, yaml_node_t *list)
{
	yaml_node_item_t *item;
	yaml_node_pair_t *pair;
	yaml_node_t	*entry, *v;
	struct contact	*ct;
	const char	*key, *text;
	char		**slot;
	int		 rc = 0;

	if (list->type != YAML_SEQUENCE_NODE) {
		ydoc_error(&r->y, list, "'%s' must be a list of entries "
		    "starting '- name:'", KEY_CONTACTS);
		return -1;
	}
	for (item = list->data.sequence.items.start;
	    item < list->data.sequence.items.top; item++) {
		entry = ydoc_node(&r->y, *item);
		if (r->c->ncontacts == CONFIG_CONTACTS_MAX) {
			ydoc_error(&r->y, entry, "more than %d urgent "
			    "contacts; keep the %d most useful",
			    CONFIG_CONTACTS_MAX, CONFIG_CONTACTS_MAX);
			return -1;
		}
		if (ydoc_expect_map(&r->y, entry, "an urgent contact") == -1)
			return -1;
		ct = &r->c->contacts[r->c->ncontacts++];
		for (pair = entry->data.mapping.pairs.start;
		    pair < entry->data.mapping.pairs.top; pair++) {
			if ((key = key_text(r, pair)) == NULL)
				return -1;
			v = ydoc_node(&r->y, pair->value);
			if (strcmp(key, "name") == 0)
				slot = &ct->name;
			else if (strcmp(key, "phone") == 0)
				slot = &ct->phone;
			else if (strcmp(key, "when") == 0)
				slot = &ct->when;
			else {
				ydoc_error(&r->y, ydoc_node(&r->y, pair->key),
				    "unknown key '%s' in an urgent contact; "
				    "the known ones are name, phone, when",
				    key);
				rc = -1;
				continue;
			}
			if ((text = ydoc_scalar(&r->y, v, key)) == NULL)
				rc = -1;
			else if (*text == '\0' || strlen(text) > TEXT_MAX) {
				ydoc_error(&r->y, v, "'%s' must be 1 to %d "
				    "characters long", key, TEXT_MAX);
				rc = -1;
			} else if (*slot != NULL) {
				ydoc_error(&r->y, v, "'%s' is given twice; "
				    "keep one", key);
				rc = -1;
			} else if ((*slot = strdup(text)) == NULL)
				rc = -1;
		}
		if (rc == 0 && (ct->name == NULL || ct->phone == NULL)) {
			ydoc_error(&r->y, entry, "an urgent contact needs a "
			    "name and a phone");
			rc = -1;
		}
	}
	if (rc == 0 && r->c->ncontacts == 0) {
		ydoc_error(&r->y, list, "'%s' is empty; list at least one "
		    "person or service residents can call", KEY_CONTACTS);
		rc = -1;
	}
	return rc;
}

static int
read_languages(struct reader *r, yaml_node_t *list)
{
	yaml_node_item_t *item;
	yaml_node_t	*v;
	const char	*code;
	size_t		 i;
	int		 lang;

	if (list->type != YAML_SEQUENCE_NODE) {
		ydoc_error(&r->y, list, "'%s' must be a list such as [en, cy]",
		    KEY_LANGUAGES);
		return -1;
	}
	for (item = list->data.sequence.items.start;
	    item < list->data.sequence.items.top; item++) {
		v = ydoc_node(&r->y, *item);
		if ((code = ydoc_scalar(&r->y, v, KEY_LANGUAGES)) == NULL)
			return -1;
		if ((lang = i18n_lang(code)) == -1) {
			ydoc_error(&r->y, v, "language '%s' is not available; "
			    "this kiosk has en (English) and cy (Welsh)",
			    code);
			return -1;
		}
		for (i = 0; i < r->c->nlangs; i++)
			if (r->c->langs[i] == (enum lang)lang) {
				ydoc_error(&r->y, v, "language '%s' is listed "
				    "twice", code);
				return -1;
			}
		r->c->langs[r->c->nlangs++] = (enum lang)lang;
	}
	if (r->c->nlangs == 0) {
		ydoc_error(&r->y, list, "'%s' is empty; list at least en",
		    KEY_LANGUAGES);
		return -1;
	}
	return 0;
}

/* Read the mapping map, whose keys have the prefix group ("" or "scheme."). */
static int
read_map(struct reader *r, yaml_node_t *map, const char *group)
{
	yaml_node_pair_t *pair;
	yaml_node_t	*k, *v;
	struct buf	 key = BUF_INIT;
	const char	*name, *text;
	size_t		 i, glen;
	int		 rc = 0, found;

	for (pair = map->data.mapping.pairs.start;
	    pair < map->data.mapping.pairs.top; pair++) {
		k = ydoc_node(&r->y, pair->key);
		v = ydoc_node(&r->y, pair->value);
		if ((name = key_text(r, pair)) == NULL) {
			rc = -1;
			continue;
		}
		if (*group == '\0' && strcmp(name, KEY_CONTACTS) == 0) {
			if (r->c->ncontacts > 0 || read_contacts(r, v) == -1)
				rc = -1;
			continue;
		}
		if (*group == '\0' && strcmp(name, KEY_LANGUAGES) == 0) {
			if (r->c->nlangs > 0 || read_languages(r, v) == -1)
				rc = -1;
			continue;
		}
		buf_truncate(&key, 0);
		buf_printf(&key, "%s%s", group, name);
		glen = key.len;
		for (found = 0, i = 0; i < NSETTINGS; i++) {
			if (strcmp(settings[i].key, buf_str(&key)) == 0) {
				found = 1;
				if (r->seen[i]) {
					ydoc_error(&r->y, k, "'%s' is given "
					    "twice; keep one", buf_str(&key));
					rc = -1;
				} else if ((text = ydoc_scalar(&r->y, v,
				    settings[i].key)) == NULL ||
				    set_value(r, v, &settings[i], text) == -1)
					rc = -1;
				r->seen[i] = 1;
				break;
			}
			if (strncmp(settings[i].key, buf_str(&key), glen) ==
			    0 && settings[i].key[glen] == '.')
				found = 2;
		}
		if (found == 2 && v->type == YAML_MAPPING_NODE &&
		    *group == '\0') {
			buf_putc(&key, '.');
			if (read_map(r, v, buf_str(&key)) == -1)
				rc = -1;
		} else if (found == 2) {
			ydoc_error(&r->y, v, "'%s' must be a group of "
			    "indented 'key: value' lines", buf_str(&key));
			rc = -1;
		} else if (found == 0) {
			ydoc_error(&r->y, k, "unknown setting '%s'; the known "
			    "ones are kiosk, scheme (code, name), "
			    "urgent_contacts, languages, idle_timeout, "
			    "idle_warning, office_key, outbox, "
			    "outbox_max_bytes, signing_key, port, ombudsman "
			    "(name, phone, website, email)", buf_str(&key));
			rc = -1;
		}
	}
	if (key.err)
		rc = -1;
	buf_free(&key);
	return rc;
}

/* Whether the n bytes at line contain the word "secret", in any case. */
static int
mentions_secret(const char *line, size_t n)
{
	size_t	 i;

	for (i = 0; i + 6 <= n; i++)
		if (strncasecmp(line + i, "secret", 6) == 0)
			return 1;
	return 0;
}

/*
 * Read the office public key file (kiosk/BUNDLE.md, "Key files"). A file
 * that holds or says it holds a secret key is refused before it is parsed:
 * a kiosk must never be able to open what it stores, so whoever put it
 * there is told plainly. key_id names the Ed25519 key; records are sealed
 * to its X25519 form.
 */
static int
read_key(struct kiosk_config *c, const char *config, struct diag *d)
{
	struct buf	 text = BUF_INIT, why = BUF_INIT;
	const char	*p, *line, *end;
	size_t		 n;
	int		 rc = -1;

	if (file_read(c->office_key, KEY_FILE_MAX, &text, d) == -1)
		goto out;
	for (p = buf_str(&text); *p != '\0'; p = *end ? end + 1 : end) {
		line = p;
		if ((end = strchr(p, '\n')) == NULL)
			end = p + strlen(p);
		n = (size_t)(end - line);
		if ((line[0] == '#' && mentions_secret(line, n)) ||
		    (n >= 18 && strncmp(line, "candour-secret-key", 18) == 0)) {
			diag_error(d, c->office_key, 0, 0, "holds a "
			    "secret key; a kiosk must have only the "
			    "office's public key");
			goto out;
		}
	}
	if (key_read_public(c->office_key, KEY_OFFICE, &c->office, &why) ==
	    -1) {
		diag_error(d, c->office_key, 0, 0, "%s (office_key in %s: "
		    "put the office.pub made by `candour keys office` "
		    "there)", buf_str(&why), config);
		goto out;
	}
	if (key_box_public(&c->office, c->office_box) == -1) {
		diag_error(d, c->office_key, 0, 0, "is not a usable office "
		    "key (it has no X25519 form); make the office key again "
		    "with `candour keys office`");
		goto out;
	}
	key_id_hex(c->office.id, c->key_id);
	rc = 0;
out:
	buf_free(&why);
	buf_free(&text);
	return rc;
}

int
kiosk_config_read(struct kiosk_config *c, const char *path, FILE *errors)
{
	struct reader	 r;
	struct buf	 text = BUF_INIT;
	struct diag	 d;
	size_t		 i;
	int		 rc = 0;

	memset(c, 0, sizeof(*c));
	memset(&r, 0, sizeof(r));
	diag_init(&d, errors);
	r.c = c;
	if ((r.folder = folder_of(path)) == NULL ||
	    file_read(path, CONFIG_FILE_MAX, &text, &d) == -1 ||
	    ydoc_load(&r.y, buf_str(&text), text.len, path, 0, &d) == -1 ||
	    ydoc_expect_map(&r.y, ydoc_root(&r.y), path) == -1 ||
	    read_map(&r, ydoc_root(&r.y), "") == -1) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < NSETTINGS; i++) {
		if (r.seen[i])
			continue;
		if (settings[i].required) {
			diag_error(&d, path, 0, 0, "setting '%s' is missing; "
			    "add it (see kiosk/kiosk.yaml)", settings[i].key);
			rc = -1;
		} else if (set_value(&r, ydoc_root(&r.y), &settings[i],
		    settings[i].fallback) == -1)
			rc = -1;
	}
	if (c->ncontacts == 0) {
		diag_error(&d, path, 0, 0, "'%s' is missing; list the "
		    "people or services residents can call when someone is "
		    "in danger", KEY_CONTACTS);
		rc = -1;
	}
	if (c->nlangs == 0)
		c->langs[c->nlangs++] = LANG_EN;
	if (rc == 0 && read_key(c, path, &d) == -1)
		rc = -1;
out:
	diag_flush(&d);
	ydoc_free(&r.y);
	buf_free(&text);
	free((char *)r.folder);
	return rc;
}

void
kiosk_config_free(struct kiosk_config *c)
{
	size_t	 i;

	for (i = 0; i < NSETTINGS; i++)
		if (settings[i].kind == KIND_ID ||
		    settings[i].kind == KIND_TEXT ||
		    settings[i].kind == KIND_PATH)
			free(*(char **)(void *)((char *)c + settings[i].offset));
	for (i = 0; i < c->ncontacts; i++) {
		free(c->contacts[i].name);
		free(c->contacts[i].phone);
		free(c->contacts[i].when);
	}
	sodium_memzero(c, sizeof(*c));
}
