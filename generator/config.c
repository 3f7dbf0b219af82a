#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "fsutil.h"
#include "yamldoc.h"

#define CONFIG_FILE_MAX (64 * 1024)	/* site.yaml and i18n files */

enum kind {
	KIND_TEXT,	/* any non-empty text */
	KIND_URL,	/* an absolute http(s) URL */
	KIND_LANG,	/* a language code: two or three lower-case letters */
	KIND_LANGS,	/* a list of language codes */
	KIND_PAGE,	/* a page's source path under pages/, ending .md */
	KIND_NUMBER,	/* a whole number */
};

static const struct {
	const char	*key;		/* the key, with '.' for nesting */
	enum kind	 kind;
	int		 required;
	const char	*variable;	/* the {{ name }} for page text, or NULL */
	const char	*fallback;	/* used when not given, or NULL */
} settings[SET__MAX] = {
	[SET_NAME] = { "name", KIND_TEXT, 1, "landlord.name", NULL },
	[SET_BASE_URL] = { "base_url", KIND_URL, 1, NULL, NULL },
	[SET_LANGUAGE] = { "language", KIND_LANG, 0, NULL, "en" },
	[SET_LANGUAGES] = { "languages", KIND_LANGS, 0, NULL, NULL },
	[SET_LANDLORD_PHONE] = { "landlord.phone", KIND_TEXT, 1,
	    "landlord.phone", NULL },
	[SET_LANDLORD_EMAIL] = { "landlord.email", KIND_TEXT, 1,
	    "landlord.email", NULL },
	[SET_LANDLORD_ADDRESS] = { "landlord.address", KIND_TEXT, 1,
	    "landlord.address", NULL },
	[SET_LANDLORD_HOURS] = { "landlord.hours", KIND_TEXT, 0,
	    "landlord.hours", "" },
	[SET_OMBUDSMAN_NAME] = { "ombudsman.name", KIND_TEXT, 1,
	    "ombudsman.name", NULL },
	[SET_OMBUDSMAN_PHONE] = { "ombudsman.phone", KIND_TEXT, 1,
	    "ombudsman.phone", NULL },
	[SET_OMBUDSMAN_WEBSITE] = { "ombudsman.website", KIND_URL, 1,
	    "ombudsman.website", NULL },
	[SET_OMBUDSMAN_EMAIL] = { "ombudsman.email", KIND_TEXT, 1,
	    "ombudsman.email", NULL },
	[SET_OMBUDSMAN_ADDRESS] = { "ombudsman.address", KIND_TEXT, 1,
	    "ombudsman.address", NULL },
	[SET_OMBUDSMAN_PAGE] = { "ombudsman.page", KIND_PAGE, 1, NULL, NULL },
	[SET_ACCESSIBILITY_PAGE] = { "accessibility_page", KIND_PAGE, 1,
	    NULL, NULL },
	[SET_THRESHOLD] = { "suppression_threshold", KIND_NUMBER, 0, NULL,
	    "5" },
	[SET_LOG] = { "log", KIND_TEXT, 0, NULL, "var/complaints.db" },
	/* The office's secret key for kiosk sync, found like the log. */
	[SET_OFFICE_KEY] = { "office_key", KIND_TEXT, 0, NULL,
	    "var/keys/office.key" },
};

