/*
 * i18n: the interface strings. Each language's YAML file is compiled into
 * the program (kiosk_assets) and read once at start-up into a table indexed
 * by enum str, so a page can never ask for a string that is not there.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "i18n.h"
#include "kiosk_assets.h"
#include "yamldoc.h"

static const char *const keys[S__MAX] = {
#define X(id, key) [id] = key,
	KIOSK_STRINGS
#undef X
};

static const char *const codes[LANG__MAX] = {
	[LANG_EN] = "en",
	[LANG_CY] = "cy",
};

/* text[lang][0] plain, text[lang][1] Easy Read (NULL: use plain). */
static char *text[LANG__MAX][2][S__MAX];

/* The index of key, or S__MAX when it is not a string's name. */
static enum str
key_index(const char *key)
{
	size_t	 i;

	for (i = 0; i < S__MAX; i++)
		if (strcmp(keys[i], key) == 0)
			return (enum str)i;
	return S__MAX;
}

/*
 * Read the mapping map into text[lang][easy], with group as the prefix of
 * its keys ("" at the top, "start." inside "start:"). The top level may
 * hold an "easy:" mapping, read the same way into the Easy Read table, and
 * "meta:", which says what the file is and is not shown.
 */
static int
read_map(struct ydoc *y, yaml_node_t *map, enum lang lang, int easy,
    const char *group)
{
	yaml_node_pair_t *pair;
	yaml_node_t	*k, *v;
	struct buf	 key = BUF_INIT;
	const char	*name, *value;
	enum str	 id;
	int		 rc = 0;

	for (pair = map->data.mapping.pairs.start;
	    pair < map->data.mapping.pairs.top; pair++) {
		k = ydoc_node(y, pair->key);
		v = ydoc_node(y, pair->value);
		if ((name = ydoc_scalar(y, k, "key")) == NULL) {
			rc = -1;
			continue;
		}
		buf_truncate(&key, 0);
		buf_printf(&key, "%s%s", group, name);
		if (v->type == YAML_MAPPING_NODE) {
			if (*group == '\0' && !easy &&
			    strcmp(name, "easy") == 0) {
				if (read_map(y, v, lang, 1, "") == -1)
					rc = -1;
				continue;
			}
			if (*group == '\0' && strcmp(name, "meta") == 0)
				continue;
			if (*group != '\0') {
				ydoc_error(y, v, "'%s' nests too deep; strings "
				    "are grouped one level only",
				    buf_str(&key));
				rc = -1;
				continue;
			}
			buf_putc(&key, '.');
			if (read_map(y, v, lang, easy, buf_str(&key)) == -1)
				rc = -1;
			continue;
		}
		if ((id = key_index(buf_str(&key))) == S__MAX) {
			ydoc_error(y, k, "unknown string '%s'; check the "
			    "spelling against kiosk/i18n/en.yaml",
			    buf_str(&key));
			rc = -1;
			continue;
		}
		if ((value = ydoc_scalar(y, v, buf_str(&key))) == NULL) {
			rc = -1;
			continue;
		}
		if (*value == '\0') {
			ydoc_error(y, v, "'%s' is empty; write the words to "
			    "show", buf_str(&key));
			rc = -1;
		} else if (text[lang][easy][id] != NULL) {
			ydoc_error(y, k, "'%s' is given twice; keep one",
			    buf_str(&key));
			rc = -1;
		} else if ((text[lang][easy][id] = strdup(value)) == NULL)
			rc = -1;
	}
	if (key.err)
		rc = -1;
	buf_free(&key);
	return rc;
}

/* Load the strings of lang from the compiled-in i18n/<code>.yaml. */
static int
load_lang(enum lang lang, struct diag *d)
{
	const struct kiosk_asset *a;
	struct ydoc	 y;
	char		 path[32], shown[64];
	size_t		 i;
	int		 rc = 0;

	snprintf(path, sizeof(path), "i18n/%s.yaml", codes[lang]);
	snprintf(shown, sizeof(shown), "kiosk/%s", path);
	for (a = kiosk_assets; a->path != NULL; a++)
		if (strcmp(a->path, path) == 0)
			break;
	if (a->path == NULL) {
		diag_error(d, shown, 0, 0, "is not compiled in; add it to "
		    "KIOSK_ASSETS in kiosk/kiosk.mk");
		return -1;
	}
	if (ydoc_load(&y, a->data, *a->len, shown, 0, d) == -1 ||
	    ydoc_expect_map(&y, ydoc_root(&y), shown) == -1 ||
	    read_map(&y, ydoc_root(&y), lang, 0, "") == -1)
		rc = -1;
	ydoc_free(&y);
	for (i = 0; rc == 0 && i < S__MAX; i++)
		if (text[lang][0][i] == NULL) {
			diag_error(d, shown, 0, 0, "string '%s' is missing; "
			    "add it (see kiosk/i18n/en.yaml)", keys[i]);
			rc = -1;
		}
	return rc;
}

int
i18n_load(FILE *errors)
{
	struct diag	 d;
	size_t		 i;
	int		 rc = 0;

	diag_init(&d, errors);
	for (i = 0; i < LANG__MAX; i++)
		if (load_lang((enum lang)i, &d) == -1)
			rc = -1;
	diag_flush(&d);
	if (rc == -1)
		i18n_free();
	return rc;
}

void
i18n_free(void)
{
	size_t	 l, e, i;

	for (l = 0; l < LANG__MAX; l++)
		for (e = 0; e < 2; e++)
			for (i = 0; i < S__MAX; i++) {
				free(text[l][e][i]);
				text[l][e][i] = NULL;
			}
}

const char *
i18n_get(enum lang lang, int easy, enum str id)
{
	if (easy && text[lang][1][id] != NULL)
		return text[lang][1][id];
	return text[lang][0][id] != NULL ? text[lang][0][id] : "";
}

const char *
i18n_code(enum lang lang)
{
	return codes[lang];
}

int
i18n_lang(const char *code)
{
	size_t	 i;

	for (i = 0; i < LANG__MAX; i++)
		if (strcmp(codes[i], code) == 0)
			return (int)i;
	return -1;
}
