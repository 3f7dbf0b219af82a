#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "celltext.h"
#include "diag.h"
#include "selfassess.h"
#include "yamldoc.h"
#include "workdays.h"

const struct sa_code_info sa_codes[SA_CODE__MAX] = {
	[SA_CODE_2022] = { "2022", "Complaint Handling Code 2022", 8, {
	    "Definition of a complaint",
	    "Accessibility and awareness",
	    "Complaint handling personnel",
	    "Complaint handling principles",
	    "Complaint stages",
	    "Putting things right",
	    "Continuous learning and improvement",
	    "Self-assessment and compliance" } },
	[SA_CODE_2024] = { "2024", "Complaint Handling Code 2024", 9, {
	    "Definition of a complaint",
	    "Exclusions",
	    "Accessibility and awareness",
	    "Complaint handling staff",
	    "The complaint handling process",
	    "Complaints stages",
	    "Putting things right",
	    "Self-assessment, reporting and compliance",
	    "Scrutiny and oversight: continuous learning and improvement" } },
	[SA_CODE_JOINT] = { "joint-draft",
	    "draft Joint Complaint Handling Code", 9, {
	    "Definition of a complaint",
	    "Exclusions",
	    "Accessibility and awareness",
	    "Complaint handling staff",
	    "Complaint handling process",
	    "Complaint stages",
	    "Putting things right",
	    "Self-assessment, reporting and compliance",
	    "Scrutiny and oversight: continuous learning and improvement" } },
};

const char *const sa_answer_names[SA_ANSWER__MAX] = {
	[SA_YES] = "Yes",
	[SA_PARTLY] = "Partly",
	[SA_NO] = "No",
	[SA_NA] = "N/A",
};

const char *const sa_level_keys[SA_LEVEL__MAX] = {
	[SA_LEVEL_NONE] = "",
	[SA_LEVEL_MUST] = "must",
	[SA_LEVEL_SHOULD] = "should",
};

const char *const sa_stage_names[SA_STAGE__MAX] = {
	[SA_STAGE_NONE] = "",
	[SA_STAGE_1] = "Stage 1",
	[SA_STAGE_2] = "Stage 2",
	[SA_STAGE_3] = "Stage 3",
	[SA_STAGE_FURTHER] = "Further stages",
};

/* The settings a sidecar may hold. */
enum setting_key {
	SK_CODE,
	SK_APPROVED,
	SK_GOVERNING_BODY,
	SK_INTRODUCTION,
	SK_ACTIONS,
	SK__MAX
};

static const char *const setting_names[SK__MAX] = {
	[SK_CODE] = "code",
	[SK_APPROVED] = "approved",
	[SK_GOVERNING_BODY] = "governing_body",
	[SK_INTRODUCTION] = "introduction",
	[SK_ACTIONS] = "actions",
};

/* What each action says. */
enum action_key {
	AK_ACTION,
	AK_OWNER,
	AK_DUE,
	AK__MAX
};

static const char *const action_names[AK__MAX] = {
	[AK_ACTION] = "action",
	[AK_OWNER] = "owner",
	[AK_DUE] = "due",
};

static const char *const action_cures[AK__MAX] = {
	[AK_ACTION] = "what you will do to comply",
	[AK_OWNER] = "who is responsible for it",
	[AK_DUE] = "the date it will be done by, as YYYY-MM-DD",
};

int
sa_year_init(struct sa_year *y, int year, const char *csv_file,
    const char *yaml_file)
{
	memset(y, 0, sizeof(*y));
	y->year = year;
	y->code = SA_CODE_2024;
	y->csv_file = strdup(csv_file);
	y->yaml_file = strdup(yaml_file);
	return y->csv_file == NULL || y->yaml_file == NULL ? -1 : 0;
}

void
sa_year_free(struct sa_year *y)
{
	size_t	 i;

	for (i = 0; i < y->n; i++) {
		free(y->v[i].number);
		free(y->v[i].anchor);
		free(y->v[i].requirement);
		free(y->v[i].evidence);
		free(y->v[i].commentary);
	}
	for (i = 0; i < y->nactions; i++) {
		free(y->actions[i].key);
		free(y->actions[i].what);
		free(y->actions[i].owner);
		free(y->actions[i].due);
	}
	free(y->v);
	free(y->actions);
	free(y->csv_file);
	free(y->yaml_file);
	free(y->approved);
	free(y->governing_body);
	free(y->introduction);
	memset(y, 0, sizeof(*y));
}

