/*
 * buf: the one growable byte buffer of candour.
 *
 * Invariants: data is NUL-terminated whenever data is not NULL; len never
 * exceeds max; once an allocation fails or max would be exceeded, err is set
 * and every later write is a no-op (a sticky error, checked once at the end).
 */
#ifndef CANDOUR_BUF_H
#define CANDOUR_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* the bytes, NUL-terminated; NULL until the first write */
	size_t	 len;	/* bytes used, not counting the NUL */
	size_t	 cap;	/* bytes allocated */
	size_t	 max;	/* the most len may reach; 0 means BUF_MAX_DEFAULT */
	int	 err;	/* sticky: set on allocation failure or overflow of max */
};

#define BUF_MAX_DEFAULT ((size_t)256 * 1024 * 1024)

/* A struct buf initialised with BUF_INIT is empty and ready; buf_free frees it. */
#define BUF_INIT { NULL, 0, 0, 0, 0 }

void	 buf_put(struct buf *, const char *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* Replace the contents with the formatted text (a message in why). */
void	 buf_set(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_truncate(struct buf *, size_t);
const char *buf_str(const struct buf *);	/* "" when empty; never NULL */
char	*buf_detach(struct buf *);		/* caller frees; NULL on err */
void	 buf_free(struct buf *);

#endif