static const char *const messages[MSG__MAX] = {
	[MSG_SKIP_LINK] = "skip_link",
	[MSG_MENU] = "menu",
	[MSG_BREADCRUMBS] = "breadcrumbs",
	[MSG_HOME] = "home",
	[MSG_CONTENTS] = "contents",
	[MSG_UPDATED] = "updated",
	[MSG_OMBUDSMAN_LINK] = "ombudsman_link",
	[MSG_OMBUDSMAN_NOTE] = "ombudsman_note",
	[MSG_ACCESSIBILITY_LINK] = "accessibility_link",
	[MSG_SITEMAP] = "sitemap",
	[MSG_SITEMAP_INTRO] = "sitemap_intro",
	[MSG_NOT_FOUND_TITLE] = "not_found_title",
	[MSG_NOT_FOUND_TEXT] = "not_found_text",
	[MSG_FOOTER] = "footer",
	[MSG_LANGUAGE_NAME] = "language_name",
	[MSG_LANGUAGES] = "languages",
	[MSG_NOT_TRANSLATED] = "not_translated",
	[MSG_READ_ORIGINAL] = "read_original",
	[MSG_A_TO_Z] = "a_to_z",
	[MSG_A_TO_Z_INTRO] = "a_to_z_intro",
	[MSG_PREVIOUS] = "previous",
	[MSG_NEXT] = "next",
	[MSG_PAGE_ADDRESS] = "page_address",
	[MSG_MONTHS] = "months",
};

/* The known keys of one level ("" for the top, "landlord." ...), listed. */
static void
known_keys(struct buf *out, const char *prefix)
{
	size_t	 i, plen = strlen(prefix);
	const char *key, *dot;

	for (i = 0; i < SET__MAX; i++) {
		key = settings[i].key;
		if (strncmp(key, prefix, plen) != 0)
			continue;
		key += plen;
		dot = strchr(key, '.');
		/* List a group once, at its first member. */
		if (dot != NULL) {
			size_t j, seen = 0;
			for (j = 0; j < i; j++)
				if (strncmp(settings[j].key, prefix, plen) == 0 &&
				    strncmp(settings[j].key + plen, key,
				    (size_t)(dot - key) + 1) == 0)
					seen = 1;
			if (seen)
				continue;
		}
		if (out->len > 0)
			buf_puts(out, ", ");
		buf_put(out, key, dot ? (size_t)(dot - key) : strlen(key));
	}
}

static int
check_value(struct ydoc *y, const yaml_node_t *node, enum setting s,
    const char *v, struct config *c)
{
	const char	*key = settings[s].key;
	char		*end;
	size_t		 i, n = strlen(v);

	switch (settings[s].kind) {
	case KIND_TEXT:
		if (n == 0) {
			ydoc_error(y, node, "'%s' is empty; give a value or "
			    "remove the line", key);
			return -1;
		}
		return 0;
	case KIND_URL:
		if (strncmp(v, "https://", 8) != 0 &&
		    strncmp(v, "http://", 7) != 0) {
			ydoc_error(y, node, "'%s' is '%s'; write a full web "
			    "address starting https://", key, v);
			return -1;
		}
		for (i = 0; i < n; i++)
			if ((unsigned char)v[i] <= ' ') {
				ydoc_error(y, node, "'%s' contains a space; "
				    "a web address has none", key);
				return -1;
			}
		return 0;
	case KIND_LANG:
	case KIND_LANGS:
		if (n < 2 || n > 3 || strspn(v, "abcdefghijklmnopqrstuvwxyz")
		    != n) {
			ydoc_error(y, node, "'%s' is '%s'; use a language "
			    "code such as en or cy", key, v);
			return -1;
		}
		return 0;
	case KIND_PAGE:
		if (n < 4 || strcmp(v + n - 3, ".md") != 0 || v[0] == '/' ||
		    strstr(v, "..") != NULL) {
			ydoc_error(y, node, "'%s' is '%s'; name a page file "
			    "under pages/, such as ombudsman.md", key, v);
			return -1;
		}
		return 0;
	case KIND_NUMBER:
		errno = 0;
		c->threshold = strtol(v, &end, 10);
		if (errno != 0 || end == v || *end != '\0' ||
		    c->threshold < 2 || c->threshold > 100) {
			ydoc_error(y, node, "'%s' is '%s'; use a whole number "
			    "from 2 to 100 (usually 5)", key, v);
			return -1;
		}
		return 0;
	}
	return -1;
}

/*
 * Read a list setting (a YAML sequence, or one value) into a space-separated
 * value, checking each item. Returns 0 or -1 (reported).
 */