/* Is s a real calendar date written YYYY-MM-DD (see date_parse)? */
static int
is_date(const char *s)
{
	long	 day;

	return date_parse(s, strlen(s), &day) == DATE_OK;
}

/* The scalar's text if it is a non-empty value; else reports, NULL. */
static const char *
text_value(struct ydoc *yd, const yaml_node_t *node, const char *key)
{
	const char	*v;

	if ((v = ydoc_scalar(yd, node, key)) == NULL)
		return NULL;
	if (*v == '\0') {
		ydoc_error(yd, node, "%s is empty; give it a value or remove "
		    "the line", key);
		return NULL;
	}
	return v;
}

/* Append "a, b and c" from names[0..n). */
static void
name_list(struct buf *out, const char *const *names, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		buf_printf(out, "%s%s", i == 0 ? "" : i + 1 == n ? " and " :
		    ", ", names[i]);
}

/* Find key among names[0..n); reports an unknown or repeated key. */
static int
find_key(struct ydoc *yd, const yaml_node_t *k, const char *key,
    const char *const *names, size_t n, int *seen, const char *what)
{
	struct buf	 known = BUF_INIT;
	size_t		 i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], key) == 0)
			break;
	if (i == n) {
		name_list(&known, names, n);
		ydoc_error(yd, k, "unknown %s '%s'; the known ones are %s",
		    what, key, buf_str(&known));
		buf_free(&known);
		return -1;
	}
	if (seen[i]++) {
		ydoc_error(yd, k, "'%s' is given twice; keep one", key);
		return -1;
	}
	return (int)i;
}

/* Read one entry of actions: (key: {action, owner, due}). */
static int
read_action(struct sa_year *y, struct ydoc *yd, const yaml_node_t *k,
    const yaml_node_t *v)
{
	struct sa_action *a = &y->actions[y->nactions];
	yaml_node_pair_t *pair;
	yaml_node_t	*ak, *av;
	const char	*key, *val;
	char		**slot[AK__MAX];
	int		 seen[AK__MAX] = { 0 }, i, rc = 0;

	if ((key = text_value(yd, k, "provision")) == NULL)
		return -1;
	memset(a, 0, sizeof(*a));
	a->line = k->start_mark.line + 1;
	a->col = k->start_mark.column + 1;
	if ((a->key = strdup(key)) == NULL)
		return -1;
	y->nactions++;
	if (v->type != YAML_MAPPING_NODE) {
		ydoc_error(yd, v, "the action for %s must be three lines, "
		    "action:, owner: and due:, indented under it", key);
		return -1;
	}
	slot[AK_ACTION] = &a->what;
	slot[AK_OWNER] = &a->owner;
	slot[AK_DUE] = &a->due;
	for (pair = v->data.mapping.pairs.start;
	    pair < v->data.mapping.pairs.top; pair++) {
		ak = ydoc_node(yd, pair->key);
		av = ydoc_node(yd, pair->value);
		if ((val = ydoc_scalar(yd, ak, "key")) == NULL ||
		    (i = find_key(yd, ak, val, action_names, AK__MAX, seen,
		    "action setting")) == -1) {
			rc = -1;
			continue;
		}
		if ((val = text_value(yd, av, action_names[i])) == NULL) {
			rc = -1;
			continue;
		}
		if (i == AK_DUE && !is_date(val)) {
			ydoc_error(yd, av, "due is '%s'; write a real date as "
			    "YYYY-MM-DD, such as 2025-03-31", val);
			rc = -1;
			continue;
		}
		if ((*slot[i] = strdup(val)) == NULL)
			return -1;
	}
	for (i = 0; i < AK__MAX; i++)
		if (!seen[i]) {
			ydoc_error(yd, k, "the action for %s has no %s; add "
			    "'%s:' with %s", key, action_names[i],
			    action_names[i], action_cures[i]);
			rc = -1;
		}
	return rc;
}

