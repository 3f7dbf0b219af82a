/*
 * html: the escaping writer. Every byte of text that reaches a page goes
 * through html_text or html_attr; raw markup has its own, conspicuous
 * buf_puts call in the layout.
 */
#ifndef CANDOUR_HTML_H
#define CANDOUR_HTML_H

#include <stddef.h>

struct buf;

/* Append s escaped for element content (& < > escaped). */
void	 html_text(struct buf *, const char *s, size_t n);
void	 html_texts(struct buf *, const char *s);
/* Append s escaped for a double-quoted attribute value (& < > " '). */
void	 html_attr(struct buf *, const char *s, size_t n);
void	 html_attrs(struct buf *, const char *s);
/* Append a URL for an href or src attribute: percent-encodes bytes that are
 * not allowed in a URL and escapes the rest as html_attr does. */
void	 html_url(struct buf *, const char *s);
/* Append s escaped for XML text (sitemap.xml). */
void	 html_xml(struct buf *, const char *s);

#endif