static int
read_list(struct ydoc *y, const yaml_node_t *v, enum setting s,
    struct config *c)
{
	struct buf	 joined = BUF_INIT;
	yaml_node_item_t *item;
	const yaml_node_t *node;
	const char	*text;
	int		 rc = 0;

	if (v->type == YAML_SCALAR_NODE) {
		text = (const char *)v->data.scalar.value;
		if (check_value(y, v, s, text, c) == -1)
			rc = -1;
		buf_puts(&joined, text);
	} else if (v->type == YAML_SEQUENCE_NODE) {
		for (item = v->data.sequence.items.start;
		    item < v->data.sequence.items.top; item++) {
			node = ydoc_node(y, *item);
			if ((text = ydoc_scalar(y, node, settings[s].key)) ==
			    NULL || check_value(y, node, s, text, c) == -1) {
				rc = -1;
				continue;
			}
			if (joined.len > 0)
				buf_putc(&joined, ' ');
			buf_puts(&joined, text);
		}
	} else {
		ydoc_error(y, v, "'%s' must be a list such as [en, cy]",
		    settings[s].key);
		rc = -1;
	}
	if (rc == 0 && (c->value[s] = buf_detach(&joined)) == NULL)
		rc = -1;
	buf_free(&joined);
	return rc;
}

/*
 * Read the mapping node under prefix ("" or "landlord."): each key must be a
 * setting or a group of settings.
 */
static int
read_settings(struct ydoc *y, yaml_node_t *map, const char *prefix,
    struct config *c)
{
	yaml_node_pair_t *pair;
	yaml_node_t	*k, *v;
	struct buf	 path = BUF_INIT, known = BUF_INIT;
	const char	*key, *text;
	size_t		 i, plen;
	int		 rc = 0, found;

	for (pair = map->data.mapping.pairs.start;
	    pair < map->data.mapping.pairs.top; pair++) {
		k = ydoc_node(y, pair->key);
		v = ydoc_node(y, pair->value);
		if ((key = ydoc_scalar(y, k, "key")) == NULL) {
			rc = -1;
			continue;
		}
		buf_truncate(&path, 0);
		buf_printf(&path, "%s%s", prefix, key);
		plen = path.len;
		found = 0;
		for (i = 0; i < SET__MAX; i++) {
			if (strcmp(settings[i].key, buf_str(&path)) == 0) {
				found = 1;
				if (c->value[i] != NULL) {
					ydoc_error(y, k, "'%s' is given twice; "
					    "keep one", buf_str(&path));
					rc = -1;
				} else if (settings[i].kind == KIND_LANGS) {
					if (read_list(y, v, i, c) == -1)
						rc = -1;
				} else if ((text = ydoc_scalar(y, v,
				    settings[i].key)) == NULL ||
				    check_value(y, v, i, text, c) == -1)
					rc = -1;
				else if ((c->value[i] = strdup(text)) == NULL)
					rc = -1;
				break;
			}
			if (strncmp(settings[i].key, buf_str(&path), plen) == 0
			    && settings[i].key[plen] == '.')
				found = 2;
		}
		if (found == 2) {
			if (v->type != YAML_MAPPING_NODE) {
				ydoc_error(y, v, "'%s' must be a group of "
				    "indented 'key: value' lines", key);
				rc = -1;
				continue;
			}
			buf_putc(&path, '.');
			if (read_settings(y, v, buf_str(&path), c) == -1)
				rc = -1;
		} else if (found == 0) {
			buf_truncate(&known, 0);
			known_keys(&known, prefix);
			ydoc_error(y, k, "unknown setting '%s'; the known ones "
			    "here are %s", buf_str(&path), buf_str(&known));
			rc = -1;
		}
	}
	if (path.err || known.err)
		rc = -1;
	buf_free(&path);
	buf_free(&known);
	return rc;
}

