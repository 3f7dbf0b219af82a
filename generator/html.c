#include <string.h>

#include "buf.h"
#include "html.h"

/*
 * Copy runs of bytes that need no escaping in one go; escape the rest.
 * quotes selects attribute escaping.
 */
static void
escape(struct buf *b, const char *s, size_t n, int quotes)
{
	size_t	 i, run = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = quotes ? "&quot;" : NULL;
			break;
		case '\'':
			rep = quotes ? "&#39;" : NULL;
			break;
		default:
			rep = NULL;
			break;
		}
		if (rep == NULL)
			continue;
		buf_put(b, s + run, i - run);
		buf_puts(b, rep);
		run = i + 1;
	}
	buf_put(b, s + run, n - run);
}

void
html_text(struct buf *b, const char *s, size_t n)
{
	escape(b, s, n, 0);
}

void
html_texts(struct buf *b, const char *s)
{
	escape(b, s, strlen(s), 0);
}

void
html_attr(struct buf *b, const char *s, size_t n)
{
	escape(b, s, n, 1);
}

void
html_attrs(struct buf *b, const char *s)
{
	escape(b, s, strlen(s), 1);
}

void
html_url(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\' || *p == '^' || *p == '`' ||
		    *p == '{' || *p == '|' || *p == '}') {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		} else if (*p == '&')
			buf_puts(b, "&amp;");
		else if (*p == '\'')
			buf_puts(b, "&#39;");
		else
			buf_putc(b, (char)*p);
	}
}

void
html_xml(struct buf *b, const char *s)
{
	escape(b, s, strlen(s), 1);
}
