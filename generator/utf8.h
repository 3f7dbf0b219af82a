/* utf8: validation of untrusted text. */
#ifndef CANDOUR_UTF8_H
#define CANDOUR_UTF8_H

#include <stddef.h>

/*
 * Check that s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, no
 * code points past U+10FFFF) and holds no NUL byte. Returns n when it is,
 * else the offset of the first bad byte.
 */
size_t	 utf8_check(const char *s, size_t n);

/* The 1-based line and column (in characters) of offset off in s. */
void	 utf8_position(const char *s, size_t off, size_t *line, size_t *col);

#endif