/* Read a whole small YAML file into y; reports and returns -1 on failure. */
static int
load_file(struct ydoc *y, struct buf *text, const char *file, struct diag *d)
{
	memset(y, 0, sizeof(*y));
	if (file_read(file, CONFIG_FILE_MAX, text, d) == -1)
		return -1;
	if (ydoc_load(y, buf_str(text), text->len, file, 0, d) == -1)
		return -1;
	return ydoc_expect_map(y, ydoc_root(y), file);
}

/* The number of space-separated words in s. */
static size_t
count_words(const char *s)
{
	size_t	 n = 0;

	while (*s != '\0') {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		n++;
		while (*s != '\0' && *s != ' ')
			s++;
	}
	return n;
}

/* Read i18n/<code>.yaml into lang's strings; 0 or -1 (all reported). */
static int
read_messages(struct language *lang, const char *content_dir, struct diag *d)
{
	struct ydoc	 y;
	struct buf	 text = BUF_INIT, file = BUF_INIT;
	yaml_node_pair_t *pair;
	yaml_node_t	*root, *k, *v;
	const char	*key, *val;
	size_t		 i;
	int		 rc = 0, found;

	memset(&y, 0, sizeof(y));
	buf_printf(&file, "%s/i18n/%s.yaml", content_dir, lang->code);
	if (file.err || load_file(&y, &text, buf_str(&file), d) == -1) {
		rc = -1;
		goto out;
	}
	root = ydoc_root(&y);
	for (pair = root->data.mapping.pairs.start;
	    pair < root->data.mapping.pairs.top; pair++) {
		k = ydoc_node(&y, pair->key);
		v = ydoc_node(&y, pair->value);
		if ((key = ydoc_scalar(&y, k, "key")) == NULL ||
		    (val = ydoc_scalar(&y, v, key)) == NULL) {
			rc = -1;
			continue;
		}
		for (found = 0, i = 0; i < MSG__MAX; i++) {
			if (strcmp(messages[i], key) != 0)
				continue;
			found = 1;
			if (lang->msg[i] != NULL) {
				ydoc_error(&y, k, "'%s' is given twice; keep "
				    "one", key);
				rc = -1;
			} else if (*val == '\0') {
				ydoc_error(&y, v, "'%s' is empty; write the "
				    "words to show", key);
				rc = -1;
			} else if ((lang->msg[i] = strdup(val)) == NULL)
				rc = -1;
		}
		if (!found) {
			ydoc_error(&y, k, "unknown interface string '%s'; "
			    "check the spelling against i18n/en.yaml", key);
			rc = -1;
		}
	}
	if (lang->msg[MSG_MONTHS] != NULL && count_words(
	    lang->msg[MSG_MONTHS]) != 12) {
		diag_error(d, buf_str(&file), 0, 0, "'months' must name the 12 "
		    "months, January first, separated by spaces");
		rc = -1;
	}
	for (i = 0; i < MSG__MAX; i++)
		if (lang->msg[i] == NULL) {
			diag_error(d, buf_str(&file), 0, 0, "interface string "
			    "'%s' is missing; add it as '%s: ...'",
			    messages[i], messages[i]);
			rc = -1;
		}
out:
	ydoc_free(&y);
	buf_free(&text);
	buf_free(&file);
	return rc;
}

/*
 * The site's languages: its language first, then the others in the order
 * of the languages setting, which must include it. Returns 0 or -1.
 */
