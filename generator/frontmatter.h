/*
 * frontmatter: the YAML block between "---" lines at the top of a page,
 * split from the Markdown body and checked against the known keys.
 */
#ifndef CANDOUR_FRONTMATTER_H
#define CANDOUR_FRONTMATTER_H

#include <stddef.h>

struct diag;

struct page_meta {
	char	*title;		/* required, non-empty */
	char	*description;	/* or NULL */
	char	*lang;		/* or NULL: the site's language */
	char	*section;	/* or NULL */
	char	*updated;	/* YYYY-MM-DD, a real date, or NULL */
	long	 order;		/* meaningful when has_order */
	int	 has_order;
	int	 easy_read;
};

/*
 * Find the front matter in text[0..n). On success sets *yaml and *yaml_len to
 * the YAML between the fences, *body to the offset of the Markdown after the
 * closing fence and *body_line0 to the number of lines before it, and returns
 * 0. Without front matter, reports it at file and returns -1.
 */
int	 frontmatter_split(const char *text, size_t n, const char *file,
	    struct diag *, size_t *yaml, size_t *yaml_len, size_t *body,
	    size_t *body_line0);

/*
 * Parse and check the YAML (line0: lines of the file before it). Returns 0,
 * or -1 after reporting every error. frontmatter_free frees in both cases.
 */
int	 frontmatter_parse(struct page_meta *, const char *yaml, size_t n,
	    const char *file, size_t line0, struct diag *);
void	 frontmatter_free(struct page_meta *);

#endif
