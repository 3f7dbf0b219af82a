#include <stdarg.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "yamldoc.h"

int
ydoc_load(struct ydoc *y, const char *text, size_t n, const char *file,
    size_t line0, struct diag *d)
{
	yaml_parser_t	 p;
	int		 rc = 0;

	memset(y, 0, sizeof(*y));
	y->file = file;
	y->line0 = line0;
	y->diag = d;
	if (!yaml_parser_initialize(&p)) {
		diag_error(d, file, 0, 0, "out of memory reading YAML");
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
	if (!yaml_parser_load(&p, &y->doc)) {
		/* A construct that spans lines is reported where it began. */
		const yaml_mark_t *m = p.context ? &p.context_mark :
		    &p.problem_mark;
		diag_error(d, file, line0 + m->line + 1, m->column + 1,
		    "YAML error: %s%s%s; check the indentation, and put text "
		    "that contains ':' or '#' in quotes",
		    p.problem ? p.problem : "unknown problem",
		    p.context ? " " : "", p.context ? p.context : "");
		rc = -1;
	} else
		y->loaded = 1;
	yaml_parser_delete(&p);
	return rc;
}

void
ydoc_free(struct ydoc *y)
{
	if (y->loaded)
		yaml_document_delete(&y->doc);
	y->loaded = 0;
}

yaml_node_t *
ydoc_root(struct ydoc *y)
{
	return y->loaded ? yaml_document_get_root_node(&y->doc) : NULL;
}

yaml_node_t *
ydoc_node(struct ydoc *y, int index)
{
	return yaml_document_get_node(&y->doc, index);
}

void
ydoc_error(struct ydoc *y, const yaml_node_t *node, const char *fmt, ...)
{
	struct buf	 msg = BUF_INIT;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diag_error(y->diag, y->file, y->line0 + node->start_mark.line + 1,
	    node->start_mark.column + 1, "%s", buf_str(&msg));
	buf_free(&msg);
}

const char *
ydoc_scalar(struct ydoc *y, const yaml_node_t *node, const char *key)
{
	if (node->type != YAML_SCALAR_NODE) {
		ydoc_error(y, node, "'%s' must be a single value, not a "
		    "list or a group", key);
		return NULL;
	}
	return (const char *)node->data.scalar.value;
}

int
ydoc_expect_map(struct ydoc *y, const yaml_node_t *node, const char *what)
{
	if (node == NULL || node->type != YAML_MAPPING_NODE) {
		if (node == NULL)
			diag_error(y->diag, y->file, y->line0 + 1, 1,
			    "%s is empty; write 'key: value' lines", what);
		else
			ydoc_error(y, node, "%s must be 'key: value' lines",
			    what);
		return -1;
	}
	return 0;
}
