#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "celltext.h"
#include "html.h"

#define LIST_DEPTH_MAX 8	/* nested lists kept apart; deeper ones merge */
#define ENTITY_MAX 10		/* bytes between '&' and ';' */

/* The tags that mean something; every other tag is dropped. */
enum tag {
	TAG_P,
	TAG_BR,
	TAG_UL,
	TAG_OL,
	TAG_LI,
	TAG_I,
	TAG_EM,
	TAG_B,
	TAG_STRONG,
	TAG_HR,
	TAG__MAX,
	TAG_OTHER = TAG__MAX
};

static const char *const tag_names[TAG__MAX] = {
	[TAG_P] = "p",
	[TAG_BR] = "br",
	[TAG_UL] = "ul",
	[TAG_OL] = "ol",
	[TAG_LI] = "li",
	[TAG_I] = "i",
	[TAG_EM] = "em",
	[TAG_B] = "b",
	[TAG_STRONG] = "strong",
	[TAG_HR] = "hr",
};

/* Entities Word and web pages use; &#N; and &#xH; are decoded too. */
static const struct {
	const char	*name;
	const char	*utf8;
} entities[] = {
	{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
	{ "apos", "'" }, { "nbsp", "\xc2\xa0" }, { "ndash", "\xe2\x80\x93" },
	{ "mdash", "\xe2\x80\x94" }, { "lsquo", "\xe2\x80\x98" },
	{ "rsquo", "\xe2\x80\x99" }, { "ldquo", "\xe2\x80\x9c" },
	{ "rdquo", "\xe2\x80\x9d" }, { "hellip", "\xe2\x80\xa6" },
	{ "bull", "\xe2\x80\xa2" }, { "pound", "\xc2\xa3" },
};

/* Leaders of a bulleted line in a plain-text cell. */
static const char *const bullets[] = { "\xe2\x80\xa2", "\xe2\x97\xa6",
    "\xe2\x96\xaa", "\xe2\x96\xa0", "\xe2\x97\x8f", "-", "*" };

struct clean {
	struct buf	*out;
	char		 kind;		/* the kind of the next block */
	int		 in_block;	/* a block is open in out */
	int		 space;		/* a space is due before more text */
	int		 brk;		/* a line break is due before it */
	int		 want_em;	/* the tags ask for emphasis here */
	int		 want_strong;
	char		 open[2];	/* emphasis open in out, outer first */
	size_t		 nopen;
	char		 lists[LIST_DEPTH_MAX]; /* open lists' item kinds */
	size_t		 nlists;
	size_t		 nlists_deep;	/* lists open past LIST_DEPTH_MAX */
	int		 no_comment_end; /* no "-->" after this point */
};

/* The length of the UTF-8 sequence at s[0..n), and its code point. */
static size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t	 len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	if (len == 0 || len > n) {
		*cp = UINT32_MAX;	/* not UTF-8: dropped */
		return 1;
	}
	*cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = UINT32_MAX;
			return 1;
		}
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	return len;
}

/* Characters a page must not hold: controls and non-characters. */
static int
forbidden(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
	    (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff;
}

static int
is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f' || cp == '\v' || cp == 0xa0;
}

static char
default_kind(const struct clean *c)
{
	return c->nlists > 0 ? c->lists[c->nlists - 1] : CELLTEXT_PARA;
}

/* Close emphasis from the innermost out to index from. */
static void
close_from(struct clean *c, size_t from)
{
	while (c->nopen > from) {
		c->nopen--;
		buf_putc(c->out, c->open[c->nopen] == CELLTEXT_EM_ON ?
		    CELLTEXT_EM_OFF : CELLTEXT_STRONG_OFF);
	}
}

/* Close the emphasis the tags no longer ask for (and any inside it). */
static void
close_unwanted(struct clean *c)
{
	size_t	 i;

	for (i = 0; i < c->nopen; i++)
		if ((c->open[i] == CELLTEXT_EM_ON && !c->want_em) ||
		    (c->open[i] == CELLTEXT_STRONG_ON && !c->want_strong)) {
			close_from(c, i);
			break;
		}
}

