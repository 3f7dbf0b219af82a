/*
 * strmap: a small open-addressing hash map from strings to counts, for
 * de-duplicating heading ids in time linear in the number of headings.
 */
#ifndef CANDOUR_STRMAP_H
#define CANDOUR_STRMAP_H

#include <stddef.h>

struct strmap {
	char	**keys;		/* owned copies; NULL for an empty slot */
	size_t	 *values;
	size_t	  n;		/* keys stored */
	size_t	  cap;		/* slots: 0 or a power of two */
};

/* The value stored for key, or NULL if key is absent. */
size_t	*strmap_get(const struct strmap *, const char *key);
/* Store value for key (copied), replacing any value. 0 or -1 (memory). */
int	 strmap_put(struct strmap *, const char *key, size_t value);
void	 strmap_free(struct strmap *);

#endif
