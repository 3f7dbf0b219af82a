/*
 * yamldoc: YAML documents (site.yaml, i18n files, front matter) read with
 * libyaml into a node tree, with errors that name file, line and column.
 */
#ifndef CANDOUR_YAMLDOC_H
#define CANDOUR_YAMLDOC_H

#include <stddef.h>
#include <yaml.h>

struct diag;

struct ydoc {
	yaml_document_t	 doc;
	int		 loaded;	/* doc must be deleted */
	const char	*file;		/* for messages; not owned */
	size_t		 line0;		/* lines before the text in the file */
	struct diag	*diag;
};

/*
 * Parse text[0..n) as one YAML document. line0 is the number of lines of the
 * file before text (front matter starts after its "---" line). Returns 0, or
 * -1 after reporting the error. Call ydoc_free in both cases.
 */
int	 ydoc_load(struct ydoc *, const char *text, size_t n, const char *file,
	    size_t line0, struct diag *);
void	 ydoc_free(struct ydoc *);

yaml_node_t *ydoc_root(struct ydoc *);
yaml_node_t *ydoc_node(struct ydoc *, int index);

/* Report an error at node's position. */
void	 ydoc_error(struct ydoc *, const yaml_node_t *, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* The scalar's text, or NULL after reporting "KEY must be text" at node. */
const char *ydoc_scalar(struct ydoc *, const yaml_node_t *, const char *key);

/* Checks that the root is a mapping; reports and returns -1 otherwise. */
int	 ydoc_expect_map(struct ydoc *, const yaml_node_t *, const char *what);

#endif
