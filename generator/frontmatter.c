#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "frontmatter.h"
#include "yamldoc.h"
#include "workdays.h"

enum fm_key {
	FM_TITLE,
	FM_DESCRIPTION,
	FM_LANG,
	FM_ORDER,
	FM_SECTION,
	FM_EASY_READ,
	FM_UPDATED,
	FM__MAX
};

static const char *const fm_names[FM__MAX] = {
	[FM_TITLE] = "title",
	[FM_DESCRIPTION] = "description",
	[FM_LANG] = "lang",
	[FM_ORDER] = "order",
	[FM_SECTION] = "section",
	[FM_EASY_READ] = "easy_read",
	[FM_UPDATED] = "updated",
};

/* Is text[off..] a fence line ("---" then end of line)? Sets *next. */
static int
is_fence(const char *text, size_t n, size_t off, size_t *next)
{
	if (n - off < 3 || memcmp(text + off, "---", 3) != 0)
		return 0;
	off += 3;
	while (off < n && (text[off] == ' ' || text[off] == '\t'))
		off++;
	if (off < n && text[off] == '\r')
		off++;
	if (off < n && text[off] != '\n')
		return 0;
	*next = off < n ? off + 1 : off;
	return 1;
}

int
frontmatter_split(const char *text, size_t n, const char *file,
    struct diag *d, size_t *yaml, size_t *yaml_len, size_t *body,
    size_t *body_line0)
{
	size_t	 off = 0, line = 1, next;

	if (n >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		off = 3;
	if (!is_fence(text, n, off, &next)) {
		diag_error(d, file, 1, 1, "the page has no front matter; start "
		    "it with a '---' line, 'title: ...', and another '---' "
		    "line");
		return -1;
	}
	*yaml = off = next;
	while (off < n) {
		line++;
		if (is_fence(text, n, off, &next)) {
			*yaml_len = off - *yaml;
			*body = next;
			*body_line0 = line;
			return 0;
		}
		while (off < n && text[off] != '\n')
			off++;
		if (off < n)
			off++;
	}
	diag_error(d, file, 1, 1, "the front matter is not closed; add a "
	    "'---' line after 'title: ...' and the other settings");
	return -1;
}

/* Is s a real calendar date written YYYY-MM-DD (see date_parse)? */
static int
is_date(const char *s)
{
	long	 day;

	return date_parse(s, strlen(s), &day) == DATE_OK;
}

static int
set_key(struct page_meta *pm, struct ydoc *y, enum fm_key key,
    const yaml_node_t *node, const char *v)
{
	char	**slot = NULL;
	char	 *end;
	size_t	  n = strlen(v);

	switch (key) {
	case FM_TITLE:
		slot = &pm->title;
		break;
	case FM_DESCRIPTION:
		slot = &pm->description;
		break;
	case FM_SECTION:
		slot = &pm->section;
		break;
	case FM_LANG:
		if (n < 2 || n > 3 || strspn(v, "abcdefghijklmnopqrstuvwxyz")
		    != n) {
			ydoc_error(y, node, "lang is '%s'; use a language code "
			    "such as en or cy", v);
			return -1;
		}
		slot = &pm->lang;
		break;
	case FM_UPDATED:
		if (!is_date(v)) {
			ydoc_error(y, node, "updated is '%s'; write a real date "
			    "as YYYY-MM-DD, such as 2026-04-01", v);
			return -1;
		}
		slot = &pm->updated;
		break;
	case FM_ORDER:
		errno = 0;
		pm->order = strtol(v, &end, 10);
		if (errno != 0 || end == v || *end != '\0' || pm->order < 0 ||
		    pm->order > 9999) {
			ydoc_error(y, node, "order is '%s'; use a whole number "
			    "from 0 to 9999", v);
			return -1;
		}
		pm->has_order = 1;
		return 0;
	case FM_EASY_READ:
		if (strcmp(v, "true") == 0)
			pm->easy_read = 1;
		else if (strcmp(v, "false") != 0) {
			ydoc_error(y, node, "easy_read is '%s'; use true or "
			    "false", v);
			return -1;
		}
		return 0;
	case FM__MAX:
		return -1;
	}
	if (*v == '\0') {
		ydoc_error(y, node, "%s is empty; give it a value or remove "
		    "the line", fm_names[key]);
		return -1;
	}
	if ((*slot = strdup(v)) == NULL)
		return -1;
	return 0;
}

int
frontmatter_parse(struct page_meta *pm, const char *yaml, size_t n,
    const char *file, size_t line0, struct diag *d)
{
	struct ydoc	 y;
	yaml_node_t	*root, *k, *v;
	yaml_node_pair_t *pair;
	const char	*key, *val;
	int		 rc = 0, seen[FM__MAX] = { 0 };
	size_t		 i;

	memset(pm, 0, sizeof(*pm));
	if (ydoc_load(&y, yaml, n, file, line0, d) == -1) {
		ydoc_free(&y);
		return -1;
	}
	root = ydoc_root(&y);
	if (root == NULL || (root->type == YAML_SCALAR_NODE &&
	    root->data.scalar.length == 0)) {
		diag_error(d, file, line0 + 1, 1, "the front matter is empty; "
		    "add a line 'title: ...'");
		ydoc_free(&y);
		return -1;
	}
	if (ydoc_expect_map(&y, root, "the front matter") == -1) {
		ydoc_free(&y);
		return -1;
	}
	for (pair = root->data.mapping.pairs.start;
	    pair < root->data.mapping.pairs.top; pair++) {
		k = ydoc_node(&y, pair->key);
		v = ydoc_node(&y, pair->value);
		if ((key = ydoc_scalar(&y, k, "key")) == NULL) {
			rc = -1;
			continue;
		}
		for (i = 0; i < FM__MAX; i++)
			if (strcmp(fm_names[i], key) == 0)
				break;
		if (i == FM__MAX) {
			struct buf known = BUF_INIT;
			for (i = 0; i < FM__MAX; i++)
				buf_printf(&known, "%s%s", i == 0 ? "" :
				    i + 1 == FM__MAX ? " and " : ", ",
				    fm_names[i]);
			ydoc_error(&y, k, "unknown front matter key '%s'; the "
			    "known keys are %s", key, buf_str(&known));
			buf_free(&known);
			rc = -1;
			continue;
		}
		if (seen[i]++) {
			ydoc_error(&y, k, "'%s' is given twice; keep one", key);
			rc = -1;
			continue;
		}
		if ((val = ydoc_scalar(&y, v, key)) == NULL ||
		    set_key(pm, &y, i, v, val) == -1)
			rc = -1;
	}
	if (!seen[FM_TITLE]) {
		diag_error(d, file, line0 + 1, 1, "the page has no title; add "
		    "a line 'title: ...' to the front matter");
		rc = -1;
	}
	ydoc_free(&y);
	return rc;
}

void
frontmatter_free(struct page_meta *pm)
{
	free(pm->title);
	free(pm->description);
	free(pm->lang);
	free(pm->section);
	free(pm->updated);
	memset(pm, 0, sizeof(*pm));
}