/* Open the emphasis the tags ask for that is not open yet. */
static void
open_wanted(struct clean *c)
{
	size_t	 i;
	int	 have_em = 0, have_strong = 0;

	for (i = 0; i < c->nopen; i++) {
		have_em |= c->open[i] == CELLTEXT_EM_ON;
		have_strong |= c->open[i] == CELLTEXT_STRONG_ON;
	}
	if (c->want_em && !have_em) {
		buf_putc(c->out, CELLTEXT_EM_ON);
		c->open[c->nopen++] = CELLTEXT_EM_ON;
	}
	if (c->want_strong && !have_strong) {
		buf_putc(c->out, CELLTEXT_STRONG_ON);
		c->open[c->nopen++] = CELLTEXT_STRONG_ON;
	}
}

static void
end_block(struct clean *c)
{
	close_from(c, 0);
	c->in_block = c->space = c->brk = 0;
	c->kind = default_kind(c);
}

/* Append one character of text, opening a block first if need be. */
static void
put_text(struct clean *c, const char *s, size_t n)
{
	if (!c->in_block) {
		buf_putc(c->out, c->kind);
		c->in_block = 1;
	} else {
		close_unwanted(c);
		if (c->brk)
			buf_putc(c->out, CELLTEXT_BREAK);
		else if (c->space)
			buf_putc(c->out, ' ');
	}
	c->space = c->brk = 0;
	open_wanted(c);
	buf_put(c->out, s, n);
}

static void
put_space(struct clean *c)
{
	if (c->in_block)
		c->space = 1;
}

/* Append the character at s (text, not markup); returns its length. */
static size_t
put_char(struct clean *c, const char *s, size_t n)
{
	uint32_t cp;
	size_t	 len = utf8_next((const unsigned char *)s, n, &cp);

	if (is_space_cp(cp))
		put_space(c);
	else if (!forbidden(cp))
		put_text(c, s, len);
	return len;
}

static int
is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == ':' || ch == '-';
}

/*
 * If s[0..n) starts with a tag ("<name ...>", "</name>", "<!...>"), set
 * *which, *closing and return its length; else 0 (a '<' that is text). A
 * tag ends at the first '>' and never contains another '<'.
 */
static size_t
parse_tag(const char *s, size_t n, enum tag *which, int *closing)
{
	size_t	 i = 1, name, name_len, k;

	*closing = 0;
	*which = TAG_OTHER;
	if (i < n && s[i] == '/') {
		*closing = 1;
		i++;
	}
	name = i;
	if (i < n && s[i] == '!' && !*closing)
		i++;
	else if (i < n && ((s[i] >= 'a' && s[i] <= 'z') ||
	    (s[i] >= 'A' && s[i] <= 'Z')))
		while (i < n && is_name_char(s[i]))
			i++;
	else
		return 0;
	name_len = i - name;
	if (i < n && s[i] != '>' && s[i] != '/' && s[i] != ' ' &&
	    s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[name] != '!')
		return 0;
	while (i < n && s[i] != '>' && s[i] != '<')
		i++;
	if (i == n || s[i] != '>')
		return 0;
	for (k = 0; k < TAG__MAX; k++)
		if (strlen(tag_names[k]) == name_len &&
		    strncasecmp(s + name, tag_names[k], name_len) == 0)
			*which = (enum tag)k;
	return i + 1;
}

/*
 * Is the cell HTML: does it use a tag that means something, close any tag
 * or hold a comment? "<Insert name>" alone is text.
 */
static int
is_html(const char *s, size_t n)
{
	enum tag which;
	int	 closing;
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] == '<' && parse_tag(s + i, n - i, &which, &closing) >
		    0 && (which != TAG_OTHER || closing || s[i + 1] == '!'))
			return 1;
	return 0;
}