static int
set_languages(struct config *c, const char *file, struct diag *d)
{
	const char	*list = c->value[SET_LANGUAGES];
	const char	*p, *end;
	size_t		 n, i;
	int		 seen = 0;

	c->msg = c->lang[0].msg;
	if ((c->lang[0].code = strdup(c->value[SET_LANGUAGE])) == NULL)
		return -1;
	c->nlang = 1;
	if (list == NULL)
		return 0;
	for (p = list; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, " ");
		n = (size_t)(end - p);
		for (i = 0; i < c->nlang; i++)
			if (strlen(c->lang[i].code) == n &&
			    memcmp(c->lang[i].code, p, n) == 0)
				break;
		if (i < c->nlang) {
			if (i == 0 && !seen)
				seen = 1;
			else {
				diag_error(d, file, 0, 0, "'languages' names "
				    "'%.*s' twice; keep one", (int)n, p);
				return -1;
			}
			continue;
		}
		if (c->nlang == CONFIG_LANG_MAX) {
			diag_error(d, file, 0, 0, "'languages' names more than "
			    "%d languages; candour publishes at most that many",
			    CONFIG_LANG_MAX);
			return -1;
		}
		if ((c->lang[c->nlang].code = strndup(p, n)) == NULL)
			return -1;
		c->nlang++;
	}
	if (!seen) {
		diag_error(d, file, 0, 0, "'languages' does not include the "
		    "site's language '%s'; add it to the list",
		    c->value[SET_LANGUAGE]);
		return -1;
	}
	return 0;
}

int
config_lang(const struct config *c, const char *code)
{
	size_t	 i;

	for (i = 0; i < c->nlang; i++)
		if (strcmp(c->lang[i].code, code) == 0)
			return (int)i;
	return -1;
}

int
config_read(struct config *c, const char *content_dir, struct diag *d)
{
	struct ydoc	 y;
	struct buf	 text = BUF_INIT, file = BUF_INIT;
	const char	*url, *slash;
	size_t		 i;
	int		 rc = 0;

	memset(c, 0, sizeof(*c));
	memset(&y, 0, sizeof(y));
	buf_printf(&file, "%s/site.yaml", content_dir);
	if (file.err || load_file(&y, &text, buf_str(&file), d) == -1 ||
	    read_settings(&y, ydoc_root(&y), "", c) == -1) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < SET__MAX; i++) {
		if (c->value[i] != NULL)
			continue;
		if (settings[i].required) {
			diag_error(d, buf_str(&file), 0, 0, "setting '%s' is "
			    "missing; add it", settings[i].key);
			rc = -1;
		} else if (settings[i].fallback != NULL &&
		    (c->value[i] = strdup(settings[i].fallback)) == NULL)
			rc = -1;
	}
	if (rc == -1)
		goto out;
	if (c->threshold == 0)
		c->threshold = 5;
	/* The path part of base_url, always starting and ending with '/'. */
	url = strstr(c->value[SET_BASE_URL], "://") + 3;
	slash = strchr(url, '/');
	{
		struct buf p = BUF_INIT;
		buf_puts(&p, slash ? slash : "/");
		if (p.len == 0 || buf_str(&p)[p.len - 1] != '/')
			buf_putc(&p, '/');
		if ((c->base_path = buf_detach(&p)) == NULL)
			rc = -1;
	}
	if (rc == 0 && set_languages(c, buf_str(&file), d) == -1)
		rc = -1;
	for (i = 0; rc == 0 && i < c->nlang; i++)
		if (read_messages(&c->lang[i], content_dir, d) == -1)
			rc = -1;
out:
	ydoc_free(&y);
	buf_free(&text);
	buf_free(&file);
	return rc;
}

void
config_free(struct config *c)
{
	size_t	 i, k;

	for (i = 0; i < SET__MAX; i++)
		free(c->value[i]);
	for (k = 0; k < CONFIG_LANG_MAX; k++) {
		free(c->lang[k].code);
		for (i = 0; i < MSG__MAX; i++)
			free(c->lang[k].msg[i]);
	}
	free(c->base_path);
	memset(c, 0, sizeof(*c));
}

const char *
config_variable(const struct config *c, const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < SET__MAX; i++)
		if (settings[i].variable != NULL &&
		    strlen(settings[i].variable) == len &&
		    memcmp(settings[i].variable, name, len) == 0)
			return c->value[i];
	return NULL;
}

void
config_variable_names(struct buf *out)
{
	size_t	 i;

	for (i = 0; i < SET__MAX; i++) {
		if (settings[i].variable == NULL)
			continue;
		if (out->len > 0)
			buf_puts(out, ", ");
		buf_puts(out, settings[i].variable);
	}
}