static int
read_actions(struct sa_year *y, struct ydoc *yd, const yaml_node_t *v)
{
	yaml_node_pair_t *pair;
	size_t		 n;
	int		 rc = 0;

	if (v->type != YAML_MAPPING_NODE) {
		ydoc_error(yd, v, "actions must be provision numbers, each "
		    "with action:, owner: and due: indented under it");
		return -1;
	}
	n = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
	if (n == 0)
		return 0;
	if ((y->actions = calloc(n, sizeof(*y->actions))) == NULL)
		return -1;
	for (pair = v->data.mapping.pairs.start;
	    pair < v->data.mapping.pairs.top; pair++)
		if (read_action(y, yd, ydoc_node(yd, pair->key),
		    ydoc_node(yd, pair->value)) == -1)
			rc = -1;
	return rc;
}

/*
 * Append text with its lines joined as in Markdown: a blank line ends a
 * paragraph, a single line end is a space.
 */
static void
unfold(struct buf *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s != '\n')
			buf_putc(out, *s);
		else if (s[1] == '\n') {
			buf_putc(out, '\n');
			while (s[1] == '\n')
				s++;
		} else
			buf_putc(out, ' ');
	}
}

/* Check and keep one top-level setting. */
static int
read_setting(struct sa_year *y, struct ydoc *yd, enum setting_key key,
    const yaml_node_t *v)
{
	struct buf	 b = BUF_INIT, c = BUF_INIT;
	const char	*val;
	size_t		 i;

	if (key == SK_ACTIONS)
		return read_actions(y, yd, v);
	if ((val = text_value(yd, v, setting_names[key])) == NULL)
		return -1;
	switch (key) {
	case SK_CODE:
		for (i = 0; i < SA_CODE__MAX; i++)
			if (strcmp(val, sa_codes[i].key) == 0)
				break;
		if (i == SA_CODE__MAX) {
			ydoc_error(yd, v, "code is '%s'; use 2022, 2024 or "
			    "joint-draft, the version of the Code the "
			    "self-assessment is made against", val);
			return -1;
		}
		y->code = (enum sa_code)i;
		return 0;
	case SK_APPROVED:
		if (!is_date(val)) {
			ydoc_error(yd, v, "approved is '%s'; write the date "
			    "the governing body approved the self-assessment "
			    "as YYYY-MM-DD, such as %d-06-30", val, y->year);
			return -1;
		}
		if ((val[0] - '0') * 1000 + (val[1] - '0') * 100 +
		    (val[2] - '0') * 10 + (val[3] - '0') != y->year) {
			ydoc_error(yd, v, "approved is %s, but this is the %d "
			    "self-assessment, named by the year it was "
			    "approved in; correct the date, or rename both "
			    "files after the year of approval", val, y->year);
			return -1;
		}
		return (y->approved = strdup(val)) == NULL ? -1 : 0;
	case SK_GOVERNING_BODY:
		return (y->governing_body = strdup(val)) == NULL ? -1 : 0;
	case SK_INTRODUCTION:
		unfold(&b, val);
		celltext_clean(&c, buf_str(&b), b.len);
		buf_free(&b);
		if (c.len == 0)
			return 0;
		return (y->introduction = buf_detach(&c)) == NULL ? -1 : 0;
	case SK_ACTIONS:
	case SK__MAX:
		break;
	}
	return -1;
}

int
sa_read_settings(struct sa_year *y, const char *text, size_t n,
    struct diag *d)
{
	struct ydoc	 yd;
	yaml_node_t	*root, *k, *v;
	yaml_node_pair_t *pair;
	const char	*key;
	int		 seen[SK__MAX] = { 0 }, i, rc = 0;

	if (ydoc_load(&yd, text, n, y->yaml_file, 0, d) == -1) {
		ydoc_free(&yd);
		return -1;
	}
	root = ydoc_root(&yd);
	if (ydoc_expect_map(&yd, root, "the file") == -1) {
		ydoc_free(&yd);
		return -1;
	}
	for (pair = root->data.mapping.pairs.start;
	    pair < root->data.mapping.pairs.top; pair++) {
		k = ydoc_node(&yd, pair->key);
		v = ydoc_node(&yd, pair->value);
		if ((key = ydoc_scalar(&yd, k, "key")) == NULL ||
		    (i = find_key(&yd, k, key, setting_names, SK__MAX, seen,
		    "setting")) == -1 ||
		    read_setting(y, &yd, (enum setting_key)i, v) == -1)
			rc = -1;
	}
	if (!seen[SK_CODE]) {
		diag_error(d, y->yaml_file, 1, 1, "there is no code; add a "
		    "line 'code: 2024' naming the version of the Code "
		    "assessed against (2022, 2024 or joint-draft)");
		rc = -1;
	}
	if (!seen[SK_APPROVED]) {
		diag_error(d, y->yaml_file, 1, 1, "there is no approved date; "
		    "add a line such as 'approved: %d-06-30' with the date the "
		    "governing body approved the self-assessment", y->year);
		rc = -1;
	}
	ydoc_free(&yd);
	return rc;
}