static void
apply_tag(struct clean *c, enum tag which, int closing)
{
	switch (which) {
	case TAG_P:
	case TAG_HR:
		end_block(c);
		break;
	case TAG_BR:
		if (c->in_block)
			c->brk = 1;
		break;
	case TAG_UL:
	case TAG_OL:
		if (closing) {
			if (c->nlists_deep > 0)
				c->nlists_deep--;
			else if (c->nlists > 0)
				c->nlists--;
		} else if (c->nlists == LIST_DEPTH_MAX)
			c->nlists_deep++;
		else
			c->lists[c->nlists++] = which == TAG_UL ?
			    CELLTEXT_ITEM : CELLTEXT_NUMBERED;
		end_block(c);
		break;
	case TAG_LI:
		end_block(c);
		if (!closing)
			c->kind = c->nlists > 0 ? c->lists[c->nlists - 1] :
			    CELLTEXT_ITEM;
		break;
	case TAG_I:
	case TAG_EM:
		c->want_em = !closing;
		break;
	case TAG_B:
	case TAG_STRONG:
		c->want_strong = !closing;
		break;
	case TAG_OTHER:
		break;
	}
}

/* Append the UTF-8 for code point cp, if it may appear in text. */
static void
put_code_point(struct clean *c, uint32_t cp)
{
	char	 u[4];
	size_t	 n;

	if (is_space_cp(cp)) {
		put_space(c);
		return;
	}
	if (forbidden(cp))
		return;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	put_text(c, u, n);
}

/* If s[0..n) starts with an entity, append what it stands for and return
 * its length; else 0 (an '&' that is text). */
static size_t
put_entity(struct clean *c, const char *s, size_t n)
{
	size_t	 end, i;
	uint32_t cp = 0;
	int	 hex;

	for (end = 1; end < n && end <= ENTITY_MAX && s[end] != ';'; end++)
		;
	if (end >= n || s[end] != ';' || end < 2)
		return 0;
	if (s[1] == '#') {
		hex = end > 2 && (s[2] == 'x' || s[2] == 'X');
		i = hex ? 3 : 2;
		if (i == end)
			return 0;
		for (; i < end; i++) {
			if (s[i] >= '0' && s[i] <= '9')
				cp = cp * (hex ? 16 : 10) +
				    (uint32_t)(s[i] - '0');
			else if (hex && ((s[i] | 0x20) >= 'a' &&
			    (s[i] | 0x20) <= 'f'))
				cp = cp * 16 +
				    (uint32_t)((s[i] | 0x20) - 'a' + 10);
			else
				return 0;
			if (cp > 0x10ffff)
				return 0;
		}
		put_code_point(c, cp);
		return end + 1;
	}
	for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++)
		if (strlen(entities[i].name) == end - 1 &&
		    memcmp(s + 1, entities[i].name, end - 1) == 0) {
			if (strcmp(entities[i].name, "nbsp") == 0)
				put_space(c);
			else
				put_text(c, entities[i].utf8,
				    strlen(entities[i].utf8));
			return end + 1;
		}
	return 0;
}

static void
clean_html(struct clean *c, const char *s, size_t n)
{
	const char *end;
	enum tag which;
	size_t	 i = 0, len;
	int	 closing;

	while (i < n) {
		if (s[i] == '<' && n - i >= 4 &&
		    memcmp(s + i, "<!--", 4) == 0 && !c->no_comment_end) {
			end = memmem(s + i + 4, n - i - 4, "-->", 3);
			if (end != NULL) {
				i = (size_t)(end - s) + 3;
				continue;
			}
			c->no_comment_end = 1;
		}
		if (s[i] == '<' && (len = parse_tag(s + i, n - i, &which,
		    &closing)) > 0) {
			apply_tag(c, which, closing);
			i += len;
		} else if (s[i] == '&' && (len = put_entity(c, s + i, n - i)) >
		    0)
			i += len;
		else
			i += put_char(c, s + i, n - i);
	}
	end_block(c);
}

/* The length of a bullet and the space after it at the start of s, or 0. */
static size_t
bullet_len(const char *s, size_t n)
{
	size_t	 i, b;

	for (i = 0; i < sizeof(bullets) / sizeof(bullets[0]); i++) {
		b = strlen(bullets[i]);
		if (n > b && memcmp(s, bullets[i], b) == 0 &&
		    (s[b] == ' ' || s[b] == '\t'))
			return b + 1;
	}
	return 0;
}

