#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/*
 * Make room for n more bytes and the NUL. Returns 0, or -1 with err set
 * (then nothing may be written).
 */
static int
buf_reserve(struct buf *b, size_t n)
{
	size_t	 max = b->max ? b->max : BUF_MAX_DEFAULT;
	size_t	 need, cap;
	char	*p;

	if (b->err)
		return -1;
	if (n > max || b->len > max - n) {
		b->err = 1;
		return -1;
	}
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	if ((p = realloc(b->data, cap)) == NULL) {
		b->err = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void
buf_put(struct buf *b, const char *s, size_t n)
{
	if (buf_reserve(b, n) == -1)
		return;
	if (n > 0)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_put(b, &c, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 copy;
	int	 n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0) {
		b->err = 1;
		return;
	}
	if (buf_reserve(b, (size_t)n) == -1)
		return;
	(void)vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_set(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	buf_truncate(b, 0);
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

const char *
buf_str(const struct buf *b)
{
	return b->data ? b->data : "";
}

char *
buf_detach(struct buf *b)
{
	char	*p;

	if (b->err) {
		buf_free(b);
		return NULL;
	}
	if (b->data == NULL && buf_reserve(b, 0) == -1)
		return NULL;
	if (b->data != NULL && b->len == 0)
		b->data[0] = '\0';
	p = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->err = 0;
}