int
sa_link_actions(struct sa_year *y, struct diag *d)
{
	struct sa_provision *p;
	struct sa_action *a;
	size_t		 i, k;
	int		 rc = 0;

	for (i = 0; i < y->n; i++) {
		p = &y->v[i];
		for (k = 0; k < y->nactions; k++) {
			a = &y->actions[k];
			if (a->key == NULL || (strcmp(a->key, p->anchor) != 0 &&
			    (p->number == NULL || strcmp(a->key, p->number) !=
			    0)))
				continue;
			a->used++;
			if (p->action == NULL)
				p->action = a;
		}
		if (p->answer == SA_NO && p->action == NULL) {
			diag_error(d, y->csv_file, p->answer_line,
			    p->answer_col, "comply is 'No', but %d.yaml gives "
			    "no action for %s; add one under 'actions:' with "
			    "action, owner and due, to show the way back to "
			    "compliance",
			    y->year, p->number ? p->number : p->anchor);
			rc = -1;
		}
	}
	for (k = 0; k < y->nactions; k++) {
		a = &y->actions[k];
		if (a->key == NULL)
			continue;
		for (i = 0; i < y->n; i++)
			if (y->v[i].action == a)
				break;
		if (a->used == 0)
			diag_error(d, y->yaml_file, a->line, a->col, "there is "
			    "an action for '%s', but %d.csv has no such "
			    "provision; correct the number or remove the "
			    "action", a->key, y->year);
		else if (a->used > 1 || i == y->n)
			diag_error(d, y->yaml_file, a->line, a->col, "there is "
			    "more than one action for %s; keep one", a->key);
		else if (y->v[i].answer == SA_YES || y->v[i].answer == SA_NA)
			diag_error(d, y->yaml_file, a->line, a->col, "there is "
			    "an action for %s, but %d.csv answers it '%s'; "
			    "remove the action, or correct the answer", a->key,
			    y->year, sa_answer_names[y->v[i].answer]);
		else
			continue;
		rc = -1;
	}
	return rc;
}

void
sa_count(const struct sa_year *y, size_t counts[SA_ANSWER__MAX])
{
	size_t	 i;

	for (i = 0; i < SA_ANSWER__MAX; i++)
		counts[i] = 0;
	for (i = 0; i < y->n; i++)
		counts[y->v[i].answer]++;
}

/* Append s[0..n) as one CSV field, quoted when it must be. */
static void
put_field(struct buf *o, const char *s, size_t n)
{
	size_t	 i;

	if (n > 0 && strcspn(s, ",\"\r\n") == n && s[0] != ' ' &&
	    s[n - 1] != ' ') {
		buf_put(o, s, n);
		return;
	}
	if (n == 0)
		return;
	buf_putc(o, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(o, '"');
		if (s[i] == '\n')
			buf_putc(o, '\r');
		buf_putc(o, s[i]);
	}
	buf_putc(o, '"');
}

static void
put_text_field(struct buf *o, const char *clean)
{
	struct buf	 plain = BUF_INIT;

	celltext_plain(&plain, clean);
	put_field(o, buf_str(&plain), plain.len);
	if (plain.err)
		o->err = 1;
	buf_free(&plain);
}

void
sa_write_csv(struct buf *o, const struct sa_year *y)
{
	const struct sa_provision *p;
	size_t	 i;

	buf_puts(o, "\xef\xbb\xbfsection,provision,level,requirement,comply,"
	    "evidence,commentary\r\n");
	for (i = 0; i < y->n; i++) {
		p = &y->v[i];
		buf_printf(o, "%d,", p->section);
		if (p->number != NULL)
			put_field(o, p->number, strlen(p->number));
		buf_printf(o, ",%s,", sa_level_keys[p->level]);
		put_text_field(o, p->requirement);
		buf_printf(o, ",%s,", sa_answer_names[p->answer]);
		put_text_field(o, p->evidence);
		buf_putc(o, ',');
		put_text_field(o, p->commentary);
		buf_puts(o, "\r\n");
	}
}