static void
clean_plain(struct clean *c, const char *s, size_t n)
{
	size_t	 i = 0, eol, b, len;

	while (i < n) {
		for (eol = i; eol < n && s[eol] != '\n' && s[eol] != '\r';
		    eol++)
			;
		while (i < eol && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if ((b = bullet_len(s + i, eol - i)) > 0) {
			c->kind = CELLTEXT_ITEM;
			i += b;
		} else
			c->kind = CELLTEXT_PARA;
		while (i < eol)
			if (s[i] == '&' &&
			    (len = put_entity(c, s + i, eol - i)) > 0)
				i += len;
			else
				i += put_char(c, s + i, eol - i);
		end_block(c);
		i = eol < n ? eol + 1 : eol;
	}
}

void
celltext_clean(struct buf *out, const char *s, size_t n)
{
	struct clean	 c;

	memset(&c, 0, sizeof(c));
	c.out = out;
	c.kind = CELLTEXT_PARA;
	if (is_html(s, n))
		clean_html(&c, s, n);
	else
		clean_plain(&c, s, n);
}

static int
is_block(char ch)
{
	return ch == CELLTEXT_PARA || ch == CELLTEXT_ITEM ||
	    ch == CELLTEXT_NUMBERED;
}

/* Append one block's contents, s up to the next block or the end. */
static const char *
html_inline(struct buf *out, const char *s)
{
	size_t	 run;

	while (*s != '\0' && !is_block(*s)) {
		switch (*s) {
		case CELLTEXT_EM_ON:
			buf_puts(out, "<em>");
			s++;
			continue;
		case CELLTEXT_EM_OFF:
			buf_puts(out, "</em>");
			s++;
			continue;
		case CELLTEXT_STRONG_ON:
			buf_puts(out, "<strong>");
			s++;
			continue;
		case CELLTEXT_STRONG_OFF:
			buf_puts(out, "</strong>");
			s++;
			continue;
		case CELLTEXT_BREAK:
			buf_puts(out, "<br>");
			s++;
			continue;
		default:
			break;
		}
		for (run = 0; (unsigned char)s[run] >= 0x20; run++)
			;
		html_text(out, s, run);
		s += run;
		if (run == 0 && *s != '\0' && !is_block(*s) &&
		    (unsigned char)*s > CELLTEXT_BREAK)
			s++;	/* not produced by cleaning; skip it */
	}
	return s;
}

void
celltext_html(struct buf *out, const char *s, int inline_ok)
{
	const char	*p;
	char		 list = 0;
	size_t		 nblocks = 0;

	for (p = s; *p != '\0'; p++)
		nblocks += is_block(*p);
	if (inline_ok && nblocks == 1 && *s == CELLTEXT_PARA) {
		(void)html_inline(out, s + 1);
		return;
	}
	while (*s != '\0') {
		char kind = *s++;
		if (list != 0 && kind != list) {
			buf_puts(out, list == CELLTEXT_ITEM ? "</ul>\n" :
			    "</ol>\n");
			list = 0;
		}
		if (kind == CELLTEXT_PARA) {
			buf_puts(out, "<p>");
			s = html_inline(out, s);
			buf_puts(out, "</p>\n");
			continue;
		}
		if (list == 0) {
			buf_puts(out, kind == CELLTEXT_ITEM ? "<ul>\n" :
			    "<ol>\n");
			list = kind;
		}
		buf_puts(out, "<li>");
		s = html_inline(out, s);
		buf_puts(out, "</li>\n");
	}
	if (list != 0)
		buf_puts(out, list == CELLTEXT_ITEM ? "</ul>\n" : "</ol>\n");
}

void
celltext_plain(struct buf *out, const char *s)
{
	int	 first = 1, number = 0;
	char	 kind;

	while (*s != '\0') {
		kind = *s++;
		if (!first)
			buf_putc(out, '\n');
		first = 0;
		if (kind == CELLTEXT_ITEM)
			buf_puts(out, "\xe2\x80\xa2 ");
		if (kind == CELLTEXT_NUMBERED)
			buf_printf(out, "%d. ", ++number);
		else
			number = 0;
		for (; *s != '\0' && !is_block(*s); s++) {
			if (*s == CELLTEXT_BREAK)
				buf_putc(out, '\n');
			else if ((unsigned char)*s >= 0x20)
				buf_putc(out, *s);
		}
	}
}
